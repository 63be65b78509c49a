import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import * as z from 'zod';

/*
 * The keys photo links are signed with (links.ts), as a key ring of versions. Each version has a
 * status:
 *   active       new links are signed with it (exactly one version is active);
 *   verify-only  links signed with it still open until they expire, no new link is signed with it
 *                (the version a rotation retired);
 *   revoked      its links no longer open (the version is believed leaked, or its links must die).
 * A link names the version it was signed with (`k=`), so a rotation leaves every link that has
 * not expired working, and a revocation stops exactly the links of that version.
 *
 * On AWS every version is a KMS HMAC key (HMAC_256, GENERATE_VERIFY_MAC): the key never leaves
 * KMS, links are signed with GenerateMac and checked with VerifyMac. The stack
 * (infra/constructs/photo-link-keys.ts) makes one KMS key per version of the `photoLinkKeys`
 * setting and tells each function the versions it may use in PHOTO_LINK_KEYS (JSON: version,
 * status, keyArn): the functions that mail links get GenerateMac on the active key only, the link
 * route VerifyMac on the active and verify-only keys, nobody anything on a revoked one (whose KMS
 * key is also disabled, so VerifyMac fails at once in every warm function).
 *
 * Locally (no PHOTO_LINK_KEYS) the same interface is emulated with a key file:
 * PHOTO_LINK_KEY_FILE, else <HOUQIN_LOCAL_DIR or .local>/photo-link-keys.json, made with one
 * active version `v1` (32 random bytes) when a link is first signed. It is read on every call,
 * so an edit of a status (a local rotation or revocation) holds at once; nothing is cached.
 */

export const LINK_KEY_STATUSES = ['active', 'verify-only', 'revoked'] as const;
export type LinkKeyStatus = (typeof LINK_KEY_STATUSES)[number];

/** A version name as links carry it: short, lower-case (`v1`, `v2`, `2027-01`). */
export const LINK_KEY_VERSION = /^[a-z0-9][a-z0-9-]{0,19}$/;

/** One version of the key ring as configuration names it. */
export const linkKeyVersionSchema = z
  .object({
    version: z.string().regex(LINK_KEY_VERSION),
    status: z.enum(LINK_KEY_STATUSES),
  })
  .strict();
export type LinkKeyVersion = z.infer<typeof linkKeyVersionSchema>;

/** Checks a key ring's versions: names unique, exactly one active. Throws with the reason otherwise. */
export function checkKeyRing<T extends LinkKeyVersion>(versions: readonly T[]): readonly T[] {
  const names = versions.map((v) => v.version);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw new Error(`Photo-link key version ${twice} is listed twice`);
  const active = versions.filter((v) => v.status === 'active');
  if (active.length !== 1)
    throw new Error(`The photo-link key ring needs exactly one active version (found ${active.length})`);
  return versions;
}

/** Signs and checks messages under the versions of the key ring. */
export interface LinkMac {
  /** The version new links are signed with. */
  activeVersion(): Promise<string>;
  /** The HMAC-SHA256 of `message` under the active version `version`. */
  generateMac(version: string, message: string): Promise<Buffer>;
  /**
   * Whether `mac` is genuine for `message` under `version`. False for a wrong MAC, an unknown or
   * revoked version, and a key KMS refuses (disabled, pending deletion): never an error for
   * those, so every bad link is answered alike.
   */
  verifyMac(version: string, message: string, mac: Buffer): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// KMS

export const PHOTO_LINK_KEYS_ENV = 'PHOTO_LINK_KEYS';
export const PHOTO_LINK_KEY_FILE_ENV = 'PHOTO_LINK_KEY_FILE';

const kmsKeyRingSchema = z.array(linkKeyVersionSchema.extend({ keyArn: z.string().min(1) }).strict());
export type KmsLinkKey = z.infer<typeof kmsKeyRingSchema>[number];

/** KMS's answers that mean "this key does not sign or verify any more": the link is not genuine. */
const KMS_REFUSALS = new Set([
  'KMSInvalidMacException',
  'DisabledException',
  'NotFoundException',
  'KMSInvalidStateException',
  'InvalidKeyUsageException',
]);

/** The key ring on KMS, from the versions a function was given (PHOTO_LINK_KEYS). */
export function kmsLinkMac(versions: readonly KmsLinkKey[], client: KMSClient = new KMSClient({})): LinkMac {
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  const active = versions.find((v) => v.status === 'active');
  return {
    async activeVersion() {
      if (!active) throw new Error('No active photo-link key was given to this function');
      return active.version;
    },
    async generateMac(version, message) {
      const key = byVersion.get(version);
      if (!key || key.status !== 'active') throw new Error(`Photo-link key ${version} is not active`);
      const { Mac } = await client.send(
        new GenerateMacCommand({ KeyId: key.keyArn, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message) }),
      );
      if (!Mac) throw new Error('KMS GenerateMac returned no MAC');
      return Buffer.from(Mac);
    },
    async verifyMac(version, message, mac) {
      const key = byVersion.get(version);
      if (!key || key.status === 'revoked' || mac.length === 0) return false;
      try {
        const { MacValid } = await client.send(
          new VerifyMacCommand({
            KeyId: key.keyArn,
            MacAlgorithm: 'HMAC_SHA_256',
            Message: Buffer.from(message),
            Mac: mac,
          }),
        );
        return MacValid === true;
      } catch (error) {
        if (KMS_REFUSALS.has((error as { name?: string } | null)?.name ?? '')) return false;
        throw error;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The local emulation

const localKeyFileSchema = z
  .object({
    versions: z.array(linkKeyVersionSchema.extend({ secret: z.string().min(43) }).strict()),
  })
  .strict();
type LocalKeyFile = z.infer<typeof localKeyFileSchema>;

/** The local key file: PHOTO_LINK_KEY_FILE, else photo-link-keys.json in HOUQIN_LOCAL_DIR (default .local/). */
export function localKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[PHOTO_LINK_KEY_FILE_ENV]?.trim();
  if (explicit) return resolve(explicit);
  const dir = env.HOUQIN_LOCAL_DIR?.trim() || join(__dirname, '..', '..', '.local');
  return resolve(dir, 'photo-link-keys.json');
}

/** The key file's versions, or undefined when there is none yet. */
export function readLocalKeyFile(file: string): LocalKeyFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const ring = localKeyFileSchema.parse(JSON.parse(text));
  checkKeyRing(ring.versions);
  return ring;
}

/** Writes the key file whole (a temporary file renamed over it), readable by its owner only. */
export function writeLocalKeyFile(file: string, ring: LocalKeyFile): void {
  checkKeyRing(ring.versions);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(ring, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

const newSecret = () => randomBytes(32).toString('base64url');

/**
 * A local rotation: a new active version (`v<n+1>`), the active one becomes verify-only.
 * Answers the new version's name.
 */
export function rotateLocalKey(file: string = localKeyFile()): string {
  const ring = readLocalKeyFile(file) ?? { versions: [] };
  const numbers = ring.versions.map((v) => /^v(\d+)$/.exec(v.version)?.[1]).map((n) => Number(n ?? 0));
  const version = `v${Math.max(0, ...numbers) + 1}`;
  writeLocalKeyFile(file, {
    versions: [
      ...ring.versions.map((v) => (v.status === 'active' ? { ...v, status: 'verify-only' as const } : v)),
      { version, status: 'active', secret: newSecret() },
    ],
  });
  return version;
}

/** A local revocation: `version`'s links stop opening. The active version cannot be revoked (rotate first). */
export function revokeLocalKey(version: string, file: string = localKeyFile()): void {
  const ring = readLocalKeyFile(file);
  const found = ring?.versions.find((v) => v.version === version);
  if (!ring || !found) throw new Error(`No photo-link key version ${version} in ${file}`);
  if (found.status === 'active')
    throw new Error(`Photo-link key ${version} is the active one: rotate before revoking it`);
  writeLocalKeyFile(file, {
    versions: ring.versions.map((v) => (v.version === version ? { ...v, status: 'revoked' as const } : v)),
  });
}

/**
 * The key file's ring, made with one active version `v1` when there is none. Made whole aside and
 * linked into place, which fails if the file exists: of two racing makers the first wins, and
 * both sign with its key.
 */
function localRingForSigning(file: string): LocalKeyFile {
  const existing = readLocalKeyFile(file);
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  const ring = { versions: [{ version: 'v1', status: 'active', secret: newSecret() }] };
  writeFileSync(temporary, `${JSON.stringify(ring, null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  const written = readLocalKeyFile(file);
  if (!written) throw new Error(`The photo-link key file ${file} was written but cannot be read`);
  return written;
}

const hmac = (secret: string, message: string) =>
  createHmac('sha256', Buffer.from(secret, 'base64url')).update(message).digest();

/** The key ring emulated with a local file (read on every call). */
export function localLinkMac(file: string = localKeyFile()): LinkMac {
  return {
    async activeVersion() {
      const active = localRingForSigning(file).versions.find((v) => v.status === 'active');
      if (!active) throw new Error(`No active photo-link key in ${file}`);
      return active.version;
    },
    async generateMac(version, message) {
      const key = localRingForSigning(file).versions.find((v) => v.version === version);
      if (!key || key.status !== 'active') throw new Error(`Photo-link key ${version} is not active`);
      return hmac(key.secret, message);
    },
    async verifyMac(version, message, mac) {
      const key = readLocalKeyFile(file)?.versions.find((v) => v.version === version);
      if (!key || key.status === 'revoked') return false;
      const expected = hmac(key.secret, message);
      return mac.length === expected.length && timingSafeEqual(mac, expected);
    },
  };
}

// ---------------------------------------------------------------------------------------------

let kmsMac: LinkMac | undefined;

/**
 * The key ring this process signs and checks links with: KMS when PHOTO_LINK_KEYS is set (the
 * stack sets it), the local key file otherwise. On Lambda without PHOTO_LINK_KEYS it throws:
 * a deployed function never falls back to a file.
 */
export function linkMac(env: NodeJS.ProcessEnv = process.env): LinkMac {
  const configured = env[PHOTO_LINK_KEYS_ENV]?.trim();
  if (configured) {
    kmsMac ??= kmsLinkMac(kmsKeyRingSchema.parse(JSON.parse(configured)));
    return kmsMac;
  }
  if (env.AWS_LAMBDA_FUNCTION_NAME)
    throw new Error(`${PHOTO_LINK_KEYS_ENV} is not set: this function was given no photo-link key`);
  return localLinkMac(localKeyFile(env));
}
