import { dayNumber, instantBefore, instantWithin } from '../time';
import { HAZARD_CATEGORIES, SEVERITIES, type HazardCategory, type Severity } from '../forms/types';
import { compareText, rateOf, yearOnYear } from './comparison';
import type { ReportHazard } from './input';
import { refOf, type Context } from './rollup-context';
import { SECTION_FORMS } from './sections';
import { hazardWording } from '../submissions/views';
import type { HazardCounts, HazardLine, HazardSection, HazardStateAtMonthEnd, SchoolHazardRow } from './types';

/* Hazards as of month end (rollup.ts's header comment): their state, counts, lines and the hazard section. */

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

function hazardLine(ctx: Context, hazard: ReportHazard, state: HazardStateAtMonthEnd, overdueDays: number): HazardLine {
  return {
    hazardId: hazard.hazardId,
    schoolId: hazard.schoolId,
    schoolName: ctx.names.get(hazard.schoolId) ?? '',
    severity: severityOf(hazard.severity),
    category: categoryOf(hazard.category),
    ...hazardWording(hazard),
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

export function hazardSection(ctx: Context): HazardSection {
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
