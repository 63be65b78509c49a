/*
 * What every DynamoDB write of ours needs to tell apart: a conditional write that failed its
 * condition, the reasons of a cancelled transaction, and lists split to a transaction's size.
 * This module imports nothing, so any function may use it without loading the toolbox.
 */

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
