import type { Rate, RateYearOnYear, TargetComparison, YearOnYear } from './types';

/* Comparing the report's figures: rates, year-on-year changes, targets, and the report's orderings. */

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** numerator / denominator, null when the denominator is 0. */
export function rateOf(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator > 0 ? numerator / denominator : null };
}

/** A figure against last year: the change in %, null when last year's is 0 or absent (null). */
export function yearOnYear(current: number, previousYear: number | null): YearOnYear {
  return {
    current,
    previousYear,
    changePercent:
      previousYear !== null && previousYear !== 0 ? round2(((current - previousYear) / previousYear) * 100) : null,
  };
}

export function rateYearOnYear(current: Rate, previousYear: Rate): RateYearOnYear {
  const changePoints =
    current.rate !== null && previousYear.rate !== null ? round2((current.rate - previousYear.rate) * 100) : null;
  return { current, previousYear, changePoints };
}

export function targetOf(
  direction: TargetComparison['direction'],
  target: number | undefined,
  actual: number | null,
): TargetComparison | null {
  if (typeof target !== 'number' || !Number.isFinite(target)) return null;
  const met = actual === null ? null : direction === 'atMost' ? actual <= target : actual >= target;
  return { direction, target, actual, met };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rates ascending, null (nothing to rate) last. */
export function compareRates(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

/** The lowest of some rates, null when none can be rated. */
export function worstRate(rates: readonly Rate[]): number | null {
  const known = rates.flatMap((r) => (r.rate === null ? [] : [r.rate]));
  return known.length > 0 ? Math.min(...known) : null;
}

export function negate(value: number | null): number | null {
  return value === null ? null : -value;
}
