import type { District } from '../directory/districts';
import {
  commandPutter,
  CommandsNotPutError,
  OVERDUE_SWEEP_REQUESTED,
  type OverdueSweepRequest,
  type PutCommandsOptions,
  type RefusedCommand,
} from '../events/commands';
import { localDate } from '../time';
import { districtsDueForSweep, listDistricts } from './sweep';

/*
 * The overdue sweep fanned out, as the monthly reports are (reports/pipeline/dispatch.ts): one
 * schedule runs every hour on the hour in UTC (dispatch-overdue-sweeps) and puts one
 * OverdueSweepRequested per district where it is then 09:00, carrying the district-local date of
 * the scheduled time; the rule `overdue-sweep-requested` hands each to sweep-overdue-hazards,
 * which sweeps that one district (sweep.ts `sweepDistrict`). A province is then many small runs,
 * each retried and dead-lettered on its own, instead of one loop against one timeout. Sweeping
 * a district twice for the same date marks nothing twice and mails nothing twice, so a
 * redelivered command costs a little work and nothing else.
 */

// Its schema and detail type are in shared/events/commands.ts (overdueSweepRequestedSchema).
export type { OverdueSweepRequest } from '../events/commands';

/** Some sweeps could not be put on the bus: the dispatcher fails, so its run is retried. */
export class SweepRequestsNotPutError extends CommandsNotPutError<OverdueSweepRequest> {
  constructor(failed: RefusedCommand<OverdueSweepRequest>[]) {
    super('SweepRequestsNotPutError', OVERDUE_SWEEP_REQUESTED, failed, 'date');
  }
}

/** Puts one OverdueSweepRequested per request on the bus, 10 per call; throws when any is refused. */
export const putSweepRequests = commandPutter(OVERDUE_SWEEP_REQUESTED, SweepRequestsNotPutError);

export interface SweepDispatchOptions extends PutCommandsOptions {
  /** The registered districts. @default every district in the table */
  listDistricts?: () => Promise<Pick<District, 'districtId' | 'timezone'>[]>;
}

/** What a dispatcher run asked for. */
export interface SweepDispatchOutcome {
  scheduledTime: string;
  requested: OverdueSweepRequest[];
}

/**
 * The hourly run scheduled for `at`: one OverdueSweepRequested per district where it is then
 * 09:00, for the district's local date at `at` (a retried or late run asks for its own day).
 */
export async function dispatchOverdueSweeps(at: Date, options: SweepDispatchOptions): Promise<SweepDispatchOutcome> {
  const districts = await (options.listDistricts ?? listDistricts)();
  const requested = districtsDueForSweep(districts, at).map((district): OverdueSweepRequest => ({
    districtId: district.districtId,
    date: localDate(district.timezone, at),
    requestedBy: 'schedule',
  }));
  if (requested.length > 0) await putSweepRequests(requested, options);
  return { scheduledTime: at.toISOString(), requested };
}
