import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { authorizerSpec, FUNCTIONS, httpRoutes, type FunctionSpec } from '../../functions/manifest';
import {
  buildApiEvent,
  buildAuthorizerEvent,
  GATEWAY_ERRORS,
  gatewayError,
  LOCAL_API,
  matchRoute,
  newRequestStamp,
  splitUrl,
  toHttpResponse,
  type ApiIdentity,
  type HttpResponse,
  type IncomingApiRequest,
} from './api-event';
import { handlerCache, importManifestEntry, invokeHandler, type HandlerLoader } from './lambda-runtime';
import { LOCAL_HOST, listenLocal } from './ports';
import { serveStatic, type StaticSite } from './web-static';

export { importManifestEntry, missingEntries, type HandlerLoader, type LambdaHandler } from './lambda-runtime';

/*
 * The local stand-in for API Gateway: routes requests by the manifest's HTTP triggers, answers
 * 401 itself to a request without an Authorization header (the deployed authorizer's identity
 * source) without invoking anything, runs the manifest's Lambda authorizer on every other request
 * (as the deployed API does: no cache) except on a public route, then the route's handler, in this process. Handlers are imported on first use, so
 * a route whose handler is broken fails alone and the others keep working.
 */

export interface ApiAdapterOptions {
  /** The manifest to route by (tests pass their own). */
  functions?: readonly FunctionSpec[];
  loadHandler?: HandlerLoader;
  api?: ApiIdentity;
  /** API Gateway refuses request bodies over 10 MB. */
  maxBodyBytes?: number;
  /** One line per request; defaults to stdout. */
  log?: (line: string) => void;
  /** Reports a handler's failure (the client sees only API Gateway's 500). */
  logError?: (message: string, error: unknown) => void;
  /** The web app served at the same origin (every GET outside /v1/), as CloudFront does on AWS. */
  site?: StaticSite;
}

/** The header of the authorizer's identity source (infra/constructs/api.ts AUTHORIZER_IDENTITY_SOURCE), as events name it. */
export const AUTHORIZER_IDENTITY_HEADER = 'authorization';

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;
/** Lambda refuses to return a response over 6 MB; API Gateway then answers 500. */
export const MAX_LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;

function isSimpleAuthorizerResult(
  value: unknown,
): value is APIGatewaySimpleAuthorizerWithContextResult<Record<string, unknown>> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { isAuthorized?: unknown }).isAuthorized === 'boolean'
  );
}

/**
 * Answers one request the way API Gateway would: 404 for no route, the authorizer's verdict,
 * then the route's response. Free of node:http, so unit tests call it directly.
 */
export function createRequestHandler(
  options: ApiAdapterOptions = {},
): (request: IncomingApiRequest) => Promise<HttpResponse> {
  const functions = options.functions ?? FUNCTIONS;
  const routes = httpRoutes(functions);
  const authorizer = authorizerSpec(functions);
  const api = options.api ?? LOCAL_API;
  const loadHandler = options.loadHandler ?? importManifestEntry;
  const logError = options.logError ?? ((message, error) => console.error(`${message}:`, error));
  const handlerOf = handlerCache(loadHandler);

  return async (request) => {
    const stamp = newRequestStamp();
    const match = matchRoute(routes, request.method, splitUrl(request.url).rawPath);
    if (!match) return gatewayError(GATEWAY_ERRORS.notFound, stamp.requestId);
    const event = buildApiEvent(request, match, stamp, api);
    if (match.route.public) return invokeRoute(match.route.spec, event, stamp.requestId);

    // The identity source: no Authorization header (or an empty one) → 401, the authorizer never runs.
    const identity = event.headers?.[AUTHORIZER_IDENTITY_HEADER]?.trim();
    if (!identity) return gatewayError(GATEWAY_ERRORS.unauthorized, stamp.requestId);

    let verdict: unknown;
    try {
      verdict = await invokeHandler(authorizer, await handlerOf(authorizer), buildAuthorizerEvent(event, api), api);
    } catch (error) {
      logError(`${authorizer.entry} failed`, error);
      return gatewayError(GATEWAY_ERRORS.internal, stamp.requestId);
    }
    if (!isSimpleAuthorizerResult(verdict)) {
      logError(`${authorizer.entry} returned no simple response ({isAuthorized, context})`, verdict);
      return gatewayError(GATEWAY_ERRORS.internal, stamp.requestId);
    }
    if (!verdict.isAuthorized) return gatewayError(GATEWAY_ERRORS.forbidden, stamp.requestId);

    const authorizedEvent = {
      ...event,
      requestContext: { ...event.requestContext, authorizer: { lambda: verdict.context ?? {} } },
    };
    return invokeRoute(match.route.spec, authorizedEvent, stamp.requestId);
  };

  async function invokeRoute(spec: FunctionSpec, event: unknown, requestId: string): Promise<HttpResponse> {
    let result: unknown;
    try {
      result = await invokeHandler(spec, await handlerOf(spec), event, api);
    } catch (error) {
      logError(`${spec.entry} failed`, error);
      return gatewayError(GATEWAY_ERRORS.internal, requestId);
    }
    if (Buffer.byteLength(JSON.stringify(result ?? null)) > MAX_LAMBDA_RESPONSE_BYTES) {
      logError(`${spec.entry} returned more than Lambda's 6 MB response limit`, undefined);
      return gatewayError(GATEWAY_ERRORS.internal, requestId);
    }
    return toHttpResponse(result, requestId);
  }
}

/**
 * Reads a request body, or reports it too large. A too-large body is still read to its end
 * (and dropped): answering mid-upload would make clients see a reset connection, not the 413.
 */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolveBody(size > maxBytes ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: HttpResponse, closeConnection = false): void {
  const headers = {
    ...answer.headers,
    'content-length': String(answer.body.byteLength),
    ...(closeConnection ? { connection: 'close' } : {}),
  };
  response.writeHead(answer.statusCode, headers);
  response.end(answer.body);
}

/** The running local API. */
export interface ApiAdapter {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts the local API on 127.0.0.1:`port` (0 → a free port). */
export async function startApiAdapter(
  port: number,
  options: ApiAdapterOptions & { portEnvName?: string } = {},
): Promise<ApiAdapter> {
  const handle = createRequestHandler(options);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  const log = options.log ?? ((line: string) => console.log(line));

  const server: Server = createServer((request, response) => {
    const started = process.hrtime.bigint();
    const done = (answer: HttpResponse, closeConnection = false) => {
      send(response, answer, closeConnection);
      const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
      log(`${request.method} ${request.url} ${answer.statusCode} ${ms}ms`);
    };
    const site = options.site;
    (site ? serveStatic(site, request, response) : Promise.resolve(false))
      .then(async (served) => {
        if (served) return;
        const body = await readBody(request, maxBodyBytes);
        if (body === 'too-large') return done(gatewayError(GATEWAY_ERRORS.tooLarge), true);
        const answer = await handle({
          method: request.method ?? 'GET',
          url: request.url ?? '/',
          rawHeaders: request.rawHeaders,
          body,
          sourceIp: (request.socket.remoteAddress ?? LOCAL_HOST).replace(/^::ffff:/, ''),
          httpVersion: request.httpVersion,
        });
        done(answer);
      })
      .catch((error: unknown) => {
        (options.logError ?? console.error)('local API adapter failed', error);
        if (!response.headersSent) done(gatewayError(GATEWAY_ERRORS.internal));
      });
  });

  const bound = await listenLocal(server, port, options.portEnvName ?? 'PORT');
  return {
    url: `http://${LOCAL_HOST}:${bound}`,
    port: bound,
    stop: () =>
      new Promise<void>((resolveStop) => {
        server.close(() => resolveStop());
        server.closeAllConnections();
      }),
  };
}
