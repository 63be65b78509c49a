import type { DistrictCalendar } from '../../../shared/calendar/school-calendar';
import {
  expectation,
  expectedSubmissions,
  type ExpectedForm,
  type ExpectedSchool,
} from '../../../shared/compliance/expected';
import { findForm } from '../../../shared/forms/catalogue';
import type { AppliesTo, Cadence } from '../../../shared/forms/types';

function school(overrides: Partial<ExpectedSchool> = {}): ExpectedSchool {
  return { hasCanteen: true, boarding: false, nutritionProgramme: false, registeredOn: '2025-09-01', ...overrides };
}

function form(cadence: Cadence, appliesTo: AppliesTo = 'all'): ExpectedForm {
  return { cadence, appliesTo };
}

function calendar(parts: Partial<Required<DistrictCalendar>>): DistrictCalendar {
  return { terms: [], extraHolidays: [], extraSchoolDays: [], ...parts };
}

/** The submissions `expected` expects of `who` in each of `months`, in their order. */
function expectedIn(
  months: string[],
  expected: ExpectedForm,
  who: ExpectedSchool = school(),
  district?: DistrictCalendar,
): number[] {
  return months.map((month) => expectedSubmissions(expected, who, month, district));
}

const canteenDaily = findForm('canteen-daily')!;
const dormitoryPatrol = findForm('dormitory-patrol')!;

describe('expectedSubmissions', () => {
  describe('school-day and school-night forms', () => {
    it('expects a canteen check every school day of October 2026: 18, with the make-up Saturday', () => {
      expect(expectedSubmissions(canteenDaily, school(), '2026-10')).toBe(18);
      expect(expectation(canteenDaily, school(), '2026-10').slots).toContain('2026-10-10');
    });

    it('expects no canteen check but a dormitory patrol every school night from a boarding school without a canteen', () => {
      // Prepare
      const boarding = school({ hasCanteen: false, boarding: true });
      // Act / Assess
      expect(expectedSubmissions(canteenDaily, boarding, '2026-10')).toBe(0);
      expect(expectedSubmissions(dormitoryPatrol, boarding, '2026-10')).toBe(18);
      expect(expectedSubmissions(dormitoryPatrol, school(), '2026-10')).toBe(0);
    });

    it('expects a nutrition-programme form only from schools in the programme', () => {
      expect(expectedSubmissions(form('school-day', 'nutritionProgramme'), school(), '2026-10')).toBe(0);
      expect(
        expectedSubmissions(form('school-day', 'nutritionProgramme'), school({ nutritionProgramme: true }), '2026-10'),
      ).toBe(18);
    });

    it('follows the district calendar: an extra holiday, an extra school day, its own terms', () => {
      expect(expectedSubmissions(canteenDaily, school(), '2026-10', calendar({ extraHolidays: ['2026-10-15'] }))).toBe(
        17,
      );
      expect(
        expectedSubmissions(canteenDaily, school(), '2026-10', calendar({ extraSchoolDays: ['2026-10-11'] })),
      ).toBe(19);
      expect(
        expectedSubmissions(
          canteenDaily,
          school(),
          '2026-08',
          calendar({ terms: [{ name: '秋季学期', start: '2026-08-31', end: '2027-01-22' }] }),
        ),
      ).toBe(1);
    });

    it('answers a day only with a submission dated that school day', () => {
      // Prepare
      const { slotOf } = expectation(canteenDaily, school(), '2026-10');
      // Act / Assess
      expect(slotOf('2026-10-12')).toBe('2026-10-12');
      expect(slotOf('2026-10-11')).toBeUndefined();
      expect(slotOf('2026-10-03')).toBeUndefined();
      expect(slotOf('2026-09-30')).toBeUndefined();
    });
  });

  describe('a school registered mid-month', () => {
    it('is expected to submit only from its registration date on', () => {
      // Prepare: registered on Tuesday 20 October 2026.
      const late = school({ boarding: true, registeredOn: '2026-10-20' });
      // Act / Assess: 20–23 and 26–30 October.
      expect(expectedSubmissions(canteenDaily, late, '2026-10')).toBe(9);
      expect(expectation(canteenDaily, late, '2026-10').slots[0]).toBe('2026-10-20');
      expect(expectedSubmissions(dormitoryPatrol, late, '2026-10')).toBe(9);
      expect(expectedSubmissions(form('weekly'), late, '2026-10')).toBe(2);
      expect(expectedSubmissions(form('monthly'), late, '2026-10')).toBe(1);
      expect(expectedSubmissions(form('term'), late, '2026-10')).toBe(1);
    });

    it('is expected nothing in a month before it was registered', () => {
      // Prepare
      const late = school({ registeredOn: '2026-10-20' });
      // Act / Assess
      for (const cadence of ['school-day', 'school-night', 'weekly', 'monthly', 'term'] as const) {
        expect(expectedSubmissions(form(cadence), late, '2026-09')).toBe(0);
      }
    });

    it('is expected nothing when no school day is left after its registration', () => {
      // Prepare: Saturday 31 October.
      const late = school({ registeredOn: '2026-10-31' });
      // Act / Assess
      expect(expectedSubmissions(canteenDaily, late, '2026-10')).toBe(0);
      expect(expectedSubmissions(form('weekly'), late, '2026-10')).toBe(0);
      expect(expectedSubmissions(form('monthly'), late, '2026-10')).toBe(0);
    });
  });

  describe('weekly forms', () => {
    it('counts the weeks of the month (by their Thursday) that have a school day in it', () => {
      // October 2026: the week of 28 September has only holidays in October; November has four
      // weeks (30 November's belongs to December), December five, August none.
      expect(expectedIn(['2026-10', '2026-11', '2026-12', '2026-08'], form('weekly'))).toEqual([4, 4, 5, 0]);
    });

    it('answers a week with any submission dated in it, in the month', () => {
      // Prepare
      const { slots, slotOf } = expectation(form('weekly'), school(), '2026-10');
      // Act / Assess
      expect(slots).toEqual(['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26']);
      expect(slotOf('2026-10-14')).toBe('2026-10-12');
      expect(slotOf('2026-10-18')).toBe('2026-10-12');
      expect(slotOf('2026-10-02')).toBeUndefined();
    });
  });

  describe('monthly and term forms', () => {
    it('expects a monthly form in a month with school days only', () => {
      expect(expectedIn(['2026-10', '2026-08'], form('monthly'))).toEqual([1, 0]);
      expect(expectation(form('monthly'), school(), '2026-10').slotOf('2026-10-03')).toBe('2026-10');
    });

    it("expects a term form in the month of the term's first school day only", () => {
      // The default spring term starts on Sunday 1 March 2026: its first school day is the 2nd.
      expect(expectedIn(['2026-09', '2026-10', '2026-03', '2026-02'], form('term'))).toEqual([1, 0, 1, 0]);
    });

    it("expects a term form when the district's own term starts", () => {
      // Prepare
      const district = calendar({ terms: [{ name: '秋季学期', start: '2026-08-31', end: '2027-01-22' }] });
      // Act / Assess
      expect(expectedIn(['2026-08', '2026-09'], form('term'), school(), district)).toEqual([1, 0]);
    });
  });

  describe('event forms', () => {
    it('never expects one', () => {
      expect(expectedIn(['2026-03', '2026-09', '2026-10'], form('event'))).toEqual([0, 0, 0]);
      expect(expectation(form('event'), school(), '2026-10').slotOf('2026-10-12')).toBeUndefined();
    });
  });
});
