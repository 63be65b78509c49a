import { between, chance, defineDemo, randomFor, type DemoSchoolProfile } from '../demo-kit';
import { computedAreaMu, type AreaUse } from './areas';
import { workStudy } from '.';

/**
 * A school's labour-practice base (劳动实践基地), the same from one month to the next: a vocational
 * school farms in earnest, a rural school keeps fields and a tea or fruit garden, a town school a
 * vegetable plot, a kindergarten a bed.
 */
function baseOf(school: DemoSchoolProfile): Record<AreaUse, number> {
  const random = randomFor(school.schoolId, 'traits');
  const rural = school.nutritionProgramme || school.boarding;
  const half = (min: number, max: number) => between(random, min * 2, max * 2) / 2;
  const none = { grainMu: 0, orchardMu: 0, teaMu: 0, bambooMu: 0, forestMu: 0, fishPondMu: 0, wastelandMu: 0 };
  if (school.kind === 'vocational')
    return {
      ...none,
      grainMu: half(15, 25),
      orchardMu: half(20, 35),
      teaMu: half(10, 20),
      forestMu: half(5, 12),
      fishPondMu: half(3, 6),
    };
  if (school.kind === 'kindergarten') return { ...none, grainMu: 0.5 };
  if (!rural) return { ...none, grainMu: half(0.5, 2) };
  return {
    ...none,
    grainMu: half(2, 12),
    orchardMu: chance(random, 0.6) ? half(1, 6) : 0,
    teaMu: chance(random, 0.4) ? half(2, 10) : 0,
    bambooMu: chance(random, 0.3) ? half(1, 3) : 0,
    fishPondMu: chance(random, 0.3) ? half(1, 3) : 0,
    wastelandMu: chance(random, 0.2) ? half(2, 8) : 0,
  };
}

/** The demo's work-study returns: the school's base, its income and costs, and one suspicious total. */
export const demo = defineDemo(workStudy, {
  answers: (school, _date, random) => {
    const base = baseOf(school);
    const area = computedAreaMu(base);
    const recycling = Math.round(school.students * between(random, 0.03, 0.1, 3));
    const farm = Math.round(area * between(random, 60, 150));
    const income = farm + recycling;
    return {
      ...base,
      totalAreaMu: area,
      incomeYuan: income,
      costsYuan: Math.round(farm * between(random, 0.3, 0.6, 2)),
      produceToCanteenYuan: school.hasCanteen ? Math.round(area * between(random, 20, 60)) : 0,
      recyclingIncomeYuan: recycling,
      studentsTakingPart: Math.round(school.students * between(random, 0.2, 0.6, 2)),
    };
  },
  monthlyDay: 14,
  // A total that is not the sum of its parts, as the school has long stated it: flagged, accepted.
  suspicious: {
    schoolId: 'hy-zj',
    answers: (a) => ({ ...a, totalAreaMu: Math.round((a.totalAreaMu ?? 0) * 0.8) }),
    note: '劳动实践基地总面积沿用 2019 年统计口径',
  },
});
