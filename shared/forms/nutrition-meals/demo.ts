import { between, defineDemo } from '../demo-kit';
import { nutritionMeals } from '.';

/** The demo's nutrition meals: nearly every eligible pupil fed. */
export const demo = defineDemo(nutritionMeals, {
  answers: (school, _date, random) => ({
    studentsEligible: school.students,
    mealsProvided: Math.round(school.students * between(random, 0.97, 1, 3)),
  }),
  timeOfDay: [12 * 60 + 20, 13 * 60 + 20],
  gaps: [
    { kind: 'share-of-days', schoolId: 'hy-gyx', share: 0.3 },
    { kind: 'share-of-days', schoolId: 'hy-mjcx', share: 0.25 },
  ],
});
