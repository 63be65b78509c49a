/*
 * Calendar-date arithmetic on `YYYY-MM-DD` strings, with no `Date` and no timezone: a school
 * day is a calendar date in the district's own time, so nothing here may depend on where the
 * code runs. Days are counted from 1970-01-01 (day 0) on the proleptic Gregorian calendar
 * (H. Hinnant's civil-date algorithms), which is exact for every four-digit year.
 */

/** Day number (days since 1970-01-01) of a well-formed `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const year = Number(date.slice(0, 4)) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDayNumber(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `date` plus `days` calendar days (negative to go back). */
export function shiftDate(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  // Day 0, 1970-01-01, was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday of the ISO week (Monday–Sunday) a date falls in. */
export function weekStart(date: string): string {
  return shiftDate(date, 1 - isoWeekday(date));
}

/** The first and last date of a month (`YYYY-MM`). */
export function monthBounds(month: string): { first: string; last: string } {
  const first = `${month}-01`;
  return { first, last: shiftDate(`${shiftMonth(month, 1)}-01`, -1) };
}

/** Every date of a month, in order. */
export function datesOfMonth(month: string): string[] {
  const { first, last } = monthBounds(month);
  const dates: string[] = [];
  for (let day = dayNumber(first), end = dayNumber(last); day <= end; day++) dates.push(dateOfDayNumber(day));
  return dates;
}

/** `month` plus `months` months (negative to go back). */
export function shiftMonth(month: string, months: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The later of two dates (ISO dates compare as strings). */
export function laterDate(a: string, b: string): string {
  return a > b ? a : b;
}
