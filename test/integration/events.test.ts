import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { handler as alertOfficialsHandler } from '../../functions/alert-officials/handler';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import type { LocalEventBus } from '../../infra/local/event-bus';
import { startStreamPoller, type StreamPoller } from '../../infra/local/stream-poller';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import { countRequest } from '../../shared/auth/rate-limit';
import { getDocumentClient } from '../../shared/clients';
import { rateLimitPartition } from '../../shared/db/keys';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { DistrictEntity, SchoolEntity } from '../../shared/db/entities';
import { getAlert } from '../../shared/email/alert-log';
import type { HazardRaisedDetail } from '../../shared/events/domain-events';
import { putEventsWithSdk } from '../../shared/events/publish';
import { alertOfficials } from '../../shared/hazards/alert';
import type { ApiResponse } from '../../shared/http/api-handler';
import { localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext } from '../support/events';
import { startRecordingBus } from '../support/local-bus';
import { validAnswers } from '../unit/forms/examples';

/*
 * The critical alert end to end against the emulators, through the local runtime as `npm start`
 * wires it: record-submission writes a submission and its hazard → the stream poller reads
 * DynamoDB Local's stream and invokes publish-domain-events → its PutEvents (the real SDK
 * client, through AWS_ENDPOINT_URL_EVENTBRIDGE) reaches the local bus → the bus rule invokes
 * alert-officials → SES (aws-ses-v2-local), whose store the test reads.
 */

interface StoredMail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
  at: number;
}

/** The mail aws-ses-v2-local holds for `address`. */
async function mailTo(address: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.some((to) => to.includes(address)));
}

function hazardRaisedEvent(detail: Partial<HazardRaisedDetail>): EventBridgeEvent<'HazardRaised', HazardRaisedDetail> {
  const event = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'events', 'eventbridge', 'hazard-raised.json'), 'utf8'),
  ) as EventBridgeEvent<'HazardRaised', HazardRaisedDetail>;
  event.detail = { ...event.detail, ...detail };
  return event;
}

/**
 * A poller of the test table's stream for one consumer handled by `handle`, from now on (LATEST),
 * polled only when the test drains it.
 */
const pollerFor = (
  consumer: FunctionSpec,
  handle: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>,
): Promise<StreamPoller> =>
  startStreamPoller({
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
    tableName: process.env.TABLE_NAME!,
    functions: [consumer],
    startingPosition: 'LATEST',
    intervalMs: 60_000,
    log: () => undefined,
    logError: () => undefined,
    loadHandler: async () => async (event) => handle(event as DynamoDBStreamEvent),
  });

describe('domain events and the critical alert (local runtime against the emulators)', () => {
  let bus: LocalEventBus;
  let poller: StreamPoller;
  const log: string[] = [];
  const today = localDate('Asia/Shanghai');

  beforeAll(async () => {
    // The bus first: the EventBridge client is created on the first PutEvents, with this endpoint.
    bus = await startRecordingBus(log);
    // LATEST: other test files write to the same table; this one reads only what it writes from now on.
    poller = await startStreamPoller({
      endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
      tableName: process.env.TABLE_NAME!,
      startingPosition: 'LATEST',
      intervalMs: 60_000,
      log: (line) => log.push(line),
      logError: () => undefined,
    });
  });

  afterAll(async () => {
    await poller?.stop();
    await bus?.stop();
  });

  /** Everything the local runtime does after a write: read the stream, publish, deliver. */
  async function settle(): Promise<void> {
    await poller.drain();
    await bus.idle();
  }

  async function post(
    principal: ReturnType<Awaited<ReturnType<typeof createTestDistrict>>['schoolPrincipal']>,
    answers: Record<string, unknown>,
  ) {
    const body = { submissionId: randomUUID(), formType: 'hazard-report', date: today, answers };
    const response = (await recordSubmission(
      apiEvent('record-submission', { principal, body }),
      lambdaContext('record-submission'),
    )) as ApiResponse;
    return {
      status: response.statusCode,
      body: JSON.parse(response.body ?? 'null') as { hazards: { hazardId: string }[] },
    };
  }

  it('e-mails the district’s officials when a submission raises a critical hazard', async () => {
    // Prepare
    const district = await createTestDistrict([{ schoolId: 's-crit', hasCanteen: true, boarding: true }]);
    const official = `${district.districtId}@example.cn`;
    const answers = {
      ...validAnswers['hazard-report'],
      severity: 'critical',
      category: 'security',
      place: '男生宿舍 3 号楼',
      description: '2 名学生夜间未归',
    };
    // Act
    const posted = await post(district.schoolPrincipal('s-crit'), answers);
    await settle();
    const mails = await mailTo(official);
    // Assess
    expect(posted.status).toBe(201);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('【重大隐患】学校 s-crit：治安与安保隐患');
    expect(mails[0]!.body.text).toContain('地点：男生宿舍 3 号楼');
    expect(mails[0]!.body.html).toContain('2 名学生夜间未归');
    const [hazard] = posted.body.hazards;
    expect(await getAlert(district.districtId, hazard!.hazardId)).toMatchObject({
      status: 'sent',
      attempts: 1,
      recipients: [official],
      kind: 'critical-hazard',
    });
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^event HazardRaised → alert-officials \(rule critical-hazard-raised\) ok/),
      ]),
    );
  });

  it('e-mails nobody for a hazard that is not critical', async () => {
    // Prepare
    const district = await createTestDistrict([{ schoolId: 's-high', hasCanteen: true, boarding: false }]);
    // Act
    const posted = await post(district.schoolPrincipal('s-high'), {
      ...validAnswers['hazard-report'],
      severity: 'high',
    });
    await settle();
    // Assess
    expect(posted.status).toBe(201);
    expect(await mailTo(`${district.districtId}@example.cn`)).toEqual([]);
    expect(log).toEqual(expect.arrayContaining(['event HazardRaised (no rule matches)']));
  });

  it('sends one mail however often HazardRaised is delivered', async () => {
    // Prepare
    const district = await createTestDistrict([{ schoolId: 's-dup', hasCanteen: true, boarding: true }]);
    const event = hazardRaisedEvent({
      districtId: district.districtId,
      schoolId: 's-dup',
      hazardId: `hz_${randomUUID().slice(0, 8)}`,
    });
    // Act
    await alertOfficialsHandler(event);
    await alertOfficialsHandler(JSON.parse(JSON.stringify(event)));
    const again = await alertOfficials(event.detail, { senderAddress: process.env.SENDER_ADDRESS! });
    // Assess
    expect(await mailTo(`${district.districtId}@example.cn`)).toHaveLength(1);
    expect(again.status).toBe('already-sent');
  });

  it('writes in English to a district whose locale is en, with the school’s name', async () => {
    // Prepare
    const districtId = `it-en-${randomUUID().slice(0, 8)}`;
    const official = `${districtId}@example.org`;
    await DistrictEntity.build(PutItemCommand)
      .item({
        districtId,
        name: 'Riverside Education Bureau',
        timezone: 'Asia/Shanghai',
        locale: 'en',
        officialEmails: [official, `deputy-${official}`],
      })
      .send();
    await SchoolEntity.build(PutItemCommand)
      .item({
        districtId,
        schoolId: 'rs-1',
        name: 'Riverside No. 1 Middle School',
        kind: 'middle',
        students: 900,
        staff: 70,
        hasCanteen: true,
        boarding: true,
        registeredOn: '2025-09-01',
      })
      .send();
    // Act
    await alertOfficialsHandler(
      hazardRaisedEvent({ districtId, schoolId: 'rs-1', hazardId: `hz_${randomUUID().slice(0, 8)}` }),
    );
    const [mail] = await mailTo(official);
    // Assess
    expect(mail?.subject).toBe('[Critical hazard] Riverside No. 1 Middle School: Students unaccounted for at night');
    expect(mail?.destination.to.join(',')).toContain(`deputy-${official}`);
    expect(mail?.body.text).toContain('Rectify by: 11 May 2026');
  });

  it('fails (so Lambda retries, then dead-letters) for a district that is not registered', async () => {
    // Act
    const attempt = alertOfficialsHandler(
      hazardRaisedEvent({ districtId: `it-none-${randomUUID().slice(0, 8)}`, hazardId: 'hz_orphan' }),
    );
    // Assess
    await expect(attempt).rejects.toThrow(/is not registered/);
  });

  it('answers PutEvents like EventBridge: the SDK client puts on the local bus and hears which entries failed', async () => {
    // Act
    const results = await putEventsWithSdk([
      { EventBusName: process.env.EVENT_BUS_NAME, Source: 'houqin', DetailType: 'Ping', Detail: '{}' },
      { EventBusName: 'no-such-bus', Source: 'houqin', DetailType: 'Ping', Detail: '{}' },
    ]);
    await bus.idle();
    // Assess
    expect(results[0]).toEqual({ EventId: expect.any(String) });
    expect(results[1]).toMatchObject({ ErrorCode: 'NotFoundException' });
  });

  it('hands a stream consumer its failed records again, from the lowest reported one, as the event source mapping does', async () => {
    // Prepare: a consumer of its own that reports the second of three records once.
    const consumer: FunctionSpec = {
      name: 'flaky-consumer',
      entry: 'test/flaky.ts',
      description: '',
      triggers: [{ kind: 'table-stream', batchSize: 100, maxBatchingWindowSeconds: 1 }],
      binds: {},
      memoryMb: 128,
      timeoutSeconds: 5,
    };
    const prefix = `it-flaky-${randomUUID().slice(0, 8)}`;
    const batches: string[][] = [];
    let failed = false;
    const flaky = await pollerFor(consumer, async (event) => {
      const records = event.Records.filter((r) => r.dynamodb?.NewImage?.districtId?.S?.startsWith(prefix));
      batches.push(records.map((r) => r.dynamodb!.NewImage!.districtId!.S!));
      const second = records[1];
      if (!failed && second) {
        failed = true;
        return { batchItemFailures: [{ itemIdentifier: second.dynamodb!.SequenceNumber! }] };
      }
      return { batchItemFailures: [] };
    });
    try {
      for (const n of [1, 2, 3]) {
        await DistrictEntity.build(PutItemCommand)
          .item({
            districtId: `${prefix}-${n}`,
            name: 'x',
            timezone: 'Asia/Shanghai',
            locale: 'zh-CN',
            officialEmails: [],
          })
          .send();
      }
      // Act
      await flaky.drain();
    } finally {
      await flaky.stop();
    }
    // Assess
    expect(batches.filter((b) => b.length > 0)).toEqual([
      [`${prefix}-1`, `${prefix}-2`, `${prefix}-3`],
      [`${prefix}-2`, `${prefix}-3`],
    ]);
  });

  it('passes over the records the publisher’s filter excludes (the authorizer’s RATE# counters), as the event source mapping does', async () => {
    // Prepare: a consumer with the publisher's trigger (its filters), recording what it is handed.
    const publisher = FUNCTIONS.find((f) => f.name === 'publish-domain-events')!;
    const consumer: FunctionSpec = { ...publisher, name: 'filtered-consumer', entry: 'test/filtered.ts' };
    const tokenId = `tok_it-filter-${randomUUID().slice(0, 8)}`;
    const submissionPk = `SUB#it-filter#${tokenId}#1`;
    const delivered: string[] = [];
    const filtered = await pollerFor(consumer, async (event) => {
      delivered.push(...event.Records.map((r) => r.dynamodb!.Keys!.pk!.S!));
      return { batchItemFailures: [] };
    });
    try {
      // Act: the authorizer counts two requests, then a submission (an imported one: it announces nothing) is written.
      await countRequest(tokenId, 'write');
      await countRequest(tokenId, 'write');
      await getDocumentClient().send(
        new PutCommand({
          TableName: process.env.TABLE_NAME!,
          Item: { pk: submissionPk, sk: 'SUB', entity: 'Submission', importedAt: new Date().toISOString() },
        }),
      );
      await filtered.drain();
    } finally {
      await filtered.stop();
    }
    // Assess: the counter was written (twice) and is on the stream, but only the submission was handed over.
    const counters = await getDocumentClient().send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME!,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': rateLimitPartition(tokenId) },
      }),
    );
    expect(counters.Items?.map((item) => item.requests)).toEqual([2]);
    expect(delivered.filter((pk) => pk.includes(tokenId))).toEqual([submissionPk]);
  });
});
