import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import type { PutItemInput } from 'dynamodb-toolbox/entity/actions/put';
import { getDocumentClient } from '../clients';
import { ENV, requireEnv } from '../config';
import type { HazardEntity, SubmissionEntity } from '../db/entities';
import {
  districtKey,
  ENTITY_ATTRIBUTE,
  ENTITY_NAMES,
  hazardIndexKeys,
  hazardKey,
  indexKeysOf,
  SCHEMA_VERSIONS,
  schoolKey,
  schoolMonthPartition,
  submissionIndexKeys,
  submissionKey,
  TIMESTAMP_ATTRIBUTES,
  type ItemKey,
} from '../db/keys';
import type { SchoolFlags, Severity } from '../forms/types';

/*
 * The reads and writes of recording a submission, through the bare document client. They touch
 * the items of the toolbox entities District, School, Submission and Hazard (shared/db/entities.ts)
 * and store exactly what those entities would (keys and index keys from shared/db/keys.ts,
 * entity name, timestamps, schema version); test/integration/submission-store.test.ts compares
 * the two item for item. Why not the toolbox here: it is a fifth of the submission function's
 * cold start (its code and four entity schemas), paid by a school waiting on a phone.
 * Every other function keeps using the entities.
 */

type Item = Record<string, NativeAttributeValue>;

/** A submission as recorded (the toolbox's put input for the Submission entity, without defaults). */
export type SubmissionToStore = Omit<PutItemInput<typeof SubmissionEntity>, 'schemaVersion'>;
/** A hazard as first raised (the toolbox's put input for the Hazard entity, without defaults). */
export type HazardToStore = Omit<PutItemInput<typeof HazardEntity>, 'schemaVersion'>;

const tableName = () => requireEnv(ENV.tableName);

async function getItem(key: ItemKey, consistent = false): Promise<Item | undefined> {
  const { Item } = await getDocumentClient().send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: consistent }),
  );
  return Item;
}

/**
 * The district item's timezone and days to rectify as stored; undefined when the district is gone.
 * Read through shared/directory/district-settings.ts, which applies the defaults.
 */
export async function readDistrictRecord(
  districtId: string,
): Promise<{ timezone: string; hazardDueDays?: Partial<Record<Severity, number>> } | undefined> {
  const item = await getItem(districtKey({ districtId }));
  return (
    item && {
      timezone: item.timezone as string,
      ...(item.hazardDueDays ? { hazardDueDays: item.hazardDueDays as Partial<Record<Severity, number>> } : {}),
    }
  );
}

/** What a school is (the forms that apply to it follow); undefined when the school is gone. */
export async function readSchoolFlags(districtId: string, schoolId: string): Promise<SchoolFlags | undefined> {
  const item = await getItem(schoolKey({ districtId, schoolId }));
  return (
    item && {
      hasCanteen: item.hasCanteen === true,
      boarding: item.boarding === true,
      nutritionProgramme: item.nutritionProgramme === true,
    }
  );
}

/** The parts of a stored submission the submission path looks at. */
export interface StoredSubmission {
  formType: string;
  supersededBy?: string;
  bodyHash: string;
  responseBody: string;
}

/** One of the school's submissions, read consistently; undefined when there is none. */
export async function readSubmission(
  districtId: string,
  schoolId: string,
  submissionId: string,
): Promise<StoredSubmission | undefined> {
  const item = await getItem(submissionKey({ districtId, schoolId, submissionId }), true);
  if (!item) return undefined;
  const { formType, supersededBy, bodyHash, responseBody } = item as StoredSubmission;
  return { formType, ...(supersededBy !== undefined ? { supersededBy } : {}), bodyHash, responseBody };
}

/** The school's submissions of one form in one month (all pages), with id, date, answers, whether corrected and whether imported. */
export async function readSchoolMonthOfForm(
  districtId: string,
  schoolId: string,
  month: string,
  formType: string,
): Promise<
  { submissionId: string; date: string; answers: Record<string, unknown>; supersededBy?: string; importedAt?: string }[]
> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :partition',
        FilterExpression: '#entity = :entity AND formType = :formType',
        ExpressionAttributeNames: { '#entity': ENTITY_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':partition': schoolMonthPartition(districtId, schoolId, month),
          ':entity': ENTITY_NAMES.submission,
          ':formType': formType,
        },
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.map((item) => ({
    submissionId: item.submissionId as string,
    date: item.date as string,
    answers: item.answers as Record<string, unknown>,
    ...(item.supersededBy !== undefined ? { supersededBy: item.supersededBy as string } : {}),
    ...(item.importedAt !== undefined ? { importedAt: item.importedAt as string } : {}),
  }));
}

/** The item an entity's put would store: attributes, schema version, index keys, entity name, timestamps, key. */
function storedItem<T extends object>(
  entity: string,
  schemaVersion: number,
  attributes: T,
  indexKeys: Record<string, string>,
  key: ItemKey,
  now: string,
): Item {
  return {
    ...attributes,
    schemaVersion,
    ...indexKeys,
    [ENTITY_ATTRIBUTE]: entity,
    [TIMESTAMP_ATTRIBUTES.created]: now,
    [TIMESTAMP_ATTRIBUTES.modified]: now,
    ...key,
  };
}

/**
 * Writes a submission, the hazards it raises and (for a correction) the mark on the submission
 * it corrects in one transaction: each new item on condition that it does not exist, the mark
 * on condition that the corrected submission exists and is not corrected yet. A refused
 * condition fails the whole transaction (TransactionCanceledException, reasons in order:
 * submission, hazards, mark).
 */
export async function writeSubmission(
  submission: SubmissionToStore,
  hazards: readonly HazardToStore[],
  now: Date = new Date(),
): Promise<void> {
  const at = now.toISOString();
  const TableName = tableName();
  const put = (item: Item, keyAttribute: string) => ({
    Put: {
      TableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(#key)',
      ExpressionAttributeNames: { '#key': keyAttribute },
    },
  });
  const { districtId, schoolId, submissionId, supersedes } = submission;
  await getDocumentClient().send(
    new TransactWriteCommand({
      TransactItems: [
        put(
          storedItem(
            ENTITY_NAMES.submission,
            SCHEMA_VERSIONS.submission,
            submission,
            indexKeysOf(submission, submissionIndexKeys),
            submissionKey(submission),
            at,
          ),
          'submissionId',
        ),
        ...hazards.map((hazard) =>
          put(
            storedItem(
              ENTITY_NAMES.hazard,
              SCHEMA_VERSIONS.hazard,
              hazard,
              indexKeysOf(hazard, hazardIndexKeys),
              hazardKey(hazard),
              at,
            ),
            'hazardId',
          ),
        ),
        ...(supersedes
          ? [
              {
                Update: {
                  TableName,
                  Key: submissionKey({ districtId, schoolId, submissionId: supersedes }),
                  UpdateExpression: 'SET supersededBy = :by, #modified = :at',
                  ConditionExpression: 'attribute_exists(submissionId) AND attribute_not_exists(supersededBy)',
                  ExpressionAttributeNames: { '#modified': TIMESTAMP_ATTRIBUTES.modified },
                  ExpressionAttributeValues: { ':by': submissionId, ':at': at },
                },
              },
            ]
          : []),
      ],
    }),
  );
}

/** Keys a BatchGetItem may name, and items a BatchWriteItem may put (DynamoDB's own limits). */
const BATCH_GET_KEYS = 100;
const BATCH_WRITE_ITEMS = 25;
/** Tries of one batch request while DynamoDB hands back unprocessed keys or items (throttling). */
const MAX_BATCH_TRIES = 8;

/** Batch requests in flight at once. */
const BATCH_CONCURRENCY = 8;

const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));

/** Runs `work` on each chunk of `size` items, at most BATCH_CONCURRENCY at a time. */
async function inChunks<T>(items: readonly T[], size: number, work: (chunk: T[]) => Promise<void>): Promise<void> {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, async () => {
      while (next < chunks.length) await work(chunks[next++]!);
    }),
  );
}

/**
 * The body hashes of those of the given submissions of one district that exist (read
 * consistently), by submission id: BatchGetItem, 100 keys a request, 8 requests at a time,
 * unprocessed keys retried.
 */
export async function readSubmissionHashes(
  districtId: string,
  keys: readonly { schoolId: string; submissionId: string }[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const TableName = tableName();
  await inChunks(keys, BATCH_GET_KEYS, async (chunk) => {
    let request: Record<string, { Keys: Item[]; ConsistentRead: boolean; ProjectionExpression: string }> | undefined = {
      [TableName]: {
        Keys: chunk.map(({ schoolId, submissionId }) => submissionKey({ districtId, schoolId, submissionId })),
        ConsistentRead: true,
        ProjectionExpression: 'submissionId, bodyHash',
      },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
      if (attempt >= MAX_BATCH_TRIES) throw new Error('DynamoDB left keys unprocessed after retries');
      if (attempt > 0) await backOff(attempt);
      const output = await getDocumentClient().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of output.Responses?.[TableName] ?? [])
        found.set(String(item.submissionId), String(item.bodyHash));
      request = output.UnprocessedKeys as typeof request;
    }
  });
  return found;
}

/**
 * Puts submissions that raise no hazard and correct nothing (past records loaded by the history
 * import), stored exactly as `writeSubmission` stores one: BatchWriteItem, 25 a request, 8
 * requests at a time, unprocessed items retried. Unconditional: the caller has checked that none exists (a put of
 * an identical item again changes only its timestamps).
 */
export async function putSubmissions(submissions: readonly SubmissionToStore[], now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  const TableName = tableName();
  await inChunks(submissions, BATCH_WRITE_ITEMS, async (chunk) => {
    const puts = chunk.map((submission) => ({
      PutRequest: {
        Item: storedItem(
          ENTITY_NAMES.submission,
          SCHEMA_VERSIONS.submission,
          submission,
          indexKeysOf(submission, submissionIndexKeys),
          submissionKey(submission),
          at,
        ),
      },
    }));
    let request: Record<string, typeof puts> | undefined = { [TableName]: puts };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
      if (attempt >= MAX_BATCH_TRIES) throw new Error('DynamoDB left items unprocessed after retries');
      if (attempt > 0) await backOff(attempt);
      const output = await getDocumentClient().send(new BatchWriteCommand({ RequestItems: request }));
      request = output.UnprocessedItems as typeof request;
    }
  });
}
