/** Every district target, as `--targets` takes them (the rates as percentages). */
export const ALL_TARGETS_ARGUMENT =
  'electricityKwh=120000,waterM3=9000,electricityReductionPercent=15,waterReductionPercent=10,insuranceRate=98,complianceRate=95';

/** The same targets as the district stores them (the rates as rates). */
export const ALL_TARGETS_STORED = {
  electricityKwh: 120000,
  waterM3: 9000,
  electricityReductionPercent: 15,
  waterReductionPercent: 10,
  insuranceRate: 0.98,
  complianceRate: 0.95,
};
