import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { $set, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { handler as dispatchHandler } from '../../functions/dispatch-monthly-reports/handler';
import { handler as getReportHandler } from '../../functions/get-report/handler';
import { handler as getWorkbookHandler } from '../../functions/get-report-workbook/handler';
import { handler as produceHandler } from '../../functions/produce-report/handler';
import { handler as recordBounceHandler } from '../../functions/record-bounce/handler';
import { handler as requestReportHandler } from '../../functions/request-report/handler';
import type { Principal } from '../../shared/auth/principal';
import { DistrictEntity } from '../../shared/db/entities';
import type { ApiResponse } from '../../shared/http/api-handler';
import { getS3Client } from '../../shared/photos/s3';
import { requestReport } from '../../shared/reports/pipeline/api';
import { recordMailFeedback } from '../../shared/reports/pipeline/bounces';
import { monthIn, previousMonthIn } from '../../shared/reports/pipeline/month';
import { reportMail } from '../../shared/reports/pipeline/outbox';
import { produceReport } from '../../shared/reports/pipeline/produce';
import type { ReportRequestedDetail } from '../../shared/reports/pipeline/requests';
import { sendDueReportMail, rawMailSender, type SendRawMail } from '../../shared/reports/pipeline/send';
import { getStoredReport, reportContentHash, reportObjectKeys } from '../../shared/reports/pipeline/store';
import type { DistrictReport } from '../../shared/reports/types';
import { createTestDistrict } from '../support/directory-fixtures';
import { recordExample } from '../support/submissions';
import { emulatorMailAndPhotos, runRollup, useStackFile, type AdminRun } from '../support/admin-cli';
import { apiEvent, lambdaContext, sesBounceEvent } from '../support/events';
import { useRecordingBus } from '../support/local-bus';

/*
 * The monthly report's pipeline against the emulators: DynamoDB Local (the index and the mail
 * outbox), s3rver (the JSON and the workbook) and aws-ses-v2-local (the mail, whose store the
 * test reads). Every test makes its own district, so nothing is shared between tests.
 */

// Rendering charts loads resvg's .wasm and a 10 MB font once per worker: the first report takes seconds.
jest.setTimeout(30_000);

const ROOT = resolve(__dirname, '..', '..');
const BUCKET = process.env.BUCKET_NAME!;
const SENDER = process.env.SENDER_ADDRESS!;
const TIMEZONE = 'Asia/Shanghai';
/** Last month in district time: the month the schedule would report today. */
const MONTH = previousMonthIn(TIMEZONE, new Date());

interface StoredMail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string }[];
  at: number;
}

/** The mail aws-ses-v2-local holds for `address`. */
async function mailTo(address: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.some((to) => to.includes(address)));
}

/**
 * A district of two schools with a few days of last month recorded through the real submission
 * path (a canteen with three checks, a hazard report), and the given officials.
 */
async function seededDistrict(officials?: string[], timezone = TIMEZONE) {
  const district = await createTestDistrict(
    [
      { schoolId: 's-a', hasCanteen: true, boarding: false },
      { schoolId: 's-b', hasCanteen: false, boarding: false },
    ],
    timezone,
  );
  const emails = officials ?? [`${district.districtId}@example.cn`];
  await DistrictEntity.build(UpdateItemCommand)
    .item({ districtId: district.districtId, officialEmails: $set(emails) })
    .send();
  const month = previousMonthIn(timezone, new Date());
  for (const day of ['05', '06', '07'])
    await recordExample(district.schoolPrincipal('s-a'), 'canteen-daily', `${month}-${day}`);
  await recordExample(district.schoolPrincipal('s-b'), 'hazard-report', `${month}-06`);
  return { ...district, officials: emails, month };
}

async function s3Object(key: string): Promise<Buffer> {
  const { Body } = await getS3Client().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await Body!.transformToByteArray());
}

type ApiHandler = (event: ReturnType<typeof apiEvent>, context: Context) => Promise<ApiResponse>;

async function call(
  handler: unknown,
  fixture: string,
  principal: Principal | null,
  month: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await (handler as ApiHandler)(
    apiEvent(fixture, { principal, pathParameters: { month }, ...options }),
    lambdaContext(fixture),
  );
  return response;
}

const json = (response: ApiResponse) => JSON.parse(response.body ?? 'null');

/** An SES error as the SDK throws it. */
function sesError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** What the schedule asks produce-report for: the district's month, mailed once. */
const scheduledRequest = (district: { districtId: string; month: string }) => ({
  districtId: district.districtId,
  month: district.month,
  send: 'once' as const,
  requestedBy: 'schedule',
});

describe('monthly report pipeline (emulators)', () => {
  it('stores the JSON and the workbook under reports/ and indexes them, then mails the officials once however often it runs', async () => {
    // Prepare
    const district = await seededDistrict();
    const request = scheduledRequest(district);
    // Act
    const first = await produceReport(request, { bucket: BUCKET, senderAddress: SENDER });
    const second = await produceReport(request, { bucket: BUCKET, senderAddress: SENDER });
    // Assess
    const keys = reportObjectKeys(district.districtId, district.month);
    const stored = JSON.parse((await s3Object(keys.json)).toString('utf8')) as DistrictReport;
    const workbook = await s3Object(keys.workbook);
    const index = await getStoredReport(district.districtId, district.month);
    expect(keys.json).toBe(`reports/${district.districtId}/${district.month}/report.json`);
    expect(stored).toMatchObject({ month: district.month, district: { id: district.districtId } });
    expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(index).toMatchObject({
      revision: 1,
      deliveries: 1,
      contentHash: reportContentHash(stored),
      producedAt: stored.producedAt,
      summary: { schoolsRegistered: 2, schoolsReporting: 2, hazardsFound: 1 },
    });
    expect(first).toMatchObject({ written: true, delivery: { status: 'created', delivery: 1 } });
    expect(second).toMatchObject({ written: false, delivery: { status: 'exists' }, mail: [] });
    expect(second.stored.producedAt).toBe(first.stored.producedAt);
    const mails = await mailTo(district.officials[0]!);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('学校后勤月报');
    expect(mails[0]!.attachments.map((a) => a.contentType)).toEqual(
      expect.arrayContaining(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'image/png']),
    );
    expect(await reportMail(district.districtId, district.month)).toEqual([
      expect.objectContaining({ delivery: 1, status: 'sent', attempts: 1, contentHash: index!.contentHash }),
    ]);
  }, 60_000);

  it('stores a new revision when the figures change, and does not mail the month again', async () => {
    // Prepare
    const district = await seededDistrict();
    const request = scheduledRequest(district);
    await produceReport(request, { bucket: BUCKET, senderAddress: SENDER });
    await recordExample(district.schoolPrincipal('s-a'), 'canteen-daily', `${district.month}-08`);
    // Act
    const again = await produceReport(request, { bucket: BUCKET, senderAddress: SENDER });
    // Assess
    expect(again).toMatchObject({
      written: true,
      stored: { revision: 2, deliveries: 1 },
      delivery: { status: 'exists' },
    });
    expect(await mailTo(district.officials[0]!)).toHaveLength(1);
  });

  it('records a throttled send as failed with its attempt and next attempt, and a later run delivers it once', async () => {
    // Prepare
    const district = await seededDistrict();
    const t0 = new Date();
    const throttled: SendRawMail = async () => {
      throw sesError('Throttling', 'Maximum sending rate exceeded.');
    };
    const at = (ms: number) => () => new Date(t0.getTime() + ms);
    // Act
    const produced = await produceReport(
      { districtId: district.districtId, month: district.month, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER, sendRawMail: throttled, now: at(0) },
    );
    const failed = await reportMail(district.districtId, district.month);
    const early = await sendDueReportMail({
      bucket: BUCKET,
      senderAddress: SENDER,
      sendRawMail: rawMailSender(),
      now: at(30_000),
    });
    const due = await sendDueReportMail({
      bucket: BUCKET,
      senderAddress: SENDER,
      sendRawMail: rawMailSender(),
      now: at(61_000),
    });
    const later = await sendDueReportMail({
      bucket: BUCKET,
      senderAddress: SENDER,
      sendRawMail: rawMailSender(),
      now: at(600_000),
    });
    // Assess
    expect(produced.mail).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, lastErrorCode: 'Throttling' }),
    ]);
    expect(failed).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        lastErrorCode: 'Throttling',
        nextAttemptAt: new Date(t0.getTime() + 60_000).toISOString(),
        lastError: 'Throttling: Maximum sending rate exceeded.',
      }),
    ]);
    const ours = (run: Awaited<ReturnType<typeof sendDueReportMail>>) =>
      run.reports.filter((r) => r.districtId === district.districtId);
    expect(ours(early)).toEqual([]);
    expect(ours(due)).toEqual([
      {
        districtId: district.districtId,
        month: district.month,
        outcomes: [expect.objectContaining({ status: 'sent', attempts: 2 })],
      },
    ]);
    expect(ours(later)).toEqual([]);
    expect(await mailTo(district.officials[0]!)).toHaveLength(1);
    const view = json(await call(getReportHandler, 'get-report', district.official, district.month));
    expect(view.mail).toMatchObject({
      state: 'sent',
      deliveries: [{ delivery: 1, state: 'sent', recipients: [{ status: 'sent', attempts: 2 }] }],
    });
  });

  it('gives up at once on a permanent SES error and shows the send state failed', async () => {
    // Prepare
    const district = await seededDistrict();
    const rejected: SendRawMail = async () => {
      throw sesError('MessageRejected', 'Email address is not verified.');
    };
    // Act
    await produceReport(
      { districtId: district.districtId, month: district.month, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER, sendRawMail: rejected },
    );
    const view = json(await call(getReportHandler, 'get-report', district.official, district.month));
    // Assess
    const [mail] = await reportMail(district.districtId, district.month);
    expect(mail).toMatchObject({ status: 'failed', attempts: 1, lastErrorCode: 'MessageRejected' });
    expect(mail!.nextAttemptAt).toBeUndefined();
    expect(view.mail).toEqual({
      state: 'failed',
      deliveries: [
        expect.objectContaining({
          state: 'failed',
          recipients: [
            { address: district.officials[0], status: 'failed', attempts: 1, lastErrorCode: 'MessageRejected' },
          ],
        }),
      ],
    });
  });

  it('skips a recipient that bounced before and shows why, and marks a mail that bounces afterwards', async () => {
    // Prepare
    const bounced = `bounced-${randomUUID().slice(0, 8)}@example.cn`;
    const kept = `kept-${randomUUID().slice(0, 8)}@example.cn`;
    const district = await seededDistrict([bounced, kept]);
    await recordMailFeedback({
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: bounced.toUpperCase(), diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        timestamp: new Date().toISOString(),
      },
      mail: { messageId: 'earlier-message' },
    });
    // Act
    const produced = await produceReport(
      { districtId: district.districtId, month: district.month, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER },
    );
    const bounce = sesBounceEvent(kept, { districtId: district.districtId, month: district.month });
    await recordBounceHandler(bounce);
    const view = json(await call(getReportHandler, 'get-report', district.official, district.month));
    // Assess
    expect(produced.delivery).toMatchObject({
      status: 'created',
      records: [
        { recipient: bounced, status: 'skipped', skippedReason: 'bounce' },
        { recipient: kept, status: 'pending' },
      ],
    });
    expect(produced.mail.map(({ recipient, status }) => ({ recipient, status }))).toEqual([
      { recipient: kept, status: 'sent' },
    ]);
    expect(await mailTo(bounced)).toEqual([]);
    expect(await mailTo(kept)).toHaveLength(1);
    expect(view.mail.deliveries[0].recipients).toEqual([
      { address: bounced, status: 'skipped', attempts: 0, skippedReason: 'bounce' },
      expect.objectContaining({
        address: kept,
        status: 'bounced',
        attempts: 1,
        bouncedAt: JSON.parse(bounce.Records[0]!.Sns.Message).bounce.timestamp,
      }),
    ]);
  });
});

describe('report routes', () => {
  let district: Awaited<ReturnType<typeof seededDistrict>>;

  beforeAll(async () => {
    district = await seededDistrict();
    await produceReport(
      { districtId: district.districtId, month: district.month, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER },
    );
  });

  it('gives the district’s official the report with its header and send state', async () => {
    // Act
    const response = await call(getReportHandler, 'get-report', district.official, district.month);
    // Assess
    const body = json(response);
    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({
      districtId: district.districtId,
      month: district.month,
      revision: 1,
      summary: { schoolsRegistered: 2 },
      workbook: { href: `/v1/reports/${district.month}/workbook` },
      mail: { state: 'sent' },
      report: { reportVersion: 2, month: district.month, district: { id: district.districtId } },
    });
    expect(JSON.stringify(body)).not.toMatch(/"pk"|"sk"|"gsi|reports\/[^/]+\/\d{4}-\d{2}\/report/);
  });

  it('gives the official the workbook as an XLSX file with its name', async () => {
    // Act
    const response = await call(getWorkbookHandler, 'get-report-workbook', district.official, district.month);
    // Assess
    const bytes = Buffer.from(response.body!, 'base64');
    expect(response.statusCode).toBe(200);
    expect(response.isBase64Encoded).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(String(response.headers!['content-disposition'])).toMatch(
      /^attachment; filename="houqin-report-.+\.xlsx"; filename\*=UTF-8''.+%E6%9C%88%E6%8A%A5\.xlsx$/,
    );
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.byteLength).toBe((await getStoredReport(district.districtId, district.month))!.workbookBytes);
  });

  it('answers 403 to a school (a role the route never serves), and 404 to the official of another district', async () => {
    // Prepare
    const other = await createTestDistrict([{ schoolId: 's-x', hasCanteen: false, boarding: false }]);
    // Act
    const school = await call(getReportHandler, 'get-report', district.schoolPrincipal('s-a'), district.month);
    const stranger = await call(getReportHandler, 'get-report', other.official, district.month);
    const strangerWorkbook = await call(getWorkbookHandler, 'get-report-workbook', other.official, district.month);
    // Assess
    expect([school.statusCode, stranger.statusCode, strangerWorkbook.statusCode]).toEqual([403, 404, 404]);
    expect(json(school).error.code).toBe('ROLE_NOT_ALLOWED');
    expect(json(stranger).error.code).toBe('REPORT_NOT_FOUND');
  });

  it('refuses a malformed month with 400 and the reason in the caller’s language', async () => {
    // Act
    const zh = await call(getReportHandler, 'get-report', district.official, '2026-13');
    const en = await call(getReportHandler, 'get-report', district.official, 'april', {
      headers: { 'accept-language': 'en' },
    });
    // Assess
    expect([zh.statusCode, en.statusCode]).toEqual([400, 400]);
    expect(json(zh).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'month', reason: expect.stringContaining('应为月份') }],
    });
    expect(json(en).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('invalid'),
      details: [{ field: 'month', reason: expect.stringContaining('Expected a month written YYYY-MM') }],
    });
  });

  it('refuses to produce a month that has not ended, with 422', async () => {
    // Act
    const response = await call(
      requestReportHandler,
      'request-report',
      district.official,
      monthIn(TIMEZONE, new Date()),
      { body: {}, headers: { 'accept-language': 'en' } },
    );
    // Assess
    expect(response.statusCode).toBe(422);
    expect(json(response).error).toMatchObject({
      code: 'REPORT_MONTH_NOT_ENDED',
      message: expect.stringContaining('has not ended'),
    });
  });

  it('produces the report again on POST and, with send: true, mails it again as a new delivery', async () => {
    // Act
    const quiet = await call(requestReportHandler, 'request-report', district.official, district.month, { body: {} });
    const resent = await call(requestReportHandler, 'request-report', district.official, district.month, {
      body: { send: true },
    });
    // Assess
    expect(quiet.statusCode).toBe(200);
    expect(json(quiet)).toMatchObject({
      written: false,
      revision: 1,
      mail: { state: 'sent', deliveries: [{ delivery: 1 }] },
    });
    expect(resent.statusCode).toBe(200);
    expect(json(resent)).toMatchObject({
      written: false,
      mail: {
        state: 'sent',
        deliveries: [
          { delivery: 1, requestedBy: 'schedule' },
          { delivery: 2, requestedBy: `api:${district.official.tokenId}`, state: 'sent' },
        ],
      },
    });
    expect(await mailTo(district.officials[0]!)).toHaveLength(2);
  });

  it('lets an admin produce a named district, and asks an admin who names none to name one', async () => {
    // Prepare
    const admin: Principal = { role: 'admin', tokenId: 'tok_admin_reports' };
    // Act
    const named = await call(requestReportHandler, 'request-report', admin, district.month, {
      body: { districtId: district.districtId },
    });
    const unnamed = await call(requestReportHandler, 'request-report', admin, district.month, {
      body: {},
      headers: { 'accept-language': 'en' },
    });
    const stranger = await call(requestReportHandler, 'request-report', district.official, district.month, {
      body: { districtId: 'another-district' },
    });
    // Assess
    expect(named.statusCode).toBe(200);
    expect(json(named)).toMatchObject({ districtId: district.districtId, written: false });
    expect(unnamed.statusCode).toBe(400);
    expect(json(unnamed).error.details).toEqual([
      { field: 'districtId', reason: 'An admin must name the district (districtId)' },
    ]);
    expect(stranger.statusCode).toBe(404);
  });

  it('hands a district too large to produce within the request to produce-report (202)', async () => {
    // Prepare
    const put: ReportRequestedDetail[] = [];
    // Act
    const result = await requestReport(
      district.official as Extract<Principal, { role: 'official' }>,
      district.month,
      { send: true },
      'zh-CN',
      {
        bucket: BUCKET,
        senderAddress: SENDER,
        busName: process.env.EVENT_BUS_NAME!,
        syncMaxSchools: 1,
        putEvents: async (entries) => {
          put.push(...entries.map((entry) => JSON.parse(entry.Detail!) as ReportRequestedDetail));
          return entries.map(() => ({ EventId: randomUUID() }));
        },
      },
    );
    // Assess
    expect(result.kind).toBe('accepted');
    expect(result.body).toMatchObject({
      status: 'accepted',
      districtId: district.districtId,
      month: district.month,
      send: true,
      previous: { revision: 1 },
    });
    expect(put).toEqual([
      {
        districtId: district.districtId,
        month: district.month,
        send: 'again',
        requestedBy: `api:${district.official.tokenId}`,
      },
    ]);
  });
});

describe('the schedule end to end (dispatcher → bus → produce-report → SES)', () => {
  const log: string[] = [];
  const bus = useRecordingBus(log);

  it('asks for last month’s report where it is the 1st at 08:00, and produce-report mails it', async () => {
    // Prepare: a zone 12:45/13:45 ahead of UTC, so the districts of the other tests (Asia/Shanghai)
    // are not at 08:00 — nor past it on the 1st — at the same instant.
    const timezone = 'Pacific/Chatham';
    const district = await seededDistrict(undefined, timezone);
    const firstOfMonth = `${monthIn(timezone, new Date())}-01`;
    // The hourly run (on the hour, UTC) when it is 08:xx on the 1st on the Chatham Islands.
    const run = [...Array(48).keys()]
      .map((hours) => new Date(Date.parse(`${firstOfMonth}T00:00:00Z`) - 24 * 3_600_000 + hours * 3_600_000))
      .find(
        (at) =>
          new Intl.DateTimeFormat('en-CA', {
            timeZone: timezone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            hourCycle: 'h23',
          }).format(at) === `${firstOfMonth}, 08`,
      )!;
    const invocation = JSON.parse(readFileSync(join(ROOT, 'events', 'scheduler', 'monthly-reports.json'), 'utf8'));
    // Act
    await dispatchHandler({ ...invocation, scheduledTime: run.toISOString().replace(/\.\d{3}Z$/, 'Z') });
    await bus().idle();
    // Assess
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^event ReportRequested → produce-report \(rule report-requested\) ok/),
      ]),
    );
    expect(await getStoredReport(district.districtId, district.month)).toMatchObject({
      deliveries: 1,
      producedBy: 'schedule',
    });
    expect(await mailTo(district.officials[0]!)).toHaveLength(1);
  });

  it('produce-report takes the ReportRequested fixture and ignores a district that is not registered', async () => {
    // Prepare
    const event = JSON.parse(
      readFileSync(join(ROOT, 'events', 'eventbridge', 'report-requested.json'), 'utf8'),
    ) as EventBridgeEvent<'ReportRequested', ReportRequestedDetail>;
    event.detail = { ...event.detail, districtId: `gone-${randomUUID().slice(0, 8)}`, month: MONTH };
    // Act
    const run = produceHandler(event, lambdaContext('produce-report'));
    // Assess
    await expect(run).resolves.toBeUndefined();
  });
});

describe('npm run rollup (child process against the emulators)', () => {
  const { stackFile } = useStackFile('houqin-rollup-', emulatorMailAndPhotos());

  // Everything the CLI knows of the target comes from the stack file.
  const rollup = (args: string[]): Promise<AdminRun> => runRollup(args, { HOUQIN_LOCAL_STACK_FILE: stackFile }, 90_000);

  it('produces a district’s month and, with --send, mails it', async () => {
    // Prepare
    const district = await seededDistrict();
    // Act
    const produced = await rollup(['--month', district.month, '--district', district.districtId]);
    const sent = await rollup(['--month', district.month, '--district', district.districtId, '--send', '--json']);
    // Assess
    expect(produced.code).toBe(0);
    expect(produced.stdout).toContain(`(${district.districtId}) ${district.month}: produced and stored (revision 1)`);
    expect(produced.stderr).toContain('Target: local stack');
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toEqual([
      expect.objectContaining({ written: false, mail: [expect.objectContaining({ delivery: 1, status: 'sent' })] }),
    ]);
    expect(await getStoredReport(district.districtId, district.month)).toMatchObject({
      producedBy: 'cli',
      deliveries: 1,
    });
    expect(await mailTo(district.officials[0]!)).toHaveLength(1);
  }, 120_000);

  it('refuses a malformed month with exit code 2', async () => {
    // Act
    const run = await rollup(['--month', '2026-4']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--month must be a month written YYYY-MM');
  }, 60_000);
});
