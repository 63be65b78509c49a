import { ENV, publicApiUrl, requireEnv } from '../../shared/config';
import { answer, apiHandler } from '../../shared/http/api-handler';
import { reportRequestBodySchema, requestReport } from '../../shared/reports/pipeline/api';
import { reportMonthPathSchema } from '../../shared/reports/pipeline/month';
import { rawMailSender } from '../../shared/reports/pipeline/send';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);
const senderAddress = requireEnv(ENV.senderAddress);
const busName = requireEnv(ENV.eventBusName);
const sendRawMail = rawMailSender();
const apiUrl = publicApiUrl();

/** The API gives up on an integration after 29 s: sending stops early enough to answer within it. */
const BUDGET_MS = 28_000;

/** POST /v1/reports/{month}: produces the report now (`{"send": true}` mails it again); an admin names the district. */
export const handler = apiHandler(
  { roles: ['official', 'admin'], path: reportMonthPathSchema, body: reportRequestBodySchema, bodyOptional: true },
  async ({ principal, pathParameters, body, locale }) => {
    const deadline = Date.now() + BUDGET_MS;
    return answer(
      await requestReport(principal, pathParameters.month, body, locale, {
        bucket,
        senderAddress,
        busName,
        sendRawMail,
        ...(apiUrl ? { publicApiUrl: apiUrl } : {}),
        timeLeftMs: () => deadline - Date.now(),
      }),
    );
  },
);
