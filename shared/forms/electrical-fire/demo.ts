import { accepted, chance, defineDemo, rectified, wholeBetween } from '../demo-kit';
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
  incidents: [
    {
      id: 'expired-extinguishers',
      schoolId: 'hy-zx',
      anchor: { early: 0 },
      answers: (a) => ({ ...a, extinguishersExpired: 6, extinguishersReplaced: 0 }),
      note: '实验楼、图书馆共 6 具灭火器压力不足或过期',
      ruleId: 'expired-extinguishers',
      steps: [
        rectified(2, '已更换 6 具过期灭火器（4 kg 干粉），重新张贴检查标签并更新灭火器台账。'),
        accepted(4, '安全股现场复查：灭火器已全部更换，压力正常，验收通过。'),
      ],
    },
    {
      id: 'ageing-wiring',
      schoolId: 'hy-yxz',
      anchor: { early: 0 },
      answers: (a) => ({ ...a, ageingWiresFound: 4 }),
      note: '食堂和旧教学楼共 4 处线路老化、绝缘层破损',
      ruleId: 'ageing-wiring',
      steps: [],
    },
  ],
  photo: { kind: 'real', order: 3 },
  bench: {
    finding: { chance: 0.08, answers: (a) => ({ ...a, extinguishersExpired: 2, extinguishersReplaced: 0 }) },
  },
});
