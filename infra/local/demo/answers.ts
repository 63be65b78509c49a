import type { DemoSchoolProfile, FormDemo } from '../../../shared/forms/demo-kit';
import { randomFor } from '../../../shared/forms/demo-kit';
import { FORM_DEMOS } from '../../../shared/forms/demo-registry';

/*
 * Everyday answers of the demo schools: what a school whose checks find nothing wrong sends, with
 * numbers in proportion to its size and the small ups and downs of real days. Each form's folder
 * says how (its demo.ts, `answers`); no answer raises a hazard: the demo's hazards are the forms'
 * planned incidents (history-plan.ts). Each answer is drawn from its own stream (school, form,
 * date), so it is the same on every run.
 */

export type { DemoSchoolProfile } from '../../../shared/forms/demo-kit';

const DEMOS = new Map(FORM_DEMOS.map((demo) => [demo.formType, demo]));

/** How the demo varies a form's answers (its folder's demo.ts); nothing for a form type it does not know. */
export function demoOf(formType: string): FormDemo {
  return DEMOS.get(formType) ?? { formType };
}

/** Whether the demo has everyday answers for a form (every form but the ad-hoc hazard report). */
export function isRoutineForm(formType: string): boolean {
  return demoOf(formType).answers !== undefined;
}

/** A school's everyday answers to a form on a date, the same on every call; undefined for a form without them. */
export function routineAnswers(
  formType: string,
  school: DemoSchoolProfile,
  date: string,
): Record<string, unknown> | undefined {
  return demoOf(formType).answers?.(school, date, randomFor(school.schoolId, formType, date));
}
