import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { hashOf } from '../../canonical-json';
import { ReportEntity } from '../../db/entities';
import { isConditionalCheckFailed } from '../../db/writes';
import { getS3Client } from '../../photos/s3';
import type { DistrictReport } from '../types';
import { pickFields } from '../../objects';

/*
 * Where a month's report is kept: its JSON and its workbook in the bucket, under reports/ (never
 * under evidence/, where the photo verifier listens), and one Report item in the table that
 * indexes them. The item is written after both objects, so an item always points at objects
 * that exist. The bucket is versioned: when the figures change, the objects are overwritten and
 * the earlier revision stays readable by its version id.
 *
 * "The same report" is decided by the hash of the report's canonical JSON without `producedAt`:
 * producing a month again from unchanged data finds the same hash and writes nothing.
 */

/** Every report object is under this prefix (IAM of the report functions is limited to it). */
export const REPORTS_PREFIX = 'reports/';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The object keys of a district's month: reports/<district>/<YYYY-MM>/report.json and .xlsx. */
export function reportObjectKeys(districtId: string, month: string): { json: string; workbook: string } {
  const base = `${REPORTS_PREFIX}${districtId}/${month}/report`;
  return { json: `${base}.json`, workbook: `${base}.xlsx` };
}

/** SHA-256 (hex) of the report's canonical JSON without `producedAt`: equal figures, equal hash. */
export function reportContentHash(report: DistrictReport): string {
  const { producedAt: _producedAt, ...figures } = report;
  return hashOf(figures);
}

/** The headline figures kept on the index item. */
export interface ReportSummary {
  schoolsRegistered: number;
  schoolsReporting: number;
  /** Overall compliance 0–1; absent when nothing was due. */
  complianceRate?: number;
  hazardsFound: number;
  hazardsOpenAtMonthEnd: number;
  hazardsOverdueAtMonthEnd: number;
  criticalHazards: number;
}

/** The headline figures of a report. */
export function reportSummary(report: DistrictReport): ReportSummary {
  const { compliance, hazards } = report.sections;
  const rate = compliance.overall.current.rate;
  return {
    schoolsRegistered: compliance.schoolsRegistered,
    schoolsReporting: compliance.schoolsReporting,
    ...(rate === null ? {} : { complianceRate: rate }),
    hazardsFound: hazards.found.total,
    hazardsOpenAtMonthEnd: hazards.openAtMonthEnd.total,
    hazardsOverdueAtMonthEnd: hazards.overdueAtMonthEnd.total,
    criticalHazards: hazards.critical.length,
  };
}

/** The index item of a stored report. */
export type StoredReport = Pick<
  FormattedItem<typeof ReportEntity>,
  | 'districtId'
  | 'month'
  | 'reportVersion'
  | 'producedAt'
  | 'contentHash'
  | 'revision'
  | 'jsonKey'
  | 'workbookKey'
  | 'jsonBytes'
  | 'workbookBytes'
  | 'jsonVersionId'
  | 'workbookVersionId'
  | 'summary'
  | 'deliveries'
  | 'producedBy'
>;

/** The index item's fields that are always there, in the order they are shown. */
const FIELDS = [
  'districtId',
  'month',
  'reportVersion',
  'producedAt',
  'contentHash',
  'revision',
  'jsonKey',
  'workbookKey',
  'jsonBytes',
  'workbookBytes',
] as const;

function stored(item: StoredReport): StoredReport {
  const { jsonVersionId, workbookVersionId, summary, deliveries, producedBy } = item;
  return {
    ...pickFields(item, ...FIELDS),
    ...(jsonVersionId ? { jsonVersionId } : {}),
    ...(workbookVersionId ? { workbookVersionId } : {}),
    summary: { ...summary },
    deliveries,
    producedBy,
  };
}

/** The index item of a district's month (a consistent read: it may just have been written), or undefined. */
export async function getStoredReport(districtId: string, month: string): Promise<StoredReport | undefined> {
  const { Item } = await ReportEntity.build(GetItemCommand)
    .key({ districtId, month })
    .options({ consistent: true })
    .send();
  return Item ? stored(Item) : undefined;
}

/** Another invocation stored other figures for the month at the same time: the caller retries. */
export class ReportStoreConflictError extends Error {
  constructor(districtId: string, month: string) {
    super(`The report of ${districtId} ${month} was stored by another invocation at the same time`);
    this.name = 'ReportStoreConflictError';
  }
}

export interface StoreReportOptions {
  bucket: string;
  workbook: Buffer;
  /** Who produced it: schedule, api:<tokenId> or cli. */
  producedBy: string;
  /** The index item before this run (undefined: the month's first report). */
  previous: StoredReport | undefined;
}

/** An object stored beside a report's JSON and workbook (the year-end summary's Word document). */
export interface ReportObject {
  key: string;
  body: Buffer;
  contentType: string;
}

/** What storeReportItem writes: the report (as JSON), its index item's identity and headline figures. */
export interface ReportToStore {
  districtId: string;
  /** The month (YYYY-MM), or a year-end summary's period (`2026`, `2025-26`). */
  month: string;
  reportVersion: number;
  producedAt: string;
  summary: ReportSummary;
  /** The report, stored as its JSON. */
  report: unknown;
  /** Object metadata besides the content hash and the report version. */
  metadata?: Record<string, string>;
  /** Objects stored with the JSON and the workbook. */
  extraObjects?: readonly ReportObject[];
}

/**
 * Stores a report whose figures differ from `previous` (or the month's first): the JSON, the
 * workbook (and any other object) to S3, then the index item, conditional on the item being
 * still what this run read. A month's report and a year-end summary are stored alike.
 */
export async function storeReportItem(
  content: ReportToStore,
  contentHash: string,
  options: StoreReportOptions,
): Promise<StoredReport> {
  const keys = reportObjectKeys(content.districtId, content.month);
  const json = Buffer.from(JSON.stringify(content.report), 'utf8');
  const s3 = getS3Client();
  const metadata = {
    'content-hash': contentHash,
    'report-version': String(content.reportVersion),
    ...content.metadata,
  };
  const put = (object: ReportObject) =>
    s3.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: object.key,
        Body: object.body,
        ContentType: object.contentType,
        Metadata: metadata,
      }),
    );
  const [jsonPut, workbookPut] = await Promise.all([
    put({ key: keys.json, body: json, contentType: JSON_CONTENT_TYPE }),
    put({ key: keys.workbook, body: options.workbook, contentType: XLSX_CONTENT_TYPE }),
    ...(content.extraObjects ?? []).map(put),
  ]);
  const { previous } = options;
  const record: StoredReport = {
    districtId: content.districtId,
    month: content.month,
    reportVersion: content.reportVersion,
    producedAt: content.producedAt,
    contentHash,
    revision: (previous?.revision ?? 0) + 1,
    jsonKey: keys.json,
    workbookKey: keys.workbook,
    jsonBytes: json.byteLength,
    workbookBytes: options.workbook.byteLength,
    ...(jsonPut.VersionId ? { jsonVersionId: jsonPut.VersionId } : {}),
    ...(workbookPut.VersionId ? { workbookVersionId: workbookPut.VersionId } : {}),
    summary: content.summary,
    deliveries: previous?.deliveries ?? 0,
    producedBy: options.producedBy,
  };
  try {
    await ReportEntity.build(PutItemCommand)
      .item(record)
      .options({
        condition: previous
          ? {
              and: [
                { attr: 'revision', eq: previous.revision },
                { attr: 'deliveries', eq: previous.deliveries },
              ],
            }
          : { attr: 'districtId', exists: false },
      })
      .send();
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new ReportStoreConflictError(record.districtId, record.month);
    throw error;
  }
  return record;
}

/** Stores a month's report whose figures differ from `previous` (storeReportItem). */
export function storeReport(
  report: DistrictReport,
  contentHash: string,
  options: StoreReportOptions,
): Promise<StoredReport> {
  return storeReportItem(
    {
      districtId: report.district.id,
      month: report.month,
      reportVersion: report.reportVersion,
      producedAt: report.producedAt,
      summary: reportSummary(report),
      report,
    },
    contentHash,
    options,
  );
}

/**
 * The report's index item, after storing it with `write` when its figures (`contentHash`) differ
 * from the stored ones; `written` says whether this run stored them. A concurrent run that stored
 * these very figures is fine; one that stored other figures throws ReportStoreConflictError.
 */
export async function storeUnlessUnchanged(
  districtId: string,
  month: string,
  contentHash: string,
  write: (previous: StoredReport | undefined) => Promise<StoredReport>,
): Promise<{ stored: StoredReport; written: boolean }> {
  let stored = await getStoredReport(districtId, month);
  let written = false;
  if (stored?.contentHash !== contentHash) {
    try {
      stored = await write(stored);
      written = true;
    } catch (error) {
      if (!(error instanceof ReportStoreConflictError)) throw error;
      stored = await getStoredReport(districtId, month);
      if (stored?.contentHash !== contentHash) throw error;
    }
  }
  if (!stored) throw new Error(`The report of ${districtId} ${month} was not stored`);
  return { stored, written };
}

/**
 * The current object at `key`. Not by version id: that needs s3:GetObjectVersion, and the index
 * item is written after the objects, so the current objects are at least as new as the item.
 */
export async function readReportObject(bucket: string, key: string): Promise<Buffer> {
  const { Body } = await getS3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new Error(`Report object ${key} has no body`);
  return Buffer.from(await Body.transformToByteArray());
}

/** The stored report's JSON, as produced. */
export async function readReportJson(bucket: string, record: StoredReport): Promise<DistrictReport> {
  return JSON.parse((await readReportObject(bucket, record.jsonKey)).toString('utf8')) as DistrictReport;
}

/** The stored report's workbook (XLSX bytes). */
export async function readReportWorkbook(bucket: string, record: StoredReport): Promise<Buffer> {
  return readReportObject(bucket, record.workbookKey);
}
