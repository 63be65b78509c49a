import * as z from 'zod';
import type { FieldIssue } from '../errors';
import { SEVERITIES, type Severity } from '../forms/types';
import { DEFAULT_LOCALE, type Locale, type Text } from '../i18n';
import type { DistrictTargets } from '../reports/input';
import { isCalendarDate } from '../time';
import type { FieldLabels } from '../validation';
import { parseOrThrow, safeParseLocalized } from '../validation';
import { say } from './messages';
import { canonicalId } from '../ids';
import { DEFAULT_TIMEZONE } from './district-settings';

/** The kinds of school a district registers (the same list as SchoolEntity's `kind`). */
export const SCHOOL_KINDS = ['primary', 'middle', 'nine-year', 'vocational', 'kindergarten', 'special'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

/** The school fields a roster or `school update` sets, in the order changes are listed (a roster adds schoolId first). */
export const CHANGEABLE_FIELDS = [
  'name',
  'kind',
  'students',
  'staff',
  'hasCanteen',
  'boarding',
  'nutritionProgramme',
  'registeredOn',
] as const;

/** How each kind is called, as a bureau writes it on a roster and as reports show it. */
export const SCHOOL_KIND_NAMES: Record<SchoolKind, Text> = {
  primary: { zh: '小学', en: 'primary' },
  middle: { zh: '中学', en: 'middle' },
  'nine-year': { zh: '九年制', en: 'nine-year' },
  vocational: { zh: '职中', en: 'vocational' },
  kindergarten: { zh: '幼儿园', en: 'kindergarten' },
  special: { zh: '特殊教育学校', en: 'special education' },
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

/** A district's days to rectify stay within a year. */
export const MAX_DUE_DAYS = 365;
export const MAX_TERMS = 20;
export const MAX_TERM_NAME_LENGTH = 40;
/** Extra holidays, and extra school days, a calendar may list (each). */
export const MAX_CALENDAR_DATES = 366;

/**
 * The compliance rate under which a school is listed, unless the district sets its own. The
 * same value as compliance.ts's (a unit test holds them equal): repeated here because the
 * directory, which the authorizer loads, must not load the form catalogue with it.
 */
export const DEFAULT_COMPLIANCE_THRESHOLD = 0.9;

/**
 * Critical-hazard alert mails sent one by one in an hour, per school and per district, unless
 * the district sets its own (shared/hazards/alert-budget.ts); the rest of the hour's alerts go
 * out in one digest when the hour ends. Here because the directory reads and checks them.
 */
export const DEFAULT_ALERT_BUDGET = { school: 5, district: 20 } as const;
/** The most alert mails an hour a school, or a district, may be given. */
export const MAX_ALERT_BUDGET = { school: 200, district: 1000 } as const;
/** The longest a district may make its school tokens' validity (days; as MAX_TOKEN_DAYS). */
export const MAX_SCHOOL_TOKEN_DAYS = 3650;
/** The most photo uploads a day a district may allow each school. */
export const MAX_PHOTO_UPLOADS_PER_DAY = 10_000;

/** The district settings an administrator may override, and clear back to the defaults. */
export const DISTRICT_SETTINGS = [
  'hazardDueDays',
  'complianceThreshold',
  'calendar',
  'targets',
  'alertBudget',
  'schoolTokenDays',
  'photoUploadsPerDay',
] as const;
export type DistrictSetting = (typeof DISTRICT_SETTINGS)[number];

/**
 * The targets a district may set (the monthly report's DistrictTargets), each with its unit and
 * the most it may be: energy amounts are a month's kWh and m³ (no upper bound), reductions are %
 * year on year (15 means −15 %, at most 100), rates are stored 0–1 like the compliance threshold.
 * None may be negative.
 */
export const DISTRICT_TARGETS = {
  electricityKwh: { unit: 'amount' },
  waterM3: { unit: 'amount' },
  electricityReductionPercent: { unit: 'percent', max: 100 },
  waterReductionPercent: { unit: 'percent', max: 100 },
  insuranceRate: { unit: 'rate', max: 1 },
  complianceRate: { unit: 'rate', max: 1 },
} as const satisfies Record<keyof DistrictTargets, { unit: 'amount' | 'percent' | 'rate'; max?: number }>;
export type DistrictTargetKey = keyof typeof DISTRICT_TARGETS;
export const DISTRICT_TARGET_KEYS = Object.keys(DISTRICT_TARGETS) as DistrictTargetKey[];

/** Whether `value` may be stored as the target `key` (a finite number within its bounds). */
export function isTargetValue(key: DistrictTargetKey, value: unknown): value is number {
  const { max } = DISTRICT_TARGETS[key] as { max?: number };
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && (max === undefined || value <= max);
}

/** Days to rectify a hazard, by severity. */
export type DueDays = Record<Severity, number>;

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
  archivedOn: { zh: '撤销日期', en: 'removed from' },
  role: { zh: '角色', en: 'role' },
  label: { zh: '标签', en: 'label' },
  tokenId: { zh: '令牌编号', en: 'token id' },
  expiresIn: { zh: '有效期', en: 'validity' },
  grace: { zh: '宽限期', en: 'grace period' },
  hazardDueDays: { zh: '整改天数', en: 'days to rectify' },
  'hazardDueDays.critical': { zh: '重大隐患整改天数', en: 'days to rectify a critical hazard' },
  'hazardDueDays.high': { zh: '较大隐患整改天数', en: 'days to rectify a high hazard' },
  'hazardDueDays.medium': { zh: '一般隐患整改天数', en: 'days to rectify a medium hazard' },
  'hazardDueDays.low': { zh: '轻微隐患整改天数', en: 'days to rectify a low hazard' },
  complianceThreshold: { zh: '合规率阈值', en: 'compliance threshold' },
  alertBudget: { zh: '每小时提醒邮件上限', en: 'hourly alert mail budget' },
  'alertBudget.school': { zh: '每所学校每小时提醒邮件数', en: 'alert mails per school per hour' },
  'alertBudget.district': { zh: '全区县每小时提醒邮件数', en: 'alert mails per district per hour' },
  schoolTokenDays: { zh: '学校令牌有效天数', en: 'school token validity (days)' },
  photoUploadsPerDay: { zh: '每所学校每天可上传照片数', en: 'photo uploads per school per day' },
  calendar: { zh: '校历', en: 'school calendar' },
  'calendar.terms': { zh: '学期', en: 'terms' },
  'calendar.extraHolidays': { zh: '额外假日', en: 'extra holidays' },
  'calendar.extraSchoolDays': { zh: '额外上课日', en: 'extra school days' },
  reset: { zh: '要清除的设置', en: 'settings to clear' },
  address: { zh: '邮箱地址', en: 'e-mail address' },
  targets: { zh: '目标', en: 'targets' },
  'targets.electricityKwh': { zh: '月用电量目标（千瓦时）', en: 'monthly electricity target (kWh)' },
  'targets.waterM3': { zh: '月用水量目标（立方米）', en: 'monthly water target (m³)' },
  'targets.electricityReductionPercent': {
    zh: '用电量同比降低目标（%）',
    en: 'electricity reduction target (% year on year)',
  },
  'targets.waterReductionPercent': { zh: '用水量同比降低目标（%）', en: 'water reduction target (% year on year)' },
  'targets.insuranceRate': { zh: '校方责任险参保率目标', en: 'school liability insurance target' },
  'targets.complianceRate': { zh: '合规率目标', en: 'compliance rate target' },
};

/**
 * The label of a field issue's path: its own, else that of the nearest labelled parent
 * (`calendar.terms.2.end` is one of the terms).
 */
export function directoryLabelOf(field: string): Text | undefined {
  const parts = field.split('.');
  for (let length = parts.length; length > 0; length--) {
    const label = DIRECTORY_FIELD_LABELS[parts.slice(0, length).join('.')];
    if (label) return label;
  }
  return undefined;
}

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
  const requiredOr =
    (key: Parameters<typeof say>[0], values?: Record<string, string | number>) => (issue: { input?: unknown }) =>
      issue.input === undefined ? reason('required') : reason(key, values);

  // canonicalId (shared/ids.ts): the same form the API and the CLI put an id in before looking it up.
  const id = z
    .string({ error: requiredOr('idFormat') })
    .overwrite(canonicalId)
    .regex(ID_PATTERN, { error: reason('idFormat') });
  const name = z
    .string({ error: requiredOr('nameFormat', { max: MAX_NAME_LENGTH }) })
    .trim()
    .min(1, { error: reason('nameFormat', { max: MAX_NAME_LENGTH }) })
    .max(MAX_NAME_LENGTH, { error: reason('nameFormat', { max: MAX_NAME_LENGTH }) });
  const count = (max: number) =>
    z
      .int({ error: requiredOr('count', { max }) })
      .min(0, { error: reason('count', { max }) })
      .max(max, { error: reason('count', { max }) });
  const email = (issue: { input?: unknown }) => reason('email', { value: String(issue.input ?? '') });
  const flag = z.boolean({ error: requiredOr('yesNo') });

  const districtId = id.refine((value) => !RESERVED_DISTRICT_IDS.includes(value), {
    error: (issue) => reason('reservedId', { id: String(issue.input) }),
  });
  const district = z.object({
    districtId,
    name,
    timezone: z
      .string({ error: reason('timezone') })
      .trim()
      .default(DEFAULT_TIMEZONE)
      .transform((value, context) => {
        const zone = canonicalTimeZone(value);
        if (zone) return zone;
        context.addIssue({ code: 'custom', message: reason('timezone') });
        return z.NEVER;
      }),
    locale: z.enum(['zh-CN', 'en'], { error: reason('locale') }).default('zh-CN'),
    officialEmails: z
      .array(
        z
          .string({ error: email })
          .trim()
          .pipe(z.email({ error: email })),
        { error: requiredOr('officialsRequired') },
      )
      .min(1, { error: reason('officialsRequired') })
      .max(MAX_OFFICIALS, { error: reason('tooMany', { max: MAX_OFFICIALS }) })
      // The same address twice would only mean the same report twice.
      .transform((emails) => [...new Map(emails.map((email) => [email.toLowerCase(), email])).values()]),
  });

  const kind = z.enum(SCHOOL_KINDS, { error: requiredOr('kind') });
  // Boarding: yes, no, or partly ('partly', 寄宿：部分). A partly boarding school has boarders, so
  // its dormitory forms are due: it is stored as `boarding` with `partlyBoarding`.
  const boarding = z.union([z.boolean(), z.literal('partly')], { error: requiredOr('boarding') });
  const registeredOn = z.string({ error: reason('date') }).refine(isCalendarDate, { error: reason('date') });
  const school = z
    .object({
      schoolId: id,
      name,
      kind,
      students: count(MAX_STUDENTS),
      staff: count(MAX_STAFF),
      hasCanteen: flag,
      boarding,
      // Also taken as input, so that a school read back (boarding: true, partlyBoarding: true) checks the same.
      partlyBoarding: z.boolean().optional(),
      nutritionProgramme: flag.default(false),
      registeredOn: registeredOn.optional(),
    })
    .transform(({ boarding: given, partlyBoarding, ...rest }) => ({
      ...rest,
      boarding: given !== false,
      ...(given === 'partly' || (given === true && partlyBoarding === true) ? { partlyBoarding: true as const } : {}),
    }));

  // A roster line: the school fields, the registration date optional (the import supplies it).
  const rosterSchool = school;

  // What `school update` may change: any roster field but the id; at least one.
  const schoolChanges = z
    .strictObject({
      name: name.optional(),
      kind: kind.optional(),
      students: count(MAX_STUDENTS).optional(),
      staff: count(MAX_STAFF).optional(),
      hasCanteen: flag.optional(),
      boarding: boarding.optional(),
      nutritionProgramme: flag.optional(),
      registeredOn: registeredOn.optional(),
    })
    .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
      error: reason('nothingToUpdate'),
    });

  // District settings. Each is optional: configureDistrict changes what is given, clears what
  // `reset` names, and leaves the rest as it was.
  // A whole number from 1 to `max`, refused with the setting's own reason whatever is wrong with it.
  const oneTo = (max: number, key: Parameters<typeof say>[0]) => {
    const error = reason(key, { max });
    return z.int({ error }).min(1, { error }).max(max, { error });
  };
  const dueDay = oneTo(MAX_DUE_DAYS, 'dueDays');
  const hazardDueDays = z
    .strictObject(
      Object.fromEntries(SEVERITIES.map((severity) => [severity, dueDay.optional()])) as Record<
        Severity,
        z.ZodOptional<typeof dueDay>
      >,
      {
        error: (issue) => (issue.code === 'invalid_type' ? reason('dueDaysEmpty') : undefined),
      },
    )
    .refine((days) => SEVERITIES.some((severity) => days[severity] !== undefined), { error: reason('dueDaysEmpty') });
  const threshold = z
    .number({ error: reason('threshold') })
    .min(0, { error: reason('threshold') })
    .max(1, { error: reason('threshold') });
  const budget = (max: number) => oneTo(max, 'alertBudget');
  // Partial, like the days to rectify: what is not given keeps its value (settingsChange merges).
  const alertBudget = z
    .strictObject(
      {
        school: budget(MAX_ALERT_BUDGET.school).optional(),
        district: budget(MAX_ALERT_BUDGET.district).optional(),
      },
      { error: (issue) => (issue.code === 'invalid_type' ? reason('alertBudgetEmpty') : undefined) },
    )
    .refine((given) => given.school !== undefined || given.district !== undefined, {
      error: reason('alertBudgetEmpty'),
    });
  const schoolTokenDays = oneTo(MAX_SCHOOL_TOKEN_DAYS, 'schoolTokenDays');
  const photoUploadsPerDay = oneTo(MAX_PHOTO_UPLOADS_PER_DAY, 'photoUploadsPerDay');

  const date = z.string({ error: reason('date') }).refine(isCalendarDate, { error: reason('date') });
  const term = z
    .strictObject(
      {
        name: z
          .string({ error: requiredOr('termName', { max: MAX_TERM_NAME_LENGTH }) })
          .trim()
          .min(1, { error: reason('termName', { max: MAX_TERM_NAME_LENGTH }) })
          .max(MAX_TERM_NAME_LENGTH, { error: reason('termName', { max: MAX_TERM_NAME_LENGTH }) }),
        start: date,
        end: date,
      },
      { error: (issue) => (issue.code === 'invalid_type' ? reason('termShape') : undefined) },
    )
    .superRefine((value, context) => {
      if (value.end < value.start)
        context.addIssue({ code: 'custom', path: ['end'], message: reason('termEnd', { start: value.start }) });
    });
  // Stored deduplicated and in order: the calendar file is written by hand.
  const dates = z
    .array(date, { error: reason('dateList') })
    .default([])
    .transform((list) => [...new Set(list)].sort())
    .refine((list) => list.length <= MAX_CALENDAR_DATES, { error: reason('tooMany', { max: MAX_CALENDAR_DATES }) });
  const calendar = z
    .strictObject(
      {
        terms: z
          .array(term, { error: reason('termShape') })
          .max(MAX_TERMS, { error: reason('tooMany', { max: MAX_TERMS }) })
          .default([]),
        extraHolidays: dates,
        extraSchoolDays: dates,
      },
      { error: (issue) => (issue.code === 'invalid_type' ? reason('calendarShape') : undefined) },
    )
    .superRefine((value, context) => {
      // Overlapping terms would leave it unclear which term a day is in; each term is checked
      // against the one reaching furthest among those that start before it.
      const byStart = value.terms
        .map((entry, index) => ({ ...entry, index }))
        .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.index - b.index));
      let furthest: (typeof byStart)[number] | undefined;
      for (const entry of byStart) {
        if (furthest && entry.start <= furthest.end) {
          const values = { other: furthest.name, start: furthest.start, end: furthest.end };
          context.addIssue({ code: 'custom', path: ['terms', entry.index], message: reason('termsOverlap', values) });
        }
        if (!furthest || entry.end > furthest.end) furthest = entry;
      }
      const holidays = new Set(value.extraHolidays);
      const both = value.extraSchoolDays.filter((day) => holidays.has(day));
      if (both.length)
        context.addIssue({
          code: 'custom',
          path: ['extraSchoolDays'],
          message: reason('holidayAndSchoolDay', { dates: both.join(', ') }),
        });
    })
    .transform((value) => ({
      ...value,
      terms: [...value.terms].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)),
    }));

  // Targets: each a number within its bounds, or null to clear it; those not named keep their value.
  const target = (key: DistrictTargetKey) => {
    const { unit, max } = DISTRICT_TARGETS[key] as { unit: 'amount' | 'percent' | 'rate'; max?: number };
    const number = z.number({ error: reason('targetNumber') }).min(0, { error: reason('targetNegative') });
    const bounded =
      max === undefined ? number : number.max(max, { error: reason(unit === 'rate' ? 'targetRate' : 'targetPercent') });
    return bounded.nullable().optional();
  };
  const targets = z
    .strictObject(
      Object.fromEntries(DISTRICT_TARGET_KEYS.map((key) => [key, target(key)])) as Record<
        DistrictTargetKey,
        ReturnType<typeof target>
      >,
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? reason('targetsEmpty')
            : issue.code === 'unrecognized_keys'
              ? reason('targetKey', { keys: DISTRICT_TARGET_KEYS.join(', ') })
              : undefined,
      },
    )
    .refine((given) => DISTRICT_TARGET_KEYS.some((key) => given[key] !== undefined), { error: reason('targetsEmpty') });

  const districtSettings = z
    .strictObject({
      hazardDueDays: hazardDueDays.optional(),
      complianceThreshold: threshold.optional(),
      calendar: calendar.optional(),
      targets: targets.optional(),
      alertBudget: alertBudget.optional(),
      schoolTokenDays: schoolTokenDays.optional(),
      photoUploadsPerDay: photoUploadsPerDay.optional(),
      reset: z
        .array(z.enum(DISTRICT_SETTINGS, { error: reason('resetSetting') }), { error: reason('resetSetting') })
        .transform((names) => [...new Set(names)])
        .optional(),
    })
    .superRefine((value, context) => {
      const given = DISTRICT_SETTINGS.filter((name) => value[name] !== undefined);
      const cleared = value.reset ?? [];
      const both = given.filter((name) => cleared.includes(name));
      if (both.length)
        context.addIssue({
          code: 'custom',
          path: ['reset'],
          message: reason('setAndReset', { settings: both.join(', ') }),
        });
      if (!given.length && !cleared.length)
        context.addIssue({ code: 'custom', path: [], message: reason('nothingToChange') });
    });

  return { id, districtId, district, school, rosterSchool, schoolChanges, registeredOn, districtSettings };
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
/**
 * A district to register, checked at the boundary that received it (the admin CLI's `district
 * add`): VALIDATION_FAILED naming each bad field in `locale`, else what createDistrict takes.
 */
export function parseDistrictInput(input: unknown, locale: Locale = DEFAULT_LOCALE): ValidDistrict {
  return parseOrThrow(directorySchemas(locale).district, input, locale, DIRECTORY_FIELD_LABELS);
}

export type SchoolInput = z.input<ReturnType<typeof buildSchemas>['school']>;
export type ValidSchool = z.output<ReturnType<typeof buildSchemas>['school']>;
/**
 * A school to register, checked at the boundary that received it (the admin CLI's `school add`):
 * VALIDATION_FAILED naming each bad field in `locale`, else what addSchool takes.
 */
export function parseSchoolInput(input: unknown, locale: Locale = DEFAULT_LOCALE): ValidSchool {
  return parseOrThrow(directorySchemas(locale).school, input, locale, DIRECTORY_FIELD_LABELS);
}

/** The fields `school update` changes: each optional, at least one given. */
export type SchoolChangesInput = z.input<ReturnType<typeof buildSchemas>['schoolChanges']>;
export type ValidSchoolChanges = z.output<ReturnType<typeof buildSchemas>['schoolChanges']>;
/** What `configureDistrict` takes: settings to change (due days may be partial) and settings to clear. */
export type DistrictSettingsInput = z.input<ReturnType<typeof buildSchemas>['districtSettings']>;
export type ValidDistrictSettings = z.output<ReturnType<typeof buildSchemas>['districtSettings']>;
/** A district's school calendar as it is stored (dates deduplicated and in order, terms by start). */
export type StoredCalendar = NonNullable<ValidDistrictSettings['calendar']>;
/** Targets to change: a number sets one, null clears it, a key left out keeps its value. */
export type TargetsInput = Partial<Record<DistrictTargetKey, number | null>>;

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
