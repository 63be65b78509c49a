import type { Principal } from '../../auth/principal';
import { getDistrict } from '../../directory/districts';
import { querySchools } from '../../directory/schools';
import { AppError } from '../../errors';
import type { PutEvents } from '../../events/publish';
import type { ApiResult } from '../../http/api-handler';
import { localize, type Locale } from '../../i18n';
import { presignPhotoDownload } from '../../photos/s3';
import { parseOrThrow } from '../../validation';
import { MIN_TIME_TO_SEND_IN_REQUEST_MS, reportRequestBodySchema } from '../pipeline/api';
import { reportMail } from '../pipeline/outbox';
import { attachmentDisposition, MAX_INLINE_WORKBOOK_BYTES, WORKBOOK_LINK_SECONDS } from '../pipeline/read-api';
import type { SendRawMail } from '../pipeline/send';
import { getStoredReport, XLSX_CONTENT_TYPE, type ReportSummary, type StoredReport } from '../pipeline/store';
import { sendStateView, type SendStateView } from '../pipeline/views';
import { parseReportPeriod, periodHasEnded, requireEndedPeriod, type ReportPeriod } from './period';
import { produceAnnualReport, putAnnualReportRequests } from './produce';
import { DOCX_CONTENT_TYPE } from './render/document';
import { annualFilename } from './render/narrative';
import { readAnnualDocument, readAnnualJson, readAnnualWorkbook } from './store';
import type { AnnualReport } from './types';

/*
 * The cores of the year-end summary's routes (functions/get-annual-report, get-annual-report-
 * workbook, get-annual-report-document, request-annual-report), following the monthly report's
 * (pipeline/read-api.ts, api.ts): an official sees their own district's summaries only (the
 * district comes from the token); an admin may produce one by naming the district. A summary is
 * made only of a period that has ended in the district's time.
 */

type Official = Extract<Principal, { role: 'official' }>;
type Admin = Extract<Principal, { role: 'admin' }>;

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
export async function getAnnualReport(principal: Official, periodParam: string | undefined, locale: Locale, deps: AnnualReadDeps): Promise<AnnualResponse> {
  const period = parseReportPeriod(periodParam, locale);
  const stored = await requireStored(principal.districtId, period, (deps.now ?? (() => new Date()))());
  const [report, mail] = await Promise.all([readAnnualJson(deps.bucket, stored), reportMail(stored.districtId, period.id)]);
  return { ...annualHeaderView(stored), mail: sendStateView(mail), report };
}

async function file(principal: Official, periodParam: string | undefined, locale: Locale, deps: AnnualReadDeps, kind: 'xlsx' | 'docx'): Promise<ApiResult> {
  const now = (deps.now ?? (() => new Date()))();
  const period = parseReportPeriod(periodParam, locale);
  const stored = await requireStored(principal.districtId, period, now);
  const data = kind === 'xlsx' ? await readAnnualWorkbook(deps.bucket, stored) : await readAnnualDocument(deps.bucket, stored);
  if (data.byteLength > MAX_INLINE_WORKBOOK_BYTES) {
    const key = kind === 'xlsx' ? stored.workbookKey : stored.jsonKey.replace(/\.json$/, '.docx');
    return { status: 302, body: null, headers: { location: await presignPhotoDownload(deps.bucket, key, now, WORKBOOK_LINK_SECONDS) } };
  }
  const report = await readAnnualJson(deps.bucket, stored);
  return {
    status: 200,
    body: null,
    binary: { data, contentType: kind === 'xlsx' ? XLSX_CONTENT_TYPE : DOCX_CONTENT_TYPE },
    headers: {
      'content-disposition': attachmentDisposition(annualFilename(report, locale, kind), `houqin-annual-${stored.districtId}-${period.id}.${kind}`),
      etag: `"${stored.contentHash}"`,
    },
  };
}

/** GET /v1/annual-reports/{period}/workbook: the summary's XLSX. */
export function getAnnualWorkbook(principal: Official, periodParam: string | undefined, locale: Locale, deps: AnnualReadDeps): Promise<ApiResult> {
  return file(principal, periodParam, locale, deps, 'xlsx');
}

/** GET /v1/annual-reports/{period}/document: the summary's Word draft (.docx). */
export function getAnnualDocument(principal: Official, periodParam: string | undefined, locale: Locale, deps: AnnualReadDeps): Promise<ApiResult> {
  return file(principal, periodParam, locale, deps, 'docx');
}

/** Districts up to this many schools are produced within the request (twelve months' rollups fit the API's 29 s); larger ones are queued (202). */
export const SYNC_ANNUAL_MAX_SCHOOLS = 30;

export interface AnnualRequestDeps {
  bucket: string;
  senderAddress: string;
  busName: string;
  now?: () => Date;
  timeLeftMs?: () => number;
  sendRawMail?: SendRawMail;
  putEvents?: PutEvents;
  /** @default SYNC_ANNUAL_MAX_SCHOOLS */
  syncMaxSchools?: number;
}

/**
 * POST /v1/annual-reports/{period}: produces the summary now (`{"send": true}` mails it again).
 * 200 with the header and the send state; 202 when the district is too large to produce within
 * the request (it is handed to produce-annual-report through the bus, as the schedule does).
 */
export async function requestAnnualReport(principal: Official | Admin, periodParam: string | undefined, body: unknown, locale: Locale, deps: AnnualRequestDeps): Promise<ApiResult> {
  const now = deps.now ?? (() => new Date());
  const period = parseReportPeriod(periodParam, locale);
  const request = parseOrThrow(reportRequestBodySchema, body === undefined ? {} : body, locale);
  let districtId: string;
  if (principal.role === 'official') {
    if (request.districtId !== undefined && request.districtId !== principal.districtId) throw new AppError('NOT_FOUND');
    districtId = principal.districtId;
  } else {
    if (request.districtId === undefined) {
      throw new AppError('VALIDATION_FAILED', [{ field: 'districtId', reason: localize({ zh: '管理员须指明区县（districtId）', en: 'An admin must name the district (districtId)' }, locale) }]);
    }
    districtId = request.districtId;
  }
  const district = await getDistrict(districtId);
  if (!district) throw new AppError('NOT_FOUND');
  requireEndedPeriod(period, district.timezone, now());
  const send = request.send === true;
  const requestedBy = `api:${principal.tokenId}`;
  const schools = await querySchools(districtId);
  if (schools.length > (deps.syncMaxSchools ?? SYNC_ANNUAL_MAX_SCHOOLS)) {
    const previous = await getStoredReport(districtId, period.id);
    await putAnnualReportRequests([{ districtId, period: period.id, send: send ? 'again' : 'none', requestedBy }], { busName: deps.busName, ...(deps.putEvents ? { putEvents: deps.putEvents } : {}) });
    return { status: 202, body: { districtId, period: period.id, status: 'accepted', send, href: `/v1/annual-reports/${period.id}`, ...(previous ? { previous: annualHeaderView(previous) } : {}) } };
  }
  const outcome = await produceAnnualReport(
    { districtId, period: period.id, send: send ? 'again' : 'none', requestedBy },
    {
      bucket: deps.bucket,
      senderAddress: deps.senderAddress,
      now,
      ...(deps.sendRawMail ? { sendRawMail: deps.sendRawMail } : {}),
      ...(deps.timeLeftMs ? { timeLeftMs: deps.timeLeftMs, minTimeToSendMs: MIN_TIME_TO_SEND_IN_REQUEST_MS } : {}),
    },
  );
  return { status: 200, body: { ...annualHeaderView(outcome.stored), written: outcome.written, mail: sendStateView(await reportMail(districtId, period.id)) } };
}
