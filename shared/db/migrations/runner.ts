import { PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient } from '../../clients';
import { ENV, requireEnv } from '../../config';
import { ENTITY_ATTRIBUTE, TIMESTAMP_ATTRIBUTES } from '../keys';
import { isConditionalCheckFailed } from '../writes';

/*
 * Item migrations: an entity's stored shape changes (its `schemaVersion` goes from N to N+1), the
 * code reads both versions and writes the new one, and a migration upgrades the items already
 * stored, in place, while the system runs:
 *
 *  - it reads the table page by page (a Scan filtered on the entity and the old version), and
 *    after each page hands the caller a cursor (the page's LastEvaluatedKey) with the counts so
 *    far: the caller keeps it (the CLI writes a checkpoint file), and a run started again from it
 *    carries on where the last one stopped. Items upgraded before the stop no longer match the
 *    filter, so a page read twice upgrades nothing twice;
 *  - each item is written back on condition that it is still the version read and was not written
 *    since (its `updatedAt`): an item a request changed meanwhile is never overwritten; it is
 *    counted as a conflict and left for the next run (or upgraded by that request's own write);
 *  - a dry run reads and counts the same, computes each upgrade, and writes nothing.
 */

/** A raw stored item (attribute names as in the table). */
export type StoredItem = Record<string, unknown>;

/** One schema change of one entity. */
export interface Migration {
  /** What the CLI names it by, e.g. `suppressed-recipient-v2`. */
  name: string;
  /** The entity's name as saved in the `entity` attribute. */
  entity: string;
  from: number;
  to: number;
  /** What changes, for the operator (zh-CN and en). */
  description: { zh: string; en: string };
  /** The item at version `to`, from the item at version `from` (pure; keys and index attributes kept). */
  upgrade(item: StoredItem): StoredItem;
}

/** Counts of a run (of all runs so far, when resumed from a checkpoint that carries them). */
export interface MigrationCounts {
  /** Items the Scan read (every entity: the filter is applied after the read). */
  scanned: number;
  /** Items of the entity at the old version found. */
  matched: number;
  /** Written at the new version (a dry run: would be). */
  upgraded: number;
  /** Changed by someone else between the read and the write: left as they are, for the next run. */
  conflicts: number;
}

export interface MigrationProgress {
  counts: MigrationCounts;
  /** Where the next page starts; undefined when the table has been read to the end. */
  cursor?: Record<string, unknown>;
}

export interface MigrationOptions {
  /** Compute and count, write nothing. */
  dryRun: boolean;
  /** Where to start (a checkpoint's cursor); undefined: the start of the table. */
  cursor?: Record<string, unknown>;
  /** Counts carried over from the checkpoint. */
  counts?: MigrationCounts;
  /** Items the Scan evaluates per page. @default 500 */
  pageSize?: number;
  /** Stops after this many pages (the rest is for a later run from the cursor). @default all */
  maxPages?: number;
  /** Called after each page, once its items are written: keep the cursor to resume from. */
  onPage?(progress: MigrationProgress): Promise<void> | void;
  /** Called before each item is written (tests use it to change an item under the migration's feet). */
  beforeWrite?(item: StoredItem): Promise<void> | void;
  /** First upgrades of a dry run to show. @default 3 */
  samples?: number;
  client?: DynamoDBDocumentClient;
  tableName?: string;
  now?: () => Date;
}

export interface MigrationOutcome extends MigrationProgress {
  migration: string;
  dryRun: boolean;
  /** True when the table was read to the end. */
  done: boolean;
  pages: number;
  /** A dry run's first upgrades: the item before and after. */
  samples: { before: StoredItem; after: StoredItem }[];
}

const emptyCounts = (): MigrationCounts => ({ scanned: 0, matched: 0, upgraded: 0, conflicts: 0 });

/** Runs `migration` over the table from `options.cursor` (see the module's comment). */
export async function runMigration(migration: Migration, options: MigrationOptions): Promise<MigrationOutcome> {
  const client = options.client ?? getDocumentClient();
  const tableName = options.tableName ?? requireEnv(ENV.tableName);
  const now = options.now ?? (() => new Date());
  const counts = { ...(options.counts ?? emptyCounts()) };
  const samples: MigrationOutcome['samples'] = [];
  const wantedSamples = options.samples ?? 3;
  let cursor = options.cursor;
  let pages = 0;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        Limit: options.pageSize ?? 500,
        ConsistentRead: true,
        FilterExpression: '#entity = :entity AND #version = :from',
        ExpressionAttributeNames: { '#entity': ENTITY_ATTRIBUTE, '#version': 'schemaVersion' },
        ExpressionAttributeValues: { ':entity': migration.entity, ':from': migration.from },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    pages += 1;
    counts.scanned += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      counts.matched += 1;
      const upgraded = { ...migration.upgrade(item), schemaVersion: migration.to };
      if (options.dryRun) {
        counts.upgraded += 1;
        if (samples.length < wantedSamples) samples.push({ before: item, after: upgraded });
        continue;
      }
      await options.beforeWrite?.(item);
      if (await writeIfUnchanged(client, tableName, migration, item, upgraded, now())) counts.upgraded += 1;
      else counts.conflicts += 1;
    }
    cursor = page.LastEvaluatedKey;
    await options.onPage?.({ counts: { ...counts }, ...(cursor ? { cursor } : {}) });
  } while (cursor && (options.maxPages === undefined || pages < options.maxPages));
  return {
    migration: migration.name,
    dryRun: options.dryRun,
    done: cursor === undefined,
    pages,
    counts,
    ...(cursor ? { cursor } : {}),
    samples,
  };
}

/** Puts the upgraded item unless the stored one changed since it was read (version and updatedAt); true when written. */
async function writeIfUnchanged(
  client: DynamoDBDocumentClient,
  tableName: string,
  migration: Migration,
  read: StoredItem,
  upgraded: StoredItem,
  at: Date,
): Promise<boolean> {
  const modified = TIMESTAMP_ATTRIBUTES.modified;
  const seen = read[modified];
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...upgraded, [modified]: at.toISOString() },
        ConditionExpression:
          seen === undefined
            ? '#version = :from AND attribute_not_exists(#modified)'
            : '#version = :from AND #modified = :seen',
        ExpressionAttributeNames: { '#version': 'schemaVersion', '#modified': modified },
        ExpressionAttributeValues: { ':from': migration.from, ...(seen === undefined ? {} : { ':seen': seen }) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
