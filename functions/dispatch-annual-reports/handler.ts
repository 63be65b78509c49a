import { ENV, requireEnv } from '../../shared/config';
import { eventHandler } from '../../shared/events/event-handler';
import { scheduledInvocationSchema } from '../../shared/events/scheduled-invocation';
import { logger } from '../../shared/logger';
import { dispatchAnnualReports } from '../../shared/reports/annual/dispatch';

requireEnv(ENV.tableName);
const busName = requireEnv(ENV.eventBusName);

/**
 * The hourly schedule: asks for the year-end summary of every district where it is 5 January
 * (calendar year) or 5 September (school year) at 08:00, and catches up later that day, one
 * AnnualReportRequested each, at the time the run was scheduled for. A refused event fails the
 * run, which Scheduler and Lambda retry; asking twice is harmless.
 */
export const handler = eventHandler(scheduledInvocationSchema, async (invocation) => {
  const outcome = await dispatchAnnualReports(new Date(invocation.scheduledTime), { busName });
  if (outcome.requested.length > 0) {
    logger.info('Year-end summaries dispatched', {
      scheduledTime: invocation.scheduledTime,
      attempt: invocation.attemptNumber,
      requested: outcome.requested.map(({ districtId, period }) => `${districtId} ${period}`),
    });
  }
});
