import { between, boardersOf, defineDemo, rectified } from '../demo-kit';
import { dormitoryPatrol } from '.';

/** The demo's night patrols: rooms by the boarders, the demo's critical hazard among its incidents. */
export const demo = defineDemo(dormitoryPatrol, {
  answers: (school, _date, random) => ({
    place: '男、女生宿舍楼全部楼层',
    roomsChecked: Math.max(1, Math.ceil(boardersOf(school) / 8)),
    studentsUnaccounted: 0,
    prohibitedAppliances: 0,
    strangersFound: 0,
    fireExitsClear: true,
    housekeepingScore: between(random, 82, 97, 1),
  }),
  timeOfDay: [22 * 60 + 5, 23 * 60 + 20],
  gaps: [{ kind: 'one-week', schoolId: 'hy-xkz' }],
  incidents: [
    {
      id: 'dormitory-appliances',
      schoolId: 'hy-zj',
      anchor: { recent: 4 },
      answers: (a) => ({ ...a, place: '女生宿舍 2 栋 4 楼', prohibitedAppliances: 3 }),
      note: '查出电热毯 2 件、“热得快” 1 件',
      ruleId: 'prohibited-appliances',
      steps: [rectified(1, '违章电器已全部收缴，已通知班主任和家长，并在晨会上全校通报。')],
    },
    // The critical hazard: on the last school night, a student is missing from the dormitory.
    {
      id: 'student-unaccounted',
      schoolId: 'hy-gxz',
      anchor: { recent: 0 },
      answers: (a) => ({ ...a, place: '男生宿舍 2 栋 3 楼', studentsUnaccounted: 1 }),
      note: '22:40 点名发现初二（3）班 1 名男生未归寝，已电话联系家长和班主任，值班领导正组织寻找。',
      ruleId: 'students-unaccounted',
      steps: [],
    },
  ],
  bench: { finding: { chance: 0.005, answers: (a) => ({ ...a, prohibitedAppliances: 1 }) } },
});
