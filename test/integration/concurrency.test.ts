import { performance } from 'node:perf_hooks';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { handler as produceReport } from '../../functions/produce-report/handler';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import type { Principal } from '../../shared/auth/principal';
import { getDocumentClient } from '../../shared/clients';
import { HazardEntity, SubmissionEntity } from '../../shared/db/entities';
import { HouqinTable } from '../../shared/db/table';
import type { ApiResponse } from '../../shared/http/api-handler';
import { previousMonthIn } from '../../shared/reports/pipeline/month';
import type { ReportRequestedDetail } from '../../shared/reports/pipeline/requests';
import { getStoredReport, readReportJson } from '../../shared/reports/pipeline/store';
import { addDays } from '../../shared/time';
import { createTestDistrict, type TestSchool } from '../support/directory-fixtures';
import { apiEvent, lambdaContext } from '../support/events';
import {
  describeStats,
  DYNAMODB_FAULTS,
  dynamoDbOperation,
  injectFaults,
  seededRandom,
  type FaultInjector,
} from '../support/fault-injection';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * Issue 6, point 3: concurrency. The real record-submission handler against DynamoDB Local.
 * (a) 64 identical requests at once store one submission. (b) 1,000 distinct submissions of a
 * district's month, each sent three times at once (at most 48 requests in flight), while 10 % of
 * the DynamoDB requests fail under the SDK's retry layer (test/support/fault-injection.ts), so
 * the SDK's own retries run; then the month's report is produced by the produce-report handler,
 * still under faults. What the client sees: every request ends 201 or 200 with the same body;
 * a 5xx or 429 would be retried by the test's client, as a school's app does, and is counted.
 */

jest.setTimeout(240_000);

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;
type Handler = (event: ReturnType<typeof apiEvent>, context: Context) => Promise<ApiResponse>;

const TIMEZONE = 'Asia/Shanghai';
/** Last month (district time): every day of it is in the past and within the one-year window. */
const MONTH = previousMonthIn(TIMEZONE, new Date());
const SEED = 20_260_601;
const SUBMISSIONS = 1_000;
const COPIES = 3;
/** Submissions in flight at once: 16 × 3 copies = 48 requests. */
const SUBMISSION_CONCURRENCY = 16;
/** Retries the test's client makes of a 429 or 5xx answer (with a short back-off). */
const CLIENT_RETRIES = 5;

async function post(principal: SchoolPrincipal, body: unknown): Promise<{ status: number; body: string }> {
  const response = await (recordSubmission as Handler)(
    apiEvent('record-submission', { principal, body }),
    lambdaContext('record-submission'),
  );
  return { status: response.statusCode ?? 0, body: response.body ?? '' };
}

const retryable = (status: number) => status === 429 || status >= 500;

/** What a school's app does: send, and send again after a 429 or a 5xx. */
async function postLikeAClient(principal: SchoolPrincipal, body: unknown, seen: { retryableAnswers: number }) {
  for (let attempt = 0; ; attempt += 1) {
    const response = await post(principal, body);
    if (!retryable(response.status) || attempt === CLIENT_RETRIES) return response;
    seen.retryableAnswers += 1;
    await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------
// A realistic month of one district: the daily canteen check and morning health check of every
// school, the nightly dormitory patrol of the boarding schools, a weekly gate check, a monthly
// drill, and hazard reports; a seeded share of the checks find something wrong.

/** A way of filling in a form, with the hazard rules it raises (from the form rules, see shared/forms/). */
interface Variant {
  formType: string;
  answers: Record<string, unknown>;
  raises: string[];
}

const variant = (
  formType: keyof typeof allValidAnswers,
  overrides: Record<string, unknown> = {},
  raises: string[] = [],
): Variant => ({
  formType,
  answers: { ...allValidAnswers[formType], ...overrides },
  raises,
});

const CANTEEN = [
  variant('canteen-daily'),
  variant('canteen-daily', { sampleKept: false }, ['no-sample']),
  variant('canteen-daily', { staffWithHealthCertificate: 6 }, ['staff-without-certificate']),
];
const DORMITORY = [
  variant('dormitory-patrol'),
  variant('dormitory-patrol', { prohibitedAppliances: 2, fireExitsClear: false }, [
    'prohibited-appliances',
    'fire-exit-blocked',
  ]),
  variant('dormitory-patrol', { studentsUnaccounted: 1 }, ['students-unaccounted']),
];
const MORNING_CHECK = variant('health-morning-check');
const GATE = variant('security-gate');
const DRILL = variant('safety-drill');
const HAZARD_REPORT = variant('hazard-report', {}, ['reported']);

/** Eight day schools with a canteen, eight boarding schools with one. */
const SCHOOLS: TestSchool[] = Array.from({ length: 16 }, (_, i) => ({
  schoolId: `s-${String(i + 1).padStart(2, '0')}`,
  hasCanteen: true,
  boarding: i >= 8,
}));

interface PlannedSubmission {
  schoolId: string;
  body: { submissionId: string; formType: string; date: string; answers: Record<string, unknown> };
  raises: string[];
}

/** The weekdays of `month`. */
function weekdays(month: string): string[] {
  const days: string[] = [];
  for (let date = `${month}-01`; date.startsWith(month); date = addDays(date, 1)) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(date);
  }
  return days;
}

/** Exactly `count` submissions of the month, seeded: routine checks first, hazard reports to make up the rest. */
function planMonth(count: number): PlannedSubmission[] {
  const random = seededRandom(SEED);
  /** Mostly fine; now and then one of the variants that find something. */
  const pick = (variants: Variant[]) =>
    random() < 0.9 ? variants[0]! : variants[1 + Math.floor(random() * (variants.length - 1))]!;
  const days = weekdays(MONTH);
  const routine: { schoolId: string; date: string; variant: Variant }[] = [];
  for (const date of days) {
    for (const school of SCHOOLS) {
      routine.push({ schoolId: school.schoolId, date, variant: pick(CANTEEN) });
      routine.push({ schoolId: school.schoolId, date, variant: MORNING_CHECK });
      if (school.boarding) routine.push({ schoolId: school.schoolId, date, variant: pick(DORMITORY) });
      // The gate on Mondays, the drill on the month's second weekday.
      if (new Date(`${date}T00:00:00Z`).getUTCDay() === 1)
        routine.push({ schoolId: school.schoolId, date, variant: GATE });
      if (date === days[1]) routine.push({ schoolId: school.schoolId, date, variant: DRILL });
    }
  }
  const planned = routine.slice(0, count - 40);
  for (let i = planned.length; i < count; i += 1) {
    planned.push({
      schoolId: SCHOOLS[i % SCHOOLS.length]!.schoolId,
      date: days[i % days.length]!,
      variant: HAZARD_REPORT,
    });
  }
  return planned.map(({ schoolId, date, variant: v }, i) => ({
    schoolId,
    body: {
      submissionId: `conc-${String(i).padStart(4, '0')}-${v.formType}`,
      formType: v.formType,
      date,
      answers: v.answers,
    },
    raises: v.raises,
  }));
}

describe('record-submission under concurrency (DynamoDB Local)', () => {
  it('stores exactly one of 64 concurrent identical submissions: one 201, 63 replays (200), one body', async () => {
    // Prepare
    const district = await createTestDistrict([{ schoolId: 's-one', hasCanteen: true, boarding: false }]);
    const school = district.schoolPrincipal('s-one') as SchoolPrincipal;
    const body = {
      submissionId: 'same-64',
      formType: 'hazard-report',
      date: `${MONTH}-10`,
      answers: allValidAnswers['hazard-report'],
    };
    // Act
    const responses = await Promise.all(
      Array.from({ length: 64 }, () => post(school, JSON.parse(JSON.stringify(body)))),
    );
    // Assess
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(63);
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    const { Items: submissions = [] } = await HouqinTable.build(QueryCommand)
      .entities(SubmissionEntity)
      .query({ index: 'gsi2', partition: `DISTRICT#${district.districtId}#MONTH#${MONTH}` })
      .options({ maxPages: Infinity })
      .send();
    const { Items: hazards = [] } = await HouqinTable.build(QueryCommand)
      .entities(HazardEntity)
      .query({ index: 'gsi1', partition: `SCHOOL#${district.districtId}#s-one#HAZARDS` })
      .options({ maxPages: Infinity })
      .send();
    expect(submissions.map((s) => s.submissionId)).toEqual(['same-64']);
    expect(hazards.map((h) => h.submissionId)).toEqual(['same-64']);
  });

  describe('1,000 distinct submissions, each sent three times at once, with 10 % of DynamoDB requests failing', () => {
    const plan = planMonth(SUBMISSIONS);
    const seen = { retryableAnswers: 0 };
    let district: Awaited<ReturnType<typeof createTestDistrict>>;
    let faults: FaultInjector;
    let outcomes: { planned: PlannedSubmission; responses: { status: number; body: string }[] }[];
    let sendMs: number;
    let reportMs: number;

    beforeAll(async () => {
      district = await createTestDistrict(SCHOOLS, TIMEZONE);
      faults = injectFaults(getDocumentClient(), {
        rate: 0.1,
        seed: SEED,
        faults: [
          DYNAMODB_FAULTS.throttling,
          DYNAMODB_FAULTS.provisionedThroughput,
          DYNAMODB_FAULTS.internalError,
          DYNAMODB_FAULTS.lostResponse,
        ],
        operationOf: dynamoDbOperation,
      });
      // Act: every submission's three copies at once, 16 submissions at a time.
      let started = performance.now();
      outcomes = await inPool(plan, SUBMISSION_CONCURRENCY, async (planned) => {
        const school = district.schoolPrincipal(planned.schoolId) as SchoolPrincipal;
        const responses = await Promise.all(
          Array.from({ length: COPIES }, () => postLikeAClient(school, JSON.parse(JSON.stringify(planned.body)), seen)),
        );
        return { planned, responses };
      });
      sendMs = performance.now() - started;
      // The month's report, through the function the bus rule invokes (no mail), still under faults.
      started = performance.now();
      const detail: ReportRequestedDetail = {
        districtId: district.districtId,
        month: MONTH,
        send: 'none',
        requestedBy: 'schedule',
      };
      await produceReport(
        { id: 'concurrency', 'detail-type': 'ReportRequested', source: 'houqin', detail } as EventBridgeEvent<
          'ReportRequested',
          ReportRequestedDetail
        >,
        lambdaContext('produce-report'),
      );
      reportMs = performance.now() - started;
      faults.restore();
      console.info(
        [
          `${SUBMISSIONS} submissions × ${COPIES} copies: ${(sendMs / 1000).toFixed(1)} s; report ${(reportMs / 1000).toFixed(1)} s; client retries of 429/5xx: ${seen.retryableAnswers}`,
          `submissions whose three copies were all answered 200 (their 201 was a lost response): ${outcomes.filter((o) => !o.responses.some((r) => r.status === 201)).length}`,
          describeStats('DynamoDB', faults.stats),
          `by operation: ${JSON.stringify(faults.stats.byOperation)}`,
        ].join('\n'),
      );
    });

    afterAll(() => faults?.restore());

    it('injected faults and the SDK retried them (the faults were real)', () => {
      // Assess: about a tenth of the requests failed, and each failure was retried by the SDK.
      expect(faults.stats.injected).toBeGreaterThan(0.08 * faults.stats.requests);
      expect(faults.stats.injected).toBeLessThan(0.12 * faults.stats.requests);
      expect(faults.stats.retries).toBeGreaterThanOrEqual(faults.stats.injected - faults.stats.exhausted);
      expect(faults.stats.byOperation.TransactWriteItems?.injected).toBeGreaterThan(0);
    });

    it('answers every request 201 or 200, each submission’s copies with one body, 201 at most once', () => {
      // Assess
      const statuses = outcomes.flatMap((o) => o.responses.map((r) => r.status));
      expect(statuses).toHaveLength(SUBMISSIONS * COPIES);
      expect(statuses.filter((s) => s !== 200 && s !== 201)).toEqual([]);
      for (const { planned, responses } of outcomes) {
        expect({ id: planned.body.submissionId, bodies: new Set(responses.map((r) => r.body)).size }).toEqual({
          id: planned.body.submissionId,
          bodies: 1,
        });
        expect(responses.filter((r) => r.status === 201).length).toBeLessThanOrEqual(1);
      }
      // When the answer to the storing transaction is lost, the SDK retries it with the same
      // ClientRequestToken (it fills the idempotency token in), which DynamoDB answers as the first
      // time: 201 still. Without the token the retry would meet its own write and answer 200; so at
      // most that many submissions may have no 201 (measured: none).
      const noCreated = outcomes.filter((o) => !o.responses.some((r) => r.status === 201)).length;
      expect(noCreated).toBeLessThanOrEqual(faults.stats.byFault[DYNAMODB_FAULTS.lostResponse.name] ?? 0);
    });

    it('stores exactly the 1,000 submissions', async () => {
      // Act
      const { Items = [] } = await HouqinTable.build(QueryCommand)
        .entities(SubmissionEntity)
        .query({ index: 'gsi2', partition: `DISTRICT#${district.districtId}#MONTH#${MONTH}` })
        .options({ maxPages: Infinity, consistent: false })
        .send();
      // Assess
      expect(Items).toHaveLength(SUBMISSIONS);
      expect(new Set(Items.map((s) => `${s.schoolId}/${s.submissionId}`)).size).toBe(SUBMISSIONS);
      expect(Items.map((s) => s.submissionId).sort()).toEqual(plan.map((p) => p.body.submissionId).sort());
    });

    it('stores exactly the hazards the answers raise, one per rule that fired, none twice', async () => {
      // Prepare
      const expected = plan.flatMap((p) => p.raises.map((ruleId) => `${p.body.submissionId}/${ruleId}`)).sort();
      // Act
      const { Items = [] } = await HouqinTable.build(QueryCommand)
        .entities(HazardEntity)
        .query({ index: 'gsi2', partition: `DISTRICT#${district.districtId}#HAZARDS#open` })
        .options({ maxPages: Infinity })
        .send();
      // Assess
      expect(expected.length).toBeGreaterThan(60);
      expect(Items.map((h) => `${h.submissionId}/${h.ruleId}`).sort()).toEqual(expected);
      expect(new Set(Items.map((h) => h.hazardId)).size).toBe(Items.length);
    });

    it('produces a report of the month that counts the 1,000 submissions and their hazards', async () => {
      // Act
      const stored = await getStoredReport(district.districtId, MONTH);
      const report = await readReportJson(process.env.BUCKET_NAME!, stored!);
      // Assess
      const hazardsRaised = plan.reduce((sum, p) => sum + p.raises.length, 0);
      expect(report.sources.submissions).toEqual({
        stored: SUBMISSIONS,
        current: SUBMISSIONS,
        superseded: 0,
        outsideRoster: 0,
      });
      expect(report.sections.compliance.schools.reduce((sum, school) => sum + school.received, 0)).toBe(SUBMISSIONS);
      expect(report.sections.hazards.found.total).toBe(hazardsRaised);
      expect(stored!.summary).toMatchObject({
        schoolsRegistered: SCHOOLS.length,
        schoolsReporting: SCHOOLS.length,
        hazardsFound: hazardsRaised,
      });
      expect(sendMs + reportMs).toBeLessThan(180_000);
    });
  });
});
