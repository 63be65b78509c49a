import type { District } from '../directory/districts';
import {
  OVERDUE_SWEEP_REQUESTED,
  putCommands,
  type OverdueSweepRequest,
  type PutCommandsOptions,
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
export class SweepRequestsNotPutError extends Error {
  constructor(readonly failed: { detail: OverdueSweepRequest; errorCode: string }[]) {
    super(
      `${failed.length} OverdueSweepRequested events were refused: ${failed.map((f) => `${f.detail.districtId} ${f.detail.date} (${f.errorCode})`).join(', ')}`,
    );
    this.name = 'SweepRequestsNotPutError';
  }
}

/** Puts one OverdueSweepRequested per request on the bus, 10 per call; throws when any is refused. */
export async function putSweepRequests(
  requests: readonly OverdueSweepRequest[],
  options: PutCommandsOptions,
): Promise<void> {
  const failed = await putCommands(OVERDUE_SWEEP_REQUESTED, requests, options);
  if (failed.length > 0) throw new SweepRequestsNotPutError(failed);
}

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
  if (requested.length > 0)
    await putSweepRequests(requested, {
      busName: options.busName,
      ...(options.putEvents ? { putEvents: options.putEvents } : {}),
    });
  return { scheduledTime: at.toISOString(), requested };
}
