import { createHash, randomBytes } from 'node:crypto';

/** Prefix that makes a Houqin token recognisable (e.g. by secret scanners). */
export const TOKEN_PREFIX = 'hq_';

/** A new random bearer token: 32 random bytes, base64url. Shown once, never stored. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 (hex) of a token: the only form in which a token is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a string has the shape of a token we issue (checked before any lookup). */
export function looksLikeToken(value: string): boolean {
  return /^hq_[A-Za-z0-9_-]{43}$/.test(value);
}

/** Extracts the token from an `Authorization: Bearer …` header value. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
  return match?.[1] && looksLikeToken(match[1]) ? match[1] : undefined;
}

/** A token's public id, by which admins list and revoke it: never enough to use it. */
export function newTokenId(): string {
  return 'tok_' + randomBytes(8).toString('hex');
}
