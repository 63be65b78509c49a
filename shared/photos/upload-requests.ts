import { randomUUID } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { $add } from 'dynamodb-toolbox/entity/actions/update';
import { execute as executeTransaction } from 'dynamodb-toolbox/entity/actions/transactWrite';
import * as z from 'zod';
import type { Principal } from '../auth/principal';
import { HazardEntity, PhotoEntity, PhotoOwnerEntity, PhotoUploadDayEntity, SubmissionEntity } from '../db/entities';
import { retryOnConflict } from '../db/retry';
import { cancellationCodes } from '../db/writes';
import { settingsInEffect } from '../directory/district-settings';
import { getDistrict } from '../directory/districts';
import { AppError } from '../errors';
import {
  DEFAULT_PHOTO_UPLOADS_PER_DAY,
  MAX_PHOTO_BYTES,
  MAX_PHOTO_REQUESTS_PER_OWNER,
  MAX_PHOTOS_PER_OWNER,
} from '../http/limits';
import { SUBMISSION_ID_PATTERN } from '../submissions/submission-request';
import { localDate } from '../time';
import type { FieldLabels } from '../validation';
import { PHOTO_CONTENT_TYPES, photoObjectKey, type PhotoContentType, type PhotoOwner } from './keys';
import { countsTowardLimit, getPhotos, type PhotoFields } from './records';
import { presignPhotoUpload, UPLOAD_EXPIRES_SECONDS, type PhotoUploadForm } from './s3';
import { photoView, type PhotoView } from './views';

/*
 * Upload requests: a school asks to upload one photo of a submission or an open hazard and gets
 * a presigned POST for its server-made key. The limit per owner (records.ts's contract) is kept
 * here.
 */

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

/** `{contentType, bytes}`: what the school is about to upload. */
export const photoRequestSchema = z
  .object({
    contentType: z.enum(Object.keys(PHOTO_CONTENT_TYPES) as [PhotoContentType, ...PhotoContentType[]]),
    bytes: z.number().int().min(1).max(MAX_PHOTO_BYTES),
  })
  .strict();

export type PhotoRequest = z.output<typeof photoRequestSchema>;

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

/** How long a day's upload count is kept (table TTL) after the day: the district's day may lag UTC. */
const UPLOAD_DAY_TTL_SECONDS = 3 * 86_400;

/**
 * The evidence date of a new photo of `owner`, once the caller is known to own it: the
 * submission's date, or the district's today for an open hazard's rectification. 404 for an
 * unknown owner or another school's; 409 for a hazard that is no longer open.
 */
async function evidenceDateFor(principal: SchoolPrincipal, owner: PhotoOwner, today: string): Promise<string> {
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
  return today;
}

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
 * The body comes parsed (the routes name photoRequestSchema in their apiHandler, whose 400 for a
 * bad body stores nothing). 404 for an owner not the school's, 409 when the owner
 * has its 12 photos (or a hazard is no longer open), 429 PHOTO_DAILY_LIMIT_REACHED when the
 * school has asked for its district's `photoUploadsPerDay` uploads today (the district's date;
 * default DEFAULT_PHOTO_UPLOADS_PER_DAY). The day's count is a condition of the same transaction
 * that stores the photo, so the cap holds under concurrency.
 */
export async function requestPhotoUpload(input: {
  principal: SchoolPrincipal;
  owner: PhotoOwner;
  request: PhotoRequest;
  bucket: string;
  now?: Date;
}): Promise<PhotoUploadGrant> {
  const { principal, owner, request, bucket } = input;
  const now = input.now ?? new Date();
  const { districtId, schoolId } = principal;
  const district = await getDistrict(districtId);
  const today = localDate(settingsInEffect(district).timezone, now);
  const evidenceDate = await evidenceDateFor(principal, owner, today);
  const ownerKey = { districtId, schoolId, ownerKind: owner.kind, ownerId: owner.id };
  const dayKey = { districtId, schoolId, date: today };
  const dailyLimit = district?.photoUploadsPerDay ?? DEFAULT_PHOTO_UPLOADS_PER_DAY;
  const dailyLimitReached = () =>
    new AppError(
      'PHOTO_DAILY_LIMIT_REACHED',
      { limit: dailyLimit, date: today },
      {
        limit: { zh: String(dailyLimit), en: String(dailyLimit) },
        date: { zh: today, en: today },
      },
    );
  const { Item: day } = await PhotoUploadDayEntity.build(GetItemCommand)
    .key(dayKey)
    .options({ consistent: true })
    .send();
  if ((day?.uploads ?? 0) >= dailyLimit) throw dailyLimitReached();

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

  // Another request for the same owner got there first (the transaction is cancelled): count again.
  await retryOnConflict(
    async () => {
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
          PhotoUploadDayEntity.build(UpdateTransaction)
            .item({
              ...dayKey,
              uploads: $add(1),
              expiresAt: Math.floor(now.getTime() / 1000) + UPLOAD_DAY_TTL_SECONDS,
              schemaVersion: 1,
            })
            .options({
              condition: {
                or: [
                  { attr: 'uploads', exists: false },
                  { attr: 'uploads', lt: dailyLimit },
                ],
              },
            }),
        );
      } catch (error) {
        if (cancellationCodes(error)?.[2] === 'ConditionalCheckFailed') throw dailyLimitReached();
        throw error;
      }
    },
    {
      attempts: MAX_REQUEST_ATTEMPTS,
      isConflict: isTransactionConflict,
      exhausted: () => new AppError('SERVICE_UNAVAILABLE'),
    },
  );
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
