/*
 * Order statistics for latency samples. Percentiles use the nearest-rank method (the smallest
 * sample with at least p % of the samples at or below it): every reported figure is a time that
 * was actually measured, and p99 of 2,000 calls is the 1,980th fastest.
 */

/** The p-th percentile (0 < p ≤ 100) of the samples by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside (0, 100]`);
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The median by nearest rank (the lower middle of an even count). */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** p50, p90, p99, mean and count of a sample set, in the samples' unit. */
export function summarize(samples: readonly number[]): {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
} {
  const count = samples.length;
  const mean = count ? samples.reduce((sum, x) => sum + x, 0) / count : Number.NaN;
  return {
    count,
    mean,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: count ? Math.max(...samples) : Number.NaN,
  };
}

/** value / baseline, rounded to 3 decimals; undefined when the baseline is zero or not a number. */
export function ratioOf(value: number, baseline: number): number | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return undefined;
  return Math.round((value / baseline) * 1000) / 1000;
}

/** Rounds to `digits` decimals (figures in the JSON are read by people). */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
