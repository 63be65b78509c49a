import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  MAX_ENTRIES_PER_PUT,
  publishStreamRecords,
  toPutBatches,
  type PutEvents,
} from '../../../shared/events/publish';

function streamRecords(): DynamoDBRecord[] {
  const text = readFileSync(
    join(__dirname, '..', '..', '..', 'events', 'dynamodb-stream', 'table-writes.json'),
    'utf8',
  );
  return (JSON.parse(text) as DynamoDBStreamEvent).Records;
}

/** `count` hazard INSERT records with their own sequence numbers (each announces one HazardRaised). */
function hazardRecords(count: number): DynamoDBRecord[] {
  const template = streamRecords()[1]!;
  return Array.from({ length: count }, (_, i) => {
    const copy = JSON.parse(JSON.stringify(template)) as DynamoDBRecord;
    copy.dynamodb!.SequenceNumber = String(1000 + i);
    copy.dynamodb!.NewImage!.hazardId = { S: `hz_${i}` };
    return copy;
  });
}

/** A fake PutEvents recording each call; `fail(entry, callIndex)` decides an entry's error code. */
function fakeBus(fail: (entry: PutEventsRequestEntry, call: number) => string | undefined = () => undefined) {
  const calls: PutEventsRequestEntry[][] = [];
  const putEvents: PutEvents = async (entries) => {
    calls.push(entries);
    return entries.map((entry, i): PutEventsResultEntry => {
      const code = fail(entry, calls.length - 1);
      return code ? { ErrorCode: code, ErrorMessage: 'refused' } : { EventId: `ev-${calls.length}-${i}` };
    });
  };
  return { calls, putEvents };
}

describe('publishStreamRecords', () => {
  it('puts each record’s events on the named bus with source houqin and reports no failure', async () => {
    // Prepare
    const bus = fakeBus();
    // Act
    const outcome = await publishStreamRecords(streamRecords(), { busName: 'houqin', putEvents: bus.putEvents });
    // Assess
    expect(outcome).toEqual({ published: 4, batchItemFailures: [] });
    expect(bus.calls).toHaveLength(1);
    expect(bus.calls[0]!.map((e) => [e.EventBusName, e.Source, e.DetailType])).toEqual([
      ['houqin', 'houqin', 'SubmissionRecorded'],
      ['houqin', 'houqin', 'HazardRaised'],
      ['houqin', 'houqin', 'HazardRectified'],
      ['houqin', 'houqin', 'HazardReopened'],
    ]);
    expect(JSON.parse(bus.calls[0]![1]!.Detail!)).toMatchObject({
      hazardId: 'hz_8c1d4f2a9b3e7c5d1a6f0e2b',
      severity: 'critical',
    });
  });

  it('puts at most 10 entries per call, in order', async () => {
    // Prepare
    const bus = fakeBus();
    // Act
    const outcome = await publishStreamRecords(hazardRecords(23), { busName: 'houqin', putEvents: bus.putEvents });
    // Assess
    expect(bus.calls.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(bus.calls.flat().map((e) => JSON.parse(e.Detail!).hazardId)).toEqual(
      Array.from({ length: 23 }, (_, i) => `hz_${i}`),
    );
    expect(outcome.batchItemFailures).toEqual([]);
  });

  it('reports the first refused record and every later one, and puts nothing after the failing call', async () => {
    // Prepare: the 13th event (second call) is refused.
    const bus = fakeBus((entry) => (JSON.parse(entry.Detail!).hazardId === 'hz_12' ? 'InternalFailure' : undefined));
    // Act
    const outcome = await publishStreamRecords(hazardRecords(25), { busName: 'houqin', putEvents: bus.putEvents });
    // Assess
    expect(bus.calls).toHaveLength(2);
    expect(outcome.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      Array.from({ length: 13 }, (_, i) => String(1012 + i)),
    );
    expect(outcome.published).toBe(19);
  });

  it('reports the whole call’s records when PutEvents itself fails', async () => {
    // Prepare
    const putEvents: PutEvents = async () => {
      throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    };
    // Act
    const outcome = await publishStreamRecords(hazardRecords(3), { busName: 'houqin', putEvents });
    // Assess
    expect(outcome).toEqual({
      published: 0,
      batchItemFailures: [{ itemIdentifier: '1000' }, { itemIdentifier: '1001' }, { itemIdentifier: '1002' }],
    });
  });

  it('reports a record it cannot read, and the records after it, but publishes those before it', async () => {
    // Prepare
    const records = hazardRecords(3);
    records[1]!.dynamodb!.NewImage = { entity: { S: 'Hazard' }, title: { BAD: 'x' } } as never;
    const bus = fakeBus();
    // Act
    const outcome = await publishStreamRecords(records, { busName: 'houqin', putEvents: bus.putEvents });
    // Assess
    expect(bus.calls.flat()).toHaveLength(1);
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: '1001' }, { itemIdentifier: '1002' }]);
  });

  it('publishes nothing and reports nothing for records that announce nothing', async () => {
    // Prepare
    const bus = fakeBus();
    // Act
    const outcome = await publishStreamRecords([streamRecords()[4]!], { busName: 'houqin', putEvents: bus.putEvents });
    // Assess
    expect(outcome).toEqual({ published: 0, batchItemFailures: [] });
    expect(bus.calls).toEqual([]);
  });
});

describe('toPutBatches', () => {
  it('splits by count and by the 256 KB request limit', () => {
    // Prepare
    const big = 'x'.repeat(100 * 1024);
    const items = [
      ...Array.from({ length: 3 }, () => ({ entry: { Source: 'houqin', DetailType: 'Big', Detail: big } })),
      { entry: { Source: 'houqin', DetailType: 'Small', Detail: '{}' } },
    ];
    // Act
    const batches = toPutBatches(items);
    // Assess
    expect(batches.map((b) => b.length)).toEqual([2, 2]);
    expect(toPutBatches(Array.from({ length: 21 }, () => ({ entry: { Detail: '{}' } }))).map((b) => b.length)).toEqual([
      MAX_ENTRIES_PER_PUT,
      MAX_ENTRIES_PER_PUT,
      1,
    ]);
  });
});
