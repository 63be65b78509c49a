import { between, boardersOf, defineDemo } from '../demo-kit';
import { dormitoryPatrol } from '.';

/** The demo's night patrols: rooms by the boarders, the demo's critical hazard among its findings. */
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
  findings: {
    'dormitory-appliances': (a) => ({ ...a, place: '女生宿舍 2 栋 4 楼', prohibitedAppliances: 3 }),
    // The critical hazard: a student missing from the dormitory.
    'student-unaccounted': (a) => ({ ...a, place: '男生宿舍 2 栋 3 楼', studentsUnaccounted: 1 }),
  },
  bench: { finding: { id: 'dormitory-appliances', chance: 0.005 } },
});
