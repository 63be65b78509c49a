/** A month whose stated total equals the sum of its uses (60 + 12 + 11 = 83 亩): no hazard, no quality flag. */
export const example = Object.freeze({
  grainMu: 60,
  orchardMu: 0,
  teaMu: 12,
  bambooMu: 0,
  forestMu: 0,
  fishPondMu: 11,
  wastelandMu: 0,
  totalAreaMu: 83,
  incomeYuan: 4200,
  costsYuan: 1500,
  produceToCanteenYuan: 500,
  recyclingIncomeYuan: 180,
  studentsTakingPart: 320,
});
