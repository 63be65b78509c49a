/** A night's patrol that finds nothing wrong: no hazard. */
export const example = Object.freeze({
  place: '男生宿舍 3 栋 2 楼',
  roomsChecked: 24,
  studentsUnaccounted: 0,
  prohibitedAppliances: 0,
  strangersFound: 0,
  fireExitsClear: true,
  housekeepingScore: 92.5,
});
