import { between, chance, defineDemo, monthNumber, randomFor } from '../demo-kit';
import { energyMeter } from '.';

/** Electricity and water use by month, against an average month of term (1.0): holidays and summer fans. */
const SEASON: Record<number, number> = {
  1: 0.8,
  2: 0.35,
  3: 1,
  4: 0.95,
  5: 1.05,
  6: 1.2,
  7: 0.55,
  8: 0.3,
  9: 1.15,
  10: 0.95,
  11: 1,
  12: 1.1,
};

/** The demo's meter readings: use by the school's size and boarders, through the seasons. */
export const demo = defineDemo(energyMeter, {
  answers: (school, date, random) => {
    const season = SEASON[monthNumber(date)] ?? 1;
    return {
      electricityKwh:
        Math.round(between(random, 0.9, 1.1, 3) * school.students * (school.boarding ? 14 : 7) * season * 10) / 10,
      waterM3: Math.round(between(random, 0.9, 1.1, 3) * school.students * (school.boarding ? 2.4 : 0.8) * season),
      // Read off its own meter or its bills: the same from one month to the next.
      source: chance(randomFor(school.schoolId, 'energy-meter', 'traits'), 0.7) ? 'meter' : 'bill',
    };
  },
  monthlyDay: 16,
});
