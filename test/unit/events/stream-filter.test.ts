import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { FUNCTIONS } from '../../../functions/manifest';
import { matchesStreamFilters } from '../../../infra/local/stream-poller';
import { RATE_COUNTER_ENTITY } from '../../../shared/auth/rate-limit';
import { rateLimitKey } from '../../../shared/db/keys';
import { PUBLISHABLE_RECORD_FILTERS, toDomainEvents } from '../../../shared/events/domain-events';

/** The stream fixture: 0 Submission INSERT, 1 Hazard INSERT, 2 open→rectified, 3 rectified→open, 4 Token INSERT. */
function fixture(): DynamoDBRecord[] {
  const text = readFileSync(
    join(__dirname, '..', '..', '..', 'events', 'dynamodb-stream', 'table-writes.json'),
    'utf8',
  );
  return (JSON.parse(text) as DynamoDBStreamEvent).Records;
}

const s = (value: string) => ({ S: value });
const n = (value: number) => ({ N: String(value) });

/** A stream record as Lambda hands it (the shape the event source mapping's filters see). */
function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  keys: { pk: string; sk: string },
  images: { NewImage?: Record<string, unknown>; OldImage?: Record<string, unknown> },
): DynamoDBRecord {
  return {
    eventID: `${eventName}-${keys.pk}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: 1_780_000_000,
      Keys: { pk: s(keys.pk), sk: s(keys.sk) },
      ...images,
      SequenceNumber: '100',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  } as DynamoDBRecord;
}

/** The authorizer's per-token counter, as its UpdateItem (ADD requests, SET expiresAt, entity) leaves it. */
function rateCounter(eventName: 'INSERT' | 'MODIFY', requests: number): DynamoDBRecord {
  const key = rateLimitKey('tok_7f3a', 'write', 1_780_000_020);
  const image = (count: number) => ({
    pk: s(key.pk),
    sk: s(key.sk),
    requests: n(count),
    expiresAt: n(1_780_000_200),
    entity: s(RATE_COUNTER_ENTITY),
  });
  return streamRecord(eventName, key, {
    NewImage: image(requests),
    ...(eventName === 'MODIFY' ? { OldImage: image(requests - 1) } : {}),
  });
}

function report(revision: number, previousRevision?: number): DynamoDBRecord {
  const image = (rev: number) => ({
    pk: s('REPORT#huaying#2026-05'),
    sk: s('REPORT'),
    entity: s('Report'),
    districtId: s('huaying'),
    month: s('2026-05'),
    producedAt: s('2026-06-01T01:00:00.000Z'),
    revision: n(rev),
    contentHash: s('ab'.repeat(32)),
    producedBy: s('schedule'),
  });
  return streamRecord(
    previousRevision === undefined ? 'INSERT' : 'MODIFY',
    { pk: 'REPORT#huaying#2026-05', sk: 'REPORT' },
    {
      NewImage: image(revision),
      ...(previousRevision === undefined ? {} : { OldImage: image(previousRevision) }),
    },
  );
}

describe('the stream filter of publish-domain-events', () => {
  const filters = PUBLISHABLE_RECORD_FILTERS;

  it('is the filter the manifest gives the publisher’s table-stream trigger', () => {
    // Act
    const trigger = FUNCTIONS.find((f) => f.name === 'publish-domain-events')?.triggers[0];
    // Assess
    expect(trigger).toMatchObject({ kind: 'table-stream', filters: PUBLISHABLE_RECORD_FILTERS });
  });

  it('keeps every record kind that announces an event', () => {
    // Prepare: each announces at least one event.
    const [submission, hazard, rectified, reopened] = fixture();
    const announcing = { submission, hazard, rectified, reopened, report: report(1), newRevision: report(2, 1) };
    for (const [kind, record] of Object.entries(announcing)) {
      expect([kind, toDomainEvents(record!).length > 0]).toEqual([kind, true]);
      // Act & Assess
      expect([kind, matchesStreamFilters(filters, record!)]).toEqual([kind, true]);
    }
  });

  it('passes over the authorizer’s RATE# counters, tokens and removals, which announce nothing', () => {
    // Prepare
    const token = fixture()[4]!;
    const removedHazard = { ...fixture()[1]!, eventName: 'REMOVE' as const };
    removedHazard.dynamodb = { ...removedHazard.dynamodb, OldImage: removedHazard.dynamodb!.NewImage };
    delete removedHazard.dynamodb.NewImage;
    const counterExpired = streamRecord('REMOVE', rateLimitKey('tok_7f3a', 'write', 1_780_000_020), {
      OldImage: rateCounter('INSERT', 1).dynamodb!.NewImage,
    });
    const noise = {
      counterFirst: rateCounter('INSERT', 1),
      counterCounted: rateCounter('MODIFY', 2),
      counterExpired,
      token,
      removedHazard,
    };
    for (const [kind, record] of Object.entries(noise)) {
      expect([kind, toDomainEvents(record)]).toEqual([kind, []]);
      // Act & Assess
      expect([kind, matchesStreamFilters(filters, record)]).toEqual([kind, false]);
    }
  });

  it('delivers every record when a consumer has no filters', () => {
    // Act & Assess
    expect(matchesStreamFilters([], rateCounter('INSERT', 1))).toBe(true);
  });
});
