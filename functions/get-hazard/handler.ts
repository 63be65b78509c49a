import { ENV, requireEnv } from '../../shared/config';
import { getHazard } from '../../shared/hazards/get-hazard';
import { apiHandler } from '../../shared/http/api-handler';

requireEnv(ENV.tableName);

/** GET /v1/hazards/{id}: one hazard with its history and photos, to its school or its district's officials. */
export const handler = apiHandler({ roles: ['school', 'official'] }, async ({ principal, pathParameters, locale }) => {
  return { status: 200, body: await getHazard(principal, pathParameters.id, locale) };
});
