import { ENV, requireEnv } from '../../shared/config';
import { answer, apiHandler } from '../../shared/http/api-handler';
import { requestAnnualReport } from '../../shared/reports/annual/api';
import { reportPeriodPathSchema } from '../../shared/reports/annual/period';
import { reportRequestBodySchema } from '../../shared/reports/pipeline/api';
import { rawMailSender } from '../../shared/reports/pipeline/send';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);
const senderAddress = requireEnv(ENV.senderAddress);
const busName = requireEnv(ENV.eventBusName);
const sendRawMail = rawMailSender();

/** The API gives up on an integration after 29 s: sending stops early enough to answer within it. */
const BUDGET_MS = 28_000;

/** POST /v1/annual-reports/{period}: produces the year-end summary now (`{"send": true}` mails it again); an admin names the district. */
export const handler = apiHandler(
  { roles: ['official', 'admin'], path: reportPeriodPathSchema, body: reportRequestBodySchema, bodyOptional: true },
  async ({ principal, pathParameters, body, locale }) => {
    const deadline = Date.now() + BUDGET_MS;
    return answer(
      await requestAnnualReport(principal, pathParameters.period, body, locale, {
        bucket,
        senderAddress,
        busName,
        sendRawMail,
        timeLeftMs: () => deadline - Date.now(),
      }),
    );
  },
);
