import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { SchoolEntity } from '../db/entities';
import { HouqinTable } from '../db/table';
import { AppError } from '../errors';
import { DEFAULT_LOCALE, localize, type Locale } from '../i18n';
import { localDate } from '../time';
import { requireDistrict, type DirectoryOptions } from './districts';
import { say } from './messages';
import { DIRECTORY_FIELD_LABELS, type SchoolKind, type ValidSchool } from './schemas';
import { schoolsOfDistrict } from './storage';
import { isConditionalCheckFailed } from '../db/writes';
import { pickFields } from '../objects';

/** A school as the directory shows it (no keys, no internal attributes). */
export interface School {
  districtId: string;
  schoolId: string;
  name: string;
  kind: SchoolKind;
  students: number;
  staff: number;
  hasCanteen: boolean;
  boarding: boolean;
  /** Only some students board (寄宿：部分); only with `boarding`. */
  partlyBoarding?: boolean;
  nutritionProgramme: boolean;
  registeredOn: string;
  /** The first day the school is off the roster (archived); absent while it is on it. */
  archivedOn?: string;
}

/** Whitelists a stored school's attributes (in this order: API bodies and the CLI show them so). */
export function schoolView(item: School): School {
  return {
    ...pickFields(item, 'districtId', 'schoolId', 'name', 'kind', 'students', 'staff', 'hasCanteen', 'boarding'),
    ...(item.boarding && item.partlyBoarding ? { partlyBoarding: true } : {}),
    ...pickFields(item, 'nutritionProgramme', 'registeredOn'),
    ...(item.archivedOn ? { archivedOn: item.archivedOn } : {}),
  };
}

/** A field issue naming a school id. */
export function schoolIdIssue(schoolId: string, reason: string, locale: Locale) {
  return { field: 'schoolId', label: localize(DIRECTORY_FIELD_LABELS.schoolId!, locale), value: schoolId, reason };
}

/** Options of the calls that register schools: `now` fixes "today" (tests, seeding). */
export interface RegisterOptions extends DirectoryOptions {
  now?: Date;
}

/**
 * Registers one school checked by parseSchoolInput in an existing district. The school id must be
 * new in the district (the put is conditional); `registeredOn` defaults to today in the district's
 * timezone, the first day the school is expected to submit. Refusals are worded in `options.locale`.
 */
export async function addSchool(
  districtId: string,
  school: ValidSchool,
  options: RegisterOptions = {},
): Promise<School> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const district = await requireDistrict(districtId, locale);
  const item = {
    ...school,
    districtId: district.districtId,
    registeredOn: school.registeredOn ?? localDate(district.timezone, options.now),
  };
  try {
    await SchoolEntity.build(PutItemCommand)
      .item(item)
      .options({ condition: { attr: 'schoolId', exists: false } })
      .send();
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    throw new AppError('VALIDATION_FAILED', [
      schoolIdIssue(school.schoolId, say('schoolExists', locale, { id: school.schoolId }), locale),
    ]);
  }
  return schoolView(item);
}

/** A school as stored: its attributes, and when it was created and last changed. */
export type StoredSchool = School & { createdAt: string; updatedAt: string };

/**
 * Every stored school of a district, by id, all attributes (one partition, read to the end). The
 * list is consistent so a roster import sees a school that was added a moment earlier.
 */
export async function queryStoredSchools(districtId: string): Promise<StoredSchool[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(SchoolEntity)
    .query(schoolsOfDistrict(districtId))
    .options({ consistent: true, maxPages: Infinity })
    .send();
  return Items as StoredSchool[];
}

/** Every school of a district, by id, as the directory shows it (`queryStoredSchools`). */
export async function querySchools(districtId: string): Promise<School[]> {
  return (await queryStoredSchools(districtId)).map(schoolView);
}

/** The schools of a district that must exist (NOT_FOUND otherwise), ordered by id. */
export async function listSchools(districtId: string, options: DirectoryOptions = {}): Promise<School[]> {
  const district = await requireDistrict(districtId, options.locale ?? DEFAULT_LOCALE);
  return querySchools(district.districtId);
}
