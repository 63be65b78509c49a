import type * as z from 'zod/mini';
import type { insuranceEnrolment } from '.';

/** A valid submission's answers: no hazard, no quality flag. */
export const example: Readonly<z.input<typeof insuranceEnrolment.answers>> = Object.freeze({
  studentsEnrolled: 1290,
  schoolLiabilityCovered: 1290,
  studentAccidentCovered: 1237,
  residentMedicalCovered: 1105,
  canteenFoodSafetyLiability: 'yes',
  internshipInsurance: 'not-applicable',
});
