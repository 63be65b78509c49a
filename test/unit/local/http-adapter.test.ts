import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { FunctionSpec } from '../../../functions/manifest';
import type { IncomingApiRequest } from '../../../infra/local/api-event';
import { createRequestHandler, type LambdaHandler } from '../../../infra/local/http-adapter';
import { testFunctionSpec } from '../../support/manifest';

// A manifest of its own, with handlers that record what they were called with: the adapter is
// tested without the project's handlers, the network or the emulators.
const spec = testFunctionSpec;

const MANIFEST: FunctionSpec[] = [
  spec('authorizer', [{ kind: 'authorizer' }]),
  spec('get-thing', [{ kind: 'http', method: 'GET', path: '/v1/things/{id}' }]),
  spec('post-thing', [{ kind: 'http', method: 'POST', path: '/v1/things' }]),
  spec('slow-thing', [{ kind: 'http', method: 'GET', path: '/v1/slow' }], 0.05),
  spec('open-link', [{ kind: 'http', method: 'GET', path: '/v1/links/{id}', public: true }]),
];

/** A request as a client sends it; with a bearer token unless `headers` names Authorization (undefined: none at all). */
function request(
  method: string,
  url: string,
  headers: Record<string, string | undefined> = {},
  body = '',
): IncomingApiRequest {
  const named = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  const sent = { ...(named ? {} : { authorization: 'Bearer hq_test' }), ...headers };
  return {
    method,
    url,
    rawHeaders: Object.entries(sent).flatMap(([name, value]) => (value === undefined ? [] : [name, value])),
    body: Buffer.from(body),
    sourceIp: '127.0.0.1',
    httpVersion: '1.1',
  };
}

function setUp(handlers: Partial<Record<string, LambdaHandler>>) {
  const calls: { name: string; event: unknown }[] = [];
  const errors: string[] = [];
  const handle = createRequestHandler({
    functions: MANIFEST,
    loadHandler: async (fn) => {
      const handler = handlers[fn.name];
      if (!handler) throw new Error(`no handler for ${fn.name}`);
      return async (event, context) => {
        calls.push({ name: fn.name, event });
        return handler(event, context);
      };
    },
    logError: (message) => errors.push(message),
  });
  return { handle, calls, errors };
}

const allow: LambdaHandler = async () => ({
  isAuthorized: true,
  context: { authenticated: 'true', role: 'school', schoolId: 's-1' },
});
const echo: LambdaHandler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(event),
});

const json = (body: Buffer) => JSON.parse(body.toString('utf8')) as Record<string, unknown>;

describe('local API adapter (infra/local/http-adapter.ts)', () => {
  it('answers 404 {"message":"Not Found"} for a path no route serves, without calling the authorizer', async () => {
    // Prepare
    const { handle, calls } = setUp({ authorizer: allow });
    // Act
    const response = await handle(request('GET', '/v1/nothing'));
    // Assess
    expect(response.statusCode).toBe(404);
    expect(json(response.body)).toEqual({ message: 'Not Found' });
    expect(calls).toEqual([]);
  });

  it('answers 404 for a known path with another method', async () => {
    // Prepare
    const { handle } = setUp({ authorizer: allow });
    // Act
    const response = await handle(request('DELETE', '/v1/things'));
    // Assess
    expect(response.statusCode).toBe(404);
  });

  it('runs the authorizer with a REQUEST event, then the route with its context under authorizer.lambda', async () => {
    // Prepare
    const { handle, calls } = setUp({ authorizer: allow, 'get-thing': echo });
    // Act
    const response = await handle(request('GET', '/v1/things/t-1?full=1', { Authorization: 'Bearer hq_abc' }));
    // Assess
    expect(response.statusCode).toBe(200);
    expect(calls.map((call) => call.name)).toEqual(['authorizer', 'get-thing']);
    const authorizerEvent = calls[0]?.event as APIGatewayRequestAuthorizerEventV2;
    expect(authorizerEvent).toMatchObject({
      type: 'REQUEST',
      identitySource: ['Bearer hq_abc'],
      routeKey: 'GET /v1/things/{id}',
      headers: { authorization: 'Bearer hq_abc' },
    });
    const routeEvent = json(response.body) as unknown as APIGatewayProxyEventV2 & {
      requestContext: { authorizer: unknown };
    };
    expect(routeEvent.pathParameters).toEqual({ id: 't-1' });
    expect(routeEvent.queryStringParameters).toEqual({ full: '1' });
    expect(routeEvent.requestContext.authorizer).toEqual({
      lambda: { authenticated: 'true', role: 'school', schoolId: 's-1' },
    });
    expect(routeEvent.requestContext.requestId).toBe(response.headers['apigw-requestid']);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty Authorization header', ''],
  ])(
    'answers 401 {"message":"Unauthorized"} to a request with %s, invoking neither the authorizer nor the route',
    async (_case, authorization) => {
      // Prepare
      const { handle, calls } = setUp({ authorizer: allow, 'get-thing': echo, 'post-thing': echo });
      // Act
      const get = await handle(request('GET', '/v1/things/a', { Authorization: authorization }));
      const post = await handle(
        request('POST', '/v1/things', { Authorization: authorization, 'content-type': 'application/json' }, '{}'),
      );
      // Assess
      for (const response of [get, post]) {
        expect(response.statusCode).toBe(401);
        expect(json(response.body)).toEqual({ message: 'Unauthorized' });
      }
      expect(calls).toEqual([]);
    },
  );

  it('runs no authorizer on a public route (the request proves itself), with or without a header', async () => {
    // Prepare
    const { handle, calls } = setUp({ authorizer: allow, 'open-link': echo });
    // Act
    const anonymous = await handle(request('GET', '/v1/links/l-1?s=sig', { Authorization: undefined }));
    const withHeader = await handle(request('GET', '/v1/links/l-1?s=sig'));
    // Assess
    expect([anonymous.statusCode, withHeader.statusCode]).toEqual([200, 200]);
    expect(calls.map((call) => call.name)).toEqual(['open-link', 'open-link']);
    expect((json(anonymous.body).requestContext as { authorizer?: unknown }).authorizer).toBeUndefined();
  });

  it('runs the authorizer on every request (no cache)', async () => {
    // Prepare
    const { handle, calls } = setUp({ authorizer: allow, 'get-thing': echo });
    // Act
    await handle(request('GET', '/v1/things/a'));
    await handle(request('GET', '/v1/things/a'));
    // Assess
    expect(calls.filter((call) => call.name === 'authorizer')).toHaveLength(2);
  });

  it('answers 403 {"message":"Forbidden"} when the authorizer says no', async () => {
    // Prepare
    const { handle, calls } = setUp({ authorizer: async () => ({ isAuthorized: false }), 'get-thing': echo });
    // Act
    const response = await handle(request('GET', '/v1/things/a'));
    // Assess
    expect(response.statusCode).toBe(403);
    expect(json(response.body)).toEqual({ message: 'Forbidden' });
    expect(calls.map((call) => call.name)).toEqual(['authorizer']);
  });

  it('answers 500 {"message":"Internal Server Error"} when the authorizer fails, and logs why', async () => {
    // Prepare
    const { handle, errors } = setUp({
      authorizer: async () => {
        throw new Error('table missing');
      },
    });
    // Act
    const response = await handle(request('GET', '/v1/things/a'));
    // Assess
    expect(response.statusCode).toBe(500);
    expect(json(response.body)).toEqual({ message: 'Internal Server Error' });
    expect(errors).toEqual(['test/authorizer.ts failed']);
  });

  it('answers 500 without the cause when a route handler throws', async () => {
    // Prepare
    const { handle } = setUp({
      authorizer: allow,
      'post-thing': async () => {
        throw new Error('secret detail');
      },
    });
    // Act
    const response = await handle(request('POST', '/v1/things', { 'content-type': 'application/json' }, '{}'));
    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body.toString('utf8')).not.toContain('secret');
  });

  it('answers 500 when a handler runs past its manifest timeout', async () => {
    // Prepare
    const { handle, errors } = setUp({ authorizer: allow, 'slow-thing': () => new Promise(() => undefined) });
    // Act
    const response = await handle(request('GET', '/v1/slow'));
    // Assess
    expect(response.statusCode).toBe(500);
    expect(errors).toEqual(['test/slow-thing.ts failed']);
  });

  it('answers 500 for a handler that cannot be loaded, and tries again on the next request', async () => {
    // Prepare
    const handlers: Partial<Record<string, LambdaHandler>> = { authorizer: allow };
    const { handle } = setUp(handlers);
    // Act
    const first = await handle(request('GET', '/v1/things/a'));
    handlers['get-thing'] = echo;
    const second = await handle(request('GET', '/v1/things/a'));
    // Assess
    expect(first.statusCode).toBe(500);
    expect(second.statusCode).toBe(200);
  });

  it('passes the route handler the body and gives its structured response back', async () => {
    // Prepare
    const created: LambdaHandler = async (event) => ({
      statusCode: 201,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: (event as APIGatewayProxyEventV2).body,
    });
    const { handle } = setUp({ authorizer: allow, 'post-thing': created });
    // Act
    const response = await handle(
      request('POST', '/v1/things', { 'Content-Type': 'application/json' }, '{"name":"灭火器"}'),
    );
    // Assess
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json(response.body)).toEqual({ name: '灭火器' });
  });
});
