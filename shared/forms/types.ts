import type * as z from 'zod/mini';
import type { Text } from '../i18n';
import type { QualityCheck } from './quality';
import type { FigureRole } from '../reports/sections';
import type { ReportSectionId } from '../reports/types';

/** How often a form is expected (DOMAIN.md § Form types). */
export type Cadence = 'school-day' | 'school-night' | 'weekly' | 'monthly' | 'term' | 'event';

/** Which schools a form applies to: all, or those with a flag set. */
export type AppliesTo = 'all' | 'hasCanteen' | 'boarding' | 'nutritionProgramme';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How a severity reads in reports and the catalogue. */
export const SEVERITY_LABELS: Record<Severity, Text> = {
  critical: { zh: '重大', en: 'Critical' },
  high: { zh: '较大', en: 'High' },
  medium: { zh: '一般', en: 'Medium' },
  low: { zh: '轻微', en: 'Low' },
};

export const HAZARD_CATEGORIES = [
  'electrical',
  'fire',
  'building',
  'food',
  'water',
  'traffic',
  'security',
  'health',
  'other',
] as const;
export type HazardCategory = (typeof HAZARD_CATEGORIES)[number];

/** How a hazard category reads in reports and the catalogue. */
export const HAZARD_CATEGORY_LABELS: Record<HazardCategory, Text> = {
  electrical: { zh: '用电安全', en: 'Electrical' },
  fire: { zh: '消防安全', en: 'Fire' },
  building: { zh: '校舍安全', en: 'Building' },
  food: { zh: '食品安全', en: 'Food' },
  water: { zh: '饮水与防溺水', en: 'Water and drowning' },
  traffic: { zh: '交通安全', en: 'Traffic' },
  security: { zh: '治安与安保', en: 'Security' },
  health: { zh: '卫生防疫', en: 'Health' },
  other: { zh: '其他', en: 'Other' },
};

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
  /** For a field with a fixed set of values: how each value reads. */
  options?: Record<string, Text>;
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
  /**
   * True when the raised hazard takes its severity and category from the answers (an ad-hoc
   * report); `severity` and `category` above are then only the defaults shown in the catalogue.
   */
  asReported?: boolean;
  /** Returns the hazard when the answers call for one. */
  raise(answers: A): RaisedHazard | undefined;
}

/**
 * A number the monthly rollup aggregates from each submission's answers. `value` returns
 * undefined when the submission says nothing about it (it is then left out of every aggregate);
 * `count` counts the submissions with a value, so a yes/no tally is a `sum` of 0 and 1.
 */
export interface Figure<A> {
  id: string;
  label: Text;
  unit?: Text;
  aggregate: 'sum' | 'count' | 'min' | 'max' | 'mean';
  value(answers: A): number | undefined;
}

/**
 * A form's part in the monthly report, declared with its definition (docs/reports.md): the
 * section that lists its figures, and what the section's computations read of it.
 */
export interface FormReport {
  /** The section that lists the form's figures in full. */
  section: ReportSectionId;
  /** Its place among that section's forms (lowest first). */
  order: number;
  /**
   * A statement a school makes once for its month or term (a meter reading, an enrolment): only a
   * school's latest current one counts, a repeat becomes a data-quality note.
   */
  onePerSchool?: boolean;
  /**
   * The figure role it fills in its section (shared/reports/sections.ts FIGURE_ROLES): the form
   * must declare every figure the role names, under the same id.
   */
  fills?: FigureRole;
  /** The role's keyed figures (by drill kind, topic, area use) in report order: key → figure id and how the key reads. */
  keyed?: Record<string, { figureId: string; label: Text }>;
}

/** One form type at one version. */
export interface FormDefinition<S extends z.ZodMiniObject = z.ZodMiniObject> {
  id: string;
  version: number;
  /** Its place in the catalogue (GET /v1/forms, the app's list, the history template): lowest first, one per form. */
  order: number;
  /**
   * A retired version is no longer accepted for new submissions; stored submissions keep the
   * version they were made with and are still read with it. A changed form is a new version.
   */
  retired?: boolean;
  title: Text;
  description?: Text;
  cadence: Cadence;
  appliesTo: AppliesTo;
  /** The answers' schema (strict object). */
  answers: S;
  /** Valid example answers, as a school's client sends them (its folder's examples.ts): for tests, the demo and the docs. */
  example: Readonly<z.input<S>>;
  fields: { [K in keyof z.output<S>]-?: FieldSpec };
  hazardRules: HazardRule<z.output<S>>[];
  figures: Figure<z.output<S>>[];
  /** Checks of possible but suspicious answers, flagged for the report's data-quality notes (its folder's quality.ts). */
  qualityChecks?: readonly QualityCheck[];
  /** Its part in the monthly report: its section and the figure role it fills there. */
  report?: FormReport;
  /**
   * The form's earlier versions, oldest first, each a definition of its own (usually `retired`):
   * stored submissions keep the version they were made with and are read with it. The registry
   * lists the current definition; the catalogue lists these with it.
   */
  earlierVersions?: readonly FormDefinition[];
}

/**
 * A form as its file declares it: like FormDefinition, but `answers` is a function that builds
 * the schema, so that loading the catalogue builds none of them (see `defineForm`).
 */
export interface FormDeclaration<S extends z.ZodMiniObject> extends Omit<FormDefinition<S>, 'answers'> {
  answers: () => S;
}

/**
 * Declares a form with its types inferred from the answers schema. The schema is built on the
 * first read of `answers` and kept: building all the forms' schemas at import would cost every
 * cold start of a Lambda that loads the catalogue, when a submission needs only the one it names.
 */
export function defineForm<S extends z.ZodMiniObject>(form: FormDeclaration<S>): FormDefinition<S> {
  let schema: S | undefined;
  const definition: Record<string, unknown> = {};
  // Key by key, so `answers` keeps its place among the others.
  for (const [key, value] of Object.entries(form)) {
    if (key !== 'answers') definition[key] = value;
    // Enumerable, like the plain property it stands for; no setter, as the schema is the form's.
    else Object.defineProperty(definition, key, { get: () => (schema ??= form.answers()), enumerable: true });
  }
  return definition as unknown as FormDefinition<S>;
}
