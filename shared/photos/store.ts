import { randomUUID } from 'node:crypto';
import type { FormattedItem } from 'dynamodb-toolbox';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute as executeTransaction } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import * as z from 'zod';
import type { Principal } from '../auth/principal';
import {
  DistrictEntity,
  HazardEntity,
  PhotoEntity,
  PhotoOwnerEntity,
  SubmissionEntity,
  districtPhotoMonthPartition,
  photoContentPartition,
  photoOwnerPartition,
} from '../db/entities';
import { HouqinTable } from '../db/table';
import { cancellationCodes, writtenUnlessConditionFails } from '../db/writes';
import { submissionKey } from '../db/keys';
import { getDocumentClient } from '../clients';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../errors';
import { MAX_PHOTO_BYTES, MAX_PHOTO_REQUESTS_PER_OWNER, MAX_PHOTOS_PER_OWNER } from '../http/limits';
import type { Locale, Text } from '../i18n';
import { SUBMISSION_ID_PATTERN } from '../submissions/submission-request';
import { localDate } from '../time';
import { parseOrThrow, type FieldLabels } from '../validation';
import { PHOTO_CONTENT_TYPES, photoObjectKey, type PhotoContentType, type PhotoOwner } from './keys';
import {
  DOWNLOAD_EXPIRES_SECONDS,
  presignPhotoDownload,
  presignPhotoUpload,
  UPLOAD_EXPIRES_SECONDS,
  type PhotoUploadForm,
} from './s3';

/*
 * The photo store: the one place Photo items are written and read.
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
type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

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
// Requests

/** `{contentType, bytes}`: what the school is about to upload. */
export const photoRequestSchema = z
  .object({
    contentType: z.enum(Object.keys(PHOTO_CONTENT_TYPES) as [PhotoContentType, ...PhotoContentType[]]),
    bytes: z.number().int().min(1).max(MAX_PHOTO_BYTES),
  })
  .strict();

export const PHOTO_REQUEST_LABELS: FieldLabels = {
  contentType: { zh: '图片类型', en: 'Image type' },
  bytes: { zh: '文件大小（字节）', en: 'File size (bytes)' },
};

/** What the API answers to a photo request. */
export interface PhotoUploadGrant {
  photo: PhotoView;
  upload: PhotoUploadForm & { method: 'POST'; expiresAt: string; maxBytes: number };
}

/** HAZARD_ID_PATTERN of shared/hazards/lifecycle.ts, which imports this module (so not imported from there). */
const HAZARD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

async function districtTimezone(districtId: string): Promise<string> {
  const { Item } = await DistrictEntity.build(GetItemCommand).key({ districtId }).send();
  return Item?.timezone ?? 'Asia/Shanghai';
}

/**
 * The evidence date of a new photo of `owner`, once the caller is known to own it: the
 * submission's date, or the district's today for an open hazard's rectification. 404 for an
 * unknown owner or another school's; 409 for a hazard that is no longer open.
 */
async function evidenceDateFor(principal: SchoolPrincipal, owner: PhotoOwner, now: Date): Promise<string> {
  const { districtId, schoolId } = principal;
  if (owner.kind === 'submission') {
    if (!SUBMISSION_ID_PATTERN.test(owner.id)) throw new AppError('NOT_FOUND');
    const { Item } = await SubmissionEntity.build(GetItemCommand)
      .key({ districtId, schoolId, submissionId: owner.id })
      .send();
    if (!Item) throw new AppError('NOT_FOUND');
    return Item.date;
  }
  if (!HAZARD_ID.test(owner.id)) throw new AppError('NOT_FOUND');
  const { Item } = await HazardEntity.build(GetItemCommand)
    .key({ districtId, hazardId: owner.id })
    .options({ consistent: true })
    .send();
  if (!Item || Item.schoolId !== schoolId) throw new AppError('NOT_FOUND');
  // Rectification photos are taken before the school says it rectified.
  if (Item.status !== 'open') throw new AppError('HAZARD_TRANSITION_NOT_ALLOWED', { status: Item.status });
  return localDate(await districtTimezone(districtId), now);
}

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

/** How often a record call re-reads after a concurrent change. */
const MAX_ATTEMPTS = 5;
/**
 * How often a photo request counts again after a concurrent request for the same owner won the
 * race: an app sending its twelve photos at once makes eleven of them lose at least once.
 */
const MAX_REQUEST_ATTEMPTS = 25;

function isTransactionConflict(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TransactionCanceledException';
}

/**
 * POST /v1/submissions/{id}/photos and POST /v1/hazards/{id}/photos: the owning school asks to
 * upload one photo. Stores it as `requested` and answers the presigned POST that uploads it to
 * its server-made key (content type, 1 byte–10 MiB and 15 minutes pinned by the signed policy).
 * 400 for a bad body (nothing stored), 404 for an owner not the school's, 409 when the owner
 * has its 12 photos (or a hazard is no longer open).
 */
export async function requestPhotoUpload(input: {
  principal: SchoolPrincipal;
  owner: PhotoOwner;
  body: unknown;
  locale: Locale;
  bucket: string;
  now?: Date;
}): Promise<PhotoUploadGrant> {
  const { principal, owner, locale, bucket } = input;
  const now = input.now ?? new Date();
  const request = parseOrThrow(photoRequestSchema, input.body, locale, PHOTO_REQUEST_LABELS);
  const evidenceDate = await evidenceDateFor(principal, owner, now);
  const { districtId, schoolId } = principal;
  const ownerKey = { districtId, schoolId, ownerKind: owner.kind, ownerId: owner.id };

  const photoId = randomUUID();
  const objectKey = photoObjectKey({
    districtId,
    schoolId,
    owner,
    evidenceDate,
    photoId,
    contentType: request.contentType,
  });
  // Signed before anything is written: a signing failure leaves nothing behind.
  const form = await presignPhotoUpload(bucket, objectKey, request.contentType);
  const photo = {
    districtId,
    photoId,
    schoolId,
    ownerKind: owner.kind,
    ownerId: owner.id,
    evidenceDate,
    objectKey,
    contentType: request.contentType,
    bytes: request.bytes,
    status: 'requested',
    requestedAt: now.toISOString(),
    requestedBy: principal.tokenId,
    expiresAt: new Date(now.getTime() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString(),
    schemaVersion: 1 as const,
  } satisfies PhotoFields;

  for (let attempt = 1; ; attempt += 1) {
    const { Item: ledger } = await PhotoOwnerEntity.build(GetItemCommand)
      .key(ownerKey)
      .options({ consistent: true })
      .send();
    const requested = ledger?.photoIds ?? [];
    const counted = (await getPhotos(districtId, requested, { consistent: true })).filter((p) =>
      countsTowardLimit(p, now),
    ).length;
    if (counted >= MAX_PHOTOS_PER_OWNER || requested.length >= MAX_PHOTO_REQUESTS_PER_OWNER) {
      throw new AppError('PHOTO_LIMIT_REACHED', {
        limit: MAX_PHOTOS_PER_OWNER,
        counted,
        requested: requested.length,
        maxRequests: MAX_PHOTO_REQUESTS_PER_OWNER,
      });
    }
    try {
      await executeTransaction(
        PhotoEntity.build(PutTransaction)
          .item(photo)
          .options({ condition: { attr: 'photoId', exists: false } }),
        PhotoOwnerEntity.build(PutTransaction)
          .item({
            ...ownerKey,
            photoIds: [...requested, photoId],
            revision: (ledger?.revision ?? 0) + 1,
            schemaVersion: 1,
          })
          .options({
            condition: ledger ? { attr: 'revision', eq: ledger.revision } : { attr: 'ownerId', exists: false },
          }),
      );
      break;
    } catch (error) {
      // Another request for the same owner got there first: count again, after a short random pause.
      if (!isTransactionConflict(error)) throw error;
      if (attempt >= MAX_REQUEST_ATTEMPTS) throw new AppError('SERVICE_UNAVAILABLE');
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * Math.min(100, 5 * 2 ** attempt)));
    }
  }
  return {
    photo: photoView(photo, now),
    upload: {
      method: 'POST',
      url: form.url,
      fields: form.fields,
      expiresAt: photo.expiresAt,
      maxBytes: MAX_PHOTO_BYTES,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Verification outcomes (called by the S3 ObjectCreated handler)

/** What a record call did: wrote the outcome, found it already written, or could not apply it. */
export type RecordResult =
  | { result: 'recorded'; photo: StoredPhoto }
  | { result: 'unchanged'; photo: StoredPhoto }
  /** The photo is in another state the outcome cannot follow (see the contract above). */
  | { result: 'conflict'; photo: StoredPhoto }
  /** No photo with this id and object key. */
  | { result: 'not-found' };

const toIso = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString());

/**
 * The earliest-verified photo of the same school with the same content for another evidence
 * date, if any (gsi2 holds verified photos only).
 */
export async function findEarlierSameContent(
  photo: Pick<StoredPhoto, 'districtId' | 'schoolId' | 'photoId' | 'evidenceDate'>,
  sha256: string,
): Promise<StoredPhoto | undefined> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(PhotoEntity)
    .query({ index: 'gsi2', partition: photoContentPartition(photo.districtId, photo.schoolId, sha256) })
    .options({ maxPages: 10 })
    .send();
  return Items.filter((other) => other.photoId !== photo.photoId && other.evidenceDate !== photo.evidenceDate).sort(
    (a, b) => (a.verifiedAt ?? '').localeCompare(b.verifiedAt ?? '') || a.photoId.localeCompare(b.photoId),
  )[0];
}

/**
 * Writes `next` in place of `current`, on condition that nobody changed it since it was read.
 * When a submission's photo becomes verified (or a verified one is quarantined), the
 * submission's `photoCount` moves by one in the same transaction, so a list shows how many
 * verified photos each submission has without a request per row, and never counts one twice.
 */
async function replacePhoto(current: StoredPhoto, next: StoredPhoto): Promise<boolean> {
  const { updatedAt: _stale, createdAt: _created, ...item } = next;
  const put = PhotoEntity.build(PutItemCommand)
    .item(item)
    .options({
      condition: {
        and: [
          { attr: 'status', eq: current.status },
          { attr: 'updatedAt', eq: current.updatedAt },
        ],
      },
    });
  const delta = (next.status === 'verified' ? 1 : 0) - (current.status === 'verified' ? 1 : 0);
  if (delta === 0 || next.ownerKind !== 'submission') return writtenUnlessConditionFails(put.send());
  const photoPut = PhotoEntity.build(PutTransaction)
    .item(item)
    .options({
      condition: {
        and: [
          { attr: 'status', eq: current.status },
          { attr: 'updatedAt', eq: current.updatedAt },
        ],
      },
    })
    .params();
  try {
    await getDocumentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: photoPut.Put },
          {
            Update: {
              TableName: photoPut.Put.TableName,
              Key: submissionKey({ districtId: next.districtId, schoolId: next.schoolId, submissionId: next.ownerId }),
              UpdateExpression: 'ADD photoCount :delta',
              ConditionExpression: 'attribute_exists(submissionId)',
              ExpressionAttributeValues: { ':delta': delta },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    // The photo changed since it was read (the caller reads it again), or its submission is gone.
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
    if (cancellationCodes(error)?.[1] === 'ConditionalCheckFailed') return writtenUnlessConditionFails(put.send());
    throw error;
  }
}

/**
 * Records a verified upload: real size, SHA-256 (hex), the type found in its first bytes, and
 * `duplicateOf` when the school used the same content for another day. Only from `requested`;
 * the same verification again is `unchanged`; other content on a verified photo is `conflict`.
 */
export async function recordVerified(input: {
  districtId: string;
  photoId: string;
  objectKey: string;
  size: number;
  sha256: string;
  detectedType: string;
  verifiedAt: Date | string;
}): Promise<RecordResult> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const current = await getPhoto(input.districtId, input.photoId);
    if (!current || current.objectKey !== input.objectKey) return { result: 'not-found' };
    if (current.status === 'verified')
      return { result: current.sha256 === input.sha256 ? 'unchanged' : 'conflict', photo: current };
    if (current.status !== 'requested') return { result: 'conflict', photo: current };
    const earlier = await findEarlierSameContent(current, input.sha256);
    const next: StoredPhoto = {
      ...current,
      status: 'verified',
      verifiedAt: toIso(input.verifiedAt),
      size: input.size,
      sha256: input.sha256,
      detectedType: input.detectedType,
      ...(earlier ? { duplicateOf: earlier.photoId } : {}),
    };
    if (await replacePhoto(current, next)) return { result: 'recorded', photo: next };
  }
  throw new Error(`Photo ${input.photoId} kept changing while its verification was recorded`);
}

/**
 * Records a refused upload: why, and where the object was moved. Only from `requested` (or from
 * `verified` with reason REPLACED); the same quarantine again is `unchanged`.
 */
export async function recordQuarantined(input: {
  districtId: string;
  photoId: string;
  objectKey: string;
  reason: QuarantineReason;
  quarantineKey: string;
  quarantinedAt: Date | string;
  size?: number;
  sha256?: string;
  detectedType?: string;
}): Promise<RecordResult> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const current = await getPhoto(input.districtId, input.photoId);
    if (!current || current.objectKey !== input.objectKey) return { result: 'not-found' };
    if (current.status === 'quarantined')
      return { result: current.quarantineReason === input.reason ? 'unchanged' : 'conflict', photo: current };
    if (current.status === 'verified' && input.reason !== 'REPLACED') return { result: 'conflict', photo: current };
    const { duplicateOf: _dropped, ...rest } = current;
    const next: StoredPhoto = {
      ...rest,
      status: 'quarantined',
      quarantinedAt: toIso(input.quarantinedAt),
      quarantineReason: input.reason,
      quarantineKey: input.quarantineKey,
      ...(input.size !== undefined ? { size: input.size } : {}),
      ...(input.sha256 !== undefined ? { sha256: input.sha256 } : {}),
      ...(input.detectedType !== undefined ? { detectedType: input.detectedType } : {}),
    };
    if (await replacePhoto(current, next)) return { result: 'recorded', photo: next };
  }
  throw new Error(`Photo ${input.photoId} kept changing while its quarantine was recorded`);
}

// ---------------------------------------------------------------------------------------------
// Reading

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

/** A stored photo as the report rollup reads it (shared/reports/input.ts ReportPhoto). */
export function reportPhoto(photo: StoredPhoto) {
  return {
    photoId: photo.photoId,
    schoolId: photo.schoolId,
    status: photo.status,
    ...(photo.verifiedAt !== undefined ? { verifiedAt: photo.verifiedAt } : {}),
    ...(photo.duplicateOf !== undefined ? { duplicateOf: photo.duplicateOf } : {}),
    ...(photo.quarantineReason !== undefined ? { quarantineReason: photo.quarantineReason } : {}),
    owner: { kind: photo.ownerKind, id: photo.ownerId },
  };
}

export const PHOTO_ID_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Reader = Extract<Principal, { role: 'school' | 'official' }>;

/**
 * GET /v1/photos/{photoId}: a presigned GET of a verified photo, valid DOWNLOAD_EXPIRES_SECONDS,
 * for the owning school and its district's officials. Anyone else, or an unknown id, gets
 * NOT_FOUND (another school of the same district too); a photo the caller may see but that is
 * not verified (pending, missing, quarantined) gets PHOTO_NOT_AVAILABLE with its status and
 * reason: refused content is never served, not even to an official.
 */
export async function photoDownload(
  principal: Reader,
  photoId: string | undefined,
  bucket: string,
  now: Date = new Date(),
): Promise<{ url: string; expiresAt: string }> {
  if (!photoId || !PHOTO_ID_UUID.test(photoId)) throw new AppError('NOT_FOUND');
  // The key holds the caller's own district: another district's photo is simply not found.
  const photo = await getPhoto(principal.districtId, photoId);
  if (!photo || (principal.role === 'school' && photo.schoolId !== principal.schoolId)) throw new AppError('NOT_FOUND');
  return verifiedPhotoDownload(photo, bucket, now);
}

/** A presigned GET of `photo` if it is verified; PHOTO_NOT_AVAILABLE (with status and reason) if not. */
export async function verifiedPhotoDownload(
  photo: StoredPhoto,
  bucket: string,
  now: Date,
): Promise<{ url: string; expiresAt: string }> {
  if (photo.status !== 'verified') {
    const view = photoView(photo, now);
    throw new AppError('PHOTO_NOT_AVAILABLE', { photoId: photo.photoId, status: view.status, reason: view.reason });
  }
  const url = await presignPhotoDownload(bucket, photo.objectKey, now);
  return { url, expiresAt: new Date(now.getTime() + DOWNLOAD_EXPIRES_SECONDS * 1000).toISOString() };
}

// ---------------------------------------------------------------------------------------------
// Views (what leaves the system about a photo)

/** One photo as the API shows it (nulls where a value is not known, or not shown in this status). */
export interface PhotoView {
  photoId: string;
  /** verified and quarantined as stored; a requested photo is pending until its deadline (+ grace), then missing. */
  status: 'verified' | 'quarantined' | 'pending' | 'missing';
  /** Declared when the upload was asked for. */
  contentType: string | null;
  /** Declared size in bytes. */
  bytes: number | null;
  /** Real size in bytes, found by verification. */
  size: number | null;
  /** SHA-256 (hex) of a verified photo. */
  sha256: string | null;
  requestedAt: string | null;
  /** When the upload form stopped working. */
  uploadDeadline: string | null;
  verifiedAt: string | null;
  /** Why it was quarantined, or why it is missing: a code and its message in both locales. */
  reason: { code: string; message: Text } | null;
  /** An earlier photo of the school with the same content, for another day. */
  duplicateOf: string | null;
  /** The API path that redirects to the image: verified photos only. */
  url: string | null;
}

/**
 * One photo as the API shows it: status at `now` (pending and missing are both `requested`
 * in the table), what verification found, why it was refused, and the API path that redirects
 * to the image (verified photos only; null otherwise).
 */
export function photoView(photo: PhotoFields, now: Date): PhotoView {
  const status = displayStatus(photo, now);
  const code = status === 'quarantined' ? (photo.quarantineReason as QuarantineReason | undefined) : undefined;
  const quarantine =
    code && code in PHOTO_QUARANTINE_REASONS ? { code, message: { ...PHOTO_QUARANTINE_REASONS[code] } } : undefined;
  const reason =
    status === 'missing' ? { code: MISSING_REASON.code, message: { ...MISSING_REASON.message } } : quarantine;
  return {
    photoId: photo.photoId,
    status,
    contentType: photo.contentType,
    /** Declared when asked for. */
    bytes: photo.bytes,
    /** Found by verification. */
    size: photo.size ?? null,
    sha256: status === 'verified' ? (photo.sha256 ?? null) : null,
    requestedAt: photo.requestedAt,
    uploadDeadline: photo.expiresAt,
    verifiedAt: photo.verifiedAt ?? null,
    reason: reason ?? null,
    duplicateOf: photo.duplicateOf ?? null,
    url: status === 'verified' ? `/v1/photos/${photo.photoId}` : null,
  };
}

/** A photo named somewhere (a hazard's history) but never stored: shown as missing. */
export function unknownPhotoView(photoId: string): PhotoView {
  return {
    photoId,
    status: 'missing',
    contentType: null,
    bytes: null,
    size: null,
    sha256: null,
    requestedAt: null,
    uploadDeadline: null,
    verifiedAt: null,
    reason: { code: MISSING_REASON.code, message: { ...MISSING_REASON.message } },
    duplicateOf: null,
    url: null,
  };
}

/** The views of the photos with these ids, by id (one BatchGet per 100; unknown ids left out). */
export async function photoViewsById(
  districtId: string,
  photoIds: readonly string[],
  now: Date = new Date(),
): Promise<Map<string, PhotoView>> {
  const photos = photoIds.length > 0 ? await getPhotos(districtId, photoIds) : [];
  return new Map(photos.map((photo) => [photo.photoId, photoView(photo, now)]));
}

/** The views of every photo asked for one submission or hazard. */
export async function photoViewsOf(
  districtId: string,
  schoolId: string,
  owner: PhotoOwner,
  now: Date = new Date(),
): Promise<PhotoView[]> {
  return (await photosOf(districtId, schoolId, owner)).map((photo) => photoView(photo, now));
}
