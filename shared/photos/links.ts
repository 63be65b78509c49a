import { ID_PATTERN } from '../directory/schemas';
import { AppError } from '../errors';
import { verifiedPhotoDownload } from './downloads';
import { LINK_KEY_VERSION, linkMac, type LinkMac } from './link-keys';
import { getPhoto, PHOTO_ID_UUID } from './records';

/*
 * Photo links for mail. An official reads the monthly report on a phone, where a link cannot
 * carry a bearer token: the report's photo links are capabilities instead, each naming one photo
 * of one district, an expiry and the version of the key it was signed with, signed with
 * HMAC-SHA256 under that version of the photo-link key ring (link-keys.ts: a KMS HMAC key on AWS,
 * which never leaves KMS; a local key file locally).
 * GET /v1/photo-links/{photoId}?k=&d=&e=&s= checks the signature under version k and the expiry
 * and answers like GET /v1/photos/{id}: a 302 to a five-minute presigned GET of the photo if it
 * is verified. A wrong, altered or forged link, and a link of a revoked key version, is simply
 * not found; a genuine one past its expiry says so (410). A rotation leaves the links of the
 * retired (verify-only) version working until they expire.
 */

/** How long a photo link in a report mail opens the photo: officials read last month's mail for weeks. */
export const PHOTO_LINK_TTL_DAYS = 90;

/** How many MACs a mail's links are signed with at once (one KMS request each). */
const SIGNING_CONCURRENCY = 8;

/** The parts a link signs. `expires`: Unix seconds. */
export interface PhotoLinkClaims {
  /** The key version it is signed with. */
  keyVersion: string;
  districtId: string;
  photoId: string;
  expires: number;
}

/** The bytes signed for a link: a purpose and format tag, then every claim. */
function linkMessage(claims: PhotoLinkClaims): string {
  return `houqin-photo-link-v2\n${claims.keyVersion}\n${claims.districtId}\n${claims.photoId}\n${claims.expires}`;
}

/** The link for `claims` with its MAC under `baseUrl` (the public API URL, no trailing slash needed). */
function photoLinkUrl(baseUrl: string, claims: PhotoLinkClaims, mac: Buffer): string {
  const query = new URLSearchParams({
    k: claims.keyVersion,
    d: claims.districtId,
    e: String(claims.expires),
    s: mac.toString('base64url'),
  });
  return `${baseUrl.replace(/\/+$/, '')}/v1/photo-links/${encodeURIComponent(claims.photoId)}?${query}`;
}

/**
 * The claims of a link whose signature is right under a version that is not revoked, or
 * NOT_FOUND (a malformed, altered, forged or revoked link, said the same way whatever was
 * wrong). An expired genuine link: PHOTO_LINK_EXPIRED.
 */
export async function checkPhotoLink(
  photoId: string | undefined,
  query: Record<string, string | undefined>,
  now: Date,
  mac: LinkMac = linkMac(),
): Promise<PhotoLinkClaims> {
  const { k: keyVersion, d: districtId, e: expiresText, s: given } = query;
  if (
    !photoId ||
    !PHOTO_ID_UUID.test(photoId) ||
    !keyVersion ||
    !LINK_KEY_VERSION.test(keyVersion) ||
    !districtId ||
    !ID_PATTERN.test(districtId) ||
    !expiresText ||
    !/^\d{1,12}$/.test(expiresText) ||
    !given ||
    !/^[A-Za-z0-9_-]{43}$/.test(given)
  ) {
    throw new AppError('NOT_FOUND');
  }
  const claims = { keyVersion, districtId, photoId, expires: Number(expiresText) };
  if (!(await mac.verifyMac(keyVersion, linkMessage(claims), Buffer.from(given, 'base64url'))))
    throw new AppError('NOT_FOUND');
  if (claims.expires * 1000 <= now.getTime()) throw new AppError('PHOTO_LINK_EXPIRED');
  return claims;
}

/**
 * A link maker for one district's mail: the links of `photoIds`, valid PHOTO_LINK_TTL_DAYS from
 * `now`, signed up front under the active key version (one MAC request each, a few at a time),
 * then handed out by id; asking for a photo not in `photoIds` is a programming error (throws).
 * Undefined without a public API URL (the mail then lists photos without links).
 */
export async function photoLinker(
  publicApiUrl: string | undefined,
  districtId: string,
  now: Date,
  photoIds: readonly string[],
  mac: LinkMac = linkMac(),
): Promise<((photoId: string) => string) | undefined> {
  if (!publicApiUrl) return undefined;
  const links = new Map<string, string>();
  const pending = [...new Set(photoIds)];
  if (pending.length > 0) {
    const keyVersion = await mac.activeVersion();
    const expires = Math.floor(now.getTime() / 1000) + PHOTO_LINK_TTL_DAYS * 86_400;
    const sign = async (photoId: string) => {
      const claims = { keyVersion, districtId, photoId, expires };
      links.set(photoId, photoLinkUrl(publicApiUrl, claims, await mac.generateMac(keyVersion, linkMessage(claims))));
    };
    for (let start = 0; start < pending.length; start += SIGNING_CONCURRENCY)
      await Promise.all(pending.slice(start, start + SIGNING_CONCURRENCY).map(sign));
  }
  return (photoId) => {
    const link = links.get(photoId);
    if (!link) throw new Error(`No photo link was signed for ${photoId}`);
    return link;
  };
}

/** GET /v1/photo-links/{photoId}: the presigned GET a genuine, unexpired link of a key version not revoked opens. */
export async function openPhotoLink(
  photoId: string | undefined,
  query: Record<string, string | undefined>,
  bucket: string,
  now: Date = new Date(),
  mac: LinkMac = linkMac(),
) {
  const claims = await checkPhotoLink(photoId, query, now, mac);
  const photo = await getPhoto(claims.districtId, claims.photoId);
  if (!photo) throw new AppError('NOT_FOUND');
  return verifiedPhotoDownload(photo, bucket, now);
}
