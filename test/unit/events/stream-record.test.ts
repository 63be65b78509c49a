import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { toLambdaRecord } from '../../../infra/local/stream-poller';
import { parseScheduledInvocation } from '../../../shared/events/scheduled-invocation';

const EVENTS = join(__dirname, '..', '..', '..', 'events');

describe('local stream poller: the event Lambda would build', () => {
  // As GetRecords returns it through the SDK: a Date, binary as bytes.
  const sdkRecord: StreamRecord = {
    eventID: 'e1',
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2026-05-10T13:42:07Z'),
      Keys: { pk: { S: 'HAZARD#huaying#hz_1' }, sk: { S: 'HAZARD' } },
      NewImage: {
        pk: { S: 'HAZARD#huaying#hz_1' },
        n: { N: '2' },
        blob: { B: Uint8Array.from([104, 113]) },
        nested: { M: { list: { L: [{ B: Uint8Array.from([1]) }, { BOOL: true }] } } },
      },
      SequenceNumber: '000000000000000000042',
      SizeBytes: 64,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };

  it('gives the creation time in epoch seconds, binary as base64, the region and the stream ARN', () => {
    // Act
    const record = toLambdaRecord(
      sdkRecord,
      'arn:aws:dynamodb:ddblocal:000000000000:table/houqin-local/stream/x',
      'ap-east-1',
    );
    // Assess
    expect(record).toEqual({
      eventID: 'e1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ap-east-1',
      dynamodb: {
        ApproximateCreationDateTime: 1778420527,
        Keys: { pk: { S: 'HAZARD#huaying#hz_1' }, sk: { S: 'HAZARD' } },
        NewImage: {
          pk: { S: 'HAZARD#huaying#hz_1' },
          n: { N: '2' },
          blob: { B: 'aHE=' },
          nested: { M: { list: { L: [{ B: 'AQ==' }, { BOOL: true }] } } },
        },
        SequenceNumber: '000000000000000000042',
        SizeBytes: 64,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: 'arn:aws:dynamodb:ddblocal:000000000000:table/houqin-local/stream/x',
    });
  });

  it('reads the Scheduler fixture, whose attempt number arrives as text', () => {
    // Prepare
    const event = JSON.parse(readFileSync(join(EVENTS, 'scheduler', 'overdue-hazard-sweep.json'), 'utf8')) as unknown;
    // Act
    const invocation = parseScheduledInvocation(event);
    // Assess
    expect(invocation).toMatchObject({ scheduledTime: '2026-05-11T01:00:00Z', attemptNumber: 1 });
  });

  it('refuses a scheduled invocation without its scheduled time', () => {
    // Act / Assess
    expect(() => parseScheduledInvocation({ scheduleArn: 'arn', executionId: 'x', attemptNumber: '1' })).toThrow();
  });
});
