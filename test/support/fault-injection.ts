import { Readable } from 'node:stream';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import { mulberry32 } from '../../shared/forms/demo-kit';

/*
 * Faults injected under an AWS SDK client's retry layer. The SDK's middleware (retries with
 * back-off, the retry quota, error parsing) ends in the client's request handler, the object
 * that sends one HTTP request and returns its response. This module swaps that handler for one
 * that sometimes answers for the service — a throttling error, a 500, a 503 — without sending,
 * or sends and then loses the answer. Everything above it runs as in production: the SDK sees
 * an HTTP response, parses the service's error and retries it, so a test sees real retries.
 *
 * Which calls fail is a seeded sequence (a call is failed when the next number drawn is under
 * the rate), so a run draws the same faults in the same order; under concurrency, which request
 * meets which draw follows the order requests reach the handler.
 */

/** One request as the injector sees it. */
export interface InterceptedCall {
  /** The service operation (e.g. TransactWriteItems, SendRawEmail, HeadObject) as the preset names it. */
  operation: string;
  /** The SDK's attempt number of this request (1 = first try; from its amz-sdk-request header). */
  attempt: number;
  /** The SDK's last allowed attempt (its maxAttempts). */
  maxAttempts: number;
  request: HttpRequest;
}

/** What an injected fault does: answers without sending, or sends and loses the answer. */
export interface Fault {
  /** Shown in the statistics, e.g. `ThrottlingException`. */
  name: string;
  /** The response the SDK receives instead of the service's. */
  response: () => HttpResponse;
  /** Send the request first (the service acts on it), then answer `response`: a lost response. */
  afterSending?: boolean;
}

/** How a client's requests are failed. */
export interface FaultPlan {
  /** Share of the eligible requests that fail, 0 to 1. */
  rate: number;
  /** Seeds the sequence of draws. */
  seed: number;
  /** The faults; each failed call gets one of them, drawn from the same sequence. */
  faults: readonly Fault[];
  /** Names a request's operation. */
  operationOf: (request: HttpRequest) => string;
  /** Which requests may fail. @default every request */
  eligible?: (call: InterceptedCall) => boolean;
}

/** What the injector saw and did. */
export interface FaultStats {
  /** Requests that reached the handler, retries included. */
  requests: number;
  /** Requests the SDK sent as a retry (attempt ≥ 2). */
  retries: number;
  /** The highest attempt number seen. */
  maxAttempt: number;
  /** Faults injected, in all and by fault name and by operation. */
  injected: number;
  /** Faults injected on the SDK's last allowed attempt: those reached the calling code as errors. */
  exhausted: number;
  byFault: Record<string, number>;
  byOperation: Record<string, { requests: number; injected: number }>;
}

/** An installed injector; `restore()` puts the client's own handler back. */
export interface FaultInjector {
  readonly stats: FaultStats;
  /** Changes the share of requests that fail (0: none, 1: all) from now on. */
  setRate(rate: number): void;
  restore(): void;
}

/** A client whose resolved configuration holds its request handler (every AWS SDK v3 client). */
export interface SdkClientLike {
  config: { requestHandler: unknown };
}

type Handler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;

/** A small, seedable generator (good enough to pick faults, reproducible everywhere): the demo's mulberry32. */
export const seededRandom: (seed: number) => () => number = mulberry32;

const headerOf = (request: HttpRequest, name: string): string | undefined => {
  const key = Object.keys(request.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : request.headers[key];
};

/** The SDK's `amz-sdk-request: attempt=2; max=5` header. */
function attemptsOf(request: HttpRequest): { attempt: number; maxAttempts: number } {
  const header = headerOf(request, 'amz-sdk-request') ?? '';
  return {
    attempt: Number(/attempt=(\d+)/.exec(header)?.[1] ?? 1),
    maxAttempts: Number(/max=(\d+)/.exec(header)?.[1] ?? 1),
  };
}

const response = (statusCode: number, contentType: string, body: string): HttpResponse => ({
  statusCode,
  headers: {
    'content-type': contentType,
    'x-amzn-requestid': `injected-${Math.random().toString(16).slice(2)}`,
    'content-length': String(Buffer.byteLength(body)),
  },
  body: Readable.from([Buffer.from(body)]),
});

/** Lets a response the injector discards go, so its socket is freed. */
function drain(discarded: HttpResponse): void {
  const body = discarded.body as { resume?: () => void } | undefined;
  body?.resume?.();
}

/**
 * Puts a fault-injecting handler under `client` (its own handler still sends what is not failed).
 * Install it before the calls to fail and restore it afterwards (afterAll).
 */
export function injectFaults(client: SdkClientLike, plan: FaultPlan): FaultInjector {
  const inner = client.config.requestHandler as Handler;
  const random = seededRandom(plan.seed);
  let rate = plan.rate;
  const stats: FaultStats = {
    requests: 0,
    retries: 0,
    maxAttempt: 0,
    injected: 0,
    exhausted: 0,
    byFault: {},
    byOperation: {},
  };

  const wrapper: Handler & Record<string, unknown> = {
    metadata: inner.metadata,
    destroy: () => inner.destroy?.(),
    // NodeHttpHandler's configuration hooks (the SDK calls them at client set-up and on updates).
    updateHttpClientConfig: (key: never, value: never) =>
      (inner as unknown as { updateHttpClientConfig?: (k: never, v: never) => void }).updateHttpClientConfig?.(
        key,
        value,
      ),
    httpHandlerConfigs: () => (inner as unknown as { httpHandlerConfigs?: () => unknown }).httpHandlerConfigs?.() ?? {},
    handle: async (request, options) => {
      const call: InterceptedCall = { operation: plan.operationOf(request), ...attemptsOf(request), request };
      stats.requests += 1;
      stats.maxAttempt = Math.max(stats.maxAttempt, call.attempt);
      if (call.attempt > 1) stats.retries += 1;
      const perOperation = (stats.byOperation[call.operation] ??= { requests: 0, injected: 0 });
      perOperation.requests += 1;
      const eligible = plan.eligible?.(call) ?? true;
      // Draw for every eligible request, failed or not, so the sequence does not depend on the rate's history.
      const draw = eligible ? random() : 1;
      const fault = eligible && draw < rate ? plan.faults[Math.floor(random() * plan.faults.length)] : undefined;
      if (!fault) return inner.handle(request, options);
      stats.injected += 1;
      if (call.attempt >= call.maxAttempts) stats.exhausted += 1;
      perOperation.injected += 1;
      stats.byFault[fault.name] = (stats.byFault[fault.name] ?? 0) + 1;
      if (fault.afterSending) drain((await inner.handle(request, options)).response);
      return { response: fault.response() };
    },
  };
  client.config.requestHandler = wrapper;
  return {
    stats,
    setRate: (next) => {
      rate = next;
    },
    restore: () => {
      client.config.requestHandler = inner;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Per service: how it names an operation and how its errors look on the wire.

const DYNAMODB_JSON = 'application/x-amz-json-1.0';
const dynamoDbError =
  (statusCode: number, type: string, message: string): (() => HttpResponse) =>
  () =>
    response(
      statusCode,
      DYNAMODB_JSON,
      JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }),
    );

/** DynamoDB's faults: the two throttling errors (HTTP 400) and a 500, none of them sent; a lost answer to a sent request. */
export const DYNAMODB_FAULTS = {
  throttling: {
    name: 'ThrottlingException',
    response: dynamoDbError(400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.'),
  },
  provisionedThroughput: {
    name: 'ProvisionedThroughputExceededException',
    response: dynamoDbError(
      400,
      'ProvisionedThroughputExceededException',
      'The level of configured provisioned throughput for the table was exceeded.',
    ),
  },
  internalError: {
    name: 'InternalServerError (not sent)',
    response: dynamoDbError(500, 'InternalServerError', 'Internal server error'),
  },
  lostResponse: {
    name: 'InternalServerError (sent, answer lost)',
    response: dynamoDbError(500, 'InternalServerError', 'Internal server error'),
    afterSending: true,
  },
} satisfies Record<string, Fault>;

/** DynamoDB's operation: the X-Amz-Target header (`DynamoDB_20120810.TransactWriteItems` → TransactWriteItems). */
export const dynamoDbOperation = (request: HttpRequest): string =>
  headerOf(request, 'x-amz-target')?.split('.').pop() ?? 'unknown';

const queryError =
  (statusCode: number, type: 'Sender' | 'Receiver', code: string, message: string): (() => HttpResponse) =>
  () =>
    response(
      statusCode,
      'text/xml',
      `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>injected</RequestId></ErrorResponse>`,
    );

/** An SES (v1, query protocol) error answer, e.g. `sesQueryError(400, 'Sender', 'MessageRejected', '…')`. */
export const sesQueryError = queryError;

/** SES (v1, query protocol) faults: an outage (503) and throttling. */
export const SES_FAULTS = {
  unavailable: {
    name: 'ServiceUnavailable',
    response: queryError(503, 'Receiver', 'ServiceUnavailable', 'Service is unavailable. Please try again later.'),
  },
  throttling: {
    name: 'Throttling',
    response: queryError(400, 'Sender', 'Throttling', 'Maximum sending rate exceeded.'),
  },
} satisfies Record<string, Fault>;

/** SES's operation: the query's Action parameter (e.g. SendRawEmail). */
export const sesOperation = (request: HttpRequest): string =>
  /(?:^|&)Action=([A-Za-z]+)/.exec(typeof request.body === 'string' ? request.body : '')?.[1] ?? 'unknown';

/** S3 faults: S3 unavailable (503; HEAD answers carry no body on S3, the SDK goes by the status). */
export const S3_FAULTS = {
  unavailable: {
    name: 'ServiceUnavailable',
    response: () =>
      response(
        503,
        'application/xml',
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code><Message>Service is unable to handle request.</Message><RequestId>injected</RequestId></Error>',
      ),
  },
} satisfies Record<string, Fault>;

/** S3's operation, roughly: the method and whether a range or copy was asked for (HeadObject, GetObject, PutObject, CopyObject, DeleteObject). */
export const s3Operation = (request: HttpRequest): string => {
  switch (request.method) {
    case 'HEAD':
      return 'HeadObject';
    case 'GET':
      return request.query?.['list-type'] ? 'ListObjectsV2' : 'GetObject';
    case 'PUT':
      return headerOf(request, 'x-amz-copy-source') ? 'CopyObject' : 'PutObject';
    case 'DELETE':
      return 'DeleteObject';
    default:
      return request.method;
  }
};

/** A one-line account of what an injector did, for a test's log or a README figure. */
export function describeStats(label: string, stats: FaultStats): string {
  const faults = Object.entries(stats.byFault)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  return `${label}: ${stats.requests} requests, ${stats.injected} faults injected (${faults || 'none'}), ${stats.retries} SDK retries, highest attempt ${stats.maxAttempt}, ${stats.exhausted} on the last attempt (reached the caller)`;
}
