import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { nationalCalendarKnown, nationalDayName, isNationalWorkday } from '../../../shared/calendar/national';
import {
  defaultTerms,
  firstSchoolDayOfTerm,
  isSchoolDay,
  monthOfWeek,
  schoolDays,
  schoolNights,
  termContaining,
  termsBetween,
  weeksOfMonth,
  type DistrictCalendar,
} from '../../../shared/calendar/school-calendar';

/** A district calendar with only the parts a test names. */
function calendar(parts: Partial<Required<DistrictCalendar>>): DistrictCalendar {
  return { terms: [], extraHolidays: [], extraSchoolDays: [], ...parts };
}

/** The school days of October 2026 under the national calendar and the default autumn term. */
const OCTOBER_2026 = [
  // 1–7 October: National Day (国庆节) holidays; 10 October, a Saturday, is the make-up working day (调休).
  '2026-10-08',
  '2026-10-09',
  '2026-10-10',
  '2026-10-12',
  '2026-10-13',
  '2026-10-14',
  '2026-10-15',
  '2026-10-16',
  '2026-10-19',
  '2026-10-20',
  '2026-10-21',
  '2026-10-22',
  '2026-10-23',
  '2026-10-26',
  '2026-10-27',
  '2026-10-28',
  '2026-10-29',
  '2026-10-30',
];

describe('national calendar (chinese-days)', () => {
  it('holds the 2026 National Day holidays and their make-up working days', () => {
    // The State Council's 2026 schedule: 1–7 October off; Sunday 20 September and Saturday 10 October worked.
    expect(['2026-10-01', '2026-10-05', '2026-10-07'].map(isNationalWorkday)).toEqual([false, false, false]);
    expect(isNationalWorkday('2026-09-20')).toBe(true);
    expect(isNationalWorkday('2026-10-10')).toBe(true);
    expect(isNationalWorkday('2026-10-11')).toBe(false);
    expect(nationalDayName('2026-10-10')).toEqual({ zh: '国庆节', en: 'National Day' });
    expect(nationalDayName('2026-10-12')).toBeUndefined();
  });

  it('knows which years have been announced', () => {
    expect(nationalCalendarKnown(2026)).toBe(true);
    expect(nationalCalendarKnown(2004)).toBe(true);
    expect(nationalCalendarKnown(2003)).toBe(false);
  });
});

describe('schoolDays', () => {
  it('takes national holidays off and counts a make-up Saturday in October 2026', () => {
    // Act
    const days = schoolDays('2026-10');
    // Assess
    expect(days).toEqual(OCTOBER_2026);
    expect(days).toHaveLength(18);
  });

  it('counts a make-up Sunday and skips the Mid-Autumn Friday in September 2026', () => {
    // Act
    const days = schoolDays('2026-09');
    // Assess
    expect(days).toHaveLength(22);
    expect(days[0]).toBe('2026-09-01');
    expect(days).toContain('2026-09-20');
    expect(days).not.toContain('2026-09-25');
  });

  it('follows the default school year: autumn to 15 January, spring 1 March to 10 July', () => {
    expect(schoolDays('2026-01')).toEqual([
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-12',
      '2026-01-13',
      '2026-01-14',
      '2026-01-15',
    ]);
    // The make-up Saturdays of the Spring Festival (14 and 28 February) fall in the winter holiday.
    expect(schoolDays('2026-02')).toEqual([]);
    expect(schoolDays('2026-03')).toHaveLength(22);
    expect(schoolDays('2026-05')).toHaveLength(19);
    expect(schoolDays('2026-07')).toEqual([
      '2026-07-01',
      '2026-07-02',
      '2026-07-03',
      '2026-07-06',
      '2026-07-07',
      '2026-07-08',
      '2026-07-09',
      '2026-07-10',
    ]);
    expect(schoolDays('2026-08')).toEqual([]);
  });

  it('takes a district extra holiday off', () => {
    // Act
    const days = schoolDays('2026-10', calendar({ extraHolidays: ['2026-10-15'] }));
    // Assess
    expect(days).toEqual(OCTOBER_2026.filter((date) => date !== '2026-10-15'));
  });

  it('adds a district extra school day, even on a Sunday or in the summer holiday', () => {
    // Prepare
    const district = calendar({ extraSchoolDays: ['2026-10-11', '2026-08-29'] });
    // Act / Assess
    expect(schoolDays('2026-10', district)).toEqual([
      ...OCTOBER_2026.slice(0, 3),
      '2026-10-11',
      ...OCTOBER_2026.slice(3),
    ]);
    expect(schoolDays('2026-08', district)).toEqual(['2026-08-29']);
  });

  it('lets an extra school day win over an extra holiday on the same date', () => {
    expect(schoolDays('2026-10', calendar({ extraHolidays: ['2026-10-16'], extraSchoolDays: ['2026-10-16'] }))).toEqual(
      OCTOBER_2026,
    );
  });

  it("follows a district's own terms, and the default terms wholly outside them", () => {
    // Prepare: a spring term from 24 February to 3 July 2026 only.
    const district = calendar({ terms: [{ name: '2026年春季学期', start: '2026-02-24', end: '2026-07-03' }] });
    // Act / Assess: 28 February is a make-up Saturday inside this term.
    expect(schoolDays('2026-02', district)).toEqual([
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
    ]);
    expect(schoolDays('2026-07', district)).toEqual(['2026-07-01', '2026-07-02', '2026-07-03']);
    // The calendar was not extended: the default terms before and after it still apply.
    expect(schoolDays('2026-01', district)).toHaveLength(10);
    expect(schoolDays('2026-10', district)).toEqual(OCTOBER_2026);
  });

  it('drops a default term that overlaps one of the district', () => {
    // Prepare: the district's autumn term starts a week later than the default one.
    const district = calendar({ terms: [{ name: '2026年秋季学期', start: '2026-09-07', end: '2027-01-10' }] });
    // Act
    const days = schoolDays('2026-09', district);
    // Assess
    expect(days[0]).toBe('2026-09-07');
    expect(days).toHaveLength(18);
  });

  it('ignores malformed calendar entries', () => {
    // Prepare
    const district = calendar({
      terms: [{ name: 'backwards', start: '2026-12-01', end: '2026-11-01' }],
      extraHolidays: ['2026-10-32', 'soon'],
      extraSchoolDays: ['2026-13-01'],
    });
    // Act / Assess
    expect(schoolDays('2026-10', district)).toEqual(OCTOBER_2026);
  });

  it('counts only weekends off in a year the package has no announcement for', () => {
    // 2027's holidays are not announced yet: New Year's Day is a school day until the package is
    // updated, unless the district lists it.
    expect(nationalCalendarKnown(2027)).toBe(false);
    expect(schoolDays('2027-01')[0]).toBe('2027-01-01');
    expect(schoolDays('2027-01', calendar({ extraHolidays: ['2027-01-01'] }))[0]).toBe('2027-01-04');
  });

  it('memoizes per month and calendar, and hands out frozen lists', () => {
    // Prepare
    const district = calendar({ extraHolidays: ['2026-10-15'] });
    // Act
    const first = schoolDays('2026-10', district);
    const again = schoolDays('2026-10', calendar({ extraHolidays: ['2026-10-15'] }));
    // Assess
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(schoolDays('2026-10')).not.toBe(first);
  });

  it('gives the same days whatever the process timezone', () => {
    // Prepare: a separate process west of UTC, where date libraries that mix UTC and local time slip a day.
    const script =
      "const { schoolDays } = require('./shared/calendar/school-calendar.ts'); process.stdout.write(JSON.stringify(schoolDays('2026-10')));";
    // Act
    const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...process.env, TZ: 'Pacific/Honolulu' },
      encoding: 'utf8',
    });
    // Assess
    expect(JSON.parse(output)).toEqual(OCTOBER_2026);
  });

  it('answers isSchoolDay from the same list', () => {
    expect(isSchoolDay('2026-10-10')).toBe(true);
    expect(isSchoolDay('2026-10-11')).toBe(false);
    expect(isSchoolDay('2026-10-11', calendar({ extraSchoolDays: ['2026-10-11'] }))).toBe(true);
  });
});

describe('schoolNights', () => {
  it("counts each school day's night, Friday's included and Sunday's not", () => {
    // Act
    const nights = schoolNights('2026-10');
    // Assess
    expect(nights).toEqual(OCTOBER_2026);
    expect(nights).toContain('2026-10-16');
    expect(nights).not.toContain('2026-10-11');
  });
});

describe('terms', () => {
  it('names the default terms of a year', () => {
    expect(defaultTerms(2026)).toEqual([
      { name: '2026年春季学期', start: '2026-03-01', end: '2026-07-10' },
      { name: '2026年秋季学期', start: '2026-09-01', end: '2027-01-15' },
    ]);
  });

  it('finds the term a date falls in, and none in the holidays', () => {
    expect(termContaining('2026-10-10')?.name).toBe('2026年秋季学期');
    expect(termContaining('2026-01-10')?.name).toBe('2025年秋季学期');
    expect(termContaining('2026-08-15')).toBeUndefined();
    expect(termsBetween('2026-07-01', '2026-09-30').map((term) => term.name)).toEqual([
      '2026年春季学期',
      '2026年秋季学期',
    ]);
  });

  it("finds a term's first school day, from a date on", () => {
    // Prepare
    const autumn = defaultTerms(2026)[1]!;
    // Act / Assess: 25–27 September is the Mid-Autumn holiday.
    expect(firstSchoolDayOfTerm(autumn)).toBe('2026-09-01');
    expect(firstSchoolDayOfTerm(autumn, undefined, '2026-09-25')).toBe('2026-09-28');
    expect(firstSchoolDayOfTerm(autumn, undefined, '2027-02-01')).toBeUndefined();
  });
});

describe('weeksOfMonth', () => {
  it('gives a month the ISO weeks whose Thursday falls in it', () => {
    // Act
    const november = weeksOfMonth('2026-11');
    const december = weeksOfMonth('2026-12');
    // Assess: Monday 30 November's week has its Thursday on 3 December.
    expect(november.map((week) => week.week)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(december[0]).toEqual({
      week: '2026-11-30',
      dates: ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'],
    });
    expect(december).toHaveLength(5);
    expect(weeksOfMonth('2026-10').map((week) => week.week)).toEqual([
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
    ]);
    expect(monthOfWeek('2026-11-30')).toBe('2026-12');
    expect(monthOfWeek('2026-10-01')).toBe('2026-10');
  });
});
