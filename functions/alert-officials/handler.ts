import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { ENV, requireEnv } from '../../shared/config';
import type { HazardRaisedDetail } from '../../shared/events/domain-events';
import { alertOfficials } from '../../shared/hazards/alert';
import { logger } from '../../shared/logger';
import { alertMetrics } from '../../shared/metrics';

requireEnv(ENV.tableName);
const senderAddress = requireEnv(ENV.senderAddress);

/** The part of HazardRaised the alert reads; anything else in the detail is ignored. */
const hazardRaisedSchema = z.object({
  districtId: z.string().min(1),
  schoolId: z.string().min(1),
  hazardId: z.string().min(1),
  submissionId: z.string().min(1),
  formType: z.string().min(1),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  category: z.string().min(1),
  title: z.object({ zh: z.string(), en: z.string() }),
  place: z.string().optional(),
  description: z.string().optional(),
  foundOn: z.string().min(1),
  dueDate: z.string().min(1),
  raisedAt: z.string().min(1),
});

/**
 * HazardRaised{severity: critical} (the bus rule) → an e-mail to the district's officials, once
 * per hazard however often the event arrives. A failure throws: Lambda retries the event, then
 * hands it to the failure queue.
 */
export const handler = async (event: EventBridgeEvent<'HazardRaised', HazardRaisedDetail>): Promise<void> => {
  const hazard = hazardRaisedSchema.parse(event.detail);
  const outcome = await alertOfficials(hazard, { senderAddress });
  logger.info('Critical hazard alert', {
    eventId: event.id,
    districtId: hazard.districtId,
    hazardId: hazard.hazardId,
    outcome: outcome.status,
  });
  alertMetrics(outcome.status, outcome.status === 'held' ? outcome.reason : undefined);
};
