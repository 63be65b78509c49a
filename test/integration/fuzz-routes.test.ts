import { createHash, randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import * as z from 'zod';
import { handler as authorize } from '../../functions/authorizer/handler';
import { FUNCTIONS, httpRoutes } from '../../functions/manifest';
import { toAuthorizerContext, type Principal } from '../../shared/auth/principal';
import { bearerToken, generateToken } from '../../shared/auth/tokens';
import { addDays, isCalendarDate, isMonth, localDate, shiftMonth } from '../../shared/time';
import { getDocumentClient } from '../../shared/clients';
import { canonicalJson } from '../../shared/canonical-json';
import { issueToken } from '../../shared/directory/tokens';
import { ERRORS, type ErrorCode } from '../../shared/errors';
import { FORMS } from '../../shared/forms/catalogue';
import type { ApiEvent, ApiResponse } from '../../shared/http/api-handler';
import { recordVerified } from '../../shared/photos/outcomes';
import { getPhoto } from '../../shared/photos/records';
import { getS3Client } from '../../shared/photos/s3';
import { SUBMISSION_ID_PATTERN } from '../../shared/submissions/submission-request';
import {
  acceptLanguage,
  anyJson,
  contentType,
  edgeNumber,
  extraHeaders,
  fromPlain,
  fuzzEvent,
  garbageBody,
  hostileQuery,
  hostileString,
  HOSTILE_KEYS,
  longString,
  obj,
  ownKeys,
  toJsonText,
  wrongTypeFor,
  type FuzzJson,
  type FuzzRequest,
} from '../support/arbitraries';
import { createTestDistrict, type TestSchool } from '../support/directory-fixtures';
import { authorizerEvent, lambdaContext } from '../support/events';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * Issue 6, point 2: fast-check drives every HTTP route of the manifest, in process, with API
 * Gateway v2 events as the authorizer hands them over (its context under
 * requestContext.authorizer.lambda). Per route FUZZ_RUNS runs (10,000 by default; FUZZ_RUNS=100000
 * for the heavy variant), in alternating batches:
 *
 *  - refused-only batches: inputs built to be refused (broken transport, guaranteed-invalid
 *    mutations of valid bodies, bad ids, no principal). Every answer must be a 4xx in the error
 *    shape, and the district's items in the table and the bucket's objects must be exactly as
 *    before the batch;
 *  - mixed batches: mostly near-valid requests (valid bodies, queries and ids with a mutation or
 *    none), so a minority is accepted and stored. No answer may be a 5xx; every 4xx is in the
 *    error shape; a GET batch never changes anything, nor does any batch answered only with 4xx.
 *
 * The authorizer is fuzzed with Authorization headers: it never throws and authorizes only a
 * header that carries an issued token.
 */

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 10_000);
/** Batches per route (half refused-only, half mixed); the stored state is compared around each. */
const BATCHES = 10;
/** fast-check runs one request at a time: this many properties run side by side (their I/O overlaps). */
const LANES = Number(process.env.FUZZ_LANES ?? 4);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const TIMEZONE = 'Asia/Shanghai';

type Handler = (event: ApiEvent, context: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>;
type Context = Record<string, unknown> | undefined;

/** One fuzzed call: the authorizer's context (undefined: none) and the request. */
interface FuzzCase {
  ctx: Context;
  request: FuzzRequest;
}

const errorBodySchema = z
  .object({
    error: z
      .object({
        code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
        message: z.string().min(1),
        details: z.unknown().optional(),
      })
      .strict(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// The world the routes see

let districtA: Awaited<ReturnType<typeof createTestDistrict>>;
let districtB: Awaited<ReturnType<typeof createTestDistrict>>;
let schoolA: Principal;
let schoolPlain: Principal;
let officialA: Principal;
let admin: Principal;
let strangers: Principal[];
const submissionIds: string[] = [];
const hazardIds: string[] = [];
const photoIds: string[] = [];
/** A verified rectification photo of hazardIds[1]. */
let hazardPhotoId: string;
const today = localDate(TIMEZONE);
const thisMonth = today.slice(0, 7);
const lastMonth = shiftMonth(thisMonth, -1);

const FORM_IDS = Object.keys(allValidAnswers) as (keyof typeof allValidAnswers)[];
const KNOWN_FORM_TYPES = new Set(FORMS.map((f) => f.id));

async function loadHandler(name: string): Promise<Handler> {
  const spec = FUNCTIONS.find((f) => f.name === name);
  if (!spec) throw new Error(`No manifest entry ${name}`);
  const module = (await import(`../../${spec.entry.replace(/\.ts$/, '')}`)) as { handler: Handler };
  return module.handler;
}

async function call(
  name: string,
  route: { method: string; path: string },
  principal: Principal | undefined,
  request: FuzzRequest,
) {
  const handler = await loadHandler(name);
  const response = await handler(
    fuzzEvent(route, principal ? { ...toAuthorizerContext(principal) } : undefined, request),
    lambdaContext(name),
  );
  return { status: response.statusCode ?? 0, body: JSON.parse(response.body ?? 'null') };
}

const jsonRequest = (body: unknown, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
  body: JSON.stringify(body),
  contentType: 'application/json',
  ...extra,
});

/** Sha-256 over the two districts' items (table) and the bucket's objects: what a refused request must leave alone. */
async function storedState(): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await getDocumentClient().send(
      new ScanCommand({
        TableName: process.env.TABLE_NAME,
        FilterExpression: 'contains(pk, :a) OR contains(pk, :b)',
        ExpressionAttributeValues: { ':a': districtA.districtId, ':b': districtB.districtId },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const objects: string[] = [];
  let token: string | undefined;
  do {
    const page = await getS3Client().send(
      new ListObjectsV2Command({ Bucket: process.env.BUCKET_NAME, ContinuationToken: token }),
    );
    objects.push(...(page.Contents ?? []).map((o) => `${o.Key} ${o.ETag} ${o.Size}`));
    token = page.NextContinuationToken;
  } while (token);
  const sorted = items.map((item) => canonicalJson(item)).sort();
  return createHash('sha256')
    .update(JSON.stringify([sorted, objects.sort()]))
    .digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Arbitraries shared by the routes

const ctxOf = (principal: Principal): Context => ({ ...toAuthorizerContext(principal) });

/** Contexts that carry no usable principal: no authorizer context, unauthenticated, malformed. */
const noPrincipal: fc.Arbitrary<Context> = fc.constantFrom<Context>(
  undefined,
  {},
  { authenticated: 'false' },
  { authenticated: 'true' },
  { authenticated: 'true', role: 'school', tokenId: 'tok_x' },
  { authenticated: 'true', role: 'official', tokenId: '', districtId: 'x' },
  { authenticated: 'TRUE', role: 'admin', tokenId: 'tok_x' },
  { authenticated: 'true', role: 'root', tokenId: 'tok_x' },
  { authenticated: true, role: 'admin', tokenId: 'tok_x' },
  { authenticated: 'false', role: 'admin', tokenId: 'tok_x' },
);

/** Callers of a route: mostly the roles it serves, sometimes another role, a stranger or nobody. */
function callers(valid: () => Principal[], others: () => Principal[]): fc.Arbitrary<Context> {
  return fc.oneof(
    {
      weight: 17,
      arbitrary: fc.integer({ min: 0, max: 1000 }).map((i) => ctxOf(valid()[i % valid().length] as Principal)),
    },
    {
      weight: 2,
      arbitrary: fc.integer({ min: 0, max: 1000 }).map((i) => ctxOf(others()[i % others().length] as Principal)),
    },
    { weight: 1, arbitrary: noPrincipal },
  );
}

const headerPart = fc.record({ acceptLanguage, headers: extraHeaders }, { requiredKeys: [] });
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON'];
const NOT_JSON_TYPES = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonp',
  'application/json-patch+json',
  'text/json',
  '*/*',
];

function notJson(text: string): boolean {
  if (text === '') return false;
  try {
    JSON.parse(
      Buffer.from(text, 'utf8')
        .toString('utf8')
        .replace(/^\ufeff/, ''),
    );
    return false;
  } catch {
    return true;
  }
}

/** A JSON body as sent: mostly plain, sometimes base64-encoded as API Gateway does for some clients. */
function jsonBody(value: fc.Arbitrary<FuzzJson>): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(value, fc.constantFrom(...JSON_TYPES), fc.nat(9), headerPart).map(([v, type, one, headers]) => ({
    ...headers,
    body: toJsonText(v),
    contentType: type,
    ...(one === 0 ? { base64: true } : {}),
  }));
}

/** Transport-level refusals, whatever the route: not JSON, not declared JSON, too large, not UTF-8. */
const refusedTransport: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .tuple(garbageBody.filter(notJson), fc.constantFrom(...JSON_TYPES), headerPart)
    .map(([body, type, h]) => ({ ...h, body, contentType: type })),
  fc
    .tuple(anyJson.map(toJsonText), fc.constantFrom(...NOT_JSON_TYPES), headerPart)
    .map(([body, type, h]) => ({ ...h, body, ...(type ? { contentType: type } : {}) })),
  fc
    .tuple(fc.integer({ min: 64 * 1024 - 7, max: 200_000 }), headerPart)
    .map(([size, h]) => ({ ...h, body: `{"a":"${'x'.repeat(size)}"}`, contentType: 'application/json' })),
  fc
    .tuple(fc.uint8Array({ maxLength: 64 }), headerPart)
    .map(([bytes, h]) => ({ ...h, bytes: Uint8Array.from([0xff, ...bytes]), contentType: 'application/json' })),
);

/** Any request at all: anything in any part. */
const anything: fc.Arbitrary<FuzzRequest> = fc.record(
  {
    body: fc.oneof(anyJson.map(toJsonText), garbageBody),
    base64: fc.boolean(),
    contentType: contentType.filter((t): t is string => t !== undefined),
    acceptLanguage: acceptLanguage.filter((t): t is string => t !== undefined),
    headers: extraHeaders,
    query: hostileQuery,
  },
  { requiredKeys: [] },
);

/** A JSON tree with one entry replaced, added or removed at `path` (object keys only). */
function withEntry(
  value: FuzzJson,
  key: string,
  replacement: FuzzJson | undefined,
  mode: 'set' | 'add' = 'set',
): FuzzJson {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('entries' in value)) return value;
  const entries = value.entries.filter(([k]) => mode === 'add' || k !== key);
  return obj(replacement === undefined ? entries : [...entries, [key, replacement]]);
}

function entryOf(value: FuzzJson, key: string): FuzzJson | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('entries' in value)) return undefined;
  return value.entries.find(([k]) => k === key)?.[1];
}

/** Keys certain to be unknown to a strict schema with these keys (prototype-poisoning ones first among them). */
function unknownKey(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ minLength: 1, maxLength: 12 }))
    .filter((k) => !known.includes(k));
}

/** A body with one known field given a value of the wrong type, or one unknown key added: certain to be refused by a strict schema. */
function brokenBody(valid: fc.Arbitrary<Record<string, unknown>>, known: readonly string[]): fc.Arbitrary<FuzzJson> {
  return valid.chain((plain) => {
    const tree = fromPlain(plain);
    const fields = Object.keys(plain);
    return fc.oneof(
      fc.constantFrom(...fields).chain((field) => wrongTypeFor(plain[field]).map((v) => withEntry(tree, field, v))),
      fc.tuple(unknownKey(known), anyJson).map(([k, v]) => withEntry(tree, k, v, 'add')),
      wrongTypeFor({}).filter((v) => !(v !== null && typeof v === 'object' && !Array.isArray(v))),
    );
  });
}

/** A body with a field changed to a near-valid value (edge numbers, hostile strings), removed, or left alone. */
function nearValidBody(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<FuzzJson> {
  return valid.chain((plain) => {
    const tree = fromPlain(plain);
    const fields = Object.keys(plain);
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant(tree) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...fields), fc.oneof(edgeNumber, hostileString, fc.boolean()))
          .map(([f, v]) => withEntry(tree, f, v)),
      },
      { weight: 1, arbitrary: fc.constantFrom(...fields).map((f) => withEntry(tree, f, undefined)) },
    );
  });
}

/** Path ids: a real one (maybe mutated), a random UUID, or anything. */
function pathId(real: () => string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 1000 }).map((i) => real()[i % real().length] as string) },
    { weight: 1, arbitrary: fc.uuid() },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: 1000 }), hostileString, fc.constantFrom('prefix', 'suffix', 'replace'))
        .map(([i, s, how]) => {
          const id = real()[i % real().length] as string;
          return how === 'prefix' ? s + id : how === 'suffix' ? id + s : s;
        }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '..',
        '%2F',
        'a/b',
        '__proto__',
        'constructor',
        'x'.repeat(81),
        'x'.repeat(1025),
      ),
    },
  );
}

/** A path id certain to name nothing the caller may act on: bad shape, or well-formed but unknown. */
const unknownId: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.filter((s) => !SUBMISSION_ID_PATTERN.test(s)) },
  { weight: 1, arbitrary: fc.uuid().map((u) => `zz-${u}`) },
);

/** Months: valid ones near now, edges, and garbage. */
const monthParam: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -30, max: 3 }).map((k) => shiftMonth(thisMonth, k)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2019-12',
      '2020-01',
      '0000-01',
      '9999-12',
      '2026-00',
      '2026-13',
      '2026-1',
      '2026-01-01',
      ' 2026-01',
    ),
  },
  { weight: 2, arbitrary: hostileString },
);
/** Not a month at all (refused by every route that reads one). */
const badMonth: fc.Arbitrary<string> = fc
  .oneof(hostileString, fc.constantFrom('2026-00', '2026-13', '2026-1', '9999-99', '2026-01-01'))
  .filter((m) => !isMonth(m));
/** Not a month a report can be of (before 2020-01, or not a month). */
const badReportMonth: fc.Arbitrary<string> = fc.oneof(badMonth, fc.constantFrom('2019-12', '0000-01', '1999-01'));

/** A query map with these entries (some removed, some hostile), as API Gateway hands it over. */
function queryOf(entries: fc.Arbitrary<[string, string][]>): fc.Arbitrary<[string, string][]> {
  return fc
    .tuple(
      entries,
      fc.oneof({ weight: 4, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: hostileQuery }),
    )
    .map(([a, b]) => [...a, ...b]);
}

const limitValue = fc.oneof(
  fc.integer({ min: 1, max: 500 }).map(String),
  fc.constantFrom('0', '501', '-1', '1.5', '1e2', 'abc', '', ' 5', '0x10', '999999999999999999999'),
  hostileString,
);

// ---------------------------------------------------------------------------------------------
// Per-route fuzzing: what a valid request looks like, and how to break it for sure.

interface RouteFuzz {
  /** Requests built to be refused (each must be a 4xx, and nothing may change). */
  refused: fc.Arbitrary<FuzzCase>;
  /** Near-valid requests: valid ones with a mutation or none; many are accepted. */
  mixed: fc.Arbitrary<FuzzCase>;
}

/**
 * What a mixed batch sends: near-valid requests among refusals, so that a minority is accepted
 * (each accepted request costs reads and writes; a refusal before any I/O costs well under a ms).
 */
function mixedBatch(fuzz: RouteFuzz, nearValidShare: number): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { weight: nearValidShare, arbitrary: fuzz.mixed },
    { weight: 100 - nearValidShare, arbitrary: fuzz.refused },
  );
}

/** Share (%) of near-valid requests in a mixed batch, by route: lower where an accepted request is costly. */
const NEAR_VALID_SHARE: Record<string, number> = {
  'get-compliance': 3,
  'get-report': 5,
  'get-report-workbook': 5,
  'record-submission': 20,
};

const schools = () => [schoolA];
const officials = () => [officialA];
const readers = () => [schoolA, officialA];
const notReaders = () => [admin, ...strangers];
const notSchools = () => [officialA, admin];
const submissionRequestKeys = ['submissionId', 'formType', 'formVersion', 'date', 'answers', 'note', 'supersedes'];

function validSubmission(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(fc.constantFrom(...FORM_IDS), fc.uuid(), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }))
    .map(([formType, id, note]) => ({
      submissionId: id,
      formType,
      date: today,
      answers: { ...allValidAnswers[formType] },
      ...(note !== undefined ? { note } : {}),
    }));
}

/** A submission with one answer of the wrong type or an unknown answer key: certain to be refused. */
function brokenAnswers(): fc.Arbitrary<FuzzJson> {
  return validSubmission().chain((plain) => {
    const answers = plain.answers as Record<string, unknown>;
    const answerTree = fromPlain(answers);
    const tree = fromPlain(plain);
    const keys = Object.keys(answers);
    const form = FORMS.find((f) => f.id === plain.formType);
    const shapeKeys = form ? Object.keys(form.answers.shape) : keys;
    return fc.oneof(
      fc
        .constantFrom(...keys)
        .chain((k) => wrongTypeFor(answers[k]).map((v) => withEntry(tree, 'answers', withEntry(answerTree, k, v)))),
      fc
        .tuple(unknownKey(shapeKeys), anyJson)
        .map(([k, v]) => withEntry(tree, 'answers', withEntry(answerTree, k, v, 'add'))),
    );
  });
}

/** Submission envelopes certain to be refused: bad id, date, form type, version, correction. */
const brokenEnvelope: fc.Arbitrary<FuzzJson> = validSubmission().chain((plain) => {
  const tree = fromPlain(plain);
  return fc.oneof(
    hostileString.filter((s) => !SUBMISSION_ID_PATTERN.test(s)).map((s) => withEntry(tree, 'submissionId', s)),
    fc
      .oneof(
        hostileString.filter((s) => !isCalendarDate(s)),
        fc.constantFrom(addDays(today, 2), addDays(today, 400), '2000-01-01'),
      )
      .map((s) => withEntry(tree, 'date', s)),
    hostileString.filter((s) => !KNOWN_FORM_TYPES.has(s)).map((s) => withEntry(tree, 'formType', s)),
    fc.constantFrom<FuzzJson>(0, -1, 1.5, 999, 1001, '1', null).map((v) => withEntry(tree, 'formVersion', v)),
    fc.uuid().map((u) => withEntry(tree, 'supersedes', `none-${u}`)),
    fc.constant(withEntry(tree, 'supersedes', entryOf(tree, 'submissionId') ?? null)),
    longString.filter((s) => [...s.trim()].length > 2000).map((s) => withEntry(tree, 'note', s)),
  );
});

function routeFuzz(name: string, route: { method: string; path: string }): RouteFuzz {
  const withCtx = (ctx: fc.Arbitrary<Context>, request: fc.Arbitrary<FuzzRequest>) => fc.record({ ctx, request });
  const noCaller = (request: fc.Arbitrary<FuzzRequest>) => withCtx(noPrincipal, request);
  const params = (names: string[], value: fc.Arbitrary<string>) =>
    value.map((v) => Object.fromEntries(names.map((n) => [n, v])));
  const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

  switch (name) {
    case 'list-forms':
      return {
        refused: fc.oneof(
          noCaller(anything),
          withCtx(
            callers(readers, () => [admin]),
            refusedTransport,
          ),
        ),
        mixed: withCtx(
          callers(
            () => [schoolA, officialA, admin],
            () => strangers,
          ),
          fc.oneof(
            { weight: 4, arbitrary: fc.record({ query: hostileQuery, acceptLanguage }, { requiredKeys: [] }) },
            { weight: 1, arbitrary: anything },
          ),
        ),
      };
    case 'record-submission':
      return {
        refused: fc.oneof(
          {
            weight: 2,
            arbitrary: withCtx(callers(schools, notSchools), jsonBody(fc.oneof(brokenEnvelope, brokenAnswers()))),
          },
          {
            weight: 3,
            arbitrary: withCtx(
              callers(schools, notSchools),
              jsonBody(brokenBody(validSubmission(), submissionRequestKeys)),
            ),
          },
          { weight: 2, arbitrary: withCtx(callers(schools, notSchools), refusedTransport) },
          { weight: 1, arbitrary: noCaller(jsonBody(validSubmission().map(fromPlain))) },
        ),
        mixed: fc.oneof(
          {
            weight: 3,
            arbitrary: withCtx(
              callers(schools, () => [...notSchools(), ...strangers]),
              jsonBody(nearValidBody(validSubmission())),
            ),
          },
          {
            weight: 2,
            arbitrary: withCtx(
              callers(schools, notSchools),
              jsonBody(
                validSubmission().chain((p) =>
                  nearValidBody(fc.constant(p.answers as Record<string, unknown>)).map((a) =>
                    withEntry(fromPlain(p), 'answers', a),
                  ),
                ),
              ),
            ),
          },
          {
            weight: 3,
            arbitrary: withCtx(
              callers(schools, notSchools),
              jsonBody(fc.oneof(brokenEnvelope, brokenAnswers(), anyJson)),
            ),
          },
          { weight: 1, arbitrary: withCtx(callers(schools, notSchools), fc.oneof(refusedTransport, anything)) },
        ),
      };
    case 'list-submissions':
    case 'list-hazards':
    case 'get-compliance': {
      const keys =
        name === 'get-compliance'
          ? ['month']
          : name === 'list-submissions'
            ? ['month', 'formType', 'schoolId', 'limit', 'cursor']
            : ['status', 'schoolId', 'overdue', 'limit', 'cursor'];
      const valueFor = (key: string): fc.Arbitrary<string> => {
        switch (key) {
          case 'month':
            return monthParam;
          case 'formType':
            return fc.oneof(fc.constantFrom(...FORM_IDS), hostileString);
          case 'schoolId':
            return fc.oneof(fc.constantFrom('fz-a', 'fz-b', 'nope'), hostileString);
          case 'limit':
            return limitValue;
          case 'status':
            return fc.oneof(fc.constantFrom('open', 'rectified', 'verified'), hostileString);
          case 'overdue':
            return fc.oneof(fc.constantFrom('true', 'false'), hostileString);
          default:
            return fc.oneof(hostileString, fc.base64String({ maxLength: 200 }));
        }
      };
      const nearQuery = fc
        .subarray(keys)
        .chain((chosen) => fc.tuple(...chosen.map((k) => valueFor(k).map((v): [string, string] => [k, v]))));
      const badQuery = fc.oneof(
        fc.tuple(unknownKey(keys), hostileString).map(([k, v]): [string, string][] => [[k, v]]),
        badMonth.map((m): [string, string][] => [['month', m]]),
        ...(keys.includes('limit')
          ? [fc.constantFrom('0', '501', '-1', '1.5', 'abc', '').map((l): [string, string][] => [['limit', l]])]
          : []),
        ...(keys.includes('schoolId')
          ? [longString.filter((s) => [...s].length > 64).map((s): [string, string][] => [['schoolId', s]])]
          : []),
        ...(keys.includes('cursor')
          ? [
              fc
                .oneof(hostileString, fc.base64String({ maxLength: 100 }))
                .filter((c) => c.length > 0)
                .map((c): [string, string][] => [['cursor', c]]),
            ]
          : []),
      );
      return {
        refused: fc.oneof(
          withCtx(
            callers(readers, () => [admin]),
            fc.record({ query: badQuery, acceptLanguage }, { requiredKeys: ['query'] }),
          ),
          withCtx(
            callers(readers, () => [admin]),
            refusedTransport,
          ),
          noCaller(fc.record({ query: queryOf(nearQuery) })),
        ),
        mixed: withCtx(
          callers(readers, notReaders),
          fc.oneof(
            {
              weight: 6,
              arbitrary: fc.record({ query: queryOf(nearQuery), acceptLanguage }, { requiredKeys: ['query'] }),
            },
            { weight: 1, arbitrary: anything },
          ),
        ),
      };
    }
    case 'get-submission': {
      const schoolQuery = fc.oneof(
        { weight: 4, arbitrary: fc.constant<[string, string][]>([]) },
        {
          weight: 1,
          arbitrary: fc
            .oneof(fc.constantFrom('fz-a', 'fz-b'), hostileString)
            .map((s): [string, string][] => [['schoolId', s]]),
        },
      );
      return {
        refused: fc.oneof(
          withCtx(
            callers(readers, () => [admin]),
            fc.record({ pathParameters: params(['id'], unknownId), query: schoolQuery }),
          ),
          withCtx(
            fc.constant(ctxOf(schoolA)),
            fc.record({
              pathParameters: params(
                ['id'],
                pathId(() => submissionIds),
              ),
              query: fc.constant<[string, string][]>([['schoolId', 'fz-b']]),
            }),
          ),
          noCaller(
            fc.record({
              pathParameters: params(
                ['id'],
                pathId(() => submissionIds),
              ),
            }),
          ),
        ),
        mixed: withCtx(
          callers(readers, notReaders),
          fc.record(
            {
              pathParameters: params(
                ['id'],
                pathId(() => submissionIds),
              ),
              query: schoolQuery,
              acceptLanguage,
            },
            { requiredKeys: ['pathParameters', 'query'] },
          ),
        ),
      };
    }
    case 'request-submission-photo':
    case 'request-hazard-photo': {
      const ids = name === 'request-submission-photo' ? () => submissionIds : () => hazardIds;
      const valid = fc.record({
        contentType: fc.constantFrom('image/jpeg', 'image/png', 'image/heic', 'image/webp'),
        bytes: fc.integer({ min: 1, max: 10 * 1024 * 1024 }),
      });
      return {
        refused: fc.oneof(
          withCtx(
            callers(schools, notSchools),
            fc
              .tuple(params(['id'], pathId(ids)), jsonBody(brokenBody(valid, ['contentType', 'bytes'])))
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          withCtx(
            callers(schools, notSchools),
            fc
              .tuple(
                params(['id'], pathId(ids)),
                jsonBody(
                  valid.chain((v) =>
                    fc
                      .constantFrom<FuzzJson>(0, -1, 1.5, 10 * 1024 * 1024 + 1, 1e21)
                      .map((b) => withEntry(fromPlain(v), 'bytes', b)),
                  ),
                ),
              )
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          withCtx(
            callers(schools, notSchools),
            fc
              .tuple(params(['id'], unknownId), jsonBody(valid.map(fromPlain)))
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          withCtx(
            callers(schools, notSchools),
            fc.tuple(params(['id'], pathId(ids)), refusedTransport).map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          noCaller(
            fc
              .tuple(params(['id'], pathId(ids)), jsonBody(valid.map(fromPlain)))
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
        ),
        mixed: withCtx(
          callers(schools, () => [...notSchools(), ...strangers]),
          fc
            .tuple(
              params(['id'], pathId(ids)),
              fc.oneof({ weight: 4, arbitrary: jsonBody(nearValidBody(valid)) }, { weight: 1, arbitrary: anything }),
            )
            .map(([p, r]) => ({ ...r, pathParameters: p })),
        ),
      };
    }
    case 'get-photo':
      return {
        refused: fc.oneof(
          withCtx(
            callers(readers, () => [admin]),
            fc.record({ pathParameters: params(['photoId'], unknownId) }),
          ),
          noCaller(
            fc.record({
              pathParameters: params(
                ['photoId'],
                pathId(() => photoIds),
              ),
            }),
          ),
        ),
        mixed: withCtx(
          callers(readers, notReaders),
          fc.record(
            {
              pathParameters: params(
                ['photoId'],
                pathId(() => photoIds),
              ),
              acceptLanguage,
            },
            { requiredKeys: ['pathParameters'] },
          ),
        ),
      };
    case 'rectify-hazard': {
      const valid = fc.record(
        { note: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0) },
        { requiredKeys: ['note'] },
      );
      const withPhotos = fc.tuple(valid, fc.constant(null)).map(([v]) => ({ ...v, photoIds: [hazardPhotoId] }));
      const badPhotos = valid.chain((v) =>
        fc
          .oneof(
            fc.array(fc.uuid(), { minLength: 1, maxLength: 3 }),
            fc.array(fc.uuid(), { minLength: 13, maxLength: 14 }),
            fc.uuid().map((u) => [u, u]),
            fc.array(
              hostileString.filter((s) => !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/.test(s)),
              { minLength: 1, maxLength: 2 },
            ),
          )
          .map((ids) => withEntry(fromPlain(v), 'photoIds', ids)),
      );
      const emptyNote = fc.constantFrom('', ' ', '\t\n').map((n): FuzzJson => obj([['note', n]]));
      return {
        refused: fc.oneof(
          withCtx(
            callers(schools, notSchools),
            fc
              .tuple(
                params(
                  ['id'],
                  pathId(() => hazardIds),
                ),
                jsonBody(fc.oneof(brokenBody(valid, ['note', 'photoIds']), badPhotos, emptyNote)),
              )
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          withCtx(
            callers(schools, notSchools),
            fc
              .tuple(params(['id'], unknownId), jsonBody(valid.map(fromPlain)))
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          withCtx(
            callers(schools, notSchools),
            fc
              .tuple(
                params(
                  ['id'],
                  pathId(() => hazardIds),
                ),
                refusedTransport,
              )
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          noCaller(
            fc
              .tuple(
                params(
                  ['id'],
                  pathId(() => hazardIds),
                ),
                jsonBody(valid.map(fromPlain)),
              )
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
        ),
        mixed: withCtx(
          callers(schools, () => [...notSchools(), ...strangers]),
          fc
            .tuple(
              params(
                ['id'],
                pathId(() => hazardIds),
              ),
              fc.oneof(
                {
                  weight: 4,
                  arbitrary: jsonBody(fc.oneof(nearValidBody(valid), withPhotos.map(fromPlain), badPhotos)),
                },
                { weight: 1, arbitrary: anything },
              ),
            )
            .map(([p, r]) => ({ ...r, pathParameters: p })),
        ),
      };
    }
    case 'verify-hazard': {
      const valid = fc.record({
        accepted: fc.boolean(),
        note: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0),
      });
      return {
        refused: fc.oneof(
          withCtx(
            callers(officials, () => [schoolA, admin]),
            fc
              .tuple(
                params(
                  ['id'],
                  pathId(() => hazardIds),
                ),
                jsonBody(fc.oneof(brokenBody(valid, ['accepted', 'note']), fc.constant(obj([['accepted', false]])))),
              )
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          withCtx(
            callers(officials, () => [schoolA, admin]),
            fc
              .tuple(params(['id'], unknownId), jsonBody(valid.map(fromPlain)))
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          withCtx(
            callers(officials, () => [schoolA, admin]),
            fc
              .tuple(
                params(
                  ['id'],
                  pathId(() => hazardIds),
                ),
                refusedTransport,
              )
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
          noCaller(
            fc
              .tuple(
                params(
                  ['id'],
                  pathId(() => hazardIds),
                ),
                jsonBody(valid.map(fromPlain)),
              )
              .map(([p, r]) => ({ ...r, pathParameters: p })),
          ),
        ),
        mixed: withCtx(
          callers(officials, () => [schoolA, admin, ...strangers]),
          fc
            .tuple(
              params(
                ['id'],
                pathId(() => hazardIds),
              ),
              fc.oneof({ weight: 4, arbitrary: jsonBody(nearValidBody(valid)) }, { weight: 1, arbitrary: anything }),
            )
            .map(([p, r]) => ({ ...r, pathParameters: p })),
        ),
      };
    }
    case 'get-report':
    case 'get-report-html':
    case 'get-report-workbook':
      return {
        refused: fc.oneof(
          {
            weight: 4,
            arbitrary: withCtx(
              callers(officials, () => [schoolA, admin]),
              fc.record({ pathParameters: params(['month'], badReportMonth) }),
            ),
          },
          {
            weight: 1,
            arbitrary: withCtx(
              callers(officials, () => [schoolA, admin]),
              fc.record({
                pathParameters: params(
                  ['month'],
                  fc.integer({ min: 0, max: 12 }).map((k) => shiftMonth(thisMonth, k)),
                ),
              }),
            ),
          },
          { weight: 2, arbitrary: noCaller(fc.record({ pathParameters: params(['month'], monthParam) })) },
        ),
        mixed: withCtx(
          callers(officials, () => [schoolA, admin, ...strangers]),
          fc.record(
            { pathParameters: params(['month'], fc.oneof(fc.constant(lastMonth), monthParam)), acceptLanguage },
            { requiredKeys: ['pathParameters'] },
          ),
        ),
      };
    case 'request-report': {
      const body = (districtId: fc.Arbitrary<string | undefined>) =>
        districtId.map((d): Record<string, unknown> =>
          d === undefined ? { send: false } : { send: false, districtId: d },
        );
      const monthFor = (valid: boolean) =>
        valid ? fc.constant(lastMonth) : fc.integer({ min: 0, max: 24 }).map((k) => shiftMonth(thisMonth, k));
      const request = (month: fc.Arbitrary<string>, bodyArb: fc.Arbitrary<FuzzRequest>) =>
        fc.tuple(params(['month'], month), bodyArb).map(([p, r]) => ({ ...r, pathParameters: p }));
      return {
        refused: fc.oneof(
          {
            weight: 3,
            arbitrary: withCtx(
              callers(officials, () => [schoolA]),
              request(badReportMonth, jsonBody(body(fc.constant(undefined)).map(fromPlain))),
            ),
          },
          {
            weight: 1,
            arbitrary: withCtx(
              callers(officials, () => [schoolA]),
              request(monthFor(false), jsonBody(body(fc.constant(undefined)).map(fromPlain))),
            ),
          },
          {
            weight: 3,
            arbitrary: withCtx(
              callers(officials, () => [schoolA]),
              request(monthParam, jsonBody(brokenBody(body(fc.constant(undefined)), ['send', 'districtId']))),
            ),
          },
          {
            weight: 3,
            arbitrary: withCtx(
              callers(officials, () => [schoolA]),
              request(monthParam, refusedTransport),
            ),
          },
          {
            weight: 1,
            arbitrary: withCtx(
              fc.constant(ctxOf(officialA)),
              request(monthParam, jsonBody(body(fc.constant(districtB.districtId)).map(fromPlain))),
            ),
          },
          {
            weight: 1,
            arbitrary: withCtx(
              fc.constant(ctxOf(admin)),
              request(
                monthParam,
                jsonBody(
                  body(fc.oneof(fc.uuid(), hostileString).map((d) => `nowhere-${d}`.slice(0, 40))).map(fromPlain),
                ),
              ),
            ),
          },
          {
            weight: 2,
            arbitrary: noCaller(request(monthParam, jsonBody(body(fc.constant(undefined)).map(fromPlain)))),
          },
        ),
        // Producing a report takes a second or so: only a handful of the mixed requests ask for an ended month.
        mixed: fc.oneof(
          {
            weight: 1,
            arbitrary: withCtx(
              fc.constant(ctxOf(officialA)),
              request(monthFor(true), jsonBody(body(fc.constant(undefined)).map(fromPlain))),
            ),
          },
          {
            weight: 300,
            arbitrary: withCtx(
              callers(officials, () => [schoolA, admin, ...strangers]),
              request(monthFor(false), jsonBody(nearValidBody(body(fc.constant(undefined))))),
            ),
          },
          {
            weight: 150,
            arbitrary: withCtx(
              callers(officials, () => [schoolA, admin, ...strangers]),
              request(fc.oneof(badReportMonth, monthFor(false)), anything),
            ),
          },
        ),
      };
    }
    default: {
      // A route this file has no knowledge of yet (a new manifest entry): anything in every part.
      const generic = fc
        .tuple(params(pathNames, fc.oneof(fc.uuid(), hostileString)), anything)
        .map(([p, r]) => ({ ...r, ...(pathNames.length > 0 ? { pathParameters: p } : {}) }));
      const everyone = () => [schoolA, schoolPlain, officialA, admin, ...strangers];
      return { refused: withCtx(noPrincipal, refusedTransport), mixed: withCtx(callers(everyone, everyone), generic) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The checks every answer passes

/** Which roles a known route serves (for the 401 / 403 checks); undefined: not known here. */
const ROUTE_ROLES: Record<string, readonly string[]> = {
  'list-forms': ['school', 'official', 'admin'],
  'get-me': ['school', 'official', 'admin'],
  'record-submission': ['school'],
  'list-submissions': ['school', 'official'],
  'get-submission': ['school', 'official'],
  'request-submission-photo': ['school'],
  'get-photo': ['school', 'official'],
  'list-hazards': ['school', 'official'],
  'get-hazard': ['school', 'official'],
  'rectify-hazard': ['school'],
  'request-hazard-photo': ['school'],
  'verify-hazard': ['official'],
  'get-compliance': ['school', 'official'],
  'list-reports': ['official'],
  'get-overview': ['official'],
  'get-report': ['official'],
  'get-report-html': ['official'],
  'get-report-workbook': ['official'],
  'request-report': ['official', 'admin'],
};

function describeCase(c: FuzzCase): string {
  const shown = {
    ...c,
    request: {
      ...c.request,
      body:
        c.request.body && c.request.body.length > 300
          ? `${c.request.body.slice(0, 300)}… (${c.request.body.length} chars)`
          : c.request.body,
    },
  };
  return JSON.stringify(shown);
}

/** Checks one answer: never a 5xx; a 4xx in the error shape, its code's status; the auth outcome. */
function checkAnswer(name: string, c: FuzzCase, response: ApiResponse): number {
  const status = response.statusCode ?? 0;
  const fail = (why: string) => {
    throw new Error(
      `${name}: ${why}\n  status ${status}, body ${String(response.body).slice(0, 500)}\n  case ${describeCase(c)}`,
    );
  };
  if (!Number.isInteger(status) || status < 200 || status >= 500) fail('answered outside 2xx–4xx');
  if (!response.headers?.['content-type']) fail('no content type');
  if (status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body ?? '');
    } catch {
      fail('a 4xx body that is not JSON');
    }
    const shape = errorBodySchema.safeParse(parsed);
    if (!shape.success) fail(`a 4xx body not in the error shape: ${shape.error.message}`);
    else if (ERRORS[shape.data.error.code].status !== status)
      fail(`code ${shape.data.error.code} answered with ${status}`);
    if (/\bat \S+ \(.*:\d+:\d+\)|node_modules|\/work\//.test(response.body ?? '')) fail('a 4xx body shows internals');
  }
  const roles = ROUTE_ROLES[name];
  if (roles) {
    const ctx = c.ctx;
    const principal =
      ctx && ctx.authenticated === 'true' && typeof ctx.tokenId === 'string' && ctx.tokenId !== '' ? ctx : undefined;
    const wellFormed =
      principal &&
      ((principal.role === 'school' && principal.districtId && principal.schoolId) ||
        (principal.role === 'official' && principal.districtId) ||
        principal.role === 'admin');
    if (!wellFormed && status !== 401) fail('no principal, but not 401');
    if (wellFormed && !roles.includes(String(principal?.role)) && status !== 403)
      fail('a role the route does not serve, but not 403');
  }
  return status;
}

// ---------------------------------------------------------------------------------------------

const ROUTES = httpRoutes();
const routeName = (r: (typeof ROUTES)[number]) => r.spec.name;

describe('fuzzing every public route (fast-check, handlers against the emulators)', () => {
  beforeAll(async () => {
    districtA = await createTestDistrict([
      { schoolId: 'fz-a', hasCanteen: true, boarding: true, nutritionProgramme: true } as TestSchool,
      { schoolId: 'fz-b', hasCanteen: false, boarding: false },
    ]);
    districtB = await createTestDistrict([{ schoolId: 'fz-x', hasCanteen: true, boarding: true }]);
    schoolA = districtA.schoolPrincipal('fz-a');
    schoolPlain = districtA.schoolPrincipal('fz-b');
    officialA = districtA.official;
    admin = { role: 'admin', tokenId: 'tok_admin_fuzz' };
    strangers = [
      districtB.schoolPrincipal('fz-x'),
      districtB.official,
      districtA.schoolPrincipal('gone'),
      { role: 'official', tokenId: 'tok_ghost', districtId: 'no-such-district' },
    ];

    const record = { method: 'POST', path: '/v1/submissions' };
    for (let i = 0; i < 4; i += 1) {
      const body = {
        submissionId: randomUUID(),
        formType: 'hazard-report',
        date: today,
        answers: { ...allValidAnswers['hazard-report'] },
      };
      const response = await call('record-submission', record, schoolA, jsonRequest(body));
      expect(response.status).toBe(201);
      submissionIds.push(body.submissionId);
      hazardIds.push(...(response.body.hazards as { hazardId: string }[]).map((h) => h.hazardId));
    }
    const canteen = {
      submissionId: `canteen-${randomUUID()}`,
      formType: 'canteen-daily',
      date: today,
      answers: { ...allValidAnswers['canteen-daily'] },
    };
    expect((await call('record-submission', record, schoolA, jsonRequest(canteen))).status).toBe(201);
    submissionIds.push(canteen.submissionId);

    // A verified photo of a submission (GET /v1/photos answers 302) and one of a hazard (a rectification may name it).
    const verifiedPhoto = async (name: string, path: string, id: string) => {
      const response = await call(name, { method: 'POST', path }, schoolA, {
        ...jsonRequest({ contentType: 'image/jpeg', bytes: 1000 }),
        pathParameters: { id },
      });
      expect(response.status).toBe(201);
      const photoId = response.body.photo.photoId as string;
      const stored = await getPhoto(districtA.districtId, photoId);
      await recordVerified({
        districtId: districtA.districtId,
        photoId,
        objectKey: stored?.objectKey ?? '',
        size: 1000,
        sha256: 'a'.repeat(64),
        detectedType: 'image/jpeg',
        verifiedAt: new Date(),
      });
      return photoId;
    };
    photoIds.push(
      await verifiedPhoto('request-submission-photo', '/v1/submissions/{id}/photos', submissionIds[0] as string),
    );
    hazardPhotoId = await verifiedPhoto('request-hazard-photo', '/v1/hazards/{id}/photos', hazardIds[1] as string);
    photoIds.push(hazardPhotoId);

    // Last month's report, so the report routes have something to find.
    const report = await call('request-report', { method: 'POST', path: '/v1/reports/{month}' }, officialA, {
      ...jsonRequest({ send: false }),
      pathParameters: { month: lastMonth },
    });
    expect(report.status).toBe(200);
  }, 120_000);

  it('covers every HTTP route of the manifest, and only those', () => {
    // Prepare
    const fuzzed = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    // Assess
    expect(ROUTES.length).toBeGreaterThanOrEqual(14);
    expect(new Set(fuzzed).size).toBe(fuzzed.length);
    expect(Object.keys(ROUTE_ROLES).every((name) => ROUTES.some((r) => routeName(r) === name))).toBe(true);
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: no 5xx, every 4xx in the error shape, nothing stored by a refused request',
    async (_key, route) => {
      // Prepare
      const name = routeName(route);
      const handler = await loadHandler(name);
      const fuzz = routeFuzz(name, route);
      const mixed = mixedBatch(fuzz, NEAR_VALID_SHARE[name] ?? 25);
      const perBatch = Math.ceil(RUNS_PER_ROUTE / BATCHES);
      const tally = { runs: 0, accepted: 0, refused: 0 };
      let before = await storedState();

      for (let batch = 0; batch < BATCHES; batch += 1) {
        const refusedOnly = batch % 2 === 0;
        const statuses: number[] = [];
        // Act
        const property = fc.asyncProperty(refusedOnly ? fuzz.refused : mixed, async (c) => {
          const response = await handler(fuzzEvent(route, c.ctx, c.request), lambdaContext(name));
          const status = checkAnswer(name, c, response);
          if (refusedOnly && (status < 400 || status >= 500))
            throw new Error(
              `${name}: a request built to be refused got ${status}: ${String(response.body).slice(0, 300)}\n  case ${describeCase(c)}`,
            );
          statuses.push(status);
        });
        // allSettled: a failing lane must not leave the others writing into the next route's batch.
        const lanes = await Promise.allSettled(
          Array.from({ length: LANES }, (_, lane) =>
            fc.assert(property, {
              numRuns: Math.ceil(perBatch / LANES),
              ...(SEED !== undefined ? { seed: SEED + batch * LANES + lane } : {}),
            }),
          ),
        );
        const failed = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
        if (failed) throw failed.reason;
        // Assess
        const after = await storedState();
        const allRefused = statuses.every((s) => s >= 400);
        if (allRefused || route.method === 'GET')
          expect({ route: name, batch, state: after }).toEqual({ route: name, batch, state: before });
        tally.runs += statuses.length;
        tally.accepted += statuses.filter((s) => s < 400).length;
        tally.refused += statuses.filter((s) => s >= 400).length;
        before = after;
      }
      expect(tally.runs).toBeGreaterThanOrEqual(RUNS_PER_ROUTE);
      if (process.env.FUZZ_VERBOSE) process.stdout.write(`${name}: ${JSON.stringify(tally)}\n`);
    },
    1_800_000,
  );

  describe('the authorizer', () => {
    const tokens: string[] = [];

    beforeAll(async () => {
      tokens.push((await issueToken({ role: 'school', districtId: districtA.districtId, schoolId: 'fz-a' })).token);
      tokens.push((await issueToken({ role: 'official', districtId: districtA.districtId })).token);
    });

    /** The spec, independent of the code: `Bearer <token>` (scheme in any case), one space, nothing else but surrounding blanks. */
    const carriesIssuedToken = (header: string | undefined) => {
      const match = /^Bearer ([^\s]+)$/i.exec(header?.trim() ?? '');
      return match !== null && tokens.includes(match[1] as string);
    };

    const tokenLike = fc.oneof(
      fc.integer({ min: 0, max: 1 }).map((i) => tokens[i] as string),
      fc.constant(null).map(() => generateToken()),
      fc
        .tuple(fc.integer({ min: 0, max: 1 }), fc.nat(45), fc.string({ minLength: 1, maxLength: 1 }))
        .map(([i, at, c]) => {
          const t = tokens[i] as string;
          return t.slice(0, at) + c + t.slice(at + 1);
        }),
      fc.integer({ min: 0, max: 1 }).map((i) => (tokens[i] as string).toUpperCase()),
      fc.integer({ min: 0, max: 1 }).map((i) => (tokens[i] as string).slice(0, -1)),
      fc.integer({ min: 0, max: 1 }).map((i) => `${tokens[i] as string}=`),
      hostileString,
    );
    const header = fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            fc.constantFrom(
              'Bearer ',
              'bearer ',
              'BEARER ',
              'Bearer  ',
              'Bearer\t',
              'Basic ',
              'Token ',
              '',
              ' Bearer ',
              'Bearer',
            ),
            tokenLike,
            fc.constantFrom('', ' ', '\n', ',', ' x'),
          )
          .map(([a, b, c]) => a + b + c),
      },
      { weight: 2, arbitrary: hostileString },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const otherHeaders = extraHeaders.map((headers) => headers.filter(([k]) => k.toLowerCase() !== 'authorization'));
    const headerCase = fc.record({
      header,
      name: fc.constantFrom('authorization', 'Authorization', 'AUTHORIZATION'),
      extra: otherHeaders,
    });

    it(`never throws, always answers a simple response, and authorizes only an issued token (${RUNS_PER_ROUTE} runs)`, async () => {
      // Prepare
      let authorized = 0;
      // Act
      await fc.assert(
        fc.asyncProperty(headerCase, async ({ header: value, name, extra }) => {
          const event = authorizerEvent();
          event.headers = ownKeys<string>([
            ...(Object.entries(event.headers ?? {}) as [string, string][]),
            ...extra,
            ...(value === undefined ? [] : ([[name, value]] as [string, string][])),
          ]);
          const result = await authorize(event);
          // Assess: API Gateway hands header names over in lower case; the handler also reads `Authorization`.
          const expected = name !== 'AUTHORIZATION' && carriesIssuedToken(value);
          expect(result.isAuthorized).toBe(true);
          expect(result.context.authenticated).toBe(expected ? 'true' : 'false');
          if (expected) {
            authorized += 1;
            expect(result.context.districtId).toBe(districtA.districtId);
          } else {
            // A header the handler reads that is not `Bearer <token>` in our shape is marked malformed (the route then says how it should look).
            const seen = name === 'AUTHORIZATION' ? undefined : value;
            const malformed = Boolean(seen?.trim()) && bearerToken(seen) === undefined;
            expect(result.context).toEqual(
              malformed ? { authenticated: 'false', credentials: 'malformed' } : { authenticated: 'false' },
            );
          }
        }),
        { numRuns: RUNS_PER_ROUTE, ...(SEED !== undefined ? { seed: SEED } : {}) },
      );
      expect(authorized).toBeGreaterThan(0);
    }, 600_000);
  });
});
