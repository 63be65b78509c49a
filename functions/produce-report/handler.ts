import { reportRequestedSchema } from '../../shared/events/commands';
import { busEvent, eventHandler } from '../../shared/events/event-handler';
import { ENV, publicApiUrl, requireEnv } from '../../shared/config';
import { reportMailMetrics, reportProducedMetrics } from '../../shared/metrics';
import { produceReport } from '../../shared/reports/pipeline/produce';
import { produceForEvent } from '../../shared/reports/pipeline/produce-event';
import { rawMailSender } from '../../shared/reports/pipeline/send';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);
const senderAddress = requireEnv(ENV.senderAddress);
const sendRawMail = rawMailSender();
const apiUrl = publicApiUrl();

/**
 * ReportRequested (the bus rule report-requested) → one district's month: loaded, rolled up,
 * stored in S3 and the table, and mailed through the outbox as the request says. A failure to
 * produce or store throws: Lambda retries the event, then hands it to the failure queue. A failed
 * send does not: the outbox records it and the retry schedule sends it later.
 */
export const handler = eventHandler(busEvent(reportRequestedSchema), async ({ id, detail: request }, context) => {
  await produceForEvent(
    () =>
      produceReport(request, {
        bucket,
        senderAddress,
        sendRawMail,
        ...(apiUrl ? { publicApiUrl: apiUrl } : {}),
        timeLeftMs: () => context.getRemainingTimeInMillis(),
      }),
    {
      eventId: id,
      subject: { districtId: request.districtId, month: request.month },
      send: request.send,
      produced: 'Report produced',
      // A district removed since the request: nothing to produce, and retrying will not change that.
      unknownDistrict: 'A report was requested for a district that is not registered',
      metrics: (outcome) => {
        reportProducedMetrics(outcome.written);
        reportMailMetrics(outcome.mail);
      },
    },
  );
});
