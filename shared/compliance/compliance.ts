import { monthBounds } from '../time';
import { schoolDays, schoolNights, type DistrictCalendar } from '../calendar/school-calendar';
import { FORMS, formAppliesTo } from '../forms/catalogue';
import type { Cadence } from '../forms/types';
import { countsBy, expectation, type Expectation, type ExpectedForm, type ExpectedSchool } from './expected';

/*
 * Expected against submitted, for a district's month (DOMAIN.md § Compliance).
 *
 * Per school and form type: `expected` occasions (see ./expected.ts), `submitted` = how many of
 * them a current submission answers (distinct days for daily cadences, distinct weeks for weekly,
 * so never more than expected), `received` = the current submissions of the month however
 * many per occasion, and `rate` = submitted / expected (null when nothing was expected).
 * A submission that a correction superseded (`supersededBy` set) does not count at all.
 * Event forms are listed (submitted = received) but left out of every school, district and
 * threshold figure: nothing is ever due for them.
 * A school counts from its registration date; a school registered after the month is left out.
 * A school counts until the day it was archived (left the roster); one archived on or before the
 * month's first day is left out.
 * A month still under way is counted "as of" a day (`asOf`, today in district time): an occasion
 * counts once it closed before that day, or once a submission answers it (see ./expected.ts), so
 * the days to come are never counted as missed.
 */

/** Compliance rate under which a school is listed, when the district sets none. */
export const DEFAULT_COMPLIANCE_THRESHOLD = 0.9;

/** A form version as compliance reads it (a `FormDefinition` is one). */
export interface ComplianceForm extends ExpectedForm {
  id: string;
  version: number;
  retired?: boolean;
}

/** A school as compliance reads it. */
export interface ComplianceSchool extends ExpectedSchool {
  schoolId: string;
  name: string;
}

/** A stored submission, reduced to what compliance reads. */
export interface ComplianceSubmission {
  schoolId: string;
  formType: string;
  date: string;
  supersededBy?: string;
}

/** The district settings compliance reads. */
export interface ComplianceDistrict {
  complianceThreshold?: number;
  calendar?: DistrictCalendar;
}

/** Expected against submitted, and their rate (null when nothing was expected). */
export interface Tally {
  expected: number;
  submitted: number;
  rate: number | null;
}

/** One form type's figures (for a school, or summed over the district). */
export interface FormCompliance extends Tally {
  formType: string;
  cadence: Cadence;
  /** Current submissions dated in the month, however many per occasion. */
  received: number;
}

/** One school's figures: overall (event forms left out) and per form type that applies to it. */
export interface SchoolCompliance extends Tally {
  schoolId: string;
  name: string;
  forms: FormCompliance[];
}

/** A district's month of compliance. */
export interface ComplianceReport {
  month: string;
  /** The last day counted: the `asOf` day for a month under way, else the month's last day. */
  asOf: string;
  /** Whether the whole month is counted (it ended before `asOf`). */
  complete: boolean;
  /** School days (and boarding school nights) of the month under the district's calendar. */
  schoolDays: number;
  schoolNights: number;
  /** School days of the month up to and including `asOf`. */
  schoolDaysToDate: number;
  threshold: number;
  /** Every school's figures summed (event forms left out). */
  district: Tally;
  /** Per form type, summed over the schools it applies to, in catalogue order (one no school has is left out). */
  byFormType: FormCompliance[];
  /** By school id. */
  schools: SchoolCompliance[];
  /** Schools whose rate is under the threshold, worst first (ties by school id). */
  belowThreshold: { schoolId: string; name: string; rate: number }[];
}

/** submitted / expected, or null when nothing was expected. */
export function rateOf(submitted: number, expected: number): number | null {
  return expected > 0 ? submitted / expected : null;
}

/** The district's threshold (a number from 0 to 1), or the default 0.9. */
export function complianceThreshold(district: ComplianceDistrict): number {
  const value = district.complianceThreshold;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1
    ? value
    : DEFAULT_COMPLIANCE_THRESHOLD;
}

/**
 * The form types that can be due, one per id in catalogue order: the latest version that is not
 * retired (a form type whose every version is retired is due no more).
 */
export function currentForms<F extends ComplianceForm>(forms: readonly F[]): F[] {
  const latest = new Map<string, F>();
  for (const form of forms) {
    if (form.retired) continue;
    const known = latest.get(form.id);
    if (!known || form.version > known.version) latest.set(form.id, form);
  }
  const order = [...new Set(forms.map((form) => form.id))];
  return order.flatMap((id) => latest.get(id) ?? []);
}

function tally(expected: number, submitted: number): Tally {
  return { expected, submitted, rate: rateOf(submitted, expected) };
}

function byId(a: { schoolId: string }, b: { schoolId: string }): number {
  return a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0;
}

/** Options of `complianceFor`. */
export interface ComplianceOptions {
  /**
   * Today in district time (YYYY-MM-DD), from the caller's clock: a month under way is counted
   * as of this day. Left out, the whole month counts (a month that has ended).
   */
  today?: string;
}

/**
 * Expected against submitted for `month` (YYYY-MM): per school and form type, per school, per
 * form type and for the district, and the schools under the district's threshold, worst first.
 * Pure: the caller loads the district, its schools and the month's submissions, and says which
 * day is today.
 */
export function complianceFor(
  district: ComplianceDistrict,
  schools: readonly ComplianceSchool[],
  submissions: readonly ComplianceSubmission[],
  month: string,
  forms: readonly ComplianceForm[] = FORMS,
  options: ComplianceOptions = {},
): ComplianceReport {
  const calendar = district.calendar;
  const threshold = complianceThreshold(district);
  const due = currentForms(forms);
  const { first, last } = monthBounds(month);
  const complete = options.today === undefined || options.today > last;
  const asOf = complete ? last : (options.today as string);
  const countedBy = complete ? undefined : asOf;

  // The current submissions of the month, by school and form type.
  const dates = new Map<string, string[]>();
  for (const submission of submissions) {
    if (submission.supersededBy || submission.date.slice(0, 7) !== month) continue;
    const key = `${submission.schoolId}\u0000${submission.formType}`;
    const list = dates.get(key);
    if (list) list.push(submission.date);
    else dates.set(key, [submission.date]);
  }

  // Schools registered on the same day owe the same for a form that applies: work it out once.
  const expectations = new Map<string, Expectation>();
  const expectationOf = (form: ComplianceForm, school: ComplianceSchool) => {
    const key = `${form.id}\u0000${school.registeredOn}\u0000${school.archivedOn ?? ''}`;
    let found = expectations.get(key);
    if (!found) {
      found = expectation(form, school, month, calendar);
      expectations.set(key, found);
    }
    return found;
  };

  // On the roster for part of the month at least: registered by its end, not archived by its start.
  const registered = schools
    .filter(
      (school) => !(school.registeredOn > last) && !(school.archivedOn !== undefined && school.archivedOn <= first),
    )
    .sort(byId);
  const schoolRows: SchoolCompliance[] = registered.map((school) => {
    const rows = due
      .filter((form) => formAppliesTo(form, school))
      .map((form): FormCompliance => {
        const found = expectationOf(form, school);
        const received = dates.get(`${school.schoolId}\u0000${form.id}`) ?? [];
        const answered = new Set(received.flatMap((date) => found.slotOf(date) ?? []));
        const expected =
          countedBy === undefined
            ? found.slots.length
            : found.slots.filter((slot) => countsBy(found, slot, answered, countedBy)).length;
        const submitted = form.cadence === 'event' ? received.length : answered.size;
        return { formType: form.id, cadence: form.cadence, received: received.length, ...tally(expected, submitted) };
      });
    const counted = rows.filter((row) => row.cadence !== 'event');
    const expected = counted.reduce((sum, row) => sum + row.expected, 0);
    const submitted = counted.reduce((sum, row) => sum + row.submitted, 0);
    return { schoolId: school.schoolId, name: school.name, ...tally(expected, submitted), forms: rows };
  });

  const byFormType = due.flatMap((form): FormCompliance[] => {
    const rows = schoolRows.flatMap((school) => school.forms.filter((row) => row.formType === form.id));
    if (rows.length === 0) return [];
    const sum = (pick: (row: FormCompliance) => number) => rows.reduce((total, row) => total + pick(row), 0);
    return [
      {
        formType: form.id,
        cadence: form.cadence,
        received: sum((r) => r.received),
        ...tally(
          sum((r) => r.expected),
          sum((r) => r.submitted),
        ),
      },
    ];
  });

  const belowThreshold = schoolRows
    .flatMap((school) =>
      school.rate !== null && school.rate < threshold
        ? [{ schoolId: school.schoolId, name: school.name, rate: school.rate }]
        : [],
    )
    .sort((a, b) => a.rate - b.rate || byId(a, b));

  const days = schoolDays(month, calendar);
  return {
    month,
    asOf,
    complete,
    schoolDays: days.length,
    schoolNights: schoolNights(month, calendar).length,
    schoolDaysToDate: days.filter((date) => date <= asOf).length,
    threshold,
    district: tally(
      schoolRows.reduce((sum, school) => sum + school.expected, 0),
      schoolRows.reduce((sum, school) => sum + school.submitted, 0),
    ),
    byFormType,
    schools: schoolRows,
    belowThreshold,
  };
}
