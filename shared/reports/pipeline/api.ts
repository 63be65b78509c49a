import * as z from 'zod';
import type { Principal } from '../../auth/principal';
import { getDistrict, type DistrictWithSettings } from '../../directory/districts';
import { querySchools } from '../../directory/schools';
import { AppError } from '../../errors';
import type { PutEvents } from '../../events/publish';
import type { Outcome } from '../../http/api-handler';
import { MAX_DISTRICT_ID_CHARS } from '../../http/limits';
import type { Locale } from '../../i18n';
import { localize } from '../../i18n';
import { requireEndedMonth } from './month';
import { reportMail } from './outbox';
import { produceReport, type ProduceOutcome } from './produce';
import { putReportRequests } from './requests';
import type { SendRawMail } from './send';
import { getStoredReport } from './store';
import { reportHeaderView, sendStateView, type ReportHeaderView, type SendStateView } from './views';
import { canonicalId } from '../../ids';

/*
 * The core of the report request route (functions/request-report); the read routes are in
 * read-api.ts. An official asks for their own district only: the district comes from the
 * token, so another district's month is simply not found. An admin names the district.
 */

type Official = Extract<Principal, { role: 'official' }>;
type Admin = Extract<Principal, { role: 'admin' }>;

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

/** POST /v1/reports/{month}'s body. */
export const reportRequestBodySchema = z
  .object({
    /** Mail the report (again) to the district's officials. */
    send: z.boolean().optional(),
    /** The district (an admin must name it; an official may name only their own). */
    districtId: z.string().min(1).max(MAX_DISTRICT_ID_CHARS).overwrite(canonicalId).optional(),
  })
  .strict();
export type ReportRequestBody = z.infer<typeof reportRequestBodySchema>;

/** Districts up to this many schools are produced within the request; larger ones are queued (accepted). */
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
 * The district a report request is for, and whether it mails: an official's own (naming another
 * is simply not found), an admin's named one. NOT_FOUND when it does not exist. Shared by the
 * month's request and the year-end summary's (annual/api.ts).
 */
export async function requestedDistrict(
  principal: Official | Admin,
  request: ReportRequestBody,
  locale: Locale,
): Promise<{ district: DistrictWithSettings; send: boolean; requestedBy: string }> {
  let districtId: string;
  if (principal.role === 'official') {
    if (request.districtId !== undefined && request.districtId !== principal.districtId)
      throw new AppError('NOT_FOUND');
    districtId = principal.districtId;
  } else {
    if (request.districtId === undefined) {
      throw new AppError('VALIDATION_FAILED', [
        {
          field: 'districtId',
          reason: localize(
            { zh: '管理员须指明区县（districtId）', en: 'An admin must name the district (districtId)' },
            locale,
          ),
        },
      ]);
    }
    districtId = request.districtId;
  }
  const district = await getDistrict(districtId);
  if (!district) throw new AppError('NOT_FOUND');
  return { district, send: request.send === true, requestedBy: `api:${principal.tokenId}` };
}

/**
 * POST /v1/reports/{month}: produces the report now (and with `send: true` mails it again). A
 * district of up to SYNC_PRODUCE_MAX_SCHOOLS schools is produced within the request (`produced`,
 * with the header and the send state); a larger one is handed to produce-report through the bus
 * (`accepted`), as the schedule does. The route answers them 200 and 202.
 */
export async function requestReport(
  principal: Official | Admin,
  month: string,
  body: ReportRequestBody,
  locale: Locale,
  deps: RequestDeps,
): Promise<Outcome> {
  const now = deps.now ?? (() => new Date());
  const { district, send, requestedBy } = await requestedDistrict(principal, body, locale);
  const { districtId } = district;
  requireEndedMonth(month, district.timezone, now());

  const schools = await querySchools(districtId);
  if (schools.length > (deps.syncMaxSchools ?? SYNC_PRODUCE_MAX_SCHOOLS)) {
    const previous = await getStoredReport(districtId, month);
    await putReportRequests([{ districtId, month, send: send ? 'again' : 'none', requestedBy }], {
      busName: deps.busName,
      ...(deps.putEvents ? { putEvents: deps.putEvents } : {}),
    });
    const accepted: AcceptedResponse = {
      districtId,
      month,
      status: 'accepted',
      send,
      href: `/v1/reports/${month}`,
      ...(previous ? { previous: reportHeaderView(previous) } : {}),
    };
    return { kind: 'accepted', body: accepted };
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
  return {
    kind: 'produced',
    body: producedResponse(outcome, sendStateView(await reportMail(districtId, month), locale)),
  };
}
