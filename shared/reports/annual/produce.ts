import { performance } from 'node:perf_hooks';
import { getDistrict } from '../../directory/districts';
import { AppError } from '../../errors';
import { loadReportMonths, type Reads } from '../load';
import type { DeliveryCreation } from '../pipeline/outbox';
import { loadMonthPhotos, mailProducedReport, type ProduceDeps } from '../pipeline/produce';
import type { MailOutcome } from '../pipeline/send';
import { storeUnlessUnchanged, type StoredReport } from '../pipeline/store';
import { rollUpDistrictPeriod } from './compose';
import { parsePeriod } from './period';
import { renderAnnualCharts } from './render/charts';
import { renderAnnualDocument } from './render/document';
import { renderAnnualWorkbook } from './render/workbook';
import type { AnnualReportRequest } from './requests';
import { annualContentHash, storeAnnualReport } from './store';

/*
 * One district's year-end summary, end to end, as produceReport does a month
 * (pipeline/produce.ts): load the period once (Query only) → twelve monthly rollups and their
 * composition (pure) → if the figures differ from what is stored, render the charts, the Word
 * document and the workbook and store them → the mail through the report outbox (delivery 1 is
 * the scheduled one, sent once; "send again" adds a delivery). Idempotent.
 */

/** Milliseconds each step took. */
export interface AnnualTimings {
  loadMs: number;
  rollupMs: number;
  renderMs: number;
  storeMs: number;
  mailMs: number;
  totalMs: number;
}

export interface AnnualOutcome {
  districtId: string;
  period: string;
  stored: StoredReport;
  written: boolean;
  delivery?: DeliveryCreation;
  mail: MailOutcome[];
  reads: Reads;
  timings: AnnualTimings;
}

const since = (start: number) => Math.round(performance.now() - start);

/**
 * Produces (and, as `request.send` says, mails) one district's summary of `request.period`.
 * NOT_FOUND when the district does not exist. A failure to produce or store throws (the
 * invocation is retried); a failed send is recorded in the outbox, which retries it.
 */
export async function produceAnnualReport(request: AnnualReportRequest, deps: ProduceDeps): Promise<AnnualOutcome> {
  const now = deps.now ?? (() => new Date());
  const started = performance.now();
  const period = parsePeriod(request.period);
  if (!period) throw new AppError('VALIDATION_FAILED', [{ field: 'period', value: request.period }]);
  const mailing = request.send !== 'none';
  if (mailing && !deps.senderAddress) throw new Error('Mailing a report needs the sender address (SENDER_ADDRESS)');

  const [district, loaded] = await Promise.all([
    getDistrict(request.districtId),
    loadReportMonths(request.districtId, period.months, { now: now(), loadPhotos: deps.loadPhotos ?? loadMonthPhotos }),
  ]);
  if (!district) throw new AppError('NOT_FOUND');
  const loadMs = since(started);

  let step = performance.now();
  const { report: produced } = rollUpDistrictPeriod({
    district: loaded.district,
    schools: loaded.schools,
    period,
    months: loaded.months,
    hazards: loaded.hazards,
    now: loaded.now,
  });
  const contentHash = annualContentHash(produced);
  const rollupMs = since(step);

  let renderMs = 0;
  let storeStarted: number | undefined;
  const { stored, written } = await storeUnlessUnchanged(
    request.districtId,
    period.id,
    contentHash,
    async (previous) => {
      step = performance.now();
      const locale = produced.district.locale;
      const charts = await renderAnnualCharts(produced, locale);
      const [document, workbook] = await Promise.all([
        renderAnnualDocument(produced, locale, charts),
        renderAnnualWorkbook(produced, locale),
      ]);
      renderMs = since(step);
      storeStarted = performance.now();
      return storeAnnualReport(produced, contentHash, {
        bucket: deps.bucket,
        workbook,
        document,
        producedBy: request.requestedBy,
        previous,
      });
    },
  );
  const storeMs = storeStarted === undefined ? 0 : since(storeStarted);

  step = performance.now();
  const mailed = mailing
    ? await mailProducedReport(stored, district.officialEmails, request, { ...deps, now })
    : { stored, mail: [] };
  const mailMs = mailing ? since(step) : 0;
  return {
    districtId: request.districtId,
    period: period.id,
    written,
    ...mailed,
    reads: loaded.reads,
    timings: { loadMs, rollupMs, renderMs, storeMs, mailMs, totalMs: since(started) },
  };
}
