import { between, defineDemo, pick } from '../demo-kit';
import { greening } from '.';

const PROJECTS = [
  '秋冬季校园补植桂花、香樟',
  '教学楼前花坛改造与草坪补种',
  '劳动实践基地周边绿化',
  '创建园林式单位：围墙垂直绿化',
];

/** The demo's greening: a planting at a few schools, in proportion to their size. */
export const demo = defineDemo(greening, {
  answers: (school, _date, random) => {
    const plants = Math.round(between(random, 30, 120) * Math.max(1, school.students / 800));
    return {
      project: pick(random, PROJECTS),
      plantsAdded: plants,
      areaAddedMu: between(random, 0.1, 1.5, 1),
      investmentYuan: Math.round(plants * between(random, 30, 120)),
    };
  },
  events: { kind: 'schools-in-window', schools: 4 },
  photo: { kind: 'real', order: 4 },
  bench: { eventChance: 0.15 },
});
