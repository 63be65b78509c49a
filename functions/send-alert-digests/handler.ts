import { ENV, requireEnv } from '../../shared/config';
import { eventHandler } from '../../shared/events/event-handler';
import { scheduledInvocationSchema } from '../../shared/events/scheduled-invocation';
import { sendAlertDigests } from '../../shared/hazards/alert-digest';
import { logger } from '../../shared/logger';
import { alertDigestMetrics } from '../../shared/metrics';

requireEnv(ENV.tableName);
const senderAddress = requireEnv(ENV.senderAddress);

/**
 * The hourly schedule: mails each district the digest of the critical-hazard alerts held past the
 * budget of an hour that ended by the time the run was scheduled for (shared/hazards/alert-digest.ts).
 * A district that fails fails the run, which Scheduler and Lambda retry; the digest is idempotent.
 */
export const handler = eventHandler(scheduledInvocationSchema, async (invocation) => {
  const digests = await sendAlertDigests(new Date(invocation.scheduledTime), { senderAddress });
  logger.info('Alert digests', {
    scheduledTime: invocation.scheduledTime,
    attempt: invocation.attemptNumber,
    digests: digests.map((d) => ({ districtId: d.districtId, held: d.held.length, status: d.status })),
  });
  alertDigestMetrics(digests);
});
