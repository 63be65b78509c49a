import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod';
import { ENV, requireEnv } from '../../shared/config';
import { eventHandler } from '../../shared/events/event-handler';
import { publishStreamRecords, type PublishOutcome } from '../../shared/events/publish';
import { logger } from '../../shared/logger';

const busName = requireEnv(ENV.eventBusName);

/** A batch of the table's stream records: each record's images are read by toDomainEvents, which reports one it cannot map. */
const streamBatchSchema = z.object({
  Records: z.array(z.custom<DynamoDBRecord>((record) => typeof record === 'object')),
});

/**
 * The table's stream → domain events on the bus (SubmissionRecorded, HazardRaised,
 * HazardRectified, HazardVerified, HazardReopened). Reports the records that could not be
 * published (batchItemFailures), so only they and the records after them are read again.
 */
export const handler = eventHandler(
  streamBatchSchema,
  async ({ Records }): Promise<Pick<PublishOutcome, 'batchItemFailures'>> => {
    const { published, batchItemFailures } = await publishStreamRecords(Records, { busName });
    logger.info('Published domain events', {
      records: Records.length,
      published,
      failedRecords: batchItemFailures.length,
    });
    return { batchItemFailures };
  },
);
