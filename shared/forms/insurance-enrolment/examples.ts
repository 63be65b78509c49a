/** A valid submission's answers: no hazard, no quality flag. */
export const example = Object.freeze({
  studentsEnrolled: 1290,
  schoolLiabilityCovered: 1290,
  studentAccidentCovered: 1237,
  residentMedicalCovered: 1105,
  canteenFoodSafetyLiability: 'yes',
  internshipInsurance: 'not-applicable',
});
