import { z } from 'zod';
import type { Principal } from '../../auth/principal';
import { getDistrict } from '../../directory/districts';
import { querySchools } from '../../directory/schools';
import { AppError } from '../../errors';
import type { PutEvents } from '../../events/publish';
import type { ApiResult } from '../../http/api-handler';
import { MAX_DISTRICT_ID_CHARS } from '../../http/limits';
import type { Locale } from '../../i18n';
import { localize } from '../../i18n';
import { presignPhotoDownload } from '../../photos/s3';
import { parseOrThrow } from '../../validation';
import { workbookFilename } from '../render/email';
import type { DistrictReport } from '../types';
import { monthHasEnded, parseReportMonth, requireEndedMonth } from './month';
import { reportMail } from './outbox';
import { produceReport, type ProduceOutcome } from './produce';
import { putReportRequests } from './requests';
import type { SendRawMail } from './send';
import { getStoredReport, readReportJson, readReportWorkbook, XLSX_CONTENT_TYPE, type StoredReport } from './store';
import { reportHeaderView, sendStateView, type ReportHeaderView, type SendStateView } from './views';

/*
 * The cores of the report routes (functions/get-report, get-report-workbook, request-report).
 * An official sees their own district's reports only: the district comes from the token, so
 * another district's month is simply not found. An admin asks for a district by name.
 */

type Official = Extract<Principal, { role: 'official' }>;
type Admin = Extract<Principal, { role: 'admin' }>;

/** What GET /v1/reports/{month} returns: the stored report with its header and its mail. */
export interface ReportResponse extends ReportHeaderView {
  mail: SendStateView;
  report: DistrictReport;
}

/** What POST /v1/reports/{month} returns when it produced the report now. */
export interface ProducedResponse extends ReportHeaderView {
  /** Whether this request wrote new figures (false: the stored report was the same). */
  written: boolean;
  mail: SendStateView;
}

/** What POST /v1/reports/{month} returns when the district is too large to produce within the request. */
export interface AcceptedResponse {
  districtId: string;
  month: string;
  status: 'accepted';
  send: boolean;
  /** Where the report will be (GET it until its producedAt is after this request). */
  href: string;
  /** The report stored before this request, if any. */
  previous?: ReportHeaderView;
}

/** The stored report of a district's month; REPORT_MONTH_NOT_ENDED or REPORT_NOT_FOUND when there is none. */
async function requireStoredReport(districtId: string, month: string, now: Date): Promise<StoredReport> {
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
export async function getReport(principal: Official, monthParam: string | undefined, locale: Locale, deps: ReadDeps): Promise<ReportResponse> {
  const month = parseReportMonth(monthParam, locale);
  const stored = await requireStoredReport(principal.districtId, month, (deps.now ?? (() => new Date()))());
  const [report, mail] = await Promise.all([readReportJson(deps.bucket, stored), reportMail(stored.districtId, month)]);
  return { ...reportHeaderView(stored), mail: sendStateView(mail), report };
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
  return workbookFilename({ district: { name: districtName }, month } as Pick<DistrictReport, 'district' | 'month'> as DistrictReport, locale);
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string, fallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** GET /v1/reports/{month}/workbook: the XLSX of the official's district's report. */
export async function getReportWorkbook(principal: Official, monthParam: string | undefined, locale: Locale, deps: ReadDeps): Promise<ApiResult> {
  const now = (deps.now ?? (() => new Date()))();
  const month = parseReportMonth(monthParam, locale);
  const stored = await requireStoredReport(principal.districtId, month, now);
  if (stored.workbookBytes > MAX_INLINE_WORKBOOK_BYTES) {
    const url = await presignPhotoDownload(deps.bucket, stored.workbookKey, now, WORKBOOK_LINK_SECONDS);
    return { status: 302, body: null, headers: { location: url } };
  }
  const [district, workbook] = await Promise.all([getDistrict(stored.districtId), readReportWorkbook(deps.bucket, stored)]);
  const fallback = `houqin-report-${stored.districtId}-${month}.xlsx`;
  return {
    status: 200,
    body: null,
    binary: { data: workbook, contentType: XLSX_CONTENT_TYPE },
    headers: { 'content-disposition': attachmentDisposition(workbookFileName(district?.name ?? stored.districtId, month, locale), fallback), etag: `"${stored.contentHash}"` },
  };
}

/** POST /v1/reports/{month}'s body. */
export const reportRequestBodySchema = z
  .object({
    /** Mail the report (again) to the district's officials. */
    send: z.boolean().optional(),
    /** The district (an admin must name it; an official may name only their own). */
    districtId: z.string().min(1).max(MAX_DISTRICT_ID_CHARS).optional(),
  })
  .strict();

/** Districts up to this many schools are produced within the request; larger ones are queued (202). */
export const SYNC_PRODUCE_MAX_SCHOOLS = 150;

export interface RequestDeps {
  bucket: string;
  senderAddress: string;
  busName: string;
  /** See MailDeps.publicApiUrl. */
  publicApiUrl?: string;
  now?: () => Date;
  timeLeftMs?: () => number;
  sendRawMail?: SendRawMail;
  putEvents?: PutEvents;
  /** @default SYNC_PRODUCE_MAX_SCHOOLS */
  syncMaxSchools?: number;
}

/** Within a request, a send starts only with this much of the API's time left; later ones go with the retry schedule. */
export const MIN_TIME_TO_SEND_IN_REQUEST_MS = 6_000;

function producedResponse(outcome: ProduceOutcome, mail: SendStateView): ProducedResponse {
  return { ...reportHeaderView(outcome.stored), written: outcome.written, mail };
}

/**
 * POST /v1/reports/{month}: produces the report now (and with `send: true` mails it again). A
 * district of up to SYNC_PRODUCE_MAX_SCHOOLS schools is produced within the request (200 with
 * the header and the send state); a larger one is handed to produce-report through the bus
 * (202), as the schedule does.
 */
export async function requestReport(principal: Official | Admin, monthParam: string | undefined, body: unknown, locale: Locale, deps: RequestDeps): Promise<ApiResult> {
  const now = deps.now ?? (() => new Date());
  const month = parseReportMonth(monthParam, locale);
  // No body is `{}`; a body that is JSON null (or any non-object) is refused like any other bad body.
  const request = parseOrThrow(reportRequestBodySchema, body === undefined ? {} : body, locale);
  let districtId: string;
  if (principal.role === 'official') {
    if (request.districtId !== undefined && request.districtId !== principal.districtId) throw new AppError('NOT_FOUND');
    districtId = principal.districtId;
  } else {
    if (request.districtId === undefined) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'districtId', reason: localize({ zh: '管理员须指明区县（districtId）', en: 'An admin must name the district (districtId)' }, locale) },
      ]);
    }
    districtId = request.districtId;
  }
  const district = await getDistrict(districtId);
  if (!district) throw new AppError('NOT_FOUND');
  requireEndedMonth(month, district.timezone, now());
  const send = request.send === true;
  const requestedBy = `api:${principal.tokenId}`;

  const schools = await querySchools(districtId);
  if (schools.length > (deps.syncMaxSchools ?? SYNC_PRODUCE_MAX_SCHOOLS)) {
    const previous = await getStoredReport(districtId, month);
    await putReportRequests([{ districtId, month, send: send ? 'again' : 'none', requestedBy }], {
      busName: deps.busName,
      ...(deps.putEvents ? { putEvents: deps.putEvents } : {}),
    });
    const accepted: AcceptedResponse = { districtId, month, status: 'accepted', send, href: `/v1/reports/${month}`, ...(previous ? { previous: reportHeaderView(previous) } : {}) };
    return { status: 202, body: accepted };
  }
  const outcome = await produceReport(
    { districtId, month, send: send ? 'again' : 'none', requestedBy },
    {
      bucket: deps.bucket,
      senderAddress: deps.senderAddress,
      now,
      ...(deps.publicApiUrl ? { publicApiUrl: deps.publicApiUrl } : {}),
      ...(deps.sendRawMail ? { sendRawMail: deps.sendRawMail } : {}),
      ...(deps.timeLeftMs ? { timeLeftMs: deps.timeLeftMs, minTimeToSendMs: MIN_TIME_TO_SEND_IN_REQUEST_MS } : {}),
    },
  );
  return { status: 200, body: producedResponse(outcome, sendStateView(await reportMail(districtId, month))) };
}
