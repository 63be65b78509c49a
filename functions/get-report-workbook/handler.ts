import { ENV, requireEnv } from '../../shared/config';
import { apiHandler, fileAnswer } from '../../shared/http/api-handler';
import { reportMonthPathSchema } from '../../shared/reports/pipeline/month';
import { getReportWorkbook } from '../../shared/reports/pipeline/read-api';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/** GET /v1/reports/{month}/workbook: the report's XLSX, to the district's officials. */
export const handler = apiHandler(
  { roles: ['official'], path: reportMonthPathSchema },
  async ({ principal, pathParameters, locale }) => {
    return fileAnswer(await getReportWorkbook(principal, pathParameters.month, locale, { bucket }));
  },
);
