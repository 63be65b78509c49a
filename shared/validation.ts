import { z } from 'zod';
import { AppError, type FieldIssue } from './errors';
import type { Locale, Text } from './i18n';
import { localize } from './i18n';

const errorMaps = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError } as const;

/** Field labels by dotted path (e.g. `answers.sampleGrams`), shown beside each reason. */
export type FieldLabels = Record<string, Text>;

/** Dotted path of a zod issue, with the key an unrecognized-keys issue is about. */
function issuePath(issue: z.core.$ZodIssue, prefix: string): string[] {
  const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => (base ? `${base}.${key}` : key));
  return [base || '(body)'];
}

/** Turns zod issues into field-level issues in the caller's locale. */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[], locale: Locale, labels: FieldLabels = {}, prefix = ''): FieldIssue[] {
  return issues.flatMap((issue) =>
    issuePath(issue, prefix).map((field) => {
      const label = labels[field];
      return label ? { field, label: localize(label, locale), reason: issue.message } : { field, reason: issue.message };
    }),
  );
}

/**
 * Parses `input` with `schema`; on failure throws VALIDATION_FAILED whose details list every
 * field with its reason in the caller's locale.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, locale: Locale, labels?: FieldLabels, prefix = ''): z.output<S> {
  const result = schema.safeParse(input, { error: errorMaps[locale] });
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', toFieldIssues(result.error.issues, locale, labels, prefix));
}
