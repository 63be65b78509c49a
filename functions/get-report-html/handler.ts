import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { reportMonthPathSchema } from '../../shared/reports/pipeline/month';
import { getReportHtml } from '../../shared/reports/pipeline/html-api';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/** GET /v1/reports/{month}/html: the report as its e-mail's HTML (no inline charts), to the district's officials. */
export const handler = apiHandler(
  { roles: ['official'], path: reportMonthPathSchema },
  async ({ principal, pathParameters, locale }) => {
    return { status: 200, body: await getReportHtml(principal, pathParameters.month, locale, { bucket }) };
  },
);
