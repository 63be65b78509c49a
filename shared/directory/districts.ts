import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { $remove, $set, UpdateItemCommand, type UpdateItemInput } from 'dynamodb-toolbox/entity/actions/update';
import type { DistrictCalendar } from '../calendar/school-calendar';
import { DistrictEntity } from '../db/entities';
import { AppError, type FieldIssue } from '../errors';
import { SEVERITIES, SEVERITY_LABELS } from '../forms/types';
import { DEFAULT_LOCALE, localize, type Locale } from '../i18n';
import type { DistrictTargets } from '../reports/input';
import { dueDaysInEffect } from './district-settings';
import { say } from './messages';
import {
  checkFields,
  DEFAULT_ALERT_BUDGET,
  DEFAULT_COMPLIANCE_THRESHOLD,
  DIRECTORY_FIELD_LABELS,
  DISTRICT_TARGET_KEYS,
  directoryLabelOf,
  directorySchemas,
  type DistrictSetting,
  type DistrictSettingsInput,
  type DueDays,
  type StoredCalendar,
  type ValidDistrict,
} from './schemas';
import { retryOnConflict } from '../db/retry';
import { isConditionalCheckFailed } from '../db/writes';
import { DEFAULT_SCHOOL_TOKEN_DAYS } from './token-expiry';
import { DEFAULT_PHOTO_UPLOADS_PER_DAY } from '../http/limits';
import { pickFields } from '../objects';

/** A district as the directory shows it (no keys, no internal attributes). */
export interface District {
  districtId: string;
  name: string;
  timezone: string;
  locale: 'zh-CN' | 'en';
  officialEmails: string[];
  createdAt: string;
  /** Days to rectify by severity in effect: the district's own, else the defaults. */
  hazardDueDays?: DueDays;
  /** Compliance rate (0–1) under which a school is listed: the district's own, else 0.9. */
  complianceThreshold?: number;
  /** The district's own school calendar; undefined when it follows the default school year. */
  calendar?: DistrictCalendar;
  /** The targets the monthly report compares with (rates 0–1); undefined when the district sets none. */
  targets?: DistrictTargets;
  /** Alert mails sent one by one per hour, per school and for the district, in effect (see DEFAULT_ALERT_BUDGET). */
  alertBudget?: AlertBudget;
  /** Days a new school token works, in effect (see DEFAULT_SCHOOL_TOKEN_DAYS). */
  schoolTokenDays?: number;
  /** Photo uploads each school may ask for a day, in effect (see DEFAULT_PHOTO_UPLOADS_PER_DAY). */
  photoUploadsPerDay?: number;
}

/** Alert mails an hour may carry one by one: per school, and for the whole district. */
export interface AlertBudget {
  school: number;
  district: number;
}

/**
 * A district as this module's reads return it: its settings always filled in with what is in
 * effect. (District leaves them optional because the sweep's listing builds districts without them.)
 */
export type DistrictWithSettings = District & {
  hazardDueDays: DueDays;
  complianceThreshold: number;
  alertBudget: AlertBudget;
  schoolTokenDays: number;
  photoUploadsPerDay: number;
};

/** Options every directory call takes: the language its refusals are written in. */
export interface DirectoryOptions {
  locale?: Locale;
}

type StoredDistrict = FormattedItem<typeof DistrictEntity>;

/** The settings stored on a district that `configureDistrict` merges into. */
export type StoredSettings = Pick<
  StoredDistrict,
  | 'hazardDueDays'
  | 'complianceThreshold'
  | 'calendar'
  | 'targets'
  | 'alertBudget'
  | 'schoolTokenDays'
  | 'photoUploadsPerDay'
>;

/** The compliance threshold in effect: the stored one when it is a rate, else the default (as compliance.ts reads it). */
function effectiveThreshold(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1
    ? value
    : DEFAULT_COMPLIANCE_THRESHOLD;
}

/** A stored district as callers see it, with its settings in effect. */
export function districtView(item: StoredDistrict): DistrictWithSettings {
  const { calendar, targets } = item;
  return {
    ...pickFields(item, 'districtId', 'name', 'timezone', 'locale', 'officialEmails', 'createdAt'),
    hazardDueDays: dueDaysInEffect(item.hazardDueDays),
    complianceThreshold: effectiveThreshold(item.complianceThreshold),
    alertBudget: { ...DEFAULT_ALERT_BUDGET, ...item.alertBudget },
    schoolTokenDays: item.schoolTokenDays ?? DEFAULT_SCHOOL_TOKEN_DAYS,
    photoUploadsPerDay: item.photoUploadsPerDay ?? DEFAULT_PHOTO_UPLOADS_PER_DAY,
    ...(calendar ? { calendar } : {}),
    ...(targets && Object.keys(targets).length ? { targets } : {}),
  };
}

/** A field issue naming the district id, for the directory's refusals. */
export function districtIdIssue(districtId: string, reason: string, locale: Locale) {
  return {
    field: 'districtId',
    label: localize(DIRECTORY_FIELD_LABELS.districtId!, locale),
    value: districtId,
    reason,
  };
}

/**
 * Registers a district checked by parseDistrictInput (timezone Asia/Shanghai and locale zh-CN
 * unless given). Refuses an id that is already taken, in `options.locale`: the put is conditional,
 * so two administrators cannot both create it.
 */
export async function createDistrict(
  district: ValidDistrict,
  options: DirectoryOptions = {},
): Promise<DistrictWithSettings> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  try {
    const { ToolboxItem } = await DistrictEntity.build(PutItemCommand)
      .item(district)
      .options({ condition: { attr: 'districtId', exists: false } })
      .send();
    return districtView(ToolboxItem as StoredDistrict);
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    throw new AppError('VALIDATION_FAILED', [
      districtIdIssue(district.districtId, say('districtExists', locale, { id: district.districtId }), locale),
    ]);
  }
}

/** The stored district item (a consistent read), or undefined. */
async function readDistrict(districtId: string): Promise<StoredDistrict | undefined> {
  const { Item } = await DistrictEntity.build(GetItemCommand).key({ districtId }).options({ consistent: true }).send();
  return Item;
}

/** The district with this id, or undefined (a consistent read: an administrator just created it). */
export async function getDistrict(districtId: string): Promise<DistrictWithSettings | undefined> {
  const item = await readDistrict(districtId);
  return item ? districtView(item) : undefined;
}

/** The stored district; NOT_FOUND naming it when there is none (or the id is not an id). */
async function requireStoredDistrict(districtId: string, locale: Locale): Promise<StoredDistrict> {
  const valid = directorySchemas(locale).id.safeParse(districtId);
  const item = valid.success ? await readDistrict(valid.data) : undefined;
  if (!item)
    throw new AppError('NOT_FOUND', [
      districtIdIssue(districtId, say('districtMissing', locale, { id: districtId }), locale),
    ]);
  return item;
}

/** The district with this id; NOT_FOUND naming it when there is none (or the id is not an id). */
export async function requireDistrict(districtId: string, locale: Locale): Promise<DistrictWithSettings> {
  return districtView(await requireStoredDistrict(districtId, locale));
}

/** What `configureDistrict` writes: attributes set whole, and attributes removed. */
export interface SettingsChange {
  set: {
    hazardDueDays?: DueDays;
    complianceThreshold?: number;
    calendar?: StoredCalendar;
    targets?: DistrictTargets;
    alertBudget?: AlertBudget;
    schoolTokenDays?: number;
    photoUploadsPerDay?: number;
  };
  remove: DistrictSetting[];
}

/** The issue a days-to-rectify field gets, labelled in the caller's language. */
function dueDaysIssue(severity: string, reason: string, locale: Locale): FieldIssue {
  const field = `hazardDueDays.${severity}`;
  return { field, label: localize(DIRECTORY_FIELD_LABELS[field]!, locale), reason };
}

/**
 * A graver hazard may not get longer to rectify than a lesser one (critical ≤ high ≤ medium ≤
 * low). A pair out of order is blamed on the side the caller gave, so the reason names the
 * other, unchanged side.
 */
function dueDaysOrderIssues(days: DueDays, given: Partial<DueDays>, locale: Locale): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const name = (severity: (typeof SEVERITIES)[number]) => {
    const label = localize(SEVERITY_LABELS[severity], locale);
    return locale === 'en' ? label.toLowerCase() : label;
  };
  for (let index = 1; index < SEVERITIES.length; index++) {
    const graver = SEVERITIES[index - 1]!;
    const lesser = SEVERITIES[index]!;
    if (days[graver] <= days[lesser]) continue;
    const blameLesser = given[lesser] !== undefined && given[graver] === undefined;
    issues.push(
      blameLesser
        ? dueDaysIssue(lesser, say('dueDaysShorter', locale, { other: name(graver), days: days[graver] }), locale)
        : dueDaysIssue(graver, say('dueDaysLonger', locale, { other: name(lesser), days: days[lesser] }), locale),
    );
  }
  return issues;
}

/**
 * The targets after a change: those given set (a number) or cleared (null), the others kept.
 * Undefined when none is left.
 */
function mergeTargets(
  stored: DistrictTargets | undefined,
  given: Partial<Record<keyof DistrictTargets, number | null | undefined>>,
): DistrictTargets | undefined {
  const merged: DistrictTargets = {};
  for (const key of DISTRICT_TARGET_KEYS) {
    const value = given[key] === undefined ? stored?.[key] : given[key];
    if (typeof value === 'number') merged[key] = value;
  }
  return Object.keys(merged).length ? merged : undefined;
}

/**
 * Checks `input` against the district's stored settings and works out the write: partial days
 * to rectify are merged with those in effect into the full map, partial targets with the stored
 * ones (null clears one; clearing the last removes them); everything else replaces what is
 * stored; `reset` clears. Throws VALIDATION_FAILED with every field issue. Pure.
 */
export function settingsChange(stored: StoredSettings, input: DistrictSettingsInput, locale: Locale): SettingsChange {
  const parsed = checkFields(directorySchemas(locale).districtSettings, input, locale);
  if (!parsed.ok) {
    throw new AppError(
      'VALIDATION_FAILED',
      parsed.issues.map((issue) => {
        const label = issue.label === undefined ? directoryLabelOf(issue.field) : undefined;
        return label ? { ...issue, label: localize(label, locale) } : issue;
      }),
    );
  }
  const {
    hazardDueDays,
    complianceThreshold,
    calendar,
    targets,
    alertBudget,
    schoolTokenDays,
    photoUploadsPerDay,
    reset = [],
  } = parsed.value;
  const change: SettingsChange = { set: {}, remove: [...reset] };
  if (hazardDueDays) {
    const merged: DueDays = { ...dueDaysInEffect(stored.hazardDueDays), ...hazardDueDays };
    const issues = dueDaysOrderIssues(merged, hazardDueDays, locale);
    if (issues.length) throw new AppError('VALIDATION_FAILED', issues);
    change.set.hazardDueDays = merged;
  }
  if (complianceThreshold !== undefined) change.set.complianceThreshold = complianceThreshold;
  if (alertBudget) {
    // Merged with what is in effect; a school may not get more than its whole district.
    const merged: AlertBudget = { ...DEFAULT_ALERT_BUDGET, ...stored.alertBudget, ...alertBudget };
    if (merged.school > merged.district) {
      const field = alertBudget.school !== undefined ? 'alertBudget.school' : 'alertBudget.district';
      throw new AppError('VALIDATION_FAILED', [
        {
          field,
          label: localize(DIRECTORY_FIELD_LABELS[field]!, locale),
          reason: say('alertBudgetOrder', locale, { school: merged.school, district: merged.district }),
        },
      ]);
    }
    change.set.alertBudget = merged;
  }
  if (schoolTokenDays !== undefined) change.set.schoolTokenDays = schoolTokenDays;
  if (photoUploadsPerDay !== undefined) change.set.photoUploadsPerDay = photoUploadsPerDay;
  if (calendar) change.set.calendar = calendar;
  if (targets) {
    const merged = mergeTargets(stored.targets, targets);
    if (merged) change.set.targets = merged;
    else change.remove.push('targets');
  }
  return change;
}

/** How often configureDistrict re-reads and retries when another write got in between. */
const CONFIGURE_ATTEMPTS = 3;

/**
 * Overrides a district's days to rectify (by severity; those not given keep their value),
 * compliance threshold (0–1), school calendar, targets (by key; null clears one, those not
 * given keep their value), hourly alert mail budget (school and district; one may be given) and
 * school token validity (days), or clears them back to the defaults (`reset`). NOT_FOUND for a district that does not exist; VALIDATION_FAILED, with a reason per
 * field, for bad settings, which change nothing. The write sets each attribute whole and is
 * conditional on the district being the one read, so it never creates a half district and two
 * administrators merging due days cannot lose each other's change.
 */
export async function configureDistrict(
  districtId: string,
  settings: DistrictSettingsInput,
  options: DirectoryOptions = {},
): Promise<DistrictWithSettings> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  // Gone (NOT_FOUND on the next read) or changed meanwhile (merge again with what is there now).
  return retryOnConflict(
    async () => {
      const stored = await requireStoredDistrict(districtId, locale);
      const { set, remove } = settingsChange(stored, settings, locale);
      const update: UpdateItemInput<typeof DistrictEntity> = { districtId: stored.districtId };
      if (set.hazardDueDays) update.hazardDueDays = $set(set.hazardDueDays);
      if (set.complianceThreshold !== undefined) update.complianceThreshold = set.complianceThreshold;
      if (set.calendar) update.calendar = $set(set.calendar);
      if (set.targets) update.targets = $set(set.targets);
      if (set.alertBudget) update.alertBudget = $set(set.alertBudget);
      if (set.schoolTokenDays !== undefined) update.schoolTokenDays = set.schoolTokenDays;
      if (set.photoUploadsPerDay !== undefined) update.photoUploadsPerDay = set.photoUploadsPerDay;
      for (const name of remove) update[name] = $remove();
      const { Attributes } = await DistrictEntity.build(UpdateItemCommand)
        .item(update)
        .options({
          condition: {
            and: [
              { attr: 'districtId', exists: true },
              { attr: 'updatedAt', eq: stored.updatedAt },
            ],
          },
          returnValues: 'ALL_NEW',
        })
        .send();
      return districtView(Attributes!);
    },
    {
      attempts: CONFIGURE_ATTEMPTS,
      isConflict: isConditionalCheckFailed,
      exhausted: () => new AppError('SERVICE_UNAVAILABLE'),
    },
  );
}
