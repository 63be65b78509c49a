import type { FormattedItem } from 'dynamodb-toolbox';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { PhotoEntity, districtPhotoMonthPartition, photoOwnerPartition } from '../db/entities';
import { HouqinTable } from '../db/table';
import type { Text } from '../i18n';
import type { PhotoOwner } from './keys';

/*
 * The Photo item: its status rules and how it is read. The photo store is split by job:
 *   records.ts          this file: the item's types, status rules and reads by id, owner and month
 *   upload-requests.ts  a school asks to upload (the presigned POST; the per-owner limit)
 *   outcomes.ts         verification's verdicts recorded on the item
 *   downloads.ts        the presigned GET of a verified photo
 *   views.ts            what leaves the system about a photo (the API's view, the report's)
 *   links.ts            signed photo links for mail
 * Photo items are written only by upload-requests.ts and outcomes.ts.
 *
 * CONTRACT (the verifier, the views and the report rollup build on it; keep it stable)
 *
 * Life of a photo (PhotoEntity in shared/db/entities.ts, status):
 *   requested ──verified upload──► verified
 *       │                            │ (the same form was used again and the object replaced)
 *       └──refused upload──► quarantined ◄┘
 *   A `requested` photo whose upload deadline (`expiresAt`) is more than ARRIVAL_GRACE_SECONDS
 *   past is shown as `missing`: asked for, never arrived (or its verification never finished).
 *
 * For the S3 ObjectCreated handler (verify*), per object:
 *   1. `parsePhotoObjectKey(decodedKey)` (keys.ts); undefined → not ours (UNEXPECTED_OBJECT).
 *   2. `getPhoto(districtId, photoId)`; none, or `photo.objectKey !== key` → not ours.
 *   3. After reading size, first bytes and SHA-256: `recordVerified({...})` or
 *      `recordQuarantined({..., reason, quarantineKey: quarantineKeyFor(key)})`, reason one of
 *      PHOTO_QUARANTINE_REASONS. Move the object first, record after: a retry then finds the
 *      record still `requested` and finishes the job.
 *   Both are conditional writes, safe to repeat: the same outcome again answers `unchanged`.
 *   `recordVerified` on a photo already verified with other content answers `conflict`: the
 *   upload form was used twice and the object replaced after verification; quarantine it with
 *   reason REPLACED (`recordQuarantined` accepts a verified photo for that reason only).
 *   `recordVerified` itself sets `duplicateOf` when the school has a verified photo with the same
 *   SHA-256 for another evidence date (the report's data-quality section lists those).
 *
 * Limit: at most MAX_PHOTOS_PER_OWNER (12) photos per submission or hazard count at a time:
 * verified ones, and requested ones still within their upload window (+ grace). Quarantined and
 * missing photos do not count, so a school can replace a refused or failed upload; to bound
 * abuse, an owner takes at most MAX_PHOTO_REQUESTS_PER_OWNER requests in all. Requests for one owner
 * are serialized by the PhotoOwner item (conditional on its revision), so the limit holds under
 * concurrency.
 */

/** After its upload deadline, a photo still unverified waits this long before it is called missing (S3 events may lag). */
export const ARRIVAL_GRACE_SECONDS = 5 * 60;

/** Why verification refused an upload, in both locales. */
export const PHOTO_QUARANTINE_REASONS = {
  EMPTY: { zh: '文件为空', en: 'The file is empty' },
  TOO_LARGE: { zh: '文件超过 10 MB', en: 'The file is larger than 10 MB' },
  TYPE_MISMATCH: { zh: '文件的实际类型与声明的类型不符', en: 'The file’s real type differs from the declared type' },
  UNRECOGNIZED_CONTENT: {
    zh: '文件不是 JPEG、PNG、WebP 或 HEIC 图片',
    en: 'The file is not a JPEG, PNG, WebP or HEIC image',
  },
  SIZE_MISMATCH: {
    zh: '文件大小与申请上传时声明的不符',
    en: 'The file size differs from the size declared when the upload was asked for',
  },
  REPLACED: { zh: '照片在核验后被再次上传覆盖', en: 'The photo was overwritten by another upload after verification' },
  UNEXPECTED_OBJECT: { zh: '没有对应的上传申请', en: 'No upload was asked for this object' },
} as const satisfies Record<string, Text>;
export type QuarantineReason = keyof typeof PHOTO_QUARANTINE_REASONS;

/** Why a photo is shown as missing. */
export const MISSING_REASON = {
  code: 'NOT_UPLOADED',
  message: {
    zh: '已申请上传，但在截止时间前未收到照片',
    en: 'An upload was asked for, but no photo arrived before the deadline',
  },
} as const;

export type StoredPhoto = FormattedItem<typeof PhotoEntity>;
/** A photo's own fields, without the item's timestamps. */
export type PhotoFields = Omit<StoredPhoto, 'createdAt' | 'updatedAt'>;

// ---------------------------------------------------------------------------------------------
// Pure rules

/** When a requested photo stops being pending and is shown as missing. */
export function missingAfter(photo: Pick<StoredPhoto, 'expiresAt'>): Date {
  return new Date(Date.parse(photo.expiresAt) + ARRIVAL_GRACE_SECONDS * 1000);
}

/** The status a photo is shown with at `now`: verified, quarantined, pending (may still arrive) or missing. */
export function displayStatus(
  photo: Pick<StoredPhoto, 'status' | 'expiresAt'>,
  now: Date,
): 'verified' | 'quarantined' | 'pending' | 'missing' {
  if (photo.status === 'verified' || photo.status === 'quarantined') return photo.status;
  return now.getTime() > missingAfter(photo).getTime() ? 'missing' : 'pending';
}

/** Whether a photo takes one of its owner's MAX_PHOTOS_PER_OWNER places at `now`. */
export function countsTowardLimit(photo: Pick<StoredPhoto, 'status' | 'expiresAt'>, now: Date): boolean {
  const status = displayStatus(photo, now);
  return status === 'verified' || status === 'pending';
}

// ---------------------------------------------------------------------------------------------
// Reads

/** The stored photos with these ids (any order; unknown ids left out). Strongly consistent on request. */
export async function getPhotos(
  districtId: string,
  photoIds: readonly string[],
  options: { consistent?: boolean } = {},
): Promise<StoredPhoto[]> {
  const unique = [...new Set(photoIds)];
  const found: StoredPhoto[] = [];
  for (let start = 0; start < unique.length; start += 100) {
    const chunk = unique.slice(start, start + 100);
    const command = HouqinTable.build(BatchGetCommand)
      .requests(...chunk.map((photoId) => PhotoEntity.build(BatchGetRequest).key({ districtId, photoId })))
      .options({ consistent: options.consistent ?? false });
    const { Responses } = await executeBatchGet({ maxAttempts: 5 }, command);
    for (const item of Responses[0] ?? []) if (item) found.push(item as StoredPhoto);
  }
  return found;
}

/** One stored photo, or undefined. */
export async function getPhoto(districtId: string, photoId: string): Promise<StoredPhoto | undefined> {
  const { Item } = await PhotoEntity.build(GetItemCommand)
    .key({ districtId, photoId })
    .options({ consistent: true })
    .send();
  return Item;
}

/** Every photo asked for one submission or hazard, oldest request first. */
export async function photosOf(districtId: string, schoolId: string, owner: PhotoOwner): Promise<StoredPhoto[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(PhotoEntity)
    .query({
      index: 'gsi1',
      partition: photoOwnerPartition({ districtId, schoolId, ownerKind: owner.kind, ownerId: owner.id }),
    })
    .options({ maxPages: Infinity })
    .send();
  return Items;
}

/**
 * A district's photos whose evidence date falls in `month` (YYYY-MM), every status, by school
 * then request time: what the monthly rollup reads for its photo and data-quality section
 * (see `reportPhoto` for the shape it wants).
 */
export async function photosOfDistrictMonth(districtId: string, month: string): Promise<StoredPhoto[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(PhotoEntity)
    .query({ index: 'gsi3', partition: districtPhotoMonthPartition(districtId, month) })
    .options({ maxPages: Infinity })
    .send();
  return Items;
}

export const PHOTO_ID_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
