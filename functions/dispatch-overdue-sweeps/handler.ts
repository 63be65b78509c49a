import { ENV, requireEnv } from '../../shared/config';
import { eventHandler } from '../../shared/events/event-handler';
import { scheduledInvocationSchema } from '../../shared/events/scheduled-invocation';
import { dispatchOverdueSweeps } from '../../shared/hazards/sweep-dispatch';
import { logger } from '../../shared/logger';

requireEnv(ENV.tableName);
const busName = requireEnv(ENV.eventBusName);

/**
 * The hourly schedule: puts one OverdueSweepRequested on the bus per district where it is 09:00
 * at the time the run was *scheduled* for (a retried run does its own hour's work), for that
 * district's local date; sweep-overdue-hazards sweeps each. A refused event fails the run, which
 * Scheduler and Lambda retry; asking twice is harmless (the sweep is idempotent).
 */
export const handler = eventHandler(scheduledInvocationSchema, async (invocation) => {
  const outcome = await dispatchOverdueSweeps(new Date(invocation.scheduledTime), { busName });
  logger.info('Overdue sweeps dispatched', {
    scheduledTime: invocation.scheduledTime,
    attempt: invocation.attemptNumber,
    requested: outcome.requested.map(({ districtId, date }) => `${districtId} ${date}`),
  });
});
