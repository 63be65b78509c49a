import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { APIGatewaySimpleAuthorizerWithContextResult, Context } from 'aws-lambda';
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
import { LOCAL_HOST, PortInUseError } from './ports';

/*
 * The local stand-in for API Gateway: routes requests by the manifest's HTTP triggers, runs the
 * manifest's Lambda authorizer on every request (as the deployed API does: no identity source,
 * no cache), then the route's handler, in this process. Handlers are imported on first use, so
 * a route whose handler is broken fails alone and the others keep working.
 */

/** A Lambda handler as the adapter calls it. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Finds a function's handler; the default imports its manifest entry. */
export type HandlerLoader = (spec: FunctionSpec) => Promise<LambdaHandler>;

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
}

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;
/** Lambda refuses to return a response over 6 MB; API Gateway then answers 500. */
export const MAX_LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;

const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** Imports `<project>/<entry>` (TypeScript, through the tsx loader `npm start` runs under). */
export const importManifestEntry: HandlerLoader = async (spec) => {
  const module = (await import(join(PROJECT_ROOT, spec.entry))) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler function`);
  return module.handler as LambdaHandler;
};

/** Manifest entries whose file does not exist (yet): worth a warning at start, not a refusal. */
export function missingEntries(functions: readonly FunctionSpec[] = FUNCTIONS): string[] {
  return functions.filter((spec) => !existsSync(join(PROJECT_ROOT, spec.entry))).map((spec) => spec.entry);
}

function lambdaContext(spec: FunctionSpec, api: ApiIdentity): Context {
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: spec.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${api.region}:${api.accountId}:function:${spec.name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: `${day}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

class FunctionTimeoutError extends Error {
  constructor(spec: FunctionSpec) {
    super(`${spec.name} timed out after ${spec.timeoutSeconds} s (its manifest timeout)`);
    this.name = 'FunctionTimeoutError';
  }
}

/** Invokes a handler as Lambda would: with a context, within the manifest's timeout. */
async function invoke(spec: FunctionSpec, handler: LambdaHandler, event: unknown, api: ApiIdentity): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FunctionTimeoutError(spec)), spec.timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([handler(event, lambdaContext(spec, api)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isSimpleAuthorizerResult(value: unknown): value is APIGatewaySimpleAuthorizerWithContextResult<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && typeof (value as { isAuthorized?: unknown }).isAuthorized === 'boolean';
}

/**
 * Answers one request the way API Gateway would: 404 for no route, the authorizer's verdict,
 * then the route's response. Free of node:http, so unit tests call it directly.
 */
export function createRequestHandler(options: ApiAdapterOptions = {}): (request: IncomingApiRequest) => Promise<HttpResponse> {
  const functions = options.functions ?? FUNCTIONS;
  const routes = httpRoutes(functions);
  const authorizer = authorizerSpec(functions);
  const api = options.api ?? LOCAL_API;
  const loadHandler = options.loadHandler ?? importManifestEntry;
  const logError = options.logError ?? ((message, error) => console.error(`${message}:`, error));
  const loaded = new Map<string, Promise<LambdaHandler>>();
  const handlerOf = (spec: FunctionSpec) => {
    let handler = loaded.get(spec.name);
    if (!handler) {
      handler = loadHandler(spec);
      // A failed import is retried on the next request: the developer may be fixing the file.
      handler.catch(() => loaded.delete(spec.name));
      loaded.set(spec.name, handler);
    }
    return handler;
  };

  return async (request) => {
    const stamp = newRequestStamp();
    const match = matchRoute(routes, request.method, splitUrl(request.url).rawPath);
    if (!match) return gatewayError(GATEWAY_ERRORS.notFound, stamp.requestId);
    const event = buildApiEvent(request, match, stamp, api);

    let verdict: unknown;
    try {
      verdict = await invoke(authorizer, await handlerOf(authorizer), buildAuthorizerEvent(event, api), api);
    } catch (error) {
      logError(`${authorizer.entry} failed`, error);
      return gatewayError(GATEWAY_ERRORS.internal, stamp.requestId);
    }
    if (!isSimpleAuthorizerResult(verdict)) {
      logError(`${authorizer.entry} returned no simple response ({isAuthorized, context})`, verdict);
      return gatewayError(GATEWAY_ERRORS.internal, stamp.requestId);
    }
    if (!verdict.isAuthorized) return gatewayError(GATEWAY_ERRORS.forbidden, stamp.requestId);

    const authorizedEvent = { ...event, requestContext: { ...event.requestContext, authorizer: { lambda: verdict.context ?? {} } } };
    let result: unknown;
    try {
      result = await invoke(match.route.spec, await handlerOf(match.route.spec), authorizedEvent, api);
    } catch (error) {
      logError(`${match.route.spec.entry} failed`, error);
      return gatewayError(GATEWAY_ERRORS.internal, stamp.requestId);
    }
    if (Buffer.byteLength(JSON.stringify(result ?? null)) > MAX_LAMBDA_RESPONSE_BYTES) {
      logError(`${match.route.spec.entry} returned more than Lambda's 6 MB response limit`, undefined);
      return gatewayError(GATEWAY_ERRORS.internal, stamp.requestId);
    }
    return toHttpResponse(result, stamp.requestId);
  };
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
  const headers = { ...answer.headers, 'content-length': String(answer.body.byteLength), ...(closeConnection ? { connection: 'close' } : {}) };
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
export async function startApiAdapter(port: number, options: ApiAdapterOptions & { portEnvName?: string } = {}): Promise<ApiAdapter> {
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
    readBody(request, maxBodyBytes)
      .then(async (body) => {
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

  const bound = await new Promise<number>((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, options.portEnvName ?? 'PORT') : error));
    server.listen(port, LOCAL_HOST, () => {
      const address = server.address();
      resolvePort(address && typeof address === 'object' ? address.port : port);
    });
  });
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
