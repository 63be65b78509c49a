import { ENV, publicApiUrl, requireEnv } from '../../shared/config';
import { eventHandler } from '../../shared/events/event-handler';
import { scheduledInvocationSchema } from '../../shared/events/scheduled-invocation';
import { logger } from '../../shared/logger';
import { reportMailMetrics } from '../../shared/metrics';
import { rawMailSender, sendDueReportMail } from '../../shared/reports/pipeline/send';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);
const senderAddress = requireEnv(ENV.senderAddress);
const sendRawMail = rawMailSender();
const apiUrl = publicApiUrl();

/**
 * Every few minutes: sends the report mail whose next attempt is due — a failed send after its
 * back-off, a delivery a crashed run left pending, a claim whose lease ran out. Failures are
 * recorded in the outbox, not thrown; what does not fit in this run stays due for the next.
 */
export const handler = eventHandler(scheduledInvocationSchema, async (invocation, context) => {
  const run = await sendDueReportMail({
    bucket,
    senderAddress,
    sendRawMail,
    ...(apiUrl ? { publicApiUrl: apiUrl } : {}),
    now: () => new Date(),
    timeLeftMs: () => context.getRemainingTimeInMillis(),
  });
  reportMailMetrics(run.reports.flatMap((r) => r.outcomes));
  if (run.reports.length > 0) {
    logger.info('Due report mail', {
      scheduledTime: invocation.scheduledTime,
      reports: run.reports.map((r) => ({
        districtId: r.districtId,
        month: r.month,
        mail: r.outcomes.map((o) => `${o.recipient}:${o.status}`),
      })),
    });
  }
});
