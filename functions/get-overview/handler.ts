import { complianceQuerySchema } from '../../shared/compliance/get-compliance';
import { ENV, requireEnv } from '../../shared/config';
import { getOverview } from '../../shared/console/overview';
import { apiHandler } from '../../shared/http/api-handler';

requireEnv(ENV.tableName);

/** GET /v1/overview?month=: the district's month so far (compliance by school, today's missing checks, hazard counts), to its officials. */
export const handler = apiHandler(
  { roles: ['official'], query: complianceQuerySchema },
  async ({ principal, query, locale }) => {
    return { status: 200, body: await getOverview(principal, query, locale) };
  },
);
