import type * as z from 'zod/mini';
import type { canteenDaily } from '.';

/** A day's check that finds nothing wrong: no hazard, no quality flag. */
export const example: Readonly<z.input<typeof canteenDaily.answers>> = Object.freeze({
  ledgerKept: true,
  sampleKept: true,
  sampleGramsPerDish: 150,
  sampleHours: 48,
  tablewareDisinfected: true,
  disinfectionMethod: 'high-heat',
  preventsRats: true,
  preventsFlies: true,
  preventsInsects: true,
  preventsDust: true,
  staffOnDuty: 8,
  staffWithHealthCertificate: 8,
  staffMorningCheckDone: true,
  leaderAteWithStudents: true,
  mealsServed: 1260,
  foodWasteKg: 18.5,
  oilSourceChecked: true,
});
