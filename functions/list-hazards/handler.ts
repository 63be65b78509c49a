import { ENV, requireEnv } from '../../shared/config';
import { hazardListQuerySchema, listHazards } from '../../shared/hazards/query-hazards';
import { apiHandler } from '../../shared/http/api-handler';

requireEnv(ENV.tableName);

/** GET /v1/hazards?status=&schoolId=&overdue=&limit=&cursor=: a school its own hazards, an official their district's. */
export const handler = apiHandler(
  { roles: ['school', 'official'], query: hazardListQuerySchema },
  async ({ principal, query, locale }) => {
    return { status: 200, body: await listHazards(principal, query, locale) };
  },
);
