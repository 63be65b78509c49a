import { isCalendarDate, monthBounds, weekStart } from '../time';
import {
  firstSchoolDayOfTerm,
  schoolDays,
  schoolNights,
  termsBetween,
  weeksOfMonth,
  type DistrictCalendar,
} from '../calendar/school-calendar';
import { formAppliesTo } from '../forms/catalogue';
import type { AppliesTo, Cadence, SchoolFlags } from '../forms/types';

/*
 * What a school owes for one form in one month, from the form's cadence and the district's
 * calendar (see shared/calendar/school-calendar.ts for school days, nights and weeks).
 *
 * A month's dues are "occasions", each with a key, and a submission answers at most one of
 * them (`slotOf` its date), so two submissions for one day never make up for a missed day:
 *  - school-day: each school day from the school's registration on; a submission answers the
 *    school day it is dated (one dated on a weekend or a holiday answers nothing);
 *  - school-night: each school night from registration on (the night of a school day, dated by it);
 *  - weekly: each ISO week that belongs to the month (its Thursday is in it) with at least one
 *    school day in the month from registration on; a submission answers the week it is dated in;
 *  - monthly: the month, when it has a school day from registration on; any submission dated in
 *    the month answers it;
 *  - term: a term is due in the month of its first school day (or, for a school registered
 *    during the term, of its first school day after registration), and in no other month; a
 *    submission dated in that month answers it (a late one, dated a later month, does not);
 *  - event: nothing is ever due (a hazard report or a drill is made when there is one to make),
 *    so an event form is never "missed".
 * A school is due nothing before its `registeredOn` date, nor from its `archivedOn` date on (the
 * day it left the roster), nor for a form that does not apply to it.
 *
 * Each occasion also has the day it closes (`closesOn`): the last open school day (or night) that
 * belongs to it in the month. Compliance counts a month still under way up to a day (its "as of"):
 * an occasion counts once it has closed before that day, or as soon as a submission answers it,
 * so neither the days to come nor an occasion that can still be met today are counted as missed.
 */

/** The parts of a form the dues depend on. */
export interface ExpectedForm {
  cadence: Cadence;
  appliesTo: AppliesTo;
}

/** The parts of a school the dues depend on. */
export interface ExpectedSchool extends SchoolFlags {
  /** First school-local date the school is expected to submit (YYYY-MM-DD). */
  registeredOn: string;
  /** First school-local date the school is no longer expected to submit (archived); absent while on the roster. */
  archivedOn?: string;
}

/** The occasions a form is due in a month, and which of them a submission answers. */
export interface Expectation {
  /** Keys of the occasions due: a date, a week's Monday, the month, or a term. */
  slots: readonly string[];
  /** The occasion due this month that a submission dated `date` answers; undefined when none. */
  slotOf(date: string): string | undefined;
  /** The last day an occasion due this month can be met on (its last open school day or night in the month). */
  closesOn(slot: string): string | undefined;
}

const NOTHING_DUE: Expectation = { slots: [], slotOf: () => undefined, closesOn: () => undefined };

/** Occasions by key, each with the day it closes, and the occasion a date answers. */
function byKey(closing: ReadonlyMap<string, string>, keyOf: (date: string) => string | undefined): Expectation {
  return {
    slots: [...closing.keys()],
    slotOf: (date) => {
      const key = keyOf(date);
      return key !== undefined && closing.has(key) ? key : undefined;
    },
    closesOn: (slot) => closing.get(slot),
  };
}

/** Each open date as its own occasion, closing that day. */
function eachDay(dates: readonly string[]): Map<string, string> {
  return new Map(dates.map((date) => [date, date]));
}

/**
 * Whether `slot` of `expectation` counts as expected by the day `asOf` (YYYY-MM-DD): it closed
 * before that day, or it is already answered (`answered` holds the answered occasions).
 * Without `asOf` every occasion counts.
 */
export function countsBy(
  expectation: Expectation,
  slot: string,
  answered: ReadonlySet<string>,
  asOf?: string,
): boolean {
  if (asOf === undefined || answered.has(slot)) return true;
  const closes = expectation.closesOn(slot);
  return closes !== undefined && closes < asOf;
}

/** The occasions `form` is due from `school` in `month` (YYYY-MM) under a district's calendar. */
export function expectation(
  form: ExpectedForm,
  school: ExpectedSchool,
  month: string,
  calendar?: DistrictCalendar,
): Expectation {
  if (!formAppliesTo(form, school)) return NOTHING_DUE;
  // A school without a readable registration date is treated as registered all along.
  const from = isCalendarDate(school.registeredOn) ? school.registeredOn : '0000-01-01';
  // An archived school owes nothing from the day it left the roster.
  const until = school.archivedOn !== undefined && isCalendarDate(school.archivedOn) ? school.archivedOn : '9999-12-31';
  const open = (date: string) => date >= from && date < until;
  const inMonth = (date: string) => date.slice(0, 7) === month;
  const days = () => schoolDays(month, calendar).filter(open);
  const lastOf = (dates: readonly string[]) => dates[dates.length - 1];

  switch (form.cadence) {
    case 'school-day':
      return byKey(eachDay(days()), (date) => date);
    case 'school-night':
      return byKey(eachDay(schoolNights(month, calendar).filter(open)), (date) => date);
    case 'weekly': {
      const openDays = days();
      const weeks = new Map<string, string>();
      for (const week of weeksOfMonth(month)) {
        const last = lastOf(openDays.filter((date) => week.dates.includes(date)));
        if (last !== undefined) weeks.set(week.week, last);
      }
      return byKey(weeks, (date) => (inMonth(date) ? weekStart(date) : undefined));
    }
    case 'monthly': {
      const last = lastOf(days());
      return byKey(new Map(last !== undefined ? [[month, last]] : []), (date) => (inMonth(date) ? month : undefined));
    }
    case 'term': {
      const { first, last } = monthBounds(month);
      const lastDay = lastOf(days());
      const due = termsBetween(first, last, calendar).filter((term) => {
        const firstDay = firstSchoolDayOfTerm(term, calendar, from);
        return firstDay?.slice(0, 7) === month && firstDay < until;
      });
      const keyOf = (term: { start: string; end: string }) => `${term.start}/${term.end}`;
      // Normally one term is due in a month; should a custom calendar start two, a submission
      // answers the one its date falls in, or else the first.
      return byKey(new Map(lastDay !== undefined ? due.map((term) => [keyOf(term), lastDay]) : []), (date) => {
        if (!inMonth(date) || due.length === 0) return undefined;
        return keyOf(due.find((term) => term.start <= date && date <= term.end) ?? due[0]!);
      });
    }
    case 'event':
      return NOTHING_DUE;
  }
}

/** How many submissions of `form` are expected from `school` in `month` (0 for an event form). */
export function expectedSubmissions(
  form: ExpectedForm,
  school: ExpectedSchool,
  month: string,
  calendar?: DistrictCalendar,
): number {
  return expectation(form, school, month, calendar).slots.length;
}
