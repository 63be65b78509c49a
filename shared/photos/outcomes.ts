import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient } from '../clients';
import { PhotoEntity, photoContentPartition } from '../db/entities';
import { submissionKey } from '../db/keys';
import { HouqinTable } from '../db/table';
import { cancellationCodes, writtenUnlessConditionFails } from '../db/writes';
import { getPhoto, type QuarantineReason, type StoredPhoto } from './records';

/*
 * Verification outcomes, called by the S3 ObjectCreated handler (verify.ts): what it found is
 * recorded on the Photo item (see the contract in records.ts).
 */

/** How often a record call re-reads after a concurrent change. */
const MAX_ATTEMPTS = 5;

/** What a record call did: wrote the outcome, found it already written, or could not apply it. */
export type RecordResult =
  | { result: 'recorded'; photo: StoredPhoto }
  | { result: 'unchanged'; photo: StoredPhoto }
  /** The photo is in another state the outcome cannot follow (see the contract above). */
  | { result: 'conflict'; photo: StoredPhoto }
  /** No photo with this id and object key. */
  | { result: 'not-found' };

const toIso = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString());

/**
 * The earliest-verified photo of the same school with the same content for another evidence
 * date, if any (gsi2 holds verified photos only).
 */
export async function findEarlierSameContent(
  photo: Pick<StoredPhoto, 'districtId' | 'schoolId' | 'photoId' | 'evidenceDate'>,
  sha256: string,
): Promise<StoredPhoto | undefined> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(PhotoEntity)
    .query({ index: 'gsi2', partition: photoContentPartition(photo.districtId, photo.schoolId, sha256) })
    .options({ maxPages: 10 })
    .send();
  return Items.filter((other) => other.photoId !== photo.photoId && other.evidenceDate !== photo.evidenceDate).sort(
    (a, b) => (a.verifiedAt ?? '').localeCompare(b.verifiedAt ?? '') || a.photoId.localeCompare(b.photoId),
  )[0];
}

/**
 * Writes `next` in place of `current`, on condition that nobody changed it since it was read.
 * When a submission's photo becomes verified (or a verified one is quarantined), the
 * submission's `photoCount` moves by one in the same transaction, so a list shows how many
 * verified photos each submission has without a request per row, and never counts one twice.
 */
async function replacePhoto(current: StoredPhoto, next: StoredPhoto): Promise<boolean> {
  const { updatedAt: _stale, createdAt: _created, ...item } = next;
  const sameStatus = { attr: 'status', eq: current.status } as const;
  const unchanged = { and: [sameStatus, { attr: 'updatedAt', eq: current.updatedAt } as const] };
  const put = PhotoEntity.build(PutItemCommand).item(item).options({ condition: unchanged });
  const delta = (next.status === 'verified' ? 1 : 0) - (current.status === 'verified' ? 1 : 0);
  if (delta === 0 || next.ownerKind !== 'submission') return writtenUnlessConditionFails(put.send());
  const photoPut = PhotoEntity.build(PutTransaction).item(item).options({ condition: unchanged }).params();
  try {
    await getDocumentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: photoPut.Put },
          {
            Update: {
              TableName: photoPut.Put.TableName,
              Key: submissionKey({ districtId: next.districtId, schoolId: next.schoolId, submissionId: next.ownerId }),
              UpdateExpression: 'ADD photoCount :delta',
              ConditionExpression: 'attribute_exists(submissionId)',
              ExpressionAttributeValues: { ':delta': delta },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    // The photo changed since it was read (the caller reads it again), or its submission is gone.
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
    if (cancellationCodes(error)?.[1] === 'ConditionalCheckFailed') return writtenUnlessConditionFails(put.send());
    throw error;
  }
}

/**
 * Records a verified upload: real size, SHA-256 (hex), the type found in its first bytes, and
 * `duplicateOf` when the school used the same content for another day. Only from `requested`;
 * the same verification again is `unchanged`; other content on a verified photo is `conflict`.
 */
export async function recordVerified(input: {
  districtId: string;
  photoId: string;
  objectKey: string;
  size: number;
  sha256: string;
  detectedType: string;
  verifiedAt: Date | string;
  /** The S3 version id of the object read (a versioned bucket's); downloads name it. */
  versionId?: string;
}): Promise<RecordResult> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const current = await getPhoto(input.districtId, input.photoId);
    if (!current || current.objectKey !== input.objectKey) return { result: 'not-found' };
    if (current.status === 'verified') {
      if (current.sha256 !== input.sha256) return { result: 'conflict', photo: current };
      // The same bytes posted again: a new version of the same content. Downloads follow it, so
      // the version they name is the current one (older versions expire by the lifecycle rule).
      if (!input.versionId || current.versionId === input.versionId) return { result: 'unchanged', photo: current };
      const next: StoredPhoto = { ...current, versionId: input.versionId };
      if (await replacePhoto(current, next)) return { result: 'unchanged', photo: next };
      continue;
    }
    if (current.status !== 'requested') return { result: 'conflict', photo: current };
    const earlier = await findEarlierSameContent(current, input.sha256);
    const next: StoredPhoto = {
      ...current,
      status: 'verified',
      verifiedAt: toIso(input.verifiedAt),
      size: input.size,
      sha256: input.sha256,
      detectedType: input.detectedType,
      ...(input.versionId ? { versionId: input.versionId } : {}),
      ...(earlier ? { duplicateOf: earlier.photoId } : {}),
    };
    if (await replacePhoto(current, next)) return { result: 'recorded', photo: next };
  }
  throw new Error(`Photo ${input.photoId} kept changing while its verification was recorded`);
}

/**
 * Records a refused upload: why, and where the object was moved. Only from `requested` (or from
 * `verified` with reason REPLACED); the same quarantine again is `unchanged`.
 */
export async function recordQuarantined(input: {
  districtId: string;
  photoId: string;
  objectKey: string;
  reason: QuarantineReason;
  quarantineKey: string;
  quarantinedAt: Date | string;
  size?: number;
  sha256?: string;
  detectedType?: string;
}): Promise<RecordResult> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const current = await getPhoto(input.districtId, input.photoId);
    if (!current || current.objectKey !== input.objectKey) return { result: 'not-found' };
    if (current.status === 'quarantined')
      return { result: current.quarantineReason === input.reason ? 'unchanged' : 'conflict', photo: current };
    if (current.status === 'verified' && input.reason !== 'REPLACED') return { result: 'conflict', photo: current };
    const { duplicateOf: _dropped, ...rest } = current;
    const next: StoredPhoto = {
      ...rest,
      status: 'quarantined',
      quarantinedAt: toIso(input.quarantinedAt),
      quarantineReason: input.reason,
      quarantineKey: input.quarantineKey,
      ...(input.size !== undefined ? { size: input.size } : {}),
      ...(input.sha256 !== undefined ? { sha256: input.sha256 } : {}),
      ...(input.detectedType !== undefined ? { detectedType: input.detectedType } : {}),
    };
    if (await replacePhoto(current, next)) return { result: 'recorded', photo: next };
  }
  throw new Error(`Photo ${input.photoId} kept changing while its quarantine was recorded`);
}
