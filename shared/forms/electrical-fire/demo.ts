import { chance, defineDemo, wholeBetween } from '../demo-kit';
import { electricalFire } from '.';

/** The demo's electrical and fire checks: extinguishers and lights by the school's size. */
export const demo = defineDemo(electricalFire, {
  answers: (school, _date, random) => {
    const extinguishers = Math.max(8, Math.round(school.students / 20));
    const lights = Math.max(4, Math.round(school.students / 60));
    return {
      circuitsInspected: Math.max(6, Math.round(school.students / 70)),
      ageingWiresFound: 0,
      extinguishersTotal: extinguishers,
      extinguishersExpired: 0,
      extinguishersReplaced: chance(random, 0.3)
        ? wholeBetween(random, 1, Math.max(1, Math.round(extinguishers / 10)))
        : 0,
      emergencyLightsTotal: lights,
      emergencyLightsWorking: lights - (chance(random, 0.2) ? 1 : 0),
      chemicalsStoredSafely: true,
    };
  },
  monthlyDay: 6,
  gaps: [{ kind: 'first-month', schoolId: 'hy-hlx' }],
  findings: {
    'expired-extinguishers': (a) => ({ ...a, extinguishersExpired: 6, extinguishersReplaced: 0 }),
    'ageing-wiring': (a) => ({ ...a, ageingWiresFound: 4 }),
  },
  photo: { kind: 'real', order: 3 },
  bench: { finding: { id: 'expired-extinguishers', chance: 0.08 } },
});
