import {
  buildApiEvent,
  buildAuthorizerEvent,
  collectHeaders,
  collectQuery,
  formatRequestTime,
  isTextContentType,
  matchRoute,
  toHttpResponse,
  type ApiIdentity,
  type IncomingApiRequest,
} from '../../../infra/local/api-event';
import { apiEvent, authorizerEvent } from '../../support/events';

// The account and API of the fixtures in events/, so built events can be compared with them.
const FIXTURE_API: ApiIdentity = {
  accountId: '123456789012',
  apiId: 'a1b2c3d4e5',
  region: 'ap-east-1',
  stage: '$default',
};
const EDGE_HEADERS = ['x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto'];

/** The request a client sent for a fixture: its headers minus what API Gateway's edge adds. */
/** An event fixture as the local adapter builds it: plain HTTP to port 80, and the time it received the request. */
function servedLocally<T extends { headers?: Record<string, string | undefined>; requestContext: object }>(
  fixture: T,
  receivedAt: Date,
): T {
  return {
    ...fixture,
    headers: { ...fixture.headers, 'x-forwarded-proto': 'http', 'x-forwarded-port': '80' },
    requestContext: { ...fixture.requestContext, time: formatRequestTime(receivedAt) },
  };
}

/** A request as the local adapter receives it from a client on this machine (HTTP/1.1). */
function localRequest(
  method: string,
  url: string,
  rawHeaders: string[],
  body: Buffer = Buffer.alloc(0),
): IncomingApiRequest {
  return { method, url, rawHeaders, body, sourceIp: '127.0.0.1', httpVersion: '1.1' };
}

/** The event built for a POST of `body` to route `POST /x`, with `rawHeaders`. */
function postedToX(rawHeaders: string[], body: Buffer) {
  return buildApiEvent(
    localRequest('POST', '/x', rawHeaders, body),
    { routeKey: 'POST /x', pathParameters: {} },
    { requestId: 'r', receivedAt: new Date() },
  );
}

function requestFor(
  event: { headers?: Record<string, string | undefined>; rawPath: string; rawQueryString: string; body?: string },
  method: string,
): IncomingApiRequest {
  const rawHeaders = Object.entries(event.headers ?? {})
    .filter(([name]) => !EDGE_HEADERS.includes(name))
    .flatMap(([name, value]) => [name, value ?? '']);
  return {
    method,
    url: event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath,
    rawHeaders,
    body: Buffer.from(event.body ?? '', 'utf8'),
    sourceIp: '203.0.113.24',
    httpVersion: '1.1',
  };
}

describe('local API events (infra/local/api-event.ts)', () => {
  describe('buildApiEvent', () => {
    it('builds the payload 2.0 event of events/http/record-submission.json from the request a client sent', () => {
      // Prepare
      const fixture = apiEvent('record-submission');
      delete fixture.requestContext.authorizer;
      const stamp = {
        requestId: fixture.requestContext.requestId,
        receivedAt: new Date(fixture.requestContext.timeEpoch),
      };
      // Act
      const event = buildApiEvent(
        requestFor(fixture, 'POST'),
        { routeKey: 'POST /v1/submissions', pathParameters: {} },
        stamp,
        FIXTURE_API,
      );
      // Assess: locally the client speaks plain HTTP to port 80 (the Host header names no port).
      expect(event).toEqual(servedLocally(fixture, stamp.receivedAt));
    });

    it('gives a GET with a path parameter and a query string no body, and both parameter maps', () => {
      // Prepare
      const request = localRequest(
        'GET',
        '/v1/submissions/0b6f3f2e?month=2026-11&formType=canteen-daily&formType=hazard-report',
        ['Host', '127.0.0.1:3000', 'Authorization', 'Bearer hq_x'],
      );
      // Act
      const event = buildApiEvent(
        request,
        { routeKey: 'GET /v1/submissions/{id}', pathParameters: { id: '0b6f3f2e' } },
        { requestId: 'r', receivedAt: new Date() },
      );
      // Assess
      expect(event.rawPath).toBe('/v1/submissions/0b6f3f2e');
      expect(event.rawQueryString).toBe('month=2026-11&formType=canteen-daily&formType=hazard-report');
      expect(event.queryStringParameters).toEqual({ month: '2026-11', formType: 'canteen-daily,hazard-report' });
      expect(event.pathParameters).toEqual({ id: '0b6f3f2e' });
      expect(event.body).toBeUndefined();
      expect(event.isBase64Encoded).toBe(false);
      expect(event.requestContext.domainName).toBe('127.0.0.1');
      expect(event.headers['x-forwarded-port']).toBe('3000');
      expect(event.headers.authorization).toBe('Bearer hq_x');
    });

    it('base64-encodes a body that is not text and says so', () => {
      // Prepare
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]);
      // Act
      const event = postedToX(['Content-Type', 'image/jpeg'], bytes);
      // Assess
      expect(event.isBase64Encoded).toBe(true);
      expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
    });

    it('passes a JSON body as the UTF-8 text it was sent as', () => {
      // Prepare
      const body = Buffer.from('{"place":"食堂"}', 'utf8');
      // Act
      const event = postedToX(['content-type', 'application/json; charset=utf-8'], body);
      // Assess
      expect(event.isBase64Encoded).toBe(false);
      expect(event.body).toBe('{"place":"食堂"}');
    });
  });

  describe('buildAuthorizerEvent', () => {
    it('builds the REQUEST event of events/authorizer/request.json from the same request', () => {
      // Prepare
      const fixture = authorizerEvent('Bearer hq_EXAMPLEexampleEXAMPLEexampleEXAMPLEexample1');
      const stamp = {
        requestId: fixture.requestContext.requestId,
        receivedAt: new Date(fixture.requestContext.timeEpoch),
      };
      const request = requestFor({ ...fixture, body: '' }, 'POST');
      // Act
      const event = buildAuthorizerEvent(
        buildApiEvent(request, { routeKey: 'POST /v1/submissions', pathParameters: {} }, stamp, FIXTURE_API),
        FIXTURE_API,
      );
      // Assess
      expect(event).toEqual(servedLocally(fixture, stamp.receivedAt));
    });

    it('names the route in routeArn with the path as requested and carries path parameters', () => {
      // Prepare
      const request = localRequest('GET', '/v1/submissions/abc', ['Cookie', 'a=1; b=2']);
      // Act
      const event = buildAuthorizerEvent(
        buildApiEvent(
          request,
          { routeKey: 'GET /v1/submissions/{id}', pathParameters: { id: 'abc' } },
          { requestId: 'r', receivedAt: new Date() },
        ),
      );
      // Assess
      expect(event.routeArn).toBe('arn:aws:execute-api:ap-east-1:000000000000:local/$default/GET/v1/submissions/abc');
      expect(event.pathParameters).toEqual({ id: 'abc' });
      expect(event.cookies).toEqual(['a=1', 'b=2']);
      expect(event.identitySource).toEqual([]);
    });
  });

  describe('matchRoute', () => {
    const routes = [
      { method: 'GET', path: '/v1/submissions' },
      { method: 'POST', path: '/v1/submissions' },
      { method: 'GET', path: '/v1/submissions/{id}' },
      { method: 'GET', path: '/v1/submissions/latest' },
      { method: 'GET', path: '/v1/reports/{month}/workbook' },
    ];

    it('matches method and path and decodes path parameters', () => {
      // Act
      const match = matchRoute(routes, 'GET', '/v1/submissions/a%20b');
      // Assess
      expect(match?.routeKey).toBe('GET /v1/submissions/{id}');
      expect(match?.pathParameters).toEqual({ id: 'a b' });
    });

    it('prefers a literal segment to a parameter', () => {
      // Act
      const match = matchRoute(routes, 'GET', '/v1/submissions/latest');
      // Assess
      expect(match?.routeKey).toBe('GET /v1/submissions/latest');
    });

    it.each([
      ['DELETE', '/v1/submissions'],
      ['GET', '/v1/submissions/'],
      ['GET', '/v1/submissions/a/b'],
      ['GET', '/v1/reports/2026-11'],
      ['GET', '/v2/submissions'],
    ])('finds no route for %s %s', (method, path) => {
      // Act / Assess
      expect(matchRoute(routes, method, path)).toBeUndefined();
    });
  });

  describe('headers and query strings', () => {
    it('lower-cases header names, joins repeated headers with commas and takes cookies out', () => {
      // Act
      const { headers, cookies } = collectHeaders([
        'Accept',
        'application/json',
        'X-Tag',
        'a',
        'x-tag',
        'b',
        'Cookie',
        'k=v; s=t',
        'cookie',
        'u=w',
      ]);
      // Assess
      expect(headers).toEqual({ accept: 'application/json', 'x-tag': 'a,b' });
      expect(cookies).toEqual(['k=v', 's=t', 'u=w']);
    });

    it('decodes query parameters, joins repeated ones, and gives none for an empty query', () => {
      // Act / Assess
      expect(collectQuery('q=%E9%A3%9F%E5%A0%82&n=1&n=2&flag')).toEqual({ q: '食堂', n: '1,2', flag: '' });
      expect(collectQuery('')).toBeUndefined();
    });

    it.each([
      ['application/json', true],
      ['application/json; charset=utf-8', true],
      ['application/problem+json', true],
      ['text/csv', true],
      ['application/x-www-form-urlencoded', true],
      ['image/png', false],
      ['application/octet-stream', false],
      [undefined, false],
    ])('treats %s as text: %s', (contentType, text) => {
      expect(isTextContentType(contentType)).toBe(text);
    });

    it('formats the request time as API Gateway does', () => {
      expect(formatRequestTime(new Date(Date.UTC(2026, 10, 20, 9, 15, 42)))).toBe('20/Nov/2026:09:15:42 +0000');
    });
  });

  describe('toHttpResponse', () => {
    it('uses a structured result as given: status, headers, cookies as set-cookie, the request id', () => {
      // Act
      const response = toHttpResponse(
        {
          statusCode: 201,
          headers: { 'Content-Type': 'application/json', 'X-Count': 2 },
          cookies: ['a=1', 'b=2'],
          body: '{"ok":true}',
        },
        'req-1',
      );
      // Assess
      expect(response.statusCode).toBe(201);
      expect(response.headers).toEqual({
        'content-type': 'application/json',
        'x-count': '2',
        'set-cookie': ['a=1', 'b=2'],
        'apigw-requestid': 'req-1',
      });
      expect(response.body.toString('utf8')).toBe('{"ok":true}');
    });

    it('decodes a base64 body', () => {
      // Act
      const response = toHttpResponse(
        { statusCode: 200, body: Buffer.from([1, 2, 3]).toString('base64'), isBase64Encoded: true },
        'r',
      );
      // Assess
      expect([...response.body]).toEqual([1, 2, 3]);
    });

    it('turns a result without statusCode into a 200 JSON response of the result', () => {
      // Act
      const response = toHttpResponse({ forms: [] }, 'r');
      // Assess
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(JSON.parse(response.body.toString('utf8'))).toEqual({ forms: [] });
    });
  });
});
