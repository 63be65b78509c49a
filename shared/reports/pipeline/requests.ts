import {
  commandPutter,
  CommandsNotPutError,
  REPORT_REQUESTED,
  type RefusedCommand,
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
export class ReportRequestsNotPutError extends CommandsNotPutError<ReportRequestedDetail> {
  constructor(failed: RefusedCommand<ReportRequestedDetail>[]) {
    super('ReportRequestsNotPutError', REPORT_REQUESTED, failed, 'month');
  }
}

/** Puts one ReportRequested event per detail on the bus, 10 per call; throws when any is refused. */
export const putReportRequests = commandPutter(REPORT_REQUESTED, ReportRequestsNotPutError);
