import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
import { isPeriodId } from '../reports/annual/period';
import { isCalendarDate, isMonth } from '../time';
import { DOMAIN_EVENT_SOURCE } from './domain-events';
import { putEventsWithSdk, toPutBatches, type PutEvents } from './publish';

/*
 * Commands on the bus ("produce this district's report", "sweep this district's hazards"): what
 * a scheduled dispatcher puts, one per district, so that a province is many small runs of the
 * consumer, each retried and dead-lettered on its own. Unlike domain events (derived from the
 * table's stream) they are put directly, 10 to a PutEvents call (toPutBatches).
 */

/*
 * One schema per command's detail: its putter (putReportRequests, putAnnualReportRequests,
 * putSweepRequests) takes details of its type, and its consumer (produce-report,
 * produce-annual-report, sweep-overdue-hazards) parses its event with it (busEvent).
 */

/** "Produce this district's report of this month (and mail it)": the monthly dispatcher, the API (too large to produce in the request) and the CLI. */
export const REPORT_REQUESTED = 'ReportRequested';

/** What is mailed when a report is produced. */
export const SEND_MODES = ['none', 'once', 'again'] as const;
export type SendMode = (typeof SEND_MODES)[number];

/** What every command names: the district, and who asked (schedule, api:<tokenId> or cli). */
const commandFields = { districtId: z.string().min(1), requestedBy: z.string().min(1) };

/**
 * What a report request mails. none: store only; once: the scheduled mail, sent once however
 * often the month (or period) is produced; again: a new mailing, whatever was sent before (an
 * explicit request).
 */
const send = z.enum(SEND_MODES);

export const reportRequestedSchema = z.object({ ...commandFields, month: z.string().refine(isMonth), send });
export type ReportRequestedDetail = z.infer<typeof reportRequestedSchema>;

/** What produces a year-end summary: the dispatcher, the API and the CLI ask for it. */
export const ANNUAL_REPORT_REQUESTED = 'AnnualReportRequested';

export const annualReportRequestedSchema = z.object({ ...commandFields, period: z.string().refine(isPeriodId), send });
export type AnnualReportRequest = z.infer<typeof annualReportRequestedSchema>;

/** "Sweep this district's overdue hazards for this date": the hourly dispatcher and the CLI. */
export const OVERDUE_SWEEP_REQUESTED = 'OverdueSweepRequested';

export const overdueSweepRequestedSchema = z.object({
  ...commandFields,
  /** The district-local date the sweep is for (YYYY-MM-DD): hazards due before it are overdue. */
  date: z.string().refine(isCalendarDate, { message: 'date must be a calendar date written YYYY-MM-DD' }),
});
export type OverdueSweepRequest = z.infer<typeof overdueSweepRequestedSchema>;

/** Where the bus is and how to put on it. */
export interface PutCommandsOptions {
  busName: string;
  putEvents?: PutEvents;
}

/** A command the bus refused, with EventBridge's error code. */
export interface RefusedCommand<D> {
  detail: D;
  errorCode: string;
}

/**
 * Some commands could not be put on the bus: the caller fails, so its run is retried. Each
 * command's putter throws its own subclass, named for it; a refused command is told by its
 * district and its `which` (the month, the period, the date).
 */
export class CommandsNotPutError<D extends { districtId: string }> extends Error {
  constructor(
    name: string,
    detailType: string,
    readonly failed: RefusedCommand<D>[],
    which: keyof D & string,
  ) {
    const refused = failed.map((f) => `${f.detail.districtId} ${String(f.detail[which])} (${f.errorCode})`).join(', ');
    super(`${failed.length} ${detailType} events were refused: ${refused}`);
    this.name = name;
  }
}

/**
 * The putter of one command: it puts one `detailType` command per detail (`putCommands`) and
 * throws a `NotPut` of the refused ones when the bus refused any.
 */
export function commandPutter<D extends { districtId: string }>(
  detailType: string,
  NotPut: new (failed: RefusedCommand<D>[]) => CommandsNotPutError<D>,
): (details: readonly D[], options: PutCommandsOptions) => Promise<void> {
  return async (details, options) => {
    const failed = await putCommands(detailType, details, options);
    if (failed.length > 0) throw new NotPut(failed);
  };
}

/**
 * Puts one `detailType` command per detail on the bus (source `houqin`), in order, at most 10 per
 * call; returns those the bus refused (empty when every one was put). The caller decides what a
 * refusal means (a dispatcher fails its run, so it is retried).
 */
export async function putCommands<D>(
  detailType: string,
  details: readonly D[],
  options: PutCommandsOptions,
): Promise<RefusedCommand<D>[]> {
  const putEvents = options.putEvents ?? putEventsWithSdk;
  const items = details.map((detail) => ({
    detail,
    entry: {
      EventBusName: options.busName,
      Source: DOMAIN_EVENT_SOURCE,
      DetailType: detailType,
      Detail: JSON.stringify(detail),
    } satisfies PutEventsRequestEntry,
  }));
  const refused: RefusedCommand<D>[] = [];
  for (const batch of toPutBatches(items)) {
    const results = await putEvents(batch.map((item) => item.entry));
    batch.forEach((item, index) => {
      const result = results[index];
      if (!result || result.ErrorCode || !result.EventId)
        refused.push({ detail: item.detail, errorCode: result?.ErrorCode ?? 'NoResult' });
    });
  }
  return refused;
}
