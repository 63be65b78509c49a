/** A valid submission's answers: no hazard, no quality flag. */
export const example = Object.freeze({
  project: '植树节校园补植',
  plantsAdded: 320,
  areaAddedMu: 1.5,
  investmentYuan: 46_800,
});
