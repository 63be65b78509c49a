/** A month with every extinguisher in date and 28 replaced: no hazard. */
export const example = Object.freeze({
  circuitsInspected: 36,
  ageingWiresFound: 0,
  extinguishersTotal: 120,
  extinguishersExpired: 0,
  extinguishersReplaced: 28,
  emergencyLightsTotal: 40,
  emergencyLightsWorking: 40,
  chemicalsStoredSafely: true,
});
