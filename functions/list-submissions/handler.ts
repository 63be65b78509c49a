import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { listQuerySchema, listSubmissions } from '../../shared/submissions/query-submissions';

requireEnv(ENV.tableName);

/** GET /v1/submissions?month=&formType=&schoolId=&limit=&cursor=: a school its own, an official their district. */
export const handler = apiHandler(
  { roles: ['school', 'official'], query: listQuerySchema },
  async ({ principal, query }) => {
    return { status: 200, body: await listSubmissions(principal, query) };
  },
);
