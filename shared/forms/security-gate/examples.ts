/** A week with one camera of 48 down and 30 days of footage kept: no hazard. */
export const example = Object.freeze({
  guardsOnDuty: 2,
  visitorsRegistered: 37,
  visitorsUnregistered: 0,
  camerasTotal: 48,
  camerasWorking: 47,
  cctvRetentionDays: 30,
  securityEquipmentComplete: true,
});
