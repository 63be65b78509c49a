import { ENV, requireEnv } from '../../shared/config';
import { apiHandler, fileAnswer } from '../../shared/http/api-handler';
import { reportPeriodPathSchema } from '../../shared/reports/annual/period';
import { getAnnualWorkbook } from '../../shared/reports/annual/read-api';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/** GET /v1/annual-reports/{period}/workbook: the year-end summary's XLSX, to the district's officials. */
export const handler = apiHandler(
  { roles: ['official'], path: reportPeriodPathSchema },
  async ({ principal, pathParameters, locale }) => {
    return fileAnswer(await getAnnualWorkbook(principal, pathParameters.period, locale, { bucket }));
  },
);
