import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { $ZodType, output } from 'zod/v4/core';
import {
  archivedSchoolOf,
  expiredTokenOf,
  fromAuthorizerContext,
  hasMalformedCredentials,
  rateLimitOf,
  type Principal,
  type Role,
} from '../auth/principal';
import { AppError, toErrorBody } from '../errors';
import { DEFAULT_LOCALE, localize, negotiateLocale, type Locale, type Text } from '../i18n';
import { lambdaContextLogging, logger } from '../logger';
import { parseOrThrow, type FieldDescriptions } from '../validation';
import { MAX_BODY_BYTES, TOKEN_RATE_LIMITS, type RateLimitClass } from './limits';

/** The API Gateway v2 event as our routes receive it: the authorizer's simple-response context under `lambda`. */
export type ApiEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { lambda?: Record<string, unknown> } };
};
export type ApiResponse = APIGatewayProxyStructuredResultV2;

type Raw = Record<string, string | undefined>;

/**
 * The zod schemas a route names for its input (`apiHandler({ roles, path, query, body }, core)`):
 * the stack parses each (path, then query, then body) and hands the core their output. A value
 * that does not fit is VALIDATION_FAILED (400) with every field and its reason in the caller's
 * language, as `parseOrThrow` words it, before the core runs.
 */
export interface RouteInput<
  B extends $ZodType | undefined = undefined,
  Q extends $ZodType | undefined = undefined,
  T extends $ZodType | undefined = undefined,
> {
  /** The path parameters, e.g. `z.object({ month: reportMonthSchema })`. */
  path?: T;
  /** The query string's parameters (each a string). */
  query?: Q;
  /** The JSON body. */
  body?: B;
  /** How the body's fields are named in messages (labels by dotted path, see shared/validation.ts). */
  bodyLabels?: FieldDescriptions;
  /** A request without a body is read as `{}` (a body that is JSON null is still refused). */
  bodyOptional?: boolean;
}

/** What a core receives for one part of the request: the schema's output, or the raw value when the route names none. */
type Parsed<S, RawValue> = S extends $ZodType ? output<S> : RawValue;

/** What a route's core receives: the caller, their locale, the request's parts (parsed when the route named a schema). */
export interface ApiRequest<
  P extends Principal | undefined = Principal,
  B extends $ZodType | undefined = undefined,
  Q extends $ZodType | undefined = undefined,
  T extends $ZodType | undefined = undefined,
> {
  event: ApiEvent;
  locale: Locale;
  principal: P;
  /** The body parsed with the route's `body` schema; without one, the parsed JSON (undefined when there was none). */
  body: Parsed<B, unknown>;
  /** The JSON body as it came, before the route's schema (its defaults, trimming): undefined when there was none. */
  rawBody: unknown;
  /** The path parameters parsed with the route's `path` schema, or as they came. */
  pathParameters: Parsed<T, Raw>;
  /** The query parameters parsed with the route's `query` schema, or as they came. */
  query: Parsed<Q, Raw>;
}

/** A route's answer before serialization. */
export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * A file instead of JSON (e.g. a workbook): sent as is, base64-encoded for API Gateway
   * (`isBase64Encoded`), with this content type; `body` is then ignored.
   */
  binary?: { data: Uint8Array; contentType: string };
}

/**
 * What a route's core did, as the domain says it; `answer` gives it its status: created 201, an
 * identical replay of an earlier request 200, handed on to be done later 202, produced now 200.
 */
export interface Outcome<B = unknown> {
  kind: keyof typeof OUTCOME_STATUS;
  body: B;
}

const OUTCOME_STATUS = { created: 201, replayed: 200, accepted: 202, produced: 200 } as const;

/** A core's outcome as the route answers it. */
export function answer(outcome: Outcome): ApiResult {
  return { status: OUTCOME_STATUS[outcome.kind], body: outcome.body };
}

/**
 * A file a core serves: its bytes with the name it is saved under (and an ASCII one for old
 * clients) and the version of its content, or, when too large to send, a short-lived link.
 */
export type FileOutcome =
  | { kind: 'elsewhere'; url: string }
  | { kind: 'file'; data: Uint8Array; contentType: string; fileName: string; asciiName: string; version: string };

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string, fallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** 200 with the file as an attachment (its version as the ETag), or 302 to where it is. */
export function fileAnswer(outcome: FileOutcome): ApiResult {
  if (outcome.kind === 'elsewhere') return { status: 302, body: null, headers: { location: outcome.url } };
  return {
    status: 200,
    body: null,
    binary: { data: outcome.data, contentType: outcome.contentType },
    headers: {
      'content-disposition': attachmentDisposition(outcome.fileName, outcome.asciiName),
      etag: `"${outcome.version}"`,
    },
  };
}

type ApiContext = Context & { houqin?: { locale: Locale; principal?: Principal; body?: unknown } };

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function json(status: number, body: unknown, locale: Locale, headers: Record<string, string> = {}): ApiResponse {
  return {
    statusCode: status,
    headers: { ...BASE_HEADERS, 'content-language': locale, ...headers },
    body: JSON.stringify(body),
  };
}

/** A binary answer: the bytes base64-encoded, as API Gateway wants them (it decodes them for the client). */
function file(
  status: number,
  binary: NonNullable<ApiResult['binary']>,
  locale: Locale,
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    statusCode: status,
    headers: { ...BASE_HEADERS, 'content-type': binary.contentType, 'content-language': locale, ...headers },
    body: Buffer.from(binary.data).toString('base64'),
    isBase64Encoded: true,
  };
}

/** Negotiates the locale and reads the principal the authorizer resolved; logs route and school. */
const callerContext = (): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> => ({
  name: 'caller-context',
  before: (request) => {
    const locale = negotiateLocale(request.event.headers?.['accept-language']);
    const principal = fromAuthorizerContext(request.event.requestContext.authorizer?.lambda);
    request.context.houqin = { locale, principal };
    logger.appendKeys({
      route: request.event.routeKey,
      apiRequestId: request.event.requestContext.requestId,
      role: principal?.role,
      districtId: principal && 'districtId' in principal ? principal.districtId : undefined,
      schoolId: principal?.role === 'school' ? principal.schoolId : undefined,
      tokenId: principal?.tokenId,
    });
  },
});

/** How each role reads in the message of a route it cannot use. */
const ROLE_NAMES: Record<Role, Text> = {
  school: { zh: '学校', en: 'school' },
  official: { zh: '区县教育局（官员）', en: 'official' },
  admin: { zh: '管理员', en: 'admin' },
};

function roleList(roles: readonly Role[]): Text {
  return {
    zh: roles.map((role) => ROLE_NAMES[role].zh).join('或'),
    en: roles.map((role) => ROLE_NAMES[role].en).join(' or '),
  };
}

/**
 * Only the named roles pass. No principal → 401 (AUTHORIZATION_MALFORMED when the header was not
 * `Bearer <token>`, saying how it should look); a role the route never serves → 403 naming the
 * roles it does. The route, not any id, decides that, so the answer tells nothing about data.
 */
const requireRole = (roles: readonly Role[]): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> => ({
  name: 'require-role',
  before: (request) => {
    const principal = request.context.houqin?.principal;
    const context = request.event.requestContext.authorizer?.lambda;
    const archivedOn = principal ? undefined : archivedSchoolOf(context);
    if (archivedOn) throw new AppError('SCHOOL_ARCHIVED', { archivedOn }, { date: { zh: archivedOn, en: archivedOn } });
    const expiredAt = principal ? undefined : expiredTokenOf(context);
    if (expiredAt) throw new AppError('TOKEN_EXPIRED', { expiredAt }, { date: { zh: expiredAt, en: expiredAt } });
    if (!principal)
      throw new AppError(hasMalformedCredentials(context) ? 'AUTHORIZATION_MALFORMED' : 'UNAUTHENTICATED');
    if (!roles.includes(principal.role)) {
      throw new AppError(
        'ROLE_NOT_ALLOWED',
        { requiredRoles: [...roles], role: principal.role },
        { roles: roleList(roles), role: ROLE_NAMES[principal.role] },
      );
    }
  },
});

/**
 * A token past its budget of the route's class (the authorizer counted the request, see
 * shared/auth/rate-limit.ts) → 429 RATE_LIMITED with `Retry-After`, before the route does anything.
 */
const rateLimit = (): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> => ({
  name: 'rate-limit',
  before: (request) => {
    const limited = rateLimitOf(request.event.requestContext.authorizer?.lambda);
    if (!limited) return;
    const budget = TOKEN_RATE_LIMITS[limited.routeClass as RateLimitClass] as
      (typeof TOKEN_RATE_LIMITS)[RateLimitClass] | undefined;
    const seconds = String(limited.retryAfterSeconds);
    const limit = String(budget?.requests ?? '?');
    const window = String(budget?.windowSeconds ?? '?');
    throw new AppError(
      'RATE_LIMITED',
      { routeClass: limited.routeClass, retryAfterSeconds: limited.retryAfterSeconds, limit: budget?.requests },
      { seconds: { zh: seconds, en: seconds }, limit: { zh: limit, en: limit }, window: { zh: window, en: window } },
      { 'retry-after': seconds },
    );
  },
});

const FORBIDDEN_KEY: Text = {
  zh: '请求体中不允许出现键名 __proto__',
  en: 'The key __proto__ is not allowed in a request body',
};

/** Parses a JSON body: content type checked, size bounded, malformed JSON and `__proto__` keys refused. */
const jsonBody = (maxBytes: number): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> => ({
  name: 'json-body',
  before: (request) => {
    const { event } = request;
    if (event.body === undefined || event.body === null || event.body === '') return;
    const contentType = event.headers?.['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
    if (raw.byteLength > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes });
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    let parsed: unknown;
    let poisoned = false;
    try {
      const decoded = text.decode(raw);
      // A `__proto__` key (however escaped) is refused, not parsed: zod's records drop it silently
      // and an object spread would make it a prototype. Only a body that could spell it pays for the reviver.
      parsed = /__proto__|\\u/.test(decoded)
        ? JSON.parse(decoded, (key: string, value: unknown) => {
            if (key === '__proto__') poisoned = true;
            return value;
          })
        : JSON.parse(decoded);
    } catch {
      throw new AppError('INVALID_JSON');
    }
    if (poisoned)
      throw new AppError('VALIDATION_FAILED', [
        { field: '__proto__', reason: localize(FORBIDDEN_KEY, request.context.houqin?.locale ?? DEFAULT_LOCALE) },
      ]);
    if (request.context.houqin) request.context.houqin.body = parsed;
  },
});

/** When the stack took the request (performance.now()), for its log line. */
type ApiInternal = { startedAt?: number };

const elapsedMs = (internal: ApiInternal) =>
  internal.startedAt === undefined ? undefined : Math.round(performance.now() - internal.startedAt);

/**
 * Logs one line per request (status, duration) and renders every failure in the one error shape;
 * causes of 5xx are logged, never shown.
 */
const errorResponder = (): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext, ApiInternal> => ({
  name: 'error-responder',
  before: (request) => {
    request.internal.startedAt = performance.now();
  },
  after: (request) => {
    logger.info('request done', { status: request.response?.statusCode, durationMs: elapsedMs(request.internal) });
  },
  onError: (request) => {
    const locale = request.context.houqin?.locale ?? negotiateLocale(request.event.headers?.['accept-language']);
    const { status, body } = toErrorBody(request.error, locale);
    const durationMs = elapsedMs(request.internal);
    if (status >= 500) logger.error('request failed', { status, durationMs, error: request.error as Error });
    else logger.info('request refused', { status, code: body.error.code, durationMs });
    request.response = json(
      status,
      body,
      locale,
      request.error instanceof AppError ? request.error.headers : undefined,
    );
  },
});

/** Parses the request's parts with the route's schemas (path, query, body: the order the cores checked them in). */
function routeInput(
  input: RouteInput<$ZodType | undefined, $ZodType | undefined, $ZodType | undefined>,
  event: ApiEvent,
  body: unknown,
  locale: Locale,
) {
  const path = event.pathParameters ?? {};
  const query = event.queryStringParameters ?? {};
  const rawBody = body === undefined && input.bodyOptional ? {} : body;
  return {
    rawBody: body,
    pathParameters: input.path ? parseOrThrow(input.path, path, locale) : path,
    query: input.query ? parseOrThrow(input.query, query, locale) : query,
    body: input.body ? parseOrThrow(input.body, rawBody, locale, input.bodyLabels) : body,
  };
}

/** The one middleware stack around a route's core; `roles` undefined: a public route (no role check). */
function routeHandler<
  P extends Principal | undefined,
  B extends $ZodType | undefined,
  Q extends $ZodType | undefined,
  T extends $ZodType | undefined,
>(
  roles: readonly Role[] | undefined,
  options: RouteInput<B, Q, T> & { maxBodyBytes?: number },
  core: (request: ApiRequest<P, B, Q, T>) => Promise<ApiResult>,
) {
  const stack = middy<ApiEvent, ApiResponse, Error, ApiContext>()
    // Never the event: it carries the Authorization header (lambdaContextLogging does not log it).
    .use(lambdaContextLogging())
    .use(errorResponder())
    .use(httpHeaderNormalizer())
    .use(callerContext());
  if (roles) stack.use(requireRole(roles)).use(rateLimit());
  return stack.use(jsonBody(options.maxBodyBytes ?? MAX_BODY_BYTES)).handler(async (event, context) => {
    const { locale, principal, body } = context.houqin ?? { locale: negotiateLocale(undefined) };
    if (roles && !principal) throw new AppError('UNAUTHENTICATED');
    const result = await core({
      event,
      locale,
      // requireRole has admitted only the roles asked for (a public route takes whatever came).
      principal: principal as P,
      ...(routeInput(options, event, body, locale) as Pick<
        ApiRequest<P, B, Q, T>,
        'body' | 'rawBody' | 'pathParameters' | 'query'
      >),
    });
    return result.binary
      ? file(result.status, result.binary, locale, result.headers)
      : json(result.status, result.body, locale, result.headers);
  });
}

/**
 * Builds an HTTP route handler: the one middleware stack (logging context, header normalization,
 * locale and principal, role check, JSON body, the route's input schemas, error shape) around a
 * route's core, which gets the caller and the typed input.
 */
export function apiHandler<
  R extends Role,
  B extends $ZodType | undefined = undefined,
  Q extends $ZodType | undefined = undefined,
  T extends $ZodType | undefined = undefined,
>(
  options: { roles: readonly R[]; maxBodyBytes?: number } & RouteInput<B, Q, T>,
  core: (request: ApiRequest<Extract<Principal, { role: R }>, B, Q, T>) => Promise<ApiResult>,
) {
  return routeHandler(options.roles, options, core);
}

/**
 * A route that needs no token (the same stack without the role check): the request proves what it
 * may see itself, e.g. a signed photo link. The principal is whatever the authorizer resolved, if any.
 */
export function publicApiHandler(core: (request: ApiRequest<Principal | undefined>) => Promise<ApiResult>) {
  return routeHandler(undefined, {}, core);
}
