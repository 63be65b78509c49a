import type { DistrictCalendar } from '../calendar/school-calendar';
import { FORMS, formAppliesTo } from '../forms/catalogue';
import { currentForms, type ComplianceForm, type ComplianceSchool, type ComplianceSubmission } from './compliance';
import { expectation } from './expected';
import type { DueToday } from './view-types';

/*
 * What is due today and not in yet, by school: the occasions of a school's forms that close
 * today (a daily check's day, a nightly patrol's night, the last school day of a week or month)
 * that no current submission answers. The same expectations as compliance (./expected.ts): an
 * occasion that closes today and is still open is exactly what compliance will count as missed
 * tomorrow.
 */

export type { DueToday };

/** The schools with something due `today` (district time) still missing, most missing first. */
export function dueTodayMissing(
  calendar: DistrictCalendar | undefined,
  schools: readonly ComplianceSchool[],
  submissions: readonly ComplianceSubmission[],
  today: string,
  forms: readonly ComplianceForm[] = FORMS,
): DueToday[] {
  const month = today.slice(0, 7);
  const answeredDates = new Map<string, string[]>();
  for (const submission of submissions) {
    if (submission.supersededBy || submission.date.slice(0, 7) !== month) continue;
    const key = `${submission.schoolId}\u0000${submission.formType}`;
    answeredDates.set(key, [...(answeredDates.get(key) ?? []), submission.date]);
  }
  const due = currentForms(forms);
  const rows: DueToday[] = [];
  for (const school of schools) {
    const missing: string[] = [];
    for (const form of due) {
      if (!formAppliesTo(form, school)) continue;
      const found = expectation(form, school, month, calendar);
      const closingToday = found.slots.filter((slot) => found.closesOn(slot) === today);
      if (closingToday.length === 0) continue;
      const answered = new Set(
        (answeredDates.get(`${school.schoolId}\u0000${form.id}`) ?? []).flatMap((date) => found.slotOf(date) ?? []),
      );
      if (closingToday.some((slot) => !answered.has(slot))) missing.push(form.id);
    }
    if (missing.length > 0) rows.push({ schoolId: school.schoolId, name: school.name, formTypes: missing });
  }
  return rows.sort((a, b) => b.formTypes.length - a.formTypes.length || a.schoolId.localeCompare(b.schoolId));
}
