import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { DistrictCalendar } from '../calendar/school-calendar';
import { DistrictEntity, SchoolEntity, SubmissionEntity } from '../db/entities';
import { districtMonthPartition, schoolMonthPartition } from '../db/keys';
import { HouqinTable } from '../db/table';
import { querySchools } from '../directory/schools';
import { AppError } from '../errors';
import { localDate, monthOf } from '../time';
import type { ComplianceSchool, ComplianceSubmission } from './compliance';

/** The district as compliance reads it. */
export interface ComplianceDistrictRecord {
  districtId: string;
  name: string;
  timezone: string;
  complianceThreshold?: number;
  calendar?: DistrictCalendar;
}

/** Everything `complianceFor` needs for one district's (or one school's) month. */
export interface DistrictMonth {
  month: string;
  /** Today in the district's timezone at the caller's "now" (YYYY-MM-DD). */
  today: string;
  district: ComplianceDistrictRecord;
  schools: ComplianceSchool[];
  submissions: ComplianceSubmission[];
}

/** Options of `loadDistrictMonth`. */
export interface LoadOptions {
  /** Load only this school (a school caller): its own record and its gsi1 month partition. */
  schoolId?: string;
  /** The caller's clock: "now", which fixes today and the default month. Defaults to the system clock. */
  now?: Date;
  /** Items per query page (tests use a small one to prove every page is read). */
  pageSize?: number;
}

/** Only what compliance reads of a submission: the month's items can be many. */
const SUBMISSION_ATTRIBUTES = ['schoolId', 'formType', 'date', 'supersededBy'] as const;

async function querySubmissions(
  index: 'gsi1' | 'gsi2',
  partition: string,
  pageSize: number | undefined,
): Promise<ComplianceSubmission[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(SubmissionEntity)
    .query({ index, partition })
    .options({ attributes: [...SUBMISSION_ATTRIBUTES], maxPages: Infinity, ...(pageSize ? { limit: pageSize } : {}) })
    .send();
  return Items.map(({ schoolId, formType, date, supersededBy }) => ({
    schoolId,
    formType,
    date,
    ...(supersededBy ? { supersededBy } : {}),
  }));
}

function schoolRecord(school: ComplianceSchool): ComplianceSchool {
  const { schoolId, name, hasCanteen, boarding, nutritionProgramme, registeredOn, archivedOn } = school;
  return {
    schoolId,
    name,
    hasCanteen,
    boarding,
    nutritionProgramme,
    registeredOn,
    ...(archivedOn ? { archivedOn } : {}),
  };
}

/**
 * Loads a district's month for compliance: the district (Get), its schools (Query on the
 * district's partition) and the month's submissions (Query on gsi2, every page), or with
 * `schoolId` only that school (Get) and its month (Query on gsi1). Never a Scan. `month`
 * defaults to the current month in the district's timezone. NOT_FOUND when the district (or
 * the school) does not exist.
 */
export async function loadDistrictMonth(
  districtId: string,
  month: string | undefined,
  options: LoadOptions = {},
): Promise<DistrictMonth> {
  const { Item: stored } = await DistrictEntity.build(GetItemCommand).key({ districtId }).send();
  if (!stored) throw new AppError('NOT_FOUND');
  const district: ComplianceDistrictRecord = {
    districtId: stored.districtId,
    name: stored.name,
    timezone: stored.timezone,
    ...(stored.complianceThreshold !== undefined ? { complianceThreshold: stored.complianceThreshold } : {}),
    ...(stored.calendar ? { calendar: stored.calendar } : {}),
  };
  const today = localDate(district.timezone, options.now);
  const resolvedMonth = month ?? monthOf(today);
  const { schoolId, pageSize } = options;

  if (schoolId !== undefined) {
    const [{ Item: school }, submissions] = await Promise.all([
      SchoolEntity.build(GetItemCommand).key({ districtId, schoolId }).send(),
      querySubmissions('gsi1', schoolMonthPartition(districtId, schoolId, resolvedMonth), pageSize),
    ]);
    if (!school) throw new AppError('NOT_FOUND');
    return { month: resolvedMonth, today, district, schools: [schoolRecord(school)], submissions };
  }
  const [schools, submissions] = await Promise.all([
    querySchools(districtId),
    querySubmissions('gsi2', districtMonthPartition(districtId, resolvedMonth), pageSize),
  ]);
  return { month: resolvedMonth, today, district, schools: schools.map(schoolRecord), submissions };
}
