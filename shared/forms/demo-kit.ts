import type * as z from 'zod/mini';
import type { SchoolKind } from '../directory/schemas';
import type { SchoolFlags } from './types';

/*
 * What a form folder's demo.ts is written with (docs/forms-and-hazards.md, "Adding a form type"):
 * how the local stack's demo and the rollup bench vary the form's answers. Only the demo registry
 * (shared/forms/demo-registry.ts, generated) imports the demo.ts files, and only the local stack
 * (infra/local/demo/) and the bench import that: no Lambda bundle carries demo code.
 *
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

/** The month of a date (`2026-11-27` → 11). */
export const monthNumber = (date: string): number => Number(date.slice(5, 7));

// ---------------------------------------------------------------------------------------------
// The schools the demo's answers are in proportion to

/** A demo school as the answers need it: size, kind and the flags that say which forms apply. */
export interface DemoSchoolProfile extends SchoolFlags {
  schoolId: string;
  name: string;
  kind: SchoolKind;
  students: number;
  staff: number;
}

/** Share of a boarding school's students who sleep at school, by kind. */
const BOARDER_SHARE: Record<SchoolKind, number> = {
  primary: 0.35,
  'nine-year': 0.45,
  middle: 0.6,
  vocational: 0.7,
  kindergarten: 0,
  special: 0.5,
};

/** Students who sleep at school (none at a day school). */
export function boardersOf(school: DemoSchoolProfile): number {
  return school.boarding ? Math.round(school.students * BOARDER_SHARE[school.kind]) : 0;
}

// ---------------------------------------------------------------------------------------------
// A form's demo

/** A day of the demo's window: the i-th school day from its start, or k school days before its last. */
export type Anchor = { early: number } | { recent: number };

/** A demo school that does not send this form on schedule (个别学校未按规定按期进行检查). */
export type DemoGap =
  /** That share of each month's school days missed. */
  | { kind: 'share-of-days'; schoolId: string; share: number }
  /** Nothing in the window's first month. */
  | { kind: 'first-month'; schoolId: string }
  /** Nothing in the first weeks of the window's first month. */
  | { kind: 'first-weeks'; schoolId: string; weeks: number }
  /** One whole recent week missed. */
  | { kind: 'one-week'; schoolId: string };

/** How the demo and the bench vary a form's answers. */
export interface FormDemo<A = Record<string, unknown>> {
  /** The form type it is the demo of. */
  formType: string;
  /**
   * A school's everyday answers on a date, in proportion to its size, which raise no hazard and
   * no quality flag. Without it the form has no everyday occasions (only its findings).
   */
  answers?: (school: DemoSchoolProfile, date: string, random: Random) => A;
  /** When in the (local) day it is usually filled in, in minutes from midnight (else the afternoon). */
  timeOfDay?: readonly [number, number];
  /** A monthly form: the school day of the month (0-based) it is usually done, before a school's own jitter (else 8). */
  monthlyDay?: number;
  /** A weekly form: done at the start of the week (else at its end). */
  weekStart?: boolean;
  /** An event form: how often a school has one in the demo's window. */
  events?: { kind: 'per-school-month'; min: number; max: number } | { kind: 'schools-in-window'; schools: number };
  /** Schools that miss it on purpose, what each misses. */
  gaps?: readonly DemoGap[];
  /**
   * What the demo finds at a school, by name (unique over the forms): answers, from the school's
   * everyday answers of the day, that raise one of the form's rules. The demo district's story
   * (infra/local/demo/incidents.ts) says where and when each is found and what followed; the bench
   * injects one now and then (`bench.finding`).
   */
  findings?: Readonly<Record<string, (routine: A) => A>>;
  /** The demo's correction: a wrong answer sent, then corrected the same day (at most one form has one). */
  correction?: { schoolId: string; anchor: Anchor; wrong: (right: A) => A; note: (right: A) => string };
  /** The demo's suspicious but valid answer, flagged and accepted (at most one form has one). */
  suspicious?: { schoolId: string; answers: (routine: A) => A; note: string };
  /** Photo evidence the demo adds to its most recent submission (infra/local/demo-photos.ts). */
  photo?:
    | { kind: 'real'; order: number; reusedOnAnotherDay?: boolean }
    | { kind: 'not-a-photo'; text: (date: string) => string }
    | { kind: 'never-uploaded' };
  /** The rollup bench's month (bench/generate-district.ts). */
  bench?: {
    /** An event form: the chance a school has one in the month. */
    eventChance?: number;
    /** One of its `findings` the bench injects now and then, with the chance of it on an occasion. */
    finding?: { id: string; chance: number };
    /** Ad-hoc reports (a form without everyday answers): the chance of one a school month, what is reported. */
    reports?: { chance: number; answers: readonly A[]; note: string };
  };
}

/** The demo of a form (`defineDemo(canteenDaily, { ... })`), typed against its answers. */
export function defineDemo<F extends { id: string; answers: z.ZodMiniType }>(
  form: F,
  demo: NoInfer<Omit<FormDemo<z.input<F['answers']>>, 'formType'>>,
): FormDemo {
  return { formType: form.id, ...demo } as unknown as FormDemo;
}
