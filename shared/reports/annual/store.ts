import { hashOf } from '../../canonical-json';
import {
  readReportObject,
  reportObjectKeys,
  storeReportItem,
  type ReportSummary,
  type StoredReport,
  type StoreReportOptions,
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

export interface StoreAnnualOptions extends StoreReportOptions {
  document: Buffer;
}

/** Stores a summary whose figures differ from `previous` (or the period's first): the three objects, then the index item, conditionally. */
export function storeAnnualReport(
  report: AnnualReport,
  contentHash: string,
  options: StoreAnnualOptions,
): Promise<StoredReport> {
  const { document, ...storeOptions } = options;
  return storeReportItem(
    {
      districtId: report.district.id,
      month: report.period,
      reportVersion: report.reportVersion,
      producedAt: report.producedAt,
      summary: annualSummary(report),
      report,
      metadata: { 'report-kind': 'annual' },
      extraObjects: [
        {
          key: annualObjectKeys(report.district.id, report.period).document,
          body: document,
          contentType: DOCX_CONTENT_TYPE,
        },
      ],
    },
    contentHash,
    storeOptions,
  );
}

/** The stored summary's JSON, as produced. */
export async function readAnnualJson(bucket: string, stored: StoredReport): Promise<AnnualReport> {
  return JSON.parse((await readReportObject(bucket, stored.jsonKey)).toString('utf8')) as AnnualReport;
}

/** The stored summary's workbook. */
export function readAnnualWorkbook(bucket: string, stored: StoredReport): Promise<Buffer> {
  return readReportObject(bucket, stored.workbookKey);
}

/** The stored summary's Word document. */
export function readAnnualDocument(bucket: string, stored: StoredReport): Promise<Buffer> {
  return readReportObject(bucket, annualObjectKeys(stored.districtId, stored.month).document);
}
