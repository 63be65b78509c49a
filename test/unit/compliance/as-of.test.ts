import { schoolDays } from '../../../shared/calendar/school-calendar';
import { complianceFor, type ComplianceSchool, type ComplianceSubmission } from '../../../shared/compliance/compliance';
import { countsBy, expectation } from '../../../shared/compliance/expected';
import { refuseFutureMonth } from '../../../shared/compliance/get-compliance';
import { detailsIn, type AppError } from '../../../shared/errors';
import { CATALOGUE as ALL_CADENCES, school as rosterSchool } from './fixtures';

/*
 * A month under way is counted as of today (issue 23 point 2), and a school counts only while it
 * is on the roster (registration to archive). December 2026: school days 1–4, 7–11, 14–18, 21–25,
 * 28–31; weeks of 30 Nov (its Thursday is 3 Dec), 7, 14, 21 and 28 Dec.
 */

/** The catalogue's forms of a school day, a week, a month and an event. */
const CATALOGUE = ALL_CADENCES.filter((form) => ['school-day', 'weekly', 'monthly', 'event'].includes(form.cadence));
const CANTEEN = CATALOGUE.slice(0, 1);
const DECEMBER = '2026-12';

/** A school of the roster, registered at the start of this school year unless told. */
const school = (schoolId: string, overrides: Partial<ComplianceSchool> = {}): ComplianceSchool =>
  rosterSchool(schoolId, { registeredOn: '2026-09-01', ...overrides });

function checks(schoolId: string, formType: string, dates: readonly string[]): ComplianceSubmission[] {
  return dates.map((date) => ({ schoolId, formType, date }));
}

function row(report: ReturnType<typeof complianceFor>, schoolId: string, formType?: string) {
  const found = report.schools.find((entry) => entry.schoolId === schoolId);
  return formType === undefined ? found : found?.forms.find((entry) => entry.formType === formType);
}

describe('compliance of a month under way', () => {
  it('gives a school registered today, with its first check sent, 100 %, not 1 of the 19 school days left in the month', () => {
    // Prepare: registered on Monday 7 December, the day the issue was filed, with every form of the catalogue.
    const newcomer = school('s-new', { registeredOn: '2026-12-07', boarding: true, nutritionProgramme: true });
    const submissions = checks('s-new', 'canteen-daily', ['2026-12-07']);
    // Act
    const report = complianceFor({}, [newcomer], submissions, DECEMBER, undefined, { today: '2026-12-07' });
    // Assess
    expect(row(report, 's-new', 'canteen-daily')).toMatchObject({ expected: 1, submitted: 1, rate: 1 });
    expect(row(report, 's-new')).toMatchObject({ expected: 1, submitted: 1, rate: 1 });
    expect(report.belowThreshold).toEqual([]);
    expect(report).toMatchObject({ asOf: '2026-12-07', complete: false, schoolDays: 23, schoolDaysToDate: 5 });
  });

  it('counts the school days that have passed as missed, and today only once it is answered', () => {
    // Prepare: checks on 1–4 December; today is Tuesday the 8th, so Monday the 7th was missed.
    const submissions = checks('s1', 'canteen-daily', ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    // Act
    const before = complianceFor({}, [school('s1')], submissions, DECEMBER, CANTEEN, { today: '2026-12-08' });
    const answered = complianceFor(
      {},
      [school('s1')],
      [...submissions, ...checks('s1', 'canteen-daily', ['2026-12-08'])],
      DECEMBER,
      CANTEEN,
      { today: '2026-12-08' },
    );
    // Assess
    expect(row(before, 's1', 'canteen-daily')).toMatchObject({ expected: 5, submitted: 4, rate: 0.8 });
    expect(row(answered, 's1', 'canteen-daily')).toMatchObject({ expected: 6, submitted: 5 });
  });

  it('expects a week or a month once it has closed, or as soon as it is answered', () => {
    // Prepare: the week of 30 November answered on the 2nd; nothing else.
    const submissions = checks('s1', 'security-gate', ['2026-12-02']);
    // Act: Wednesday the 9th (the week of the 7th is still open), then Monday the 14th.
    const midWeek = complianceFor({}, [school('s1', { hasCanteen: false })], submissions, DECEMBER, CATALOGUE, {
      today: '2026-12-09',
    });
    const nextWeek = complianceFor({}, [school('s1', { hasCanteen: false })], submissions, DECEMBER, CATALOGUE, {
      today: '2026-12-14',
    });
    // Assess
    expect(row(midWeek, 's1', 'security-gate')).toMatchObject({ expected: 1, submitted: 1 });
    expect(row(nextWeek, 's1', 'security-gate')).toMatchObject({ expected: 2, submitted: 1 });
    expect(row(nextWeek, 's1', 'energy-meter')).toMatchObject({ expected: 0, submitted: 0, rate: null });
  });

  it('counts a month that has ended in full, whatever day today is', () => {
    // Prepare
    const submissions = checks('s1', 'canteen-daily', schoolDays('2026-11').slice(0, 10));
    // Act
    const whole = complianceFor({}, [school('s1')], submissions, '2026-11', CATALOGUE);
    const later = complianceFor({}, [school('s1')], submissions, '2026-11', CATALOGUE, { today: '2026-12-07' });
    // Assess
    expect(later.schools).toEqual(whole.schools);
    expect(later).toMatchObject({ asOf: '2026-11-30', complete: true, schoolDaysToDate: later.schoolDays });
  });
});

describe('refuseFutureMonth', () => {
  it('refuses a month after the current one, naming the field, in Chinese and English', () => {
    // Act
    const refusal = (() => {
      try {
        refuseFutureMonth('2027-01', '2026-12-07');
      } catch (error) {
        return error as AppError;
      }
      return undefined;
    })();
    // Assess
    expect(refusal?.code).toBe('VALIDATION_FAILED');
    expect(detailsIn(refusal!, 'zh-CN')).toEqual([
      expect.objectContaining({
        field: 'month',
        label: '月份',
        reason: '2027-01 尚未开始（按区县时区，今天是 2026-12-07），还没有应交的表单',
      }),
    ]);
    expect(detailsIn(refusal!, 'en')).toEqual([
      expect.objectContaining({ field: 'month', label: 'month', reason: expect.stringContaining('has not begun yet') }),
    ]);
    expect(() => refuseFutureMonth('2026-12', '2026-12-07')).not.toThrow();
    expect(() => refuseFutureMonth('2025-12', '2026-12-07')).not.toThrow();
  });
});

describe('a school archived from the roster', () => {
  it('is expected nothing from the day it was archived, and its earlier days still count', () => {
    // Prepare: archived from Tuesday 20 October; checks on its first 5 school days.
    const archived = school('s-old', { archivedOn: '2026-10-20' });
    const october = schoolDays('2026-10');
    const submissions = checks('s-old', 'canteen-daily', [...october.slice(0, 5), '2026-10-21']);
    // Act
    const report = complianceFor({}, [archived], submissions, '2026-10', CANTEEN);
    // Assess: only the school days before the 20th are expected; the check of the 21st answers nothing.
    const before = october.filter((date) => date < '2026-10-20');
    expect(row(report, 's-old', 'canteen-daily')).toMatchObject({ expected: before.length, submitted: 5, received: 6 });
  });

  it('is left out of a month that begins on or after the day it was archived', () => {
    // Act
    const report = complianceFor(
      {},
      [school('s-old', { archivedOn: '2026-11-01' }), school('s1')],
      [],
      '2026-11',
      CANTEEN,
    );
    const october = complianceFor({}, [school('s-old', { archivedOn: '2026-11-01' })], [], '2026-10', CANTEEN);
    // Assess
    expect(report.schools.map((entry) => entry.schoolId)).toEqual(['s1']);
    expect(october.schools.map((entry) => entry.schoolId)).toEqual(['s-old']);
  });

  it('owes no weekly, monthly or term occasion that starts after it left', () => {
    // Prepare: archived from 1 September 2026, the autumn term's first day.
    const archived = school('s-old', { archivedOn: '2026-09-01' });
    // Act
    const term = expectation({ cadence: 'term', appliesTo: 'all' }, archived, '2026-09');
    // Assess
    expect(term.slots).toEqual([]);
  });
});

describe('countsBy', () => {
  it('counts an occasion that closed before the day, or one already answered', () => {
    // Prepare
    const weekly = expectation({ cadence: 'weekly', appliesTo: 'all' }, school('s1'), DECEMBER);
    // Assess: the week of 7 December closes on Friday the 11th.
    expect(weekly.closesOn('2026-12-07')).toBe('2026-12-11');
    expect(countsBy(weekly, '2026-12-07', new Set(), '2026-12-11')).toBe(false);
    expect(countsBy(weekly, '2026-12-07', new Set(), '2026-12-12')).toBe(true);
    expect(countsBy(weekly, '2026-12-07', new Set(['2026-12-07']), '2026-12-08')).toBe(true);
    expect(countsBy(weekly, '2026-12-07', new Set())).toBe(true);
  });
});
