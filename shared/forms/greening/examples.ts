import type * as z from 'zod/mini';
import type { greening } from '.';

/** A valid submission's answers: no hazard, no quality flag. */
export const example: Readonly<z.input<typeof greening.answers>> = Object.freeze({
  project: '植树节校园补植',
  plantsAdded: 320,
  areaAddedMu: 1.5,
  investmentYuan: 46_800,
});
