import type { QueuedPhoto, QueuedRectification, QueuedSubmission } from './records';

/** The outbox as the sender sees it: IndexedDB in the app (db.ts), a Map in unit tests. */
export interface OutboxStore {
  submissions(): Promise<QueuedSubmission[]>;
  putSubmission(record: QueuedSubmission): Promise<void>;
  rectifications(): Promise<QueuedRectification[]>;
  putRectification(record: QueuedRectification): Promise<void>;
  photosOf(ownerKey: string): Promise<QueuedPhoto[]>;
  allPhotos(): Promise<QueuedPhoto[]>;
  putPhoto(record: QueuedPhoto): Promise<void>;
  /** Removes a submission and its photos (only ever on the user's explicit request). */
  deleteSubmission(submissionId: string): Promise<void>;
  deleteRectification(localId: string): Promise<void>;
}

/** An in-memory outbox (unit tests; a browser without IndexedDB still works for one session). */
export function memoryStore(): OutboxStore {
  const submissions = new Map<string, QueuedSubmission>();
  const rectifications = new Map<string, QueuedRectification>();
  const photos = new Map<string, QueuedPhoto>();
  const byDate = <T extends { createdAt: string }>(items: Iterable<T>) =>
    [...items].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return {
    submissions: async () => byDate(submissions.values()).map((record) => structuredClone(record)),
    putSubmission: async (record) => void submissions.set(record.submissionId, structuredClone(record)),
    rectifications: async () => byDate(rectifications.values()).map((record) => structuredClone(record)),
    putRectification: async (record) => void rectifications.set(record.localId, structuredClone(record)),
    photosOf: async (key) =>
      byDate([...photos.values()].filter((photo) => photo.ownerKey === key)).map((photo) => ({ ...photo })),
    allPhotos: async () => byDate(photos.values()).map((photo) => ({ ...photo })),
    putPhoto: async (record) => void photos.set(record.localId, { ...record }),
    deleteSubmission: async (submissionId) => {
      submissions.delete(submissionId);
      for (const [id, photo] of photos) if (photo.ownerKey === `submission:${submissionId}`) photos.delete(id);
    },
    deleteRectification: async (localId) => {
      rectifications.delete(localId);
      for (const [id, photo] of photos)
        if (photo.owner.kind === 'hazard' && photo.owner.rectification === localId) photos.delete(id);
    },
  };
}
