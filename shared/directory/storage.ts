import { EntityParser } from 'dynamodb-toolbox/entity/actions/parse';
import { SchoolEntity, TokenEntity } from '../db/entities';

/*
 * Small helpers the directory's reads and writes share. Query keys are derived from the entity
 * models (by letting the toolbox compute them) so that entities.ts stays the one place keys are
 * written down.
 */

/** The partition and sort-key prefix under which a district's schools are stored. */
export function schoolsOfDistrict(districtId: string): { partition: string; range: { beginsWith: string } } {
  const { key } = SchoolEntity.build(EntityParser).parse({ districtId, schoolId: '' }, { mode: 'key' });
  return { partition: String(key.pk), range: { beginsWith: String(key.sk) } };
}

/** The gsi1 partition listing a district's tokens (or, with no district, the admin tokens). */
export function tokenListPartition(districtId: string | undefined): string {
  const { item } = TokenEntity.build(EntityParser).parse({ tokenHash: '-', tokenId: '-', role: districtId ? 'official' : 'admin', label: '-', districtId });
  return String(item.gsi1pk);
}

/** Whether a single conditional write failed its condition. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

/** Awaits a conditional write: true when it was written, false when its condition failed; anything else throws. */
export async function writtenUnlessConditionFails(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** For a cancelled transaction, each item's cancellation code in order ('None' when it was fine); otherwise undefined. */
export function cancellationCodes(error: unknown): string[] | undefined {
  if ((error as { name?: unknown } | null)?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

/** Splits a list into chunks of at most `size` (DynamoDB transactions hold 100 items). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
