import type { Text } from '../i18n';
import { bilingual, hazardRule, type RuleSpec } from './common';
import type { HazardRule } from './types';

/*
 * Ready-made hazard rules for the checks many forms make: a count that should be zero, a yes/no
 * answer that should be yes. A rule of its own kind is written with `hazardRule` (./common.ts).
 */

/** Where a form's answers say a hazard is (a dormitory's building and floor), when the form asks. */
export type PlaceOf<A> = (answers: A) => string | undefined;

/** The names of the answers' fields whose values are `V` (numbers, yes/no). */
export type FieldOf<A, V> = { [K in keyof A]-?: A[K] extends V ? K : never }[keyof A];

/** A rule that raises when a yes/no answer is no (no sample kept, an exit blocked), at the answers' place if any. */
export function unlessYes<A>(spec: RuleSpec<A>, field: FieldOf<A, boolean>, placeOf?: PlaceOf<A>): HazardRule<A> {
  return hazardRule<A>(spec, (a) => (a[field] ? undefined : { place: placeOf?.(a) }));
}

/**
 * A rule that raises when a count answer is above zero (visitors let in unregistered, ageing
 * wires found), described as the count in its unit in both languages: "3 人次 / 3 visits".
 */
export function whenAny<A>(
  spec: RuleSpec<A>,
  field: FieldOf<A, number>,
  unit: Text,
  placeOf?: PlaceOf<A>,
): HazardRule<A> {
  return hazardRule<A>(spec, (a) => {
    const count = a[field] as number;
    return count > 0
      ? { place: placeOf?.(a), description: bilingual(`${count} ${unit.zh}`, `${count} ${unit.en}`) }
      : undefined;
  });
}
