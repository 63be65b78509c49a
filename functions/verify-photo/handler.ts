import * as z from 'zod';
import { ENV, requireEnv } from '../../shared/config';
import { busEvent, eventHandler } from '../../shared/events/event-handler';
import { logger } from '../../shared/logger';
import { photoMetrics } from '../../shared/metrics';
import { getS3Client } from '../../shared/photos/s3';
import { verifyUpload } from '../../shared/photos/verify';

requireEnv(ENV.tableName);
const bucketName = requireEnv(ENV.bucketName);

/** The part of S3's `Object Created` event (through EventBridge) the verifier reads. */
const objectCreatedSchema = busEvent(
  z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1) }),
  }),
);

/**
 * A new object under evidence/ in the photo bucket → verified (size, SHA-256, real type) or moved
 * to quarantine/ with the reason. Objects of another bucket are refused: the rule matches this
 * bucket only, so one arriving here is a wiring error. A failure throws: Lambda retries the
 * event, then hands it to the failure queue.
 */
export const handler = eventHandler(objectCreatedSchema, async ({ id, detail: { bucket, object } }) => {
  if (bucket.name !== bucketName)
    throw new Error(`verify-photo received an object of bucket ${bucket.name}; it verifies ${bucketName} only`);
  const outcome = await verifyUpload(bucket.name, object.key, { s3: getS3Client() });
  const context = { eventId: id, key: object.key, ...outcome };
  if (outcome.outcome === 'quarantined') logger.warn('Photo upload quarantined', context);
  else logger.info('Photo upload checked', context);
  // A repeated delivery of an object already recorded is not counted again.
  if (outcome.outcome !== 'ignored' && !outcome.repeated) photoMetrics(outcome.outcome);
});
