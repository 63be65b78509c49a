import { mulberry32, randomFor, sample, wholeBetween } from '../../../shared/forms/demo-kit';

describe('demo random streams', () => {
  it('repeats the same numbers for the same seed', () => {
    // Prepare
    const [a, b] = [mulberry32(42), mulberry32(42)];
    // Act
    const [first, second] = [Array.from({ length: 5 }, a), Array.from({ length: 5 }, b)];
    // Assess
    expect(first).toEqual(second);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('gives another stream for another name', () => {
    // Act
    const [a, b] = [
      randomFor('hy-zx', 'canteen-daily', '2026-10-08')(),
      randomFor('hy-zx', 'canteen-daily', '2026-10-09')(),
    ];
    // Assess
    expect(a).not.toBe(b);
  });

  it('draws whole numbers within both bounds', () => {
    // Prepare
    const random = mulberry32(7);
    // Act
    const drawn = new Set(Array.from({ length: 500 }, () => wholeBetween(random, 1, 3)));
    // Assess
    expect([...drawn].sort()).toEqual([1, 2, 3]);
  });

  it('samples the asked number of distinct items, in their original order', () => {
    // Prepare
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    // Act
    const chosen = sample(mulberry32(3), items, 4);
    // Assess
    expect(chosen).toHaveLength(4);
    expect(chosen).toEqual(items.filter((item) => chosen.includes(item)));
  });
});
