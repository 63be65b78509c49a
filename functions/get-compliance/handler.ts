import { ENV, requireEnv } from '../../shared/config';
import { complianceQuerySchema, getCompliance } from '../../shared/compliance/get-compliance';
import { apiHandler } from '../../shared/http/api-handler';

requireEnv(ENV.tableName);

/** GET /v1/compliance?month=: expected against submitted; an official their district, a school itself. */
export const handler = apiHandler(
  { roles: ['school', 'official'], query: complianceQuerySchema },
  async ({ principal, query, locale }) => {
    return { status: 200, body: await getCompliance(principal, query, locale) };
  },
);
