import type { DynamoDBStreamEvent } from 'aws-lambda';
import { ENV, requireEnv } from '../../shared/config';
import { publishStreamRecords, type PublishOutcome } from '../../shared/events/publish';
import { logger } from '../../shared/logger';

const busName = requireEnv(ENV.eventBusName);

/**
 * The table's stream → domain events on the bus (SubmissionRecorded, HazardRaised,
 * HazardRectified, HazardVerified, HazardReopened). Reports the records that could not be
 * published (batchItemFailures), so only they and the records after them are read again.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<Pick<PublishOutcome, 'batchItemFailures'>> => {
  const { published, batchItemFailures } = await publishStreamRecords(event.Records, { busName });
  logger.info('Published domain events', {
    records: event.Records.length,
    published,
    failedRecords: batchItemFailures.length,
  });
  return { batchItemFailures };
};
