// The core of zod, so that schemas of either flavour parse here: the classic API, and zod/mini
// that the submission path's schemas use (a smaller bundle, a faster cold start).
import { safeParse, type $RefinementCtx, type $ZodErrorMap, type $ZodIssue, type $ZodType, type output } from 'zod/v4/core';
// Only the two locales we speak: `z.locales` would bundle every language zod has.
import { en, zhCN } from 'zod/v4/locales';
import { AppError, type FieldIssue } from './errors';
import type { Locale, Text } from './i18n';
import { localize } from './i18n';

/** The parameters a localizable custom issue carries (see `errorMapFor`). */
export interface TextIssueParams {
  text: Text;
}

/**
 * Reports a custom issue at `path` whose message is a Text: `errorMapFor` renders it in the
 * caller's locale. No `message` is set on purpose, as zod would then use it whatever the locale.
 */
export function addTextIssue(ctx: $RefinementCtx, path: PropertyKey[], message: Text): void {
  const params: TextIssueParams = { text: message };
  ctx.addIssue({ code: 'custom', path, params });
}

function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && typeof (value as Text).zh === 'string' && typeof (value as Text).en === 'string';
}

const zodLocaleErrors: Record<Locale, $ZodErrorMap> = {
  'zh-CN': zhCN().localeError,
  en: en().localeError,
};

/**
 * The per-parse error map for a locale: custom issues raised with `addTextIssue` speak their
 * own Text, every built-in issue falls back to zod's own translation. Pass it as
 * `schema.safeParse(input, { error: errorMapFor(locale) })`.
 */
export function errorMapFor(locale: Locale): $ZodErrorMap {
  return (issue) => {
    const message = issue.code === 'custom' ? (issue.params as Partial<TextIssueParams> | undefined)?.text : undefined;
    return isText(message) ? localize(message, locale) : zodLocaleErrors[locale](issue);
  };
}

const errorMaps = { 'zh-CN': errorMapFor('zh-CN'), en: errorMapFor('en') } as const;

/** Field labels by dotted path (e.g. `answers.sampleGrams`), shown beside each reason. */
export type FieldLabels = Record<string, Text>;

/** Dotted path of a zod issue, with the key an unrecognized-keys issue is about. */
function issuePath(issue: $ZodIssue, prefix: string): string[] {
  const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => (base ? `${base}.${key}` : key));
  return [base || '(body)'];
}

/** Turns zod issues into field-level issues in the caller's locale. */
export function toFieldIssues(issues: readonly $ZodIssue[], locale: Locale, labels: FieldLabels = {}, prefix = ''): FieldIssue[] {
  return issues.flatMap((issue) =>
    issuePath(issue, prefix).map((field) => {
      const label = labels[field];
      return label ? { field, label: localize(label, locale), reason: issue.message } : { field, reason: issue.message };
    }),
  );
}

/**
 * Parses `input` with `schema`, returning the value or every field issue in the caller's locale
 * (for callers that collect problems, like a roster's lines, rather than stop at the first).
 */
export function safeParseLocalized<S extends $ZodType>(
  schema: S,
  input: unknown,
  locale: Locale,
  labels?: FieldLabels,
  prefix = '',
): { ok: true; value: output<S> } | { ok: false; issues: FieldIssue[] } {
  const result = safeParse(schema, input, { error: errorMaps[locale] });
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: toFieldIssues(result.error.issues, locale, labels, prefix) };
}

/**
 * Parses `input` with `schema`; on failure throws VALIDATION_FAILED whose details list every
 * field with its reason in the caller's locale.
 */
export function parseOrThrow<S extends $ZodType>(schema: S, input: unknown, locale: Locale, labels?: FieldLabels, prefix = ''): output<S> {
  const result = safeParseLocalized(schema, input, locale, labels, prefix);
  if (result.ok) return result.value;
  throw new AppError('VALIDATION_FAILED', result.issues);
}
