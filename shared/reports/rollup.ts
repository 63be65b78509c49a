import { monthSpan, shiftMonth } from '../time';
import { complianceFor } from '../compliance/compliance';
import { compareText } from './comparison';
import { complianceSection } from './compliance-section';
import { photosDataQualitySection } from './data-quality';
import {
  canteenSection,
  drillsEducationSection,
  energySection,
  greeningWorkStudySection,
  insuranceSection,
  safetySection,
} from './figure-sections';
import { FormIndex } from './figures';
import { distinctHazards, hazardSection } from './hazards';
import type { ReportInput, ReportSchool } from './input';
import { sortOutMonth } from './month-submissions';
import { photosByOwner, type Context } from './rollup-context';
import { REPORT_VERSION, type DistrictReport } from './types';

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
 *
 * The rules live in their modules: figures.ts (the forms' figures), month-submissions.ts (which
 * submissions count), lateness.ts, hazards.ts, comparison.ts (rates, year-on-year, targets),
 * compliance-section.ts, figure-sections.ts (the sections built from figures) and
 * data-quality.ts; this file composes them.
 */

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
