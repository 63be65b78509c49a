import { chance, defineDemo } from '../demo-kit';
import { drinkingWater } from '.';

/** The demo's drinking-water checks: dispensers by the school's size, a water test every other month. */
export const demo = defineDemo(drinkingWater, {
  answers: (school, _date, random) => {
    const dispensers = Math.max(1, Math.round(school.students / 90));
    const tested = chance(random, 0.5);
    return {
      dispensersInService: dispensers,
      filtersReplaced: chance(random, 0.4) ? dispensers : 0,
      waterTestDone: tested,
      ...(tested ? { waterTestPassed: true } : {}),
    };
  },
  monthlyDay: 2,
});
