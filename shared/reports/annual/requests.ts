import {
  ANNUAL_REPORT_REQUESTED,
  commandPutter,
  CommandsNotPutError,
  type AnnualReportRequest,
  type RefusedCommand,
} from '../../events/commands';

/*
 * The command that asks for a year-end summary, apart from produce.ts so that what only asks
 * (the dispatcher, the API's 202 path) does not bundle the renderers.
 */

// Its schema and detail type are in shared/events/commands.ts (annualReportRequestedSchema).
export type { AnnualReportRequest } from '../../events/commands';

/** Some requests could not be put on the bus: the caller fails, so its run is retried. */
export class AnnualRequestsNotPutError extends CommandsNotPutError<AnnualReportRequest> {
  constructor(failed: RefusedCommand<AnnualReportRequest>[]) {
    super('AnnualRequestsNotPutError', ANNUAL_REPORT_REQUESTED, failed, 'period');
  }
}

/** Puts one AnnualReportRequested per request on the bus, 10 per call; throws when any is refused. */
export const putAnnualReportRequests = commandPutter(ANNUAL_REPORT_REQUESTED, AnnualRequestsNotPutError);
