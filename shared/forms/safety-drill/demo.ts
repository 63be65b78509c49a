import { between, defineDemo, monthNumber, pick } from '../demo-kit';
import { safetyDrill } from '.';

const SCENARIOS = {
  evacuation: '课间操时段教学楼紧急疏散，全校师生按路线撤离到操场',
  fire: '“119”消防宣传月：食堂后厨模拟起火，师生疏散并演示灭火器使用',
  earthquake: '模拟地震发生，学生就地避险后有序疏散到操场',
  stampede: '晚自习放学时段楼梯口防踩踏疏散演练',
} as const;

/** The demo's monthly drills: fire in November (消防宣传月), earthquake in May (防灾减灾日), evacuation in September. */
export const demo = defineDemo(safetyDrill, {
  answers: (school, date, random) => {
    const m = monthNumber(date);
    const kind =
      m === 11
        ? 'fire'
        : m === 5
          ? 'earthquake'
          : m === 9
            ? 'evacuation'
            : pick(random, ['evacuation', 'earthquake', 'stampede'] as const);
    return {
      kind,
      participants: Math.round((school.students + school.staff) * between(random, 0.93, 0.99, 3)),
      evacuationMinutes: Math.min(60, Math.round((between(random, 2, 3.5, 1) + school.students / 1500) * 10) / 10),
      scenario: SCENARIOS[kind],
    };
  },
  monthlyDay: 10,
  photo: { kind: 'real', order: 2 },
});
