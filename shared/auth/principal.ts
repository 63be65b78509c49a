/**
 * Who is calling. It comes only from the bearer token (via the authorizer), never from a path,
 * query string or body.
 */
export type Principal =
  | { role: 'school'; tokenId: string; districtId: string; schoolId: string }
  | { role: 'official'; tokenId: string; districtId: string }
  | { role: 'admin'; tokenId: string };

export type Role = Principal['role'];

/**
 * The authorizer's context as API Gateway passes it on (string values only). `authenticated`
 * is 'false' for a missing, unknown, revoked or malformed token: the authorizer lets the
 * request through so the handler answers 401 in the API's error shape and the caller's locale.
 */
export interface AuthorizerContext {
  authenticated: 'true' | 'false';
  /**
   * Set with `authenticated: 'false'` when an Authorization header came that is not
   * `Bearer <token>` in the shape we issue: the route then says how the header should look,
   * rather than that the token is unknown.
   */
  credentials?: 'malformed' | 'school-archived' | 'token-expired';
  /** With `credentials: 'school-archived'`: the day the token's school left the roster. */
  archivedOn?: string;
  /** With `credentials: 'token-expired'`: when the token stopped working (ISO-8601 UTC). */
  expiredAt?: string;
  role?: string;
  tokenId?: string;
  /**
   * Set with `authenticated: 'true'` when the token has spent its budget of the route's class
   * (shared/http/limits.ts TOKEN_RATE_LIMITS): the class, and the seconds until it may call again.
   * The route then answers 429 RATE_LIMITED with `Retry-After`.
   */
  rateLimited?: string;
  retryAfter?: string;
  districtId?: string;
  schoolId?: string;
}

/**
 * Flattens a principal for the authorizer's response context (`malformed`, `archivedOn`: see
 * AuthorizerContext.credentials): a school token whose school was archived is refused, naming the day;
 * an expired token, naming when it expired.
 */
export function toAuthorizerContext(
  principal: Principal | undefined,
  options: { malformed?: boolean; archivedOn?: string; expiredAt?: string } = {},
): AuthorizerContext {
  if (!principal && options.expiredAt)
    return { authenticated: 'false', credentials: 'token-expired', expiredAt: options.expiredAt };
  if (!principal && options.archivedOn)
    return { authenticated: 'false', credentials: 'school-archived', archivedOn: options.archivedOn };
  if (!principal)
    return options.malformed ? { authenticated: 'false', credentials: 'malformed' } : { authenticated: 'false' };
  return { authenticated: 'true', ...principal };
}

/** Reads the principal back from the authorizer's context; undefined when not authenticated. */
export function fromAuthorizerContext(context: Partial<Record<string, unknown>> | undefined): Principal | undefined {
  if (!context || context.authenticated !== 'true') return undefined;
  const str = (key: string) =>
    typeof context[key] === 'string' && context[key] ? (context[key] as string) : undefined;
  const tokenId = str('tokenId');
  const districtId = str('districtId');
  const schoolId = str('schoolId');
  if (!tokenId) return undefined;
  switch (str('role')) {
    case 'school':
      return districtId && schoolId ? { role: 'school', tokenId, districtId, schoolId } : undefined;
    case 'official':
      return districtId ? { role: 'official', tokenId, districtId } : undefined;
    case 'admin':
      return { role: 'admin', tokenId };
    default:
      return undefined;
  }
}

/** The token's spent budget when the authorizer refused the request for it (see AuthorizerContext.rateLimited). */
export function rateLimitOf(
  context: Partial<Record<string, unknown>> | undefined,
): { routeClass: string; retryAfterSeconds: number } | undefined {
  if (context?.authenticated !== 'true' || typeof context.rateLimited !== 'string') return undefined;
  const retryAfterSeconds = Number(context.retryAfter);
  return {
    routeClass: context.rateLimited,
    retryAfterSeconds: Number.isInteger(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds : 1,
  };
}

/** Whether the authorizer found the Authorization header malformed (see AuthorizerContext.credentials). */
export function hasMalformedCredentials(context: Partial<Record<string, unknown>> | undefined): boolean {
  return context?.authenticated !== 'true' && context?.credentials === 'malformed';
}

/** The authorizer's `detail` of a refusal, when it refused the token for `reason` (see AuthorizerContext.credentials). */
function refusalDetail(
  context: Partial<Record<string, unknown>> | undefined,
  reason: string,
  detail: string,
): string | undefined {
  const value = context?.[detail];
  return context?.authenticated !== 'true' && context?.credentials === reason && typeof value === 'string'
    ? value
    : undefined;
}

/** The day the token's school left the roster, when the authorizer refused it for that. */
export function archivedSchoolOf(context: Partial<Record<string, unknown>> | undefined): string | undefined {
  return refusalDetail(context, 'school-archived', 'archivedOn');
}

/** When the token expired, when the authorizer refused it for that. */
export function expiredTokenOf(context: Partial<Record<string, unknown>> | undefined): string | undefined {
  return refusalDetail(context, 'token-expired', 'expiredAt');
}
