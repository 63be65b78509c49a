import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { reportPeriodPathSchema } from '../../shared/reports/annual/period';
import { getAnnualReport } from '../../shared/reports/annual/read-api';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/** GET /v1/annual-reports/{period}: the district's year-end summary with its send state, to its officials. */
export const handler = apiHandler(
  { roles: ['official'], path: reportPeriodPathSchema },
  async ({ principal, pathParameters, locale }) => {
    return { status: 200, body: await getAnnualReport(principal, pathParameters.period, locale, { bucket }) };
  },
);
