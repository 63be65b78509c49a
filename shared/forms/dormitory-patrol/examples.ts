import type * as z from 'zod/mini';
import type { dormitoryPatrol } from '.';

/** A night's patrol that finds nothing wrong: no hazard. */
export const example: Readonly<z.input<typeof dormitoryPatrol.answers>> = Object.freeze({
  place: '男生宿舍 3 栋 2 楼',
  roomsChecked: 24,
  studentsUnaccounted: 0,
  prohibitedAppliances: 0,
  strangersFound: 0,
  fireExitsClear: true,
  housekeepingScore: 92.5,
});
