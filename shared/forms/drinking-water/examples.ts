import type * as z from 'zod/mini';
import type { drinkingWater } from '.';

/** A valid submission's answers: no hazard, no quality flag. */
export const example: Readonly<z.input<typeof drinkingWater.answers>> = Object.freeze({
  dispensersInService: 5,
  filtersReplaced: 5,
  waterTestDone: true,
  waterTestPassed: true,
});
