// The core of zod, so that schemas of either flavour parse here: the classic API, and zod/mini
// that the submission path's schemas use (a smaller bundle, a faster cold start).
import {
  safeParse,
  type $RefinementCtx,
  type $ZodErrorMap,
  type $ZodIssue,
  type $ZodRawIssue,
  type $ZodType,
  type output,
} from 'zod/v4/core';
import { AppError, DetailsByLocale, type FieldIssue } from './errors';
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
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Text).zh === 'string' &&
    typeof (value as Text).en === 'string'
  );
}

/**
 * What a field is described by in a message: its label and, for a number, its unit; for a
 * fixed set of values, how each reads. A form's field spec (shared/forms/types.ts FieldSpec) is one.
 */
export interface FieldDescription {
  label: Text;
  unit?: Text;
  options?: Record<string, Text>;
}

/** Field labels by dotted path (e.g. `answers.sampleGrams`), shown beside each reason. */
export type FieldLabels = Record<string, Text>;

/** Field labels or whole descriptions (label, unit, options) by dotted path: what messages are made from. */
export type FieldDescriptions = Readonly<Record<string, Text | FieldDescription>>;

function describedBy(entry: Text | FieldDescription | undefined): FieldDescription | undefined {
  if (!entry) return undefined;
  return isText(entry) ? { label: entry } : entry;
}

// ---------------------------------------------------------------------------------------------
// The one place validation messages are made. Every built-in issue reads as plain language that
// a school secretary can act on: the field by its label, what is expected (with the unit and
// the bounds the schema holds), and what was received; never a type name such as "string".

interface Expectation {
  kind: 'integer' | 'number' | 'yes-no' | 'text' | 'choice' | 'list' | 'object' | 'other';
  min?: number;
  max?: number;
  maxLength?: number;
  values?: readonly unknown[];
}

/** Bounds beyond these are zod's own (safe integers), not a limit the form set. */
const MEANINGFUL_BOUND = 1e15;

interface SchemaDef {
  type?: string;
  format?: string;
  entries?: Record<string, unknown>;
  innerType?: { _zod?: { def?: SchemaDef } };
  checks?: { _zod?: { def?: { check?: string; value?: unknown; maximum?: unknown; format?: string } } }[];
}

/** What a schema expects, read from its definition (type, integer format, bounds). */
function expectationOf(schema: unknown): Expectation {
  let def = (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
  // An optional or defaulted field expects what its inner schema does.
  for (let depth = 0; def?.innerType && depth < 4; depth += 1) def = def.innerType._zod?.def;
  const checks = (def?.checks ?? []).map((check) => check._zod?.def ?? {});
  const bound = (name: 'greater_than' | 'less_than') => {
    const value = checks.find((check) => check.check === name)?.value;
    return typeof value === 'number' && Math.abs(value) < MEANINGFUL_BOUND ? value : undefined;
  };
  switch (def?.type) {
    case 'number': {
      const integer =
        def.format === 'safeint' ||
        def.format === 'int32' ||
        checks.some((check) => check.format === 'safeint' || check.format === 'int32');
      return { kind: integer ? 'integer' : 'number', min: bound('greater_than'), max: bound('less_than') };
    }
    case 'boolean':
      return { kind: 'yes-no' };
    case 'string': {
      const maxLength = checks.find((check) => check.check === 'max_length')?.maximum;
      return { kind: 'text', ...(typeof maxLength === 'number' ? { maxLength } : {}) };
    }
    case 'enum':
      return { kind: 'choice', values: Object.values(def.entries ?? {}) };
    case 'array':
      return { kind: 'list' };
    case 'object':
    case 'record':
      return { kind: 'object' };
    default:
      return { kind: 'other' };
  }
}

const QUOTES = { 'zh-CN': ['“', '”'], en: ['"', '"'] } as const;
const MAX_ECHO_CHARS = 40;

/** What was received, as the message repeats it (strings quoted and cut short, never a type name). */
function receivedText(input: unknown, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const [open, close] = QUOTES[locale];
  if (typeof input === 'string') {
    const shown = input.length > MAX_ECHO_CHARS ? `${input.slice(0, MAX_ECHO_CHARS)}…` : input;
    return zh ? `文字${open}${shown}${close}` : `the text ${open}${shown}${close}`;
  }
  if (typeof input === 'number')
    return Number.isNaN(input) ? (zh ? '不是数字的内容' : 'something that is not a number') : String(input);
  if (typeof input === 'boolean') return zh ? `${input}（${input ? '是' : '否'}）` : String(input);
  if (input === null) return zh ? '空值' : 'null';
  if (Array.isArray(input))
    return zh ? `一个列表（${input.length} 项）` : `a list (${input.length} ${input.length === 1 ? 'item' : 'items'})`;
  if (typeof input === 'object') return zh ? '一组键值对' : 'an object';
  return zh ? '无法识别的内容' : 'something unreadable';
}

function unitOf(field: FieldDescription | undefined, locale: Locale): string | undefined {
  return field?.unit ? localize(field.unit, locale) : undefined;
}

function choicesOf(values: readonly unknown[], field: FieldDescription | undefined, locale: Locale): string {
  const [open, close] = QUOTES[locale];
  return values
    .map((value) => {
      const option = field?.options?.[String(value)];
      if (!option) return `${open}${String(value)}${close}`;
      return locale === 'zh-CN'
        ? `${open}${String(value)}${close}（${option.zh}）`
        : `${open}${String(value)}${close} (${option.en})`;
    })
    .join(locale === 'zh-CN' ? '、' : ', ');
}

/** Joins Chinese text and what follows, with a space before digits and Latin letters ("应填 0 到 10"). */
function spaced(zh: string, rest: string): string {
  return /^[0-9A-Za-z+\-.]/.test(rest) ? `${zh} ${rest}` : `${zh}${rest}`;
}

/** What the field expects, in words: "0 到 10000 之间的整数，单位为克，不要带单位". */
function expectedText(expectation: Expectation, field: FieldDescription | undefined, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const unit = unitOf(field, locale);
  const { min, max } = expectation;
  switch (expectation.kind) {
    case 'integer':
    case 'number': {
      const noun = expectation.kind === 'integer' ? (zh ? '整数' : 'whole number') : zh ? '数字' : 'number';
      const range =
        min !== undefined && max !== undefined
          ? zh
            ? `${min} 到 ${max} 之间的${noun}`
            : `a ${noun} from ${min} to ${max}`
          : min !== undefined
            ? zh
              ? `不小于 ${min} 的${noun}`
              : `a ${noun} of at least ${min}`
            : zh
              ? noun
              : `a ${noun}`;
      if (zh) return unit ? `${range}，单位为${unit}，不要带单位` : range;
      return unit ? `${range}, in ${unit}, without the unit` : range;
    }
    case 'yes-no':
      return zh ? 'true（是）或 false（否），不要加引号' : 'true (yes) or false (no), without quotes';
    case 'text':
      return expectation.maxLength !== undefined
        ? zh
          ? `不超过 ${expectation.maxLength} 个字的文字`
          : `text of at most ${expectation.maxLength} characters`
        : zh
          ? '文字'
          : 'text';
    case 'choice':
      return zh
        ? `以下之一：${choicesOf(expectation.values ?? [], field, locale)}`
        : `one of ${choicesOf(expectation.values ?? [], field, locale)}`;
    case 'list':
      return zh ? '一个列表' : 'a list';
    case 'object':
      return zh ? '一组键值对' : 'an object of fields';
    default:
      return zh ? '符合要求的内容' : 'a valid value';
  }
}

/** A quantity with its unit: "1000 人", "1000 people". */
function withUnitText(value: unknown, field: FieldDescription | undefined, locale: Locale): string {
  const unit = unitOf(field, locale);
  return unit ? `${String(value)} ${unit}` : String(value);
}

const FORMAT_NAMES: Record<string, Text> = {
  date: { zh: 'YYYY-MM-DD 格式的日期', en: 'a date written YYYY-MM-DD' },
  datetime: { zh: 'ISO 8601 格式的时间', en: 'an ISO 8601 time' },
  email: { zh: '电子邮件地址', en: 'an e-mail address' },
  uuid: { zh: 'UUID 编号', en: 'a UUID' },
};

/** The reason of a built-in issue, without the label: what is expected and what was received. */
function builtInReason(issue: $ZodRawIssue, field: FieldDescription | undefined, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const received = (text: string) =>
    zh
      ? `${text}；${spaced('收到的是', receivedText(issue.input, locale))}`
      : `${text}; received ${receivedText(issue.input, locale)}`;
  const expectation = () => expectationOf(issue.schema ?? issue.inst);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedText(expectation(), field, locale);
      if (issue.input === undefined)
        return zh ? `必须填写，${spaced('应填', expected)}` : `required; enter ${expected}`;
      return received(zh ? spaced('应填', expected) : `enter ${expected}`);
    }
    case 'too_small': {
      const { origin, minimum, inclusive } = issue as $ZodRawIssue & {
        origin: string;
        minimum: number | bigint;
        inclusive?: boolean;
      };
      if (origin === 'string')
        return received(
          Number(minimum) <= 1
            ? zh
              ? '不能为空'
              : 'must not be empty'
            : zh
              ? `至少 ${minimum} 个字`
              : `at least ${minimum} characters`,
        );
      if (origin === 'array' || origin === 'set')
        return received(zh ? `至少 ${minimum} 项` : `at least ${minimum} items`);
      const bound = withUnitText(minimum, field, locale);
      return received(
        inclusive === false
          ? zh
            ? `应大于 ${bound}`
            : `must be more than ${bound}`
          : zh
            ? `不能小于 ${bound}`
            : `must be at least ${bound}`,
      );
    }
    case 'too_big': {
      const { origin, maximum, inclusive } = issue as $ZodRawIssue & {
        origin: string;
        maximum: number | bigint;
        inclusive?: boolean;
      };
      if (origin === 'string') return received(zh ? `最多 ${maximum} 个字` : `at most ${maximum} characters`);
      if (origin === 'array' || origin === 'set')
        return received(zh ? `最多 ${maximum} 项` : `at most ${maximum} items`);
      const bound = withUnitText(maximum, field, locale);
      return received(
        inclusive === false
          ? zh
            ? `应小于 ${bound}`
            : `must be less than ${bound}`
          : zh
            ? `不能大于 ${bound}`
            : `must be at most ${bound}`,
      );
    }
    case 'invalid_value': {
      const { values } = issue as $ZodRawIssue & { values: readonly unknown[] };
      return received(
        zh ? `应为以下之一：${choicesOf(values, field, locale)}` : `must be one of ${choicesOf(values, field, locale)}`,
      );
    }
    case 'invalid_format': {
      const { format } = issue as $ZodRawIssue & { format: string };
      const name = FORMAT_NAMES[format];
      return received(
        name ? (zh ? `应为${name.zh}` : `must be ${name.en}`) : zh ? '格式不对' : 'is not in the expected form',
      );
    }
    case 'not_multiple_of': {
      const { divisor } = issue as $ZodRawIssue & { divisor: number | bigint };
      return received(zh ? `应为 ${divisor} 的整数倍` : `must be a multiple of ${divisor}`);
    }
    case 'unrecognized_keys': {
      const { keys } = issue as $ZodRawIssue & { keys: string[] };
      const [open, close] = QUOTES[locale];
      const named = keys.map((key) => `${open}${key}${close}`).join(zh ? '、' : ', ');
      return zh ? `没有${named}这一项，请删去` : `there is no field ${named}; leave it out`;
    }
    default:
      return received(zh ? '填写的内容不符合要求' : 'is not valid');
  }
}

/** The label a message names a field by: its catalogue label, or else its own key. */
function labelText(field: FieldDescription | undefined, path: readonly PropertyKey[], locale: Locale): string {
  if (field) return localize(field.label, locale);
  const [open, close] = QUOTES[locale];
  const key = path.length > 0 ? path.map(String).join('.') : undefined;
  if (key) return locale === 'zh-CN' ? `字段${open}${key}${close}` : `Field ${open}${key}${close}`;
  return locale === 'zh-CN' ? '请求内容' : 'The request';
}

/**
 * The per-parse error map for a locale: custom issues raised with `addTextIssue` speak their
 * own Text; every built-in issue becomes a plain sentence naming the field by its label (from
 * `labels`, by dotted path under `prefix`), what it expects with the unit, and what came.
 * Pass it as `schema.safeParse(input, { error: errorMapFor(locale) })`; `parseOrThrow` and
 * `safeParseLocalized` do.
 */
export function errorMapFor(locale: Locale, labels: FieldDescriptions = {}, prefix = ''): $ZodErrorMap {
  return (issue) => {
    if (issue.code === 'custom') {
      const message = (issue.params as Partial<TextIssueParams> | undefined)?.text;
      return isText(message)
        ? localize(message, locale)
        : localize({ zh: '填写的内容不符合要求', en: 'Invalid value' }, locale);
    }
    const path = issue.path ?? [];
    const key = [prefix, ...path.map(String)].filter(Boolean).join('.');
    const field = describedBy(labels[key]);
    const reason = builtInReason(issue, field, locale);
    if (issue.code === 'unrecognized_keys') return capitalized(reason, locale);
    return locale === 'zh-CN'
      ? `${labelText(field, path, locale)}：${reason}。`
      : `${labelText(field, path, locale)}: ${reason}.`;
  };
}

function capitalized(text: string, locale: Locale): string {
  const sentence = locale === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  return locale === 'zh-CN' ? `${sentence}。` : `${sentence}.`;
}

/** Dotted path of a zod issue, with the key an unrecognized-keys issue is about. */
function issuePath(issue: $ZodIssue, prefix: string): string[] {
  const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => (base ? `${base}.${key}` : key));
  return [base || '(body)'];
}

/** Turns zod issues into field-level issues in the caller's locale. */
export function toFieldIssues(
  issues: readonly $ZodIssue[],
  locale: Locale,
  labels: FieldDescriptions = {},
  prefix = '',
): FieldIssue[] {
  return issues.flatMap((issue) =>
    issuePath(issue, prefix).map((field) => {
      const label = describedBy(labels[field])?.label;
      return label
        ? { field, label: localize(label, locale), reason: issue.message }
        : { field, reason: issue.message };
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
  labels?: FieldDescriptions,
  prefix = '',
): { ok: true; value: output<S> } | { ok: false; issues: FieldIssue[] } {
  const result = safeParse(schema, input, { error: errorMapFor(locale, labels, prefix) });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toFieldIssues(result.error.issues, locale, labels, prefix) };
}

/**
 * Parses `input` with `schema`; on failure throws VALIDATION_FAILED whose details list every
 * field with its reason in the caller's locale.
 */
export function parseOrThrow<S extends $ZodType>(
  schema: S,
  input: unknown,
  locale: Locale,
  labels?: FieldDescriptions,
  prefix = '',
): output<S> {
  const result = safeParseLocalized(schema, input, locale, labels, prefix);
  if (result.ok) return result.value;
  throw new AppError('VALIDATION_FAILED', result.issues);
}

/**
 * Parses `input` with `schema` where the caller's locale is not known (a domain core): on failure
 * throws VALIDATION_FAILED whose details list every field with its reason in every locale
 * (`DetailsByLocale`), and the HTTP adapter shows the caller's, as `parseOrThrow` words it.
 */
export function parseInput<S extends $ZodType>(
  schema: S,
  input: unknown,
  labels?: FieldDescriptions,
  prefix = '',
): output<S> {
  const result = safeParse(schema, input);
  if (result.success) return result.data;
  throw new AppError(
    'VALIDATION_FAILED',
    DetailsByLocale.of((locale) => {
      const localized = safeParseLocalized(schema, input, locale, labels, prefix);
      return localized.ok ? [] : localized.issues;
    }),
  );
}
