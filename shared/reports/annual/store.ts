import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { hashOf } from '../../canonical-json';
import { ReportEntity } from '../../db/entities';
import { isConditionalCheckFailed } from '../../db/writes';
import { getS3Client } from '../../photos/s3';
import {
  JSON_CONTENT_TYPE,
  reportObjectKeys,
  ReportStoreConflictError,
  XLSX_CONTENT_TYPE,
  type ReportSummary,
  type StoredReport,
} from '../pipeline/store';
import type { AnnualReport } from './types';

/*
 * Where a year-end summary is kept: as a month's report is (pipeline/store.ts), in the same Report
 * index item keyed by district and period instead of month (`2026`, `2025-26`: neither can be
 * mistaken for a month), its JSON, workbook and Word document under reports/<district>/<period>/.
 * Keeping it in the same item is what lets the report outbox (pipeline/outbox.ts, send.ts) mail
 * it, retry it and honour the suppression list exactly as it does a month's report: a delivery is
 * keyed by (district, month-or-period), and send.ts renders a period's mail with this module.
 */

/** The Word document's media type. */
export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The object keys of a district's period: reports/<district>/<period>/report.json, .xlsx and .docx. */
export function annualObjectKeys(
  districtId: string,
  period: string,
): { json: string; workbook: string; document: string } {
  const keys = reportObjectKeys(districtId, period);
  return { ...keys, document: keys.json.replace(/\.json$/, '.docx') };
}

/** SHA-256 of the summary's canonical JSON without `producedAt`: equal figures, equal hash. */
export function annualContentHash(report: AnnualReport): string {
  const { producedAt: _producedAt, ...figures } = report;
  return hashOf(figures);
}

/** The headline figures kept on the index item (the monthly item's shape, over the period). */
export function annualSummary(report: AnnualReport): ReportSummary {
  const { schools, compliance, hazards } = report.sections;
  return {
    schoolsRegistered: schools.schoolsRegistered,
    schoolsReporting: schools.schoolsReporting,
    ...(compliance.overall.rate === null ? {} : { complianceRate: compliance.overall.rate }),
    hazardsFound: hazards.found.total,
    hazardsOpenAtMonthEnd: hazards.openAtPeriodEnd.total,
    hazardsOverdueAtMonthEnd: hazards.overdueAtPeriodEnd.total,
    criticalHazards: hazards.critical.length,
  };
}

export interface StoreAnnualOptions {
  bucket: string;
  workbook: Buffer;
  document: Buffer;
  producedBy: string;
  previous: StoredReport | undefined;
}

/** Stores a summary whose figures differ from `previous` (or the period's first): the three objects, then the index item, conditionally. */
export async function storeAnnualReport(
  report: AnnualReport,
  contentHash: string,
  options: StoreAnnualOptions,
): Promise<StoredReport> {
  const keys = annualObjectKeys(report.district.id, report.period);
  const json = Buffer.from(JSON.stringify(report), 'utf8');
  const metadata = {
    'content-hash': contentHash,
    'report-version': String(report.reportVersion),
    'report-kind': 'annual',
  };
  const s3 = getS3Client();
  const [jsonPut, workbookPut] = await Promise.all([
    s3.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: keys.json,
        Body: json,
        ContentType: JSON_CONTENT_TYPE,
        Metadata: metadata,
      }),
    ),
    s3.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: keys.workbook,
        Body: options.workbook,
        ContentType: XLSX_CONTENT_TYPE,
        Metadata: metadata,
      }),
    ),
    s3.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: keys.document,
        Body: options.document,
        ContentType: DOCX_CONTENT_TYPE,
        Metadata: metadata,
      }),
    ),
  ]);
  const { previous } = options;
  const record: StoredReport = {
    districtId: report.district.id,
    month: report.period,
    reportVersion: report.reportVersion,
    producedAt: report.producedAt,
    contentHash,
    revision: (previous?.revision ?? 0) + 1,
    jsonKey: keys.json,
    workbookKey: keys.workbook,
    jsonBytes: json.byteLength,
    workbookBytes: options.workbook.byteLength,
    ...(jsonPut.VersionId ? { jsonVersionId: jsonPut.VersionId } : {}),
    ...(workbookPut.VersionId ? { workbookVersionId: workbookPut.VersionId } : {}),
    summary: annualSummary(report),
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

async function readObject(bucket: string, key: string): Promise<Buffer> {
  const { Body } = await getS3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new Error(`Report object ${key} has no body`);
  return Buffer.from(await Body.transformToByteArray());
}

/** The stored summary's JSON, as produced. */
export async function readAnnualJson(bucket: string, stored: StoredReport): Promise<AnnualReport> {
  return JSON.parse((await readObject(bucket, stored.jsonKey)).toString('utf8')) as AnnualReport;
}

/** The stored summary's workbook. */
export function readAnnualWorkbook(bucket: string, stored: StoredReport): Promise<Buffer> {
  return readObject(bucket, stored.workbookKey);
}

/** The stored summary's Word document. */
export function readAnnualDocument(bucket: string, stored: StoredReport): Promise<Buffer> {
  return readObject(bucket, annualObjectKeys(stored.districtId, stored.month).document);
}
