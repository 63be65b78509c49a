import chineseDays from 'chinese-days/dist/chinese-days.json';
import { datesOfMonth, isoWeekday } from '../time';
import loadedYears from './national-years.json';
import type { NationalYear } from './national-years';

/*
 * China's national calendar: statutory holidays (法定节假日) and the make-up working days
 * (调休, a Saturday or Sunday that is worked) as the State Council announces them each year,
 * from the maintained `chinese-days` package. Updating that package is how a new year's
 * announcement reaches the system; until it has a year, an administrator loads that year from
 * the State Council's notice (`npm run admin -- calendar national`, national-years.ts), which
 * overrides the package for that year.
 *
 * We read the package's published data file (`dist/chinese-days.json`: date → holiday or
 * make-up workday) rather than its functions: those build their tables from dates read in the
 * process's local time, so west of UTC they answer for the day before (a Lambda runs in UTC, a
 * developer's laptop may not). Dates in the file are plain calendar dates.
 */

const data = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };
/** Date → "English name,中文名,…" of every holiday and make-up working day. */
const holidayNames = new Map(Object.entries(data.holidays));
const workdayNames = new Map(Object.entries(data.workdays));
const holidays = new Set(holidayNames.keys());
const makeUpWorkdays = new Set(workdayNames.keys());
const announcedYears = new Set([...holidays].map((date) => Number(date.slice(0, 4))));
const packageYears: ReadonlySet<number> = new Set(announcedYears);

/** Whether the chinese-days package itself holds `year` (whatever was loaded over it). */
export function packageCalendarKnown(year: number): boolean {
  return packageYears.has(year);
}
/** The years an administrator loaded, and where from. */
const loaded = new Map<number, NationalYear>();
let version = 0;

/**
 * Uses a loaded year (national-years.ts) instead of whatever the package holds for that year.
 * national-years.json's years are used at start; tests may add one.
 */
export function useNationalYear(year: NationalYear): void {
  const prefix = `${year.year}-`;
  for (const map of [holidayNames, workdayNames])
    for (const date of [...map.keys()]) if (date.startsWith(prefix)) map.delete(date);
  for (const set of [holidays, makeUpWorkdays])
    for (const date of [...set]) if (date.startsWith(prefix)) set.delete(date);
  for (const [date, name] of Object.entries(year.holidays)) {
    holidayNames.set(date, name);
    holidays.add(date);
  }
  for (const [date, name] of Object.entries(year.workdays)) {
    workdayNames.set(date, name);
    makeUpWorkdays.add(date);
  }
  announcedYears.add(year.year);
  loaded.set(year.year, year);
  workdaysByMonth.clear();
  version += 1;
}

/** Changes whenever a year is loaded: part of the school-day caches' keys. */
export function nationalCalendarVersion(): number {
  return version;
}

/** Where a year's national calendar comes from: loaded by an administrator, the package, or nowhere. */
export function nationalCalendarSource(
  year: number,
): { kind: 'loaded'; source: string; loadedAt: string } | { kind: 'package' } | undefined {
  const entry = loaded.get(year);
  if (entry) return { kind: 'loaded', source: entry.source, loadedAt: entry.loadedAt };
  return announcedYears.has(year) ? { kind: 'package' } : undefined;
}

/** Cached per month; a cache of every month of a century is ~1,200 small sets. */
const workdaysByMonth = new Map<string, ReadonlySet<string>>();
const MAX_CACHED_MONTHS = 2_400;

for (const year of Object.values((loadedYears as { years: Record<string, NationalYear> }).years)) useNationalYear(year);

/**
 * The national working days of a month (`YYYY-MM`): Monday–Friday except statutory holidays,
 * plus the make-up working days. For a year the package has no announcement for yet, this is
 * simply Monday–Friday (see `nationalCalendarKnown`).
 */
export function nationalWorkdays(month: string): ReadonlySet<string> {
  let workdays = workdaysByMonth.get(month);
  if (!workdays) {
    workdays = new Set(
      datesOfMonth(month).filter((date) => makeUpWorkdays.has(date) || (isoWeekday(date) <= 5 && !holidays.has(date))),
    );
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
  const entry = holidayNames.get(date) ?? workdayNames.get(date);
  if (!entry) return undefined;
  // Entries read "National Day,国庆节,3": English name, Chinese name, the holiday's number.
  const [en = '', zh = ''] = entry.split(',');
  return { zh, en };
}

/**
 * Whether the State Council's holiday announcement for `year` is known: in the package, or
 * loaded by an administrator (it is usually published in November for the next year). Without it
 * only weekends are days off, so that year's holidays count as school days until the package is
 * updated, the year is loaded (`npm run admin -- calendar national`) or the district lists them
 * in `extraHolidays`.
 */
export function nationalCalendarKnown(year: number): boolean {
  return announcedYears.has(year);
}
