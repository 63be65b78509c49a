import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { listReports, reportListQuerySchema } from '../../shared/reports/pipeline/list-api';

requireEnv(ENV.tableName);

/** GET /v1/reports?limit=&cursor=: the district's monthly reports, newest first, with their mail state, to its officials. */
export const handler = apiHandler(
  { roles: ['official'], query: reportListQuerySchema },
  async ({ principal, query }) => {
    return { status: 200, body: await listReports(principal, query) };
  },
);
