import { z } from 'zod';
import type { FieldIssue } from '../errors';
import type { Locale, Text } from '../i18n';
import { isCalendarDate } from '../time';
import type { FieldLabels } from '../validation';
import { safeParseLocalized } from '../validation';
import { say } from './messages';

/** The kinds of school a district registers (the same list as SchoolEntity's `kind`). */
export const SCHOOL_KINDS = ['primary', 'middle', 'nine-year', 'vocational', 'kindergarten'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

/** How each kind is called, as a bureau writes it on a roster and as reports show it. */
export const SCHOOL_KIND_NAMES: Record<SchoolKind, Text> = {
  primary: { zh: '小学', en: 'primary' },
  middle: { zh: '中学', en: 'middle' },
  'nine-year': { zh: '九年制', en: 'nine-year' },
  vocational: { zh: '职中', en: 'vocational' },
  kindergarten: { zh: '幼儿园', en: 'kindergarten' },
};

/**
 * District and school ids: they appear in keys, tokens and URLs, so they are kept to lowercase
 * letters, digits and inner hyphens (2–40 characters).
 */
export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/;

/** `admin` names the administrators' token list, so no district may be called that. */
export const RESERVED_DISTRICT_IDS: readonly string[] = ['admin'];

export const MAX_NAME_LENGTH = 100;
export const MAX_STUDENTS = 100_000;
export const MAX_STAFF = 10_000;
export const MAX_OFFICIALS = 20;

/** Labels shown beside each field a directory command can refuse. */
export const DIRECTORY_FIELD_LABELS: FieldLabels = {
  districtId: { zh: '区县编号', en: 'district id' },
  name: { zh: '名称', en: 'name' },
  timezone: { zh: '时区', en: 'time zone' },
  locale: { zh: '语言', en: 'locale' },
  officialEmails: { zh: '官员邮箱', en: 'official e-mails' },
  schoolId: { zh: '学校编号', en: 'school id' },
  kind: { zh: '类型', en: 'kind' },
  students: { zh: '学生数', en: 'students' },
  staff: { zh: '教职工数', en: 'staff' },
  hasCanteen: { zh: '有食堂', en: 'has canteen' },
  boarding: { zh: '寄宿', en: 'boarding' },
  nutritionProgramme: { zh: '营养餐', en: 'nutrition programme' },
  registeredOn: { zh: '登记日期', en: 'registered on' },
  role: { zh: '角色', en: 'role' },
  label: { zh: '标签', en: 'label' },
  tokenId: { zh: '令牌编号', en: 'token id' },
};

/** The canonical name of an IANA time zone, or undefined when Intl does not know it. */
export function canonicalTimeZone(value: string): string | undefined {
  // Offsets such as "+08:00" are not zones: a district follows its zone's rules, DST included.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function buildSchemas(locale: Locale) {
  const reason = (key: Parameters<typeof say>[0], values?: Record<string, string | number>) => say(key, locale, values);
  const requiredOr = (key: Parameters<typeof say>[0], values?: Record<string, string | number>) => (issue: { input?: unknown }) =>
    issue.input === undefined ? reason('required') : reason(key, values);

  const id = z.string({ error: requiredOr('idFormat') }).trim().toLowerCase().regex(ID_PATTERN, { error: reason('idFormat') });
  const name = z
    .string({ error: requiredOr('nameFormat', { max: MAX_NAME_LENGTH }) })
    .trim()
    .min(1, { error: reason('nameFormat', { max: MAX_NAME_LENGTH }) })
    .max(MAX_NAME_LENGTH, { error: reason('nameFormat', { max: MAX_NAME_LENGTH }) });
  const count = (max: number) =>
    z.int({ error: requiredOr('count', { max }) }).min(0, { error: reason('count', { max }) }).max(max, { error: reason('count', { max }) });
  const email = (issue: { input?: unknown }) => reason('email', { value: String(issue.input ?? '') });
  const flag = z.boolean({ error: requiredOr('yesNo') });

  const districtId = id.refine((value) => !RESERVED_DISTRICT_IDS.includes(value), { error: (issue) => reason('reservedId', { id: String(issue.input) }) });
  const district = z.object({
    districtId,
    name,
    timezone: z
      .string({ error: reason('timezone') })
      .trim()
      .default('Asia/Shanghai')
      .transform((value, context) => {
        const zone = canonicalTimeZone(value);
        if (zone) return zone;
        context.addIssue({ code: 'custom', message: reason('timezone') });
        return z.NEVER;
      }),
    locale: z.enum(['zh-CN', 'en'], { error: reason('locale') }).default('zh-CN'),
    officialEmails: z
      .array(z.string({ error: email }).trim().pipe(z.email({ error: email })), { error: requiredOr('officialsRequired') })
      .min(1, { error: reason('officialsRequired') })
      .max(MAX_OFFICIALS, { error: reason('tooMany', { max: MAX_OFFICIALS }) })
      // The same address twice would only mean the same report twice.
      .transform((emails) => [...new Map(emails.map((email) => [email.toLowerCase(), email])).values()]),
  });

  const school = z.object({
    schoolId: id,
    name,
    kind: z.enum(SCHOOL_KINDS, { error: requiredOr('kind') }),
    students: count(MAX_STUDENTS),
    staff: count(MAX_STAFF),
    hasCanteen: flag,
    boarding: flag,
    nutritionProgramme: flag.default(false),
    registeredOn: z.string({ error: reason('date') }).refine(isCalendarDate, { error: reason('date') }).optional(),
  });

  // A roster line: every school field but the registration date, which the import sets.
  const rosterSchool = school.omit({ registeredOn: true });

  return { id, districtId, district, school, rosterSchool };
}

const schemasByLocale = new Map<Locale, ReturnType<typeof buildSchemas>>();

/**
 * The directory's input schemas with their reasons in `locale`. Built once per locale: zod lets
 * a schema's own message win over the per-parse error map, so the language is fixed at build time.
 */
export function directorySchemas(locale: Locale) {
  let schemas = schemasByLocale.get(locale);
  if (!schemas) {
    schemas = buildSchemas(locale);
    schemasByLocale.set(locale, schemas);
  }
  return schemas;
}

export type DistrictInput = z.input<ReturnType<typeof buildSchemas>['district']>;
export type ValidDistrict = z.output<ReturnType<typeof buildSchemas>['district']>;
export type SchoolInput = z.input<ReturnType<typeof buildSchemas>['school']>;
export type ValidSchool = z.output<ReturnType<typeof buildSchemas>['school']>;


/**
 * Like `parseOrThrow`, but returns the field issues instead of throwing: a roster checks every
 * line and reports all of them together.
 */
export function checkFields<S extends z.ZodType>(
  schema: S,
  input: unknown,
  locale: Locale,
): { ok: true; value: z.output<S> } | { ok: false; issues: FieldIssue[] } {
  return safeParseLocalized(schema, input, locale, DIRECTORY_FIELD_LABELS);
}
