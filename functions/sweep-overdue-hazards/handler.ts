import { ENV, requireEnv } from '../../shared/config';
import { parseScheduledInvocation } from '../../shared/events/scheduled-invocation';
import { sweepScheduledRun } from '../../shared/hazards/sweep';
import { logger } from '../../shared/logger';

requireEnv(ENV.tableName);
const senderAddress = requireEnv(ENV.senderAddress);

/**
 * The hourly schedule: sweeps the districts where it is 09:00 at the time the run was scheduled
 * for (not the time it runs: a retried run does its own hour's work). A district that fails
 * fails the run, which Scheduler and Lambda retry; the sweep is idempotent.
 */
export const handler = async (event: unknown): Promise<void> => {
  const invocation = parseScheduledInvocation(event);
  const swept = await sweepScheduledRun(new Date(invocation.scheduledTime), { apply: true, senderAddress });
  logger.info('Overdue sweep', {
    scheduledTime: invocation.scheduledTime,
    attempt: invocation.attemptNumber,
    districts: swept.map((d) => ({
      districtId: d.districtId,
      date: d.date,
      marked: d.marked.length,
      digests: d.digests.map((g) => g.status),
    })),
  });
};
