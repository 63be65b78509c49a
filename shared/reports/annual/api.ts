import type { Principal } from '../../auth/principal';
import { querySchools } from '../../directory/schools';
import type { PutEvents } from '../../events/publish';
import type { Outcome } from '../../http/api-handler';
import type { Locale } from '../../i18n';
import { MIN_TIME_TO_SEND_IN_REQUEST_MS, requestedDistrict, type ReportRequestBody } from '../pipeline/api';
import { reportMail } from '../pipeline/outbox';
import type { SendRawMail } from '../pipeline/send';
import { getStoredReport } from '../pipeline/store';
import { sendStateView } from '../pipeline/views';
import { requireEndedPeriod, type ReportPeriod } from './period';
import { produceAnnualReport } from './produce';
import { annualHeaderView } from './read-api';
import { putAnnualReportRequests } from './requests';

/*
 * The core of the year-end summary's request route (functions/request-annual-report), following
 * the monthly report's (pipeline/api.ts; the read routes are in read-api.ts): an official asks
 * for their own district's summary (the district comes from the token); an admin may produce one
 * by naming the district. A summary is made only of a period that has ended in the district's time.
 */

type Official = Extract<Principal, { role: 'official' }>;
type Admin = Extract<Principal, { role: 'admin' }>;

/** Districts up to this many schools are produced within the request (twelve months' rollups fit the API's 29 s); larger ones are queued (accepted). */
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
 * `produced` with the header and the send state; `accepted` when the district is too large to
 * produce within the request (it is handed to produce-annual-report through the bus, as the
 * schedule does). The route answers them 200 and 202.
 */
export async function requestAnnualReport(
  principal: Official | Admin,
  period: ReportPeriod,
  body: ReportRequestBody,
  locale: Locale,
  deps: AnnualRequestDeps,
): Promise<Outcome> {
  const now = deps.now ?? (() => new Date());
  const { district, send, requestedBy } = await requestedDistrict(principal, body, locale);
  const { districtId } = district;
  requireEndedPeriod(period, district.timezone, now());
  const schools = await querySchools(districtId);
  if (schools.length > (deps.syncMaxSchools ?? SYNC_ANNUAL_MAX_SCHOOLS)) {
    const previous = await getStoredReport(districtId, period.id);
    await putAnnualReportRequests([{ districtId, period: period.id, send: send ? 'again' : 'none', requestedBy }], {
      busName: deps.busName,
      ...(deps.putEvents ? { putEvents: deps.putEvents } : {}),
    });
    return {
      kind: 'accepted',
      body: {
        districtId,
        period: period.id,
        status: 'accepted',
        send,
        href: `/v1/annual-reports/${period.id}`,
        ...(previous ? { previous: annualHeaderView(previous) } : {}),
      },
    };
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
  return {
    kind: 'produced',
    body: {
      ...annualHeaderView(outcome.stored),
      written: outcome.written,
      mail: sendStateView(await reportMail(districtId, period.id), locale),
    },
  };
}
