import fc from 'fast-check';
import type { ApiEvent } from '../../shared/http/api-handler';

/*
 * fast-check arbitraries for fuzzing the public API: hostile strings, numbers at the edges,
 * JSON with prototype-poisoning keys and deep nesting, raw bodies that are not JSON or not UTF-8,
 * odd headers. Bodies are built as a small JSON tree serialized by `toJsonText`, so keys such as
 * `__proto__` arrive as own keys (as they would from a client), and numbers JSON can carry but
 * JavaScript cannot (1e400, -0) are sent as raw tokens.
 */

/** A raw JSON token spliced as is into the serialized body (e.g. `1e400`, `-0`, `[[[[]]]]`). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A JSON value of the fuzzer: plain JSON plus raw tokens; objects as entry lists (keys may repeat, may be `__proto__`). */
export type FuzzJson = null | boolean | number | string | RawJson | FuzzJson[] | { entries: [string, FuzzJson][] };

/** An object value with these entries, in this order. */
export function obj(entries: [string, FuzzJson][]): FuzzJson {
  return { entries };
}

/** Converts a plain JSON-like value (e.g. a valid example body) into a FuzzJson tree. */
export function fromPlain(value: unknown): FuzzJson {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (value instanceof RawJson) return value;
  if (typeof value === 'object')
    return obj(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromPlain(v)]));
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  return null;
}

/** Serializes a FuzzJson tree to JSON text (own `__proto__` keys included, raw tokens as they are). */
export function toJsonText(value: FuzzJson): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Keys that have tripped JavaScript servers: prototype poisoning, inherited names, blanks, key-attribute names. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  ' ',
  '\u0000',
  'pk',
  'sk',
  'gsi1pk',
  'entity',
  '$where',
  'a'.repeat(65),
];

/** Strings that mean something to some parser along the way. */
export const SPECIAL_STRINGS = [
  '',
  ' ',
  '\t\n',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  'true',
  '0',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '\u0000',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\u202e',
  '😀',
  '中文',
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  'DISTRICT#x',
  'SUB#a#b#c',
  '2026-02-30',
  '2026-13',
  '0000-00',
  '9999-12',
  '2019-12',
  'hq_' + 'A'.repeat(43),
];

/** Lengths at and just past the API's string bounds (and a few beyond any). */
export const EDGE_LENGTHS = [
  0, 1, 40, 41, 63, 64, 65, 79, 80, 81, 99, 100, 101, 400, 401, 1024, 1025, 1999, 2000, 2001, 2048, 2049, 10_000,
  65_536, 70_000,
];

/** A long string of one repeated unit, at an edge length (cheap to make, large to carry). */
export const longString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', 'A1', '中', '😀', ' ', '\u0000', '\ud800', '-'), fc.constantFrom(...EDGE_LENGTHS))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** Any string a client could send, biased to the odd ones: lone surrogates, control characters, long ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: longString },
);

/** Numbers at the edges: signed zero, tiny (DynamoDB underflow), huge, unsafe integers, fractions. */
export const edgeNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      0,
      1,
      -1,
      0.5,
      1e-7,
      1e-130,
      1e-131,
      5e-324,
      Number.MIN_VALUE,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 53 - 1,
      2 ** 53,
      2 ** 53 + 2,
      1e21,
      9.9e125,
      1e126,
      1e308,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      10_000,
      10_001,
      100_000,
      100_001,
      1_000_000,
      10 * 1024 * 1024,
      10 * 1024 * 1024 + 1,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      new RawJson('-0'),
      new RawJson('1e400'),
      new RawJson('-1e400'),
      new RawJson('1e-400'),
      new RawJson('1.0'),
      new RawJson('1E2'),
      new RawJson('123456789012345678901234567890'),
    ),
  },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.nat(1000) },
);

/** Deeply nested arrays or objects, up to well past any parser's comfort. */
export const deepNesting: fc.Arbitrary<RawJson> = fc
  .tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 10, max: 20_000 }))
  .map(
    ([open, depth]) =>
      new RawJson(open.repeat(depth) + (open === '[' ? '1' : '1') + (open === '[' ? ']' : '}').repeat(depth)),
  );

const key: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
);

/** Any JSON value, three levels deep at most, with hostile keys, strings and numbers. */
export const anyJson: fc.Arbitrary<FuzzJson> = fc.letrec<{ value: FuzzJson }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, maxDepth: 3 },
    fc.constant(null),
    fc.boolean(),
    edgeNumber,
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(obj),
  ),
})).value;

/** A value of another JSON type than `example` (so a typed field is certain to refuse it). */
export function wrongTypeFor(example: unknown): fc.Arbitrary<FuzzJson> {
  const choices: fc.Arbitrary<FuzzJson>[] = [];
  if (typeof example !== 'string') choices.push(hostileString);
  if (typeof example !== 'number') choices.push(edgeNumber.filter((n) => !(n instanceof RawJson)));
  if (typeof example !== 'boolean') choices.push(fc.boolean());
  if (!Array.isArray(example)) choices.push(fc.array(anyJson, { maxLength: 3 }));
  if (example === null || typeof example !== 'object' || Array.isArray(example))
    choices.push(fc.array(fc.tuple(key, anyJson), { maxLength: 3 }).map(obj));
  choices.push(fc.constant(null));
  return fc.oneof(...choices);
}

/** A raw body that is not JSON: truncated, binary, form-encoded, huge, or nested past reason. */
export const garbageBody: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.constantFrom(
    '{',
    '[',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    'nul',
    'a=1&b=2',
    '<xml/>',
    '\ufeff{}',
    '{"a":"\\ud800"}',
    '{"a":"\\x"}',
    '[1,2',
    '{"__proto__":',
  ),
  deepNesting.map((raw) => raw.text),
  longString,
);

/** Content types, most not JSON, some JSON in disguise. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json;charset=UTF-16',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      '',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      'application/json-patch+json',
      ' application/json',
      'application/json\u0000',
      'text/json',
      '*/*',
    ),
  },
  { weight: 1, arbitrary: hostileString },
);

/** Accept-Language values: the two locales, nonsense, weights that are not numbers, long lists. */
export const acceptLanguage: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(undefined, 'zh-CN', 'en', 'en-US,en;q=0.9', 'zh-CN,zh;q=0.9,en;q=0.8', '*') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'en;q=0',
      'en;q=NaN',
      'en;q=1e400',
      'en;q=-1',
      ';;;,,,',
      'q=1',
      'EN',
      'fr-FR',
      'en;q=0.5,'.repeat(1000),
    ),
  },
  { weight: 2, arbitrary: hostileString },
);

/** Headers a route receives besides the ones API Gateway sets, with odd names among them. */
export const extraHeaders: fc.Arbitrary<[string, string][]> = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(
        ...HOSTILE_KEYS,
        'Content-Type',
        'CONTENT-TYPE',
        'Accept-Language',
        'authorization',
        'x-amz-date',
        'content-length',
      ),
      fc.string({ maxLength: 12 }),
    ),
    hostileString,
  ),
  { maxLength: 3 },
);

/** A query-string map (as API Gateway hands it over, values decoded), with hostile keys and values. */
export const hostileQuery: fc.Arbitrary<[string, string][]> = fc.array(fc.tuple(key, hostileString), { maxLength: 4 });

/** What a fuzzed request consists of, before it becomes an API Gateway event. */
export interface FuzzRequest {
  /** Raw body text; undefined for none. */
  body?: string;
  /** Send the body base64-encoded; `bytes` replaces the body with these bytes (e.g. invalid UTF-8). */
  base64?: boolean;
  bytes?: Uint8Array;
  contentType?: string;
  acceptLanguage?: string;
  headers?: [string, string][];
  pathParameters?: Record<string, string>;
  query?: [string, string][];
}

/** Builds an object whose own keys are exactly these (so `__proto__` is an own key, not the prototype). */
export function ownKeys<T>(entries: [string, T][]): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [name, value] of entries)
    Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
  return result;
}

/** An API Gateway v2 event for `method path`, with the authorizer's context, from a fuzzed request. */
export function fuzzEvent(
  route: { method: string; path: string },
  authorizerContext: Record<string, unknown> | undefined,
  request: FuzzRequest,
): ApiEvent {
  const pathParameters = request.pathParameters;
  // Lone surrogates cannot be percent-encoded: the raw path shows them as U+FFFD (the handlers read pathParameters).
  const wellFormed = (s: string) =>
    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(wellFormed(pathParameters?.[name] ?? '')),
  );
  const headerEntries: [string, string][] = [
    ['accept', 'application/json'],
    ['host', 'a1b2c3d4e5.execute-api.ap-east-1.amazonaws.com'],
    ['x-forwarded-for', '203.0.113.24'],
    ...(request.contentType !== undefined ? ([['content-type', request.contentType]] as [string, string][]) : []),
    ...(request.acceptLanguage !== undefined
      ? ([['accept-language', request.acceptLanguage]] as [string, string][])
      : []),
    ...(request.headers ?? []),
  ];
  let body: string | undefined = request.body;
  if (request.bytes) body = Buffer.from(request.bytes).toString('base64');
  else if (request.base64 && body !== undefined) body = Buffer.from(body, 'utf8').toString('base64');
  const query = request.query && request.query.length > 0 ? ownKeys(request.query) : undefined;
  const event = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString: query
      ? new URLSearchParams(request.query?.map(([k, v]): [string, string] => [wellFormed(k), wellFormed(v)])).toString()
      : '',
    headers: ownKeys(headerEntries),
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      ...(authorizerContext ? { authorizer: { lambda: authorizerContext } } : {}),
      domainName: 'a1b2c3d4e5.execute-api.ap-east-1.amazonaws.com',
      domainPrefix: 'a1b2c3d4e5',
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.24', userAgent: 'fuzz' },
      requestId: 'fuzz',
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: '20/Nov/2026:09:15:42 +0000',
      timeEpoch: 1795166142000,
    },
    isBase64Encoded: Boolean(request.bytes || request.base64),
    ...(body !== undefined ? { body } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    ...(query ? { queryStringParameters: query } : {}),
  };
  return event as unknown as ApiEvent;
}
