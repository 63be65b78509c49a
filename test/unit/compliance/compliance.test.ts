import { schoolDays } from '../../../shared/calendar/school-calendar';
import {
  complianceFor,
  complianceThreshold,
  currentForms,
  DEFAULT_COMPLIANCE_THRESHOLD,
  type ComplianceForm,
  type ComplianceSubmission,
} from '../../../shared/compliance/compliance';
import { expectedSubmissions } from '../../../shared/compliance/expected';
import { complianceView } from '../../../shared/compliance/get-compliance';
import { FORMS } from '../../../shared/forms/catalogue';
import { CATALOGUE, school } from './fixtures';

const CANTEEN_ONLY = CATALOGUE.slice(0, 1);
const MONTH = '2026-10';
const OCTOBER = schoolDays(MONTH);

function submission(schoolId: string, formType: string, date: string, supersededBy?: string): ComplianceSubmission {
  return { schoolId, formType, date, ...(supersededBy ? { supersededBy } : {}) };
}

/** Canteen checks on the first `count` school days of October. */
function canteenChecks(schoolId: string, count: number, days: readonly string[] = OCTOBER): ComplianceSubmission[] {
  return days.slice(0, count).map((date) => submission(schoolId, 'canteen-daily', date));
}

function formRow(report: ReturnType<typeof complianceFor>, schoolId: string, formType: string) {
  return report.schools.find((row) => row.schoolId === schoolId)?.forms.find((row) => row.formType === formType);
}

describe('complianceFor', () => {
  it('counts distinct school days, so two checks on one day do not cover a missed one', () => {
    // Prepare: 9 school days checked, one of them twice, and a check on Sunday 11 October.
    const submissions = [
      ...canteenChecks('s1', 9),
      submission('s1', 'canteen-daily', OCTOBER[0]!),
      submission('s1', 'canteen-daily', '2026-10-11'),
    ];
    // Act
    const report = complianceFor({}, [school('s1')], submissions, MONTH, CANTEEN_ONLY);
    // Assess
    expect(formRow(report, 's1', 'canteen-daily')).toEqual({
      formType: 'canteen-daily',
      cadence: 'school-day',
      expected: 18,
      submitted: 9,
      received: 11,
      rate: 0.5,
    });
  });

  it('does not count a superseded submission, only its correction', () => {
    // Prepare: the check of the 13th was corrected to the 14th; the one of the 15th was corrected in place.
    const submissions = [
      submission('s1', 'canteen-daily', '2026-10-13', 'fix-1'),
      submission('s1', 'canteen-daily', '2026-10-14'),
      submission('s1', 'canteen-daily', '2026-10-15', 'fix-2'),
      submission('s1', 'canteen-daily', '2026-10-15'),
    ];
    // Act
    const report = complianceFor({}, [school('s1')], submissions, MONTH, CANTEEN_ONLY);
    // Assess
    expect(formRow(report, 's1', 'canteen-daily')).toMatchObject({ submitted: 2, received: 2 });
  });

  it('counts a weekly form once per week answered', () => {
    // Prepare: two checks in the week of 12 October, one in the week of 19 October.
    const submissions = ['2026-10-12', '2026-10-14', '2026-10-20'].map((date) =>
      submission('s1', 'security-gate', date),
    );
    // Act
    const report = complianceFor({}, [school('s1')], submissions, MONTH, CATALOGUE);
    // Assess
    expect(formRow(report, 's1', 'security-gate')).toMatchObject({ expected: 4, submitted: 2, received: 3, rate: 0.5 });
  });

  it('lists event forms with what arrived but leaves them out of every rate', () => {
    // Prepare: the whole month's canteen checks, and three hazard reports.
    const submissions = [
      ...canteenChecks('s1', 18),
      ...['2026-10-03', '2026-10-12', '2026-10-12'].map((date) => submission('s1', 'hazard-report', date)),
    ];
    // Act
    const report = complianceFor({}, [school('s1')], submissions, MONTH, [CATALOGUE[0]!, CATALOGUE[5]!]);
    // Assess
    expect(formRow(report, 's1', 'hazard-report')).toEqual({
      formType: 'hazard-report',
      cadence: 'event',
      expected: 0,
      submitted: 3,
      received: 3,
      rate: null,
    });
    expect(report.schools[0]).toMatchObject({ expected: 18, submitted: 18, rate: 1 });
    expect(report.district).toEqual({ expected: 18, submitted: 18, rate: 1 });
    expect(report.byFormType.find((row) => row.formType === 'hazard-report')).toMatchObject({
      expected: 0,
      submitted: 3,
      rate: null,
    });
  });

  it("sums a school's forms into its rate, and the schools into the district's", () => {
    // Prepare: s1 has every canteen check, 2 of 4 weeks, no meter reading; s2 (a boarding school
    // without a canteen) has 9 of 18 patrols and its meter reading.
    const schools = [school('s1'), school('s2', { hasCanteen: false, boarding: true })];
    const submissions = [
      ...canteenChecks('s1', 18),
      submission('s1', 'security-gate', '2026-10-12'),
      submission('s1', 'security-gate', '2026-10-19'),
      ...OCTOBER.slice(0, 9).map((date) => submission('s2', 'dormitory-patrol', date)),
      submission('s2', 'energy-meter', '2026-10-31'),
    ];
    // Act
    const report = complianceFor({}, schools, submissions, MONTH, CATALOGUE);
    // Assess: s1 18 + 4 + 1 (+ 0 for the term form) expected, 18 + 2 submitted; s2 18 + 4 + 1 expected, 9 + 1.
    expect(report.schools.map(({ schoolId, expected, submitted }) => ({ schoolId, expected, submitted }))).toEqual([
      { schoolId: 's1', expected: 23, submitted: 20 },
      { schoolId: 's2', expected: 23, submitted: 10 },
    ]);
    expect(report.schools[0]!.rate).toBeCloseTo(20 / 23);
    expect(report.district).toEqual({ expected: 46, submitted: 30, rate: 30 / 46 });
    expect(report.byFormType.map(({ formType, expected, submitted }) => ({ formType, expected, submitted }))).toEqual([
      { formType: 'canteen-daily', expected: 18, submitted: 18 },
      { formType: 'dormitory-patrol', expected: 18, submitted: 9 },
      { formType: 'security-gate', expected: 8, submitted: 2 },
      { formType: 'energy-meter', expected: 2, submitted: 1 },
      { formType: 'insurance-enrolment', expected: 0, submitted: 0 },
      { formType: 'hazard-report', expected: 0, submitted: 0 },
    ]);
    expect(report).toMatchObject({ month: MONTH, schoolDays: 18, schoolNights: 18, threshold: 0.9 });
  });

  it('lists a boarding school without a canteen with its patrols and without a canteen row', () => {
    // Prepare
    const boarding = school('s-boarding', { hasCanteen: false, boarding: true });
    // Act
    const report = complianceFor({}, [boarding], [], MONTH, CATALOGUE);
    // Assess
    const forms = report.schools[0]!.forms.map((row) => row.formType);
    expect(forms).not.toContain('canteen-daily');
    expect(formRow(report, 's-boarding', 'dormitory-patrol')).toMatchObject({ expected: 18, submitted: 0, rate: 0 });
  });

  it('counts a school registered mid-month from its registration on, and leaves out one registered later', () => {
    // Prepare: s-new registered on 20 October; a check of the 19th came before it and is not due.
    const schools = [
      school('s-new', { registeredOn: '2026-10-20' }),
      school('s-later', { registeredOn: '2026-11-05' }),
    ];
    const submissions = [
      submission('s-new', 'canteen-daily', '2026-10-19'),
      submission('s-new', 'canteen-daily', '2026-10-20'),
    ];
    // Act
    const report = complianceFor({}, schools, submissions, MONTH, CANTEEN_ONLY);
    // Assess
    expect(report.schools.map((row) => row.schoolId)).toEqual(['s-new']);
    expect(formRow(report, 's-new', 'canteen-daily')).toMatchObject({ expected: 9, submitted: 1, received: 2 });
  });

  it('ignores submissions of other months, unknown forms and unknown schools', () => {
    // Prepare
    const submissions = [
      submission('s1', 'canteen-daily', '2026-09-30'),
      submission('s1', 'no-such-form', '2026-10-12'),
      submission('s-gone', 'canteen-daily', '2026-10-12'),
    ];
    // Act
    const report = complianceFor({}, [school('s1')], submissions, MONTH, CANTEEN_ONLY);
    // Assess
    expect(report.schools).toHaveLength(1);
    expect(formRow(report, 's1', 'canteen-daily')).toMatchObject({ submitted: 0, received: 0 });
    expect(report.district).toEqual({ expected: 18, submitted: 0, rate: 0 });
  });

  describe('below threshold', () => {
    // Two extra school days (Sundays) make October's 20, so 18 checks are exactly 90 %.
    const district = { calendar: { terms: [], extraHolidays: [], extraSchoolDays: ['2026-10-11', '2026-10-18'] } };
    const twenty = schoolDays(MONTH, district.calendar);
    const schools = ['s-full', 's-edge', 's-half', 's-low', 's-aaa']
      .map((id) => school(id))
      .concat(school('s-new', { registeredOn: '2026-10-31' }));
    const submissions = [
      ...canteenChecks('s-full', 20, twenty),
      ...canteenChecks('s-edge', 18, twenty),
      ...canteenChecks('s-half', 10, twenty),
      ...canteenChecks('s-low', 5, twenty),
      ...canteenChecks('s-aaa', 5, twenty),
    ];

    it('lists the schools under the default 90 %, worst first, ties by school id', () => {
      // Act
      const report = complianceFor(district, schools, submissions, MONTH, CANTEEN_ONLY);
      // Assess: 90 % is not under 90 %; a school with nothing expected has no rate and is not listed.
      expect(report.schoolDays).toBe(20);
      expect(report.threshold).toBe(DEFAULT_COMPLIANCE_THRESHOLD);
      expect(report.belowThreshold).toEqual([
        { schoolId: 's-aaa', name: '学校 s-aaa', rate: 0.25 },
        { schoolId: 's-low', name: '学校 s-low', rate: 0.25 },
        { schoolId: 's-half', name: '学校 s-half', rate: 0.5 },
      ]);
      expect(report.schools.find((row) => row.schoolId === 's-new')).toMatchObject({ expected: 0, rate: null });
    });

    it("uses the district's own threshold", () => {
      // Act
      const report = complianceFor(
        { ...district, complianceThreshold: 0.5 },
        schools,
        submissions,
        MONTH,
        CANTEEN_ONLY,
      );
      // Assess
      expect(report.threshold).toBe(0.5);
      expect(report.belowThreshold.map((row) => row.schoolId)).toEqual(['s-aaa', 's-low']);
    });
  });
});

describe('complianceThreshold', () => {
  it('defaults to 90 % and ignores a value outside 0–1', () => {
    expect(complianceThreshold({})).toBe(0.9);
    expect(complianceThreshold({ complianceThreshold: 0.8 })).toBe(0.8);
    expect(complianceThreshold({ complianceThreshold: 1.5 })).toBe(0.9);
    expect(complianceThreshold({ complianceThreshold: Number.NaN })).toBe(0.9);
  });
});

describe('currentForms', () => {
  it('takes the latest version of each form that is not retired, in catalogue order', () => {
    // Prepare
    const forms: ComplianceForm[] = [
      { id: 'b', version: 1, cadence: 'school-day', appliesTo: 'all' },
      { id: 'a', version: 1, cadence: 'monthly', appliesTo: 'all' },
      { id: 'b', version: 2, cadence: 'weekly', appliesTo: 'all' },
      { id: 'b', version: 3, cadence: 'event', appliesTo: 'all', retired: true },
      { id: 'gone', version: 1, cadence: 'school-day', appliesTo: 'all', retired: true },
    ];
    // Act / Assess
    expect(currentForms(forms).map(({ id, version }) => `${id}@${version}`)).toEqual(['b@2', 'a@1']);
  });

  it('works for the whole catalogue, whatever forms it holds', () => {
    // Prepare: a school every form applies to.
    const everything = school('s-all', { boarding: true, nutritionProgramme: true });
    // Act
    const report = complianceFor({}, [everything], [], MONTH);
    // Assess
    const forms = currentForms(FORMS);
    expect(report.schools[0]!.forms.map((row) => row.formType)).toEqual(forms.map((form) => form.id));
    for (const form of forms) {
      expect(formRow(report, 's-all', form.id)?.expected).toBe(expectedSubmissions(form, everything, MONTH));
      if (form.cadence === 'event') expect(formRow(report, 's-all', form.id)?.rate).toBeNull();
    }
  });
});

describe('complianceView', () => {
  const report = complianceFor(
    {},
    [school('s1'), school('s2')],
    [
      ...canteenChecks('s1', 18),
      submission('s1', 'security-gate', '2026-10-12'),
      submission('s1', 'security-gate', '2026-10-19'),
    ],
    MONTH,
    CATALOGUE,
  );

  /** The fields every view starts with, in order. */
  const VIEW_HEAD = ['month', 'asOf', 'complete', 'schoolDays', 'schoolDaysToDate', 'threshold'];

  it('gives an official the district, every school and the schools under the threshold', () => {
    // Act
    const view = complianceView(report, 'official');
    // Assess
    expect(Object.keys(view)).toEqual([...VIEW_HEAD, 'district', 'byFormType', 'schools', 'belowThreshold']);
    expect(view.schools.map((row) => row.schoolId)).toEqual(['s1', 's2']);
    expect(Object.keys(view.schools[0]!)).toEqual(['schoolId', 'name', 'expected', 'submitted', 'rate', 'forms']);
    expect(Object.keys(view.schools[0]!.forms[0]!)).toEqual(['formType', 'expected', 'submitted', 'rate']);
    expect(Object.keys(view.byFormType[0]!)).toEqual(['formType', 'cadence', 'expected', 'submitted', 'rate']);
  });

  it('rounds rates to four decimals', () => {
    // Act
    const view = complianceView(report, 'official');
    // Assess: s1 has 20 of 23.
    expect(view.schools[0]!.rate).toBe(0.8696);
    expect(view.belowThreshold[0]).toEqual({ schoolId: 's2', name: '学校 s2', rate: 0 });
  });

  it('gives a school its own row and nothing summed over the district', () => {
    // Prepare
    const own = complianceFor({}, [school('s1')], [], MONTH, CATALOGUE);
    // Act
    const view = complianceView(own, 'school');
    // Assess
    expect(Object.keys(view)).toEqual([...VIEW_HEAD, 'schools']);
    expect(view.schools.map((row) => row.schoolId)).toEqual(['s1']);
  });
});
