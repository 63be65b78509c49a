import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { toAuthorizerContext, type AuthorizerContext } from '../../shared/auth/principal';
import { bearerToken } from '../../shared/auth/tokens';
import { ENV, requireEnv } from '../../shared/config';
import { resolveToken } from '../../shared/directory/tokens';

requireEnv(ENV.tableName);

/**
 * The HTTP API's Lambda authorizer (simple responses, no identity source, no cache). It always
 * lets the request through with the principal the bearer token resolves to, or with
 * `authenticated: 'false'`: the route then answers 401 in the API's error shape and the caller's
 * language, which API Gateway's own 401/403 cannot do. Nothing is cached, so a revoked token
 * stops working at once.
 */
export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> => {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const token = bearerToken(header);
  const resolved = token ? await resolveToken(token) : {};
  // A header that is there but not `Bearer <token>` is told how it should look (no lookup was made);
  // the token of a school archived from the roster is told so, with the day; an expired token, with the time.
  const refused = resolved.principal ? undefined : resolved.refused;
  return {
    isAuthorized: true,
    context: toAuthorizerContext(resolved.principal, {
      malformed: !token && Boolean(header?.trim()),
      ...(refused?.reason === 'school-archived' ? { archivedOn: refused.archivedOn } : {}),
      ...(refused?.reason === 'token-expired' ? { expiredAt: refused.expiredAt } : {}),
    }),
  };
};
