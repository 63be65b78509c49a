/** A valid submission's answers: no hazard, no quality flag. */
export const example = Object.freeze({
  studentsEligible: 642,
  mealsProvided: 630,
});
