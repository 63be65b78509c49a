import { ENV, requireEnv } from '../../shared/config';
import { eventHandler, snsMessages } from '../../shared/events/event-handler';
import { logger } from '../../shared/logger';
import { recordMailFeedback, sesNotificationSchema } from '../../shared/reports/pipeline/bounces';

requireEnv(ENV.tableName);

/**
 * SES bounce and complaint notifications (SNS, the stack's mail-feedback topic) → the address
 * is suppressed for every district, and the report mail it was is marked bounced. A message that
 * cannot be read throws: SNS's invocation is retried, then kept in the failure queue.
 */
export const handler = eventHandler(snsMessages(sesNotificationSchema), async ({ Records }) => {
  for (const record of Records) {
    const outcome = await recordMailFeedback(record.Sns.Message);
    logger.info('Mail feedback', {
      messageId: record.Sns.MessageId,
      type: outcome.type,
      suppressed: outcome.suppressed.length,
      bouncedMail: outcome.bouncedMail,
    });
  }
});
