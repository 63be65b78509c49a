import type { Principal } from '../auth/principal';
import { AppError } from '../errors';
import { getPhoto, PHOTO_ID_UUID, type StoredPhoto } from './records';
import type { S3Client } from '@aws-sdk/client-s3';
import { DOWNLOAD_EXPIRES_SECONDS, getS3Client, presignPhotoDownload } from './s3';
import { photoView } from './views';

/*
 * Downloads: a photo leaves the bucket only as a short presigned GET, and only when verified.
 */

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

/**
 * A presigned GET of `photo` if it is verified; PHOTO_NOT_AVAILABLE (with status and reason) if
 * not. It names the object version verification read (`versionId`), so bytes posted to the same
 * key after verification are never served. A photo without one was verified before versions were
 * recorded, or in a bucket without versioning (s3rver locally): its upload form expired 15 minutes
 * after it was asked for, so nothing can be posted to its key any more.
 */
export async function verifiedPhotoDownload(
  photo: StoredPhoto,
  bucket: string,
  now: Date,
  client: S3Client = getS3Client(),
): Promise<{ url: string; expiresAt: string }> {
  if (photo.status !== 'verified') {
    const view = photoView(photo, now);
    throw new AppError('PHOTO_NOT_AVAILABLE', { photoId: photo.photoId, status: view.status, reason: view.reason });
  }
  const url = await presignPhotoDownload(
    bucket,
    photo.objectKey,
    now,
    DOWNLOAD_EXPIRES_SECONDS,
    client,
    photo.versionId,
  );
  return { url, expiresAt: new Date(now.getTime() + DOWNLOAD_EXPIRES_SECONDS * 1000).toISOString() };
}
