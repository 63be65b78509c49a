import { monthBounds, shiftDate, shiftMonth } from '../calendar/dates';

/*
 * Where a district's month begins and ends as instants, for comparing with the UTC timestamps
 * of hazard histories and photos. Pure: Intl's timezone data, no process timezone.
 */

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the clocks of `timezone` are ahead of UTC at the instant `epochMs`. */
function offsetAt(timezone: string, epochMs: number): number {
  let formatter = offsetFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timezone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The first instant of the school-local `date` (YYYY-MM-DD) in `timezone`, as a Date. */
export function startOfLocalDay(date: string, timezone: string): Date {
  const wallClock = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  // Two passes settle a day that starts next to an offset change (daylight saving time).
  const first = wallClock - offsetAt(timezone, wallClock);
  return new Date(wallClock - offsetAt(timezone, first));
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
  const next = shiftDate(last, 1);
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
