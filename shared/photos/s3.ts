import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3ForcePathStyle } from '../clients';
import { MAX_PHOTO_BYTES } from '../http/limits';
import type { PhotoContentType } from './keys';

/*
 * The photo bucket's client and the two presigned requests the API hands out: a POST that
 * uploads one photo to one key, and a GET that fetches one. Photos never pass through the API.
 */

/** 15 minutes: how long an upload form works. */
export const UPLOAD_EXPIRES_SECONDS = 15 * 60;
/** 5 minutes: how long a photo's download link works. */
export const DOWNLOAD_EXPIRES_SECONDS = 5 * 60;

let s3Client: S3Client | undefined;

/**
 * The S3 client, one per process. Its endpoint comes from AWS_ENDPOINT_URL_S3 (s3rver locally),
 * addressed by path when S3_FORCE_PATH_STYLE says so; presigned URLs follow the same endpoint.
 */
export function getS3Client(): S3Client {
  s3Client ??= new S3Client({ maxAttempts: 5, forcePathStyle: s3ForcePathStyle() });
  return s3Client;
}

/** The upload form of one photo: POST `url` as multipart/form-data with `fields`, then the file as `file`. */
export type PhotoUploadForm = PresignedPost;

/**
 * The presigned POST for one photo. Its signed policy pins the exact key, the declared content
 * type (sent as the `Content-Type` field), a size of 1 byte to 10 MiB and a 15-minute expiry
 * (the SDK stamps it from the clock at signing). S3 refuses any upload outside these; locally
 * s3rver checks none of them, which is why verification checks size and type again.
 */
export async function presignPhotoUpload(
  bucket: string,
  key: string,
  contentType: PhotoContentType,
  client: S3Client = getS3Client(),
): Promise<PhotoUploadForm> {
  return createPresignedPost(client, {
    Bucket: bucket,
    Key: key,
    Conditions: [
      ['eq', '$key', key],
      ['eq', '$Content-Type', contentType],
      ['content-length-range', 1, MAX_PHOTO_BYTES],
    ],
    Fields: { 'Content-Type': contentType },
    Expires: UPLOAD_EXPIRES_SECONDS,
  });
}

/**
 * A presigned GET of one object, valid `expiresInSeconds` from `now`; of the version `versionId`
 * when given (the signed URL names it: whatever is posted to the key later is not what it serves).
 */
export async function presignPhotoDownload(
  bucket: string,
  key: string,
  now: Date,
  expiresInSeconds = DOWNLOAD_EXPIRES_SECONDS,
  client: S3Client = getS3Client(),
  versionId?: string,
): Promise<string> {
  const command = new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) });
  return getSignedUrl(client, command, {
    expiresIn: expiresInSeconds,
    signingDate: now,
  });
}
