import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type AttributeValue,
  type _Record as StreamRecord,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import { appendDeadLetter } from './dead-letters';
import { checkPattern, matchesPattern } from './event-pattern';
import { localDynamoDbClient, LOCAL_CREDENTIALS, LOCAL_REGION } from './emulators';
import { handlerCache, importManifestEntry, invokeHandler, type HandlerLoader } from './lambda-runtime';

/*
 * The local stand-in for Lambda's DynamoDB stream event source mapping: it reads DynamoDB
 * Local's stream of the table every ~500 ms and invokes each manifest `table-stream` function
 * with a DynamoDBStreamEvent as Lambda builds it, in order per shard, at most `batchSize` records
 * at a time. Like the mapping with ReportBatchItemFailures it resumes from the lowest failed
 * record, retries a failing batch a few times and then moves on (on AWS the records' positions
 * would go to the failure queue). Its position per shard is kept in a checkpoint file across
 * restarts; a shard it has no position for is read from its oldest record (TRIM_HORIZON, as the
 * deployed mapping) unless told to start at LATEST. A trigger's `filters` are applied as the
 * mapping's filter criteria: records matching none are passed over without an invocation. It
 * logs failures (and the retries after them); a line per delivered batch only when asked
 * (logDeliveries, HOUQIN_LOG_STREAM=1).
 */

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint (its streams API is on the same port). */
  endpoint: string;
  tableName: string;
  functions?: readonly FunctionSpec[];
  loadHandler?: HandlerLoader;
  /** How often each shard is read. @default 500 */
  intervalMs?: number;
  /** Where shards without a checkpoint start. @default 'TRIM_HORIZON' */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** A JSON file keeping each consumer's position; none → positions are forgotten on stop. */
  checkpointFile?: string;
  /** Retries of a failing batch before its records are skipped. @default 2 */
  retryAttempts?: number;
  /** The records of a batch skipped after its retries are appended here as a dead letter (`npm start`: data/dead-letters.jsonl). */
  deadLetterFile?: string;
  /** A line per delivered batch too, not only per failure. @default HOUQIN_LOG_STREAM === '1' */
  logDeliveries?: boolean;
  log?: (line: string) => void;
  logError?: (message: string, error: unknown) => void;
}

export interface StreamPoller {
  /** The stream read (undefined until the table has one). */
  readonly streamArn: string | undefined;
  /** The functions it feeds. */
  readonly consumers: readonly FunctionSpec[];
  /** Reads every shard until no record is left, delivering as it goes (tests call it; the timer does the same). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

type Checkpoints = Record<string, { streamArn: string; shards: Record<string, string> }>;

function readCheckpoints(file: string | undefined): Checkpoints {
  if (!file || !existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Checkpoints;
  } catch {
    return {};
  }
}

/** A stream attribute value as Lambda's event carries it: binary as base64 text. */
function toLambdaValue(value: AttributeValue): unknown {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  return Object.fromEntries(Object.entries(value).filter(([key, v]) => key !== '$unknown' && v !== undefined));
}

function toLambdaImage(image: Record<string, AttributeValue> | undefined): Record<string, unknown> | undefined {
  return image
    ? Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]))
    : undefined;
}

/** One stream record as Lambda's DynamoDB event source hands it to the function. */
export function toLambdaRecord(record: StreamRecord, streamArn: string, region: string = LOCAL_REGION): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  const created = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      Keys: toLambdaImage(data.Keys),
      ...(data.NewImage ? { NewImage: toLambdaImage(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: toLambdaImage(data.OldImage) } : {}),
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType,
    },
    eventSourceARN: streamArn,
  } as DynamoDBRecord;
}

/**
 * Whether a record passes a consumer's filter criteria as Lambda applies them: no filters → every
 * record; otherwise it must match at least one pattern. Records that match none are passed over
 * (the shard's position still moves past them).
 */
export function matchesStreamFilters(
  filters: readonly Readonly<Record<string, unknown>>[],
  record: DynamoDBRecord,
): boolean {
  return filters.length === 0 || filters.some((pattern) => matchesPattern(pattern, record));
}

interface ShardState {
  shardId: string;
  iterator?: string;
  /** The last sequence number delivered (or skipped) in this shard. */
  position?: string;
  closed: boolean;
}

/** Starts polling; resolves once every consumer is positioned (records written from then on are delivered). */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const consumers = (options.functions ?? FUNCTIONS).flatMap((spec) =>
    spec.triggers.flatMap((trigger) => {
      if (trigger.kind !== 'table-stream') return [];
      // The trigger's filter criteria, as the event source mapping applies them (exact values).
      for (const pattern of trigger.filters ?? []) checkPattern(pattern);
      return [{ spec, batchSize: Math.min(trigger.batchSize, 1000), filters: trigger.filters ?? [] }];
    }),
  );
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(`${message}:`, error));
  const handlerOf = handlerCache(options.loadHandler ?? importManifestEntry);
  const retryAttempts = options.retryAttempts ?? 2;
  const logDeliveries = options.logDeliveries ?? process.env.HOUQIN_LOG_STREAM === '1';
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });

  const table = localDynamoDbClient(options.endpoint);
  let streamArn: string | undefined;
  try {
    streamArn = (await table.send(new DescribeTableCommand({ TableName: options.tableName }))).Table?.LatestStreamArn;
  } finally {
    table.destroy();
  }
  if (!streamArn && consumers.length > 0)
    throw new Error(
      `Table ${options.tableName} has no stream: the table-stream functions (${consumers.map((c) => c.spec.name).join(', ')}) would never run`,
    );
  const arn = streamArn ?? '';

  const checkpoints = readCheckpoints(options.checkpointFile);
  const state = new Map<string, Map<string, ShardState>>(); // consumer → shard → state
  for (const { spec } of consumers) {
    const saved = checkpoints[spec.name]?.streamArn === arn ? checkpoints[spec.name]!.shards : {};
    state.set(
      spec.name,
      new Map(Object.entries(saved).map(([shardId, position]) => [shardId, { shardId, position, closed: false }])),
    );
  }
  let firstDiscovery = true;
  let rediscover = false;

  const saveCheckpoints = () => {
    if (!options.checkpointFile) return;
    const next: Checkpoints = {};
    for (const [name, shards] of state) {
      next[name] = {
        streamArn: arn,
        shards: Object.fromEntries([...shards.values()].filter((s) => s.position).map((s) => [s.shardId, s.position!])),
      };
    }
    writeFileSync(options.checkpointFile, `${JSON.stringify(next, null, 2)}\n`);
  };

  const iteratorFor = async (shard: ShardState, initial: ShardIteratorType): Promise<string | undefined> => {
    const request = shard.position
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: shard.position }
      : { ShardIteratorType: initial };
    try {
      return (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.shardId, ...request })))
        .ShardIterator;
    } catch (error) {
      if (!(error instanceof TrimmedDataAccessException)) throw error;
      return (
        await streams.send(
          new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.shardId, ShardIteratorType: 'TRIM_HORIZON' }),
        )
      ).ShardIterator;
    }
  };

  /** Finds shards (new ones appear as DynamoDB rolls them over) and positions each consumer on them. */
  const discoverShards = async () => {
    const shardIds: string[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({
          StreamArn: arn,
          ...(exclusiveStartShardId ? { ExclusiveStartShardId: exclusiveStartShardId } : {}),
        }),
      );
      shardIds.push(...(StreamDescription?.Shards ?? []).flatMap((s) => (s.ShardId ? [s.ShardId] : [])));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    for (const shards of state.values()) {
      // Shards the stream no longer lists (trimmed after 24 h) are forgotten.
      for (const shardId of shards.keys()) if (!shardIds.includes(shardId)) shards.delete(shardId);
      for (const shardId of shardIds) {
        const known = shards.get(shardId);
        if (known && (known.iterator || known.closed)) continue;
        // Shards there at the start begin at the starting position; a shard that appears later
        // is read from its beginning, or its first records would be lost.
        const shard: ShardState = known ?? { shardId, closed: false };
        shard.iterator = await iteratorFor(
          shard,
          firstDiscovery ? (options.startingPosition ?? 'TRIM_HORIZON') : 'TRIM_HORIZON',
        );
        shards.set(shardId, shard);
      }
    }
    firstDiscovery = false;
    rediscover = false;
  };

  /** Delivers one batch, retrying from the lowest failed record; returns the records it is done with. */
  const deliver = async (spec: FunctionSpec, records: DynamoDBRecord[]): Promise<void> => {
    let pending = records;
    for (let attempt = 0; attempt <= retryAttempts && pending.length > 0; attempt += 1) {
      const started = Date.now();
      const event: DynamoDBStreamEvent = { Records: pending };
      let failedFrom: number | undefined;
      let lastError: unknown;
      try {
        const response = (await invokeHandler(spec, await handlerOf(spec), event)) as DynamoDBBatchResponse | undefined;
        const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        const index = pending.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
        failedFrom = index >= 0 ? index : failed.size > 0 ? 0 : undefined;
      } catch (error) {
        logError(`${spec.entry} failed`, error);
        lastError = error;
        failedFrom = 0;
      }
      const ms = Date.now() - started;
      if (failedFrom === undefined) {
        // A success after a failure is part of the failure's story: always told.
        if (logDeliveries || attempt > 0)
          log(
            `stream ${pending.length} record${pending.length === 1 ? '' : 's'} → ${spec.name} ok ${ms}ms${attempt > 0 ? ` (retry ${attempt})` : ''}`,
          );
        return;
      }
      log(
        `stream ${pending.length} records → ${spec.name}: ${pending.length - failedFrom} failed ${ms}ms${attempt < retryAttempts ? '; retrying them' : '; skipped (on AWS their positions would go to the failure queue)'}`,
      );
      pending = pending.slice(failedFrom);
      // Locally the skipped records themselves are kept (AWS keeps only their positions, for 24 hours).
      if (attempt === retryAttempts && options.deadLetterFile) {
        appendDeadLetter(options.deadLetterFile, {
          at: new Date().toISOString(),
          function: spec.name,
          source: 'stream',
          event: { Records: pending } satisfies DynamoDBStreamEvent,
          error:
            lastError === undefined
              ? 'batchItemFailures'
              : lastError instanceof Error
                ? lastError.message
                : String(lastError),
          attempts: retryAttempts + 1,
        });
        log(`stream ${pending.length} records → ${spec.name}: dead-lettered (${options.deadLetterFile})`);
      }
    }
  };

  let stopped = false;
  let ticks = 0;

  /** One pass over every consumer's shards; true when any record was read. */
  const pass = async (): Promise<boolean> => {
    if (!arn || stopped) return false;
    // New shards every ~5 s (DynamoDB rolls shards over every few hours), and when one closes.
    if (rediscover || ticks++ % 10 === 0) await discoverShards();
    let readAny = false;
    for (const { spec, batchSize, filters } of consumers) {
      for (const shard of state.get(spec.name)!.values()) {
        if (!shard.iterator || stopped) continue;
        let result;
        try {
          result = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize }));
        } catch (error) {
          if (!(error instanceof ExpiredIteratorException)) throw error;
          shard.iterator = await iteratorFor(shard, 'TRIM_HORIZON');
          continue;
        }
        const records = result.Records ?? [];
        if (records.length > 0) {
          readAny = true;
          const delivered = records
            .map((r) => toLambdaRecord(r, arn))
            .filter((record) => matchesStreamFilters(filters, record));
          if (delivered.length > 0) await deliver(spec, delivered);
          shard.position = records[records.length - 1]!.dynamodb?.SequenceNumber ?? shard.position;
          saveCheckpoints();
        }
        shard.iterator = result.NextShardIterator;
        if (!shard.iterator) {
          shard.closed = true;
          rediscover = true;
        }
      }
    }
    return readAny;
  };

  // Passes never overlap: the timer's and drain()'s are chained one after the other.
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = (): Promise<boolean> => {
    const next = chain.then(pass).catch((error: unknown) => {
      logError('The local stream poller failed', error);
      return false;
    });
    chain = next;
    return next;
  };

  await discoverShards();
  const interval = options.intervalMs ?? 500;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    timer = setTimeout(() => void enqueue().then(() => !stopped && tick()), interval);
  };
  if (consumers.length > 0) tick();

  return {
    streamArn,
    consumers: consumers.map((c) => c.spec),
    drain: async () => {
      // Until a pass reads nothing: what a delivery wrote (e.g. an outbox item) is delivered too.
      for (let i = 0; i < 50 && (await enqueue()); i += 1);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await chain;
      saveCheckpoints();
      streams.destroy();
    },
  };
}
