/** A valid submission's answers: no hazard, no quality flag. */
export const example = Object.freeze({
  dispensersInService: 5,
  filtersReplaced: 5,
  waterTestDone: true,
  waterTestPassed: true,
});
