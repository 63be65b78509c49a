import { performance } from 'node:perf_hooks';
import { getDistrict } from '../../directory/districts';
import { AppError } from '../../errors';
import { photosOfDistrictMonth } from '../../photos/records';
import { reportPhoto } from '../../photos/views';
import { loadReportInput, type ReportLoadDeps, type Reads } from '../load';
import { renderReportWorkbook } from '../render/workbook';
import { rollUpDistrictMonth } from '../rollup';
import { createDelivery, reportMail, type DeliveryCreation } from './outbox';
import type { SendMode } from './requests';
import {
  sendDueMailOfReport,
  rawMailSender,
  type MailDeps,
  type MailOutcome,
  type PreloadedReport,
  type SendRawMail,
} from './send';
import { reportContentHash, storeReport, storeUnlessUnchanged, type StoredReport } from './store';

/*
 * One district's month, end to end: load (Query only) → roll up (pure) → if the figures differ
 * from what is stored, render the workbook and store JSON + XLSX + index → the mail, through the
 * outbox. Idempotent: the same data gives the same hash, and nothing is written again; the
 * scheduled mail (send 'once') is delivery 1 and is created once per month whatever runs.
 */

export interface ProduceRequest {
  districtId: string;
  month: string;
  send: SendMode;
  /** schedule, api:<tokenId> or cli. */
  requestedBy: string;
}

export interface ProduceDeps {
  bucket: string;
  /** Needed when the request mails (send once or again). */
  senderAddress?: string;
  sendRawMail?: SendRawMail;
  /** See MailDeps.publicApiUrl. */
  publicApiUrl?: string;
  now?: () => Date;
  /** The photos of the month (see load.ts). @default the photo store's query of the district's month */
  loadPhotos?: ReportLoadDeps['loadPhotos'];
  timeLeftMs?: () => number;
  minTimeToSendMs?: number;
  policy?: MailDeps['policy'];
}

/** Milliseconds each step took. */
export interface ProduceTimings {
  loadMs: number;
  rollupMs: number;
  /** Rendering and storing the workbook and JSON (0 when the stored report was the same). */
  storeMs: number;
  /** Creating the delivery and sending (charts and e-mail rendering included). */
  mailMs: number;
  totalMs: number;
}

export interface ProduceOutcome {
  districtId: string;
  month: string;
  stored: StoredReport;
  /** True when this run wrote the report (new figures); false when the stored one was the same. */
  written: boolean;
  /** The delivery this run created or found (undefined when it did not mail). */
  delivery?: DeliveryCreation;
  /** The mail this run attempted. */
  mail: MailOutcome[];
  reads: Reads;
  timings: ProduceTimings;
}

const since = (start: number) => Math.round(performance.now() - start);

/** The photo store's photos of the district's month (by evidence date), as the rollup reads them. */
export const loadMonthPhotos: NonNullable<ReportLoadDeps['loadPhotos']> = async ({ districtId, span }) =>
  (await photosOfDistrictMonth(districtId, span.month)).map(reportPhoto);

/** What mailing a produced report came to: the index item (with the delivery counted), the delivery, the mail. */
export interface MailedReport {
  stored: StoredReport;
  delivery?: DeliveryCreation;
  mail: MailOutcome[];
}

/**
 * Mails a produced report (a month's, or a year-end summary) as `request.send` says: creates the
 * delivery ('once': the scheduled one, created once; 'again': a new one), then sends every mail
 * of the report that is due: this delivery's, and any an earlier run left.
 */
export async function mailProducedReport(
  stored: StoredReport,
  officialEmails: readonly string[],
  request: { send: SendMode; requestedBy: string },
  deps: ProduceDeps & { now: () => Date },
  preloaded?: PreloadedReport,
): Promise<MailedReport> {
  const delivery = await createDelivery(stored, officialEmails, {
    mode: request.send as 'once' | 'again',
    requestedBy: request.requestedBy,
    now: deps.now(),
  });
  const current = delivery.status === 'created' ? { ...stored, deliveries: delivery.delivery } : stored;
  const mail = await sendDueMailOfReport(
    current,
    await reportMail(stored.districtId, stored.month),
    {
      bucket: deps.bucket,
      senderAddress: deps.senderAddress!,
      sendRawMail: deps.sendRawMail ?? rawMailSender(),
      now: deps.now,
      ...(deps.publicApiUrl ? { publicApiUrl: deps.publicApiUrl } : {}),
      ...(deps.timeLeftMs ? { timeLeftMs: deps.timeLeftMs } : {}),
      ...(deps.minTimeToSendMs !== undefined ? { minTimeToSendMs: deps.minTimeToSendMs } : {}),
      ...(deps.policy ? { policy: deps.policy } : {}),
    },
    preloaded,
  );
  return { stored: current, delivery, mail };
}

/**
 * Produces (and, as `request.send` says, mails) one district's report of `month`. NOT_FOUND
 * when the district does not exist. Any other failure throws, so the invocation is retried; a
 * failed send does not throw: it is recorded in the outbox, which retries it.
 */
export async function produceReport(request: ProduceRequest, deps: ProduceDeps): Promise<ProduceOutcome> {
  const now = deps.now ?? (() => new Date());
  const started = performance.now();
  const mailing = request.send !== 'none';
  if (mailing && !deps.senderAddress) throw new Error('Mailing a report needs the sender address (SENDER_ADDRESS)');

  const [district, loaded] = await Promise.all([
    getDistrict(request.districtId),
    loadReportInput(request.districtId, request.month, { now: now(), loadPhotos: deps.loadPhotos ?? loadMonthPhotos }),
  ]);
  if (!district) throw new AppError('NOT_FOUND');
  const loadMs = since(started);

  let step = performance.now();
  const produced = rollUpDistrictMonth(loaded.input);
  const contentHash = reportContentHash(produced);
  const rollupMs = since(step);

  step = performance.now();
  let workbook: Buffer | undefined;
  const { stored, written } = await storeUnlessUnchanged(
    request.districtId,
    request.month,
    contentHash,
    async (previous) => {
      workbook = await renderReportWorkbook(produced, produced.district.locale);
      return storeReport(produced, contentHash, {
        bucket: deps.bucket,
        workbook,
        producedBy: request.requestedBy,
        previous,
      });
    },
  );
  // A concurrent run stored these very figures: the mail reads its workbook, not this run's.
  if (!written) workbook = undefined;
  const storeMs = written ? since(step) : 0;
  // What the mail carries is exactly what is stored: the same figures, the stored producedAt.
  const report = { ...produced, producedAt: stored.producedAt };

  step = performance.now();
  const mailed = mailing
    ? await mailProducedReport(
        stored,
        district.officialEmails,
        request,
        { ...deps, now },
        {
          report,
          ...(workbook ? { workbook } : {}),
        },
      )
    : { stored, mail: [] };
  const mailMs = mailing ? since(step) : 0;
  return {
    districtId: request.districtId,
    month: request.month,
    written,
    ...mailed,
    reads: loaded.reads,
    timings: { loadMs, rollupMs, storeMs, mailMs, totalMs: since(started) },
  };
}
