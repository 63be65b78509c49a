import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { SigningKeyEntity } from '../db/entities';
import { ID_PATTERN } from '../directory/schemas';
import { writtenUnlessConditionFails } from '../db/writes';
import { AppError } from '../errors';
import { verifiedPhotoDownload } from './downloads';
import { getPhoto, PHOTO_ID_UUID } from './records';

/*
 * Photo links for mail. An official reads the monthly report on a phone, where a link cannot
 * carry a bearer token: the report's photo links are capabilities instead, each naming one photo
 * of one district and an expiry, signed with HMAC-SHA256 under a key only the stack's functions
 * read (a SigningKey item, made on first use). GET /v1/photo-links/{photoId}?d=&e=&s= checks the
 * signature and the expiry and answers like GET /v1/photos/{id}: a 302 to a five-minute presigned
 * GET of the photo if it is verified. A wrong or altered link is simply not found; a genuine one
 * past its expiry says so (410).
 */

/** How long a photo link in a report mail opens the photo: officials read last month's mail for weeks. */
export const PHOTO_LINK_TTL_DAYS = 90;

const KEY_PURPOSE = 'photo-links';

/** The parts a link signs. `expires`: Unix seconds. */
export interface PhotoLinkClaims {
  districtId: string;
  photoId: string;
  expires: number;
}

function signature(key: Buffer, claims: PhotoLinkClaims): Buffer {
  return createHmac('sha256', key)
    .update(`houqin-photo-link-v1\n${claims.districtId}\n${claims.photoId}\n${claims.expires}`)
    .digest();
}

/** The link for `claims` under `baseUrl` (the public API URL, no trailing slash needed). */
export function photoLinkUrl(baseUrl: string, key: Buffer, claims: PhotoLinkClaims): string {
  const query = new URLSearchParams({
    d: claims.districtId,
    e: String(claims.expires),
    s: signature(key, claims).toString('base64url'),
  });
  return `${baseUrl.replace(/\/+$/, '')}/v1/photo-links/${encodeURIComponent(claims.photoId)}?${query}`;
}

/**
 * The claims of a link whose signature is right, or NOT_FOUND (a malformed, altered or forged
 * link, said the same way whatever was wrong). An expired genuine link: PHOTO_LINK_EXPIRED.
 */
export function checkPhotoLink(
  key: Buffer,
  photoId: string | undefined,
  query: Record<string, string | undefined>,
  now: Date,
): PhotoLinkClaims {
  const { d: districtId, e: expiresText, s: given } = query;
  if (
    !photoId ||
    !PHOTO_ID_UUID.test(photoId) ||
    !districtId ||
    !ID_PATTERN.test(districtId) ||
    !expiresText ||
    !/^\d{1,12}$/.test(expiresText) ||
    !given
  ) {
    throw new AppError('NOT_FOUND');
  }
  const claims = { districtId, photoId, expires: Number(expiresText) };
  const expected = signature(key, claims);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new AppError('NOT_FOUND');
  if (claims.expires * 1000 <= now.getTime()) throw new AppError('PHOTO_LINK_EXPIRED');
  return claims;
}

let cachedKey: Promise<Buffer> | undefined;

const readKey = async (): Promise<Buffer | undefined> => {
  const { Item } = await SigningKeyEntity.build(GetItemCommand)
    .key({ purpose: KEY_PURPOSE })
    .options({ consistent: true })
    .send();
  return Item ? Buffer.from(Item.secret, 'base64') : undefined;
};

/**
 * The photo-link key: read from the table, or made (32 random bytes) and written if absent. Two
 * cold starts racing both use the one written first. Cached for the process. Only the functions
 * that mail links make it (they may write the table).
 */
export function photoLinkKey(): Promise<Buffer> {
  cachedKey ??= (async () => {
    const existing = await readKey();
    if (existing) return existing;
    const secret = randomBytes(32).toString('base64');
    const written = await writtenUnlessConditionFails(
      SigningKeyEntity.build(PutItemCommand)
        .item({ purpose: KEY_PURPOSE, secret, schemaVersion: 1 })
        .options({ condition: { attr: 'secret', exists: false } })
        .send(),
    );
    const key = written ? Buffer.from(secret, 'base64') : await readKey();
    if (!key) throw new Error('The photo-link key was neither found nor written');
    return key;
  })().catch((error: unknown) => {
    cachedKey = undefined;
    throw error;
  });
  return cachedKey;
}

/** The key as the link route sees it (read only): undefined until some mail has made it. */
async function existingPhotoLinkKey(): Promise<Buffer | undefined> {
  if (cachedKey) return cachedKey;
  const key = await readKey();
  if (key) cachedKey = Promise.resolve(key);
  return key;
}

/**
 * A link maker for one district's mail: photo id → signed link valid PHOTO_LINK_TTL_DAYS from
 * `now`. Undefined without a public API URL (the mail then lists photos without links).
 */
export async function photoLinker(
  publicApiUrl: string | undefined,
  districtId: string,
  now: Date,
): Promise<((photoId: string) => string) | undefined> {
  if (!publicApiUrl) return undefined;
  const key = await photoLinkKey();
  const expires = Math.floor(now.getTime() / 1000) + PHOTO_LINK_TTL_DAYS * 86_400;
  return (photoId) => photoLinkUrl(publicApiUrl, key, { districtId, photoId, expires });
}

/** GET /v1/photo-links/{photoId}: the presigned GET a genuine, unexpired link opens. */
export async function openPhotoLink(
  photoId: string | undefined,
  query: Record<string, string | undefined>,
  bucket: string,
  now: Date = new Date(),
) {
  const key = await existingPhotoLinkKey();
  // No key yet: no link was ever made, so none is genuine.
  if (!key) throw new AppError('NOT_FOUND');
  const claims = checkPhotoLink(key, photoId, query, now);
  const photo = await getPhoto(claims.districtId, claims.photoId);
  if (!photo) throw new AppError('NOT_FOUND');
  return verifiedPhotoDownload(photo, bucket, now);
}
