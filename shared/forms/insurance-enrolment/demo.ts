import { accepted, between, defineDemo, rectified } from '../demo-kit';
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
  incidents: [
    {
      id: 'liability-insurance-gap',
      schoolId: 'hy-gyx',
      anchor: { early: 1 },
      answers: (a) => ({ ...a, schoolLiabilityCovered: a.studentsEnrolled - 12 }),
      note: '本学期转入 12 名学生尚未纳入校方责任险',
      ruleId: 'school-liability-incomplete',
      steps: [
        rectified(5, '已为 12 名转入学生补办校方责任险，保单附后。'),
        accepted(7, '核对保单：参保率 100%，验收通过。'),
      ],
    },
  ],
});
