/** A month's readings: no hazard; no quality flag against a history of similar months. */
export const example = Object.freeze({
  electricityKwh: 18_650.5,
  waterM3: 2310,
  source: 'meter',
});
