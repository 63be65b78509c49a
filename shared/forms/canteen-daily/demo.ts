import { between, boardersOf, chance, defineDemo, type DemoSchoolProfile, pick, randomFor } from '../demo-kit';
import { canteenDaily } from '.';

/** Meals a school's canteen serves on a school day: three for boarders, lunch for most day pupils. */
function mealsPerDay(school: DemoSchoolProfile): number {
  const boarders = boardersOf(school);
  if (school.kind === 'kindergarten') return school.students * 2;
  return boarders * 3 + Math.round((school.students - boarders) * 0.85);
}

/** How a school disinfects its tableware: the same from one day to the next. */
const disinfectionOf = (school: DemoSchoolProfile) =>
  school.students > 800 || chance(randomFor(school.schoolId, 'canteen-daily', 'traits'), 0.5)
    ? 'high-heat'
    : 'disinfectant-84';

/** The demo's canteen checks: meals in proportion to the school, its correction and its hazards. */
export const demo = defineDemo(canteenDaily, {
  answers: (school, _date, random) => {
    const staff = Math.max(2, Math.round(school.students / 140));
    const onDuty = staff - (chance(random, 0.15) ? 1 : 0);
    const meals = Math.round(mealsPerDay(school) * between(random, 0.95, 1, 3));
    return {
      ledgerKept: true,
      sampleKept: true,
      sampleGramsPerDish: pick(random, [125, 130, 150, 150, 150, 160, 200]),
      sampleHours: pick(random, [48, 48, 48, 72]),
      tablewareDisinfected: true,
      disinfectionMethod: disinfectionOf(school),
      preventsRats: true,
      preventsFlies: true,
      preventsInsects: true,
      preventsDust: true,
      staffOnDuty: onDuty,
      staffWithHealthCertificate: onDuty,
      staffMorningCheckDone: true,
      leaderAteWithStudents: chance(random, 0.93),
      mealsServed: meals,
      foodWasteKg: between(random, meals * 0.012, meals * 0.026, 1),
      oilSourceChecked: true,
    };
  },
  timeOfDay: [12 * 60 + 30, 13 * 60 + 40],
  gaps: [{ kind: 'share-of-days', schoolId: 'hy-gyx', share: 0.3 }],
  findings: {
    'uncertified-canteen-staff': (a) => ({ ...a, staffWithHealthCertificate: a.staffOnDuty - 1 }),
    'sample-underweight': (a) => ({ ...a, sampleGramsPerDish: 100 }),
  },
  // Meals typed with one zero too many, corrected the same day.
  correction: {
    schoolId: 'hy-sh1x',
    anchor: { early: 4 },
    wrong: (right) => ({ ...right, mealsServed: right.mealsServed * 10 }),
    note: (right) => `更正：供餐数误多输入一个 0，应为 ${String(right.mealsServed)} 份。`,
  },
  photo: { kind: 'real', order: 1, reusedOnAnotherDay: true },
  bench: { finding: { id: 'sample-underweight', chance: 0.01 } },
});
