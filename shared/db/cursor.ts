import { AppError } from '../errors';

/*
 * Page cursors. A cursor is the last evaluated key of a Query on one index, base64url-encoded.
 * It is checked on the way back in: exactly the table's and the index's key attributes, short
 * strings, and a partition the caller may read. A cursor from another caller's partition, or a
 * hand-made one, is refused with 400 INVALID_CURSOR and never reaches DynamoDB.
 */

/** The secondary indexes a list pages over (shared/db/table.ts). */
export type CursorIndex = 'gsi1' | 'gsi2' | 'gsi3' | 'gsi4' | 'gsi5' | 'gsi6';

/** Encodes a Query's LastEvaluatedKey as a cursor; undefined when there is no next page. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

/**
 * Decodes a cursor back into an ExclusiveStartKey on `index`, provided its partition is one of
 * `partitions` (the partitions the caller may read in this list). Undefined for no cursor.
 */
export function decodeCursor(
  cursor: string | undefined,
  index: CursorIndex,
  partitions: string | readonly string[],
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('INVALID_CURSOR');
  }
  const allowed = new Set(['pk', 'sk', `${index}pk`, `${index}sk`]);
  const permitted = typeof partitions === 'string' ? [partitions] : partitions;
  const valid =
    key !== null &&
    typeof key === 'object' &&
    !Array.isArray(key) &&
    Object.entries(key).every(
      ([name, value]) => allowed.has(name) && typeof value === 'string' && value.length <= 400,
    ) &&
    Object.keys(key).length === allowed.size &&
    permitted.includes((key as Record<string, string>)[`${index}pk`] as string);
  if (!valid) throw new AppError('INVALID_CURSOR');
  return key as Record<string, string>;
}
