import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { $set, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { handler as getReport } from '../../functions/get-report/handler';
import { handler as getSubmission } from '../../functions/get-submission/handler';
import { handler as produceReport } from '../../functions/produce-report/handler';
import { handler as sendReportMail } from '../../functions/send-report-mail/handler';
import { handler as verifyPhoto } from '../../functions/verify-photo/handler';
import { ensureTable, startS3, type S3Emulator } from '../../infra/local/emulators';
import { attachS3EventDelivery, type LocalDeadLetter, type S3EventDelivery } from '../../infra/local/s3-events';
import type { Principal } from '../../shared/auth/principal';
import { getSesClient } from '../../shared/clients';
import { DistrictEntity } from '../../shared/db/entities';
import type { ApiResponse } from '../../shared/http/api-handler';
import { demoJpeg } from '../../shared/photos/demo-images';
import { getS3Client } from '../../shared/photos/s3';
import { getPhoto } from '../../shared/photos/records';
import { previousMonthIn } from '../../shared/reports/pipeline/month';
import { reportMail } from '../../shared/reports/pipeline/outbox';
import type { ReportRequestedDetail } from '../../shared/reports/pipeline/requests';
import { getStoredReport, readReportJson } from '../../shared/reports/pipeline/store';
import { createTestDistrict } from '../support/directory-fixtures';
import { recordExample } from '../support/submissions';
import { apiEvent, lambdaContext } from '../support/events';
import { requestSubmissionPhoto } from '../support/photos';
import {
  describeStats,
  injectFaults,
  S3_FAULTS,
  s3Operation,
  SES_FAULTS,
  sesOperation,
  type FaultInjector,
} from '../support/fault-injection';

/*
 * Issue 6, point 4: faults, against the emulators with the real handlers.
 * (a) SES is down while a month's report is produced and mailed: the report is kept, the mail
 *     is recorded failed with its next attempt, and the retry schedule's function delivers it
 *     once SES is back and the back-off has passed — once, however often it runs.
 * (b) S3 is down while a photo is verified: verify-photo throws, so the event is retried, and
 *     after Lambda's retries the event is kept as a dead letter (.local/data/dead-letters.jsonl
 *     under `npm start`), visible there and in the log, and the photo stays pending.
 * Failures are injected under the SDK's retry layer (test/support/fault-injection.ts): the SDK
 * retries each call as it would on AWS before the code under test sees the error.
 * (c) On AWS the same retries and failure queues are the stack's: test/infra/async-failures.test.ts.
 *
 * This file has its own table (the retry schedule's function reads every district's due mail:
 * with a clock moved forward it must not take other test files' mail) and its own s3rver (its
 * notifications are events of the process it runs in).
 */

jest.setTimeout(120_000);

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;
type ApiHandler = (event: ReturnType<typeof apiEvent>, context: Context) => Promise<ApiResponse>;

const TIMEZONE = 'Asia/Shanghai';
const MONTH = previousMonthIn(TIMEZONE, new Date());
const TABLE = `houqin-faults-${randomUUID().slice(0, 8)}`;
const BUCKET = process.env.BUCKET_NAME!;
const MINUTE = 60_000;

/** A Lambda context with the time the manifest gives the function (the test helper's says 10 s, too little to start a send). */
const contextOf = (name: string, seconds: number): Context => ({
  ...lambdaContext(name),
  getRemainingTimeInMillis: () => seconds * 1000,
});

/** Only the clock moves under test: timers stay real, so the SDK's retries and the emulators run as usual. */
function freezeClockAt(at: Date): void {
  jest.useFakeTimers({
    now: at,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

interface StoredMail {
  destination: { to: string[] };
  subject: string;
}

async function mailTo(address: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.some((to) => to.includes(address)));
}

let s3: S3Emulator;

beforeAll(async () => {
  // Before any client is created: this file's table and s3rver.
  process.env.TABLE_NAME = TABLE;
  await ensureTable(process.env.AWS_ENDPOINT_URL_DYNAMODB!, TABLE);
  s3 = await startS3({ port: 0, bucketName: BUCKET });
  process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
});

afterAll(async () => {
  getS3Client().destroy();
  await s3?.stop();
});

afterEach(() => jest.useRealTimers());

describe('an SES outage during the monthly send', () => {
  let ses: FaultInjector;

  afterEach(() => ses?.restore());

  it('keeps the report, records the mail failed with its next attempt, and delivers it once when SES is back', async () => {
    // Prepare: a district of two schools and two officials, a few submissions last month.
    const district = await createTestDistrict([
      { schoolId: 's-a', hasCanteen: true, boarding: false },
      { schoolId: 's-b', hasCanteen: false, boarding: false },
    ]);
    const officials = [`chief-${district.districtId}@example.cn`, `deputy-${district.districtId}@example.cn`];
    await DistrictEntity.build(UpdateItemCommand)
      .item({ districtId: district.districtId, officialEmails: $set(officials) })
      .send();
    for (const day of ['05', '06', '07']) {
      await recordExample(district.schoolPrincipal('s-a'), 'canteen-daily', `${MONTH}-${day}`);
    }
    await recordExample(district.schoolPrincipal('s-b'), 'hazard-report', `${MONTH}-06`);
    const t0 = new Date();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const detail: ReportRequestedDetail = {
      districtId: district.districtId,
      month: MONTH,
      send: 'once',
      requestedBy: 'schedule',
    };
    const event = { id: randomUUID(), 'detail-type': 'ReportRequested', source: 'houqin', detail } as EventBridgeEvent<
      'ReportRequested',
      ReportRequestedDetail
    >;
    const runRetrySchedule = async (when: Date) => {
      freezeClockAt(when);
      await sendReportMail(
        {
          scheduleArn: 'arn:aws:scheduler:ap-east-1:123456789012:schedule/default/report-mail-retry',
          scheduledTime: when.toISOString(),
          executionId: randomUUID(),
          attemptNumber: '1',
        },
        contextOf('send-report-mail', 300),
      );
      return reportMail(district.districtId, MONTH);
    };
    ses = injectFaults(getSesClient(), {
      rate: 1,
      seed: 6,
      faults: [SES_FAULTS.unavailable],
      operationOf: sesOperation,
    });

    // Act 1: the scheduled report while SES answers 503 to everything.
    freezeClockAt(t0);
    await produceReport(event, contextOf('produce-report', 300));
    const afterProduce = await reportMail(district.districtId, MONTH);
    const duringOutage = structuredClone(ses.stats);
    // Act 2: the retry schedule a minute later; SES is still down.
    const afterSecond = await runRetrySchedule(at(MINUTE + 1_000));
    // Act 3: SES is back. Before the back-off has passed nothing goes; after it, the mail does.
    ses.setRate(0);
    const early = await runRetrySchedule(at(MINUTE + 1_000 + MINUTE));
    const delivered = await runRetrySchedule(at(MINUTE + 1_000 + 2 * MINUTE + 1_000));
    const later = await runRetrySchedule(at(10 * MINUTE));
    jest.useRealTimers();
    console.info(describeStats('SES', ses.stats));

    // Assess: the report was stored though no mail went.
    const stored = await getStoredReport(district.districtId, MONTH);
    expect(stored).toMatchObject({ revision: 1, deliveries: 1, summary: { schoolsReporting: 2, hazardsFound: 1 } });
    expect(await readReportJson(BUCKET, stored!)).toMatchObject({
      month: MONTH,
      district: { id: district.districtId },
    });
    // The SDK tried each send five times (four retries) before the outbox recorded it failed.
    expect(duringOutage).toMatchObject({
      requests: 2 * 5,
      injected: 2 * 5,
      retries: 2 * 4,
      maxAttempt: 5,
      exhausted: 2,
    });
    expect(afterProduce).toEqual(
      officials.map((recipient) =>
        expect.objectContaining({
          recipient,
          status: 'failed',
          attempts: 1,
          lastErrorCode: 'ServiceUnavailable',
          nextAttemptAt: at(MINUTE).toISOString(),
        }),
      ),
    );
    expect(afterSecond).toEqual(
      officials.map(() =>
        expect.objectContaining({
          status: 'failed',
          attempts: 2,
          nextAttemptAt: at(MINUTE + 1_000 + 2 * MINUTE).toISOString(),
        }),
      ),
    );
    expect(early).toEqual(afterSecond);
    expect(delivered).toEqual(
      officials.map((recipient) =>
        expect.objectContaining({ recipient, status: 'sent', attempts: 3, contentHash: stored!.contentHash }),
      ),
    );
    expect(later).toEqual(delivered);
    for (const official of officials) expect(await mailTo(official)).toHaveLength(1);
    const view = JSON.parse(
      (
        await (getReport as ApiHandler)(
          apiEvent('get-report', { principal: district.official, pathParameters: { month: MONTH } }),
          lambdaContext('get-report'),
        )
      ).body!,
    );
    expect(view.mail).toMatchObject({
      state: 'sent',
      deliveries: [
        {
          delivery: 1,
          state: 'sent',
          recipients: officials.map((address) => ({ address, status: 'sent', attempts: 3 })),
        },
      ],
    });
  });

  it('shows the send state in progress, with the next attempt and the error, while SES is down', async () => {
    // Prepare
    const district = await createTestDistrict([{ schoolId: 's-a', hasCanteen: true, boarding: false }]);
    await recordExample(district.schoolPrincipal('s-a'), 'canteen-daily', `${MONTH}-03`);
    const detail: ReportRequestedDetail = {
      districtId: district.districtId,
      month: MONTH,
      send: 'once',
      requestedBy: 'schedule',
    };
    ses = injectFaults(getSesClient(), {
      rate: 1,
      seed: 7,
      faults: [SES_FAULTS.throttling],
      operationOf: sesOperation,
    });
    // Act
    await produceReport(
      { id: randomUUID(), 'detail-type': 'ReportRequested', source: 'houqin', detail } as EventBridgeEvent<
        'ReportRequested',
        ReportRequestedDetail
      >,
      contextOf('produce-report', 300),
    );
    const response = await (getReport as ApiHandler)(
      apiEvent('get-report', { principal: district.official, pathParameters: { month: MONTH } }),
      lambdaContext('get-report'),
    );
    // Assess
    const view = JSON.parse(response.body!);
    expect(response.statusCode).toBe(200);
    expect(view.mail).toEqual({
      state: 'in-progress',
      deliveries: [
        expect.objectContaining({
          state: 'in-progress',
          recipients: [
            {
              address: `${district.districtId}@example.cn`,
              status: 'failed',
              attempts: 1,
              nextAttemptAt: expect.any(String),
              lastErrorCode: 'Throttling',
            },
          ],
        }),
      ],
    });
    expect(await mailTo(`${district.districtId}@example.cn`)).toEqual([]);
  });
});

describe('a photo that cannot be verified (S3 unavailable)', () => {
  let delivery: S3EventDelivery;
  let s3Faults: FaultInjector | undefined;
  let deadLetterDir: string;
  const log: string[] = [];

  beforeAll(() => {
    deadLetterDir = mkdtempSync(join(tmpdir(), 'houqin-dead-letters-'));
    delivery = attachS3EventDelivery(s3.server, {
      bucketName: BUCKET,
      retryDelaysMs: [20, 20],
      deadLetterFile: join(deadLetterDir, 'dead-letters.jsonl'),
      log: (line) => log.push(line),
      logError: () => undefined,
    });
  });

  afterAll(async () => {
    s3Faults?.restore();
    delivery?.detach();
    await delivery?.idle();
    rmSync(deadLetterDir, { recursive: true, force: true });
  });

  it('throws, is retried twice, is kept as a dead letter with its error, and is verified when the dead letter is replayed', async () => {
    // Prepare: a submission with a photo asked for.
    const district = await createTestDistrict([{ schoolId: 's-photo', hasCanteen: true, boarding: false }]);
    const school = district.schoolPrincipal('s-photo') as SchoolPrincipal;
    const submissionId = randomUUID();
    await recordExample(school, 'safety-drill', `${MONTH}-12`, { submissionId });
    const jpeg = demoJpeg({ label: 'DRILL', scene: 2 });
    const grant = await requestSubmissionPhoto(school, submissionId, jpeg.length, BUCKET);
    const objectKey = grant.upload.fields.key!;
    s3Faults = injectFaults(getS3Client(), {
      rate: 1,
      seed: 4,
      faults: [S3_FAULTS.unavailable],
      operationOf: s3Operation,
    });

    // Act: the school uploads straight to the bucket (not through the SDK); s3rver announces it.
    const form = new FormData();
    for (const [name, value] of Object.entries(grant.upload.fields)) form.append(name, value);
    form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'photo.jpg');
    const upload = await fetch(grant.upload.url, { method: 'POST', body: form });
    await delivery.idle();
    const outage = structuredClone(s3Faults.stats);
    const pending = await getPhoto(district.districtId, grant.photo.photoId);
    const view = JSON.parse(
      (
        await (getSubmission as ApiHandler)(
          apiEvent('get-submission', { principal: school, pathParameters: { id: submissionId } }),
          lambdaContext('get-submission'),
        )
      ).body!,
    );
    // … and the handler itself, called once more during the outage, throws (so Lambda retries).
    const ours = delivery.deadLetters.filter((letter) => letter.event.detail.object.key === objectKey);
    const direct = verifyPhoto(ours[0]!.event).then(
      () => 'resolved',
      (error: Error) => error,
    );
    const directOutcome = await direct;
    // S3 is back: replaying the dead letter (what redriving the failure queue does) verifies it.
    s3Faults.restore();
    await verifyPhoto(ours[0]!.event);
    const verified = await getPhoto(district.districtId, grant.photo.photoId);
    console.info(describeStats('S3 (verify-photo)', outage));

    // Assess
    expect(upload.status).toBeLessThan(300);
    // Three invocations (the first and Lambda's two retries), each with the SDK's five attempts.
    const attempts = log.filter((line) => line.startsWith(`s3 ${objectKey} → verify-photo`));
    expect(attempts).toEqual([
      expect.stringMatching(/ failed \d+ms; retrying in 0.02 s$/),
      expect.stringMatching(/ failed \d+ms; retrying in 0.02 s$/),
      expect.stringMatching(/ failed \d+ms; on AWS the event would now go to verify-photo's failure queue$/),
      expect.stringMatching(/: dead-lettered \(.*dead-letters\.jsonl\)$/),
    ]);
    expect(outage).toMatchObject({
      injected: 3 * 5,
      exhausted: 3,
      maxAttempt: 5,
      byOperation: { HeadObject: { requests: 3 * 5, injected: 3 * 5 } },
    });
    expect(ours).toEqual([
      expect.objectContaining<Partial<LocalDeadLetter>>({
        function: 'verify-photo',
        attempts: 3,
        error: 'Service is unable to handle request.',
      }),
    ]);
    const lines = readFileSync(join(deadLetterDir, 'dead-letters.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LocalDeadLetter);
    expect(lines.filter((letter) => letter.event.detail.object.key === objectKey)).toEqual([
      expect.objectContaining({ function: 'verify-photo', attempts: 3 }),
    ]);
    expect(pending).toMatchObject({ status: 'requested' });
    expect(view.photos).toEqual([expect.objectContaining({ photoId: grant.photo.photoId, status: 'pending' })]);
    expect(directOutcome).toBeInstanceOf(Error);
    expect(verified).toMatchObject({ status: 'verified', size: jpeg.length, detectedType: 'image/jpeg' });
  });
});
