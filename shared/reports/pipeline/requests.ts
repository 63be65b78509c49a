import * as z from 'zod';
import { putCommands, type PutCommandsOptions } from '../../events/commands';
import { isMonth } from '../../time';

/*
 * `ReportRequested`: "produce this district's report of this month (and mail it)". A command on
 * the bus rather than a domain event (nothing was written yet): the monthly dispatcher puts one
 * per district, so a province is many small independent runs of produce-report, each retried
 * and dead-lettered on its own; POST /v1/reports/{month} puts one for a district too large to
 * produce within the API's time.
 */

export const REPORT_REQUESTED = 'ReportRequested';

/** What is mailed when the report is produced. */
export const SEND_MODES = ['none', 'once', 'again'] as const;
export type SendMode = (typeof SEND_MODES)[number];

export const reportRequestedSchema = z.object({
  districtId: z.string().min(1),
  month: z.string().refine(isMonth),
  /**
   * none: store only; once: the month's scheduled mail, sent once however often the month is
   * produced; again: a new mailing, whatever was sent before (an explicit request).
   */
  send: z.enum(SEND_MODES),
  /** schedule, api:<tokenId> or cli. */
  requestedBy: z.string().min(1),
});

export type ReportRequestedDetail = z.infer<typeof reportRequestedSchema>;

/** Some requests could not be put on the bus: the caller fails, so its run is retried. */
export class ReportRequestsNotPutError extends Error {
  constructor(readonly failed: { detail: ReportRequestedDetail; errorCode: string }[]) {
    super(
      `${failed.length} ReportRequested events were refused: ${failed.map((f) => `${f.detail.districtId} ${f.detail.month} (${f.errorCode})`).join(', ')}`,
    );
    this.name = 'ReportRequestsNotPutError';
  }
}

/** Puts one ReportRequested event per detail on the bus, 10 per call; throws when any is refused. */
export async function putReportRequests(
  details: readonly ReportRequestedDetail[],
  options: PutCommandsOptions,
): Promise<void> {
  const failed = await putCommands(REPORT_REQUESTED, details, options);
  if (failed.length > 0) throw new ReportRequestsNotPutError(failed);
}
