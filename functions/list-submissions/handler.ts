import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { listSubmissions } from '../../shared/submissions/query-submissions';

requireEnv(ENV.tableName);

/** GET /v1/submissions?month=&formType=&schoolId=&limit=&cursor=: a school its own, an official their district. */
export const handler = apiHandler({ roles: ['school', 'official'] }, async ({ principal, query, locale }) => {
  return { status: 200, body: await listSubmissions(principal, query, locale) };
});
