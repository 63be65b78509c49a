import {
  BatchWriteCommand,
  PutCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
  type ScanCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { getDocumentClient } from '../clients';
import { ENTITY_ATTRIBUTE, ENTITY_NAMES } from './keys';
import { TABLE_SHAPE } from './table';
import { chunk, isConditionalCheckFailed } from './writes';

/*
 * Copies every item of one table into another: the copy-back of a point-in-time restore
 * (docs/operations.md § Restore), where the restored table (a new table, as of the chosen time)
 * is copied into the table the stack uses.
 *
 *  - `missing` (the default) puts only items the target does not have (a conditional put each):
 *    what was deleted or lost comes back, and nothing written since the restore point is undone.
 *    `overwrite` puts every item (BatchWriteItem, 25 a request): the target holds the restored
 *    version of every item the restore has (items created after the restore point stay).
 *  - Two passes: first the items whose writes announce nothing (the mail outboxes, tokens,
 *    directory, …), then those the table's stream turns into domain events (submissions,
 *    hazards, reports). A hazard put back is announced again (HazardRaised) only once its
 *    alert's outbox item is back, so the alert is not mailed a second time.
 *  - Resumable like a migration: after each page the caller gets a cursor (the pass and the
 *    Scan's LastEvaluatedKey) and the counts; a run started from it carries on. Puts are
 *    idempotent, so a page copied twice changes nothing.
 */

/** Entities whose writes the stream announces as domain events (shared/events/domain-events.ts). */
export const ANNOUNCED_ENTITIES = [ENTITY_NAMES.submission, ENTITY_NAMES.hazard, 'Report'] as const;

export type CopyMode = 'missing' | 'overwrite';

export interface CopyCounts {
  scanned: number;
  /** Put into the target (a dry run: would be, in `overwrite`; in `missing` every item read, unchecked). */
  written: number;
  /** `missing`: already in the target, left as it is. */
  present: number;
}

export interface CopyCursor {
  pass: 1 | 2;
  key?: Record<string, unknown>;
}

export interface CopyProgress {
  counts: CopyCounts;
  /** Where the next page starts; undefined when both passes are done. */
  cursor?: CopyCursor;
}

export interface CopyOptions {
  from: string;
  to: string;
  mode: CopyMode;
  dryRun?: boolean;
  cursor?: CopyCursor;
  counts?: CopyCounts;
  /** @default 500 */
  pageSize?: number;
  /** Stops after this many pages (resume from the cursor). */
  maxPages?: number;
  onPage?(progress: CopyProgress): Promise<void> | void;
  client?: DynamoDBDocumentClient;
}

export interface CopyOutcome extends CopyProgress {
  done: boolean;
  pages: number;
}

/** Items put at once in `missing` mode (one conditional put each). */
const PARALLEL_PUTS = 16;

function passFilter(pass: 1 | 2) {
  const names = Object.fromEntries(ANNOUNCED_ENTITIES.map((_, i) => [`:e${i}`, ANNOUNCED_ENTITIES[i]]));
  const list = Object.keys(names).join(', ');
  return {
    FilterExpression: pass === 1 ? `NOT (#entity IN (${list}))` : `#entity IN (${list})`,
    ExpressionAttributeNames: { '#entity': ENTITY_ATTRIBUTE },
    ExpressionAttributeValues: names,
  };
}

async function putMissing(
  client: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown>,
): Promise<boolean> {
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': TABLE_SHAPE.partitionKey.name },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

async function putAll(client: DynamoDBDocumentClient, table: string, items: readonly Record<string, unknown>[]) {
  for (const batch of chunk(items, 25)) {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
}

/** Copies `from` into `to` (see the module's comment). */
export async function copyTable(options: CopyOptions): Promise<CopyOutcome> {
  if (options.from === options.to) throw new Error('The source and the target are the same table');
  const client = options.client ?? getDocumentClient();
  const counts = { ...(options.counts ?? { scanned: 0, written: 0, present: 0 }) };
  let cursor: CopyCursor | undefined = options.cursor ?? { pass: 1 };
  let pages = 0;
  while (cursor && (options.maxPages === undefined || pages < options.maxPages)) {
    const pass: 1 | 2 = cursor.pass;
    const page: ScanCommandOutput = await client.send(
      new ScanCommand({
        TableName: options.from,
        Limit: options.pageSize ?? 500,
        ConsistentRead: true,
        ...passFilter(pass),
        ...(cursor.key ? { ExclusiveStartKey: cursor.key } : {}),
      }),
    );
    pages += 1;
    counts.scanned += page.Items?.length ?? 0;
    const items = page.Items ?? [];
    if (options.dryRun) counts.written += items.length;
    else if (options.mode === 'overwrite') {
      await putAll(client, options.to, items);
      counts.written += items.length;
    } else {
      for (const group of chunk(items, PARALLEL_PUTS)) {
        const written = await Promise.all(group.map((item) => putMissing(client, options.to, item)));
        counts.written += written.filter(Boolean).length;
        counts.present += written.filter((w) => !w).length;
      }
    }
    cursor = page.LastEvaluatedKey ? { pass, key: page.LastEvaluatedKey } : pass === 1 ? { pass: 2 } : undefined;
    await options.onPage?.({ counts: { ...counts }, ...(cursor ? { cursor } : {}) });
  }
  return { done: cursor === undefined, pages, counts, ...(cursor ? { cursor } : {}) };
}
