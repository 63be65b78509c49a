import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { getQuerySchema, getSubmission } from '../../shared/submissions/query-submissions';

requireEnv(ENV.tableName);

/** GET /v1/submissions/{id}: one submission with its hazards, to its school and its district's officials only. */
export const handler = apiHandler(
  { roles: ['school', 'official'], query: getQuerySchema },
  async ({ principal, pathParameters, query, locale }) => {
    return { status: 200, body: await getSubmission(principal, pathParameters.id, query, locale) };
  },
);
