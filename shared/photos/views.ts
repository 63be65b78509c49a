import type { Text } from '../i18n';
import type { PhotoOwner } from './keys';
import {
  displayStatus,
  getPhotos,
  MISSING_REASON,
  PHOTO_QUARANTINE_REASONS,
  photosOf,
  type PhotoFields,
  type QuarantineReason,
  type StoredPhoto,
} from './records';

/* Views (what leaves the system about a photo) */

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
