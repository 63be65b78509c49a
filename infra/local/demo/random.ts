/*
 * A small deterministic random source for the demo data: the same inputs give the same demo on
 * every machine and every run, so tests can pin it and a re-run writes the very same bodies
 * (submission ids and hashes match, nothing doubles). Not for anything secret.
 */

/** Numbers in [0, 1), like Math.random, from a seed. */
export type Random = () => number;

/** mulberry32: a 32-bit generator, fast and well spread enough for demo numbers. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a hash (32 bits) of the parts joined: the seed of one stream. */
export function seedOf(...parts: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A stream of its own for each thing drawn (a school's canteen check on a date, a school's
 * profile): changing one part of the demo never shifts the numbers of another.
 */
export function randomFor(...parts: readonly string[]): Random {
  return mulberry32(seedOf('houqin-demo', ...parts));
}

/** A number from `min` to `max`, rounded to `decimals` places. */
export function between(random: Random, min: number, max: number, decimals = 0): number {
  const factor = 10 ** decimals;
  return Math.round((min + (max - min) * random()) * factor) / factor;
}

/** A whole number from `min` to `max`, both included. */
export function wholeBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
  return random() < p;
}

/** One of the items. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** `count` of the items, chosen without repeats, in their original order. */
export function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const ranked = items.map((item, index) => ({ index, key: random() }));
  const chosen = new Set(
    ranked
      .sort((a, b) => a.key - b.key)
      .slice(0, Math.max(0, count))
      .map((entry) => entry.index),
  );
  return items.filter((_, index) => chosen.has(index));
}
