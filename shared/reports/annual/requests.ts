import * as z from 'zod';
import { putCommands, type PutCommandsOptions } from '../../events/commands';
import { SEND_MODES } from '../pipeline/requests';
import { isPeriodId } from './period';

/*
 * The command that asks for a year-end summary, apart from produce.ts so that what only asks
 * (the dispatcher, the API's 202 path) does not bundle the renderers.
 */

/** What produces a summary: the command on the bus, also what the API and the CLI ask for. */
export const ANNUAL_REPORT_REQUESTED = 'AnnualReportRequested';

export const annualReportRequestedSchema = z.object({
  districtId: z.string().min(1),
  period: z.string().refine(isPeriodId),
  /** none: store only; once: the scheduled mail, sent once; again: a new mailing. */
  send: z.enum(SEND_MODES),
  /** schedule, api:<tokenId> or cli. */
  requestedBy: z.string().min(1),
});
export type AnnualReportRequest = z.infer<typeof annualReportRequestedSchema>;

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
