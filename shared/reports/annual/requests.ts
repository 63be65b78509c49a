import {
  ANNUAL_REPORT_REQUESTED,
  putCommands,
  type AnnualReportRequest,
  type PutCommandsOptions,
} from '../../events/commands';

/*
 * The command that asks for a year-end summary, apart from produce.ts so that what only asks
 * (the dispatcher, the API's 202 path) does not bundle the renderers.
 */

// Its schema and detail type are in shared/events/commands.ts (annualReportRequestedSchema).
export type { AnnualReportRequest } from '../../events/commands';

/** Some requests could not be put on the bus: the caller fails, so its run is retried. */
export class AnnualRequestsNotPutError extends Error {
  constructor(readonly failed: { detail: AnnualReportRequest; errorCode: string }[]) {
    super(
      `${failed.length} AnnualReportRequested events were refused: ${failed.map((f) => `${f.detail.districtId} ${f.detail.period} (${f.errorCode})`).join(', ')}`,
    );
    this.name = 'AnnualRequestsNotPutError';
  }
}

/** Puts one AnnualReportRequested per request on the bus, 10 per call; throws when any is refused. */
export async function putAnnualReportRequests(
  details: readonly AnnualReportRequest[],
  options: PutCommandsOptions,
): Promise<void> {
  const failed = await putCommands(ANNUAL_REPORT_REQUESTED, details, options);
  if (failed.length > 0) throw new AnnualRequestsNotPutError(failed);
}
