import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { SchoolEntity } from '../db/entities';
import { isConditionalCheckFailed } from '../db/writes';
import { AppError } from '../errors';
import { DEFAULT_LOCALE, localize, type Locale, type Text } from '../i18n';
import { localDate } from '../time';
import { requireDistrict } from './districts';
import { say } from './messages';
import type { ImportResult } from './import-roster';
import {
  CHANGEABLE_FIELDS,
  checkFields,
  DIRECTORY_FIELD_LABELS,
  directorySchemas,
  SCHOOL_KIND_NAMES,
  type SchoolChangesInput,
  type SchoolKind,
  type ValidSchool,
} from './schemas';
import { schoolIdIssue, schoolView, type RegisterOptions, type School, type StoredSchool } from './schools';

/*
 * A roster that changes (issue 23): what differs between a stored school and the same school as
 * a roster or `school update` gives it, changing one school, and archiving one (`school remove`).
 * An archived school keeps its item and its history: it is only no longer expected to send
 * anything from its `archivedOn` date, and its tokens stop working from then (see tokens.ts).
 */

export type ChangeableField = (typeof CHANGEABLE_FIELDS)[number];

/** Boarding as one value: yes, no, or partly. */
export type Boarding = boolean | 'partly';

/** A field's value as a change lists it (boarding as yes/no/partly). */
export type FieldValue = string | number | boolean;

/** One field that changed, with its value before and after. */
export interface FieldChange {
  field: ChangeableField;
  from: FieldValue;
  to: FieldValue;
}

/** A school's boarding as one value: true, false or 'partly'. */
export function boardingOf(school: { boarding: boolean; partlyBoarding?: boolean }): Boarding {
  return school.boarding ? (school.partlyBoarding ? 'partly' : true) : false;
}

/** The school fields as a change compares them. */
type Comparable = Pick<
  ValidSchool,
  'name' | 'kind' | 'students' | 'staff' | 'hasCanteen' | 'boarding' | 'nutritionProgramme'
> & {
  partlyBoarding?: boolean;
  registeredOn?: string;
};

function valueOf(school: Comparable, field: ChangeableField): FieldValue | undefined {
  return field === 'boarding' ? boardingOf(school) : school[field];
}

/**
 * The fields of `next` that differ from `current`, in CHANGEABLE_FIELDS order. A field `next`
 * leaves out (a registration date a roster row does not give) is no change.
 */
export function schoolChanges(current: Comparable, next: Comparable): FieldChange[] {
  return CHANGEABLE_FIELDS.flatMap((field) => {
    const to = valueOf(next, field);
    const from = valueOf(current, field);
    return to === undefined || from === undefined || to === from ? [] : [{ field, from, to }];
  });
}

/** A stored school item with `next`'s fields (boarding and partlyBoarding set together). */
export function withFields<T extends Comparable>(stored: T, next: Partial<Comparable>): T {
  const merged: T = { ...stored };
  for (const field of CHANGEABLE_FIELDS) {
    if (field === 'boarding' || next[field] === undefined) continue;
    (merged as Record<string, unknown>)[field] = next[field];
  }
  if (next.boarding !== undefined) {
    merged.boarding = next.boarding;
    if (next.boarding && next.partlyBoarding) merged.partlyBoarding = true;
    else delete merged.partlyBoarding;
  }
  return merged;
}

async function getStoredSchool(districtId: string, schoolId: string): Promise<StoredSchool | undefined> {
  const { Item } = await SchoolEntity.build(GetItemCommand)
    .key({ districtId, schoolId })
    .options({ consistent: true })
    .send();
  return Item as StoredSchool | undefined;
}

function missing(districtId: string, schoolId: string, locale: Locale): AppError {
  return new AppError('NOT_FOUND', [
    schoolIdIssue(schoolId, say('schoolMissing', locale, { id: schoolId, district: districtId }), locale),
  ]);
}

function archivedIssue(school: { schoolId: string; archivedOn?: string }, locale: Locale) {
  return schoolIdIssue(
    school.schoolId,
    say('schoolArchived', locale, { id: school.schoolId, date: school.archivedOn ?? '' }),
    locale,
  );
}

/** What `updateSchool` did: the school as it is now and the fields that changed (none: nothing written). */
export interface SchoolUpdate {
  school: School;
  changes: FieldChange[];
}

/**
 * Changes one school's roster fields (any of name, kind, students, staff, canteen, boarding —
 * true, false or 'partly' —, nutrition programme, registration date). Every field is checked
 * before anything is written; the write is conditional on the school being as it was read, so a
 * concurrent change is never overwritten (SERVICE_UNAVAILABLE then: run it again). A school
 * that was archived is refused. Nothing is written when every value equals the stored one.
 */
export async function updateSchool(
  districtId: string,
  schoolId: string,
  input: SchoolChangesInput,
  options: RegisterOptions = {},
): Promise<SchoolUpdate> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const schemas = directorySchemas(locale);
  const checked = checkFields(schemas.schoolChanges, input, locale);
  if (!checked.ok) throw new AppError('VALIDATION_FAILED', checked.issues);
  const changes = checked.value;
  const district = await requireDistrict(districtId, locale);
  const id = schemas.id.safeParse(schoolId);
  if (!id.success) throw missing(district.districtId, String(schoolId), locale);
  const stored = await getStoredSchool(district.districtId, id.data);
  if (!stored) throw missing(district.districtId, id.data, locale);
  if (stored.archivedOn) throw new AppError('VALIDATION_FAILED', [archivedIssue(stored, locale)]);

  const next: Partial<Comparable> = {
    ...changes,
    ...(changes.boarding !== undefined
      ? { boarding: changes.boarding !== false, partlyBoarding: changes.boarding === 'partly' }
      : {}),
  } as Partial<Comparable>;
  const found = schoolChanges(stored, { ...stored, ...next } as Comparable);
  if (found.length === 0) return { school: schoolView(stored), changes: [] };

  const item = { ...withFields(stored, next), updatedAt: (options.now ?? new Date()).toISOString() };
  try {
    await SchoolEntity.build(PutItemCommand)
      .item(item)
      .options({ condition: { attr: 'updatedAt', eq: stored.updatedAt } })
      .send();
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    throw new AppError('SERVICE_UNAVAILABLE');
  }
  return { school: schoolView(item), changes: found };
}

/** What `removeSchool` did. */
export interface SchoolRemoval {
  school: School;
  archivedOn: string;
  /** The school had been archived before: nothing was written (its date stays). */
  alreadyArchived: boolean;
}

/**
 * Archives a school (takes it off the roster) from `from` (YYYY-MM-DD, default today in the
 * district's timezone): from that day it is expected to send nothing and its tokens stop
 * working; its item, its submissions and hazards stay, and months before still count it. The
 * date may not be before the school's registration. Archiving twice changes nothing.
 */
export async function removeSchool(
  districtId: string,
  schoolId: string,
  options: RegisterOptions & { from?: string } = {},
): Promise<SchoolRemoval> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const schemas = directorySchemas(locale);
  if (options.from !== undefined && !schemas.registeredOn.safeParse(options.from).success) {
    throw new AppError('VALIDATION_FAILED', [
      {
        field: 'archivedOn',
        label: localize(DIRECTORY_FIELD_LABELS.archivedOn!, locale),
        value: options.from,
        reason: say('date', locale),
      },
    ]);
  }
  const district = await requireDistrict(districtId, locale);
  const id = schemas.id.safeParse(schoolId);
  if (!id.success) throw missing(district.districtId, String(schoolId), locale);
  const stored = await getStoredSchool(district.districtId, id.data);
  if (!stored) throw missing(district.districtId, id.data, locale);
  if (stored.archivedOn) return { school: schoolView(stored), archivedOn: stored.archivedOn, alreadyArchived: true };

  const archivedOn = options.from ?? localDate(district.timezone, options.now);
  if (archivedOn < stored.registeredOn) {
    throw new AppError('VALIDATION_FAILED', [
      {
        field: 'archivedOn',
        label: localize(DIRECTORY_FIELD_LABELS.archivedOn!, locale),
        value: archivedOn,
        reason: say('archiveBeforeRegistration', locale, { date: stored.registeredOn }),
      },
    ]);
  }
  try {
    await SchoolEntity.build(UpdateItemCommand)
      .item({ districtId: stored.districtId, schoolId: stored.schoolId, archivedOn })
      .options({
        condition: {
          and: [
            { attr: 'schoolId', exists: true },
            { attr: 'archivedOn', exists: false },
          ],
        },
      })
      .send();
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const now = await getStoredSchool(stored.districtId, stored.schoolId);
    if (now?.archivedOn) return { school: schoolView(now), archivedOn: now.archivedOn, alreadyArchived: true };
    throw missing(stored.districtId, stored.schoolId, locale);
  }
  return { school: schoolView({ ...stored, archivedOn }), archivedOn, alreadyArchived: false };
}

const YES_NO: Record<string, Text> = {
  true: { zh: '是', en: 'yes' },
  false: { zh: '否', en: 'no' },
  partly: { zh: '部分', en: 'partly' },
};

/** A field's value as people read it: 是/否/部分 for yes/no fields and boarding, the kind's name. */
export function valueText(field: ChangeableField, value: FieldValue, locale: Locale): string {
  if (typeof value === 'boolean' || value === 'partly') return localize(YES_NO[String(value)]!, locale);
  if (field === 'kind' && value in SCHOOL_KIND_NAMES) return localize(SCHOOL_KIND_NAMES[value as SchoolKind], locale);
  return String(value);
}

/** One change as people read it: 学生数 2410 → 2450. */
export function changeText(change: FieldChange, locale: Locale): string {
  const label = localize(DIRECTORY_FIELD_LABELS[change.field]!, locale);
  return `${label} ${valueText(change.field, change.from, locale)} → ${valueText(change.field, change.to, locale)}`;
}

/** A school's boarding as people read it: 是, 否 or 部分 (partly). */
export function boardingText(school: { boarding: boolean; partlyBoarding?: boolean }, locale: Locale): string {
  return valueText('boarding', boardingOf(school), locale);
}

/** An import's summary as people read it: what was added, changed (field by field) and left as it was. */
export function importSummaryLines(result: ImportResult, file: string, locale: Locale): string[] {
  const ids = (list: readonly string[]) => list.join(locale === 'en' ? ', ' : '、');
  const lines = [
    localize(
      {
        zh: `已从 ${file} 导入区县 ${result.districtId}：新增 ${result.added.length} 所，修改 ${result.changed.length} 所，未变 ${result.unchanged.length} 所`,
        en: `Imported ${file} into district ${result.districtId}: ${result.added.length} added, ${result.changed.length} changed, ${result.unchanged.length} unchanged`,
      },
      locale,
    ),
  ];
  if (result.added.length)
    lines.push(localize({ zh: `  新增：${ids(result.added)}`, en: `  added: ${ids(result.added)}` }, locale));
  for (const { schoolId, changes } of result.changed) {
    lines.push(
      `  ${localize({ zh: '修改', en: 'changed' }, locale)} ${schoolId}${locale === 'en' ? ': ' : '：'}${changes.map((change) => changeText(change, locale)).join(locale === 'en' ? '; ' : '；')}`,
    );
  }
  if (result.unchanged.length)
    lines.push(
      localize({ zh: `  未变：${ids(result.unchanged)}`, en: `  unchanged: ${ids(result.unchanged)}` }, locale),
    );
  if (result.notInFile.length) {
    lines.push(
      localize(
        {
          zh: `  文件中没有、仍保留在花名册上的学校：${ids(result.notInFile)}（如已撤销，请用 school remove）`,
          en: `  on the roster but not in the file, kept: ${ids(result.notInFile)} (use school remove for a school that closed)`,
        },
        locale,
      ),
    );
  }
  return lines;
}
