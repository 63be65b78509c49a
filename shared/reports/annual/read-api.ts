import type { Principal } from '../../auth/principal';
import { getDistrict } from '../../directory/districts';
import { AppError } from '../../errors';
import type { FileOutcome } from '../../http/api-handler';
import type { Locale } from '../../i18n';
import { presignPhotoDownload } from '../../photos/s3';
import { reportMail } from '../pipeline/outbox';
import { MAX_INLINE_WORKBOOK_BYTES, WORKBOOK_LINK_SECONDS } from '../pipeline/read-api';
import { getStoredReport, XLSX_CONTENT_TYPE, type ReportSummary, type StoredReport } from '../pipeline/store';
import { sendStateView, type SendStateView } from '../pipeline/views';
import { periodHasEnded, requireEndedPeriod, type ReportPeriod } from './period';
import { annualFilename } from './render/narrative';
import { DOCX_CONTENT_TYPE, readAnnualDocument, readAnnualJson, readAnnualWorkbook } from './store';
import type { AnnualReport } from './types';

/*
 * The cores of the year-end summary's read routes (functions/get-annual-report, get-annual-report-
 * workbook, get-annual-report-document), as pipeline/read-api.ts is the monthly report's: an
 * official sees their own district's summaries only (the district comes from the token). Apart
 * from api.ts (which produces) so that these functions bundle no renderer.
 */

type Official = Extract<Principal, { role: 'official' }>;

/** The stored summary as answers show it (whitelisted; no keys). */
export interface AnnualHeaderView {
  districtId: string;
  period: string;
  producedAt: string;
  revision: number;
  contentHash: string;
  summary: ReportSummary;
  workbook: { bytes: number; href: string };
  document: { href: string };
}

export function annualHeaderView(stored: StoredReport): AnnualHeaderView {
  return {
    districtId: stored.districtId,
    period: stored.month,
    producedAt: stored.producedAt,
    revision: stored.revision,
    contentHash: stored.contentHash,
    summary: { ...stored.summary },
    workbook: { bytes: stored.workbookBytes, href: `/v1/annual-reports/${stored.month}/workbook` },
    document: { href: `/v1/annual-reports/${stored.month}/document` },
  };
}

/** GET /v1/annual-reports/{period}. */
export interface AnnualResponse extends AnnualHeaderView {
  mail: SendStateView;
  report: AnnualReport;
}

export interface AnnualReadDeps {
  bucket: string;
  now?: () => Date;
}

async function requireStored(districtId: string, period: ReportPeriod, now: Date): Promise<StoredReport> {
  const stored = await getStoredReport(districtId, period.id);
  if (stored) return stored;
  const district = await getDistrict(districtId);
  if (district && !periodHasEnded(period, district.timezone, now)) requireEndedPeriod(period, district.timezone, now);
  throw new AppError('ANNUAL_REPORT_NOT_FOUND');
}

/** GET /v1/annual-reports/{period}: the official's district's summary with its send state. */
export async function getAnnualReport(
  principal: Official,
  period: ReportPeriod,
  locale: Locale,
  deps: AnnualReadDeps,
): Promise<AnnualResponse> {
  const stored = await requireStored(principal.districtId, period, (deps.now ?? (() => new Date()))());
  const [report, mail] = await Promise.all([
    readAnnualJson(deps.bucket, stored),
    reportMail(stored.districtId, period.id),
  ]);
  return { ...annualHeaderView(stored), mail: sendStateView(mail, locale), report };
}

async function file(
  principal: Official,
  period: ReportPeriod,
  locale: Locale,
  deps: AnnualReadDeps,
  kind: 'xlsx' | 'docx',
): Promise<FileOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const stored = await requireStored(principal.districtId, period, now);
  const data =
    kind === 'xlsx' ? await readAnnualWorkbook(deps.bucket, stored) : await readAnnualDocument(deps.bucket, stored);
  if (data.byteLength > MAX_INLINE_WORKBOOK_BYTES) {
    const key = kind === 'xlsx' ? stored.workbookKey : stored.jsonKey.replace(/\.json$/, '.docx');
    return { kind: 'elsewhere', url: await presignPhotoDownload(deps.bucket, key, now, WORKBOOK_LINK_SECONDS) };
  }
  const report = await readAnnualJson(deps.bucket, stored);
  return {
    kind: 'file',
    data,
    contentType: kind === 'xlsx' ? XLSX_CONTENT_TYPE : DOCX_CONTENT_TYPE,
    fileName: annualFilename(report, locale, kind),
    asciiName: `houqin-annual-${stored.districtId}-${period.id}.${kind}`,
    version: stored.contentHash,
  };
}

/** GET /v1/annual-reports/{period}/workbook: the summary's XLSX. */
export function getAnnualWorkbook(
  principal: Official,
  period: ReportPeriod,
  locale: Locale,
  deps: AnnualReadDeps,
): Promise<FileOutcome> {
  return file(principal, period, locale, deps, 'xlsx');
}

/** GET /v1/annual-reports/{period}/document: the summary's Word draft (.docx). */
export function getAnnualDocument(
  principal: Official,
  period: ReportPeriod,
  locale: Locale,
  deps: AnnualReadDeps,
): Promise<FileOutcome> {
  return file(principal, period, locale, deps, 'docx');
}
