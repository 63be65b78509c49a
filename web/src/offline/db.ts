import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxStore } from './store';
import type { QueuedPhoto, QueuedRectification, QueuedSubmission } from './records';

/*
 * The device's store (IndexedDB through `idb`): one object store per kind of record, upgraded
 * version by version so a phone that skipped a release still opens it. The session (the token)
 * lives here too, not in localStorage: the service worker sends the queue with it.
 */

export const DB_NAME = 'houqin';
export const DB_VERSION = 1;

export interface Session {
  token: string;
  signedInAt: string;
  /** The school of the token, once /v1/me said it (the service worker sends only its records). */
  owner?: string;
}

interface HouqinDb extends DBSchema {
  session: { key: string; value: Session };
  submissions: { key: string; value: QueuedSubmission; indexes: { state: string } };
  rectifications: { key: string; value: QueuedRectification; indexes: { hazardId: string } };
  photos: { key: string; value: QueuedPhoto; indexes: { ownerKey: string } };
}

let opening: Promise<IDBPDatabase<HouqinDb>> | undefined;

export function openOutbox(): Promise<IDBPDatabase<HouqinDb>> {
  opening ??= openDB<HouqinDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Version 1: the first layout. Later versions add a step below; none rewrites an earlier one.
      if (oldVersion < 1) {
        db.createObjectStore('session');
        db.createObjectStore('submissions', { keyPath: 'submissionId' }).createIndex('state', 'state');
        db.createObjectStore('rectifications', { keyPath: 'localId' }).createIndex('hazardId', 'hazardId');
        db.createObjectStore('photos', { keyPath: 'localId' }).createIndex('ownerKey', 'ownerKey');
      }
    },
  });
  return opening;
}

const byDate = <T extends { createdAt: string }>(items: T[]) =>
  items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));

export function idbStore(): OutboxStore {
  return {
    submissions: async () => byDate(await (await openOutbox()).getAll('submissions')),
    putSubmission: async (record) => void (await (await openOutbox()).put('submissions', record)),
    rectifications: async () => byDate(await (await openOutbox()).getAll('rectifications')),
    putRectification: async (record) => void (await (await openOutbox()).put('rectifications', record)),
    photosOf: async (key) => byDate(await (await openOutbox()).getAllFromIndex('photos', 'ownerKey', key)),
    allPhotos: async () => byDate(await (await openOutbox()).getAll('photos')),
    putPhoto: async (record) => void (await (await openOutbox()).put('photos', record)),
    deleteSubmission: async (submissionId) => {
      const db = await openOutbox();
      const tx = db.transaction(['submissions', 'photos'], 'readwrite');
      const keys = await tx.objectStore('photos').index('ownerKey').getAllKeys(`submission:${submissionId}`);
      await Promise.all([
        tx.objectStore('submissions').delete(submissionId),
        ...keys.map((key) => tx.objectStore('photos').delete(key)),
        tx.done,
      ]);
    },
    deleteRectification: async (localId) => {
      const db = await openOutbox();
      const tx = db.transaction(['rectifications', 'photos'], 'readwrite');
      const photos = await tx.objectStore('photos').getAll();
      const keys = photos
        .filter((photo) => photo.owner.kind === 'hazard' && photo.owner.rectification === localId)
        .map((photo) => photo.localId);
      await Promise.all([
        tx.objectStore('rectifications').delete(localId),
        ...keys.map((key) => tx.objectStore('photos').delete(key)),
        tx.done,
      ]);
    },
  };
}

export async function readSession(): Promise<Session | undefined> {
  return (await openOutbox()).get('session', 'current');
}

export async function writeSession(session: Session): Promise<void> {
  await (await openOutbox()).put('session', session, 'current');
}

/** A token the API refused (revoked): forgotten, while the outbox stays to be sent after the next sign-in. */
export async function forgetToken(): Promise<void> {
  await (await openOutbox()).delete('session', 'current');
}

/** Sign-out: forgets the token and everything kept for this school (the caller warned about a non-empty queue). */
export async function forgetEverything(): Promise<void> {
  const db = await openOutbox();
  const tx = db.transaction(['session', 'submissions', 'rectifications', 'photos'], 'readwrite');
  await Promise.all([
    tx.objectStore('session').clear(),
    tx.objectStore('submissions').clear(),
    tx.objectStore('rectifications').clear(),
    tx.objectStore('photos').clear(),
    tx.done,
  ]);
}
