import chineseDays from 'chinese-days/dist/chinese-days.json';
import { datesOfMonth, isoWeekday } from './dates';

/*
 * China's national calendar: statutory holidays (法定节假日) and the make-up working days
 * (调休, a Saturday or Sunday that is worked) as the State Council announces them each year,
 * from the maintained `chinese-days` package. Updating that package is how a new year's
 * announcement reaches the system.
 *
 * We read the package's published data file (`dist/chinese-days.json`: date → holiday or
 * make-up workday) rather than its functions: those build their tables from dates read in the
 * process's local time, so west of UTC they answer for the day before (a Lambda runs in UTC, a
 * developer's laptop may not). Dates in the file are plain calendar dates.
 */

const data = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };
const holidays = new Set(Object.keys(data.holidays));
const makeUpWorkdays = new Set(Object.keys(data.workdays));
const announcedYears = new Set([...holidays].map((date) => Number(date.slice(0, 4))));

/** Cached per month; a cache of every month of a century is ~1,200 small sets. */
const workdaysByMonth = new Map<string, ReadonlySet<string>>();
const MAX_CACHED_MONTHS = 2_400;

/**
 * The national working days of a month (`YYYY-MM`): Monday–Friday except statutory holidays,
 * plus the make-up working days. For a year the package has no announcement for yet, this is
 * simply Monday–Friday (see `nationalCalendarKnown`).
 */
export function nationalWorkdays(month: string): ReadonlySet<string> {
  let workdays = workdaysByMonth.get(month);
  if (!workdays) {
    workdays = new Set(datesOfMonth(month).filter((date) => makeUpWorkdays.has(date) || (isoWeekday(date) <= 5 && !holidays.has(date))));
    if (workdaysByMonth.size >= MAX_CACHED_MONTHS) workdaysByMonth.clear();
    workdaysByMonth.set(month, workdays);
  }
  return workdays;
}

/** Whether a date (`YYYY-MM-DD`) is a national working day. */
export function isNationalWorkday(date: string): boolean {
  return nationalWorkdays(date.slice(0, 7)).has(date);
}

/** The name of a national holiday or make-up working day (`国庆节` …), or undefined for an ordinary day. */
export function nationalDayName(date: string): { zh: string; en: string } | undefined {
  const entry = data.holidays[date] ?? data.workdays[date];
  if (!entry) return undefined;
  // Entries read "National Day,国庆节,3": English name, Chinese name, the holiday's number.
  const [en = '', zh = ''] = entry.split(',');
  return { zh, en };
}

/**
 * Whether the package holds the State Council's holiday announcement for `year` (it is usually
 * published in November for the next year). Without it only weekends are days off, so that
 * year's holidays count as school days until the package is updated or the district lists them
 * in `extraHolidays`.
 */
export function nationalCalendarKnown(year: number): boolean {
  return announcedYears.has(year);
}
