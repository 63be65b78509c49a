import { ENV, requireEnv } from '../../shared/config';
import { hazardRaisedSchema } from '../../shared/events/domain-events';
import { busEvent, eventHandler } from '../../shared/events/event-handler';
import { alertOfficials } from '../../shared/hazards/alert';
import { logger } from '../../shared/logger';
import { alertMetrics } from '../../shared/metrics';

requireEnv(ENV.tableName);
const senderAddress = requireEnv(ENV.senderAddress);

/**
 * HazardRaised{severity: critical} (the bus rule) → an e-mail to the district's officials, once
 * per hazard however often the event arrives. A failure throws: Lambda retries the event, then
 * hands it to the failure queue.
 */
export const handler = eventHandler(busEvent(hazardRaisedSchema), async ({ id, detail: hazard }) => {
  const outcome = await alertOfficials(hazard, { senderAddress });
  logger.info('Critical hazard alert', {
    eventId: id,
    districtId: hazard.districtId,
    hazardId: hazard.hazardId,
    outcome: outcome.status,
  });
  alertMetrics(outcome.status, outcome.status === 'held' ? outcome.reason : undefined);
});
