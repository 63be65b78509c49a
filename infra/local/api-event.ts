import { randomBytes } from 'node:crypto';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';

/*
 * What API Gateway (HTTP API, payload format 2.0) does between a client and a Lambda function,
 * as pure functions: match a route, build the event, turn the function's result into an HTTP
 * response. The local HTTP adapter wires them to a node:http server; unit tests check them
 * against the shapes AWS documents and the fixtures in events/.
 */

/** Where an API claims to run: the ARNs and ids in its events. */
export interface ApiIdentity {
  accountId: string;
  apiId: string;
  region: string;
  stage: string;
}

/** The local API's identity; its region matches the event fixtures in events/. */
export const LOCAL_API: ApiIdentity = {
  accountId: '000000000000',
  apiId: 'local',
  region: 'ap-east-1',
  stage: '$default',
};

/** An HTTP request as it reached the adapter. */
export interface IncomingApiRequest {
  method: string;
  /** The request target exactly as sent: path and query string. */
  url: string;
  /** Alternating names and values, as node:http's `rawHeaders`. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  /** `1.1`, `2.0`… */
  httpVersion: string;
}

/** A route the API serves; `path` may hold `{name}` parameters and one trailing `{name+}`. */
export interface RouteDefinition {
  method: string;
  path: string;
}

export interface RouteMatch<R extends RouteDefinition> {
  route: R;
  routeKey: string;
  pathParameters: Record<string, string>;
}

/** Per request: API Gateway's request id and the time it received the request. */
export interface RequestStamp {
  requestId: string;
  receivedAt: Date;
}

/** A response ready for the wire. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** API Gateway's request ids look like `Bm7xKhJvoAMEc3Q=`. */
export function newRequestStamp(receivedAt = new Date()): RequestStamp {
  return { requestId: randomBytes(10).toString('base64'), receivedAt };
}

/** `requestContext.time`: `20/Nov/2026:09:15:42 +0000`. */
export function formatRequestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Splits `url` into the raw path and the raw query string (without `?`). */
export function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  const withoutFragment = url.split('#')[0] ?? '';
  const at = withoutFragment.indexOf('?');
  return at < 0
    ? { rawPath: withoutFragment, rawQueryString: '' }
    : { rawPath: withoutFragment.slice(0, at), rawQueryString: withoutFragment.slice(at + 1) };
}

function matchPath(template: string, rawPath: string): Record<string, string> | undefined {
  const want = template.split('/');
  const have = rawPath.split('/');
  const parameters: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const pattern = want[i] ?? '';
    const greedy = /^\{(.+)\+\}$/.exec(pattern);
    if (greedy?.[1] && i === want.length - 1) {
      const rest = have.slice(i).join('/');
      if (!rest) return undefined;
      parameters[greedy[1]] = decodeSegment(rest);
      return parameters;
    }
    const segment = have[i];
    if (segment === undefined) return undefined;
    const parameter = /^\{(.+)\}$/.exec(pattern);
    if (parameter?.[1]) {
      if (!segment) return undefined;
      parameters[parameter[1]] = decodeSegment(segment);
    } else if (segment !== pattern) {
      return undefined;
    }
  }
  return have.length === want.length ? parameters : undefined;
}

/**
 * The route a request goes to, as API Gateway picks it: method and path must both match; a
 * literal segment wins over a parameter (the most specific route first).
 */
export function matchRoute<R extends RouteDefinition>(
  routes: readonly R[],
  method: string,
  rawPath: string,
): RouteMatch<R> | undefined {
  const specificity = (path: string) =>
    path
      .split('/')
      .map((segment) => (segment.startsWith('{') ? (segment.endsWith('+}') ? '0' : '1') : '2'))
      .join('');
  const candidates = routes
    .filter((route) => route.method === method.toUpperCase())
    .sort((a, b) => specificity(b.path).localeCompare(specificity(a.path)));
  for (const route of candidates) {
    const pathParameters = matchPath(route.path, rawPath);
    if (pathParameters) return { route, routeKey: `${route.method} ${route.path}`, pathParameters };
  }
  return undefined;
}

/** Header names lower-cased; repeated headers joined with commas; cookies taken out as API Gateway does. */
export function collectHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
    } else {
      headers[name] = name in headers ? `${headers[name]},${value}` : value;
    }
  }
  return { headers, cookies };
}

/** Query parameters decoded; repeated names joined with commas (payload 2.0 has no multi-value map). */
export function collectQuery(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  return Object.keys(query).length ? query : undefined;
}

/** Content types API Gateway passes as text; any other body (or one without a type) arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    /^application\/([\w.-]+\+)?(json|xml)$/.test(type) ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/graphql'
  );
}

function traceId(receivedAt: Date): string {
  return `Root=1-${Math.floor(receivedAt.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** The API Gateway v2 (payload 2.0) event for a request that matched a route. */
export function buildApiEvent(
  request: IncomingApiRequest,
  match: Pick<RouteMatch<RouteDefinition>, 'routeKey' | 'pathParameters'>,
  stamp: RequestStamp,
  api: ApiIdentity = LOCAL_API,
): APIGatewayProxyEventV2 {
  const { rawPath, rawQueryString } = splitUrl(request.url);
  const { headers, cookies } = collectHeaders(request.rawHeaders);
  // API Gateway's edge adds these; handlers that log the client address read them.
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${request.sourceIp}`
    : request.sourceIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = /:(\d+)$/.exec(headers.host ?? '')?.[1] ?? '80';
  headers['x-amzn-trace-id'] ??= traceId(stamp.receivedAt);
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const queryStringParameters = collectQuery(rawQueryString);
  const hasBody = request.body.byteLength > 0;
  const text = isTextContentType(headers['content-type']);
  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: stamp.requestId,
      routeKey: match.routeKey,
      stage: api.stage,
      time: formatRequestTime(stamp.receivedAt),
      timeEpoch: stamp.receivedAt.getTime(),
    },
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    ...(hasBody ? { body: request.body.toString(text ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: hasBody && !text,
  };
}

/**
 * The Lambda authorizer's REQUEST event (payload 2.0) for the same request; `identitySource`: the
 * value of the identity source (the Authorization header), as API Gateway lists it.
 * Like the proxy event, it carries `cookies` only when the request has some (the aws-lambda
 * type says always; AWS's events say otherwise).
 */
export function buildAuthorizerEvent(
  event: APIGatewayProxyEventV2,
  api: ApiIdentity = LOCAL_API,
): APIGatewayRequestAuthorizerEventV2 {
  const authorization = event.headers?.authorization?.trim();
  const identitySource = authorization ? [authorization] : [];
  const method = event.requestContext.http.method;
  const authorizerEvent: Omit<APIGatewayRequestAuthorizerEventV2, 'cookies'> & { cookies?: string[] } = {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stage}/${method}${event.rawPath}`,
    identitySource,
    routeKey: event.routeKey,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString,
    ...(event.cookies ? { cookies: event.cookies } : {}),
    headers: event.headers,
    ...(event.queryStringParameters ? { queryStringParameters: event.queryStringParameters } : {}),
    requestContext: event.requestContext,
    ...(event.pathParameters ? { pathParameters: event.pathParameters } : {}),
  };
  return authorizerEvent as APIGatewayRequestAuthorizerEventV2;
}

/** API Gateway's own answers (not the API's error shape: these never reach a handler). */
export const GATEWAY_ERRORS = {
  notFound: { statusCode: 404, message: 'Not Found' },
  /** No identity source (Authorization header): the authorizer is not invoked. */
  unauthorized: { statusCode: 401, message: 'Unauthorized' },
  forbidden: { statusCode: 403, message: 'Forbidden' },
  tooLarge: { statusCode: 413, message: 'Request Entity Too Large' },
  internal: { statusCode: 500, message: 'Internal Server Error' },
} as const;

/** A gateway error response: `{"message":"Not Found"}` and friends. */
export function gatewayError(
  error: (typeof GATEWAY_ERRORS)[keyof typeof GATEWAY_ERRORS],
  requestId?: string,
): HttpResponse {
  return {
    statusCode: error.statusCode,
    headers: { 'content-type': 'application/json', ...(requestId ? { 'apigw-requestid': requestId } : {}) },
    body: Buffer.from(JSON.stringify({ message: error.message })),
  };
}

/**
 * Turns a function's result into the HTTP response, with payload 2.0's rules: a result with a
 * `statusCode` is used as given (headers, cookies → set-cookie, base64 body); anything else is
 * a 200 whose JSON body is the result itself.
 */
export function toHttpResponse(result: unknown, requestId: string): HttpResponse {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'apigw-requestid': requestId },
      body: Buffer.from(body),
    };
  }
  const structured = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  headers['apigw-requestid'] = requestId;
  const body = Buffer.from(structured.body ?? '', structured.isBase64Encoded ? 'base64' : 'utf8');
  return { statusCode: Number(structured.statusCode ?? 200), headers, body };
}
