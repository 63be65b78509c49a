/*
 * What the outbox keeps, one IndexedDB store per kind of record (see db.ts), and the rules by
 * which an API answer moves a record on. Plain data: the page and the service worker share it.
 */

/** Where a record stands. `queued` waits to be sent (again); `sent` is done; `rejected` and `conflict` wait for the user. */
export type RecordState = 'queued' | 'sent' | 'rejected' | 'conflict';

export interface RecordError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  at: string;
}

/** A submission, its id fixed when it is first saved: sending it again can never count it twice. */
export interface QueuedSubmission {
  submissionId: string;
  /** The school it was filled in for (from /v1/me): only that school's token ever sends it. */
  owner?: string;
  formType: string;
  formVersion: number;
  date: string;
  answers: Record<string, unknown>;
  note?: string;
  supersedes?: string;
  createdAt: string;
  state: RecordState;
  attempts: number;
  lastError?: RecordError;
  /** The API's answer once sent (201 or its 200 replay): the submission and the hazards it raised. */
  response?: { submission?: unknown; hazards?: unknown[] };
  sentAt?: string;
}

/** A rectification of a hazard: its note; its photos are QueuedPhotos owned by the hazard. */
export interface QueuedRectification {
  localId: string;
  /** The school it was filled in for: only that school's token ever sends it. */
  owner?: string;
  hazardId: string;
  note: string;
  createdAt: string;
  state: RecordState;
  attempts: number;
  lastError?: RecordError;
  sentAt?: string;
}

export type PhotoOwner = { kind: 'submission'; id: string } | { kind: 'hazard'; id: string; rectification: string };

/** A photo, already scaled and re-encoded, kept as a blob until it is uploaded. */
export interface QueuedPhoto {
  localId: string;
  owner: PhotoOwner;
  /** `submission:<id>` or `hazard:<id>`: the store's index. */
  ownerKey: string;
  /** Dropped once uploaded (the bucket has it). */
  blob?: Blob;
  contentType: 'image/jpeg';
  bytes: number;
  width: number;
  height: number;
  createdAt: string;
  state: 'queued' | 'uploaded' | 'rejected';
  attempts: number;
  lastError?: RecordError;
  /** The API's photo id once an upload was granted and the file sent. */
  photoId?: string;
}

export function ownerKey(owner: PhotoOwner): string {
  return `${owner.kind}:${owner.id}`;
}

/** How an answer moves a record: sent, try again later, the user must act, or the token is gone. */
export type Outcome = 'sent' | 'retry' | 'rejected' | 'conflict' | 'signed-out';

/**
 * 201, and the 200 replay of an identical body, are success; 409 is a conflict the user resolves;
 * 400/404/413/422 are refusals the user fixes; 401 stops everything (signed out); no network,
 * 408, 429 and 5xx are tried again later. Nothing is ever dropped.
 */
export function outcomeOf(status: number): Outcome {
  if (status === 200 || status === 201 || status === 204) return 'sent';
  if (status === 401) return 'signed-out';
  if (status === 409) return 'conflict';
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  return 'rejected';
}

/** Records still waiting for the network or for the user. */
export function isPending(record: { state: string }): boolean {
  return record.state !== 'sent' && record.state !== 'uploaded';
}

/**
 * What the user counts as waiting: each form and each rectification with anything left to send,
 * itself or one of its photos. A form with two photos is one item, not three.
 */
export function waitingItems(
  submissions: readonly QueuedSubmission[],
  rectifications: readonly QueuedRectification[],
  photos: readonly QueuedPhoto[],
): number {
  const waiting = new Set<string>();
  for (const s of submissions) if (isPending(s)) waiting.add(`submission:${s.submissionId}`);
  for (const r of rectifications) if (isPending(r)) waiting.add(`rectification:${r.localId}`);
  for (const p of photos)
    if (isPending(p))
      waiting.add(
        p.owner.kind === 'submission' ? `submission:${p.owner.id}` : `rectification:${p.owner.rectification}`,
      );
  return waiting.size;
}
