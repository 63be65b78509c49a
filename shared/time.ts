/*
 * The one date module. A submission's `date` is a school-local calendar date (YYYY-MM-DD,
 * district timezone); a month is YYYY-MM in district time; timestamps are ISO-8601 UTC.
 *
 * Calendar dates: arithmetic on `YYYY-MM-DD` strings that does not depend on where the code runs.
 * Day numbers count from 1970-01-01 (day 0) on the proleptic Gregorian calendar (H. Hinnant's
 * civil-date algorithms), exact for every four-digit year.
 *
 * Time zones: where a district's days and months begin and end as instants, and what its clocks
 * read at an instant. Intl's timezone data only, never the process timezone.
 */

// ---------------------------------------------------------------------------------------------
// Calendar dates

/** Whether `value` is a real calendar date written YYYY-MM-DD (so 2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

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

/** `YYYY-MM-DD` with a month 01–12: day numbers count it exactly (a day past the month's end rolls over). */
const DAY_NUMBERED = /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/;

/** `date` plus `days` calendar days (negative to go back). */
export function addDays(date: string, days: number): string {
  if (DAY_NUMBERED.test(date)) return dateOfDayNumber(dayNumber(date) + days);
  // Anything else as Date reads it (an unreadable date throws RangeError). setUTCFullYear, unlike
  // Date.UTC, does not read the years 0–99 as 1900–1999.
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const result = new Date(0);
  result.setUTCFullYear(year, month - 1, day + days);
  return result.toISOString().slice(0, 10);
}

/** The same calendar day one year earlier (29 February → 28 February). */
export function minusOneYear(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const candidate = `${String(year - 1).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(candidate) ? candidate : addDays(candidate.slice(0, 8) + '01', day - 2);
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  // Day 0, 1970-01-01, was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday of the ISO week (Monday–Sunday) a date falls in. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The later of two dates (ISO dates compare as strings). */
export function laterDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** The month (YYYY-MM) a date falls in. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Whether `value` is a month written YYYY-MM. */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** `month` plus `months` months (negative to go back). */
export function shiftMonth(month: string, months: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first and last date of a month (`YYYY-MM`). */
export function monthBounds(month: string): { first: string; last: string } {
  const first = `${month}-01`;
  return { first, last: addDays(`${shiftMonth(month, 1)}-01`, -1) };
}

/** Every date of a month, in order. */
export function datesOfMonth(month: string): string[] {
  const { first, last } = monthBounds(month);
  const dates: string[] = [];
  for (let day = dayNumber(first), end = dayNumber(last); day <= end; day++) dates.push(dateOfDayNumber(day));
  return dates;
}

// ---------------------------------------------------------------------------------------------
// Time zones

/** One formatter per timezone and kind, made on first use (making one is what costs). */
function formatterFor(
  cache: Map<string, Intl.DateTimeFormat>,
  timezone: string,
  locale: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let formatter = cache.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone: timezone });
    cache.set(timezone, formatter);
  }
  return formatter;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) at `now` in an IANA timezone. */
export function localDate(timezone: string, now: Date = new Date()): string {
  return formatterFor(dateFormatters, timezone, 'en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
}

/** What the clocks of `timezone` read at the instant `epochMs`: year, month, day, hour (00–23), minute, second. */
function wallClock(
  timezone: string,
  epochMs: number,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const formatter = formatterFor(wallClockFormatters, timezone, 'en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(formatter.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
    second: parts.second ?? '',
  };
}

/** The wall-clock time (YYYY-MM-DD HH:mm, 24-hour) at `instant` in an IANA timezone, as people there read it. */
export function localDateTime(timezone: string, instant: Date): string {
  const { year, month, day, hour, minute } = wallClock(timezone, instant.getTime());
  return `${year}-${month}-${day} ${hour}:${minute}`;
}

/** Milliseconds the clocks of `timezone` are ahead of UTC at the instant `epochMs`. */
function offsetAt(timezone: string, epochMs: number): number {
  const { year, month, day, hour, minute, second } = wallClock(timezone, epochMs);
  const asUtc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The first instant of the school-local `date` (YYYY-MM-DD) in `timezone`, as a Date. */
export function startOfLocalDay(date: string, timezone: string): Date {
  const wallClockMs = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  // Two passes settle a day that starts next to an offset change (daylight saving time).
  const first = wallClockMs - offsetAt(timezone, wallClockMs);
  return new Date(wallClockMs - offsetAt(timezone, first));
}

/** A month as dates and instants in a district's time. */
export interface MonthSpan {
  month: string;
  /** First and last date of the month. */
  first: string;
  last: string;
  /** The first date after the month: "today" at `end`. */
  next: string;
  /** The month's first instant (ISO-8601 UTC, inclusive). */
  start: string;
  /** The first instant after the month (ISO-8601 UTC, exclusive): the report's `asOf`. */
  end: string;
}

/** `month` (YYYY-MM) in `timezone`. */
export function monthSpan(month: string, timezone: string): MonthSpan {
  const { first, last } = monthBounds(month);
  const next = addDays(last, 1);
  return {
    month,
    first,
    last,
    next,
    start: startOfLocalDay(first, timezone).toISOString(),
    end: startOfLocalDay(`${shiftMonth(month, 1)}-01`, timezone).toISOString(),
  };
}

/** Whether the ISO-8601 instant `at` falls in [start, end). Unreadable instants fall nowhere. */
export function instantWithin(at: string, span: Pick<MonthSpan, 'start' | 'end'>): boolean {
  const time = Date.parse(at);
  return Number.isFinite(time) && time >= Date.parse(span.start) && time < Date.parse(span.end);
}

/** Whether the ISO-8601 instant `at` is before `end`. Unreadable instants are not. */
export function instantBefore(at: string, end: string): boolean {
  const time = Date.parse(at);
  return Number.isFinite(time) && time < Date.parse(end);
}
