import { shiftMonth } from '../../../../shared/time';
import type { ReportSubmission } from '../../../../shared/reports/input';
import {
  composeAnnualReport,
  monthlyInputs,
  rollUpDistrictPeriod,
  type AnnualInput,
} from '../../../../shared/reports/annual/compose';
import { parsePeriod, periodDueOn, periodHasEnded, type ReportPeriod } from '../../../../shared/reports/annual/period';
import { rollUpDistrictMonth } from '../../../../shared/reports/rollup';
import { annualMonths, areaMismatchFlag, hazard, school, submission } from '../fixtures';

/*
 * The year-end summary's composition: twelve monthly rollups, added up by the rules of
 * shared/reports/annual/compose.ts (flows added, rates from added counts, stocks at their latest
 * month, energy on comparable school-months only, hazards in their state at the period's end).
 */

const NOW = new Date('2027-01-05T00:00:00.000Z');

function periodInput(
  period: ReportPeriod,
  submissions: ReportSubmission[],
  overrides: Partial<AnnualInput> = {},
): AnnualInput {
  return {
    district: {
      districtId: 'd-test',
      name: '测试市教育局',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      targets: { electricityReductionPercent: 15, insuranceRate: 1 },
    },
    schools: [
      school('s1', { hasCanteen: true, registeredOn: '2024-09-01' }),
      school('s2', { registeredOn: '2024-09-01' }),
      school('s3', { registeredOn: '2026-05-10' }),
    ],
    period,
    months: annualMonths(period, submissions),
    hazards: [],
    now: NOW,
    ...overrides,
  };
}

const year2026 = parsePeriod('2026')!;
const reading = (schoolId: string, date: string, electricityKwh: number, waterM3: number) =>
  submission(schoolId, 'energy-meter', date, { answers: { electricityKwh, waterM3 } });
const insurance = (
  schoolId: string,
  date: string,
  enrolled: number,
  liability: number,
  accident: number,
  canteen = 'yes',
) =>
  submission(schoolId, 'insurance-enrolment', date, {
    answers: {
      studentsEnrolled: enrolled,
      schoolLiabilityCovered: liability,
      studentAccidentCovered: accident,
      residentMedicalCovered: enrolled,
      canteenFoodSafetyLiability: canteen,
    },
  });

describe('parsePeriod', () => {
  it('reads a calendar year as January to December and a school year as September to August', () => {
    // Act
    const calendar = parsePeriod('2026');
    const school = parsePeriod('2025-26');
    // Assess
    expect(calendar).toMatchObject({ kind: 'calendar-year', previous: '2025' });
    expect(calendar?.months).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(school).toMatchObject({ kind: 'school-year', previous: '2024-25' });
    expect(school?.months[0]).toBe('2025-09');
    expect(school?.months[11]).toBe('2026-08');
    expect(parsePeriod('1999-00')?.months[11]).toBe('2000-08');
  });

  it('refuses what is neither: a month, a school year whose second year does not follow, words', () => {
    for (const id of ['2025-06', '2025-27', '26', '2025/26', 'year', '']) expect(parsePeriod(id)).toBeUndefined();
  });

  it('has a period ended only once its last month is over in district time', () => {
    // 2026-12-31T16:00Z is midnight of 1 January 2027 in Shanghai.
    expect(periodHasEnded(year2026, 'Asia/Shanghai', new Date('2026-12-31T15:59:59.000Z'))).toBe(false);
    expect(periodHasEnded(year2026, 'Asia/Shanghai', new Date('2026-12-31T16:00:00.000Z'))).toBe(true);
  });

  it('is due on 5 January (the calendar year before) and on 5 September (the school year just ended)', () => {
    expect(periodDueOn('Asia/Shanghai', new Date('2027-01-05T00:00:00.000Z'))?.id).toBe('2026');
    expect(periodDueOn('Asia/Shanghai', new Date('2026-09-05T00:00:00.000Z'))?.id).toBe('2025-26');
    expect(periodDueOn('Asia/Shanghai', new Date('2026-09-04T15:59:00.000Z'))).toBeUndefined();
  });
});

describe('rollUpDistrictPeriod', () => {
  it('counts each school’s latest enrolment of the year, with rates computed from the counts', () => {
    // Prepare
    const input = periodInput(year2026, [
      insurance('s1', '2026-03-02', 1000, 1000, 950),
      insurance('s1', '2026-09-03', 1100, 1100, 1000),
      insurance('s2', '2026-03-02', 500, 450, 400, 'no'),
    ]);
    // Act
    const { insurance: section, schools } = rollUpDistrictPeriod(input).report.sections;
    // Assess
    expect(section.schoolsReporting).toBe(2);
    expect(section.studentsEnrolled).toBe(1600);
    expect(schools.students).toBe(1600);
    const liability = section.coverages.find((c) => c.coverage === 'schoolLiabilityCovered')!;
    expect(liability.covered).toEqual({ numerator: 1550, denominator: 1600, rate: 1550 / 1600 });
    expect(liability.target).toEqual({ direction: 'atLeast', target: 1, actual: 1550 / 1600, met: false });
    expect(section.coverages.find((c) => c.coverage === 'studentAccidentCovered')!.covered.numerator).toBe(1400);
    expect(section.canteenFoodSafetyLiability).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(section.schools.map((row) => [row.schoolId, row.month])).toEqual([
      ['s2', '2026-03'],
      ['s1', '2026-09'],
    ]);
  });

  it('compares energy on comparable school-months only, against the reduction target', () => {
    // Prepare: s1 read every month of both years; s2 only this year (nothing to compare it with).
    const submissions = year2026.months.flatMap((month) => [
      reading('s1', `${month}-25`, 1000, 100),
      reading('s1', `${shiftMonth(month, -12)}-25`, 1200, 120),
      reading('s2', `${month}-25`, 500, 50),
    ]);
    // Act
    const { energy } = rollUpDistrictPeriod(periodInput(year2026, submissions)).report.sections;
    // Assess
    expect(energy.electricityKwh).toMatchObject({ current: 18_000, previousYear: 14_400, previousYearMonths: 12 });
    expect(energy.comparable).toMatchObject({ schools: 1, schoolMonths: 12 });
    expect(energy.comparable.electricityKwh).toEqual({
      current: 12_000,
      previousYear: 14_400,
      previousYearMonths: 12,
      changePercent: -16.67,
    });
    expect(energy.comparable.waterM3.changePercent).toBe(-16.67);
    expect(energy.targets.electricityReductionPercent).toEqual({
      direction: 'atLeast',
      target: 15,
      actual: 16.67,
      met: true,
    });
    expect(energy.targets.waterReductionPercent).toBeNull();
    expect(energy.schools).toEqual([
      {
        schoolId: 's1',
        name: '学校 s1',
        comparableMonths: 12,
        electricityKwh: 12_000,
        previousYearElectricityKwh: 14_400,
        electricityChangePercent: -16.67,
        waterM3: 1200,
        previousYearWaterM3: 1440,
        waterChangePercent: -16.67,
      },
    ]);
    expect(energy.byMonth).toHaveLength(12);
    expect(energy.byMonth[0]).toEqual({
      month: '2026-01',
      electricityKwh: 1500,
      previousYearElectricityKwh: 1200,
      waterM3: 150,
      previousYearWaterM3: 120,
    });
  });

  it('says there is no previous year rather than zero when no month a year earlier had readings', () => {
    // Prepare
    const input = periodInput(year2026, [reading('s1', '2026-04-25', 1000, 100)]);
    // Act
    const { energy } = rollUpDistrictPeriod(input).report.sections;
    // Assess
    expect(energy.electricityKwh).toEqual({
      current: 1000,
      previousYear: null,
      previousYearMonths: 0,
      changePercent: null,
    });
    expect(energy.comparable.electricityKwh.previousYear).toBeNull();
    expect(energy.targets.electricityReductionPercent).toEqual({
      direction: 'atLeast',
      target: 15,
      actual: null,
      met: null,
    });
  });

  it('adds greening and work-study flows, takes the base area from the last month with reports, and lists totals that do not add up', () => {
    // Prepare: the seed's 约890亩 whose parts make 1,110.
    const mismatch = areaMismatchFlag(890, 1110);
    const parts = {
      grainMu: 210,
      orchardMu: 260,
      bambooMu: 20,
      teaMu: 30,
      forestMu: 260,
      wastelandMu: 310,
      fishPondMu: 20,
    };
    const input = periodInput(year2026, [
      submission('s1', 'greening', '2026-03-12', {
        answers: { plantsAdded: 100, areaAddedMu: 1, investmentYuan: 1000 },
      }),
      submission('s1', 'greening', '2026-10-12', {
        answers: { plantsAdded: 80, areaAddedMu: 0.5, investmentYuan: 500 },
      }),
      submission('s2', 'work-study', '2026-06-30', {
        answers: { ...parts, totalAreaMu: 890, incomeYuan: 36_000, costsYuan: 16_000 },
        qualityFlags: [mismatch],
      }),
      submission('s2', 'work-study', '2026-11-30', {
        answers: { ...parts, grainMu: 200, totalAreaMu: undefined, incomeYuan: 9600, costsYuan: 0 },
      }),
    ]);
    // Act
    const { greening, workStudy, dataQuality } = rollUpDistrictPeriod(input).report.sections;
    // Assess
    expect(greening).toMatchObject({
      schools: 1,
      plantsAdded: { current: 180 },
      areaAddedMu: 1.5,
      investmentYuan: { current: 1500 },
      projects: { current: 2 },
    });
    expect(workStudy).toMatchObject({
      areaMonth: '2026-11',
      areaSchools: 1,
      areaMu: 1100,
      schools: 1,
      costsYuan: 16_000,
      totalsNotAddingUp: 1,
    });
    expect(workStudy.incomeYuan.current).toBe(45_600);
    expect(workStudy.netYuan.current).toBe(29_600);
    expect(dataQuality.totalsNotAddingUp).toEqual([
      expect.objectContaining({
        schoolId: 's2',
        month: '2026-06',
        formType: 'work-study',
        field: 'answers.totalAreaMu',
        reported: 890,
        computed: 1110,
      }),
    ]);
  });

  it('counts hazards found in the period by their state at its end, and those open at its end whenever found', () => {
    // Prepare
    const hazards = [
      hazard('h1', 's1', {
        foundOn: '2026-03-10',
        dueDate: '2026-03-13',
        rectifiedAt: '2026-03-12T02:00:00.000Z',
        verifiedAt: '2026-03-20T02:00:00.000Z',
      }),
      hazard('h2', 's2', { foundOn: '2026-05-05', dueDate: '2026-05-06', severity: 'critical', category: 'security' }),
      hazard('h3', 's2', {
        foundOn: '2026-12-30',
        dueDate: '2027-01-02',
        severity: 'medium',
        category: 'fire',
        rectifiedAt: '2026-12-31T03:00:00.000Z',
      }),
      hazard('h4', 's1', { foundOn: '2025-11-20', dueDate: '2025-11-23', severity: 'low', category: 'building' }),
      // Verified after the period: still rectified (not verified) at its end.
      hazard('h5', 's1', {
        foundOn: '2026-12-01',
        dueDate: '2026-12-04',
        rectifiedAt: '2026-12-02T02:00:00.000Z',
        verifiedAt: '2027-01-03T02:00:00.000Z',
      }),
    ];
    // Act
    const { hazards: section } = rollUpDistrictPeriod(periodInput(year2026, [], { hazards })).report.sections;
    // Assess
    expect(section.found.total).toBe(4);
    expect(section.found.bySeverity).toEqual({ critical: 1, high: 2, medium: 1, low: 0 });
    expect(section.rectified.total).toBe(3);
    expect(section.verified.total).toBe(1);
    expect(section.open).toMatchObject({ total: 1, byCategory: expect.objectContaining({ security: 1 }) });
    expect(section.overdue.total).toBe(1);
    expect(section.rectification).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
    expect(section.openAtPeriodEnd.total).toBe(2);
    expect(section.overdueAtPeriodEnd.total).toBe(2);
    expect(section.rectifications).toBe(3);
    expect(section.verifications).toBe(1);
    expect(section.critical).toEqual([
      expect.objectContaining({ hazardId: 'h2', state: 'open', foundOn: '2026-05-05' }),
    ]);
    expect(section.byMonth.map((m) => m.found)).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 2]);
  });

  it('makes the period’s compliance of the months’ counts, month by month, and ranks the schools most often under the threshold', () => {
    // Prepare: s1 patrols and checks its canteen every school day of March only.
    const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
    const input = periodInput(
      year2026,
      days.map((date) => submission('s1', 'canteen-daily', date)),
    );
    // Act
    const { report, monthly } = rollUpDistrictPeriod(input);
    const { compliance } = report.sections;
    // Assess
    const expected = monthlyInputs(input).map(rollUpDistrictMonth);
    expect(compliance.overall.numerator).toBe(
      expected.reduce((s, r) => s + r.sections.compliance.overall.current.numerator, 0),
    );
    expect(compliance.overall.denominator).toBe(
      expected.reduce((s, r) => s + r.sections.compliance.overall.current.denominator, 0),
    );
    expect(compliance.overall.rate).toBe(compliance.overall.numerator / compliance.overall.denominator);
    expect(compliance.byMonth.map((m) => m.month)).toEqual(year2026.months);
    expect(compliance.byMonth[2]!.compliance).toEqual(monthly[2]!.sections.compliance.overall.current);
    // Each school's months under the threshold are the months whose report lists it there; s3,
    // registered in May, fewer than the two schools registered all year (s2, which sent nothing, before s1).
    const monthsBelow = (schoolId: string) =>
      expected.filter((r) => r.sections.compliance.belowThreshold.some((b) => b.schoolId === schoolId)).length;
    const ranks = compliance.mostOftenBelowThreshold.map((row) => [row.schoolId, row.monthsBelow]);
    expect(ranks).toEqual([
      ['s2', monthsBelow('s2')],
      ['s1', monthsBelow('s1')],
      ['s3', monthsBelow('s3')],
    ]);
    expect(monthsBelow('s3')).toBeLessThan(monthsBelow('s1'));
    expect(compliance.mostOftenBelowThreshold[0]!.monthsBelow).toBeGreaterThanOrEqual(
      compliance.mostOftenBelowThreshold[1]!.monthsBelow,
    );
    expect(report.sections.canteen.checks.current).toBe(5);
  });

  it('adds drills and canteen checks month by month with a previous year only where a month had data', () => {
    // Prepare
    const input = periodInput(year2026, [
      submission('s1', 'safety-drill', '2026-03-10', {
        answers: { kind: 'fire', participants: 800, evacuationMinutes: 3 },
      }),
      submission('s1', 'safety-drill', '2026-04-10', {
        answers: { kind: 'fire', participants: 200, evacuationMinutes: 5 },
      }),
      submission('s1', 'safety-drill', '2026-04-20', {
        answers: { kind: 'fire', participants: 200, evacuationMinutes: 4 },
      }),
      submission('s1', 'safety-drill', '2025-03-10', { answers: { kind: 'fire', participants: 500 } }),
    ]);
    // Act
    const { drillsEducation } = composeAnnualReport(input, monthlyInputs(input).map(rollUpDistrictMonth)).sections;
    // Assess
    expect(drillsEducation.drills.count.current).toBe(3);
    expect(drillsEducation.drills.participants.current).toBe(1200);
    expect(drillsEducation.drills.meanEvacuationMinutes).toBe(4);
    expect(drillsEducation.drills.byKind.fire).toBe(3);
  });
});
