import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEventV2, Context, SNSEvent } from 'aws-lambda';
import type { Principal } from '../../shared/auth/principal';
import { toAuthorizerContext } from '../../shared/auth/principal';
import type { HazardRaisedDetail } from '../../shared/events/domain-events';
import type { ApiEvent, ApiResponse } from '../../shared/http/api-handler';

const EVENTS_DIR = join(__dirname, '..', '..', 'events');
const cache = new Map<string, string>();

function load(relativePath: string): unknown {
  let text = cache.get(relativePath);
  if (text === undefined) {
    text = readFileSync(join(EVENTS_DIR, relativePath), 'utf8');
    cache.set(relativePath, text);
  }
  // A fresh deep copy per call: no test can change what another one reads.
  return JSON.parse(text);
}

/** Options to adapt an HTTP fixture to one test. */
export interface ApiEventOptions {
  /** The caller as the authorizer resolved it; `null` for an unauthenticated request. */
  principal?: Principal | null;
  body?: unknown;
  rawBody?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

/** Loads `events/http/<name>.json` and adapts it. */
export function apiEvent(name: string, options: ApiEventOptions = {}): ApiEvent {
  const event = load(`http/${name}.json`) as ApiEvent;
  if (options.principal !== undefined) {
    event.requestContext.authorizer = { lambda: { ...toAuthorizerContext(options.principal ?? undefined) } };
  }
  if (options.rawBody !== undefined) event.body = options.rawBody;
  else if (options.body !== undefined) event.body = JSON.stringify(options.body);
  if (options.pathParameters) event.pathParameters = options.pathParameters;
  if (options.query) {
    event.queryStringParameters = options.query;
    event.rawQueryString = new URLSearchParams(options.query).toString();
  }
  if (options.headers) event.headers = { ...event.headers, ...options.headers };
  return event;
}

/** Loads the authorizer's REQUEST event with an Authorization header (or none). */
export function authorizerEvent(authorization?: string): APIGatewayRequestAuthorizerEventV2 {
  const event = load('authorizer/request.json') as APIGatewayRequestAuthorizerEventV2;
  const { authorization: _dropped, ...headers } = event.headers ?? {};
  event.headers = authorization === undefined ? headers : { ...headers, authorization };
  return event;
}

/**
 * The detail of events/eventbridge/hazard-raised.json: the critical hazard of the fixtures (students
 * missing from a dormitory at night), as the stream fixture's Hazard INSERT announces it.
 */
export function hazardRaisedDetail(): HazardRaisedDetail {
  return (load('eventbridge/hazard-raised.json') as { detail: HazardRaisedDetail }).detail;
}

/** A Lambda context good enough for handlers under test. */
export function lambdaContext(functionName = 'test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A route handler as tests call it (middy's handler type is wider than the two arguments it takes). */
type RouteHandler = (event: ApiEvent, context: Context) => Promise<ApiResponse>;

/**
 * Calls a route's handler with `apiEvent(fixture, options)` and reads its answer as a client
 * would: the status, the parsed JSON body (null when there is none) and the headers.
 */
export async function callRoute(handler: unknown, fixture: string, options: ApiEventOptions = {}) {
  const response = await (handler as RouteHandler)(apiEvent(fixture, options), lambdaContext(fixture));
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null'), headers: response.headers ?? {} };
}

/**
 * `events/sns/ses-bounce.json` as SNS hands it to record-bounce: a permanent bounce of `address`,
 * from the report mail of `report.districtId`'s `report.month` (its first delivery unless said).
 */
export function sesBounceEvent(
  address: string,
  report: { districtId: string; month: string; delivery?: number },
): SNSEvent {
  const event = load('sns/ses-bounce.json') as SNSEvent;
  const message = JSON.parse(event.Records[0]!.Sns.Message);
  message.bounce.bouncedRecipients[0].emailAddress = address;
  message.mail.tags = {
    ...message.mail.tags,
    'houqin-district': [report.districtId],
    'houqin-month': [report.month],
    'houqin-delivery': [String(report.delivery ?? 1)],
  };
  event.Records[0]!.Sns.Message = JSON.stringify(message);
  return event;
}
