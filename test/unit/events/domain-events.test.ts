import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DOMAIN_EVENT_SOURCE, rulePattern, toDomainEvents } from '../../../shared/events/domain-events';
import { FUNCTIONS } from '../../../functions/manifest';
import { hazardRaisedDetail } from '../../support/events';

/** The stream fixture, a fresh copy per call: record 0 Submission INSERT, 1 Hazard INSERT, 2 open→rectified, 3 rectified→open, 4 Token INSERT. */
function streamRecords(): DynamoDBRecord[] {
  const text = readFileSync(
    join(__dirname, '..', '..', '..', 'events', 'dynamodb-stream', 'table-writes.json'),
    'utf8',
  );
  return (JSON.parse(text) as DynamoDBStreamEvent).Records;
}
const record = (index: number): DynamoDBRecord => streamRecords()[index]!;

describe('toDomainEvents', () => {
  it('announces a new submission as SubmissionRecorded, without its answers, body hash or stored response', () => {
    // Act
    const events = toDomainEvents(record(0));
    // Assess
    expect(events).toEqual([
      {
        source: DOMAIN_EVENT_SOURCE,
        detailType: 'SubmissionRecorded',
        time: new Date('2026-05-10T13:42:07.318Z'),
        detail: {
          districtId: 'huaying',
          schoolId: 'hy-zx',
          submissionId: '5f0c2a9e-8d1b-4c3e-9a7f-2b6d4e8c1a03',
          formType: 'dormitory-patrol',
          formVersion: 1,
          date: '2026-05-10',
          receivedAt: '2026-05-10T13:42:07.318Z',
          hazardIds: ['hz_8c1d4f2a9b3e7c5d1a6f0e2b'],
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/bodyHash|responseBody|answers|submittedBy|tok_|"pk"|gsi/);
  });

  it('announces a new hazard as HazardRaised with what the alert needs', () => {
    // Act
    const [event, ...others] = toDomainEvents(record(1));
    // Assess
    expect(others).toEqual([]);
    expect(event).toEqual({
      source: 'houqin',
      detailType: 'HazardRaised',
      time: new Date('2026-05-10T13:42:07.318Z'),
      // The detail of events/eventbridge/hazard-raised.json, field for field.
      detail: hazardRaisedDetail(),
    });
    expect(JSON.stringify(event)).not.toMatch(/tok_|history|"pk"|gsi/);
  });

  it('announces open → rectified as HazardRectified with the school’s note and time', () => {
    // Act
    const events = toDomainEvents(record(2));
    // Assess
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      detailType: 'HazardRectified',
      time: new Date('2026-05-11T01:15:40.902Z'),
      detail: {
        hazardId: 'hz_8c1d4f2a9b3e7c5d1a6f0e2b',
        previousStatus: 'open',
        status: 'rectified',
        at: '2026-05-11T01:15:40.902Z',
        note: expect.stringContaining('两名学生已找到'),
      },
    });
  });

  it('announces a rejected rectification (rectified → open) as HazardReopened', () => {
    // Act
    const events = toDomainEvents(record(3));
    // Assess
    expect(events.map((e) => [e.detailType, e.detail])).toEqual([
      [
        'HazardReopened',
        expect.objectContaining({
          previousStatus: 'rectified',
          status: 'open',
          note: '请补充请假制度落实情况',
          at: '2026-05-11T03:02:11.004Z',
        }),
      ],
    ]);
  });

  it('announces rectified → verified as HazardVerified', () => {
    // Prepare: the rectified hazard (record 2's new image) accepted by an official.
    const rectified = record(2).dynamodb!.NewImage!;
    const verified = record(3);
    verified.dynamodb!.OldImage = rectified;
    verified.dynamodb!.NewImage = { ...rectified, status: { S: 'verified' } };
    // Act
    const events = toDomainEvents(verified);
    // Assess
    expect(events.map((e) => e.detailType)).toEqual(['HazardVerified']);
    expect(events[0]?.detail).toMatchObject({ previousStatus: 'rectified', status: 'verified' });
  });

  it('announces nothing for a hazard write that keeps its status (e.g. the overdue mark)', () => {
    // Prepare
    const marked = record(2);
    marked.dynamodb!.NewImage = { ...marked.dynamodb!.OldImage!, overdueAt: { S: '2026-05-12T01:00:03.000Z' } };
    // Act / Assess
    expect(toDomainEvents(marked)).toEqual([]);
  });

  it('announces nothing for other entities, removals, or records without a new image', () => {
    // Prepare
    const removal = record(1);
    removal.eventName = 'REMOVE';
    removal.dynamodb!.OldImage = removal.dynamodb!.NewImage;
    delete removal.dynamodb!.NewImage;
    const submissionChanged = record(0);
    submissionChanged.eventName = 'MODIFY';
    // Act / Assess
    expect(toDomainEvents(record(4))).toEqual([]);
    expect(toDomainEvents(removal)).toEqual([]);
    expect(toDomainEvents(submissionChanged)).toEqual([]);
  });

  it('gives the bus rule of the manifest Houqin’s source and the critical HazardRaised pattern', () => {
    // Prepare
    const trigger = FUNCTIONS.flatMap((f) => f.triggers).find((t) => t.kind === 'bus');
    if (trigger?.kind !== 'bus') throw new Error('the manifest has no bus trigger');
    // Act / Assess
    expect(rulePattern(trigger.pattern)).toEqual({
      source: ['houqin'],
      'detail-type': ['HazardRaised'],
      detail: { severity: ['critical'] },
    });
  });
});
