import { fieldsOf, requiredFields, type Field } from './field-model';
import { fill } from './text';
import type { CatalogueForm, Text } from './types';

/*
 * The schema's rules, checked in the browser as the user types: from what the inputs hold (raw
 * strings and yes/no choices) to typed answers, with a message in both languages per field.
 * The server checks again (and more: cross-field rules such as "certified ≤ on duty"); its 422
 * details are shown beside the same fields (see serverIssues).
 */

/** What an input holds: text as typed, a yes/no choice, or nothing yet. */
export type RawValue = string | boolean | undefined;
export type RawValues = Record<string, RawValue>;

export interface Issue {
  field: string;
  message: Text;
}

export const MESSAGES = {
  required: { zh: '必填', en: 'Required' },
  notNumber: { zh: '请输入数字', en: 'Enter a number' },
  notWhole: { zh: '请输入整数', en: 'Enter a whole number' },
  tooSmall: { zh: '不能小于 {limit}', en: 'Must be at least {limit}' },
  tooLarge: { zh: '不能大于 {limit}', en: 'Must be at most {limit}' },
  tooShort: { zh: '至少 {limit} 个字', en: 'At least {limit} characters' },
  tooLong: { zh: '最多 {limit} 个字', en: 'At most {limit} characters' },
  notOption: { zh: '请从选项中选择', en: 'Choose one of the options' },
} satisfies Record<string, Text>;

function message(text: Text, limit?: number): Text {
  const params: Record<string, number> = limit === undefined ? {} : { limit };
  return { zh: fill(text.zh, params), en: fill(text.en, params) };
}

/** One field's raw value to its typed answer, or the issue with it (undefined answer: left empty). */
export function parseValue(field: Field, raw: RawValue): { value?: unknown; issue?: Text } {
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return {};
  switch (field.kind) {
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { value: raw === 'true' };
    case 'integer':
    case 'number': {
      const text = String(raw).trim().replace(/，/g, '.').replace(/,/g, '.');
      if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return { issue: MESSAGES.notNumber };
      const value = Number(text);
      if (!Number.isFinite(value)) return { issue: MESSAGES.notNumber };
      if (field.kind === 'integer' && !Number.isInteger(value)) return { issue: MESSAGES.notWhole };
      if (field.minimum !== undefined && value < field.minimum)
        return { issue: message(MESSAGES.tooSmall, field.minimum) };
      if (field.maximum !== undefined && value > field.maximum)
        return { issue: message(MESSAGES.tooLarge, field.maximum) };
      return { value };
    }
    case 'choice': {
      const value = String(raw);
      return field.options?.some((option) => option.value === value) ? { value } : { issue: MESSAGES.notOption };
    }
    case 'text': {
      const value = String(raw).trim();
      if (field.minLength !== undefined && value.length < field.minLength)
        return { issue: message(MESSAGES.tooShort, field.minLength) };
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return { issue: message(MESSAGES.tooLong, field.maxLength) };
      return { value };
    }
  }
}

/** Typed answers and every issue (bad values, then required fields left empty). */
export function validateAnswers(
  form: CatalogueForm,
  raw: RawValues,
): { answers: Record<string, unknown>; issues: Issue[] } {
  const answers: Record<string, unknown> = {};
  const issues: Issue[] = [];
  const fields = fieldsOf(form);
  for (const field of fields) {
    const { value, issue } = parseValue(field, raw[field.name]);
    if (issue) issues.push({ field: field.name, message: issue });
    else if (value !== undefined) answers[field.name] = value;
  }
  const required = requiredFields(form, answers);
  for (const field of fields) {
    if (
      required.has(field.name) &&
      answers[field.name] === undefined &&
      !issues.some((issue) => issue.field === field.name)
    ) {
      issues.push({ field: field.name, message: MESSAGES.required });
    }
  }
  return { answers, issues };
}

/** Raw input values for answers already given (to open a past submission for correction). */
export function rawFromAnswers(form: CatalogueForm, answers: Record<string, unknown>): RawValues {
  const raw: RawValues = {};
  for (const field of fieldsOf(form)) {
    const value = answers[field.name];
    if (value === undefined || value === null) continue;
    raw[field.name] = typeof value === 'boolean' ? value : String(value);
  }
  return raw;
}

/**
 * A 400/422's details, by field: `answers.staffOnDuty` → `staffOnDuty`; envelope fields (`date`,
 * `note`) keep their names. The reason is the server's, already in the caller's language.
 */
export function serverIssues(details: unknown): { field: string; reason: string }[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((detail) => {
    if (!detail || typeof detail !== 'object') return [];
    const { field, reason, label } = detail as { field?: unknown; reason?: unknown; label?: unknown };
    if (typeof field !== 'string') return [];
    const name = field.startsWith('answers.') ? field.slice('answers.'.length) : field;
    return [{ field: name, reason: typeof reason === 'string' ? reason : typeof label === 'string' ? label : '' }];
  });
}
