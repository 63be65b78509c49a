import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Principal } from '../../../shared/auth/principal';
import { addDays, localDate, monthOf, shiftMonth } from '../../../shared/time';
import { complianceFor } from '../../../shared/compliance/compliance';
import { loadDistrictMonth } from '../../../shared/compliance/load';
import { DistrictEntity, HazardEntity, SubmissionEntity } from '../../../shared/db/entities';
import { districtMonthPartition } from '../../../shared/db/keys';
import { retryOnConflict } from '../../../shared/db/retry';
import { HouqinTable } from '../../../shared/db/table';
import { DEMO_DISTRICT } from './district';
import { dueDaysInEffect } from '../../../shared/directory/district-settings';
import { querySchools } from '../../../shared/directory/schools';
import { listTokens } from '../../../shared/directory/tokens';
import { getAlert } from '../../../shared/email/alert-log';
import { AppError } from '../../../shared/errors';
import { rectifyHazard, verifyHazard } from '../../../shared/hazards/lifecycle';
import {
  loadSchoolContext,
  recordSubmissionInContext,
  type SchoolContext,
} from '../../../shared/submissions/record-submission';
import { submissionInput } from '../../../shared/submissions/submission-request';
import {
  planDemoHistory,
  type DemoHistoryPlan,
  type PlannedHazard,
  type PlannedStep,
  type PlannedSubmission,
} from './history-plan';

/*
 * Records the demo history (history-plan.ts) through the system's own code: each submission
 * through `recordSubmissionInContext` (recordSubmission's validation, hazards by the forms'
 * rules and one conditional transaction, with each school's context loaded once instead of per
 * submission; then the table stream and its domain events), each hazard step through
 * `rectifyHazard` and `verifyHazard`, with the school's and the official's own token ids and the
 * plan's times as `now`. Nothing is written around them, so figures, hazards and events agree.
 *
 * Order: the critical submission first (its alert goes out while the rest is written), then month
 * by month, the previous month complete (submissions and the hazard steps taken in it) before the
 * current one starts, so last month's report can be produced while this month is still recorded.
 *
 * Seeding twice writes nothing new: submission ids are the plan's, so a submission already
 * stored is left alone (and were it sent again, it would be an identical replay), and a hazard's
 * steps already in its history are skipped. A seeding cut short is completed by the next one.
 */

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;
type OfficialPrincipal = Extract<Principal, { role: 'official' }>;

/** Options of `seedDemoHistory`. */
export interface SeedDemoHistoryOptions {
  /** The history ends the day before (district time). @default now */
  now?: Date;
  /** @default the demo district, huaying */
  districtId?: string;
  /** Submissions in flight at once. @default 16 */
  concurrency?: number;
  /**
   * Called once when the previous month, and any month before it, is stored in full: its
   * submissions and the hazard steps taken in it. Last month's report can be produced from then
   * on. Awaited before the current month is recorded, so what it does (e.g. produce that report)
   * has the machine to itself; a failure it does not catch fails the seeding.
   */
  onPreviousMonthSeeded?: (month: string, plan: DemoHistoryPlan) => void | Promise<void>;
  /**
   * Called after each submission this seeding records, with how many it has recorded so far;
   * awaited before that worker records another (the local stack's test hook pauses here).
   */
  onRecorded?: (count: number) => void | Promise<void>;
}

/** What seeding did, for the start line and the tests. */
export interface DemoHistorySummary {
  plan: DemoHistoryPlan;
  /** Planned; recorded now; found stored already (an earlier seeding). */
  submissions: { total: number; created: number; existing: number };
  hazards: {
    total: number;
    open: number;
    overdue: number;
    rectified: number;
    verified: number;
    reopened: number;
    critical: number;
  };
  /** The schools under the district's threshold in the window's first (full) month, worst first. */
  belowThreshold: { month: string; threshold: number; schools: { schoolId: string; name: string; rate: number }[] };
  /** The previous month (YYYY-MM) and how long after the start it was stored in full, in milliseconds. */
  previousMonth: { month: string; elapsedMs: number };
  /** Wall-clock time of the seeding, in milliseconds. */
  elapsedMs: number;
}

/** A refusal while seeding names the submission or hazard, and what was wrong. */
export class DemoHistoryError extends Error {
  constructor(what: string, cause: unknown) {
    const reason = cause instanceof AppError ? `${cause.code} ${JSON.stringify(cause.details ?? null)}` : String(cause);
    super(`The demo history could not record ${what}: ${reason}`, { cause });
    this.name = 'DemoHistoryError';
  }
}

/**
 * With one request per submission, DynamoDB Local (one JVM writing one SQLite file, sharing the
 * cores with Node) is the limit: 12, 16, 24 and 32 in flight seed equally fast on two cores.
 */
const DEFAULT_CONCURRENCY = 16;
/** DynamoDB Local may report a busy transaction when many run at once: a few more tries. */
const BUSY_RETRIES = 4;

function retryWhenBusy<T>(work: () => Promise<T>): Promise<T> {
  return retryOnConflict(work, {
    attempts: BUSY_RETRIES + 1,
    isConflict: (error) => error instanceof AppError && error.code === 'SERVICE_UNAVAILABLE',
  });
}

/** Runs `work` over the items with at most `limit` in flight; the first failure rejects. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** One month's submissions, in the order they are recorded. */
export interface MonthToRecord {
  month: string;
  /** Recorded first, many at once. */
  submissions: PlannedSubmission[];
  /** Recorded after the month's other submissions: each after the one it corrects. */
  corrections: PlannedSubmission[];
}

/**
 * The plan's recording order: the critical submission on its own, then month by month. The
 * previous month is the one before the plan's "today" (the day after its window ends).
 */
export function recordingOrder(plan: DemoHistoryPlan): {
  critical: PlannedSubmission | undefined;
  months: MonthToRecord[];
  previousMonth: string;
} {
  const critical = plan.submissions.find((submission) => submission.submissionId === plan.critical.submissionId);
  const rest = plan.submissions.filter((submission) => submission !== critical);
  const months = plan.window.months.map((month) => {
    const ofMonth = rest.filter((submission) => monthOf(submission.date) === month);
    return {
      month,
      submissions: ofMonth.filter((submission) => !submission.supersedes),
      corrections: ofMonth.filter((submission) => submission.supersedes),
    };
  });
  return { critical, months, previousMonth: shiftMonth(monthOf(addDays(plan.window.to, 1)), -1) };
}

/** The district's schools, calendar and token ids the plan and the recording need. */
async function loadDistrict(districtId: string) {
  const [{ Item: district }, schools, tokens] = await Promise.all([
    DistrictEntity.build(GetItemCommand).key({ districtId }).send(),
    querySchools(districtId),
    listTokens(districtId),
  ]);
  if (!district) throw new AppError('NOT_FOUND');
  const live = tokens.filter((token) => !token.revokedAt);
  const schoolTokens = new Map(
    live.flatMap((token) =>
      token.role === 'school' && token.schoolId ? [[token.schoolId, token.tokenId] as const] : [],
    ),
  );
  const officialToken = live.find((token) => token.role === 'official')?.tokenId;
  return { district, schools, schoolTokens, officialToken };
}

/**
 * Seeds the demo history of a district whose demo schools are registered (seedDemoDistrict with
 * `registeredOn` at the window's first day, so compliance counts the whole window): plans it for
 * `now` and records it: the critical submission first, so its alert goes out at once while the
 * rest is written; then month by month, each month's corrections after its other submissions;
 * the previous month's hazard steps as soon as that month is in (then `onPreviousMonthSeeded`),
 * the current month's after it. Idempotent. Returns the counts and the schools under the
 * threshold, as stored.
 */
export async function seedDemoHistory(options: SeedDemoHistoryOptions = {}): Promise<DemoHistorySummary> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const districtId = options.districtId ?? DEMO_DISTRICT.districtId;
  const { district, schools, schoolTokens, officialToken } = await loadDistrict(districtId);
  const plan = planDemoHistory({
    now,
    districtId,
    schools,
    timezone: district.timezone,
    ...(district.calendar ? { calendar: district.calendar } : {}),
    dueDays: dueDaysInEffect(district.hazardDueDays),
  });

  const schoolPrincipal = (schoolId: string): SchoolPrincipal => ({
    role: 'school',
    tokenId: schoolTokens.get(schoolId) ?? `demo-${schoolId}`,
    districtId,
    schoolId,
  });
  const official: OfficialPrincipal = {
    role: 'official',
    tokenId: officialToken ?? `demo-official-${districtId}`,
    districtId,
  };

  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const stored = await storedSubmissionIds(districtId, plan.window.months);
  const isStored = (submission: PlannedSubmission) => stored.has(`${submission.schoolId}/${submission.submissionId}`);
  // Each school's district and school items, read once for all its submissions.
  const schoolContexts = new Map<string, Promise<SchoolContext>>();
  const schoolContext = (schoolId: string) => {
    if (!schoolContexts.has(schoolId)) schoolContexts.set(schoolId, loadSchoolContext(schoolPrincipal(schoolId)));
    return schoolContexts.get(schoolId)!;
  };
  const counts = { created: 0, existing: plan.submissions.filter(isStored).length };
  let recorded = 0;
  const record = async (submission: PlannedSubmission) => {
    const { schoolId, submissionId, formType, date, answers, note, supersedes } = submission;
    const body = {
      submissionId,
      formType,
      date,
      answers,
      ...(note ? { note } : {}),
      ...(supersedes ? { supersedes } : {}),
    };
    const principal = schoolPrincipal(schoolId);
    try {
      const context = await schoolContext(schoolId);
      const outcome = await retryWhenBusy(() =>
        recordSubmissionInContext(submissionInput(body), principal, context, new Date(submission.receivedAt)),
      );
      counts[outcome.kind === 'created' ? 'created' : 'existing'] += 1;
    } catch (error) {
      throw new DemoHistoryError(`submission ${submissionId}`, error);
    }
    await options.onRecorded?.((recorded += 1));
  };
  const recordMonth = async ({ submissions, corrections }: MonthToRecord) => {
    await inPool(
      submissions.filter((submission) => !isStored(submission)),
      concurrency,
      record,
    );
    await inPool(
      corrections.filter((submission) => !isStored(submission)),
      concurrency,
      record,
    );
  };
  const stepMonth = (step: PlannedStep) => monthOf(localDate(district.timezone, new Date(step.at)));
  const moveHazards = (through?: string) =>
    inPool(
      plan.hazards.filter((hazard) => hazard.steps.some((step) => !through || stepMonth(step) <= through)),
      concurrency,
      (hazard) =>
        moveHazard(
          hazard,
          districtId,
          schoolPrincipal(hazard.schoolId),
          official,
          through ? (step) => stepMonth(step) <= through : () => true,
        ),
    );

  const order = recordingOrder(plan);
  if (order.critical && !isStored(order.critical)) await record(order.critical);
  for (const month of order.months.filter(({ month }) => month <= order.previousMonth)) await recordMonth(month);
  await moveHazards(order.previousMonth);
  const previousMonth = { month: order.previousMonth, elapsedMs: Date.now() - started };
  await options.onPreviousMonthSeeded?.(order.previousMonth, plan);
  for (const month of order.months.filter(({ month }) => month > order.previousMonth)) await recordMonth(month);
  await moveHazards();

  const firstMonth = plan.window.months[0]!;
  const loaded = await loadDistrictMonth(districtId, firstMonth);
  const compliance = complianceFor(loaded.district, loaded.schools, loaded.submissions, firstMonth);
  const outcomes = plan.hazards.map((hazard) => hazard.outcome);
  return {
    plan,
    submissions: { total: plan.submissions.length, ...counts },
    hazards: {
      total: plan.hazards.length,
      open: outcomes.filter((outcome) => outcome === 'open' || outcome === 'reopened').length,
      overdue: plan.hazards.filter((hazard) => hazard.overdue).length,
      rectified: outcomes.filter((outcome) => outcome === 'rectified').length,
      verified: outcomes.filter((outcome) => outcome === 'verified').length,
      reopened: outcomes.filter((outcome) => outcome === 'reopened').length,
      critical: plan.hazards.filter((hazard) => hazard.severity === 'critical').length,
    },
    belowThreshold: { month: firstMonth, threshold: compliance.threshold, schools: compliance.belowThreshold },
    previousMonth,
    elapsedMs: Date.now() - started,
  };
}

/** The ids (`school/submission`) of the district's submissions stored in these months: one query per month. */
async function storedSubmissionIds(districtId: string, months: readonly string[]): Promise<Set<string>> {
  const pages = await Promise.all(
    months.map((month) =>
      HouqinTable.build(QueryCommand)
        .entities(SubmissionEntity)
        .query({ index: 'gsi2', partition: districtMonthPartition(districtId, month) })
        .options({ attributes: ['schoolId', 'submissionId'], maxPages: Infinity })
        .send(),
    ),
  );
  return new Set(pages.flatMap(({ Items = [] }) => Items.map((item) => `${item.schoolId}/${item.submissionId}`)));
}

/** The steps already taken: those in the hazard's history (the sweep's overdue marks aside). */
const LIFECYCLE_ACTIONS = new Set(['rectified', 'verified', 'rejected']);

/**
 * Applies the hazard's planned steps that its history does not hold yet, in order, at their
 * times, up to the first that `due` leaves for later.
 */
async function moveHazard(
  hazard: PlannedHazard,
  districtId: string,
  school: SchoolPrincipal,
  official: OfficialPrincipal,
  due: (step: PlannedStep) => boolean,
): Promise<void> {
  const { Item } = await HazardEntity.build(GetItemCommand)
    .key({ districtId, hazardId: hazard.hazardId })
    .options({ consistent: true })
    .send();
  if (!Item) throw new DemoHistoryError(`hazard ${hazard.hazardId} (${hazard.incident})`, 'it was not raised');
  const done = Item.history.filter((entry) => LIFECYCLE_ACTIONS.has(entry.action)).length;
  const pending = hazard.steps.slice(done);
  const later = pending.findIndex((step) => !due(step));
  for (const step of later < 0 ? pending : pending.slice(0, later)) {
    const at = new Date(step.at);
    try {
      if (step.command === 'rectify')
        await retryWhenBusy(() => rectifyHazard(school, hazard.hazardId, { note: step.note }, 'zh-CN', at));
      else
        await retryWhenBusy(() =>
          verifyHazard(
            official,
            hazard.hazardId,
            { accepted: step.command === 'accept', note: step.note },
            'zh-CN',
            at,
          ),
        );
    } catch (error) {
      throw new DemoHistoryError(`step ${step.command} of hazard ${hazard.hazardId} (${hazard.incident})`, error);
    }
  }
}

/**
 * Waits until the critical hazard's alert e-mail has been sent (its outbox item says so), up to
 * `timeoutMs`; true when it was. The alert goes out through the table stream, the bus and the
 * alert function, so it needs those running (the local stack's poller and bus).
 */
export async function criticalAlertSent(summary: DemoHistorySummary, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alert = await getAlert(summary.plan.districtId, summary.plan.critical.hazardId);
    if (alert?.status === 'sent') return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const percent = (rate: number) => `${Math.round(rate * 100)} %`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The start line's text, e.g. "2,703 submissions 2026-10-01…2026-11-27 (15 form types); 13
 * hazards: 7 open (3 overdue, 1 reopened), 2 rectified, 4 verified; under 90 % in 2026-10: …;
 * 1 critical alert sent (mail viewer); seeded in 24.1 s (2026-10 complete after 12.3 s)".
 */
export function describeDemoHistory(summary: DemoHistorySummary, alertSent: boolean): string {
  const { plan, hazards, belowThreshold } = summary;
  const below = belowThreshold.schools.map((school) => `${school.name} ${percent(school.rate)}`).join(', ') || 'none';
  const formTypes = new Set(plan.submissions.map((submission) => submission.formType)).size;
  return [
    `${summary.submissions.total.toLocaleString('en')} submissions ${plan.window.from}…${plan.window.to} (${formTypes} form types)`,
    `${hazards.total} hazards: ${hazards.open} open (${hazards.overdue} overdue, ${hazards.reopened} reopened), ${hazards.rectified} rectified, ${hazards.verified} verified`,
    `under ${percent(belowThreshold.threshold)} in ${belowThreshold.month}: ${below}`,
    `${hazards.critical} critical alert ${alertSent ? 'sent' : 'on its way'} (mail viewer)`,
    `seeded in ${seconds(summary.elapsedMs)} (${summary.previousMonth.month} complete after ${seconds(summary.previousMonth.elapsedMs)})`,
  ].join('; ');
}
