import { monthBounds, monthSpan } from '../../time';
import { HAZARD_CATEGORIES, SEVERITIES, type HazardCategory, type Severity } from '../../forms/types';
import type {
  ReportDistrictInput,
  ReportHazard,
  ReportInput,
  ReportPhoto,
  ReportSchool,
  ReportSubmission,
} from '../input';
import { rateOf, yearOnYear } from '../comparison';
import { countHazards, distinctHazards, hazardStateAt } from '../hazards';
import { rollUpDistrictMonth } from '../rollup';
import { DRILLS, GREENING, TOTAL_MISMATCH_FLAG, WORK_STUDY } from '../sections';
import {
  AREA_USE_IDS,
  COVERAGE_IDS,
  DATA_QUALITY_NOTE_KINDS,
  type AreaUseId,
  type CoverageId,
  type DataQualityNoteKind,
  type DistrictReport,
  type HazardCounts,
  type Rate,
  type SubmissionCounts,
  type TargetComparison,
} from '../types';
import type { ReportPeriod } from './period';
import {
  ANNUAL_REPORT_VERSION,
  type AnnualComplianceSection,
  type AnnualDataQualitySection,
  type AnnualDrillsEducationSection,
  type AnnualEnergySection,
  type AnnualHazardSection,
  type AnnualInsuranceSection,
  type AnnualReport,
  type AnnualSchoolsSection,
  type AnnualWorkStudySection,
  type PeriodYearOnYear,
} from './types';

/*
 * The year-end summary's composition: a pure function from a district's period (twelve months of
 * submissions and photos, the hazards, the roster) to `AnnualReport`. It never restates a rule of
 * the monthly report: each month is rolled up by `rollUpDistrictMonth` itself (which submissions
 * count, corrections, roster, once-a-month statements, figures, compliance, hazards at month end),
 * and the period's figures are made of those twelve reports:
 *  - flows (checks, meals, kWh, 元, drills, hazards found) are the months' values added; rates are
 *    the months' numerators over their denominators added, never an average of rates;
 *  - stocks are taken at the latest month that has them: each school's latest insurance enrolment
 *    report (students, insured), the work-study base area of the last month with reports;
 *  - previous-year figures add only the months that had data a year earlier (`previousYearMonths`);
 *  - energy is compared on comparable school-months only (the months' like-for-like);
 *  - hazards found in the period take their state at its end (`hazardStateAt`, the rollup's rule).
 */

/** One month of the period as loaded: its submissions, the same month a year earlier's, its photos. */
export interface AnnualMonthInput {
  month: string;
  submissions: readonly ReportSubmission[];
  previousYearSubmissions: readonly ReportSubmission[];
  photos: readonly ReportPhoto[];
}

/** A district's period, everything the summary is made from (loaded once, see load.ts). */
export interface AnnualInput {
  district: ReportDistrictInput;
  schools: readonly ReportSchool[];
  period: ReportPeriod;
  /** The twelve months in the period's order. */
  months: readonly AnnualMonthInput[];
  /** Hazards that may matter for any month of the period (the rollup ignores the rest). */
  hazards: readonly ReportHazard[];
  now: Date;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The monthly rollup's input for each month of the period (the same hazards for each: the rollup picks its own). */
export function monthlyInputs(input: AnnualInput): ReportInput[] {
  if (input.months.length !== 12) throw new Error(`A period has twelve months, not ${input.months.length}`);
  return input.months.map((month) => ({
    district: input.district,
    schools: input.schools,
    month: month.month,
    submissions: month.submissions,
    previousYearSubmissions: month.previousYearSubmissions,
    hazards: input.hazards,
    photos: month.photos,
    now: input.now,
  }));
}

// ---------------------------------------------------------------------------------------------
// Adding months up

/** A monthly figure's previous-year value; null when that month had no data (or undefined: no such figure). */
function previousValue(value: number | null | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** Adds the months' figures and their previous-year values (only the months that had data a year earlier). */
function periodYearOnYear(
  months: readonly { current: number; previousYear: number | null | undefined }[],
): PeriodYearOnYear {
  let current = 0;
  let previous = 0;
  let previousYearMonths = 0;
  for (const month of months) {
    current += month.current;
    const before = previousValue(month.previousYear);
    if (before !== null) {
      previous += before;
      previousYearMonths += 1;
    }
  }
  current = round2(current);
  const previousYear = previousYearMonths > 0 ? round2(previous) : null;
  return {
    current,
    previousYear,
    previousYearMonths,
    changePercent: previousYear === null ? null : yearOnYear(current, previousYear).changePercent,
  };
}

function addRates(rates: readonly Rate[]): Rate {
  return rateOf(
    rates.reduce((sum, r) => sum + r.numerator, 0),
    rates.reduce((sum, r) => sum + r.denominator, 0),
  );
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return round2(total);
}

function addCounts(counts: readonly SubmissionCounts[]): SubmissionCounts {
  return {
    stored: counts.reduce((s, c) => s + c.stored, 0),
    current: counts.reduce((s, c) => s + c.current, 0),
    superseded: counts.reduce((s, c) => s + c.superseded, 0),
    outsideRoster: counts.reduce((s, c) => s + c.outsideRoster, 0),
  };
}

function targetOf(
  direction: TargetComparison['direction'],
  target: number | undefined,
  actual: number | null,
): TargetComparison | null {
  if (typeof target !== 'number' || !Number.isFinite(target)) return null;
  return {
    direction,
    target,
    actual,
    met: actual === null ? null : direction === 'atMost' ? actual <= target : actual >= target,
  };
}

function compareRates(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

// ---------------------------------------------------------------------------------------------
// Hazards

function emptyCounts(): HazardCounts {
  return {
    total: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    byCategory: Object.fromEntries(HAZARD_CATEGORIES.map((c) => [c, 0])) as Record<HazardCategory, number>,
  };
}

function addHazardCounts(counts: readonly HazardCounts[]): HazardCounts {
  const total = emptyCounts();
  for (const c of counts) {
    total.total += c.total;
    for (const s of SEVERITIES) total.bySeverity[s] += c.bySeverity[s] ?? 0;
    for (const k of HAZARD_CATEGORIES) total.byCategory[k] += c.byCategory[k] ?? 0;
  }
  return total;
}

/**
 * The period's hazards found (found date in the period, one copy per id: the rollup's
 * `distinctHazards`), by their state at its end (`hazardStateAt`), counted by the rollup's own
 * `countHazards` (an unknown category is 'other', an unknown severity 'low').
 */
function hazardStates(input: AnnualInput, monthly: readonly DistrictReport[], end: string, next: string) {
  const first = monthBounds(input.period.months[0]!).first;
  const last = monthBounds(input.period.months[11]!).last;
  const distinct = distinctHazards(input.hazards);
  const found = distinct.filter((h) => h.foundOn >= first && h.foundOn <= last);
  const stateOf = new Map(found.map((hazard) => [hazard.hazardId, hazardStateAt(hazard, end)]));
  const inState = (...states: string[]) => found.filter((hazard) => states.includes(stateOf.get(hazard.hazardId)!));
  const states = {
    rectified: countHazards(inState('rectified', 'verified')),
    verified: countHazards(inState('verified')),
    open: countHazards(inState('open')),
    overdue: countHazards(inState('open').filter((hazard) => hazard.dueDate < next)),
  };
  // The critical hazards the months listed, each with its state at the period's end.
  const critical = new Map<string, AnnualHazardSection['critical'][number]>();
  for (const report of monthly) {
    for (const line of report.sections.hazards.critical) {
      if (line.foundOn < first || line.foundOn > last) continue;
      critical.set(line.hazardId, {
        hazardId: line.hazardId,
        schoolId: line.schoolId,
        schoolName: line.schoolName,
        severity: line.severity,
        category: line.category,
        title: { zh: line.title.zh, en: line.title.en },
        foundOn: line.foundOn,
        state: stateOf.get(line.hazardId) ?? line.stateAtMonthEnd,
      });
    }
  }
  return {
    states,
    foundCount: found.length,
    distinct: distinct.length,
    critical: [...critical.values()].sort(
      (a, b) =>
        compareText(a.foundOn, b.foundOn) || compareText(a.schoolId, b.schoolId) || compareText(a.hazardId, b.hazardId),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Sections

function schoolsSection(
  input: AnnualInput,
  monthly: readonly DistrictReport[],
  insurance: AnnualInsuranceSection,
): AnnualSchoolsSection {
  const first = monthBounds(input.period.months[0]!).first;
  const last = monthBounds(input.period.months[11]!).last;
  const roster = input.schools.filter((school) => !(school.archivedOn && school.archivedOn <= last));
  const reporting = new Set<string>();
  for (const report of monthly)
    for (const row of report.sections.compliance.schools) if (row.received > 0) reporting.add(row.schoolId);
  return {
    schoolsInRoster: roster.length,
    schoolsRegistered: roster.filter((school) => school.registeredOn <= last).length,
    newSchools: roster.filter((school) => school.registeredOn >= first && school.registeredOn <= last).length,
    withCanteen: roster.filter((school) => school.hasCanteen).length,
    boarding: roster.filter((school) => school.boarding).length,
    schoolsReporting: reporting.size,
    students: insurance.studentsEnrolled,
    schoolsWithEnrolment: insurance.schoolsReporting,
  };
}

function insuranceSection(input: AnnualInput, monthly: readonly DistrictReport[]): AnnualInsuranceSection {
  // Each school's latest report of the period: later months replace earlier ones.
  const latest = new Map<string, AnnualInsuranceSection['schools'][number]>();
  for (const report of monthly) {
    for (const row of report.sections.insurance.schools) {
      latest.set(row.schoolId, {
        schoolId: row.schoolId,
        name: row.name,
        month: report.month,
        studentsEnrolled: row.studentsEnrolled,
        coverages: row.coverages,
        canteenFoodSafetyLiability: row.canteenFoodSafetyLiability,
        internshipInsurance: row.internshipInsurance,
      });
    }
  }
  const schools = [...latest.values()].sort(
    (a, b) =>
      compareRates(a.coverages.schoolLiabilityCovered.rate, b.coverages.schoolLiabilityCovered.rate) ||
      compareText(a.schoolId, b.schoolId),
  );
  const enrolled = schools.reduce((s, row) => s + row.studentsEnrolled, 0);
  const bought = (pick: (row: (typeof schools)[number]) => 'yes' | 'no' | 'not-applicable') =>
    rateOf(
      schools.filter((row) => pick(row) === 'yes').length,
      schools.filter((row) => pick(row) !== 'not-applicable').length,
    );
  return {
    schoolsReporting: schools.length,
    studentsEnrolled: enrolled,
    coverages: COVERAGE_IDS.map((coverage: CoverageId) => {
      const covered = rateOf(
        schools.reduce((s, row) => s + row.coverages[coverage].numerator, 0),
        enrolled,
      );
      return {
        coverage,
        covered,
        target:
          coverage === 'schoolLiabilityCovered'
            ? targetOf('atLeast', input.district.targets?.insuranceRate, covered.rate)
            : null,
        lowest: schools
          .filter((row) => row.coverages[coverage].rate !== null && row.coverages[coverage].rate! < 1)
          .sort(
            (a, b) =>
              compareRates(a.coverages[coverage].rate, b.coverages[coverage].rate) ||
              compareText(a.schoolId, b.schoolId),
          )
          .slice(0, 5)
          .map((row) => ({ schoolId: row.schoolId, name: row.name, covered: row.coverages[coverage] })),
      };
    }),
    canteenFoodSafetyLiability: bought((row) => row.canteenFoodSafetyLiability),
    internshipInsurance: bought((row) => row.internshipInsurance),
    schools,
  };
}

function energySection(input: AnnualInput, monthly: readonly DistrictReport[]): AnnualEnergySection {
  const energy = monthly.map((report) => report.sections.energy);
  const hadReadings = (e: (typeof energy)[number]) => e.previousYearSchoolsReporting > 0;
  const electricity = periodYearOnYear(
    energy.map((e) => ({
      current: e.electricityKwh.current,
      previousYear: hadReadings(e) ? e.electricityKwh.previousYear : null,
    })),
  );
  const water = periodYearOnYear(
    energy.map((e) => ({ current: e.waterM3.current, previousYear: hadReadings(e) ? e.waterM3.previousYear : null })),
  );
  const compared = energy.filter((e) => e.likeForLike.schools > 0);
  const comparableElectricity = periodYearOnYear(
    compared.map((e) => ({
      current: e.likeForLike.electricityKwh.current,
      previousYear: e.likeForLike.electricityKwh.previousYear ?? 0,
    })),
  );
  const comparableWater = periodYearOnYear(
    compared.map((e) => ({
      current: e.likeForLike.waterM3.current,
      previousYear: e.likeForLike.waterM3.previousYear ?? 0,
    })),
  );

  const perSchool = new Map<string, AnnualEnergySection['schools'][number]>();
  for (const e of energy) {
    for (const row of e.schools) {
      if (
        row.electricityKwh === null ||
        row.previousYearElectricityKwh === null ||
        row.waterM3 === null ||
        row.previousYearWaterM3 === null
      )
        continue;
      const school = perSchool.get(row.schoolId) ?? {
        schoolId: row.schoolId,
        name: row.name,
        comparableMonths: 0,
        electricityKwh: 0,
        previousYearElectricityKwh: 0,
        electricityChangePercent: null,
        waterM3: 0,
        previousYearWaterM3: 0,
        waterChangePercent: null,
      };
      school.comparableMonths += 1;
      school.electricityKwh += row.electricityKwh;
      school.previousYearElectricityKwh += row.previousYearElectricityKwh;
      school.waterM3 += row.waterM3;
      school.previousYearWaterM3 += row.previousYearWaterM3;
      perSchool.set(row.schoolId, school);
    }
  }
  const schools = [...perSchool.values()]
    .map((school) => {
      const [kwh, before, m3, beforeM3] = [
        round2(school.electricityKwh),
        round2(school.previousYearElectricityKwh),
        round2(school.waterM3),
        round2(school.previousYearWaterM3),
      ];
      return {
        ...school,
        electricityKwh: kwh,
        previousYearElectricityKwh: before,
        electricityChangePercent: yearOnYear(kwh, before).changePercent,
        waterM3: m3,
        previousYearWaterM3: beforeM3,
        waterChangePercent: yearOnYear(m3, beforeM3).changePercent,
      };
    })
    .sort(
      (a, b) =>
        compareRates(
          a.electricityChangePercent === null ? null : -a.electricityChangePercent,
          b.electricityChangePercent === null ? null : -b.electricityChangePercent,
        ) || compareText(a.schoolId, b.schoolId),
    );

  const reduction = (change: number | null) => (change === null ? null : round2(-change));
  const targets = input.district.targets;
  const withinCap = (
    pick: (e: (typeof energy)[number]) => TargetComparison | null,
    cap: number | undefined,
  ): Rate | null => {
    if (typeof cap !== 'number') return null;
    const months = energy.filter((e) => e.schoolsReporting > 0);
    return rateOf(months.filter((e) => pick(e)?.met === true).length, months.length);
  };
  return {
    electricityKwh: electricity,
    waterM3: water,
    comparable: {
      schools: schools.length,
      schoolMonths: schools.reduce((s, school) => s + school.comparableMonths, 0),
      electricityKwh: comparableElectricity,
      waterM3: comparableWater,
    },
    targets: {
      electricityReductionPercent: targetOf(
        'atLeast',
        targets?.electricityReductionPercent,
        reduction(comparableElectricity.changePercent),
      ),
      waterReductionPercent: targetOf(
        'atLeast',
        targets?.waterReductionPercent,
        reduction(comparableWater.changePercent),
      ),
      electricityMonthsWithinCap: withinCap((e) => e.targets.electricityKwh, targets?.electricityKwh),
      waterMonthsWithinCap: withinCap((e) => e.targets.waterM3, targets?.waterM3),
    },
    schools,
    byMonth: monthly.map((report) => {
      const e = report.sections.energy;
      return {
        month: report.month,
        electricityKwh: e.electricityKwh.current,
        previousYearElectricityKwh: hadReadings(e) ? previousValue(e.electricityKwh.previousYear) : null,
        waterM3: e.waterM3.current,
        previousYearWaterM3: hadReadings(e) ? previousValue(e.waterM3.previousYear) : null,
      };
    }),
  };
}

/** Schools with a counted submission of `formType` in any month (the compliance rows' `received`). */
function schoolsWithForm(monthly: readonly DistrictReport[], formType: string): number {
  const schools = new Set<string>();
  for (const report of monthly) {
    for (const row of report.sections.compliance.schools)
      if (row.forms.some((form) => form.formType === formType && form.received > 0)) schools.add(row.schoolId);
  }
  return schools.size;
}

function workStudySection(monthly: readonly DistrictReport[]): AnnualWorkStudySection {
  const work = monthly.map((report) => ({ month: report.month, ...report.sections.greeningWorkStudy.workStudy }));
  const areaMonth = [...work].reverse().find((w) => w.schools > 0);
  return {
    areaMonth: areaMonth?.month ?? null,
    areaSchools: areaMonth?.schools ?? 0,
    areaMu: areaMonth?.areaMu ?? 0,
    areaByUse: Object.fromEntries(
      AREA_USE_IDS.map((use: AreaUseId) => [use, areaMonth?.areaByUse[use] ?? 0]),
    ) as Record<AreaUseId, number>,
    schools: schoolsWithForm(monthly, WORK_STUDY.formType),
    incomeYuan: periodYearOnYear(work.map((w) => w.incomeYuan)),
    costsYuan: sum(work.map((w) => w.costsYuan)),
    netYuan: periodYearOnYear(work.map((w) => w.netYuan)),
    produceToCanteenYuan: sum(work.map((w) => w.produceToCanteenYuan)),
    recyclingIncomeYuan: sum(work.map((w) => w.recyclingIncomeYuan)),
    studentParticipations: sum(work.map((w) => w.studentsTakingPart)),
    totalsNotAddingUp: work.reduce((s, w) => s + w.totalsNotAddingUp, 0),
  };
}

function drillsEducationSection(monthly: readonly DistrictReport[]): AnnualDrillsEducationSection {
  const sections = monthly.map((report) => report.sections.drillsEducation);
  const byKind: Record<string, number> = {};
  const byTopic: Record<string, number> = {};
  let timedMinutes = 0;
  let timed = 0;
  const missing = new Map<string, { schoolId: string; name: string; months: number }>();
  for (const s of sections) {
    for (const [kind, count] of Object.entries(s.drills.byKind)) byKind[kind] = (byKind[kind] ?? 0) + count;
    for (const [topic, count] of Object.entries(s.education.byTopic)) byTopic[topic] = (byTopic[topic] ?? 0) + count;
    // The month's mean over its timed drills, weighted back by how many drills were timed.
    const minutes = s.forms
      .find((f) => f.formType === DRILLS.formType)
      ?.figures.find((f) => f.id === DRILLS.evacuationMinutes.figureId);
    if (minutes && minutes.value !== null && minutes.values > 0) {
      timedMinutes += minutes.value * minutes.values;
      timed += minutes.values;
    }
    for (const school of s.drills.schoolsWithoutDrill) {
      const entry = missing.get(school.schoolId) ?? { schoolId: school.schoolId, name: school.name, months: 0 };
      entry.months += 1;
      missing.set(school.schoolId, entry);
    }
  }
  return {
    drills: {
      count: periodYearOnYear(sections.map((s) => s.drills.count)),
      participants: periodYearOnYear(sections.map((s) => s.drills.participants)),
      byKind,
      meanEvacuationMinutes: timed > 0 ? round2(timedMinutes / timed) : null,
      schoolMonthsWithDrill: addRates(sections.map((s) => s.drills.schoolsWithDrill)),
      schoolsMissingDrills: [...missing.values()].sort(
        (a, b) => b.months - a.months || compareText(a.schoolId, b.schoolId),
      ),
    },
    education: {
      events: periodYearOnYear(sections.map((s) => s.education.events)),
      participants: periodYearOnYear(sections.map((s) => s.education.participants)),
      lettersToParents: sum(sections.map((s) => s.education.lettersToParents)),
      byTopic,
    },
  };
}

function complianceSection(input: AnnualInput, monthly: readonly DistrictReport[]): AnnualComplianceSection {
  const sections = monthly.map((report) => report.sections.compliance);
  const overall = addRates(sections.map((s) => s.overall.current));
  const previousYear = addRates(sections.map((s) => s.overall.previousYear));
  const byForm = new Map<string, Rate[]>();
  for (const s of sections)
    for (const row of s.byFormType)
      if (row.cadence !== 'event') byForm.set(row.formType, [...(byForm.get(row.formType) ?? []), row.compliance]);
  const perSchool = new Map<
    string,
    { schoolId: string; name: string; monthsBelow: number; monthsRated: number; rates: Rate[] }
  >();
  for (const s of sections) {
    const below = new Set(s.belowThreshold.map((school) => school.schoolId));
    for (const row of s.schools) {
      const entry = perSchool.get(row.schoolId) ?? {
        schoolId: row.schoolId,
        name: row.name,
        monthsBelow: 0,
        monthsRated: 0,
        rates: [],
      };
      entry.rates.push(row.compliance);
      if (row.compliance.rate !== null) entry.monthsRated += 1;
      if (below.has(row.schoolId)) entry.monthsBelow += 1;
      perSchool.set(row.schoolId, entry);
    }
  }
  const changePoints =
    overall.rate !== null && previousYear.rate !== null ? round2((overall.rate - previousYear.rate) * 100) : null;
  return {
    threshold: sections.at(-1)?.threshold ?? 0.9,
    overall,
    previousYear,
    changePoints,
    target: targetOf('atLeast', input.district.targets?.complianceRate, overall.rate),
    byMonth: monthly.map((report) => ({
      month: report.month,
      compliance: report.sections.compliance.overall.current,
      previousYear: report.sections.compliance.overall.previousYear,
      schoolsBelowThreshold: report.sections.compliance.belowThreshold.length,
      schoolsRegistered: report.sections.compliance.schoolsRegistered,
    })),
    byFormType: [...byForm].map(([formType, rates]) => ({ formType, compliance: addRates(rates) })),
    mostOftenBelowThreshold: [...perSchool.values()]
      .filter((school) => school.monthsBelow > 0)
      .map((school) => ({
        schoolId: school.schoolId,
        name: school.name,
        monthsBelow: school.monthsBelow,
        monthsRated: school.monthsRated,
        compliance: addRates(school.rates),
      }))
      .sort(
        (a, b) =>
          b.monthsBelow - a.monthsBelow ||
          compareRates(a.compliance.rate, b.compliance.rate) ||
          compareText(a.schoolId, b.schoolId),
      ),
  };
}

function dataQualitySection(monthly: readonly DistrictReport[]): AnnualDataQualitySection {
  const notesByKind = Object.fromEntries(DATA_QUALITY_NOTE_KINDS.map((kind) => [kind, 0])) as Record<
    DataQualityNoteKind,
    number
  >;
  const totals: AnnualDataQualitySection['totalsNotAddingUp'] = [];
  for (const report of monthly) {
    for (const note of report.sections.photosDataQuality.dataQuality.notes) {
      notesByKind[note.kind] = (notesByKind[note.kind] ?? 0) + 1;
      if (note.kind === 'quality-flag' && note.code === TOTAL_MISMATCH_FLAG) {
        const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
        totals.push({
          schoolId: note.schoolId,
          name: note.name,
          month: report.month,
          formType: note.formType,
          submissionId: note.submissionId,
          field: note.field,
          reported: number(note.details.reported),
          computed: number(note.details.computed),
        });
      }
    }
  }
  return {
    notesByKind,
    lateSubmissions: monthly.reduce((s, r) => s + r.sections.photosDataQuality.dataQuality.lateSubmissions, 0),
    outsideRoster: monthly.reduce((s, r) => s + r.sources.submissions.outsideRoster, 0),
    superseded: monthly.reduce((s, r) => s + r.sources.submissions.superseded, 0),
    totalsNotAddingUp: totals,
    monthsWithoutData: monthly
      .filter((r) => r.sources.submissions.current - r.sources.submissions.outsideRoster === 0)
      .map((r) => r.month),
  };
}

/**
 * The year-end summary from the twelve monthly reports of the period (`monthly`, in order, made
 * from `monthlyInputs(input)`) and the period's hazards. Pure and deterministic.
 */
export function composeAnnualReport(input: AnnualInput, monthly: readonly DistrictReport[]): AnnualReport {
  const { district, period } = input;
  const lastSpan = monthSpan(period.months[11]!, district.timezone);
  const hazards = hazardStates(input, monthly, lastSpan.end, lastSpan.next);
  const insurance = insuranceSection(input, monthly);
  const canteen = monthly.map((r) => r.sections.canteen);
  const dorm = monthly.map((r) => r.sections.safety.dormitory);
  const fire = monthly.map((r) => r.sections.safety.electricalFire);
  const green = monthly.map((r) => r.sections.greeningWorkStudy.greening);
  const hazardMonths = monthly.map((r) => r.sections.hazards);
  const meals = sum(canteen.map((c) => c.mealsServed.current));
  const wasteKg = sum(canteen.map((c) => c.foodWasteKg.current));
  const last = monthly.at(-1)!;
  const found = addHazardCounts(hazardMonths.map((h) => h.found));
  return {
    kind: 'annual',
    reportVersion: ANNUAL_REPORT_VERSION,
    district: { id: district.districtId, name: district.name, locale: district.locale, timezone: district.timezone },
    period: period.id,
    periodKind: period.kind,
    months: [...period.months],
    previousPeriod: period.previous,
    asOf: lastSpan.end,
    producedAt: input.now.toISOString(),
    sources: {
      schoolsInRoster: input.schools.length,
      submissions: addCounts(monthly.map((r) => r.sources.submissions)),
      previousYearSubmissions: addCounts(monthly.map((r) => r.sources.previousYearSubmissions)),
      hazards: hazards.distinct,
      photos: input.months.reduce((s, m) => s + m.photos.length, 0),
      byMonth: monthly.map((r) => ({
        month: r.month,
        submissions: r.sources.submissions,
        previousYearSubmissions: r.sources.previousYearSubmissions,
      })),
    },
    sections: {
      schools: schoolsSection(input, monthly, insurance),
      insurance,
      energy: energySection(input, monthly),
      greening: {
        schools: schoolsWithForm(monthly, GREENING.formType),
        projects: periodYearOnYear(green.map((g) => g.projects)),
        plantsAdded: periodYearOnYear(green.map((g) => g.plantsAdded)),
        areaAddedMu: sum(green.map((g) => g.areaAddedMu)),
        investmentYuan: periodYearOnYear(green.map((g) => g.investmentYuan)),
      },
      workStudy: workStudySection(monthly),
      canteen: {
        schoolsWithCanteen: last.sections.canteen.schoolsWithCanteen,
        checks: periodYearOnYear(canteen.map((c) => c.checks)),
        sampleRetention: addRates(canteen.map((c) => c.sampleRetention)),
        healthCertificates: addRates(canteen.map((c) => c.healthCertificates)),
        disinfection: addRates(canteen.map((c) => c.disinfection)),
        leaderMeals: addRates(canteen.map((c) => c.leaderMeals)),
        mealsServed: periodYearOnYear(canteen.map((c) => c.mealsServed)),
        foodWasteKg: periodYearOnYear(canteen.map((c) => c.foodWasteKg)),
        foodWasteGramsPerMeal: meals > 0 ? round2((wasteKg * 1000) / meals) : null,
      },
      safety: {
        dormitory: {
          boardingSchools: last.sections.safety.dormitory.boardingSchools,
          patrols: periodYearOnYear(dorm.map((d) => d.patrols)),
          prohibitedAppliances: periodYearOnYear(dorm.map((d) => d.prohibitedAppliances)),
          studentsUnaccounted: sum(dorm.map((d) => d.studentsUnaccounted)),
          strangersFound: sum(dorm.map((d) => d.strangersFound)),
          fireExitsBlocked: addRates(dorm.map((d) => d.fireExitsBlocked)),
        },
        electricalFire: {
          checks: sum(fire.map((f) => f.checks)),
          extinguishersReplaced: periodYearOnYear(fire.map((f) => f.extinguishersReplaced)),
          ageingWiresFound: periodYearOnYear(fire.map((f) => f.ageingWiresFound)),
          extinguishersExpired: addRates(fire.map((f) => f.extinguishersExpired)),
          emergencyLightsWorking: addRates(fire.map((f) => f.emergencyLightsWorking)),
        },
      },
      drillsEducation: drillsEducationSection(monthly),
      hazards: {
        found,
        foundYearOnYear: periodYearOnYear(hazardMonths.map((h) => h.foundYearOnYear)),
        rectified: hazards.states.rectified,
        verified: hazards.states.verified,
        open: hazards.states.open,
        overdue: hazards.states.overdue,
        rectification: rateOf(hazards.states.rectified.total, hazards.foundCount),
        openAtPeriodEnd: last.sections.hazards.openAtMonthEnd,
        overdueAtPeriodEnd: last.sections.hazards.overdueAtMonthEnd,
        rectifications: hazardMonths.reduce((s, h) => s + h.rectifiedThisMonth, 0),
        verifications: hazardMonths.reduce((s, h) => s + h.verifiedThisMonth, 0),
        reopenings: hazardMonths.reduce((s, h) => s + h.reopenedThisMonth, 0),
        byMonth: monthly.map((r) => ({
          month: r.month,
          found: r.sections.hazards.found.total,
          openAtMonthEnd: r.sections.hazards.openAtMonthEnd.total,
          overdueAtMonthEnd: r.sections.hazards.overdueAtMonthEnd.total,
        })),
        critical: hazards.critical,
      },
      compliance: complianceSection(input, monthly),
      dataQuality: dataQualitySection(monthly),
    },
  };
}

/** The period's twelve monthly reports and the summary made of them (the whole composition, pure). */
export function rollUpDistrictPeriod(input: AnnualInput): { report: AnnualReport; monthly: DistrictReport[] } {
  const monthly = monthlyInputs(input).map(rollUpDistrictMonth);
  return { report: composeAnnualReport(input, monthly), monthly };
}
