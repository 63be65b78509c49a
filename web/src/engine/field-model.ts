import type { CatalogueForm, SchemaCondition, SchemaProperty, Text } from './types';

/*
 * From a catalogue form (its JSON Schema and its labels) to the fields a screen renders. Nothing
 * here knows a form type: a new form type in `GET /v1/forms` renders without an app change.
 */

export type FieldKind = 'boolean' | 'integer' | 'number' | 'choice' | 'text';

export interface Field {
  name: string;
  kind: FieldKind;
  label: Text;
  unit?: Text;
  /** For `choice`: each allowed value with its label. */
  options?: { value: string; label: Text }[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  /** Required whatever the other answers are. */
  required: boolean;
}

/** A `text` longer than this is a multi-line box. */
export const LONG_TEXT = 120;

function kindOf(property: SchemaProperty): FieldKind {
  if (property.enum) return 'choice';
  if (property.type === 'boolean') return 'boolean';
  if (property.type === 'integer') return 'integer';
  if (property.type === 'number') return 'number';
  return 'text';
}

/** The field list of a form, in the schema's order. */
export function fieldsOf(form: CatalogueForm): Field[] {
  const properties = form.jsonSchema.properties ?? {};
  const required = new Set(form.jsonSchema.required ?? []);
  const specs = new Map(form.fields.map((field) => [field.name, field]));
  return Object.entries(properties).map(([name, property]) => {
    const spec = specs.get(name);
    const title = property.title ?? name;
    const kind = kindOf(property);
    const field: Field = { name, kind, label: spec?.label ?? { zh: title, en: title }, required: required.has(name) };
    if (spec?.unit) field.unit = spec.unit;
    if (kind === 'choice') {
      field.options = (property.enum ?? []).map((value) => {
        const key = String(value);
        return { value: key, label: spec?.options?.[key] ?? { zh: key, en: key } };
      });
    }
    const minimum =
      property.minimum ?? (property.exclusiveMinimum !== undefined ? property.exclusiveMinimum : undefined);
    const maximum =
      property.maximum ?? (property.exclusiveMaximum !== undefined ? property.exclusiveMaximum : undefined);
    if (minimum !== undefined) field.minimum = minimum;
    if (maximum !== undefined) field.maximum = maximum;
    if (property.minLength !== undefined) field.minLength = property.minLength;
    if (property.maxLength !== undefined) field.maxLength = property.maxLength;
    return field;
  });
}

function conditionHolds(condition: SchemaCondition, answers: Record<string, unknown>): boolean {
  const clause = condition.if;
  if (!clause) return false;
  for (const name of clause.required ?? []) if (answers[name] === undefined) return false;
  for (const [name, rule] of Object.entries(clause.properties ?? {})) {
    const value = answers[name];
    if (value === undefined) continue;
    if ('const' in rule && value !== rule.const) return false;
    if (rule.enum && !rule.enum.includes(value)) return false;
  }
  return true;
}

/** The fields required by the answers so far: the schema's `required` plus its `allOf` if/then clauses that hold. */
export function requiredFields(form: CatalogueForm, answers: Record<string, unknown>): Set<string> {
  const required = new Set(form.jsonSchema.required ?? []);
  for (const condition of form.jsonSchema.allOf ?? []) {
    if (conditionHolds(condition, answers)) for (const name of condition.then?.required ?? []) required.add(name);
  }
  return required;
}
