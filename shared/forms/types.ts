import type { z } from 'zod';
import type { Text } from '../i18n';

/** How often a form is expected (DOMAIN.md § Form types). */
export type Cadence = 'school-day' | 'school-night' | 'weekly' | 'monthly' | 'term' | 'event';

/** Which schools a form applies to: all, or those with a flag set. */
export type AppliesTo = 'all' | 'hasCanteen' | 'boarding' | 'nutritionProgramme';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const HAZARD_CATEGORIES = ['electrical', 'fire', 'building', 'food', 'water', 'traffic', 'security', 'health', 'other'] as const;
export type HazardCategory = (typeof HAZARD_CATEGORIES)[number];

/** The flags of a school that `appliesTo` reads. */
export interface SchoolFlags {
  hasCanteen: boolean;
  boarding: boolean;
  nutritionProgramme: boolean;
}

/** Label (and unit) of one answer field, shown in errors and the catalogue. */
export interface FieldSpec {
  label: Text;
  unit?: Text;
}

/** A hazard that a rule raised from one submission's answers. */
export interface RaisedHazard {
  ruleId: string;
  severity: Severity;
  category: HazardCategory;
  /** What is wrong, short, in every locale. */
  title: Text;
  place?: string;
  /** Free text from the school, or details the rule computed (e.g. "sample 100 g < 125 g"). */
  description?: string;
}

/** Turns answers into zero or one hazard. Pure. */
export interface HazardRule<A> {
  id: string;
  severity: Severity;
  category: HazardCategory;
  /** What the rule checks, for the catalogue. */
  title: Text;
  /** Returns the hazard when the answers call for one. */
  raise(answers: A): RaisedHazard | undefined;
}

/** A number the monthly rollup aggregates from each submission's answers. */
export interface Figure<A> {
  id: string;
  label: Text;
  unit?: Text;
  aggregate: 'sum' | 'count' | 'min' | 'max' | 'mean';
  value(answers: A): number | undefined;
}

/** One form type at one version. */
export interface FormDefinition<S extends z.ZodObject = z.ZodObject> {
  id: string;
  version: number;
  title: Text;
  description?: Text;
  cadence: Cadence;
  appliesTo: AppliesTo;
  /** The answers' schema (strict object). */
  answers: S;
  fields: { [K in keyof z.output<S>]-?: FieldSpec };
  hazardRules: HazardRule<z.output<S>>[];
  figures: Figure<z.output<S>>[];
}

/** Declares a form with its types inferred from the answers schema. */
export function defineForm<S extends z.ZodObject>(form: FormDefinition<S>): FormDefinition<S> {
  return form;
}
