import { ENV, requireEnv } from '../../shared/config';
import { HAZARD_REQUEST_LABELS, rectificationRequestSchema, rectifyHazard } from '../../shared/hazards/lifecycle';
import { apiHandler } from '../../shared/http/api-handler';

requireEnv(ENV.tableName);

/** POST /v1/hazards/{id}/rectification: the owning school's rectification (open → rectified). */
export const handler = apiHandler(
  { roles: ['school'], body: rectificationRequestSchema, bodyLabels: HAZARD_REQUEST_LABELS },
  async ({ principal, pathParameters, body, locale }) => {
    return { status: 200, body: await rectifyHazard(principal, pathParameters.id, body, locale) };
  },
);
