import { addDays, datesOfMonth, isCalendarDate, laterDate, monthBounds, shiftMonth, weekStart } from '../time';
import { nationalCalendarVersion, nationalWorkdays } from './national';

/*
 * Which days are school days, for a district (DESIGN.md § Time; DOMAIN.md § Compliance).
 *
 * A date is a school day when the district lists it in `extraSchoolDays`; otherwise when it lies
 * inside a term, is a national working day (so statutory holidays are off and make-up working
 * days 调休, even on a Saturday or Sunday, are school days) and is not one of the district's
 * `extraHolidays`. An extra school day wins over everything, including an extra holiday.
 *
 * Terms. A district's own terms rule the span of time they cover (the earliest term's start to
 * the latest term's end). A default term (`DEFAULT_TERMS`) applies when it lies wholly outside
 * that span, and every default term applies for a district with no terms at all; so a calendar
 * that was not extended for a new school year still gives sensible school days, never none.
 *
 * School nights (boarding). The night of a school day D is a school night; a dormitory patrol
 * made that night is dated D, even when it runs past midnight. So the school nights of a month
 * are its school days (a Friday night is one, a Sunday night before Monday is not).
 *
 * Weeks. Weeks are ISO weeks (Monday–Sunday). A week that spans two months belongs to the month
 * of its Thursday, as ISO 8601 assigns weeks to years, so every week belongs to exactly one month
 * and a month has four or five of them. A week's days that fall in another month are not part
 * of this month's reckoning: submissions are always counted in the month they are dated in.
 *
 * Everything here is pure, independent of the process timezone, and memoized per month (a
 * calendar object is read once and must not be changed afterwards).
 */

/** A term (学期): first and last day, inclusive. */
export interface Term {
  name: string;
  start: string;
  end: string;
}

/** A district's calendar as stored on the district (every part optional). */
export interface DistrictCalendar {
  terms?: readonly Term[];
  /** Days off that the national calendar does not have (a local holiday, a sports day). */
  extraHolidays?: readonly string[];
  /** School days that the national calendar does not have (a local make-up day). */
  extraSchoolDays?: readonly string[];
}

/**
 * The default school year, month-day of first and last day of each term: autumn term (秋季学期)
 * 1 September – 15 January, spring term (春季学期) 1 March – 10 July. These are the core that
 * every province's calendar covers (terms start between late August and early March and end
 * between mid January and mid July), so a school is never expected to submit on a day it may
 * well be on holiday; a district sets its exact terms in its calendar.
 */
export const DEFAULT_TERMS = {
  autumn: { start: '09-01', end: '01-15', name: { zh: '秋季学期', en: 'autumn term' } },
  spring: { start: '03-01', end: '07-10', name: { zh: '春季学期', en: 'spring term' } },
} as const;

/** The default terms that start in `year`: its spring term and its autumn term. */
export function defaultTerms(year: number): Term[] {
  const y = String(year).padStart(4, '0');
  const next = String(year + 1).padStart(4, '0');
  return [
    {
      name: `${y}年${DEFAULT_TERMS.spring.name.zh}`,
      start: `${y}-${DEFAULT_TERMS.spring.start}`,
      end: `${y}-${DEFAULT_TERMS.spring.end}`,
    },
    {
      name: `${y}年${DEFAULT_TERMS.autumn.name.zh}`,
      start: `${y}-${DEFAULT_TERMS.autumn.start}`,
      end: `${next}-${DEFAULT_TERMS.autumn.end}`,
    },
  ];
}

/** A calendar with malformed entries dropped, and a key that identifies it for the caches. */
interface CleanCalendar {
  terms: readonly Term[];
  /** First and last day the district's own terms cover; undefined when it has none. */
  span?: { start: string; end: string };
  extraHolidays: ReadonlySet<string>;
  extraSchoolDays: ReadonlySet<string>;
  key: string;
}

const cleanCalendars = new WeakMap<DistrictCalendar, CleanCalendar>();
const NO_CALENDAR: CleanCalendar = { terms: [], extraHolidays: new Set(), extraSchoolDays: new Set(), key: '' };

function clean(calendar: DistrictCalendar | undefined): CleanCalendar {
  if (!calendar) return NO_CALENDAR;
  let cleaned = cleanCalendars.get(calendar);
  if (!cleaned) {
    // A calendar is written by administrators; a malformed entry is ignored rather than failing every request.
    const terms = (calendar.terms ?? [])
      .filter((term) => isCalendarDate(term.start) && isCalendarDate(term.end) && term.start <= term.end)
      .map(({ name, start, end }) => ({ name, start, end }))
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const extraHolidays = [...new Set(calendar.extraHolidays ?? [])].filter(isCalendarDate).sort();
    const extraSchoolDays = [...new Set(calendar.extraSchoolDays ?? [])].filter(isCalendarDate).sort();
    const span = terms.length ? { start: terms[0]!.start, end: terms.map((t) => t.end).reduce(laterDate) } : undefined;
    cleaned = {
      terms,
      ...(span ? { span } : {}),
      extraHolidays: new Set(extraHolidays),
      extraSchoolDays: new Set(extraSchoolDays),
      key: JSON.stringify([terms, extraHolidays, extraSchoolDays]),
    };
    cleanCalendars.set(calendar, cleaned);
  }
  return cleaned;
}

/** Whether a default term applies: it must not overlap the span the district's own terms cover. */
function outsideSpan(term: Term, span: { start: string; end: string } | undefined): boolean {
  return !span || term.end < span.start || term.start > span.end;
}

/**
 * The terms in force between two dates (inclusive) for a district, ordered by start: its own
 * terms, and the default terms wholly outside the span its own terms cover.
 */
export function termsBetween(from: string, to: string, calendar?: DistrictCalendar): Term[] {
  const cleaned = clean(calendar);
  const defaults: Term[] = [];
  // The autumn term that started the year before may still run in January.
  for (let year = Number(from.slice(0, 4)) - 1; year <= Number(to.slice(0, 4)); year++)
    defaults.push(...defaultTerms(year));
  return [...cleaned.terms, ...defaults.filter((term) => outsideSpan(term, cleaned.span))]
    .filter((term) => term.start <= to && term.end >= from)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** The term a date falls in, or undefined during a holiday between terms. */
export function termContaining(date: string, calendar?: DistrictCalendar): Term | undefined {
  return termsBetween(date, date, calendar)[0];
}

const schoolDaysCache = new Map<string, readonly string[]>();
const MAX_CACHED = 5_000;

/**
 * The school days (`YYYY-MM-DD`, in order) of a month (`YYYY-MM`) for a district's calendar
 * (the default school year and the national calendar when it has none). Memoized per month and
 * calendar; the array is frozen.
 */
export function schoolDays(month: string, calendar?: DistrictCalendar): readonly string[] {
  const cleaned = clean(calendar);
  const cacheKey = `${month}|${nationalCalendarVersion()}|${cleaned.key}`;
  let days = schoolDaysCache.get(cacheKey);
  if (!days) {
    const { first, last } = monthBounds(month);
    const terms = termsBetween(first, last, calendar);
    const workdays = nationalWorkdays(month);
    const inTerm = (date: string) => terms.some((term) => term.start <= date && date <= term.end);
    days = Object.freeze(
      datesOfMonth(month).filter(
        (date) =>
          cleaned.extraSchoolDays.has(date) || (!cleaned.extraHolidays.has(date) && workdays.has(date) && inTerm(date)),
      ),
    );
    if (schoolDaysCache.size >= MAX_CACHED) schoolDaysCache.clear();
    schoolDaysCache.set(cacheKey, days);
  }
  return days;
}

/**
 * The school nights of a month for boarding schools: the night of each school day, dated by
 * that day (see the note at the top of this file). Frozen.
 */
export function schoolNights(month: string, calendar?: DistrictCalendar): readonly string[] {
  return schoolDays(month, calendar);
}

/** Whether a date is a school day. */
export function isSchoolDay(date: string, calendar?: DistrictCalendar): boolean {
  return schoolDays(date.slice(0, 7), calendar).includes(date);
}

/** One ISO week of a month: its Monday, and those of its dates that fall in the month. */
export interface MonthWeek {
  week: string;
  dates: readonly string[];
}

/**
 * The ISO weeks that belong to a month (those whose Thursday falls in it), in order, each with
 * its dates inside the month.
 */
export function weeksOfMonth(month: string): MonthWeek[] {
  const { first, last } = monthBounds(month);
  const weeks: MonthWeek[] = [];
  for (let monday = weekStart(first); monday <= last; monday = addDays(monday, 7)) {
    if (addDays(monday, 3).slice(0, 7) !== month) continue;
    const dates: string[] = [];
    for (let i = 0; i < 7; i++) {
      const date = addDays(monday, i);
      if (date >= first && date <= last) dates.push(date);
    }
    weeks.push({ week: monday, dates });
  }
  return weeks;
}

/** The month an ISO week belongs to: the month of its Thursday. */
export function monthOfWeek(date: string): string {
  return addDays(weekStart(date), 3).slice(0, 7);
}

/**
 * The first school day of a term on or after `from` (e.g. a school's registration date), or
 * undefined when the term has none left.
 */
export function firstSchoolDayOfTerm(
  term: Term,
  calendar?: DistrictCalendar,
  from: string = term.start,
): string | undefined {
  const start = laterDate(term.start, from);
  if (start > term.end) return undefined;
  const lastMonth = term.end.slice(0, 7);
  for (let month = start.slice(0, 7); month <= lastMonth; month = shiftMonth(month, 1)) {
    const found = schoolDays(month, calendar).find((date) => date >= start && date <= term.end);
    if (found) return found;
  }
  return undefined;
}
