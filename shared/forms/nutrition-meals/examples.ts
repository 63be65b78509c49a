import type * as z from 'zod/mini';
import type { nutritionMeals } from '.';

/** A valid submission's answers: no hazard, no quality flag. */
export const example: Readonly<z.input<typeof nutritionMeals.answers>> = Object.freeze({
  studentsEligible: 642,
  mealsProvided: 630,
});
