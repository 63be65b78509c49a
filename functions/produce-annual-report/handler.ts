import { annualReportRequestedSchema } from '../../shared/events/commands';
import { busEvent, eventHandler } from '../../shared/events/event-handler';
import { ENV, requireEnv } from '../../shared/config';
import { annualReportMetrics } from '../../shared/metrics';
import { produceAnnualReport } from '../../shared/reports/annual/produce';
import { produceForEvent } from '../../shared/reports/pipeline/produce-event';
import { rawMailSender } from '../../shared/reports/pipeline/send';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);
const senderAddress = requireEnv(ENV.senderAddress);
const sendRawMail = rawMailSender();

/**
 * AnnualReportRequested → one district's year-end summary: loaded once, rolled up month by month
 * and composed, stored (JSON, XLSX, DOCX) and mailed through the report outbox. A failure to
 * produce or store throws (retried, then the failure queue); a failed send is left to the outbox.
 */
export const handler = eventHandler(busEvent(annualReportRequestedSchema), async ({ id, detail: request }, context) => {
  await produceForEvent(
    () =>
      produceAnnualReport(request, {
        bucket,
        senderAddress,
        sendRawMail,
        timeLeftMs: () => context.getRemainingTimeInMillis(),
      }),
    {
      eventId: id,
      subject: { districtId: request.districtId, period: request.period },
      send: request.send,
      produced: 'Year-end summary produced',
      unknownDistrict: 'A year-end summary was requested for a district that is not registered',
      metrics: annualReportMetrics,
    },
  );
});
