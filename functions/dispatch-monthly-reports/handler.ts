import { ENV, requireEnv } from '../../shared/config';
import { eventHandler } from '../../shared/events/event-handler';
import { scheduledInvocationSchema } from '../../shared/events/scheduled-invocation';
import { logger } from '../../shared/logger';
import { countMetric, DOMAIN_METRICS } from '../../shared/metrics';
import { dispatchMonthlyReports } from '../../shared/reports/pipeline/dispatch';

requireEnv(ENV.tableName);
const busName = requireEnv(ENV.eventBusName);

/**
 * The hourly schedule: asks for last month's report of every district where it is the 1st at
 * 08:00 (and catches up later that day), one ReportRequested each, at the time the run was
 * *scheduled* for, so a retried run does its own hour's work. A refused event fails the run,
 * which Scheduler and Lambda retry; asking twice is harmless.
 */
export const handler = eventHandler(scheduledInvocationSchema, async (invocation) => {
  const outcome = await dispatchMonthlyReports(new Date(invocation.scheduledTime), { busName });
  logger.info('Monthly reports dispatched', {
    scheduledTime: invocation.scheduledTime,
    attempt: invocation.attemptNumber,
    requested: outcome.requested.map(({ districtId, month }) => `${districtId} ${month}`),
  });
  if (outcome.late.length > 0)
    logger.warn('Monthly reports late (asked for again after 10:00 on the 1st)', {
      late: outcome.late.map(({ districtId, month }) => `${districtId} ${month}`),
    });
  countMetric(DOMAIN_METRICS.monthlyReportsLate, {}, outcome.late.length);
});
