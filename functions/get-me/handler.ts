import { ENV, requireEnv } from '../../shared/config';
import { describePrincipal } from '../../shared/directory/me';
import { apiHandler } from '../../shared/http/api-handler';

requireEnv(ENV.tableName);

/** GET /v1/me: the caller's role, district (name, timezone, locale) and school, for the apps. */
export const handler = apiHandler({ roles: ['school', 'official', 'admin'] }, async ({ principal }) => ({
  status: 200,
  body: await describePrincipal(principal),
}));
