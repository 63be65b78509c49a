import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { reportMonthPathSchema } from '../../shared/reports/pipeline/month';
import { getReport } from '../../shared/reports/pipeline/read-api';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/** GET /v1/reports/{month}: the district's report of the month with its send state, to its officials. */
export const handler = apiHandler(
  { roles: ['official'], path: reportMonthPathSchema },
  async ({ principal, pathParameters, locale }) => {
    return { status: 200, body: await getReport(principal, pathParameters.month, locale, { bucket }) };
  },
);
