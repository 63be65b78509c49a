import { median, percentile, ratioOf, summarize } from '../../../bench/support/stats';
import { row } from '../../../bench/support/rows';

describe('bench percentiles', () => {
  it('takes the nearest rank, so p99 of 100 samples is the 99th smallest', () => {
    // Prepare
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    // Act
    const p99 = percentile(samples, 99);
    // Assess
    expect(p99).toBe(99);
  });

  it('gives the lower middle as the median of an even count and the middle of an odd one', () => {
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('answers NaN for no samples and refuses a percentile outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('leaves the samples it is given in their order', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('has no ratio against a zero baseline', () => {
    expect(ratioOf(5, 0)).toBeUndefined();
    expect(ratioOf(3, 2)).toBe(1.5);
  });
});

describe('bench rows', () => {
  it('fails a ratio budget when the ratio is over its ceiling', () => {
    const result = row({
      id: 'x',
      name: 'x',
      value: 16,
      unit: 'ms',
      baseline: 10,
      budget: { kind: 'maxRatio', max: 1.5, description: '≤ 1.5×' },
    });
    expect(result).toMatchObject({ ratio: 1.6, pass: false });
  });

  it('passes a value budget at its ceiling exactly', () => {
    const result = row({
      id: 'y',
      name: 'y',
      value: 1000,
      unit: 'kB',
      budget: { kind: 'maxValue', max: 1000, description: '≤ 1 MB' },
    });
    expect(result.pass).toBe(true);
  });
});
