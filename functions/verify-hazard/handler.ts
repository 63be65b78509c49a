import { ENV, requireEnv } from '../../shared/config';
import { HAZARD_REQUEST_LABELS, verificationRequestSchema, verifyHazard } from '../../shared/hazards/lifecycle';
import { apiHandler } from '../../shared/http/api-handler';

requireEnv(ENV.tableName);

/** POST /v1/hazards/{id}/verification: a district official accepts (→ verified) or rejects (→ open) a rectification. */
export const handler = apiHandler(
  { roles: ['official'], body: verificationRequestSchema, bodyLabels: HAZARD_REQUEST_LABELS },
  async ({ principal, pathParameters, body, locale }) => {
    return { status: 200, body: await verifyHazard(principal, pathParameters.id, body, locale) };
  },
);
