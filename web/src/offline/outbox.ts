import type { ApiClient } from '../api';
import { idbStore } from './db';
import { ownerKey, waitingItems, type QueuedPhoto, type QueuedRectification, type QueuedSubmission } from './records';
import { sendOutbox, type SendReport } from './send';
import type { OutboxStore } from './store';
import { uploadPhoto } from './upload';
import { SYNC_TAG } from './outbox-tag';

export { SYNC_TAG };

/*
 * The page's side of the outbox: saves what the user filled in (with its photos as blobs), then
 * sends at once when online, asks the service worker for a Background Sync where the browser has
 * one, and sends again whenever the network comes back or the app is opened.
 */

export interface PhotoInput {
  blob: Blob;
  width: number;
  height: number;
}

type Listener = () => void;

export class Outbox {
  readonly store: OutboxStore;
  private listeners = new Set<Listener>();
  /** Upload progress (0–1) of photos being sent, by local id. */
  readonly progress = new Map<string, number>();
  private sending: Promise<SendReport> | undefined;
  onSignedOut: () => void = () => undefined;
  /** The signed-in school (from /v1/me): stamped on what is saved, and the only records sent. */
  owner: string | undefined;

  constructor(
    private readonly api: ApiClient,
    store?: OutboxStore,
  ) {
    this.store = store ?? idbStore();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  private photoRecords(owner: QueuedPhoto['owner'], photos: PhotoInput[], now: string): QueuedPhoto[] {
    return photos.map((photo, index) => ({
      localId: `${ownerKey(owner)}:${now}:${index}:${Math.random().toString(36).slice(2, 8)}`,
      owner,
      ownerKey: ownerKey(owner),
      blob: photo.blob,
      contentType: 'image/jpeg',
      bytes: photo.blob.size,
      width: photo.width,
      height: photo.height,
      createdAt: now,
      state: 'queued',
      attempts: 0,
    }));
  }

  /** Keeps a submission and its photos on the device (photos first: a crash never leaves a submission without the photos it was saved with). */
  async saveSubmission(
    record: Omit<QueuedSubmission, 'createdAt' | 'state' | 'attempts'>,
    photos: PhotoInput[],
  ): Promise<void> {
    const now = new Date().toISOString();
    for (const photo of this.photoRecords({ kind: 'submission', id: record.submissionId }, photos, now))
      await this.store.putPhoto(photo);
    await this.store.putSubmission({
      ...record,
      ...(this.owner ? { owner: this.owner } : {}),
      createdAt: now,
      state: 'queued',
      attempts: 0,
    });
    this.changed();
    await this.requestSync();
  }

  async saveRectification(hazardId: string, note: string, photos: PhotoInput[]): Promise<QueuedRectification> {
    const now = new Date().toISOString();
    const localId = `rect-${hazardId}-${now}`;
    for (const photo of this.photoRecords({ kind: 'hazard', id: hazardId, rectification: localId }, photos, now))
      await this.store.putPhoto(photo);
    const record: QueuedRectification = {
      localId,
      hazardId,
      note,
      ...(this.owner ? { owner: this.owner } : {}),
      createdAt: now,
      state: 'queued',
      attempts: 0,
    };
    await this.store.putRectification(record);
    this.changed();
    await this.requestSync();
    return record;
  }

  /** A record the user fixed is queued again with the same submission id (the server stored nothing of it), with any photos added. */
  async resubmit(record: QueuedSubmission, photos: PhotoInput[]): Promise<void> {
    const now = new Date().toISOString();
    for (const photo of this.photoRecords({ kind: 'submission', id: record.submissionId }, photos, now))
      await this.store.putPhoto(photo);
    const queued: QueuedSubmission = { ...record, state: 'queued' };
    delete queued.lastError;
    await this.store.putSubmission(queued);
    this.changed();
    await this.requestSync();
  }

  /** The user's explicit choice (after a confirmation): a refused or conflicting item leaves the outbox, with its photos. */
  async discardSubmission(submissionId: string): Promise<void> {
    await this.store.deleteSubmission(submissionId);
    this.changed();
  }

  async discardRectification(localId: string): Promise<void> {
    await this.store.deleteRectification(localId);
    this.changed();
  }

  async pendingCount(): Promise<number> {
    const [submissions, rectifications, photos] = await Promise.all([
      this.store.submissions(),
      this.store.rectifications(),
      this.store.allPhotos(),
    ]);
    return waitingItems(submissions, rectifications, photos);
  }

  /** Background Sync where the browser has it; a send now when online either way. */
  async requestSync(): Promise<void> {
    try {
      const registration = await navigator.serviceWorker?.getRegistration();
      const sync = (
        registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined
      )?.sync;
      await sync?.register(SYNC_TAG);
    } catch {
      // No Background Sync here: the page sends when it is open and online.
    }
    if (navigator.onLine) void this.send();
  }

  /** Sends now (one round at a time). */
  send(): Promise<SendReport> {
    this.sending ??= sendOutbox({
      api: this.api,
      store: this.store,
      upload: uploadPhoto,
      ...(this.owner ? { owner: this.owner } : {}),
      onProgress: (id, fraction) => {
        this.progress.set(id, fraction);
        this.changed();
      },
      onChange: () => this.changed(),
    }).finally(() => {
      this.sending = undefined;
      this.progress.clear();
      this.changed();
    });
    return this.sending.then((report) => {
      if (report.signedOut) this.onSignedOut();
      return report;
    });
  }
}
