import { between, defineDemo } from '../demo-kit';
import { insuranceEnrolment } from '.';

/** The demo's insurance enrolment: everyone under the school's liability, most under the other policies. */
export const demo = defineDemo(insuranceEnrolment, {
  answers: (school, _date, random) => ({
    studentsEnrolled: school.students,
    schoolLiabilityCovered: school.students,
    studentAccidentCovered: Math.round(school.students * between(random, 0.9, 0.98, 3)),
    residentMedicalCovered: Math.round(school.students * between(random, 0.85, 0.96, 3)),
    canteenFoodSafetyLiability: school.hasCanteen ? 'yes' : 'not-applicable',
    internshipInsurance: school.kind === 'vocational' ? 'yes' : 'not-applicable',
  }),
  findings: {
    'liability-insurance-gap': (a) => ({ ...a, schoolLiabilityCovered: a.studentsEnrolled - 12 }),
  },
});
