/** A valid submission's answers: no hazard, no quality flag. */
export const example = Object.freeze({
  kind: 'evacuation',
  participants: 1260,
  evacuationMinutes: 3.5,
  scenario: '上午第二节课后教学楼发生火情，全校师生紧急疏散到操场',
});
