import { ApiError, type ApiClient } from '../api';
import { outcomeOf, ownerKey, type QueuedPhoto, type RecordError } from './records';
import type { OutboxStore } from './store';

/*
 * Sends the outbox: each queued submission (then its photos), each queued rectification (its
 * photos first). Run by the page when it is open and online, and by the service worker on a
 * Background Sync event; a lock keeps the two from sending the same photo twice. A submission
 * keeps the id it got when first saved, so a resend after a lost answer is the API's 200 replay,
 * never a second submission. Nothing is dropped: a refusal stays in the outbox with its error.
 */

export interface UploadTarget {
  url: string;
  fields: Record<string, string>;
}

/** Posts one file to a presigned POST; rejects with an ApiError (status 0 when the network failed). */
export type Uploader = (target: UploadTarget, blob: Blob, onProgress?: (fraction: number) => void) => Promise<void>;

export interface SendOptions {
  api: ApiClient;
  store: OutboxStore;
  upload: Uploader;
  now?: () => Date;
  /** Upload progress of one photo (0–1), for the progress bars. */
  onProgress?: (photoLocalId: string, fraction: number) => void;
  /** Called after every change to a record, so open screens refresh. */
  onChange?: () => void;
  /**
   * The signed-in school: records saved for another school (a phone handed over with a new login
   * link) wait for that school's link and are never sent with this token.
   */
  owner?: string;
}

export interface SendReport {
  /** Submissions the API now holds (201, or 200: already held). */
  sent: string[];
  /** Records left queued for a later try (no network, server fault). */
  retry: number;
  /** Records that wait for the user (refused or in conflict). */
  needsUser: number;
  signedOut: boolean;
}

class SignedOut extends Error {}

function errorOf(error: unknown, now: Date): RecordError {
  if (error instanceof ApiError)
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      at: now.toISOString(),
    };
  return { status: 0, code: 'UNKNOWN', message: (error as Error)?.message ?? String(error), at: now.toISOString() };
}

function statusOf(error: unknown): number {
  return error instanceof ApiError ? error.status : 0;
}

/**
 * A submission or rectification the API did not take, as it is kept: queued again for a later
 * try (no network, server fault), in conflict, or refused. A 401 ends the whole run.
 */
function notTaken<R extends { attempts: number }>(record: R, error: unknown, now: Date) {
  const outcome = outcomeOf(statusOf(error));
  if (outcome === 'signed-out') throw new SignedOut();
  const state = outcome === 'retry' ? 'queued' : outcome === 'conflict' ? 'conflict' : 'rejected';
  return { ...record, state, attempts: record.attempts + 1, lastError: errorOf(error, now) } as const;
}

function countNotTaken(record: { state: 'queued' | 'conflict' | 'rejected' }, report: SendReport): void {
  if (record.state === 'queued') report.retry += 1;
  else report.needsUser += 1;
}

interface PhotoGrant {
  photo: { photoId: string };
  upload: UploadTarget;
}

/** Uploads the queued photos of one owner; true when none is left queued. */
async function sendPhotos(options: SendOptions, key: string, grantPath: string, report: SendReport): Promise<boolean> {
  const now = options.now ?? (() => new Date());
  const photos = await options.store.photosOf(key);
  let allDone = true;
  for (const photo of photos) {
    if (photo.state !== 'queued') continue;
    try {
      if (!photo.blob) throw new ApiError(0, 'PHOTO_LOST', 'the photo file is no longer on this device');
      const grant = await options.api.post<PhotoGrant>(grantPath, {
        contentType: photo.contentType,
        bytes: photo.bytes,
      });
      await options.upload(grant.upload, photo.blob, (fraction) => options.onProgress?.(photo.localId, fraction));
      const uploaded: QueuedPhoto = {
        ...photo,
        state: 'uploaded',
        photoId: grant.photo.photoId,
        attempts: photo.attempts + 1,
      };
      delete uploaded.blob;
      delete uploaded.lastError;
      await options.store.putPhoto(uploaded);
    } catch (error) {
      const outcome = outcomeOf(statusOf(error));
      if (outcome === 'signed-out') throw new SignedOut();
      // An upload S3 refused (403: the grant expired) is asked for again next time, like a network failure.
      const keep = outcome === 'retry' || (error instanceof ApiError && error.code.startsWith('UPLOAD_'));
      await options.store.putPhoto({
        ...photo,
        state: keep ? 'queued' : 'rejected',
        attempts: photo.attempts + 1,
        lastError: errorOf(error, now()),
      });
      if (keep) report.retry += 1;
      else report.needsUser += 1;
      allDone = false;
    }
    options.onChange?.();
  }
  return allDone;
}

async function sendAll(options: SendOptions, report: SendReport): Promise<void> {
  const { api, store } = options;
  const now = options.now ?? (() => new Date());
  const mine = (record: { owner?: string }) => !record.owner || !options.owner || record.owner === options.owner;
  for (const record of await store.submissions()) {
    if (!mine(record)) continue;
    if (record.state === 'queued') {
      const { submissionId, formType, formVersion, date, answers, note, supersedes } = record;
      const body = {
        submissionId,
        formType,
        formVersion,
        date,
        answers,
        ...(note ? { note } : {}),
        ...(supersedes ? { supersedes } : {}),
      };
      try {
        const response = await api.post<{ submission?: unknown; hazards?: unknown[] }>('/v1/submissions', body);
        const sent = {
          ...record,
          state: 'sent' as const,
          attempts: record.attempts + 1,
          response,
          sentAt: now().toISOString(),
        };
        delete sent.lastError;
        await store.putSubmission(sent);
        report.sent.push(submissionId);
      } catch (error) {
        const failed = notTaken(record, error, now());
        await store.putSubmission(failed);
        countNotTaken(failed, report);
        options.onChange?.();
        continue;
      }
      options.onChange?.();
    }
    if (record.state === 'queued' || record.state === 'sent') {
      await sendPhotos(
        options,
        ownerKey({ kind: 'submission', id: record.submissionId }),
        `/v1/submissions/${encodeURIComponent(record.submissionId)}/photos`,
        report,
      );
    }
  }
  for (const record of await store.rectifications()) {
    if (record.state !== 'queued' || !mine(record)) continue;
    const key = ownerKey({ kind: 'hazard', id: record.hazardId, rectification: record.localId });
    const ready = await sendPhotos(options, key, `/v1/hazards/${encodeURIComponent(record.hazardId)}/photos`, report);
    if (!ready) continue;
    const photoIds = (await store.photosOf(key))
      .filter((photo) => photo.photoId && (photo.owner as { rectification?: string }).rectification === record.localId)
      .map((photo) => photo.photoId as string);
    try {
      await api.post(`/v1/hazards/${encodeURIComponent(record.hazardId)}/rectification`, {
        note: record.note,
        ...(photoIds.length ? { photoIds } : {}),
      });
      const sent = { ...record, state: 'sent' as const, attempts: record.attempts + 1, sentAt: now().toISOString() };
      delete sent.lastError;
      await store.putRectification(sent);
    } catch (error) {
      const failed = notTaken(record, error, now());
      await store.putRectification(failed);
      countNotTaken(failed, report);
    }
    options.onChange?.();
  }
}

let chain: Promise<unknown> = Promise.resolve();

/** Runs `task` alone: across the page and the service worker with the Web Locks API, else within this context. */
function exclusively<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks?.request) return locks.request('houqin-outbox', task) as Promise<T>;
  const next = chain.then(task, task);
  chain = next.catch(() => undefined);
  return next;
}

export function sendOutbox(options: SendOptions): Promise<SendReport> {
  return exclusively(async () => {
    const report: SendReport = { sent: [], retry: 0, needsUser: 0, signedOut: false };
    try {
      await sendAll(options, report);
    } catch (error) {
      if (!(error instanceof SignedOut)) throw error;
      report.signedOut = true;
    }
    return report;
  });
}
