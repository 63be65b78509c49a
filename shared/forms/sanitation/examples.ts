/** A week with a little litter and one badly parked bike, both scores passing: no hazard. */
export const example = Object.freeze({
  campusScore: 88,
  toiletScore: 82.5,
  litter: 3,
  dumping: 0,
  spitting: 0,
  trampledGreen: 0,
  badParking: 1,
  graffiti: 0,
  clutter: 0,
  looseWiring: 0,
  illegalSheds: 0,
  sewage: 0,
});
