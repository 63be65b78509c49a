/**
 * Calendar time. A submission's `date` is a school-local calendar date (YYYY-MM-DD, district
 * timezone); a month is YYYY-MM in district time; timestamps are ISO-8601 UTC.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) at `now` in an IANA timezone. */
export function localDate(timezone: string, now: Date = new Date()): string {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timezone, formatter);
  }
  return formatter.format(now);
}

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time (YYYY-MM-DD HH:mm, 24-hour) at `instant` in an IANA timezone, as people there read it. */
export function localDateTime(timezone: string, instant: Date): string {
  let formatter = dateTimeFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormatters.set(timezone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Whether `value` is a real calendar date written YYYY-MM-DD (so 2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `date` plus `days` calendar days (negative to go back). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The same calendar day one year earlier (29 February → 28 February). */
export function minusOneYear(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const candidate = `${String(year - 1).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(candidate) ? candidate : addDays(candidate.slice(0, 8) + '01', day - 2);
}

/** The month (YYYY-MM) a date falls in. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Whether `value` is a month written YYYY-MM. */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}
