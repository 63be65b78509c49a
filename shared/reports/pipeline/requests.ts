import {
  putCommands,
  REPORT_REQUESTED,
  type PutCommandsOptions,
  type ReportRequestedDetail,
} from '../../events/commands';

/*
 * `ReportRequested`: "produce this district's report of this month (and mail it)". A command on
 * the bus rather than a domain event (nothing was written yet): the monthly dispatcher puts one
 * per district, so a province is many small independent runs of produce-report, each retried
 * and dead-lettered on its own; POST /v1/reports/{month} puts one for a district too large to
 * produce within the API's time.
 */

// Its schema and detail type are in shared/events/commands.ts (reportRequestedSchema).
export type { ReportRequestedDetail, SendMode } from '../../events/commands';

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
