import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { fileTypeFromBuffer } from 'file-type';
import type { Text } from '../i18n';
import { MAX_PHOTO_BYTES } from '../http/limits';
import {
  EVIDENCE_PREFIX,
  QUARANTINE_PREFIX,
  isPhotoContentType,
  parsePhotoObjectKey,
  quarantineKeyFor,
  type PhotoContentType,
} from './keys';
import { recordQuarantined, recordVerified, type RecordResult } from './outcomes';
import { getPhoto, PHOTO_QUARANTINE_REASONS, type QuarantineReason, type StoredPhoto } from './records';

/*
 * Verification of every upload to the photo bucket (the S3 ObjectCreated handler's core).
 * s3rver enforces none of a presigned POST's policy, and on AWS the policy pins only the key,
 * the declared Content-Type and a size range, never what the bytes are: this is the real guard.
 *
 * `inspectUpload` is the pure part: size and the first bytes against what the school declared,
 * the real type found by file-type (a maintained detector, not a table of our own).
 * `verifyUpload` does the S3 and table work around it for one object, safe to run again for
 * the same event (Lambda and EventBridge deliver at least once):
 *   1. take the key apart (keys.ts) and find its Photo; an object nobody asked for is moved to
 *      quarantine/ (kept as evidence, never deleted) with reason UNEXPECTED_OBJECT;
 *   2. HeadObject for size: empty and oversize objects are refused without being read;
 *   3. a ranged GET of the first DETECTION_BYTES bytes for the type;
 *   4. passed: the whole object is streamed once for its SHA-256, and the photo recorded
 *      verified (the store flags the same content used by the school on another day);
 *   5. refused: the object is copied to quarantine/<same rest>, the photo recorded quarantined
 *      with the reason, then the original deleted. A retry after any step finds the work
 *      half-done and finishes it: copy and record are idempotent, and a photo already
 *      quarantined whose original is still there only needs the delete.
 * Anything unexpected throws, so the event is retried and finally reaches the failure queue.
 */

/** How many leading bytes are read to find the real type (file-type's `reasonableDetectionSizeInBytes`). */
export const DETECTION_BYTES = 4100;

/**
 * What file-type may report for each declared type. HEIF images are named by their ftyp
 * box's major brand: `heic` for most phone photos, `mif1` (image/heif) for others; both are HEIC photos.
 */
const ACCEPTED_DETECTIONS: Record<PhotoContentType, readonly string[]> = {
  'image/jpeg': ['image/jpeg'],
  'image/png': ['image/png'],
  'image/webp': ['image/webp'],
  'image/heic': ['image/heic', 'image/heif'],
};

/** Types file-type can report that are photos we take (declared as the wrong one of them is a mismatch, not garbage). */
const PHOTO_DETECTIONS = new Set(Object.values(ACCEPTED_DETECTIONS).flat());

/** An upload's verdict: accepted with the type its bytes really have, or refused with a reason. */
export type UploadVerdict =
  | { ok: true; detectedType: string }
  | {
      ok: false;
      reason: QuarantineReason;
      /** What file-type found, when it found anything. */
      detectedType?: string;
      /** The reason's message with the particulars (sizes, types), in both locales. */
      message: Text;
    };

export interface UploadFacts {
  /** The content type the school declared when it asked for the upload. */
  declaredType: string;
  /** The size the school declared, when it declared one. */
  declaredBytes?: number;
  /** The Content-Type the object was stored with (the upload form's field), when known. */
  storedType?: string;
  /** The object's real size in bytes. */
  size: number;
  /** Its first bytes (DETECTION_BYTES are enough; fewer for a smaller object). */
  head: Uint8Array;
}

function refuse(reason: QuarantineReason, detail?: Text, detectedType?: string): Extract<UploadVerdict, { ok: false }> {
  const base = PHOTO_QUARANTINE_REASONS[reason];
  const message = detail
    ? { zh: `${base.zh}（${detail.zh}）`, en: `${base.en} (${detail.en})` }
    : { zh: base.zh, en: base.en };
  return { ok: false, reason, message, ...(detectedType !== undefined ? { detectedType } : {}) };
}

/**
 * The checks that need only the size: an empty object, one over MAX_PHOTO_BYTES, one whose size
 * is not what the school declared. Undefined when the size is acceptable.
 */
export function inspectSize(
  facts: Pick<UploadFacts, 'size' | 'declaredBytes'>,
): Extract<UploadVerdict, { ok: false }> | undefined {
  const { size, declaredBytes } = facts;
  if (size <= 0) return refuse('EMPTY');
  if (size > MAX_PHOTO_BYTES) return refuse('TOO_LARGE', { zh: `${size} 字节`, en: `${size} bytes` });
  if (declaredBytes !== undefined && size !== declaredBytes) {
    return refuse('SIZE_MISMATCH', {
      zh: `声明 ${declaredBytes} 字节，实际 ${size} 字节`,
      en: `declared ${declaredBytes} bytes, received ${size}`,
    });
  }
  return undefined;
}

/**
 * Judges one upload from its size and first bytes: refused when empty, over 10 MiB, not the
 * declared size, stored with another Content-Type than declared, not a JPEG/PNG/WebP/HEIC image
 * (UNRECOGNIZED_CONTENT), or an image of another type than declared (TYPE_MISMATCH).
 */
export async function inspectUpload(facts: UploadFacts): Promise<UploadVerdict> {
  const bySize = inspectSize(facts);
  if (bySize) return bySize;
  const { declaredType, storedType } = facts;
  const accepted = isPhotoContentType(declaredType) ? ACCEPTED_DETECTIONS[declaredType] : [];
  const detected = (await fileTypeFromBuffer(facts.head.subarray(0, DETECTION_BYTES)))?.mime;
  if (detected === undefined || !PHOTO_DETECTIONS.has(detected)) {
    const found = detected
      ? { zh: `检测为 ${detected}`, en: `found ${detected}` }
      : { zh: '无法识别', en: 'not recognised' };
    return refuse(
      'UNRECOGNIZED_CONTENT',
      { zh: `声明为 ${declaredType}，${found.zh}`, en: `declared ${declaredType}, ${found.en}` },
      detected,
    );
  }
  if (!accepted.includes(detected)) {
    return refuse(
      'TYPE_MISMATCH',
      { zh: `声明为 ${declaredType}，实际为 ${detected}`, en: `declared ${declaredType}, found ${detected}` },
      detected,
    );
  }
  // The stored Content-Type is what a download is served with: it must be the declared one.
  if (storedType !== undefined && storedType !== declaredType) {
    return refuse(
      'TYPE_MISMATCH',
      { zh: `声明为 ${declaredType}，以 ${storedType} 存储`, en: `declared ${declaredType}, stored as ${storedType}` },
      detected,
    );
  }
  return { ok: true, detectedType: detected };
}

// ---------------------------------------------------------------------------------------------
// One object in the bucket

/** What verification did with one object (the handler logs it). */
export type VerifyOutcome =
  | {
      outcome: 'verified';
      photoId: string;
      size: number;
      sha256: string;
      detectedType: string;
      duplicateOf?: string;
      /** True when an earlier delivery had recorded it already. */
      repeated: boolean;
    }
  | {
      outcome: 'quarantined';
      /** Undefined for an object no photo was asked for. */
      photoId?: string;
      reason: QuarantineReason;
      quarantineKey: string;
      message: Text;
      repeated: boolean;
    }
  /** Nothing to do: the key is outside evidence/, or the object is gone (moved by an earlier delivery, or deleted). */
  | { outcome: 'ignored'; why: 'not-evidence' | 'gone' | 'already-quarantined'; photoId?: string };

/** The photo store operations verification uses (records.ts and outcomes.ts; replaceable for fault-injection tests). */
export interface VerifyStore {
  getPhoto: typeof getPhoto;
  recordVerified: typeof recordVerified;
  recordQuarantined: typeof recordQuarantined;
}

export interface VerifyDeps {
  s3: S3Client;
  store?: VerifyStore;
  now?: () => Date;
}

const DEFAULT_STORE: VerifyStore = { getPhoto, recordVerified, recordQuarantined };

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** HeadObject, or undefined when there is no such object (any more). */
async function headObject(s3: S3Client, bucket: string, key: string): Promise<HeadObjectCommandOutput | undefined> {
  try {
    return await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** What HeadObject said of the object judged: its ETag, and its version id in a versioned bucket. */
type ObjectHead = Pick<HeadObjectCommandOutput, 'ETag' | 'VersionId'>;

/** Reads of the object judged, and of no later upload to its key: its version and its ETag. */
function pinned(head: ObjectHead): { VersionId?: string; IfMatch?: string } {
  return { ...(head.VersionId ? { VersionId: head.VersionId } : {}), ...(head.ETag ? { IfMatch: head.ETag } : {}) };
}

/** The first `bytes` bytes of an object (all of it when smaller). */
async function readHead(
  s3: S3Client,
  bucket: string,
  key: string,
  head: ObjectHead,
  bytes: number,
): Promise<Uint8Array> {
  const { Body } = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${bytes - 1}`, ...pinned(head) }),
  );
  if (!Body) throw new Error(`GetObject ${key} returned no body`);
  return Body.transformToByteArray();
}

/** SHA-256 (hex) and length of a whole object, streamed: a 10 MiB photo is never held at once. */
async function hashObject(
  s3: S3Client,
  bucket: string,
  key: string,
  head: ObjectHead,
): Promise<{ sha256: string; size: number }> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...pinned(head) }));
  if (!Body) throw new Error(`GetObject ${key} returned no body`);
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of Body as Readable) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * An S3 CopySource: the bucket, then the key URL-encoded except for the characters S3 takes as
 * they are (every character of our own keys among them: s3rver does not decode the header).
 */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${Array.from(key, (char) => (/[A-Za-z0-9._~:/-]/.test(char) ? char : encodeURIComponent(char))).join('')}`;
}

/** quarantine/<the rest>: keys.ts's twin for our keys, the same rule for an evidence/ key that is not ours. */
function quarantineKeyOf(key: string): string {
  return parsePhotoObjectKey(key) ? quarantineKeyFor(key) : `${QUARANTINE_PREFIX}${key.slice(EVIDENCE_PREFIX.length)}`;
}

/**
 * Copies the object to its quarantine key, stored as opaque bytes (nobody's browser should
 * render what was refused) with the reason in its metadata. Idempotent; IfMatch makes sure the
 * copy is of the version that was judged.
 */
async function copyToQuarantine(
  s3: S3Client,
  bucket: string,
  key: string,
  etag: string | undefined,
  reason: QuarantineReason,
  declaredType?: string,
): Promise<string> {
  const quarantineKey = quarantineKeyOf(key);
  await s3.send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: quarantineKey,
      CopySource: copySource(bucket, key),
      ...(etag ? { CopySourceIfMatch: etag } : {}),
      MetadataDirective: 'REPLACE',
      ContentType: 'application/octet-stream',
      Metadata: {
        'houqin-reason': reason,
        'houqin-source-key': key,
        ...(declaredType ? { 'houqin-declared-type': declaredType } : {}),
      },
    }),
  );
  return quarantineKey;
}

/**
 * Deletes the original. In the versioned bucket this adds a delete marker: the refused version
 * stays restorable until the lifecycle expires it (and an Object Lock retention allows).
 */
async function deleteOriginal(s3: S3Client, bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

function expectRecorded(result: RecordResult, what: string, photoId: string): StoredPhoto {
  if (result.result === 'not-found') throw new Error(`Photo ${photoId} disappeared while its ${what} was recorded`);
  return result.photo;
}

/**
 * Verifies one new object of the photo bucket (see the top of this file). `key` as EventBridge's
 * `Object Created` event carries it: not URL-encoded (unlike S3's own notifications), so it is
 * used as is; s3rver's records, converted locally, are not encoded either.
 */
export async function verifyUpload(bucket: string, key: string, deps: VerifyDeps): Promise<VerifyOutcome> {
  const { s3 } = deps;
  const store = deps.store ?? DEFAULT_STORE;
  const now = deps.now ?? (() => new Date());
  if (!key.startsWith(EVIDENCE_PREFIX)) return { outcome: 'ignored', why: 'not-evidence' };

  const parsed = parsePhotoObjectKey(key);
  const photo = parsed ? await store.getPhoto(parsed.districtId, parsed.photoId) : undefined;
  const head = await headObject(s3, bucket, key);
  if (!head) return { outcome: 'ignored', why: 'gone', ...(photo ? { photoId: photo.photoId } : {}) };

  // Nobody asked for this object: keep it out of evidence/, but keep it.
  if (!photo || photo.objectKey !== key) {
    const quarantineKey = await copyToQuarantine(s3, bucket, key, head.ETag, 'UNEXPECTED_OBJECT');
    await deleteOriginal(s3, bucket, key);
    return {
      outcome: 'quarantined',
      reason: 'UNEXPECTED_OBJECT',
      quarantineKey,
      message: { ...PHOTO_QUARANTINE_REASONS.UNEXPECTED_OBJECT },
      repeated: false,
    };
  }

  // An earlier delivery recorded the quarantine but did not get to delete the original.
  if (photo.status === 'quarantined' && photo.quarantineKey) {
    await copyToQuarantine(
      s3,
      bucket,
      key,
      head.ETag,
      (photo.quarantineReason as QuarantineReason | undefined) ?? 'UNEXPECTED_OBJECT',
      photo.contentType,
    );
    await deleteOriginal(s3, bucket, key);
    return { outcome: 'ignored', why: 'already-quarantined', photoId: photo.photoId };
  }

  const size = head.ContentLength ?? 0;
  const declared = {
    declaredType: photo.contentType,
    declaredBytes: photo.bytes,
    size,
    ...(head.ContentType ? { storedType: head.ContentType } : {}),
  };
  const verdict =
    inspectSize(declared) ??
    (await inspectUpload({ ...declared, head: await readHead(s3, bucket, key, head, DETECTION_BYTES) }));

  const quarantine = async (
    refusal: Extract<UploadVerdict, { ok: false }>,
    sha256?: string,
  ): Promise<VerifyOutcome> => {
    const quarantineKey = await copyToQuarantine(s3, bucket, key, head.ETag, refusal.reason, photo.contentType);
    const result = await store.recordQuarantined({
      districtId: photo.districtId,
      photoId: photo.photoId,
      objectKey: key,
      reason: refusal.reason,
      quarantineKey,
      quarantinedAt: now(),
      size,
      ...(sha256 !== undefined ? { sha256 } : {}),
      ...(refusal.detectedType !== undefined ? { detectedType: refusal.detectedType } : {}),
    });
    const current = expectRecorded(result, 'quarantine', photo.photoId);
    // Verified meanwhile by a delivery for a newer upload: judge again from the start (a retry).
    if (result.result === 'conflict' && current.status === 'verified')
      throw new Error(`Photo ${photo.photoId} was verified while this delivery quarantined it`);
    await deleteOriginal(s3, bucket, key);
    return {
      outcome: 'quarantined',
      photoId: photo.photoId,
      reason: refusal.reason,
      quarantineKey,
      message: refusal.message,
      repeated: result.result !== 'recorded',
    };
  };

  if (!verdict.ok) {
    // A verified photo whose object now fails was overwritten through the same upload form.
    return quarantine(
      photo.status === 'verified' ? { ...refuse('REPLACED'), detectedType: verdict.detectedType } : verdict,
    );
  }

  const content = await hashObject(s3, bucket, key, head);
  if (content.size !== size)
    throw new Error(`Object ${key} changed while it was read (${size} bytes announced, ${content.size} read)`);
  const result = await store.recordVerified({
    districtId: photo.districtId,
    photoId: photo.photoId,
    objectKey: key,
    size,
    sha256: content.sha256,
    detectedType: verdict.detectedType,
    verifiedAt: now(),
    ...(head.VersionId ? { versionId: head.VersionId } : {}),
  });
  if (result.result === 'conflict') {
    // Verified earlier with other content: the form was used again and the object replaced.
    if (result.photo.status === 'verified')
      return quarantine({ ...refuse('REPLACED'), detectedType: verdict.detectedType }, content.sha256);
    throw new Error(`Photo ${photo.photoId} is ${result.photo.status}; a valid upload cannot be recorded over it`);
  }
  const recorded = expectRecorded(result, 'verification', photo.photoId);
  return {
    outcome: 'verified',
    photoId: photo.photoId,
    size,
    sha256: content.sha256,
    detectedType: verdict.detectedType,
    ...(recorded.duplicateOf ? { duplicateOf: recorded.duplicateOf } : {}),
    repeated: result.result === 'unchanged',
  };
}
