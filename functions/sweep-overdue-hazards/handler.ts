import { ENV, requireEnv } from '../../shared/config';
import { getDistrict } from '../../shared/directory/districts';
import { overdueSweepRequestedSchema } from '../../shared/events/commands';
import { busEvent, eventHandler } from '../../shared/events/event-handler';
import { sweepDistrict } from '../../shared/hazards/sweep';
import { logger } from '../../shared/logger';
import { overdueSweepMetrics } from '../../shared/metrics';

requireEnv(ENV.tableName);
const senderAddress = requireEnv(ENV.senderAddress);

/**
 * OverdueSweepRequested (the bus rule overdue-sweep-requested) → one district's sweep for the
 * date the command names: its overdue hazards marked in batches, its officials mailed one digest
 * through the outbox. A failure throws: the bus and Lambda retry the event (marking and mail are
 * idempotent), then hand it to the failure queue.
 */
export const handler = eventHandler(busEvent(overdueSweepRequestedSchema), async ({ id, detail: request }) => {
  const district = await getDistrict(request.districtId);
  // A district removed since the command was put: nothing to sweep, and retrying will not change that.
  if (!district) {
    logger.warn('An overdue sweep was requested for a district that is not registered', request);
    return;
  }
  const swept = await sweepDistrict(district, request.date, { apply: true, senderAddress });
  overdueSweepMetrics(swept);
  logger.info('Overdue sweep', {
    eventId: id,
    districtId: swept.districtId,
    date: swept.date,
    requestedBy: request.requestedBy,
    marked: swept.marked.length,
    alreadyMarked: swept.alreadyMarked,
    digests: swept.digests.map((g) => g.status),
  });
});
