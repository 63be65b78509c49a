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
  role?: string;
  tokenId?: string;
  districtId?: string;
  schoolId?: string;
}

/** Flattens a principal for the authorizer's response context. */
export function toAuthorizerContext(principal: Principal | undefined): AuthorizerContext {
  if (!principal) return { authenticated: 'false' };
  return { authenticated: 'true', ...principal };
}

/** Reads the principal back from the authorizer's context; undefined when not authenticated. */
export function fromAuthorizerContext(context: Partial<Record<string, unknown>> | undefined): Principal | undefined {
  if (!context || context.authenticated !== 'true') return undefined;
  const str = (key: string) => (typeof context[key] === 'string' && context[key] ? (context[key] as string) : undefined);
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
