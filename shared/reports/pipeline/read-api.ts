import type { Principal } from '../../auth/principal';
import { getDistrict } from '../../directory/districts';
import { AppError } from '../../errors';
import type { FileOutcome } from '../../http/api-handler';
import type { Locale } from '../../i18n';
import { presignPhotoDownload } from '../../photos/s3';
import { workbookFilename } from '../render/format';
import type { DistrictReport } from '../types';
import { monthHasEnded, requireEndedMonth } from './month';
import { reportMail } from './outbox';
import { getStoredReport, readReportJson, readReportWorkbook, XLSX_CONTENT_TYPE, type StoredReport } from './store';
import { reportHeaderView, sendStateView, type ReportHeaderView, type SendStateView } from './views';

/*
 * The cores of the report read routes (functions/get-report, get-report-workbook). An official
 * sees their own district's reports only: the district comes from the token, so another
 * district's month is simply not found. Kept apart from the request route (api.ts), which
 * produces reports: a read function bundles no renderer.
 */

type Official = Extract<Principal, { role: 'official' }>;

/** What GET /v1/reports/{month} returns: the stored report with its header and its mail. */
export interface ReportResponse extends ReportHeaderView {
  mail: SendStateView;
  report: DistrictReport;
}

/** The stored report of a district's month; REPORT_MONTH_NOT_ENDED or REPORT_NOT_FOUND when there is none. */
export async function requireStoredReport(districtId: string, month: string, now: Date): Promise<StoredReport> {
  const stored = await getStoredReport(districtId, month);
  if (stored) return stored;
  const district = await getDistrict(districtId);
  if (district && !monthHasEnded(month, district.timezone, now)) requireEndedMonth(month, district.timezone, now);
  throw new AppError('REPORT_NOT_FOUND');
}

export interface ReadDeps {
  bucket: string;
  now?: () => Date;
}

/** GET /v1/reports/{month}: the official's district's report of the month. */
export async function getReport(
  principal: Official,
  month: string,
  locale: Locale,
  deps: ReadDeps,
): Promise<ReportResponse> {
  const stored = await requireStoredReport(principal.districtId, month, (deps.now ?? (() => new Date()))());
  const [report, mail] = await Promise.all([readReportJson(deps.bucket, stored), reportMail(stored.districtId, month)]);
  return { ...reportHeaderView(stored), mail: sendStateView(mail, locale), report };
}

/**
 * The workbook is sent in the response (base64 over API Gateway) up to this size: one request,
 * a file with its name, that a phone opens or saves at once. Larger ones (Lambda answers at most
 * 6 MB, base64 a third more) are a redirect to a short-lived presigned GET.
 */
export const MAX_INLINE_WORKBOOK_BYTES = 4 * 1024 * 1024;

/** How long the presigned link of a large workbook works. */
export const WORKBOOK_LINK_SECONDS = 300;

/** The workbook's file name as officials see it: the same as the e-mail's attachment (render/email.ts). */
export function workbookFileName(districtName: string, month: string, locale: Locale): string {
  return workbookFilename({ district: { name: districtName }, month }, locale);
}

/** GET /v1/reports/{month}/workbook: the XLSX of the official's district's report. */
export async function getReportWorkbook(
  principal: Official,
  month: string,
  locale: Locale,
  deps: ReadDeps,
): Promise<FileOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const stored = await requireStoredReport(principal.districtId, month, now);
  if (stored.workbookBytes > MAX_INLINE_WORKBOOK_BYTES) {
    const url = await presignPhotoDownload(deps.bucket, stored.workbookKey, now, WORKBOOK_LINK_SECONDS);
    return { kind: 'elsewhere', url };
  }
  const [district, workbook] = await Promise.all([
    getDistrict(stored.districtId),
    readReportWorkbook(deps.bucket, stored),
  ]);
  return {
    kind: 'file',
    data: workbook,
    contentType: XLSX_CONTENT_TYPE,
    fileName: workbookFileName(district?.name ?? stored.districtId, month, locale),
    asciiName: `houqin-report-${stored.districtId}-${month}.xlsx`,
    version: stored.contentHash,
  };
}
