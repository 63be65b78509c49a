import type * as z from 'zod/mini';
import type { electricalFire } from '.';

/** A month with every extinguisher in date and 28 replaced: no hazard. */
export const example: Readonly<z.input<typeof electricalFire.answers>> = Object.freeze({
  circuitsInspected: 36,
  ageingWiresFound: 0,
  extinguishersTotal: 120,
  extinguishersExpired: 0,
  extinguishersReplaced: 28,
  emergencyLightsTotal: 40,
  emergencyLightsWorking: 40,
  chemicalsStoredSafely: true,
});
