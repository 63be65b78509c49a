import * as z from 'zod/mini';
import type { Locale, Text } from '../i18n';
import { DEFAULT_LOCALE, localize } from '../i18n';
import type { FieldDescriptions } from '../validation';
import { FORM_TYPES } from './registry';
import type { FieldSpec, FormDefinition, HazardCategory, RaisedHazard, SchoolFlags, Severity } from './types';

/**
 * The catalogue of a registry: every form at every version (its `earlierVersions`, then itself),
 * in catalogue order (each form's `order`, then its versions oldest first).
 */
export function catalogueOf(registry: Readonly<Record<string, FormDefinition>>): FormDefinition[] {
  return Object.values(registry)
    .flatMap((form) => [...(form.earlierVersions ?? []), form])
    .sort((a, b) => a.order - b.order || a.version - b.version);
}

/**
 * Every form type at every version the system accepts, in catalogue order: one folder of
 * shared/forms each, listed by the generated registry (`npm run forms`).
 */
export const FORMS: readonly FormDefinition[] = catalogueOf(FORM_TYPES as unknown as Record<string, FormDefinition>);

/**
 * The form `id` at `version`, or at its latest version when none is named; undefined when
 * unknown. Retired versions are found only with `{ includeRetired: true }` (to read what was
 * stored with them), never for a new submission. `forms` is for tests; the catalogue is the default.
 */
export function findForm(
  id: string,
  version?: number,
  forms: readonly FormDefinition[] = FORMS,
  { includeRetired = false }: { includeRetired?: boolean } = {},
): FormDefinition | undefined {
  let found: FormDefinition | undefined;
  for (const form of forms) {
    if (form.id !== id || (form.retired && !includeRetired)) continue;
    if (version !== undefined ? form.version === version : !found || form.version > found.version) found = form;
  }
  return found;
}

/** Whether a school is expected (and allowed) to submit the form. */
export function formAppliesTo(form: Pick<FormDefinition, 'appliesTo'>, school: SchoolFlags): boolean {
  return form.appliesTo === 'all' || school[form.appliesTo];
}

/** The hazards a form's rules raise from answers its own schema has parsed, in rule order. */
export function hazardsRaisedBy(form: FormDefinition, answers: z.output<FormDefinition['answers']>): RaisedHazard[] {
  return form.hazardRules.flatMap((rule) => rule.raise(answers) ?? []);
}

function fieldSpecs(form: FormDefinition): [string, FieldSpec][] {
  // The schema's own key order, so the catalogue lists fields as the form asks them.
  return Object.keys(form.answers.shape).map((name) => [
    name,
    (form.fields as Record<string, FieldSpec>)[name] ?? { label: { zh: name, en: name } },
  ]);
}

const labelTables = new WeakMap<FormDefinition, FieldDescriptions>();

/**
 * The descriptions of a form's answers by dotted path (`answers.<field>`): label, unit and how
 * each option reads, from which validation messages name the field and say what it expects.
 * Built on first use for each form and kept (frozen, as every caller shares it).
 */
export function fieldLabels(form: FormDefinition): FieldDescriptions {
  let labels = labelTables.get(form);
  if (!labels) {
    labels = Object.freeze(Object.fromEntries(fieldSpecs(form).map(([name, spec]) => [`answers.${name}`, spec])));
    labelTables.set(form, labels);
  }
  return labels;
}

/** One form as GET /v1/forms serves it: a whitelist of the definition, plus its JSON Schema. */
export interface FormView extends Pick<
  FormDefinition,
  'id' | 'version' | 'title' | 'description' | 'cadence' | 'appliesTo'
> {
  fields: { name: string; label: Text; unit?: Text; options?: Record<string, Text> }[];
  hazardRules: { id: string; severity: Severity; category: HazardCategory; title: Text; asReported?: true }[];
  figures: { id: string; label: Text; unit?: Text; aggregate: string }[];
  /** JSON Schema (draft 2020-12) of `answers`, with each field's title in the requested locale. */
  jsonSchema: Record<string, unknown>;
}

function withUnit(spec: FieldSpec, locale: Locale): string {
  const label = localize(spec.label, locale);
  if (!spec.unit) return label;
  const unit = localize(spec.unit, locale);
  return locale === 'en' ? `${label} (${unit})` : `${label}（${unit}）`;
}

/** The answers' JSON Schema as a client sees it (input side), annotated with the field labels. */
function jsonSchemaOf(form: FormDefinition, locale: Locale): Record<string, unknown> {
  const schema = z.toJSONSchema(form.answers, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, spec] of fieldSpecs(form)) {
    const property = properties[name];
    if (!property) continue;
    property.title = withUnit(spec, locale);
    // Both languages in the description: a form builder may show either.
    property.description = `${withUnit(spec, 'zh-CN')} / ${withUnit(spec, 'en')}`;
  }
  return {
    ...schema,
    title: localize(form.title, locale),
    ...(form.description ? { description: localize(form.description, locale) } : {}),
  };
}

function formView(form: FormDefinition, locale: Locale): FormView {
  return {
    id: form.id,
    version: form.version,
    title: form.title,
    ...(form.description ? { description: form.description } : {}),
    cadence: form.cadence,
    appliesTo: form.appliesTo,
    fields: fieldSpecs(form).map(([name, spec]) => ({
      name,
      label: spec.label,
      ...(spec.unit ? { unit: spec.unit } : {}),
      ...(spec.options ? { options: spec.options } : {}),
    })),
    hazardRules: form.hazardRules.map((rule) => ({
      id: rule.id,
      severity: rule.severity,
      category: rule.category,
      title: rule.title,
      ...(rule.asReported ? { asReported: true as const } : {}),
    })),
    figures: form.figures.map((figure) => ({
      id: figure.id,
      label: figure.label,
      ...(figure.unit ? { unit: figure.unit } : {}),
      aggregate: figure.aggregate,
    })),
    jsonSchema: jsonSchemaOf(form, locale),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const views = new Map<Locale, readonly FormView[]>();

/**
 * The catalogue as GET /v1/forms serves it. Built once per locale and kept for the life of the
 * process (it is served on every request); frozen, so no caller can change what the next one reads.
 */
export function catalogueView(locale: Locale = DEFAULT_LOCALE): readonly FormView[] {
  let view = views.get(locale);
  if (!view) {
    // A copy, so freezing it leaves the form definitions alone.
    view = deepFreeze(structuredClone(FORMS.filter((form) => !form.retired).map((form) => formView(form, locale))));
    views.set(locale, view);
  }
  return view;
}
