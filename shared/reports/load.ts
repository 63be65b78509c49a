import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { addDays, isMonth, monthSpan, type MonthSpan, shiftMonth } from '../time';
import type { DistrictCalendar } from '../calendar/school-calendar';
import { getDocumentClient } from '../clients';
import { HazardEntity, HeldAlertEntity, SchoolEntity, SubmissionEntity } from '../db/entities';
import { districtHazardsPartition, districtKey, districtMonthPartition } from '../db/keys';
import { HouqinTable } from '../db/table';
import { DISTRICT_TARGET_KEYS, isTargetValue } from '../directory/schemas';
import { DEFAULT_DUE_DAYS } from '../directory/district-settings';
import { schoolsOfDistrict } from '../directory/storage';
import { AppError } from '../errors';
import type { QualityFlag } from '../forms/quality';
import { HAZARD_STATUSES, type HazardStatus } from '../hazards/lifecycle';
import { heldAlertsQuery } from '../hazards/alert-budget';
import { LOCALES, type Locale } from '../i18n';
import type {
  DistrictTargets,
  ReportDistrictInput,
  ReportHazard,
  ReportHeldAlert,
  ReportInput,
  ReportPhoto,
  ReportSchool,
  ReportSubmission,
} from './input';

/*
 * Loads one district's month for the rollup, with Get and Query only (never a Scan), every
 * Query paged to the end, each item read once:
 *  - the district item: one Get (raw, read tolerantly: `targetsOf` keeps only valid targets);
 *  - its schools: one Query on the district's partition (the key `querySchools` uses);
 *  - the month's submissions and the same month a year earlier's: one Query each on gsi2, the
 *    district-month index, reading only the attributes the report uses;
 *  - hazards: one Query per status partition of gsi2 (a district's hazards by status, sorted by
 *    due date). Open and rectified hazards are read whole: every one may be unresolved at the
 *    month's end. Verified ones only with a due date from `verifiedLookbackDays` before the month
 *    to the longest due time after it: that holds every hazard found in the month (its due date
 *    is on or after its found date) and every hazard verified after the month that was due
 *    within the lookback. A hazard left open for longer than the lookback past its due date and
 *    verified since is not read, so a report produced again much later could miss it as "open
 *    at month end"; the report produced on schedule (the next month) has it in the open partition.
 *  - photos: through `loadPhotos`, the photo store's own query (none until it is plugged in).
 * `reads` counts the items and pages (a Get is one page of one item) of every request.
 */

/** What the loader needs besides the table. */
export interface ReportLoadDeps {
  /** Items per Query page; DynamoDB's own (1 MB) pages when absent. Tests use a small one. */
  pageSize?: number;
  /** When the report is produced. @default new Date() */
  now?: Date;
  /**
   * The photos that may matter for the month (at least those verified during it). The lead plugs
   * in the photo store's query here; its reads are its own. @default none
   */
  loadPhotos?: (request: PhotoRequest) => Promise<readonly ReportPhoto[]>;
  /** How many days before the month a verified hazard's due date may lie and still be read. @default 366 */
  verifiedLookbackDays?: number;
}

/** What `loadPhotos` is asked for: the district's month, as dates and instants. */
export interface PhotoRequest {
  districtId: string;
  timezone: string;
  span: MonthSpan;
}

/** Items and pages read. */
export interface ReadCount {
  items: number;
  pages: number;
}

/** What was read, in all and per request (district, schools, submissions, previousYearSubmissions, hazards:<status>). */
export interface Reads extends ReadCount {
  byRequest: Record<string, ReadCount>;
}

/** The loaded month and what it cost. */
export interface LoadedReportInput {
  input: ReportInput;
  reads: Reads;
}

/** @default of `ReportLoadDeps.verifiedLookbackDays`: a year and a day. */
export const VERIFIED_LOOKBACK_DAYS = 366;

/** The attributes of a submission the report reads: not the stored response body nor the body hash. */
export const SUBMISSION_ATTRIBUTES = [
  'submissionId',
  'schoolId',
  'formType',
  'formVersion',
  'date',
  'answers',
  'receivedAt',
  'supersededBy',
  'hazardIds',
  'qualityFlags',
  'importedAt',
] as const;

class ReadCounter implements Reads {
  items = 0;
  pages = 0;
  byRequest: Record<string, ReadCount> = {};

  add(request: string, items: number): void {
    const count = (this.byRequest[request] ??= { items: 0, pages: 0 });
    count.items += items;
    count.pages += 1;
    this.items += items;
    this.pages += 1;
  }

  snapshot(): Reads {
    return { items: this.items, pages: this.pages, byRequest: structuredClone(this.byRequest) };
  }
}

type Page<T> = { Items?: T[]; LastEvaluatedKey?: Record<string, unknown> };

/** Every page of a Query, one request per page, counted under `request`. */
async function readAllPages<T>(
  request: string,
  reads: ReadCounter,
  page: (startKey: Record<string, unknown> | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await page(startKey);
    reads.add(request, Items.length);
    items.push(...Items);
    startKey = LastEvaluatedKey;
  } while (startKey);
  return items;
}

function pageOptions(pageSize: number | undefined, startKey: Record<string, unknown> | undefined) {
  return {
    maxPages: 1,
    ...(pageSize ? { limit: pageSize } : {}),
    ...(startKey ? { exclusiveStartKey: startKey } : {}),
  };
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The targets stored on the district item (DistrictEntity's `targets`, set by `district
 * configure --targets`). Tolerant of an item written by hand: only the known keys whose value
 * is a number within the model's bounds (rates 0–1, reductions 0–100 %) are kept.
 */
export function targetsOf(stored: unknown): DistrictTargets | undefined {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return undefined;
  const source = stored as Record<string, unknown>;
  const targets: DistrictTargets = {};
  for (const key of DISTRICT_TARGET_KEYS) {
    const value = source[key];
    if (isTargetValue(key, value)) targets[key] = value;
  }
  return Object.keys(targets).length > 0 ? targets : undefined;
}

/** The district item's attributes the report reads (a narrow view of the stored item). */
interface StoredDistrict {
  districtId: string;
  name: string;
  timezone: string;
  locale: string;
  complianceThreshold?: unknown;
  calendar?: DistrictCalendar;
  hazardDueDays?: Record<string, unknown>;
  targets?: unknown;
}

async function getDistrict(districtId: string, reads: ReadCounter): Promise<StoredDistrict | undefined> {
  const { Item } = await getDocumentClient().send(
    new GetCommand({ TableName: HouqinTable.getName(), Key: districtKey({ districtId }) }),
  );
  reads.add('district', Item ? 1 : 0);
  return Item as StoredDistrict | undefined;
}

function districtInput(stored: StoredDistrict): ReportDistrictInput {
  const targets = targetsOf(stored.targets);
  return {
    districtId: stored.districtId,
    name: stored.name,
    locale: (LOCALES as readonly string[]).includes(stored.locale) ? (stored.locale as Locale) : 'zh-CN',
    timezone: stored.timezone,
    ...(isNumber(stored.complianceThreshold) ? { complianceThreshold: stored.complianceThreshold } : {}),
    ...(stored.calendar ? { calendar: stored.calendar } : {}),
    ...(targets ? { targets } : {}),
  };
}

/** The longest time to rectify any severity: the district's own or the defaults, whichever is longer. */
function longestDueDays(stored: StoredDistrict): number {
  const own = Object.values(stored.hazardDueDays ?? {}).filter(isNumber);
  return Math.max(...Object.values(DEFAULT_DUE_DAYS), ...own);
}

/** The month's critical-hazard alerts held past an hour's budget (shared/hazards/alert-budget.ts). */
async function loadHeldAlerts(
  districtId: string,
  span: MonthSpan,
  reads: ReadCounter,
  pageSize: number | undefined,
): Promise<ReportHeldAlert[]> {
  const items = await readAllPages('heldAlerts', reads, (startKey) =>
    HouqinTable.build(QueryCommand)
      .entities(HeldAlertEntity)
      .query(heldAlertsQuery(districtId, span.start, span.end))
      .options(pageOptions(pageSize, startKey))
      .send(),
  );
  return items.map(({ schoolId, hazardId, windowStart, reason }) => ({ schoolId, hazardId, windowStart, reason }));
}

async function loadSchools(
  districtId: string,
  reads: ReadCounter,
  pageSize: number | undefined,
): Promise<ReportSchool[]> {
  const items = await readAllPages('schools', reads, (startKey) =>
    HouqinTable.build(QueryCommand)
      .entities(SchoolEntity)
      .query(schoolsOfDistrict(districtId))
      .options(pageOptions(pageSize, startKey))
      .send(),
  );
  return items.map(
    ({ schoolId, name, hasCanteen, boarding, partlyBoarding, nutritionProgramme, registeredOn, archivedOn }) => ({
      schoolId,
      name,
      hasCanteen,
      boarding,
      ...(partlyBoarding ? { partlyBoarding } : {}),
      nutritionProgramme,
      registeredOn,
      ...(archivedOn ? { archivedOn } : {}),
    }),
  );
}

async function loadSubmissions(
  request: string,
  districtId: string,
  month: string,
  reads: ReadCounter,
  pageSize: number | undefined,
): Promise<ReportSubmission[]> {
  const partition = districtMonthPartition(districtId, month);
  const items = await readAllPages(request, reads, (startKey) =>
    HouqinTable.build(QueryCommand)
      .entities(SubmissionEntity)
      .query({ index: 'gsi2', partition })
      .options({ attributes: [...SUBMISSION_ATTRIBUTES], ...pageOptions(pageSize, startKey) })
      .send(),
  );
  return items.map((item) => ({
    submissionId: item.submissionId,
    schoolId: item.schoolId,
    formType: item.formType,
    formVersion: item.formVersion,
    date: item.date,
    answers: (item.answers ?? {}) as Record<string, unknown>,
    receivedAt: item.receivedAt,
    ...(item.supersededBy ? { supersededBy: item.supersededBy } : {}),
    hazardIds: item.hazardIds ?? [],
    ...(item.qualityFlags ? { qualityFlags: item.qualityFlags as QualityFlag[] } : {}),
    ...(item.importedAt ? { imported: true } : {}),
  }));
}

/** The gsi2 due-date range read of a status partition (none: the whole partition). */
function dueRange(
  status: HazardStatus,
  span: MonthSpan,
  lookbackDays: number,
  longestDue: number,
): { between: [string, string] } | undefined {
  if (status !== 'verified') return undefined;
  // Keys are `<dueDate>#<hazardId>`; '~' sorts after every character of a hazard id.
  return { between: [addDays(span.first, -lookbackDays), `${addDays(span.last, longestDue)}#~`] };
}

async function loadHazards(
  districtId: string,
  span: MonthSpan,
  lookbackDays: number,
  longestDue: number,
  reads: ReadCounter,
  pageSize: number | undefined,
): Promise<ReportHazard[]> {
  const perStatus = await Promise.all(
    HAZARD_STATUSES.map((status) => {
      const partition = districtHazardsPartition(districtId, status);
      const range = dueRange(status, span, lookbackDays, longestDue);
      return readAllPages(`hazards:${status}`, reads, (startKey) =>
        HouqinTable.build(QueryCommand)
          .entities(HazardEntity)
          .query({ index: 'gsi2', partition, ...(range ? { range } : {}) })
          .options(pageOptions(pageSize, startKey))
          .send(),
      );
    }),
  );
  return perStatus.flat().map((item) => ({
    hazardId: item.hazardId,
    schoolId: item.schoolId,
    submissionId: item.submissionId,
    formType: item.formType,
    severity: item.severity,
    category: item.category,
    title: { zh: item.title.zh, en: item.title.en },
    ...(item.place !== undefined ? { place: item.place } : {}),
    ...(item.description !== undefined ? { description: item.description } : {}),
    foundOn: item.foundOn,
    dueDate: item.dueDate,
    history: item.history.map((step) => ({ action: step.action, status: step.status, at: step.at })),
  }));
}

/**
 * Everything `rollUpDistrictMonth` needs for `districtId`'s `month` (YYYY-MM), and the reads it
 * took. NOT_FOUND when the district does not exist; VALIDATION_FAILED for a malformed month.
 */
export async function loadReportInput(
  districtId: string,
  month: string,
  deps: ReportLoadDeps = {},
): Promise<LoadedReportInput> {
  if (!isMonth(month)) throw new AppError('VALIDATION_FAILED', [{ field: 'month', value: month }]);
  const reads = new ReadCounter();
  const stored = await getDistrict(districtId, reads);
  if (!stored) throw new AppError('NOT_FOUND');
  const district = districtInput(stored);
  const span = monthSpan(month, district.timezone);
  const { pageSize } = deps;
  const [schools, submissions, previousYearSubmissions, hazards, photos, heldAlerts] = await Promise.all([
    loadSchools(districtId, reads, pageSize),
    loadSubmissions('submissions', districtId, month, reads, pageSize),
    loadSubmissions('previousYearSubmissions', districtId, shiftMonth(month, -12), reads, pageSize),
    loadHazards(
      districtId,
      span,
      deps.verifiedLookbackDays ?? VERIFIED_LOOKBACK_DAYS,
      longestDueDays(stored),
      reads,
      pageSize,
    ),
    deps.loadPhotos ? deps.loadPhotos({ districtId, timezone: district.timezone, span }) : Promise.resolve([]),
    loadHeldAlerts(districtId, span, reads, pageSize),
  ]);
  return {
    input: {
      district,
      schools,
      month,
      submissions,
      previousYearSubmissions,
      hazards,
      photos,
      heldAlerts,
      now: deps.now ?? new Date(),
    },
    reads: reads.snapshot(),
  };
}

/** A run of consecutive months loaded at once (a year-end summary's period), and what it cost. */
export interface LoadedReportMonths {
  district: ReportDistrictInput;
  schools: ReportSchool[];
  /** Each month, in the order asked: its submissions, the same month a year earlier's, its photos. */
  months: {
    month: string;
    submissions: ReportSubmission[];
    previousYearSubmissions: ReportSubmission[];
    photos: ReportPhoto[];
  }[];
  /** The hazards that may matter for any of the months (the loader's rule above, over the whole run). */
  hazards: ReportHazard[];
  now: Date;
  reads: Reads;
}

/**
 * What `rollUpDistrictMonth` needs for each of `months` (consecutive, YYYY-MM), read once for all
 * of them: the district and its schools once, each month's submissions and the same month a year
 * earlier's once (one Query each), the hazards once over the whole run, each month's photos once.
 * Each month's `ReportInput` is then its own submissions with the shared district, schools and
 * hazards (the rollup ignores hazards that do not matter for its month). NOT_FOUND when the
 * district does not exist; VALIDATION_FAILED for a malformed month.
 */
export async function loadReportMonths(
  districtId: string,
  months: readonly string[],
  deps: ReportLoadDeps = {},
): Promise<LoadedReportMonths> {
  const bad = months.find((month) => !isMonth(month));
  if (bad !== undefined || months.length === 0)
    throw new AppError('VALIDATION_FAILED', [{ field: 'months', value: bad ?? '' }]);
  const reads = new ReadCounter();
  const stored = await getDistrict(districtId, reads);
  if (!stored) throw new AppError('NOT_FOUND');
  const district = districtInput(stored);
  const spans = months.map((month) => monthSpan(month, district.timezone));
  const first = spans[0]!;
  const last = spans[spans.length - 1]!;
  const whole: MonthSpan = {
    month: first.month,
    first: first.first,
    last: last.last,
    next: last.next,
    start: first.start,
    end: last.end,
  };
  const { pageSize } = deps;
  const [schools, hazards, perMonth] = await Promise.all([
    loadSchools(districtId, reads, pageSize),
    loadHazards(
      districtId,
      whole,
      deps.verifiedLookbackDays ?? VERIFIED_LOOKBACK_DAYS,
      longestDueDays(stored),
      reads,
      pageSize,
    ),
    Promise.all(
      spans.map(async (span) => {
        const [submissions, previousYearSubmissions, photos] = await Promise.all([
          loadSubmissions('submissions', districtId, span.month, reads, pageSize),
          loadSubmissions('previousYearSubmissions', districtId, shiftMonth(span.month, -12), reads, pageSize),
          deps.loadPhotos ? deps.loadPhotos({ districtId, timezone: district.timezone, span }) : Promise.resolve([]),
        ]);
        return { month: span.month, submissions, previousYearSubmissions, photos: [...photos] };
      }),
    ),
  ]);
  return { district, schools, months: perMonth, hazards, now: deps.now ?? new Date(), reads: reads.snapshot() };
}
