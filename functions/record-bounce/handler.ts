import type { SNSEvent } from 'aws-lambda';
import { ENV, requireEnv } from '../../shared/config';
import { logger } from '../../shared/logger';
import { recordMailFeedback } from '../../shared/reports/pipeline/bounces';

requireEnv(ENV.tableName);

/**
 * SES bounce and complaint notifications (SNS, the stack's mail-feedback topic) → the address
 * is suppressed for every district, and the report mail it was is marked bounced. A message that
 * cannot be read throws: SNS's invocation is retried, then kept in the failure queue.
 */
export const handler = async (event: SNSEvent): Promise<void> => {
  for (const record of event.Records) {
    const outcome = await recordMailFeedback(JSON.parse(record.Sns.Message) as unknown);
    logger.info('Mail feedback', {
      messageId: record.Sns.MessageId,
      type: outcome.type,
      suppressed: outcome.suppressed.length,
      bouncedMail: outcome.bouncedMail,
    });
  }
};
