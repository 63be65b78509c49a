import { between, chance, defineDemo, wholeBetween } from '../demo-kit';
import { sanitation } from '.';

/** The demo's end-of-week sanitation checks: good scores, the odd small finding. */
export const demo = defineDemo(sanitation, {
  answers: (_school, _date, random) => ({
    campusScore: between(random, 84, 96, 1),
    toiletScore: between(random, 76, 92, 1),
    litter: wholeBetween(random, 0, 4),
    dumping: chance(random, 0.1) ? 1 : 0,
    spitting: chance(random, 0.2) ? wholeBetween(random, 1, 2) : 0,
    trampledGreen: chance(random, 0.15) ? 1 : 0,
    badParking: chance(random, 0.3) ? wholeBetween(random, 1, 3) : 0,
    graffiti: chance(random, 0.1) ? 1 : 0,
    clutter: chance(random, 0.25) ? wholeBetween(random, 1, 2) : 0,
    looseWiring: 0,
    illegalSheds: 0,
    sewage: chance(random, 0.05) ? 1 : 0,
  }),
  timeOfDay: [16 * 60, 17 * 60 + 30],
  gaps: [{ kind: 'first-weeks', schoolId: 'hy-mjcx', weeks: 2 }],
  findings: {
    'loose-wiring': (a) => ({ ...a, looseWiring: 2 }),
    'toilet-score': (a) => ({ ...a, toiletScore: 56 }),
  },
  photo: { kind: 'real', order: 5 },
});
