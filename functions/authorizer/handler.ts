import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { toAuthorizerContext, type AuthorizerContext } from '../../shared/auth/principal';
import { countRequest } from '../../shared/auth/rate-limit';
import { bearerToken } from '../../shared/auth/tokens';
import { ENV, requireEnv } from '../../shared/config';
import { resolveToken } from '../../shared/directory/tokens';
import { rateLimitClassOf } from '../../shared/http/limits';
import { withLambdaContext } from '../../shared/logger';

requireEnv(ENV.tableName);

/**
 * The HTTP API's Lambda authorizer (simple responses; identity source: the Authorization header,
 * so API Gateway answers a request without one 401 itself and never invokes this; no cache). It
 * always lets the request through with the principal the bearer token resolves to, or with
 * `authenticated: 'false'`: the route then answers 401 in the API's error shape and the caller's
 * language, which API Gateway's own 401/403 cannot do. Nothing is cached, so a revoked token
 * stops working at once, and every request of a write or report route is counted against its
 * token's budget (shared/auth/rate-limit.ts): past it, the context says so and the route answers 429.
 */
export const handler = withLambdaContext(
  async (
    event: APIGatewayRequestAuthorizerEventV2,
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> => {
    const header = event.headers?.authorization ?? event.headers?.Authorization;
    const token = bearerToken(header);
    const resolved = token ? await resolveToken(token) : {};
    // A header that is there but not `Bearer <token>` is told how it should look (no lookup was made);
    // the token of a school archived from the roster is told so, with the day; an expired token, with the time.
    const refused = resolved.principal ? undefined : resolved.refused;
    const context = toAuthorizerContext(resolved.principal, {
      malformed: !token && Boolean(header?.trim()),
      ...(refused?.reason === 'school-archived' ? { archivedOn: refused.archivedOn } : {}),
      ...(refused?.reason === 'token-expired' ? { expiredAt: refused.expiredAt } : {}),
    });
    const routeClass = rateLimitClassOf(event.routeKey);
    if (resolved.principal && routeClass) {
      const decision = await countRequest(resolved.principal.tokenId, routeClass);
      if (!decision.allowed) {
        context.rateLimited = routeClass;
        context.retryAfter = String(decision.retryAfterSeconds);
      }
    }
    return { isAuthorized: true, context };
  },
);
