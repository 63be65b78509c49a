import { rollUpDistrictMonth } from '../../../shared/reports/rollup';
import { SECTION_FORMS } from '../../../shared/reports/sections';
import { REPORT_SECTIONS, type DistrictReport } from '../../../shared/reports/types';
import { areaMismatchFlag, AS_OF, hazard, month, MONTH, NOW, photo, school, submission } from './fixtures';

const LAST_YEAR = '2025-03';

describe('rollUpDistrictMonth', () => {
  describe('a month in a year with no national holiday data (issue 23 point 3)', () => {
    it('notes it first among the data-quality notes, in both languages, and not for a year the data covers', () => {
      // Prepare: 2003 is before the national data begins, as a year not yet announced is after it.
      const calendar = { terms: [{ name: '2003年春季学期', start: '2003-02-17', end: '2003-07-04' }] };
      // Act
      const unknown = rollUpDistrictMonth(
        month({ month: '2003-05', now: new Date('2003-06-01T00:00:00Z'), district: { ...month().district, calendar } }),
      );
      const known = rollUpDistrictMonth(month());
      // Assess
      expect(unknown.sections.photosDataQuality.dataQuality.notes).toEqual([
        {
          kind: 'national-calendar',
          year: 2003,
          term: { name: '2003年春季学期', start: '2003-02-17', end: '2003-07-04' },
          message: {
            zh: expect.stringContaining('系统还没有 2003 年的全国法定节假日和调休数据'),
            en: expect.stringContaining('npm run admin -- calendar national --year 2003'),
          },
        },
      ]);
      expect(known.sections.photosDataQuality.dataQuality.notes).toEqual([]);
    });
  });

  describe('an empty month', () => {
    it('reports zeros, null rates and null changes, and no list entries', () => {
      // Prepare
      const input = month();
      // Act
      const report = rollUpDistrictMonth(input);
      // Assess
      const { compliance, hazards, canteen, energy, insurance, drillsEducation, photosDataQuality } = report.sections;
      expect(compliance).toMatchObject({
        schoolsRegistered: 0,
        schoolsReporting: 0,
        reporting: { numerator: 0, denominator: 0, rate: null },
        schools: [],
        notReporting: [],
      });
      expect(compliance.overall).toEqual({
        current: { numerator: 0, denominator: 0, rate: null },
        previousYear: { numerator: 0, denominator: 0, rate: null },
        changePoints: null,
      });
      expect(hazards.found.total).toBe(0);
      // Nothing a year earlier is no data (null), not 0.
      expect(hazards.foundYearOnYear).toEqual({ current: 0, previousYear: null, changePercent: null });
      expect(hazards.rectification.rate).toBeNull();
      expect(canteen.sampleRetention).toEqual({ numerator: 0, denominator: 0, rate: null });
      expect(canteen.foodWasteGramsPerMeal).toBeNull();
      expect(energy.electricityKwh).toEqual({ current: 0, previousYear: null, changePercent: null });
      expect(energy.targets).toEqual({
        electricityKwh: null,
        waterM3: null,
        electricityReductionPercent: null,
        waterReductionPercent: null,
      });
      expect(insurance.coverages.map((c) => c.covered.rate)).toEqual([null, null, null]);
      expect(drillsEducation.drills.meanEvacuationMinutes).toBeNull();
      expect(photosDataQuality.dataQuality.notes).toEqual([]);
    });

    it('has the report envelope: version, district, months, asOf and producedAt, and all nine sections in order', () => {
      // Act
      const report = rollUpDistrictMonth(month());
      // Assess
      expect(report).toMatchObject({
        reportVersion: 2,
        district: { id: 'd-test', name: '测试市教育局', locale: 'zh-CN', timezone: 'Asia/Shanghai' },
        month: MONTH,
        previousYearMonth: LAST_YEAR,
        asOf: AS_OF,
        producedAt: NOW.toISOString(),
      });
      expect(Object.keys(report.sections)).toEqual([...REPORT_SECTIONS]);
    });

    it('is plain JSON: a round trip through JSON gives the same report', () => {
      // Prepare
      const input = month({
        schools: [school('s1', { hasCanteen: true })],
        submissions: [submission('s1', 'canteen-daily', '2026-03-02')],
      });
      // Act
      const report = rollUpDistrictMonth(input);
      // Assess
      expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    });
  });

  describe('section 1: schools reporting and compliance', () => {
    const input = () =>
      month({
        schools: [
          school('s1', { hasCanteen: true, name: '第一小学' }),
          school('s2', { name: '第二小学' }),
          // Registered on Monday 16 March: expected only from then (12 school days to the 31st).
          school('s3', { hasCanteen: true, name: '新建小学', registeredOn: '2026-03-16' }),
          // Registered after the month: owes nothing for it, but what it sent for it counts.
          school('s9', { registeredOn: '2026-04-10' }),
        ],
        submissions: [
          submission('s1', 'canteen-daily', '2026-03-02'),
          submission('s1', 'canteen-daily', '2026-03-03'),
          submission('s3', 'canteen-daily', '2026-03-16'),
          submission('s9', 'canteen-daily', '2026-03-20'),
          // Not in the roster at all.
          submission('s8', 'canteen-daily', '2026-03-21'),
        ],
      });

    it('counts registered schools from their registration, and the schools reporting among them', () => {
      // Act
      const { compliance } = rollUpDistrictMonth(input()).sections;
      // Assess
      expect(compliance.schoolsRegistered).toBe(3);
      expect(compliance.schoolsReporting).toBe(2);
      expect(compliance.reporting).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
      expect(compliance.notReporting).toEqual([{ schoolId: 's2', name: '第二小学' }]);
      expect(compliance.schools.map((row) => row.schoolId)).not.toContain('s9');
    });

    it('expects a school registered mid-month only from its registration, and marks it new', () => {
      // Act
      const { compliance } = rollUpDistrictMonth(input()).sections;
      // Assess
      const s3 = compliance.schools.find((row) => row.schoolId === 's3');
      expect(s3).toMatchObject({ registeredOn: '2026-03-16', newThisMonth: true, received: 1 });
      expect(s3?.forms.find((f) => f.formType === 'canteen-daily')?.compliance).toEqual({
        numerator: 1,
        denominator: 12,
        rate: 1 / 12,
      });
      expect(compliance.schools.find((row) => row.schoolId === 's1')?.newThisMonth).toBe(false);
    });

    it('lists every school worst first, those below the threshold, and the rate against the target', () => {
      // Prepare
      const base = input();
      const withTarget = {
        ...base,
        district: { ...base.district, complianceThreshold: 0.05, targets: { complianceRate: 0.9 } },
      };
      // Act
      const { compliance } = rollUpDistrictMonth(withTarget).sections;
      // Assess
      // s2 submitted nothing; s1 answered 2 of its occasions, s3 (registered mid-month) 1 of fewer.
      const rates = compliance.schools.map((row) => row.compliance.rate as number);
      expect(compliance.schools[0]).toMatchObject({ schoolId: 's2', compliance: { numerator: 0, rate: 0 } });
      expect(rates).toEqual([...rates].sort((a, b) => a - b));
      expect(compliance.belowThreshold).toEqual(
        compliance.schools
          .filter((row) => (row.compliance.rate as number) < 0.05)
          .map(({ schoolId, name, compliance: rate }) => ({ schoolId, name, compliance: rate })),
      );
      expect(compliance.belowThreshold.length).toBeGreaterThan(0);
      expect(compliance.threshold).toBe(0.05);
      expect(compliance.target).toEqual({
        direction: 'atLeast',
        target: 0.9,
        actual: compliance.overall.current.rate,
        met: false,
      });
    });

    it('counts per form type with its numerator and denominator', () => {
      // Act
      const { compliance } = rollUpDistrictMonth(input()).sections;
      // Assess: s1 owes 22 checks, s3 owes 12; 3 checks answered.
      expect(compliance.byFormType.find((row) => row.formType === 'canteen-daily')).toEqual({
        formType: 'canteen-daily',
        cadence: 'school-day',
        compliance: { numerator: 3, denominator: 34, rate: 3 / 34 },
        received: 3,
      });
    });

    it('leaves out submissions of a school outside the roster and says so in the sources and the notes', () => {
      // Act
      const report = rollUpDistrictMonth(input());
      // Assess
      expect(report.sources.submissions).toEqual({ stored: 5, current: 5, superseded: 0, outsideRoster: 1 });
      expect(report.sections.canteen.checks.current).toBe(4);
      expect(report.sections.photosDataQuality.dataQuality.notes).toContainEqual({
        kind: 'outside-roster',
        schoolId: 's8',
        name: null,
        reason: 'not-in-roster',
        archivedOn: null,
        period: 'month',
        formTypes: ['canteen-daily'],
        count: 1,
      });
    });
  });

  describe('corrections', () => {
    it('counts a corrected submission once, with the correction’s answers', () => {
      // Prepare
      const original = submission('s1', 'canteen-daily', '2026-03-02', {
        answers: { mealsServed: 900 },
        supersededBy: 'sub-fix',
      });
      const correction = submission('s1', 'canteen-daily', '2026-03-02', {
        submissionId: 'sub-fix',
        answers: { mealsServed: 1000 },
      });
      const input = month({ schools: [school('s1', { hasCanteen: true })], submissions: [original, correction] });
      // Act
      const report = rollUpDistrictMonth(input);
      // Assess
      expect(report.sections.canteen.checks.current).toBe(1);
      expect(report.sections.canteen.mealsServed.current).toBe(1000);
      expect(report.sections.compliance.byFormType.find((row) => row.formType === 'canteen-daily')?.received).toBe(1);
      expect(report.sources.submissions).toEqual({ stored: 2, current: 1, superseded: 1, outsideRoster: 0 });
    });

    it('counts only the latest of a once-a-month statement sent twice, and notes the repeat', () => {
      // Prepare
      const first = submission('s1', 'energy-meter', '2026-03-28', { answers: { electricityKwh: 1000, waterM3: 100 } });
      const second = submission('s1', 'energy-meter', '2026-03-31', {
        answers: { electricityKwh: 1200, waterM3: 110 },
      });
      const input = month({ schools: [school('s1')], submissions: [second, first] });
      // Act
      const report = rollUpDistrictMonth(input);
      // Assess
      expect(report.sections.energy.electricityKwh.current).toBe(1200);
      expect(report.sections.energy.schoolsReporting).toBe(1);
      expect(report.sections.photosDataQuality.dataQuality.notes).toContainEqual({
        kind: 'duplicate-statement',
        schoolId: 's1',
        name: '学校 s1',
        formType: 'energy-meter',
        count: 2,
        countedSubmissionId: second.submissionId,
      });
    });
  });

  describe('section 2: hazards as of month end', () => {
    const schools = [school('s1', { name: '第一小学' }), school('s2', { name: '第二小学' })];

    it('counts the hazards found in the month by severity and category', () => {
      // Prepare
      const input = month({
        schools,
        hazards: [
          hazard('h1', 's1', { severity: 'critical', category: 'security' }),
          hazard('h2', 's1', { severity: 'high', category: 'electrical' }),
          hazard('h3', 's2', { severity: 'high', category: 'food' }),
          // Found in February, found next month: not found this month.
          hazard('h4', 's2', { foundOn: '2026-02-27', dueDate: '2026-03-02' }),
          hazard('h5', 's2', { foundOn: '2026-04-01', dueDate: '2026-04-04' }),
        ],
      });
      // Act
      const { hazards } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(hazards.found.total).toBe(3);
      expect(hazards.found.bySeverity).toEqual({ critical: 1, high: 2, medium: 0, low: 0 });
      expect(hazards.found.byCategory).toMatchObject({ security: 1, electrical: 1, food: 1, fire: 0, other: 0 });
    });

    it('takes each hazard’s state from its history before the month’s end, whatever happened since', () => {
      // Prepare
      const input = month({
        schools,
        hazards: [
          // Rectified on 20 March, verified on 2 April: rectified at month end.
          hazard('h1', 's1', {
            rectifiedAt: '2026-03-20T02:00:00.000Z',
            verifiedAt: '2026-04-02T02:00:00.000Z',
          }),
          // Rectified at 23:30 on 31 March Beijing time (15:30 UTC): inside the month.
          hazard('h2', 's1', { rectifiedAt: '2026-03-31T15:30:00.000Z' }),
          // Rectified at 00:30 on 1 April Beijing time: after the month, so open at its end.
          hazard('h3', 's2', { rectifiedAt: '2026-03-31T16:30:00.000Z' }),
          // Rectified, rejected (reopened), rectified again and verified, all in March.
          hazard('h4', 's2', {
            steps: [
              { action: 'rectified', status: 'rectified', at: '2026-03-11T02:00:00.000Z' },
              { action: 'rejected', status: 'open', at: '2026-03-12T02:00:00.000Z' },
              { action: 'rectified', status: 'rectified', at: '2026-03-13T02:00:00.000Z' },
              { action: 'verified', status: 'verified', at: '2026-03-14T02:00:00.000Z' },
            ],
          }),
        ],
      });
      // Act
      const { hazards } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(hazards.openAtMonthEnd.total).toBe(1);
      expect(hazards.awaitingVerificationAtMonthEnd).toBe(2);
      expect(hazards.rectifiedThisMonth).toBe(3);
      expect(hazards.verifiedThisMonth).toBe(1);
      expect(hazards.reopenedThisMonth).toBe(1);
      expect(hazards.rectification).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
    });

    it('gives the same hazard figures when the report is produced again after later changes', () => {
      // Prepare
      const before = month({ schools, hazards: [hazard('h1', 's1', { dueDate: '2026-03-20' })] });
      const later = month({
        schools,
        now: new Date('2026-06-01T00:00:00.000Z'),
        hazards: [
          hazard('h1', 's1', {
            dueDate: '2026-03-20',
            rectifiedAt: '2026-04-03T02:00:00.000Z',
            verifiedAt: '2026-04-05T02:00:00.000Z',
          }),
        ],
      });
      // Act
      const first = rollUpDistrictMonth(before).sections.hazards;
      const again = rollUpDistrictMonth(later).sections.hazards;
      // Assess
      expect(again).toEqual(first);
    });

    it('counts a hazard raised after the month by a late submission dated in it as found and open', () => {
      // Prepare
      const input = month({
        schools,
        hazards: [
          hazard('h1', 's1', { foundOn: '2026-03-30', dueDate: '2026-04-02', raisedAt: '2026-04-03T01:00:00.000Z' }),
        ],
      });
      // Act
      const { hazards } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(hazards.found.total).toBe(1);
      expect(hazards.openAtMonthEnd.total).toBe(1);
      expect(hazards.overdueAtMonthEnd.total).toBe(0);
    });

    it('lists the hazards overdue at month end with their days overdue, most overdue first', () => {
      // Prepare
      const input = month({
        schools,
        hazards: [
          // Due 31 March, the last day to rectify: 1 day overdue on 1 April.
          hazard('h1', 's1', { severity: 'medium', foundOn: '2026-03-24', dueDate: '2026-03-31' }),
          // Found in January, still open: 59 days overdue (1 February → 1 April).
          hazard('h2', 's2', { severity: 'high', foundOn: '2026-01-29', dueDate: '2026-02-01' }),
          // Due 1 April: not overdue yet.
          hazard('h3', 's2', { severity: 'low', foundOn: '2026-03-02', dueDate: '2026-04-01' }),
          // Overdue, but rectified before the month's end.
          hazard('h4', 's1', {
            foundOn: '2026-03-02',
            dueDate: '2026-03-05',
            rectifiedAt: '2026-03-09T02:00:00.000Z',
          }),
        ],
      });
      // Act
      const { hazards } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(hazards.overdue.map((line) => [line.hazardId, line.daysOverdue])).toEqual([
        ['h2', 59],
        ['h1', 1],
      ]);
      expect(hazards.overdueAtMonthEnd.bySeverity).toEqual({ critical: 0, high: 1, medium: 1, low: 0 });
      expect(hazards.overdue[0]).toMatchObject({
        schoolId: 's2',
        schoolName: '第二小学',
        stateAtMonthEnd: 'open',
        title: { zh: '用电安全隐患', en: 'Electrical hazard' },
        place: '教学楼二楼',
      });
      expect(hazards.schools[0]).toEqual({
        schoolId: 's2',
        name: '第二小学',
        found: 1,
        open: 2,
        overdue: 1,
        maxDaysOverdue: 59,
      });
    });

    it('lists the critical hazards found this month or not verified at month end', () => {
      // Prepare
      const input = month({
        schools,
        hazards: [
          hazard('h1', 's2', {
            severity: 'critical',
            category: 'security',
            foundOn: '2026-03-12',
            dueDate: '2026-03-13',
            rectifiedAt: '2026-03-12T10:00:00.000Z',
            verifiedAt: '2026-03-13T10:00:00.000Z',
          }),
          hazard('h2', 's1', { severity: 'critical', category: 'water', foundOn: '2026-02-20', dueDate: '2026-02-21' }),
          // Found earlier and verified earlier: not this month's business.
          hazard('h3', 's1', {
            severity: 'critical',
            foundOn: '2026-02-02',
            dueDate: '2026-02-03',
            rectifiedAt: '2026-02-02T10:00:00.000Z',
            verifiedAt: '2026-02-03T10:00:00.000Z',
          }),
          hazard('h4', 's1', { severity: 'high' }),
        ],
      });
      // Act
      const { hazards } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(hazards.critical.map((line) => [line.hazardId, line.stateAtMonthEnd, line.daysOverdue])).toEqual([
        ['h2', 'open', 39],
        ['h1', 'verified', 0],
      ]);
    });

    it('links a hazard line to the verified photos of its submission, then of its rectification', () => {
      // Prepare
      const input = month({
        schools,
        hazards: [hazard('h1', 's1', { severity: 'critical', submissionId: 'sub-1' })],
        photos: [
          photo('p3', 's1', { owner: { kind: 'hazard', id: 'h1' } }),
          photo('p1', 's1', { owner: { kind: 'submission', id: 'sub-1' } }),
          photo('p2', 's1', {
            owner: { kind: 'submission', id: 'sub-1' },
            status: 'quarantined',
            verifiedAt: undefined,
          }),
          // Another school's submission of the same id is not this hazard's.
          photo('p4', 's2', { owner: { kind: 'submission', id: 'sub-1' } }),
        ],
      });
      // Act
      const { hazards } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(hazards.critical[0]!.photoIds).toEqual(['p1', 'p3']);
    });

    it('compares the hazards found with the same month a year earlier, counted from its submissions', () => {
      // Prepare
      const input = month({
        schools,
        hazards: [hazard('h1', 's1'), hazard('h2', 's1'), hazard('h3', 's2')],
        previousYearSubmissions: [
          submission('s1', 'hazard-report', '2025-03-05', { hazardIds: ['old-1'] }),
          submission('s2', 'canteen-daily', '2025-03-06', {
            hazardIds: ['old-2', 'old-3', 'old-4'],
            supersededBy: 'x',
          }),
        ],
      });
      // Act
      const { hazards } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(hazards.foundYearOnYear).toEqual({ current: 3, previousYear: 4, changePercent: -25 });
    });

    it('reads a hazard given twice (read while it moved between statuses) once, with its longer history', () => {
      // Prepare
      const open = hazard('h1', 's1');
      const rectified = hazard('h1', 's1', {
        rectifiedAt: '2026-03-11T02:00:00.000Z',
      });
      // Act
      const report = rollUpDistrictMonth(month({ schools, hazards: [open, rectified] }));
      // Assess
      expect(report.sources.hazards).toBe(1);
      expect(report.sections.hazards.found.total).toBe(1);
      expect(report.sections.hazards.awaitingVerificationAtMonthEnd).toBe(1);
    });
  });

  describe('section 3: canteen food safety', () => {
    it('computes each compliance rate from the checks, and the meals and waste against last year', () => {
      // Prepare
      const input = month({
        schools: [
          school('s1', { hasCanteen: true, name: '甲校' }),
          school('s2', { hasCanteen: true, name: '乙校' }),
          school('s3', { hasCanteen: true, name: '丙校' }),
        ],
        submissions: [
          submission('s1', 'canteen-daily', '2026-03-02', { answers: { mealsServed: 1000, foodWasteKg: 20 } }),
          // Sample too light, one staff member uncertified, tableware not disinfected.
          submission('s1', 'canteen-daily', '2026-03-03', {
            answers: {
              sampleGramsPerDish: 100,
              staffOnDuty: 8,
              staffWithHealthCertificate: 7,
              tablewareDisinfected: false,
              disinfectionMethod: undefined,
              mealsServed: 1000,
              foodWasteKg: 20.5,
            },
          }),
          submission('s2', 'canteen-daily', '2026-03-02', {
            answers: {
              sampleKept: false,
              sampleGramsPerDish: undefined,
              sampleHours: undefined,
              mealsServed: 500,
              foodWasteKg: 9.5,
              leaderAteWithStudents: false,
            },
          }),
        ],
        previousYearSubmissions: [
          submission('s1', 'canteen-daily', '2025-03-03', { answers: { mealsServed: 2000, foodWasteKg: 40 } }),
        ],
      });
      // Act
      const { canteen } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(canteen.schoolsWithCanteen).toBe(3);
      expect(canteen.schoolsReporting).toBe(2);
      expect(canteen.checks).toEqual({ current: 3, previousYear: 1, changePercent: 200 });
      expect(canteen.sampleRetention).toEqual({ numerator: 1, denominator: 3, rate: 1 / 3 });
      expect(canteen.healthCertificates).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
      expect(canteen.certifiedStaffDays).toEqual({ numerator: 23, denominator: 24, rate: 23 / 24 });
      expect(canteen.disinfection).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
      expect(canteen.leaderMeals).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
      expect(canteen.mealsServed).toEqual({ current: 2500, previousYear: 2000, changePercent: 25 });
      expect(canteen.foodWasteKg).toEqual({ current: 50, previousYear: 40, changePercent: 25 });
      expect(canteen.foodWasteGramsPerMeal).toBe(20);
    });

    it('lists canteen schools worst first, a school with no check last with null rates', () => {
      // Prepare
      const input = month({
        schools: [
          school('s1', { hasCanteen: true }),
          school('s2', { hasCanteen: true }),
          school('s3', { hasCanteen: true }),
        ],
        submissions: [
          submission('s1', 'canteen-daily', '2026-03-02'),
          submission('s2', 'canteen-daily', '2026-03-02', {
            answers: { tablewareDisinfected: false, disinfectionMethod: undefined },
          }),
        ],
      });
      // Act
      const { canteen } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(canteen.schools.map((row) => row.schoolId)).toEqual(['s2', 's1', 's3']);
      expect(canteen.schools[2]).toMatchObject({
        checks: 0,
        sampleRetention: { numerator: 0, denominator: 0, rate: null },
        mealsServed: 0,
      });
    });

    it('lists every figure of the canteen and nutrition forms', () => {
      // Prepare
      const input = month({
        schools: [school('s1', { hasCanteen: true })],
        submissions: [submission('s1', 'canteen-daily', '2026-03-02')],
      });
      // Act
      const { canteen } = rollUpDistrictMonth(input).sections;
      // Assess
      // Every form the registry puts in the section, in their declared order (a new form there joins them).
      expect(canteen.forms.map((f) => f.formType)).toEqual(SECTION_FORMS.canteen);
      expect(SECTION_FORMS.canteen?.slice(0, 2)).toEqual(['canteen-daily', 'nutrition-meals']);
      expect(canteen.forms[0]).toMatchObject({ submissions: 1, schools: 1 });
      expect(canteen.forms[0]?.figures.find((f) => f.id === 'mealsServed')).toEqual({
        id: 'mealsServed',
        aggregate: 'sum',
        value: 1260,
        values: 1,
      });
      expect(canteen.forms[1]?.figures.find((f) => f.id === 'days')).toEqual({
        id: 'days',
        aggregate: 'count',
        value: 0,
        values: 0,
      });
    });
  });

  describe('section 4: dormitory, electrical and fire safety', () => {
    it('adds up patrols and checks, and rates the exits and lights', () => {
      // Prepare
      const input = month({
        schools: [
          school('s1', { boarding: true }),
          school('s2', { boarding: true, partlyBoarding: true }),
          school('s3'),
        ],
        submissions: [
          submission('s1', 'dormitory-patrol', '2026-03-02', { answers: { prohibitedAppliances: 2 } }),
          submission('s1', 'dormitory-patrol', '2026-03-03', { answers: { fireExitsClear: false } }),
          submission('s1', 'electrical-fire', '2026-03-05', {
            answers: {
              extinguishersTotal: 100,
              extinguishersExpired: 4,
              extinguishersReplaced: 30,
              emergencyLightsTotal: 40,
              emergencyLightsWorking: 38,
              ageingWiresFound: 3,
            },
          }),
          submission('s3', 'electrical-fire', '2026-03-06', {
            answers: {
              extinguishersTotal: 20,
              extinguishersExpired: 1,
              extinguishersReplaced: 0,
              emergencyLightsTotal: 10,
              emergencyLightsWorking: 10,
              chemicalsStoredSafely: false,
            },
          }),
        ],
        previousYearSubmissions: [
          submission('s1', 'electrical-fire', '2025-03-05', {
            answers: { extinguishersReplaced: 20, ageingWiresFound: 0 },
          }),
        ],
      });
      // Act
      const { safety } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(safety.dormitory).toEqual({
        boardingSchools: 2,
        partlyBoardingSchools: 1,
        schoolsReporting: 1,
        // No patrol a year earlier: no data, not 0.
        patrols: { current: 2, previousYear: null, changePercent: null },
        prohibitedAppliances: { current: 2, previousYear: null, changePercent: null },
        studentsUnaccounted: 0,
        strangersFound: 0,
        fireExitsBlocked: { numerator: 1, denominator: 2, rate: 0.5 },
      });
      expect(safety.electricalFire).toEqual({
        schoolsReporting: 2,
        checks: 2,
        extinguishersReplaced: { current: 30, previousYear: 20, changePercent: 50 },
        extinguishersExpired: { numerator: 5, denominator: 120, rate: 5 / 120 },
        ageingWiresFound: { current: 3, previousYear: 0, changePercent: null },
        emergencyLightsWorking: { numerator: 48, denominator: 50, rate: 0.96 },
        chemicalsStoredSafely: { numerator: 1, denominator: 2, rate: 0.5 },
      });
      expect(safety.forms.map((f) => f.formType)).toEqual(SECTION_FORMS.safety);
      expect(SECTION_FORMS.safety?.slice(0, 6)).toEqual([
        'dormitory-patrol',
        'electrical-fire',
        'security-gate',
        'drinking-water',
        'sanitation',
        'health-morning-check',
      ]);
    });
  });

  describe('section 5: insurance', () => {
    it('rates each coverage over the students enrolled, lists the lowest schools and compares with the target', () => {
      // Prepare
      const answers = (enrolled: number, liability: number, accident: number, medical: number, canteen = 'yes') => ({
        answers: {
          studentsEnrolled: enrolled,
          schoolLiabilityCovered: liability,
          studentAccidentCovered: accident,
          residentMedicalCovered: medical,
          canteenFoodSafetyLiability: canteen,
        },
      });
      const base = month({
        schools: [school('s1'), school('s2'), school('s3'), school('s4')],
        submissions: [
          submission('s1', 'insurance-enrolment', '2026-03-02', answers(1000, 1000, 950, 900)),
          submission('s2', 'insurance-enrolment', '2026-03-02', answers(500, 450, 400, 500, 'no')),
          submission('s3', 'insurance-enrolment', '2026-03-03', answers(0, 0, 0, 0, 'not-applicable')),
        ],
      });
      const input = { ...base, district: { ...base.district, targets: { insuranceRate: 1 } } };
      // Act
      const { insurance } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(insurance.schoolsReporting).toBe(3);
      expect(insurance.studentsEnrolled).toBe(1500);
      const [liability, accident, medical] = insurance.coverages;
      expect(liability).toMatchObject({
        coverage: 'schoolLiabilityCovered',
        covered: { numerator: 1450, denominator: 1500, rate: 1450 / 1500 },
      });
      expect(liability?.target).toEqual({ direction: 'atLeast', target: 1, actual: 1450 / 1500, met: false });
      expect(liability?.lowest).toEqual([
        { schoolId: 's2', name: '学校 s2', covered: { numerator: 450, denominator: 500, rate: 0.9 } },
      ]);
      expect(accident?.covered).toEqual({ numerator: 1350, denominator: 1500, rate: 0.9 });
      expect(accident?.target).toBeNull();
      expect(accident?.lowest.map((row) => row.schoolId)).toEqual(['s2', 's1']);
      expect(medical?.covered.numerator).toBe(1400);
      expect(insurance.canteenFoodSafetyLiability).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
      expect(insurance.internshipInsurance).toEqual({ numerator: 0, denominator: 0, rate: null });
      // A school with no students enrolled has null rates and comes last.
      expect(insurance.schools.map((row) => [row.schoolId, row.canteenFoodSafetyLiability])).toEqual([
        ['s2', 'no'],
        ['s1', 'yes'],
        ['s3', 'not-applicable'],
      ]);
    });
  });

  describe('section 6: energy', () => {
    const reading = (schoolId: string, date: string, electricityKwh: number, waterM3: number) =>
      submission(schoolId, 'energy-meter', date, { answers: { electricityKwh, waterM3 } });

    it('compares this month with the same month last year, in total and like for like, and with the targets', () => {
      // Prepare
      const base = month({
        schools: [school('s1'), school('s2'), school('s3')],
        // s3 is new: no reading last year. s2 read last year, not this year.
        submissions: [reading('s1', '2026-03-31', 850, 90), reading('s3', '2026-03-31', 400.25, 40)],
        previousYearSubmissions: [reading('s1', '2025-03-31', 1000, 100), reading('s2', '2025-03-31', 600, 60)],
      });
      const input = {
        ...base,
        district: {
          ...base.district,
          targets: { electricityKwh: 1200, waterM3: 100, electricityReductionPercent: 15, waterReductionPercent: 15 },
        },
      };
      // Act
      const { energy } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(energy.schoolsReporting).toBe(2);
      expect(energy.previousYearSchoolsReporting).toBe(2);
      expect(energy.electricityKwh).toEqual({ current: 1250.25, previousYear: 1600, changePercent: -21.86 });
      expect(energy.waterM3).toEqual({ current: 130, previousYear: 160, changePercent: -18.75 });
      expect(energy.likeForLike).toEqual({
        schools: 1,
        electricityKwh: { current: 850, previousYear: 1000, changePercent: -15 },
        waterM3: { current: 90, previousYear: 100, changePercent: -10 },
      });
      expect(energy.targets).toEqual({
        electricityKwh: { direction: 'atMost', target: 1200, actual: 1250.25, met: false },
        waterM3: { direction: 'atMost', target: 100, actual: 130, met: false },
        electricityReductionPercent: { direction: 'atLeast', target: 15, actual: 15, met: true },
        waterReductionPercent: { direction: 'atLeast', target: 15, actual: 10, met: false },
      });
      expect(energy.schools.map((row) => [row.schoolId, row.electricityChangePercent])).toEqual([
        ['s1', -15],
        ['s2', null],
        ['s3', null],
      ]);
    });

    it('gives a null change when last year had nothing, and a null target comparison when there is no comparison', () => {
      // Prepare
      const base = month({ schools: [school('s1')], submissions: [reading('s1', '2026-03-31', 850, 90)] });
      const input = { ...base, district: { ...base.district, targets: { electricityReductionPercent: 15 } } };
      // Act
      const { energy } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(energy.electricityKwh).toEqual({ current: 850, previousYear: null, changePercent: null });
      expect(energy.targets.electricityReductionPercent).toEqual({
        direction: 'atLeast',
        target: 15,
        actual: null,
        met: null,
      });
      expect(energy.targets.electricityKwh).toBeNull();
    });
  });

  describe('section 7: greening and work-study', () => {
    it('adds up greening, and takes the work-study area from the sum of its uses, not the stated total', () => {
      // Prepare
      const mismatch = areaMismatchFlag(50, 83);
      const input = month({
        schools: [school('s1'), school('s2')],
        submissions: [
          submission('s1', 'greening', '2026-03-12'),
          submission('s1', 'greening', '2026-03-20', {
            answers: { plantsAdded: 80, areaAddedMu: 0.25, investmentYuan: 3200 },
          }),
          submission('s1', 'work-study', '2026-03-31'),
          submission('s2', 'work-study', '2026-03-31', {
            answers: { totalAreaMu: 50, incomeYuan: 1000, costsYuan: 1500.5 },
            qualityFlags: [mismatch],
          }),
        ],
        previousYearSubmissions: [submission('s1', 'greening', '2025-03-12', { answers: { plantsAdded: 200 } })],
      });
      // Act
      const { greeningWorkStudy } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(greeningWorkStudy.greening).toEqual({
        schools: 1,
        projects: { current: 2, previousYear: 1, changePercent: 100 },
        plantsAdded: { current: 400, previousYear: 200, changePercent: 100 },
        areaAddedMu: 1.75,
        investmentYuan: { current: 50_000, previousYear: 46_800, changePercent: 6.84 },
      });
      expect(greeningWorkStudy.workStudy).toMatchObject({
        schools: 2,
        areaMu: 166,
        areaByUse: { grainMu: 120, orchardMu: 0, teaMu: 24, bambooMu: 0, forestMu: 0, fishPondMu: 22, wastelandMu: 0 },
        incomeYuan: { current: 5200, previousYear: null, changePercent: null },
        costsYuan: 3000.5,
        netYuan: { current: 2199.5, previousYear: null, changePercent: null },
        produceToCanteenYuan: 1000,
        recyclingIncomeYuan: 360,
        studentsTakingPart: 640,
        totalsNotAddingUp: 1,
      });
    });
  });

  describe('section 8: drills and education', () => {
    it('counts drills by kind and education by topic, and the schools a drill was due from that had none', () => {
      // Prepare
      const input = month({
        schools: [school('s1'), school('s2', { name: '第二小学' })],
        submissions: [
          submission('s1', 'safety-drill', '2026-03-10', {
            answers: { kind: 'fire', participants: 800, evacuationMinutes: 3 },
          }),
          submission('s1', 'safety-drill', '2026-03-20', {
            answers: { kind: 'other', participants: 200, evacuationMinutes: undefined },
          }),
          submission('s1', 'safety-education', '2026-03-11'),
          submission('s2', 'safety-education', '2026-03-11', {
            answers: { topic: 'traffic', participants: 40, lettersToParents: 0 },
          }),
        ],
        previousYearSubmissions: [submission('s1', 'safety-drill', '2025-03-10', { answers: { participants: 500 } })],
      });
      // Act
      const { drillsEducation } = rollUpDistrictMonth(input).sections;
      // Assess
      expect(drillsEducation.drills).toEqual({
        count: { current: 2, previousYear: 1, changePercent: 100 },
        participants: { current: 1000, previousYear: 500, changePercent: 100 },
        byKind: { evacuation: 0, fire: 1, earthquake: 0, stampede: 0, other: 1 },
        meanEvacuationMinutes: 3,
        schoolsWithDrill: { numerator: 1, denominator: 2, rate: 0.5 },
        schoolsWithoutDrill: [{ schoolId: 's2', name: '第二小学' }],
      });
      expect(drillsEducation.education).toEqual({
        events: { current: 2, previousYear: 0, changePercent: null },
        participants: { current: 1300, previousYear: 0, changePercent: null },
        lettersToParents: 1180,
        byTopic: { drowning: 1, traffic: 1, fire: 0, law: 0, other: 0 },
        schools: 2,
      });
    });
  });

  describe('section 9: photos and data quality', () => {
    it('counts the photos verified in the month, the reused and quarantined ones, and notes them', () => {
      // Prepare
      const input = month({
        schools: [school('s1'), school('s2')],
        photos: [
          photo('p1', 's1'),
          photo('p2', 's1', { duplicateOf: 'p0' }),
          photo('p3', 's2'),
          // Verified at 00:10 on 1 April Beijing time: next month's.
          photo('p4', 's2', { verifiedAt: '2026-03-31T16:10:00.000Z' }),
          photo('p5', 's2', { status: 'requested', verifiedAt: undefined }),
          photo('p6', 's2', { status: 'quarantined', verifiedAt: undefined, quarantineReason: 'not-an-image' }),
        ],
      });
      // Act
      const { photos, dataQuality } = rollUpDistrictMonth(input).sections.photosDataQuality;
      // Assess
      expect(photos).toEqual({
        archived: 3,
        reused: 1,
        pending: 1,
        quarantined: 1,
        bySchool: [
          { schoolId: 's1', name: '学校 s1', archived: 2 },
          { schoolId: 's2', name: '学校 s2', archived: 1 },
        ],
      });
      expect(dataQuality.notes).toEqual([
        { kind: 'photo-reused', schoolId: 's1', name: '学校 s1', photoId: 'p2', duplicateOf: 'p0' },
        { kind: 'photo-quarantined', schoolId: 's2', name: '学校 s2', photoId: 'p6', reason: 'not-an-image' },
      ]);
    });

    it('notes the quality flags of current submissions with their own messages', () => {
      // Prepare
      const flag = {
        code: 'meter-reading-outlier',
        field: 'answers.electricityKwh',
        message: { zh: '读数异常', en: 'Odd reading' },
        details: { value: 90_000, median: 9000 },
      };
      const input = month({
        schools: [school('s1')],
        submissions: [
          submission('s1', 'energy-meter', '2026-03-31', { submissionId: 'sub-flagged', qualityFlags: [flag] }),
          // Superseded: its flag no longer matters.
          submission('s1', 'sanitation', '2026-03-03', { qualityFlags: [flag], supersededBy: 'other' }),
        ],
      });
      // Act
      const { dataQuality } = rollUpDistrictMonth(input).sections.photosDataQuality;
      // Assess
      expect(dataQuality.flaggedSubmissions).toBe(1);
      expect(dataQuality.notes).toEqual([
        {
          kind: 'quality-flag',
          schoolId: 's1',
          name: '学校 s1',
          formType: 'energy-meter',
          submissionId: 'sub-flagged',
          date: '2026-03-31',
          ...flag,
        },
      ]);
    });

    it('notes late submissions per school and form, with the most days late', () => {
      // Prepare
      const input = month({
        schools: [school('s1', { hasCanteen: true })],
        submissions: [
          // Received the next morning: within the day of grace.
          submission('s1', 'canteen-daily', '2026-03-02', { receivedAt: '2026-03-03T01:00:00.000Z' }),
          // Received 8 and 3 days after the day they are for.
          submission('s1', 'canteen-daily', '2026-03-03', { receivedAt: '2026-03-11T01:00:00.000Z' }),
          submission('s1', 'canteen-daily', '2026-03-04', { receivedAt: '2026-03-07T01:00:00.000Z' }),
          // A weekly check of the week of 2 March received on Tuesday 10 March: 2 days after its Sunday.
          submission('s1', 'sanitation', '2026-03-04', { receivedAt: '2026-03-10T01:00:00.000Z' }),
          // An event form dated in the month and received on 1 April: within the grace.
          submission('s1', 'safety-education', '2026-03-05', { receivedAt: '2026-04-01T03:00:00.000Z' }),
          // A monthly form received on 5 April: 5 days after the month.
          submission('s1', 'electrical-fire', '2026-03-20', { receivedAt: '2026-04-05T03:00:00.000Z' }),
        ],
      });
      // Act
      const { dataQuality } = rollUpDistrictMonth(input).sections.photosDataQuality;
      // Assess
      expect(dataQuality.lateSubmissions).toBe(4);
      const lateAtS1 = (formType: string, count: number, maxDaysLate: number) => ({
        kind: 'late-submissions',
        schoolId: 's1',
        name: '学校 s1',
        formType,
        count,
        maxDaysLate,
      });
      expect(dataQuality.notes).toEqual([
        lateAtS1('canteen-daily', 2, 8),
        lateAtS1('electrical-fire', 1, 5),
        lateAtS1('sanitation', 1, 2),
      ]);
    });
  });

  describe('determinism', () => {
    function busyMonth(reverse: boolean) {
      const submissions = [
        submission('s1', 'canteen-daily', '2026-03-02', { submissionId: 'a1', answers: { foodWasteKg: 0.1 } }),
        submission('s1', 'canteen-daily', '2026-03-03', { submissionId: 'a2', answers: { foodWasteKg: 0.2 } }),
        submission('s2', 'canteen-daily', '2026-03-02', { submissionId: 'a3', answers: { foodWasteKg: 0.7 } }),
        submission('s2', 'energy-meter', '2026-03-31', { submissionId: 'a4' }),
        submission('s2', 'energy-meter', '2026-03-31', { submissionId: 'a5', receivedAt: '2026-04-01T01:00:00.000Z' }),
        submission('s3', 'safety-drill', '2026-03-09', { submissionId: 'a6' }),
      ];
      const hazards = [
        hazard('h1', 's1'),
        hazard('h2', 's2', { dueDate: '2026-03-11' }),
        hazard('h3', 's3', { severity: 'critical', dueDate: '2026-03-11' }),
      ];
      const schools = [school('s1', { hasCanteen: true }), school('s2', { hasCanteen: true }), school('s3')];
      const order = <T>(list: T[]) => (reverse ? [...list].reverse() : list);
      return month({
        schools: order(schools),
        submissions: order(submissions),
        hazards: order(hazards),
        photos: order([photo('p1', 's1'), photo('p2', 's2')]),
      });
    }

    it('gives the same report whatever the order of its input', () => {
      // Act
      const forward: DistrictReport = rollUpDistrictMonth(busyMonth(false));
      const backward: DistrictReport = rollUpDistrictMonth(busyMonth(true));
      // Assess
      expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
      expect(forward.sections.canteen.foodWasteKg.current).toBe(1);
    });

    it('does not change its input', () => {
      // Prepare
      const input = busyMonth(false);
      const copy = structuredClone(input);
      // Act
      rollUpDistrictMonth(input);
      // Assess
      expect(input).toEqual(copy);
    });
  });
});
