import * as z from 'zod/mini';
import type { Text } from '../i18n';
import { addTextIssue } from '../validation';
import type { FieldSpec, Figure, HazardRule, RaisedHazard } from './types';

// Building blocks of form answers. Every value a school types is bounded: numbers have a floor
// and a sane ceiling, strings are trimmed and capped, so nothing unbounded reaches the table.

/** A whole number from 0 to `max` (people, rooms, grams, hours). */
export function wholeNumber(max: number) {
  return z.int().check(z.gte(0), z.lte(max));
}

/**
 * The smallest non-zero quantity accepted. Finer fractions mean nothing for kg, kWh, mu or yuan,
 * and below 1e-130 DynamoDB cannot store a number at all (the write would fail, not the check).
 */
export const QUANTITY_MIN_NONZERO = 1e-6;

/** A measured quantity from 0 to `max`, fractions allowed (kg, scores); a non-zero one is at least QUANTITY_MIN_NONZERO. */
export function quantity(max: number) {
  return z.number().check(
    z.gte(0),
    z.lte(max),
    // A negative value is gte(0)'s to report, not this check's.
    z.refine((value) => value <= 0 || value >= QUANTITY_MIN_NONZERO, {
      params: {
        text: {
          zh: `数值过小：非零值不能小于 ${QUANTITY_MIN_NONZERO}`,
          en: `Too small: a non-zero value must be at least ${QUANTITY_MIN_NONZERO}`,
        },
      },
    }),
  );
}

/** A yes/no answer: JSON true or false, nothing else. */
export function yesNo() {
  return z.boolean();
}

/** Free text, trimmed, not blank, at most `max` characters. */
export function text(max: number) {
  return z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
}

/** The unit of a score out of 100 (a `quantity(100)` answer). */
export const SCORE_UNIT: Text = { zh: '分（满分 100）', en: 'points of 100' };
/** The unit of a score's mean over the month. */
export const MEAN_SCORE_UNIT: Text = { zh: '分', en: 'points' };

/** A place on campus (building, floor, room), as hazards carry it. */
export const PLACE_MAX = 100;
/** A description typed by the school. */
export const DESCRIPTION_MAX = 2000;

/**
 * Refinement options that run a cross-field check only once the object itself and the fields
 * it reads are valid: a check never sees a wrong type, and a bad field is not reported twice
 * (once for itself, once as an inconsistency). Unknown keys elsewhere do not stop it.
 */
export function whenValid(...fields: string[]): z.core.$ZodSuperRefineParams {
  return {
    when: (payload) =>
      typeof payload.value === 'object' &&
      payload.value !== null &&
      payload.issues.every((issue) => {
        // A raw issue raised on the object itself has no path yet.
        const [field] = issue.path ?? [];
        return field === undefined ? issue.code === 'unrecognized_keys' : !fields.includes(String(field));
      }),
  };
}

/**
 * The cross-field check that `part` is at most `whole` (a count within its total, a share within
 * the sum it belongs to), reported on `part` with `message`, built from the answers in both
 * languages. Like every cross-field check it runs only once both fields are valid (`whenValid`).
 */
export function atMost<K extends string>(part: K, whole: K, message: (answers: Record<K, number>) => Text) {
  return z.superRefine<Record<K, number>>(
    (a, ctx) => {
      if (a[part] > a[whole]) addTextIssue(ctx, [part], message(a));
    },
    whenValid(whole, part),
  );
}

/** 1 for yes, 0 for no: a yes/no answer as a figure the rollup can sum. */
export function tally(yes: boolean): number {
  return yes ? 1 : 0;
}

/** How a field reads in the catalogue and in error messages: its label, and the unit of a number. */
export function field(label: Text, unit?: Text): FieldSpec {
  return unit ? { label, unit } : { label };
}

/** The figure that counts the month's submissions of a form (checks, patrols, reports). */
export function countOf<A>(id: string, label: Text): Figure<A> {
  return { id, label, aggregate: 'count', value: () => 1 };
}

/** A figure that counts the submissions whose answers `hold` (a sum of yes/no tallies). */
export function countWhere<A>(id: string, label: Text, holds: (answers: A) => boolean, unit?: Text): Figure<A> {
  return { id, label, ...(unit ? { unit } : {}), aggregate: 'sum', value: (a) => tally(holds(a)) };
}

/** A figure that averages one numeric answer over the month, under the answer's own name. */
export function meanOf<A extends Record<K, number | undefined>, K extends string>(
  field: K,
  label: Text,
  unit?: Text,
): Figure<A> {
  return { id: field, label, ...(unit ? { unit } : {}), aggregate: 'mean', value: (a) => a[field] };
}

/** A figure that sums one numeric answer over the month, under the answer's own name. */
export function sumOf<A extends Record<K, number | undefined>, K extends string>(
  field: K,
  label: Text,
  unit?: Text,
): Figure<A> {
  return { id: field, label, ...(unit ? { unit } : {}), aggregate: 'sum', value: (a) => a[field] };
}

/** A hazard description that reads in both locales: descriptions are stored once, not per reader. */
export function bilingual(zh: string, en: string): string {
  return `${zh} / ${en}`;
}

/** What a rule found: the details it adds to its hazard (figures, place). */
export type Finding = Pick<RaisedHazard, 'description' | 'place'>;

/**
 * Builds a hazard rule from its catalogue entry and a check that returns a finding when the
 * answers call for a hazard. The raised hazard repeats the rule's severity, category and title,
 * so the two cannot drift apart; `raise` needs no `this`, so it can be passed around unbound.
 */
export function hazardRule<A>(spec: RuleSpec<A>, check: (answers: A) => Finding | undefined): HazardRule<A> {
  return {
    ...spec,
    raise(answers) {
      const finding = check(answers);
      if (!finding) return undefined;
      const { description, place } = finding;
      return {
        ruleId: spec.id,
        severity: spec.severity,
        category: spec.category,
        title: spec.title,
        ...(place ? { place } : {}),
        ...(description ? { description } : {}),
      };
    },
  };
}

/** What a rule is, as the catalogue lists it: everything but how it raises. */
export type RuleSpec<A> = Omit<HazardRule<A>, 'raise' | 'asReported'>;
