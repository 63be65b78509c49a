/*
 * Where photo evidence lives in the bucket. Every key is made here, by the server; a school
 * never names an object. The layout groups a district's evidence by school and month so an
 * archive (or a lifecycle rule) can work on a prefix:
 *
 *   evidence/<district>/<school>/<yyyy>/<mm>/<submissionId>/<photoId>.<ext>      a submission's photo
 *   evidence/<district>/<school>/<yyyy>/<mm>/hazard-<hazardId>/<photoId>.<ext>   a rectification photo
 *   quarantine/<the same rest>                                                  refused by verification
 *
 * yyyy/mm is the month of the photo's evidence date: the submission's date, or the district's
 * date when the rectification photo was asked for.
 */

/** The image types a school may upload, with the extension their objects get. */
export const PHOTO_CONTENT_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
} as const;

export type PhotoContentType = keyof typeof PHOTO_CONTENT_TYPES;
export type PhotoExtension = (typeof PHOTO_CONTENT_TYPES)[PhotoContentType];

export const EVIDENCE_PREFIX = 'evidence/';
export const QUARANTINE_PREFIX = 'quarantine/';

/** The owner segment of a rectification photo's key starts with this. */
const HAZARD_SEGMENT_PREFIX = 'hazard-';

export function isPhotoContentType(value: string): value is PhotoContentType {
  return Object.prototype.hasOwnProperty.call(PHOTO_CONTENT_TYPES, value);
}

/** The object extension for an accepted content type. */
export function extensionFor(contentType: PhotoContentType): PhotoExtension {
  return PHOTO_CONTENT_TYPES[contentType];
}

/** The content type an extension of ours stands for; undefined for any other extension. */
export function contentTypeForExtension(extension: string): PhotoContentType | undefined {
  const found = Object.entries(PHOTO_CONTENT_TYPES).find(([, ext]) => ext === extension);
  return found?.[0] as PhotoContentType | undefined;
}

/** What a photo is evidence for. */
export type PhotoOwner = { kind: 'submission'; id: string } | { kind: 'hazard'; id: string };

export interface PhotoKeyParts {
  districtId: string;
  schoolId: string;
  owner: PhotoOwner;
  /** YYYY-MM-DD: yyyy/mm of the key come from it. */
  evidenceDate: string;
  photoId: string;
  contentType: PhotoContentType;
}

/** The object key a photo must be uploaded to (see the layout above). */
export function photoObjectKey(parts: PhotoKeyParts): string {
  const [yyyy, mm] = parts.evidenceDate.split('-');
  const ownerSegment = parts.owner.kind === 'hazard' ? `${HAZARD_SEGMENT_PREFIX}${parts.owner.id}` : parts.owner.id;
  return `${EVIDENCE_PREFIX}${parts.districtId}/${parts.schoolId}/${yyyy}/${mm}/${ownerSegment}/${parts.photoId}.${extensionFor(parts.contentType)}`;
}

/** A key of ours, taken apart. */
export interface ParsedPhotoKey {
  /** Which prefix it is under. */
  area: 'evidence' | 'quarantine';
  districtId: string;
  schoolId: string;
  year: string;
  month: string;
  /**
   * The owner folder: a submission id, or `hazard-<hazardId>`. Not taken apart further on
   * purpose: a submission id may itself begin with `hazard-`, so only the Photo item (found by
   * districtId and photoId) says what the owner is.
   */
  ownerSegment: string;
  photoId: string;
  extension: PhotoExtension;
  /** The content type the extension stands for. */
  contentType: PhotoContentType;
}

const ID = '[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?';
const OWNER = '[A-Za-z0-9][A-Za-z0-9._:-]{0,87}';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const KEY_PATTERN = new RegExp(
  `^(evidence|quarantine)/(${ID})/(${ID})/(\\d{4})/(0[1-9]|1[0-2])/(${OWNER})/(${UUID})\\.([a-z]{3,4})$`,
);

/**
 * Takes apart a key made by `photoObjectKey` (or its quarantine twin); undefined for anything
 * else, so the verifier leaves objects that are not ours alone. The key must be decoded: S3
 * event notifications URL-encode it (`+` for a space, `%3A` for `:`).
 */
export function parsePhotoObjectKey(key: string): ParsedPhotoKey | undefined {
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  const [, area, districtId, schoolId, year, month, ownerSegment, photoId, extension] = match as unknown as [
    string,
    ...string[],
  ];
  const contentType = contentTypeForExtension(extension ?? '');
  if (!contentType || !area || !districtId || !schoolId || !year || !month || !ownerSegment || !photoId)
    return undefined;
  return {
    area: area as ParsedPhotoKey['area'],
    districtId,
    schoolId,
    year,
    month,
    ownerSegment,
    photoId,
    extension: extensionFor(contentType),
    contentType,
  };
}

/** Where an evidence object goes when verification refuses it; throws for a key that is not ours. */
export function quarantineKeyFor(key: string): string {
  const parsed = parsePhotoObjectKey(key);
  if (!parsed || parsed.area !== 'evidence') throw new Error(`Not an evidence key: ${key}`);
  return `${QUARANTINE_PREFIX}${key.slice(EVIDENCE_PREFIX.length)}`;
}
