import { PutEventsCommand, type PutEventsRequestEntry, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { getEventBridgeClient } from '../clients';
import { logger } from '../logger';
import { toDomainEvents, type DomainEvent } from './domain-events';

/** PutEvents takes at most 10 entries per call. */
export const MAX_ENTRIES_PER_PUT = 10;
/** …and at most 256 KB per call (entry sizes computed as EventBridge does). */
export const MAX_BYTES_PER_PUT = 256 * 1024;

/** Puts entries on a bus; resolves to one result per entry, in order (an ErrorCode marks a failed one). */
export type PutEvents = (entries: PutEventsRequestEntry[]) => Promise<PutEventsResultEntry[]>;

/** PutEvents through the SDK client (AWS, or the local bus through AWS_ENDPOINT_URL_EVENTBRIDGE). */
export const putEventsWithSdk: PutEvents = async (entries) => {
  const result = await getEventBridgeClient().send(new PutEventsCommand({ Entries: entries }));
  return result.Entries ?? [];
};

/** The PutEvents entry for a domain event on `busName`. */
export function toPutEventsEntry(event: DomainEvent, busName: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: event.source,
    DetailType: event.detailType,
    Detail: JSON.stringify(event.detail),
    Time: event.time,
  };
}

/** An entry's size as EventBridge counts it against the request limit. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: string | undefined) => (text ? Buffer.byteLength(text, 'utf8') : 0);
  return (
    14 +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0)
  );
}

/** Splits entries into PutEvents calls: ≤ 10 entries and ≤ 256 KB each, order kept. */
export function toPutBatches<T extends { entry: PutEventsRequestEntry }>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const itemSize = entrySize(item.entry);
    if (current.length === MAX_ENTRIES_PER_PUT || (current.length > 0 && size + itemSize > MAX_BYTES_PER_PUT)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export interface PublishOptions {
  busName: string;
  putEvents?: PutEvents;
}

/** What one batch of stream records came to. */
export interface PublishOutcome extends DynamoDBBatchResponse {
  /** Events put on the bus. */
  published: number;
}

/**
 * Publishes the domain events of a batch of stream records, in order, with PutEvents calls of at
 * most 10 entries. At the first record that cannot be mapped or whose event is refused, it stops
 * and reports that record and every later one as failed: Lambda resumes the shard from the lowest
 * reported sequence number, so only those are read again, and nothing after a failure is
 * published ahead of it.
 */
export async function publishStreamRecords(
  records: readonly DynamoDBRecord[],
  options: PublishOptions,
): Promise<PublishOutcome> {
  const putEvents = options.putEvents ?? putEventsWithSdk;
  const failedFrom = (index: number): PublishOutcome['batchItemFailures'] =>
    records.slice(index).map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' }));

  // Records are mapped up to the first one that cannot be (a malformed image): it and the
  // records after it are reported, so bisection and the on-failure queue deal with it.
  const items: { recordIndex: number; entry: PutEventsRequestEntry }[] = [];
  let unmappable: number | undefined;
  for (const [recordIndex, record] of records.entries()) {
    try {
      for (const event of toDomainEvents(record))
        items.push({ recordIndex, entry: toPutEventsEntry(event, options.busName) });
    } catch (error) {
      logger.error('A stream record could not be mapped to domain events', {
        error,
        eventID: record.eventID,
        sequenceNumber: record.dynamodb?.SequenceNumber,
      });
      unmappable = recordIndex;
      break;
    }
  }
  const { published, firstFailedRecord } = await publishUntilFailure(items, putEvents);
  const firstFailure = firstFailedRecord ?? unmappable;
  return { published, batchItemFailures: firstFailure === undefined ? [] : failedFrom(firstFailure) };
}

async function publishUntilFailure(
  items: readonly { recordIndex: number; entry: PutEventsRequestEntry }[],
  putEvents: PutEvents,
): Promise<{ published: number; firstFailedRecord?: number }> {
  let published = 0;
  for (const batch of toPutBatches(items)) {
    let results: PutEventsResultEntry[];
    try {
      results = await putEvents(batch.map((item) => item.entry));
    } catch (error) {
      logger.error('PutEvents failed', { error, entries: batch.length });
      return { published, firstFailedRecord: batch[0]!.recordIndex };
    }
    const failedAt = batch.findIndex(
      (_, index) => results[index] === undefined || results[index]?.ErrorCode !== undefined,
    );
    if (failedAt >= 0) {
      const result = results[failedAt];
      logger.error('PutEvents refused an entry', {
        errorCode: result?.ErrorCode,
        errorMessage: result?.ErrorMessage,
        detailType: batch[failedAt]!.entry.DetailType,
      });
      return {
        published: published + batch.filter((_, index) => results[index]?.EventId !== undefined).length,
        firstFailedRecord: batch[failedAt]!.recordIndex,
      };
    }
    published += batch.length;
  }
  return { published };
}
