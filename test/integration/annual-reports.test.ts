import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { $set, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import JSZip from 'jszip';
import { handler as getAnnualDocumentHandler } from '../../functions/get-annual-report-document/handler';
import { handler as getAnnualHandler } from '../../functions/get-annual-report/handler';
import { handler as getAnnualWorkbookHandler } from '../../functions/get-annual-report-workbook/handler';
import { handler as requestAnnualHandler } from '../../functions/request-annual-report/handler';
import { handler as listReportsHandler } from '../../functions/list-reports/handler';
import type { Principal } from '../../shared/auth/principal';
import { DistrictEntity } from '../../shared/db/entities';
import type { ApiResponse } from '../../shared/http/api-handler';
import { getS3Client } from '../../shared/photos/s3';
import { dispatchAnnualReports } from '../../shared/reports/annual/dispatch';
import { produceAnnualReport } from '../../shared/reports/annual/produce';
import { annualObjectKeys } from '../../shared/reports/annual/store';
import type { AnnualReport } from '../../shared/reports/annual/types';
import { reportMail } from '../../shared/reports/pipeline/outbox';
import { sendDueReportMail, rawMailSender } from '../../shared/reports/pipeline/send';
import { getStoredReport } from '../../shared/reports/pipeline/store';
import { createTestDistrict } from '../support/directory-fixtures';
import { recordExample } from '../support/submissions';
import { emulatorMailAndPhotos, runRollup, useStackFile, type AdminRun } from '../support/admin-cli';
import { apiEvent, lambdaContext } from '../support/events';
import type { allValidAnswers } from '../unit/forms/examples';

/*
 * The year-end summary against the emulators (DynamoDB Local, s3rver, aws-ses-v2-local): produced
 * from submissions recorded through the real submission path, stored (JSON, XLSX, DOCX) beside
 * the monthly reports, read through its routes, mailed through the report outbox, dispatched on
 * 5 January, and produced by `npm run rollup -- --year`. The Word document is opened with a zip
 * reader and its figures read back from word/document.xml.
 */

jest.setTimeout(60_000);

const BUCKET = process.env.BUCKET_NAME!;
const SENDER = process.env.SENDER_ADDRESS!;
/** The calendar year before this one: always ended. */
const PERIOD = String(new Date().getUTCFullYear() - 1);
const BEFORE = String(Number(PERIOD) - 1);

interface StoredMail {
  subject: string;
  destination: { to: string[] };
  attachments: { filename?: string; contentType: string }[];
}

async function mailTo(address: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.some((to) => to.includes(address)));
}

async function s3Object(key: string): Promise<Buffer> {
  const { Body } = await getS3Client().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await Body!.transformToByteArray());
}

/** The text of a .docx's body: every <w:t> of word/document.xml, paragraph by paragraph. */
async function documentText(docx: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  return xml
    .split('</w:p>')
    .map((paragraph) => [...paragraph.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

/**
 * A district of two schools with a year of records made through the submission path, each
 * recorded "on its day" (the path refuses dates more than a year back): insurance in March and
 * again in September (the later enrolment counts), meter readings in May of both years, canteen
 * checks, a hazard report.
 */
async function seededDistrict(officials?: string[]) {
  const district = await createTestDistrict([
    { schoolId: 's-a', hasCanteen: true, boarding: false },
    { schoolId: 's-b', hasCanteen: false, boarding: false },
  ]);
  const emails = officials ?? [`${district.districtId}@example.cn`];
  await DistrictEntity.build(UpdateItemCommand)
    .item({
      districtId: district.districtId,
      officialEmails: $set(emails),
      targets: $set({ electricityReductionPercent: 15 }),
    })
    .send();
  const record = async (
    schoolId: string,
    formType: keyof typeof allValidAnswers,
    date: string,
    answers: Record<string, unknown> = {},
  ) => {
    const { outcome } = await recordExample(district.schoolPrincipal(schoolId), formType, date, {
      answers,
      now: new Date(`${date}T10:00:00.000Z`),
    });
    expect(outcome.kind).toBe('created');
  };
  const insurance = (enrolled: number, liability: number, accident: number) => ({
    studentsEnrolled: enrolled,
    schoolLiabilityCovered: liability,
    studentAccidentCovered: accident,
    residentMedicalCovered: enrolled,
  });
  await record('s-a', 'insurance-enrolment', `${PERIOD}-03-02`, insurance(900, 900, 800));
  await record('s-a', 'insurance-enrolment', `${PERIOD}-09-02`, insurance(1000, 1000, 900));
  await record('s-b', 'insurance-enrolment', `${PERIOD}-09-03`, insurance(500, 500, 400));
  await record('s-a', 'energy-meter', `${BEFORE}-05-28`, { electricityKwh: 10_000, waterM3: 1000 });
  await record('s-a', 'energy-meter', `${PERIOD}-05-28`, { electricityKwh: 8800, waterM3: 950 });
  for (const day of ['05', '06', '07']) await record('s-a', 'canteen-daily', `${PERIOD}-03-${day}`);
  await record('s-b', 'hazard-report', `${PERIOD}-04-08`);
  return { ...district, officials: emails };
}

type ApiHandler = (event: ReturnType<typeof apiEvent>, context: Context) => Promise<ApiResponse>;

function call(
  handler: unknown,
  fixture: string,
  principal: Principal | null,
  period: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  return (handler as ApiHandler)(
    apiEvent(fixture, { principal, pathParameters: { period }, ...options }),
    lambdaContext(fixture),
  );
}

const json = (response: ApiResponse) => JSON.parse(response.body ?? 'null');

describe('year-end summary (emulators)', () => {
  it('stores JSON, workbook and Word draft beside the monthly reports and mails the officials once however often it runs', async () => {
    // Prepare
    const district = await seededDistrict();
    const request = { districtId: district.districtId, period: PERIOD, send: 'once' as const, requestedBy: 'schedule' };
    // Act
    const first = await produceAnnualReport(request, { bucket: BUCKET, senderAddress: SENDER });
    const second = await produceAnnualReport(request, { bucket: BUCKET, senderAddress: SENDER });
    // Assess
    const keys = annualObjectKeys(district.districtId, PERIOD);
    expect(keys).toEqual({
      json: `reports/${district.districtId}/${PERIOD}/report.json`,
      workbook: `reports/${district.districtId}/${PERIOD}/report.xlsx`,
      document: `reports/${district.districtId}/${PERIOD}/report.docx`,
    });
    const report = JSON.parse((await s3Object(keys.json)).toString('utf8')) as AnnualReport;
    expect(report).toMatchObject({
      kind: 'annual',
      period: PERIOD,
      periodKind: 'calendar-year',
      district: { id: district.districtId },
    });
    expect((await s3Object(keys.workbook)).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await s3Object(keys.document)).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(first).toMatchObject({ written: true, delivery: { status: 'created', delivery: 1 } });
    expect(second).toMatchObject({ written: false, delivery: { status: 'exists' }, mail: [] });
    // Every item read once: the district, its schools, 24 months of submissions, the hazards.
    expect(first.reads.byRequest.district).toEqual({ items: 1, pages: 1 });
    expect(first.reads.byRequest.submissions!.pages).toBe(12);
    expect(first.reads.byRequest.previousYearSubmissions!.pages).toBe(12);
    expect(first.reads.byRequest.submissions!.items + first.reads.byRequest.previousYearSubmissions!.items).toBe(9);
    const mails = await mailTo(district.officials[0]!);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`测试区 ${district.districtId}${PERIOD}年学校后勤工作总结（数据部分）`);
    expect(mails[0]!.attachments.map((a) => a.contentType)).toEqual(
      expect.arrayContaining([
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'image/png',
      ]),
    );
    expect(await reportMail(district.districtId, PERIOD)).toEqual([
      expect.objectContaining({ delivery: 1, status: 'sent' }),
    ]);
  });

  it('answers its routes to the district’s official: the JSON, the workbook, and a Word document whose sentences carry the figures', async () => {
    // Prepare
    const district = await seededDistrict();
    await produceAnnualReport(
      { districtId: district.districtId, period: PERIOD, send: 'none', requestedBy: 'cli' },
      { bucket: BUCKET },
    );
    // Act
    const got = await call(getAnnualHandler, 'get-annual-report', district.official, PERIOD);
    const workbook = await call(getAnnualWorkbookHandler, 'get-annual-report-workbook', district.official, PERIOD);
    const document = await call(getAnnualDocumentHandler, 'get-annual-report-document', district.official, PERIOD);
    const monthly = await (listReportsHandler as unknown as ApiHandler)(
      apiEvent('list-reports', { principal: district.official }),
      lambdaContext('list-reports'),
    );
    // Assess: the monthly list (the same index) does not show the summary as a month.
    expect(monthly.statusCode).toBe(200);
    expect((json(monthly) as { items: { month: string }[] }).items.map((item) => item.month)).not.toContain(PERIOD);
    expect(got.statusCode).toBe(200);
    const body = json(got) as { period: string; document: { href: string }; report: AnnualReport };
    expect(body).toMatchObject({
      period: PERIOD,
      document: { href: `/v1/annual-reports/${PERIOD}/document` },
      mail: { state: 'not-sent' },
    });
    const { insurance, energy, canteen, hazards } = body.report.sections;
    expect(insurance).toMatchObject({ schoolsReporting: 2, studentsEnrolled: 1500 });
    expect(insurance.coverages[0]!.covered).toEqual({ numerator: 1500, denominator: 1500, rate: 1 });
    expect(insurance.coverages[1]!.covered).toEqual({ numerator: 1300, denominator: 1500, rate: 1300 / 1500 });
    expect(energy.comparable.electricityKwh).toEqual({
      current: 8800,
      previousYear: 10_000,
      previousYearMonths: 1,
      changePercent: -12,
    });
    expect(energy.targets.electricityReductionPercent).toEqual({
      direction: 'atLeast',
      target: 15,
      actual: 12,
      met: false,
    });
    expect(canteen.checks.current).toBe(3);
    expect(hazards.found.total).toBeGreaterThanOrEqual(1);
    expect(workbook.statusCode).toBe(200);
    expect(workbook.isBase64Encoded).toBe(true);
    expect(Buffer.from(workbook.body!, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
    expect(document.statusCode).toBe(200);
    expect(document.headers?.['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(String(document.headers?.['content-disposition'])).toContain(
      `houqin-annual-${district.districtId}-${PERIOD}.docx`,
    );
    const text = await documentText(Buffer.from(document.body!, 'base64'));
    expect(text).toContain(`测试区 ${district.districtId}${PERIOD}年学校后勤工作总结（数据部分）`);
    expect(text).toContain('一、学校与学生基本情况');
    expect(text).toContain('二、各项保险参保情况');
    expect(text).toContain(
      '全市共有 2 所学校 1,500 名学生参加校方责任险，参保率 100.0%；学平险参保 1,300 人，参保率 86.7%',
    );
    expect(text).toContain('用电 8,800 千瓦时，较上年同期 10,000 千瓦时降低了 12.0%');
    expect(text).toContain('用电量较上年降低目标为 15%，实际为 12%，未达到目标。');
    expect(text).toContain('全年开展食堂食品安全检查 3 次');
    expect(text).toMatch(/十一、数据说明/);
  });

  it('keeps one district’s summary from another district’s official, and refuses a period that has not ended or is not a period', async () => {
    // Prepare
    const district = await seededDistrict();
    const other = await createTestDistrict([{ schoolId: 's-x', hasCanteen: false, boarding: false }]);
    await produceAnnualReport(
      { districtId: district.districtId, period: PERIOD, send: 'none', requestedBy: 'cli' },
      { bucket: BUCKET },
    );
    const thisYear = String(new Date().getUTCFullYear());
    // Act
    const foreign = await call(getAnnualHandler, 'get-annual-report', other.official, PERIOD);
    const foreignDocument = await call(getAnnualDocumentHandler, 'get-annual-report-document', other.official, PERIOD);
    const notEnded = await call(requestAnnualHandler, 'request-annual-report', district.official, thisYear, {
      body: {},
    });
    const notAPeriod = await call(getAnnualHandler, 'get-annual-report', district.official, '2025-27', {
      headers: { 'accept-language': 'en' },
    });
    const school = await call(getAnnualHandler, 'get-annual-report', district.schoolPrincipal('s-a'), PERIOD);
    // Assess
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign).error.code).toBe('ANNUAL_REPORT_NOT_FOUND');
    expect(foreignDocument.statusCode).toBe(404);
    expect(notEnded.statusCode).toBe(422);
    expect(json(notEnded).error.code).toBe('REPORT_PERIOD_NOT_ENDED');
    expect(notAPeriod.statusCode).toBe(400);
    expect(json(notAPeriod).error.details).toEqual([
      expect.objectContaining({ field: 'period', reason: expect.stringContaining('school year written 2025-26') }),
    ]);
    expect(school.statusCode).toBe(403);
    expect(await getStoredReport(district.districtId, thisYear)).toBeUndefined();
  });

  it('produces it again on POST and, with {"send": true}, mails a new delivery; a failed send is retried by the outbox', async () => {
    // Prepare
    const district = await seededDistrict();
    let failures = 1;
    const flaky = rawMailSender();
    // Act
    const produced = await call(requestAnnualHandler, 'request-annual-report', district.official, PERIOD, {
      body: { send: false },
    });
    const sent = await call(requestAnnualHandler, 'request-annual-report', district.official, PERIOD, {
      body: { send: true },
    });
    const failing = await produceAnnualReport(
      { districtId: district.districtId, period: PERIOD, send: 'again', requestedBy: 'test' },
      {
        bucket: BUCKET,
        senderAddress: SENDER,
        sendRawMail: async (mail) => {
          if (failures-- > 0) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
          return flaky(mail);
        },
      },
    );
    const later = new Date(Date.now() + 5 * 60_000);
    const retried = await sendDueReportMail({
      bucket: BUCKET,
      senderAddress: SENDER,
      sendRawMail: flaky,
      now: () => later,
    });
    // Assess
    expect(produced.statusCode).toBe(200);
    expect(json(produced)).toMatchObject({ period: PERIOD, revision: 1, written: true, mail: { state: 'not-sent' } });
    expect(sent.statusCode).toBe(200);
    expect(json(sent)).toMatchObject({
      written: false,
      mail: { state: 'sent', deliveries: [expect.objectContaining({ delivery: 1 })] },
    });
    expect(failing.mail).toEqual([
      expect.objectContaining({ delivery: 2, status: 'failed', lastErrorCode: 'Throttling' }),
    ]);
    expect(retried.reports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          districtId: district.districtId,
          month: PERIOD,
          outcomes: [expect.objectContaining({ delivery: 2, status: 'sent' })],
        }),
      ]),
    );
    expect(await mailTo(district.officials[0]!)).toHaveLength(2);
  });

  it('is asked for on 5 January at 08:00 district time, and again later that day only while it is missing', async () => {
    // Prepare
    const district = await seededDistrict();
    const put: unknown[] = [];
    const putEvents = async (entries: { Detail?: string }[]) => {
      put.push(...entries.map((e) => JSON.parse(e.Detail ?? '{}')));
      return entries.map((_, index) => ({ EventId: `e-${index}` }));
    };
    const listDistricts = async () => [
      { districtId: district.districtId, timezone: 'Asia/Shanghai', officialEmails: district.officials },
    ];
    /** An hour of 5 January next year in Beijing time (UTC+8), as UTC. */
    const january5 = (beijingHour: number) => new Date(Date.UTC(Number(PERIOD) + 1, 0, 5, beijingHour - 8));
    // Act: 07:00, 08:00 and 11:00 Beijing time, the summary missing at first, then produced and mailed.
    const early = await dispatchAnnualReports(january5(7), { busName: 'bus', putEvents, listDistricts });
    const due = await dispatchAnnualReports(january5(8), { busName: 'bus', putEvents, listDistricts });
    const missing = await dispatchAnnualReports(january5(11), { busName: 'bus', putEvents, listDistricts });
    await produceAnnualReport(
      { districtId: district.districtId, period: PERIOD, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER },
    );
    const caughtUp = await dispatchAnnualReports(january5(12), { busName: 'bus', putEvents, listDistricts });
    // Assess
    expect(early.requested).toEqual([]);
    expect(due.requested).toEqual([
      { districtId: district.districtId, period: PERIOD, send: 'once', requestedBy: 'schedule' },
    ]);
    expect(missing.requested).toHaveLength(1);
    expect(caughtUp.requested).toEqual([]);
    expect(put).toHaveLength(2);
  });
});

describe('npm run rollup -- --year (child process against the emulators)', () => {
  const { stackFile } = useStackFile('houqin-annual-', emulatorMailAndPhotos());

  const rollup = (args: string[]): Promise<AdminRun> =>
    runRollup(args, { HOUQIN_LOCAL_STACK_FILE: stackFile }, 120_000);

  it('produces a district’s year-end summary and, with --send, mails it', async () => {
    // Prepare
    const district = await seededDistrict();
    // Act
    const produced = await rollup(['--year', PERIOD, '--district', district.districtId]);
    const sent = await rollup(['--year', PERIOD, '--district', district.districtId, '--send']);
    // Assess
    expect(produced.code).toBe(0);
    expect(produced.stdout).toContain(
      `(${district.districtId}) ${PERIOD}: year-end summary produced and stored (revision 1)`,
    );
    expect(produced.stdout).toContain(`reports/${district.districtId}/${PERIOD}/report.docx`);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('mail #1');
    expect(await getStoredReport(district.districtId, PERIOD)).toMatchObject({ producedBy: 'cli', deliveries: 1 });
    expect(await mailTo(district.officials[0]!)).toHaveLength(1);
  }, 180_000);

  it('refuses a year that is not a calendar year or a school year with exit code 2', async () => {
    // Act
    const run = await rollup(['--year', '2025-27']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--year must be a year: 2026 (calendar) or 2025-26 (school year)');
  }, 60_000);
});
