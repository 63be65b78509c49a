import { dayNumber, monthBounds, shiftDate, shiftMonth, weekStart } from '../calendar/dates';
import { monthWarnings } from '../calendar/coverage';
import {
  complianceFor,
  type ComplianceReport,
  type FormCompliance,
  type SchoolCompliance,
} from '../compliance/compliance';
import { FORMS, findForm } from '../forms/catalogue';
import { DRILL_KINDS } from '../forms/safety-drill';
import { EDUCATION_TOPICS } from '../forms/safety-education';
import {
  HAZARD_CATEGORIES,
  SEVERITIES,
  type Cadence,
  type FormDefinition,
  type HazardCategory,
  type Severity,
} from '../forms/types';
import { localDate } from '../time';
import type { ReportHazard, ReportInput, ReportSchool, ReportSubmission } from './input';
import { instantBefore, instantWithin, monthSpan, type MonthSpan } from './month-time';
import {
  CANTEEN,
  DORMITORY,
  DRILLS,
  EDUCATION,
  ELECTRICAL_FIRE,
  ENERGY,
  GREENING,
  INSURANCE,
  LATE_GRACE_DAYS,
  LOWEST_SCHOOLS,
  ONE_PER_SCHOOL_FORMS,
  SECTION_FORMS,
  TOTAL_MISMATCH_FLAG,
  WORK_STUDY,
  type FigureRef,
} from './sections';
import {
  AREA_USE_IDS,
  COVERAGE_IDS,
  DATA_QUALITY_NOTE_KINDS,
  REPORT_VERSION,
  type AreaUseId,
  type CanteenSchoolRow,
  type CanteenSection,
  type ComplianceSection,
  type CoverageId,
  type DataQualityNote,
  type DistrictReport,
  type OutsideRosterReason,
  type DrillsEducationSection,
  type EnergySchoolRow,
  type EnergySection,
  type FigureValue,
  type FormFigures,
  type FormTypeCompliance,
  type GreeningWorkStudySection,
  type HazardCounts,
  type HazardLine,
  type HazardSection,
  type HazardStateAtMonthEnd,
  type InsuranceSchoolRow,
  type InsuranceSection,
  type PhotosDataQualitySection,
  type Rate,
  type RateYearOnYear,
  type SafetySection,
  type SchoolComplianceRow,
  type SchoolHazardRow,
  type SchoolRef,
  type SubmissionCounts,
  type TargetComparison,
  type YearOnYear,
} from './types';

/*
 * The monthly district report's rollup (DOMAIN.md § The monthly district report): a pure,
 * deterministic function from a district's month (./input.ts) to the report (./types.ts).
 * No I/O, no clock (the input carries `now`), no dependence on the order of its input.
 *
 * Decisions, stated once:
 *  - Submissions. The input holds every stored submission of the month, superseded ones
 *    included; the rollup keeps the latest of each correction chain (`supersededBy` absent) and
 *    counts the rest in `sources`. Every current submission of a roster school counts, whatever
 *    the school's registration date. Only submissions of a school not in the roster, or dated on
 *    or after the day its school was archived, count nowhere, and an 'outside-roster'
 *    data-quality note names each such school with the reason. For the once-a-month statements
 *    (sections.ts ONE_PER_SCHOOL_FORMS) only a school's latest current one counts. The previous
 *    year's month is read the same way, over the schools of today's roster (a school that has
 *    left, or was archived before this month, would otherwise flatter every year-on-year change).
 *  - Registration bounds compliance only: a school registered after the month owes nothing for
 *    it (yet what it sent for the month counts in the figures); one registered during it is
 *    expected only from that day, and is marked `newThisMonth`.
 *  - Absent is not zero. A year-on-year figure's `previousYear` is null when the compared month
 *    has no counted submission of the figure's form (for event forms, whose absence is itself a
 *    figure, and for hazards: no counted submission at all), and a target's `actual` is null when
 *    the month has nothing to compare; a real 0 stays 0.
 *  - Hazards as of month end. The month ends at `asOf`, the first instant of the next month in
 *    district time. A hazard exists at month end when it was found on or before the month's last
 *    day; its state then is the `status` of its last history entry before `asOf`. The first
 *    (`raised`) entry always applies, so a hazard raised after the month by a late submission
 *    dated in it is open at month end. Later entries (rectified, verified, reopened next month)
 *    are ignored, so producing the report again later gives the same hazard figures. A hazard
 *    open at month end is overdue when its due date is before the next month's first day (the
 *    due date is the last day to rectify), by that many days (as the daily sweep counts them).
 *  - Late. A submission is late when its district-local received date is more than
 *    LATE_GRACE_DAYS (1) after the end of the occasion it is for: its date for daily and nightly
 *    forms, the Sunday of its week for weekly forms, the month's last day for monthly, termly and
 *    event forms (an event form has no due date: it is late only once its month is over). A past
 *    record loaded by the history import is never late.
 *  - Figures come from each form's `figures`, aggregated over the submissions as the form
 *    declares (sum, count, min, max, mean) by the version each submission was made with; the
 *    sections read them by id (sections.ts). Sums are rounded to the hundredth.
 */

type Answers = Parameters<FormDefinition['figures'][number]['value']>[0];

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** numerator / denominator, null when the denominator is 0. */
export function rateOf(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator > 0 ? numerator / denominator : null };
}

/** A figure against last year: the change in %, null when last year's is 0 or absent (null). */
export function yearOnYear(current: number, previousYear: number | null): YearOnYear {
  return {
    current,
    previousYear,
    changePercent:
      previousYear !== null && previousYear !== 0 ? round2(((current - previousYear) / previousYear) * 100) : null,
  };
}

function rateYearOnYear(current: Rate, previousYear: Rate): RateYearOnYear {
  const changePoints =
    current.rate !== null && previousYear.rate !== null ? round2((current.rate - previousYear.rate) * 100) : null;
  return { current, previousYear, changePoints };
}

function targetOf(
  direction: TargetComparison['direction'],
  target: number | undefined,
  actual: number | null,
): TargetComparison | null {
  if (typeof target !== 'number' || !Number.isFinite(target)) return null;
  const met = actual === null ? null : direction === 'atMost' ? actual <= target : actual >= target;
  return { direction, target, actual, met };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rates ascending, null (nothing to rate) last. */
function compareRates(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

function bySubmission(a: ReportSubmission, b: ReportSubmission): number {
  return (
    compareText(a.schoolId, b.schoolId) || compareText(a.date, b.date) || compareText(a.submissionId, b.submissionId)
  );
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function formOf(submission: Pick<ReportSubmission, 'formType' | 'formVersion'>): FormDefinition | undefined {
  return (
    findForm(submission.formType, submission.formVersion, FORMS, { includeRetired: true }) ??
    findForm(submission.formType, undefined, FORMS, { includeRetired: true })
  );
}

// ---------------------------------------------------------------------------------------------
// Figures

interface Accumulator {
  aggregate: FigureValue['aggregate'];
  sum: number;
  values: number;
  min: number;
  max: number;
}

/**
 * A form's figures over `submissions` (all of `formType`), each by the definition of the version
 * the submission was made with. Figures are listed in the latest version's order, then any that
 * only an older version has.
 */
export function formFigures(formType: string, submissions: readonly ReportSubmission[]): FormFigures {
  const accumulators = new Map<string, Accumulator>();
  for (const figure of findForm(formType, undefined, FORMS, { includeRetired: true })?.figures ?? []) {
    accumulators.set(figure.id, { aggregate: figure.aggregate, sum: 0, values: 0, min: Infinity, max: -Infinity });
  }
  const counted = [...submissions].sort(bySubmission);
  for (const submission of counted) {
    for (const figure of formOf(submission)?.figures ?? []) {
      let value: number | undefined;
      try {
        value = figure.value(submission.answers as Answers);
      } catch {
        // Answers of another shape than the figure expects (a hand-edited item): they say nothing about it.
        value = undefined;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      let accumulator = accumulators.get(figure.id);
      if (!accumulator) {
        accumulator = { aggregate: figure.aggregate, sum: 0, values: 0, min: Infinity, max: -Infinity };
        accumulators.set(figure.id, accumulator);
      }
      accumulator.sum += value;
      accumulator.values += 1;
      accumulator.min = Math.min(accumulator.min, value);
      accumulator.max = Math.max(accumulator.max, value);
    }
  }
  const figures = [...accumulators].map(([id, a]): FigureValue => {
    const none = a.values === 0;
    const value =
      a.aggregate === 'sum'
        ? round2(a.sum)
        : a.aggregate === 'count'
          ? a.values
          : none
            ? null
            : a.aggregate === 'min'
              ? a.min
              : a.aggregate === 'max'
                ? a.max
                : round2(a.sum / a.values);
    return { id, aggregate: a.aggregate, value, values: a.values };
  });
  return { formType, submissions: counted.length, schools: new Set(counted.map((s) => s.schoolId)).size, figures };
}

/** A figure's value, 0 when it has none. */
function valueOf(figures: FormFigures, ref: FigureRef): number {
  return figures.figures.find((figure) => figure.id === ref.figureId)?.value ?? 0;
}

/**
 * The figure's value in the same month a year earlier; null when that month has no data for it: no
 * counted submission of its form, or for an event form (whose absence is itself a figure) no
 * counted submission of any form.
 */
function previousOf(ctx: { before: FormIndex }, ref: FigureRef): number | null {
  const cadence = findForm(ref.formType, undefined, FORMS, { includeRetired: true })?.cadence;
  const hasData = cadence === 'event' ? ctx.before.has() : ctx.before.has(ref.formType);
  return hasData ? valueOf(ctx.before.figures(ref.formType), ref) : null;
}

/** A figure's value, null when it has none. */
function valueOrNull(figures: FormFigures, ref: FigureRef): number | null {
  return figures.figures.find((figure) => figure.id === ref.figureId)?.value ?? null;
}

// ---------------------------------------------------------------------------------------------
// A month of submissions

/** One month's submissions, sorted out. */
interface MonthSubmissions {
  counts: SubmissionCounts;
  /** Current submissions of roster schools, every one (before the once-a-month rule). */
  current: ReportSubmission[];
  /** What the figures count: `current` with only the latest of each once-a-month statement. */
  counted: ReportSubmission[];
  /** Current submissions left out (see `Exclusion`), per school. */
  outsideRoster: Map<
    string,
    { reason: OutsideRosterReason; archivedOn: string | null; count: number; formTypes: Set<string> }
  >;
  /** Once-a-month statements a school sent more than once: the counted one, and how many. */
  repeats: { counted: ReportSubmission; count: number }[];
}

function latestFirst(a: ReportSubmission, b: ReportSubmission): number {
  return (
    compareText(b.date, a.date) ||
    compareText(b.receivedAt, a.receivedAt) ||
    compareText(b.submissionId, a.submissionId)
  );
}

/** Why a current submission is left out of the figures; null when it counts. */
type Exclusion = (submission: ReportSubmission) => { reason: OutsideRosterReason; archivedOn: string | null } | null;

function sortOutMonth(submissions: readonly ReportSubmission[], month: string, excluded: Exclusion): MonthSubmissions {
  const stored = submissions.filter((s) => s.date.slice(0, 7) === month);
  const currentAll = stored.filter((s) => !s.supersededBy);
  const current: ReportSubmission[] = [];
  const outsideRoster: MonthSubmissions['outsideRoster'] = new Map();
  for (const s of currentAll) {
    const why = excluded(s);
    if (!why) {
      current.push(s);
      continue;
    }
    let entry = outsideRoster.get(s.schoolId);
    if (!entry) {
      entry = { ...why, count: 0, formTypes: new Set() };
      outsideRoster.set(s.schoolId, entry);
    }
    entry.count += 1;
    entry.formTypes.add(s.formType);
  }
  current.sort(bySubmission);

  const repeats: MonthSubmissions['repeats'] = [];
  const counted: ReportSubmission[] = [];
  for (const group of groupBy(current, (s) => `${s.schoolId}\u0000${s.formType}`).values()) {
    if (!ONE_PER_SCHOOL_FORMS.has(group[0]!.formType) || group.length === 1) {
      counted.push(...group);
      continue;
    }
    const latest = [...group].sort(latestFirst)[0]!;
    counted.push(latest);
    repeats.push({ counted: latest, count: group.length });
  }
  counted.sort(bySubmission);
  return {
    counts: {
      stored: stored.length,
      current: currentAll.length,
      superseded: stored.length - currentAll.length,
      outsideRoster: currentAll.length - current.length,
    },
    current,
    counted,
    outsideRoster,
    repeats,
  };
}

/** The counted submissions of one form, district-wide and per school. */
class FormIndex {
  private readonly byForm: Map<string, ReportSubmission[]>;
  private readonly bySchool = new Map<string, Map<string, ReportSubmission[]>>();
  private readonly cache = new Map<string, FormFigures>();

  constructor(submissions: readonly ReportSubmission[]) {
    this.byForm = groupBy(submissions, (s) => s.formType);
  }

  submissions(formType: string): ReportSubmission[] {
    return this.byForm.get(formType) ?? [];
  }

  private ofSchool(formType: string, schoolId: string): ReportSubmission[] {
    let schools = this.bySchool.get(formType);
    if (!schools) {
      schools = groupBy(this.submissions(formType), (s) => s.schoolId);
      this.bySchool.set(formType, schools);
    }
    return schools.get(schoolId) ?? [];
  }

  /** The form's figures district-wide, or over one school's submissions. */
  figures(formType: string, schoolId?: string): FormFigures {
    const key = `${formType}\u0000${schoolId ?? ''}`;
    let found = this.cache.get(key);
    if (!found) {
      found = formFigures(
        formType,
        schoolId === undefined ? this.submissions(formType) : this.ofSchool(formType, schoolId),
      );
      this.cache.set(key, found);
    }
    return found;
  }

  /** Whether any submission of the form is counted; without `formType`, whether any at all is. */
  has(formType?: string): boolean {
    return formType === undefined ? this.byForm.size > 0 : this.submissions(formType).length > 0;
  }

  /** Schools with at least one counted submission of the form. */
  schools(formType: string): Set<string> {
    return new Set(this.submissions(formType).map((s) => s.schoolId));
  }

  sectionForms(formTypes: readonly string[]): FormFigures[] {
    return formTypes.map((formType) => this.figures(formType));
  }
}

// ---------------------------------------------------------------------------------------------
// Lateness

/** The last day of the occasion a submission dated `date` is for (see the header comment). */
export function deadlineOf(cadence: Cadence, date: string): string {
  switch (cadence) {
    case 'school-day':
    case 'school-night':
      return date;
    case 'weekly':
      return shiftDate(weekStart(date), 6);
    default:
      return monthBounds(date.slice(0, 7)).last;
  }
}

/** Days after its occasion's end that a submission was received (district time); 0 when on time or within the grace days. */
export function daysLate(
  submission: Pick<ReportSubmission, 'formType' | 'formVersion' | 'date' | 'receivedAt' | 'imported'>,
  timezone: string,
): number {
  const form = formOf(submission);
  const received = Date.parse(submission.receivedAt);
  // A past record loaded by the history import was received when it was imported: never late.
  if (!form || !Number.isFinite(received) || submission.imported) return 0;
  const after =
    dayNumber(localDate(timezone, new Date(received))) - dayNumber(deadlineOf(form.cadence, submission.date));
  return after > LATE_GRACE_DAYS ? after : 0;
}

// ---------------------------------------------------------------------------------------------
// Hazards

const SEVERITY_RANK: Record<Severity, number> = Object.fromEntries(
  SEVERITIES.map((severity, index) => [severity, index]),
) as Record<Severity, number>;

function categoryOf(category: string): HazardCategory {
  return (HAZARD_CATEGORIES as readonly string[]).includes(category) ? (category as HazardCategory) : 'other';
}

function severityOf(severity: string): Severity {
  return (SEVERITIES as readonly string[]).includes(severity) ? (severity as Severity) : 'low';
}

/**
 * A hazard's state as of `end` (exclusive, ISO-8601 UTC): the status of its last history entry
 * before `end`, the first entry always applying (see the header comment). Unknown statuses leave
 * the state as it was.
 */
export function hazardStateAt(hazard: Pick<ReportHazard, 'history'>, end: string): HazardStateAtMonthEnd {
  let state: HazardStateAtMonthEnd = 'open';
  hazard.history.forEach((step, index) => {
    if (index > 0 && !instantBefore(step.at, end)) return;
    if (step.status === 'open' || step.status === 'rectified' || step.status === 'verified') state = step.status;
  });
  return state;
}

function emptyCounts(): HazardCounts {
  return {
    total: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    byCategory: Object.fromEntries(HAZARD_CATEGORIES.map((c) => [c, 0])) as Record<HazardCategory, number>,
  };
}

/** Hazards counted by severity and category (an unknown category is 'other', an unknown severity 'low'); the year-end summary counts with it too. */
export function countHazards(hazards: readonly ReportHazard[]): HazardCounts {
  const counts = emptyCounts();
  for (const hazard of hazards) {
    counts.total += 1;
    counts.bySeverity[severityOf(hazard.severity)] += 1;
    counts.byCategory[categoryOf(hazard.category)] += 1;
  }
  return counts;
}

/** One hazard per id: the copy with the longest history (a hazard read twice while it moved between status partitions). */
export function distinctHazards(hazards: readonly ReportHazard[]): ReportHazard[] {
  const byId = new Map<string, ReportHazard>();
  for (const hazard of hazards) {
    const known = byId.get(hazard.hazardId);
    if (!known || hazard.history.length > known.history.length) byId.set(hazard.hazardId, hazard);
  }
  return [...byId.values()].sort((a, b) => compareText(a.hazardId, b.hazardId));
}

// ---------------------------------------------------------------------------------------------
// The rollup

interface Context {
  input: ReportInput;
  span: MonthSpan;
  previousYearMonth: string;
  /** Schools registered on or before the month's last day and not archived before it: whom compliance covers. */
  registered: ReportSchool[];
  /** Roster schools whose submissions the figures count: `registered` and any other with a counted submission in the month. */
  counted: ReportSchool[];
  /** Ids of the roster schools not archived before the month. */
  active: Set<string>;
  names: Map<string, string>;
  month: MonthSubmissions;
  previous: MonthSubmissions;
  now: FormIndex;
  before: FormIndex;
  compliance: ComplianceReport;
  previousCompliance: ComplianceReport;
  /** Verified photo ids by owner (`<school>#<kind>#<id>`), in id order. */
  photosByOwner: Map<string, string[]>;
}

function photosByOwner(photos: ReportInput['photos']): Map<string, string[]> {
  const byOwner = new Map<string, string[]>();
  const verified = photos
    .filter((photo) => photo.status === 'verified')
    .sort((a, b) => compareText(a.photoId, b.photoId));
  for (const photo of verified) {
    const key = `${photo.schoolId}#${photo.owner.kind}#${photo.owner.id}`;
    byOwner.set(key, [...(byOwner.get(key) ?? []), photo.photoId]);
  }
  return byOwner;
}

function refOf(ctx: Context, schoolId: string): SchoolRef {
  return { schoolId, name: ctx.names.get(schoolId) ?? '' };
}

function complianceRate(tally: { submitted: number; expected: number }): Rate {
  return rateOf(tally.submitted, tally.expected);
}

function formTypeRow(row: FormCompliance): FormTypeCompliance {
  return { formType: row.formType, cadence: row.cadence, compliance: complianceRate(row), received: row.received };
}

function complianceSection(ctx: Context): ComplianceSection {
  const { compliance, span } = ctx;
  const reporting = new Set(ctx.month.current.map((s) => s.schoolId));
  const registeredOn = new Map(ctx.registered.map((school) => [school.schoolId, school.registeredOn]));
  const schools = compliance.schools
    .map((school: SchoolCompliance): SchoolComplianceRow => {
      const on = registeredOn.get(school.schoolId) ?? '';
      return {
        schoolId: school.schoolId,
        name: school.name,
        registeredOn: on,
        newThisMonth: on >= span.first && on <= span.last,
        compliance: complianceRate(school),
        received: school.forms.reduce((sum, row) => sum + row.received, 0),
        forms: school.forms.map(formTypeRow),
      };
    })
    .sort((a, b) => compareRates(a.compliance.rate, b.compliance.rate) || compareText(a.schoolId, b.schoolId));
  const overall = complianceRate(compliance.district);
  const below = new Set(compliance.belowThreshold.map((school) => school.schoolId));
  const reportingCount = ctx.registered.filter((school) => reporting.has(school.schoolId)).length;
  return {
    schoolsRegistered: ctx.registered.length,
    schoolsReporting: reportingCount,
    reporting: rateOf(reportingCount, ctx.registered.length),
    schoolDays: compliance.schoolDays,
    schoolNights: compliance.schoolNights,
    threshold: compliance.threshold,
    overall: rateYearOnYear(overall, complianceRate(ctx.previousCompliance.district)),
    target: targetOf('atLeast', ctx.input.district.targets?.complianceRate, overall.rate),
    byFormType: compliance.byFormType.map(formTypeRow),
    schools,
    belowThreshold: schools.flatMap((row) =>
      below.has(row.schoolId) ? [{ schoolId: row.schoolId, name: row.name, compliance: row.compliance }] : [],
    ),
    notReporting: ctx.registered
      .filter((school) => !reporting.has(school.schoolId))
      .map((school) => refOf(ctx, school.schoolId)),
  };
}

function hazardLine(ctx: Context, hazard: ReportHazard, state: HazardStateAtMonthEnd, overdueDays: number): HazardLine {
  return {
    hazardId: hazard.hazardId,
    schoolId: hazard.schoolId,
    schoolName: ctx.names.get(hazard.schoolId) ?? '',
    severity: severityOf(hazard.severity),
    category: categoryOf(hazard.category),
    title: { zh: hazard.title.zh, en: hazard.title.en },
    place: hazard.place ?? null,
    description: hazard.description ?? null,
    formType: hazard.formType,
    foundOn: hazard.foundOn,
    dueDate: hazard.dueDate,
    stateAtMonthEnd: state,
    daysOverdue: overdueDays,
    photoIds: [
      ...(hazard.submissionId
        ? (ctx.photosByOwner.get(`${hazard.schoolId}#submission#${hazard.submissionId}`) ?? [])
        : []),
      ...(ctx.photosByOwner.get(`${hazard.schoolId}#hazard#${hazard.hazardId}`) ?? []),
    ],
  };
}

function hazardSection(ctx: Context): HazardSection {
  const { span } = ctx;
  const existing = distinctHazards(ctx.input.hazards).filter((hazard) => hazard.foundOn <= span.last);
  const states = new Map(existing.map((hazard) => [hazard.hazardId, hazardStateAt(hazard, span.end)]));
  const stateOf = (hazard: ReportHazard) => states.get(hazard.hazardId) ?? 'open';
  const overdueDays = (hazard: ReportHazard) =>
    stateOf(hazard) === 'open' && hazard.dueDate < span.next ? dayNumber(span.next) - dayNumber(hazard.dueDate) : 0;

  const found = existing.filter((hazard) => hazard.foundOn >= span.first);
  const open = existing.filter((hazard) => stateOf(hazard) === 'open');
  const overdue = open.filter((hazard) => overdueDays(hazard) > 0);
  const changedThisMonth = (action: string) =>
    existing.filter((hazard) =>
      hazard.history.some((step, index) => index > 0 && step.action === action && instantWithin(step.at, span)),
    ).length;
  // Hazards raised by the submissions of the same month a year earlier; none stored is no data, not 0 found.
  const previousYearFound =
    ctx.previous.counts.stored > 0
      ? ctx.input.previousYearSubmissions
          .filter((s) => s.date.slice(0, 7) === ctx.previousYearMonth)
          .reduce((sum, s) => sum + s.hazardIds.length, 0)
      : null;

  const bySchool = new Map<string, SchoolHazardRow>();
  const rowOf = (schoolId: string) => {
    let row = bySchool.get(schoolId);
    if (!row) {
      row = { ...refOf(ctx, schoolId), found: 0, open: 0, overdue: 0, maxDaysOverdue: 0 };
      bySchool.set(schoolId, row);
    }
    return row;
  };
  const counted = new Set(ctx.counted.map((school) => school.schoolId));
  for (const hazard of found) if (counted.has(hazard.schoolId)) rowOf(hazard.schoolId).found += 1;
  for (const hazard of open) {
    if (!counted.has(hazard.schoolId)) continue;
    const row = rowOf(hazard.schoolId);
    row.open += 1;
    const days = overdueDays(hazard);
    if (days > 0) row.overdue += 1;
    row.maxDaysOverdue = Math.max(row.maxDaysOverdue, days);
  }

  return {
    found: countHazards(found),
    foundYearOnYear: yearOnYear(found.length, previousYearFound),
    rectifiedThisMonth: changedThisMonth('rectified'),
    verifiedThisMonth: changedThisMonth('verified'),
    reopenedThisMonth: changedThisMonth('rejected'),
    rectification: rateOf(found.filter((hazard) => stateOf(hazard) !== 'open').length, found.length),
    openAtMonthEnd: countHazards(open),
    awaitingVerificationAtMonthEnd: existing.filter((hazard) => stateOf(hazard) === 'rectified').length,
    overdueAtMonthEnd: countHazards(overdue),
    overdue: overdue
      .map((hazard) => hazardLine(ctx, hazard, 'open', overdueDays(hazard)))
      .sort(
        (a, b) =>
          b.daysOverdue - a.daysOverdue ||
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          compareText(a.schoolId, b.schoolId) ||
          compareText(a.hazardId, b.hazardId),
      ),
    critical: existing
      .filter(
        (hazard) =>
          severityOf(hazard.severity) === 'critical' &&
          (hazard.foundOn >= span.first || stateOf(hazard) !== 'verified'),
      )
      .map((hazard) => hazardLine(ctx, hazard, stateOf(hazard), overdueDays(hazard)))
      .sort(
        (a, b) =>
          compareText(a.foundOn, b.foundOn) ||
          compareText(a.schoolId, b.schoolId) ||
          compareText(a.hazardId, b.hazardId),
      ),
    schools: [...bySchool.values()].sort(
      (a, b) => b.overdue - a.overdue || b.open - a.open || b.found - a.found || compareText(a.schoolId, b.schoolId),
    ),
    forms: ctx.now.sectionForms(SECTION_FORMS.hazards),
  };
}

function canteenSection(ctx: Context): CanteenSection {
  const form = CANTEEN.checks.formType;
  const figures = ctx.now.figures(form);
  const withCanteen = ctx.counted.filter((school) => school.hasCanteen);
  const reporting = ctx.now.schools(form);
  const checks = valueOf(figures, CANTEEN.checks);
  const meals = valueOf(figures, CANTEEN.mealsServed);
  const wasteKg = valueOf(figures, CANTEEN.foodWasteKg);
  const schools = withCanteen
    .map((school): CanteenSchoolRow => {
      const own = ctx.now.figures(form, school.schoolId);
      const ownChecks = valueOf(own, CANTEEN.checks);
      return {
        ...refOf(ctx, school.schoolId),
        checks: ownChecks,
        sampleRetention: rateOf(valueOf(own, CANTEEN.samplesCompliant), ownChecks),
        healthCertificates: rateOf(valueOf(own, CANTEEN.certificatesCompliant), ownChecks),
        disinfection: rateOf(valueOf(own, CANTEEN.disinfectionCompliant), ownChecks),
        mealsServed: valueOf(own, CANTEEN.mealsServed),
        foodWasteKg: valueOf(own, CANTEEN.foodWasteKg),
      };
    })
    .map((row) => ({ row, worst: worstRate([row.sampleRetention, row.healthCertificates, row.disinfection]) }))
    .sort((a, b) => compareRates(a.worst, b.worst) || compareText(a.row.schoolId, b.row.schoolId))
    .map(({ row }) => row);
  return {
    schoolsWithCanteen: withCanteen.length,
    schoolsReporting: withCanteen.filter((school) => reporting.has(school.schoolId)).length,
    checks: yearOnYear(checks, previousOf(ctx, CANTEEN.checks)),
    sampleRetention: rateOf(valueOf(figures, CANTEEN.samplesCompliant), checks),
    healthCertificates: rateOf(valueOf(figures, CANTEEN.certificatesCompliant), checks),
    certifiedStaffDays: rateOf(
      valueOf(figures, CANTEEN.staffWithHealthCertificate),
      valueOf(figures, CANTEEN.staffOnDuty),
    ),
    disinfection: rateOf(valueOf(figures, CANTEEN.disinfectionCompliant), checks),
    leaderMeals: rateOf(valueOf(figures, CANTEEN.leaderMeals), checks),
    mealsServed: yearOnYear(meals, previousOf(ctx, CANTEEN.mealsServed)),
    foodWasteKg: yearOnYear(wasteKg, previousOf(ctx, CANTEEN.foodWasteKg)),
    foodWasteGramsPerMeal: meals > 0 ? round2((wasteKg * 1000) / meals) : null,
    schools,
    forms: ctx.now.sectionForms(SECTION_FORMS.canteen),
  };
}

/** The lowest of some rates, null when none can be rated. */
function worstRate(rates: readonly Rate[]): number | null {
  const known = rates.flatMap((r) => (r.rate === null ? [] : [r.rate]));
  return known.length > 0 ? Math.min(...known) : null;
}

function safetySection(ctx: Context): SafetySection {
  const dorm = ctx.now.figures(DORMITORY.patrols.formType);
  const fire = ctx.now.figures(ELECTRICAL_FIRE.checks.formType);
  const boarding = ctx.counted.filter((school) => school.boarding);
  const patrolling = ctx.now.schools(DORMITORY.patrols.formType);
  const patrols = valueOf(dorm, DORMITORY.patrols);
  const checks = valueOf(fire, ELECTRICAL_FIRE.checks);
  return {
    dormitory: {
      boardingSchools: boarding.length,
      partlyBoardingSchools: boarding.filter((school) => school.partlyBoarding === true).length,
      schoolsReporting: boarding.filter((school) => patrolling.has(school.schoolId)).length,
      patrols: yearOnYear(patrols, previousOf(ctx, DORMITORY.patrols)),
      prohibitedAppliances: yearOnYear(
        valueOf(dorm, DORMITORY.prohibitedAppliances),
        previousOf(ctx, DORMITORY.prohibitedAppliances),
      ),
      studentsUnaccounted: valueOf(dorm, DORMITORY.studentsUnaccounted),
      strangersFound: valueOf(dorm, DORMITORY.strangersFound),
      fireExitsBlocked: rateOf(valueOf(dorm, DORMITORY.fireExitsBlocked), patrols),
    },
    electricalFire: {
      schoolsReporting: fire.schools,
      checks,
      extinguishersReplaced: yearOnYear(
        valueOf(fire, ELECTRICAL_FIRE.extinguishersReplaced),
        previousOf(ctx, ELECTRICAL_FIRE.extinguishersReplaced),
      ),
      extinguishersExpired: rateOf(
        valueOf(fire, ELECTRICAL_FIRE.extinguishersExpired),
        valueOf(fire, ELECTRICAL_FIRE.extinguishersTotal),
      ),
      ageingWiresFound: yearOnYear(
        valueOf(fire, ELECTRICAL_FIRE.ageingWiresFound),
        previousOf(ctx, ELECTRICAL_FIRE.ageingWiresFound),
      ),
      emergencyLightsWorking: rateOf(
        valueOf(fire, ELECTRICAL_FIRE.emergencyLightsWorking),
        valueOf(fire, ELECTRICAL_FIRE.emergencyLightsTotal),
      ),
      chemicalsStoredSafely: rateOf(valueOf(fire, ELECTRICAL_FIRE.chemicalsCompliant), checks),
    },
    forms: ctx.now.sectionForms(SECTION_FORMS.safety),
  };
}

type Bought = InsuranceSchoolRow['canteenFoodSafetyLiability'];

function boughtAnswer(figures: FormFigures, bought: FigureRef, applicable: FigureRef): Bought {
  if (valueOf(figures, bought) > 0) return 'yes';
  return valueOf(figures, applicable) > 0 ? 'no' : 'not-applicable';
}

function insuranceSection(ctx: Context): InsuranceSection {
  const form = INSURANCE.studentsEnrolled.formType;
  const figures = ctx.now.figures(form);
  const enrolled = valueOf(figures, INSURANCE.studentsEnrolled);
  const reporting = [...ctx.now.schools(form)].sort(compareText);
  const schools = reporting
    .map((schoolId): InsuranceSchoolRow => {
      const own = ctx.now.figures(form, schoolId);
      const ownEnrolled = valueOf(own, INSURANCE.studentsEnrolled);
      return {
        ...refOf(ctx, schoolId),
        studentsEnrolled: ownEnrolled,
        coverages: Object.fromEntries(
          COVERAGE_IDS.map((coverage) => [coverage, rateOf(valueOf(own, INSURANCE[coverage]), ownEnrolled)]),
        ) as Record<CoverageId, Rate>,
        canteenFoodSafetyLiability: boughtAnswer(
          own,
          INSURANCE.canteenFoodSafetyLiabilityBought,
          INSURANCE.canteenFoodSafetyLiabilityApplicable,
        ),
        internshipInsurance: boughtAnswer(
          own,
          INSURANCE.internshipInsuranceBought,
          INSURANCE.internshipInsuranceApplicable,
        ),
      };
    })
    .sort(
      (a, b) =>
        compareRates(a.coverages.schoolLiabilityCovered.rate, b.coverages.schoolLiabilityCovered.rate) ||
        compareText(a.schoolId, b.schoolId),
    );
  return {
    schoolsReporting: reporting.length,
    studentsEnrolled: enrolled,
    coverages: COVERAGE_IDS.map((coverage) => {
      const covered = rateOf(valueOf(figures, INSURANCE[coverage]), enrolled);
      return {
        coverage,
        covered,
        target:
          coverage === 'schoolLiabilityCovered'
            ? targetOf('atLeast', ctx.input.district.targets?.insuranceRate, covered.rate)
            : null,
        lowest: schools
          .filter((row) => row.coverages[coverage].rate !== null && (row.coverages[coverage].rate as number) < 1)
          .sort(
            (a, b) =>
              compareRates(a.coverages[coverage].rate, b.coverages[coverage].rate) ||
              compareText(a.schoolId, b.schoolId),
          )
          .slice(0, LOWEST_SCHOOLS)
          .map((row) => ({ schoolId: row.schoolId, name: row.name, covered: row.coverages[coverage] })),
      };
    }),
    canteenFoodSafetyLiability: rateOf(
      valueOf(figures, INSURANCE.canteenFoodSafetyLiabilityBought),
      valueOf(figures, INSURANCE.canteenFoodSafetyLiabilityApplicable),
    ),
    internshipInsurance: rateOf(
      valueOf(figures, INSURANCE.internshipInsuranceBought),
      valueOf(figures, INSURANCE.internshipInsuranceApplicable),
    ),
    schools,
    forms: ctx.now.sectionForms(SECTION_FORMS.insurance),
  };
}

interface Reading {
  electricityKwh: number;
  waterM3: number;
}

function readings(index: FormIndex): Map<string, Reading> {
  const form = ENERGY.electricityKwh.formType;
  return new Map(
    [...index.schools(form)].map((schoolId) => {
      const own = index.figures(form, schoolId);
      return [schoolId, { electricityKwh: valueOf(own, ENERGY.electricityKwh), waterM3: valueOf(own, ENERGY.waterM3) }];
    }),
  );
}

function total(values: Iterable<Reading>, pick: (reading: Reading) => number): number {
  let sum = 0;
  for (const value of values) sum += pick(value);
  return round2(sum);
}

function changePercent(current: number | undefined, previous: number | undefined): number | null {
  return current === undefined || previous === undefined ? null : yearOnYear(current, previous).changePercent;
}

function energySection(ctx: Context): EnergySection {
  const now = readings(ctx.now);
  const before = readings(ctx.before);
  const both = [...now.keys()].filter((schoolId) => before.has(schoolId)).sort(compareText);
  const pick = (map: Map<string, Reading>, ids: readonly string[]) => ids.map((id) => map.get(id) as Reading);
  // No reading at all a year earlier (or no school with both) is no data, not 0 kWh.
  const previousTotal = (values: Reading[], pick: (reading: Reading) => number) =>
    values.length > 0 ? total(values, pick) : null;
  const electricity = yearOnYear(
    total(now.values(), (r) => r.electricityKwh),
    previousTotal([...before.values()], (r) => r.electricityKwh),
  );
  const water = yearOnYear(
    total(now.values(), (r) => r.waterM3),
    previousTotal([...before.values()], (r) => r.waterM3),
  );
  const likeElectricity = yearOnYear(
    total(pick(now, both), (r) => r.electricityKwh),
    previousTotal(pick(before, both), (r) => r.electricityKwh),
  );
  const likeWater = yearOnYear(
    total(pick(now, both), (r) => r.waterM3),
    previousTotal(pick(before, both), (r) => r.waterM3),
  );
  const reduction = (change: number | null) => (change === null ? null : round2(-change));
  const targets = ctx.input.district.targets;
  const ids = [...new Set([...now.keys(), ...before.keys()])];
  const schools = ids
    .map((schoolId): EnergySchoolRow => {
      const current = now.get(schoolId);
      const previous = before.get(schoolId);
      return {
        ...refOf(ctx, schoolId),
        electricityKwh: current?.electricityKwh ?? null,
        waterM3: current?.waterM3 ?? null,
        previousYearElectricityKwh: previous?.electricityKwh ?? null,
        previousYearWaterM3: previous?.waterM3 ?? null,
        electricityChangePercent: changePercent(current?.electricityKwh, previous?.electricityKwh),
        waterChangePercent: changePercent(current?.waterM3, previous?.waterM3),
      };
    })
    .sort(
      (a, b) =>
        compareRates(negate(a.electricityChangePercent), negate(b.electricityChangePercent)) ||
        compareText(a.schoolId, b.schoolId),
    );
  return {
    schoolsReporting: now.size,
    previousYearSchoolsReporting: before.size,
    electricityKwh: electricity,
    waterM3: water,
    likeForLike: { schools: both.length, electricityKwh: likeElectricity, waterM3: likeWater },
    targets: {
      // No reading this month is nothing to compare, not 0 kWh within any target.
      electricityKwh: targetOf('atMost', targets?.electricityKwh, now.size > 0 ? electricity.current : null),
      waterM3: targetOf('atMost', targets?.waterM3, now.size > 0 ? water.current : null),
      electricityReductionPercent: targetOf(
        'atLeast',
        targets?.electricityReductionPercent,
        reduction(likeElectricity.changePercent),
      ),
      waterReductionPercent: targetOf('atLeast', targets?.waterReductionPercent, reduction(likeWater.changePercent)),
    },
    schools,
    forms: ctx.now.sectionForms(SECTION_FORMS.energy),
  };
}

function negate(value: number | null): number | null {
  return value === null ? null : -value;
}

function greeningWorkStudySection(ctx: Context): GreeningWorkStudySection {
  const green = ctx.now.figures(GREENING.projects.formType);
  const work = ctx.now.figures(WORK_STUDY.areaMu.formType);
  return {
    greening: {
      schools: green.schools,
      projects: yearOnYear(valueOf(green, GREENING.projects), previousOf(ctx, GREENING.projects)),
      plantsAdded: yearOnYear(valueOf(green, GREENING.plantsAdded), previousOf(ctx, GREENING.plantsAdded)),
      areaAddedMu: valueOf(green, GREENING.areaAddedMu),
      investmentYuan: yearOnYear(valueOf(green, GREENING.investmentYuan), previousOf(ctx, GREENING.investmentYuan)),
    },
    workStudy: {
      schools: work.schools,
      areaMu: valueOf(work, WORK_STUDY.areaMu),
      areaByUse: Object.fromEntries(AREA_USE_IDS.map((use) => [use, valueOf(work, WORK_STUDY[use])])) as Record<
        AreaUseId,
        number
      >,
      incomeYuan: yearOnYear(valueOf(work, WORK_STUDY.incomeYuan), previousOf(ctx, WORK_STUDY.incomeYuan)),
      costsYuan: valueOf(work, WORK_STUDY.costsYuan),
      netYuan: yearOnYear(valueOf(work, WORK_STUDY.netYuan), previousOf(ctx, WORK_STUDY.netYuan)),
      produceToCanteenYuan: valueOf(work, WORK_STUDY.produceToCanteenYuan),
      recyclingIncomeYuan: valueOf(work, WORK_STUDY.recyclingIncomeYuan),
      studentsTakingPart: valueOf(work, WORK_STUDY.studentsTakingPart),
      totalsNotAddingUp: ctx.now
        .submissions(WORK_STUDY.areaMu.formType)
        .filter((s) => (s.qualityFlags ?? []).some((flag) => flag.code === TOTAL_MISMATCH_FLAG)).length,
    },
    forms: ctx.now.sectionForms(SECTION_FORMS.greeningWorkStudy),
  };
}

function drillsEducationSection(ctx: Context): DrillsEducationSection {
  const drills = ctx.now.figures(DRILLS.drills.formType);
  const education = ctx.now.figures(EDUCATION.events.formType);
  const due = ctx.compliance.schools.flatMap((school) => {
    const row = school.forms.find((form) => form.formType === DRILLS.formType);
    return row && row.expected > 0 ? [{ schoolId: school.schoolId, drilled: row.submitted > 0 }] : [];
  });
  return {
    drills: {
      count: yearOnYear(valueOf(drills, DRILLS.drills), previousOf(ctx, DRILLS.drills)),
      participants: yearOnYear(valueOf(drills, DRILLS.participants), previousOf(ctx, DRILLS.participants)),
      byKind: Object.fromEntries(DRILL_KINDS.map((kind) => [kind, valueOf(drills, DRILLS.byKind(kind))])),
      meanEvacuationMinutes: valueOrNull(drills, DRILLS.evacuationMinutes),
      schoolsWithDrill: rateOf(due.filter((school) => school.drilled).length, due.length),
      schoolsWithoutDrill: due.filter((school) => !school.drilled).map((school) => refOf(ctx, school.schoolId)),
    },
    education: {
      events: yearOnYear(valueOf(education, EDUCATION.events), previousOf(ctx, EDUCATION.events)),
      participants: yearOnYear(valueOf(education, EDUCATION.participants), previousOf(ctx, EDUCATION.participants)),
      lettersToParents: valueOf(education, EDUCATION.lettersToParents),
      byTopic: Object.fromEntries(
        EDUCATION_TOPICS.map((topic) => [topic, valueOf(education, EDUCATION.byTopic(topic))]),
      ),
      schools: education.schools,
    },
    forms: ctx.now.sectionForms(SECTION_FORMS.drillsEducation),
  };
}

function photosDataQualitySection(ctx: Context): PhotosDataQualitySection {
  const { span } = ctx;
  const photos = [...ctx.input.photos].sort(
    (a, b) => compareText(a.schoolId, b.schoolId) || compareText(a.photoId, b.photoId),
  );
  const archived = photos.filter(
    (photo) => photo.status === 'verified' && photo.verifiedAt !== undefined && instantWithin(photo.verifiedAt, span),
  );
  const archivedBySchool = groupBy(archived, (photo) => photo.schoolId);

  const notes: DataQualityNote[] = [];
  // A term in a year without national holidays counted them as school days.
  const calendarEn = monthWarnings(ctx.input.month, ctx.input.district.calendar, 'en');
  monthWarnings(ctx.input.month, ctx.input.district.calendar, 'zh-CN').forEach((warning, index) => {
    notes.push({
      kind: 'national-calendar',
      year: warning.year,
      term: { ...warning.term },
      message: { zh: warning.message, en: calendarEn[index]!.message },
    });
  });
  let flagged = 0;
  for (const s of ctx.month.current) {
    const flags = s.qualityFlags ?? [];
    if (flags.length > 0) flagged += 1;
    for (const flag of flags) {
      notes.push({
        kind: 'quality-flag',
        ...refOf(ctx, s.schoolId),
        formType: s.formType,
        submissionId: s.submissionId,
        date: s.date,
        code: flag.code,
        field: flag.field ?? null,
        message: { zh: flag.message.zh, en: flag.message.en },
        details: flag.details ? { ...flag.details } : {},
      });
    }
  }
  let late = 0;
  for (const group of groupBy(ctx.month.current, (s) => `${s.schoolId}\u0000${s.formType}`).values()) {
    const days = group.map((s) => daysLate(s, ctx.input.district.timezone)).filter((d) => d > 0);
    if (days.length === 0) continue;
    late += days.length;
    notes.push({
      kind: 'late-submissions',
      ...refOf(ctx, group[0]!.schoolId),
      formType: group[0]!.formType,
      count: days.length,
      maxDaysLate: Math.max(...days),
    });
  }
  for (const { counted, count } of ctx.month.repeats) {
    notes.push({
      kind: 'duplicate-statement',
      ...refOf(ctx, counted.schoolId),
      formType: counted.formType,
      count,
      countedSubmissionId: counted.submissionId,
    });
  }
  const outside = (period: 'month' | 'previousYear', month: MonthSubmissions) => {
    for (const [schoolId, { reason, archivedOn, count, formTypes }] of month.outsideRoster) {
      notes.push({
        kind: 'outside-roster',
        schoolId,
        name: ctx.names.get(schoolId) ?? null,
        reason,
        archivedOn,
        period,
        formTypes: [...formTypes].sort(compareText),
        count,
      });
    }
  };
  outside('month', ctx.month);
  outside('previousYear', ctx.previous);
  for (const photo of archived) {
    if (photo.duplicateOf)
      notes.push({
        kind: 'photo-reused',
        ...refOf(ctx, photo.schoolId),
        photoId: photo.photoId,
        duplicateOf: photo.duplicateOf,
      });
  }
  for (const photo of photos) {
    if (photo.status === 'quarantined')
      notes.push({
        kind: 'photo-quarantined',
        ...refOf(ctx, photo.schoolId),
        photoId: photo.photoId,
        reason: photo.quarantineReason ?? null,
      });
  }

  const heldBySchool = new Map<string, NonNullable<ReportInput['heldAlerts']>[number][]>();
  for (const held of ctx.input.heldAlerts ?? []) {
    if (!instantWithin(held.windowStart, ctx.span)) continue;
    heldBySchool.set(held.schoolId, [...(heldBySchool.get(held.schoolId) ?? []), held]);
  }
  for (const [schoolId, held] of heldBySchool) {
    notes.push({
      kind: 'alerts-held',
      ...refOf(ctx, schoolId),
      count: held.length,
      hours: new Set(held.map((alert) => alert.windowStart)).size,
      byDistrictBudget: held.filter((alert) => alert.reason === 'district-budget').length,
    });
  }
  const heldAlerts = [...heldBySchool.values()].reduce((sum, held) => sum + held.length, 0);

  return {
    photos: {
      archived: archived.length,
      reused: archived.filter((photo) => photo.duplicateOf !== undefined).length,
      pending: photos.filter((photo) => photo.status === 'requested').length,
      quarantined: photos.filter((photo) => photo.status === 'quarantined').length,
      bySchool: [...archivedBySchool]
        .map(([schoolId, list]) => ({ ...refOf(ctx, schoolId), archived: list.length }))
        .sort((a, b) => b.archived - a.archived || compareText(a.schoolId, b.schoolId)),
    },
    dataQuality: { lateSubmissions: late, flaggedSubmissions: flagged, heldAlerts, notes: notes.sort(compareNotes) },
  };
}

const NOTE_RANK = new Map<string, number>(DATA_QUALITY_NOTE_KINDS.map((kind, index) => [kind, index]));

function noteKey(note: DataQualityNote): string[] {
  switch (note.kind) {
    case 'national-calendar':
      return [note.term.start, String(note.year)];
    case 'quality-flag':
      return [note.schoolId, note.formType, note.date, note.submissionId, note.code, note.field ?? ''];
    case 'late-submissions':
    case 'duplicate-statement':
      return [note.schoolId, note.formType];
    case 'outside-roster':
      return [note.period === 'month' ? '0' : '1', note.schoolId];
    case 'photo-reused':
    case 'photo-quarantined':
      return [note.schoolId, note.photoId];
    case 'alerts-held':
      return [note.schoolId];
  }
}

function compareNotes(a: DataQualityNote, b: DataQualityNote): number {
  const byKind = (NOTE_RANK.get(a.kind) ?? 0) - (NOTE_RANK.get(b.kind) ?? 0);
  if (byKind !== 0) return byKind;
  const [ka, kb] = [noteKey(a), noteKey(b)];
  for (let i = 0; i < Math.max(ka.length, kb.length); i += 1) {
    const order = compareText(ka[i] ?? '', kb[i] ?? '');
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * The monthly report of one district (see the header comment for every rule it follows). Pure
 * and deterministic: the same input, in any order, gives the same report.
 */
export function rollUpDistrictMonth(input: ReportInput): DistrictReport {
  const { district } = input;
  const span = monthSpan(input.month, district.timezone);
  const previousYearMonth = shiftMonth(input.month, -12);
  const roster = [...input.schools].sort((a, b) => compareText(a.schoolId, b.schoolId));
  const bySchool = new Map(roster.map((school) => [school.schoolId, school]));
  // Archived on or before the month's first day: out of the roster for the whole month.
  const active = roster.filter((school) => !(school.archivedOn !== undefined && school.archivedOn <= span.first));
  const activeIds = new Set(active.map((school) => school.schoolId));
  const registered = active.filter((school) => !(school.registeredOn > span.last));
  const notInRoster = { reason: 'not-in-roster', archivedOn: null } as const;
  const archived = (school: ReportSchool) => ({ reason: 'archived', archivedOn: school.archivedOn ?? null }) as const;
  const month = sortOutMonth(input.submissions, input.month, (s) => {
    const school = bySchool.get(s.schoolId);
    if (!school) return notInRoster;
    return school.archivedOn !== undefined && s.date >= school.archivedOn ? archived(school) : null;
  });
  const previous = sortOutMonth(input.previousYearSubmissions, previousYearMonth, (s) => {
    const school = bySchool.get(s.schoolId);
    if (!school) return notInRoster;
    return activeIds.has(s.schoolId) ? null : archived(school);
  });
  const reportingIds = new Set(month.counted.map((s) => s.schoolId));
  const registeredIds = new Set(registered.map((school) => school.schoolId));
  const counted = roster.filter((school) => registeredIds.has(school.schoolId) || reportingIds.has(school.schoolId));
  const complianceDistrict = {
    ...(district.complianceThreshold !== undefined ? { complianceThreshold: district.complianceThreshold } : {}),
    ...(district.calendar ? { calendar: district.calendar } : {}),
  };
  const ctx: Context = {
    input,
    span,
    previousYearMonth,
    registered,
    counted,
    active: activeIds,
    names: new Map(roster.map((school) => [school.schoolId, school.name])),
    month,
    previous,
    now: new FormIndex(month.counted),
    before: new FormIndex(previous.counted),
    compliance: complianceFor(complianceDistrict, active, input.submissions, input.month),
    previousCompliance: complianceFor(complianceDistrict, active, input.previousYearSubmissions, previousYearMonth),
    photosByOwner: photosByOwner(input.photos),
  };
  return {
    reportVersion: REPORT_VERSION,
    district: { id: district.districtId, name: district.name, locale: district.locale, timezone: district.timezone },
    month: input.month,
    previousYearMonth,
    asOf: span.end,
    producedAt: input.now.toISOString(),
    sources: {
      schoolsInRoster: roster.length,
      schoolsRegistered: registered.length,
      schoolsCounted: counted.length,
      submissions: month.counts,
      previousYearSubmissions: previous.counts,
      hazards: distinctHazards(input.hazards).length,
      photos: input.photos.length,
    },
    sections: {
      compliance: complianceSection(ctx),
      hazards: hazardSection(ctx),
      canteen: canteenSection(ctx),
      safety: safetySection(ctx),
      insurance: insuranceSection(ctx),
      energy: energySection(ctx),
      greeningWorkStudy: greeningWorkStudySection(ctx),
      drillsEducation: drillsEducationSection(ctx),
      photosDataQuality: photosDataQualitySection(ctx),
    },
  };
}
