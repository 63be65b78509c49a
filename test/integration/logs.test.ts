import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { HttpResponse, IncomingApiRequest } from '../../infra/local/api-event';
import { main as admin } from '../../infra/cli/admin';
import { createRequestHandler } from '../../infra/local/http-adapter';
import type { Principal } from '../../shared/auth/principal';
import { generateToken, hashToken, TOKEN_PREFIX } from '../../shared/auth/tokens';
import { getDocumentClient } from '../../shared/clients';
import { logger } from '../../shared/logger';
import { previousMonthIn } from '../../shared/reports/pipeline/month';
import { localDate } from '../../shared/time';
import { writeStackFile } from '../support/admin-cli';
import { captureOutput } from '../support/capture-output';
import { createTestDistrict } from '../support/directory-fixtures';
import { DYNAMODB_FAULTS, dynamoDbOperation, injectFaults } from '../support/fault-injection';
import { validAnswers } from '../unit/forms/examples';

/*
 * Issue 6, point 7: secrets and logs. Tokens are issued and revoked with the admin CLI's
 * commands (in process), then used on every kind of path through the local API adapter (the
 * manifest's authorizer, then the route, as API Gateway chains them): accepted, refused (400,
 * 401, 404, 413, 415, 422), a DynamoDB failure in a route (500) and in the authorizer (API
 * Gateway's 500), with live, revoked, unknown and malformed tokens. Everything the handlers log
 * is captured at DEBUG level where Powertools writes it (its console on process.stdout/stderr).
 *
 * Then: no log line, no response (body or header), no CLI output after the issue and no error
 * the adapter reported holds a token, any 12 characters of its secret part or of its SHA-256
 * (whatever is longer contains 12 of them); a self-check proves the scan finds a token that is
 * logged. Every log line is JSON, and each request a route handled logged exactly one outcome
 * line with its status, every line of it with the Lambda request id (`function_request_id`),
 * API Gateway's request id (`apiRequestId`), the `route` and the caller (`role`, `tokenId`,
 * `districtId`, `schoolId`) as shared/http/api-handler.ts appends them.
 */

jest.setTimeout(60_000);

const TIMEZONE = 'Asia/Shanghai';
/** The shortest run of a token's secret (or of its hash) that must never be seen. */
const FRAGMENT = 12;
const OUTCOMES = ['request done', 'request refused', 'request failed'];

/** What a request carries as its caller, and whom the route's log lines must name. */
interface Caller {
  name: string;
  headers: Record<string, string>;
  principal?: Principal;
}

interface Call {
  /** `METHOD /path` as the manifest declares the route (undefined: no route matches). */
  route?: string;
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  rawBody?: string;
  contentType?: string;
}

interface Exchange {
  label: string;
  call: Call;
  caller: Caller;
  response: HttpResponse;
  /** What the request's handlers logged. */
  lines: string[];
}

type LogLine = Record<string, unknown>;

/**
 * Turns the shared logger up to DEBUG until the returned function puts it back. Powertools resets
 * the level to the one it started with (SILENT under test/support/quiet-logs.ts) at each warm
 * invocation, when it refreshes its sampling decision: that refresh is held off meanwhile.
 */
function verboseLogs(): () => void {
  const level = logger.getLevelName();
  const refresh = jest.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined);
  logger.setLogLevel('DEBUG');
  return () => {
    refresh.mockRestore();
    logger.setLogLevel(level);
  };
}

/** Every 12 characters of a token's secret part and of its hash. */
function secretFragments(token: string): string[] {
  const windows = (text: string) =>
    Array.from({ length: text.length - FRAGMENT + 1 }, (_, at) => text.slice(at, at + FRAGMENT));
  return [...windows(token.slice(TOKEN_PREFIX.length)), ...windows(hashToken(token))];
}

/** The token material found in each text: `where: fragment`. */
function scan(texts: readonly { where: string; text: string }[], tokens: readonly string[]): string[] {
  const fragments = tokens.flatMap(secretFragments);
  return texts.flatMap(({ where, text }) =>
    fragments.filter((fragment) => text.includes(fragment)).map((fragment) => `${where}: ${fragment}`),
  );
}

function parse(line: string): LogLine | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as LogLine) : undefined;
  } catch {
    return undefined;
  }
}

function request(call: Call, caller: Caller): IncomingApiRequest {
  const method = call.method ?? (call.route?.split(' ')[0] as 'GET' | 'POST' | undefined) ?? 'GET';
  const body = call.rawBody ?? (call.body === undefined ? '' : JSON.stringify(call.body));
  const headers: Record<string, string> = {
    host: 'api.houqin.test',
    'accept-language': 'en',
    'user-agent': 'logs-test',
    ...caller.headers,
  };
  if (body) headers['content-type'] = call.contentType ?? 'application/json';
  return {
    method,
    url: call.url,
    rawHeaders: Object.entries(headers).flat(),
    body: Buffer.from(body),
    sourceIp: '127.0.0.1',
    httpVersion: '1.1',
  };
}

/** What POST /v1/submissions answered: the submission and the hazards it raised. */
const recorded = (exchange: Exchange) =>
  JSON.parse(exchange.response.body.toString('utf8')) as {
    submission: { submissionId: string };
    hazards: { hazardId: string }[];
  };

describe('secrets and logs: no token material anywhere after issue; structured lines per request', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'houqin-logs-'));
  const stackFile = join(workDir, 'local-stack.json');
  const adapterErrors: string[] = [];
  const handle = createRequestHandler({
    log: () => undefined,
    logError: (message, error) => adapterErrors.push(`${message}: ${inspect(error, { depth: 6 })}`),
  });
  const exchanges: Exchange[] = [];
  /**
   * The requests no route handled: API Gateway's own 401 for a request without an Authorization
   * header (the authorizer's identity source; nothing is invoked), its 404, and a failed authorizer.
   */
  const UNROUTED = [
    'forms, no token',
    'forms, token in another header',
    'no such route',
    'authorizer while DynamoDB fails',
  ];
  /** Every token a request carried or the CLI issued. */
  const tokens: string[] = [];
  /** The CLI's output after each token was issued: what an operator sees and may paste anywhere. */
  const cliOutput: { where: string; text: string }[] = [];
  let lines: string[] = [];

  /** Runs an admin CLI command in process against the emulators; its output goes to `cliOutput` unless it is `token issue`'s. */
  async function cli(args: string[]): Promise<string[]> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await admin(
      [...args, '--lang', 'en'],
      { ...process.env, HOUQIN_LOCAL_STACK_FILE: stackFile },
      { out: (line) => out.push(line), err: (line) => err.push(line) },
    );
    if (code !== 0) throw new Error(`admin ${args.join(' ')} exited ${code}: ${err.join('\n')}`);
    const issuing = args[0] === 'token' && args[1] === 'issue';
    cliOutput.push({ where: `admin ${args.join(' ')} (stderr)`, text: err.join('\n') });
    if (!issuing) cliOutput.push({ where: `admin ${args.join(' ')}`, text: out.join('\n') });
    return out;
  }

  /** `token issue` with the CLI: the token (shown this once) and the principal it stands for. */
  async function issue(
    role: Principal['role'],
    scope: { districtId?: string; schoolId?: string } = {},
  ): Promise<{ token: string; principal: Principal }> {
    const scopeArgs = [
      ...(scope.districtId ? ['--district', scope.districtId] : []),
      ...(scope.schoolId ? ['--school', scope.schoolId] : []),
    ];
    const out = (await cli(['token', 'issue', '--role', role, ...scopeArgs])).join('\n');
    const token = /hq_[A-Za-z0-9_-]{43}/.exec(out)?.[0];
    const tokenId = /tok_[0-9a-f]{16}/.exec(out)?.[0];
    if (!token || !tokenId) throw new Error(`token issue printed no token: ${out}`);
    tokens.push(token);
    return { token, principal: { role, tokenId, ...scope } as Principal };
  }

  const bearer = (name: string, issued: { token: string; principal?: Principal }): Caller => ({
    name,
    headers: { authorization: `Bearer ${issued.token}` },
    ...(issued.principal ? { principal: issued.principal } : {}),
  });

  beforeAll(async () => {
    // Prepare: a district of two schools; tokens through the CLI, as an operator issues them.
    writeStackFile(stackFile);
    const { districtId } = await createTestDistrict([
      { schoolId: 's-a1', hasCanteen: true, boarding: false },
      { schoolId: 's-a2', hasCanteen: false, boarding: false },
    ]);
    const schoolA1 = await issue('school', { districtId, schoolId: 's-a1' });
    const schoolA2 = await issue('school', { districtId, schoolId: 's-a2' });
    const official = await issue('official', { districtId });
    const adminToken = await issue('admin');
    const revoked = await issue('school', { districtId, schoolId: 's-a1' });
    await cli(['token', 'revoke', revoked.principal.tokenId]);
    await cli(['token', 'list', '--district', districtId]);
    await cli(['token', 'list', '--admin']);
    const unknown = generateToken();
    tokens.push(unknown);

    const school = bearer('school A1', schoolA1);
    const sibling = bearer('school A2', schoolA2);
    const officer = bearer('official', official);
    const administrator = bearer('admin', adminToken);
    const revokedCaller = bearer('revoked token', { token: revoked.token });
    const denied: Caller[] = [
      { name: 'no token', headers: {} },
      bearer('unknown token', { token: unknown }),
      revokedCaller,
      { name: 'lower-case scheme, revoked', headers: { authorization: `bearer ${revoked.token}` } },
      { name: 'truncated', headers: { authorization: `Bearer ${schoolA1.token.slice(0, -4)}` } },
      { name: 'another prefix', headers: { authorization: `Bearer xq_${schoolA1.token.slice(TOKEN_PREFIX.length)}` } },
      { name: 'another scheme', headers: { authorization: `Basic ${adminToken.token}` } },
      { name: 'token twice', headers: { authorization: `Bearer ${official.token} ${official.token}` } },
      { name: 'token in another header', headers: { 'x-api-key': schoolA1.token } },
    ];

    const today = localDate(TIMEZONE);
    const month = previousMonthIn(TIMEZONE, new Date());
    const hazardReport = (extra: Record<string, unknown> = {}) => ({
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: today,
      answers: validAnswers['hazard-report'],
      ...extra,
    });
    const jpeg = { contentType: 'image/jpeg', bytes: 48_213 };

    lines = [];
    const capture = captureOutput();
    const quiet = verboseLogs();
    const send = async (label: string, call: Call, caller: Caller): Promise<Exchange> => {
      const mark = capture.mark();
      const response = await handle(request(call, caller));
      const exchange = { label, call, caller, response, lines: capture.linesSince(mark) };
      exchanges.push(exchange);
      return exchange;
    };
    try {
      // Act: the authorizer's verdicts, on a route every role may use.
      for (const caller of [school, officer, administrator])
        await send('forms', { route: 'GET /v1/forms', url: '/v1/forms' }, caller);
      for (const caller of denied)
        await send(`forms, ${caller.name}`, { route: 'GET /v1/forms', url: '/v1/forms' }, caller);
      await send(
        'token in the query string too',
        { route: 'GET /v1/forms', url: `/v1/forms?access_token=${schoolA1.token}` },
        school,
      );

      // Submissions: accepted, replayed, refused in every way the stack refuses.
      const report = hazardReport();
      const accepted = await send(
        'submission accepted',
        { route: 'POST /v1/submissions', url: '/v1/submissions', body: report },
        school,
      );
      await send(
        'submission replayed',
        { route: 'POST /v1/submissions', url: '/v1/submissions', body: report },
        school,
      );
      const second = await send(
        'second submission',
        { route: 'POST /v1/submissions', url: '/v1/submissions', body: hazardReport() },
        school,
      );
      const post = { route: 'POST /v1/submissions', url: '/v1/submissions' };
      await send(
        'submission invalid',
        { ...post, body: hazardReport({ answers: { ...validAnswers['hazard-report'], severity: 'apocalyptic' } }) },
        school,
      );
      await send('submission malformed JSON', { ...post, rawBody: '{"submissionId":' }, school);
      await send('submission as text', { ...post, rawBody: 'hello', contentType: 'text/plain' }, school);
      await send('submission too large', { ...post, body: hazardReport({ note: 'x'.repeat(70_000) }) }, school);
      await send(
        'submission superseding nothing',
        { ...post, body: hazardReport({ supersedes: randomUUID() }) },
        school,
      );
      await send('submission by an official', { ...post, body: hazardReport() }, officer);
      await send('submission with a revoked token', { ...post, body: hazardReport() }, revokedCaller);

      const { submissionId } = recorded(accepted).submission;
      const hazardId = recorded(accepted).hazards[0]!.hazardId;
      const otherHazardId = recorded(second).hazards[0]!.hazardId;
      /** A call of `route` for resource `id` (its path's {id}), with `body` if it takes one. */
      const onRoute = (route: string, id: string, body?: unknown): Call => ({
        route,
        url: route.split(' ')[1]!.replace('{id}', id),
        ...(body === undefined ? {} : { body }),
      });
      const submissionRoute = 'GET /v1/submissions/{id}';
      await send('submission read', onRoute(submissionRoute, submissionId), school);
      await send('submission read by the district', onRoute(submissionRoute, submissionId), officer);
      await send('submission of another school', onRoute(submissionRoute, submissionId), sibling);
      await send('submission unknown', onRoute(submissionRoute, randomUUID()), school);
      await send('submissions listed', { route: 'GET /v1/submissions', url: '/v1/submissions?schoolId=s-a1' }, school);
      await send('submissions of the district', { route: 'GET /v1/submissions', url: '/v1/submissions' }, officer);
      await send('submission photo asked', onRoute('POST /v1/submissions/{id}/photos', submissionId, jpeg), school);
      await send('photo unknown', { route: 'GET /v1/photos/{photoId}', url: `/v1/photos/${randomUUID()}` }, school);

      // Hazards: listed, rectified, verified, refused.
      await send('hazards listed', { route: 'GET /v1/hazards', url: '/v1/hazards?schoolId=s-a1' }, school);
      await send('hazards of the district', { route: 'GET /v1/hazards', url: '/v1/hazards' }, officer);
      await send('hazard photo asked', onRoute('POST /v1/hazards/{id}/photos', otherHazardId, jpeg), school);
      await send(
        'hazard rectified',
        onRoute('POST /v1/hazards/{id}/rectification', hazardId, { note: '已更换插座面板。' }),
        school,
      );
      await send(
        'hazard rectified by another school',
        onRoute('POST /v1/hazards/{id}/rectification', otherHazardId, { note: '不是我们的。' }),
        sibling,
      );
      await send(
        'hazard verified',
        onRoute('POST /v1/hazards/{id}/verification', hazardId, { accepted: true, note: '复查合格。' }),
        officer,
      );
      await send(
        'hazard verified by a school',
        onRoute('POST /v1/hazards/{id}/verification', otherHazardId, { accepted: true }),
        school,
      );
      await send(
        'hazard unknown',
        onRoute('POST /v1/hazards/{id}/verification', randomUUID(), { accepted: true }),
        officer,
      );

      // Compliance and reports (none produced yet: 404; then produced by the district's official).
      await send('compliance of a school', { route: 'GET /v1/compliance', url: '/v1/compliance' }, school);
      await send('compliance of the district', { route: 'GET /v1/compliance', url: '/v1/compliance' }, officer);
      await send('report not produced', { route: 'GET /v1/reports/{month}', url: `/v1/reports/${month}` }, officer);
      await send(
        'workbook not produced',
        { route: 'GET /v1/reports/{month}/workbook', url: `/v1/reports/${month}/workbook` },
        officer,
      );
      await send(
        'report asked by a school',
        { route: 'POST /v1/reports/{month}', url: `/v1/reports/${month}`, body: { districtId } },
        school,
      );
      await send(
        'report of a bad month',
        { route: 'POST /v1/reports/{month}', url: '/v1/reports/2026-13', body: { districtId } },
        officer,
      );
      await send(
        'report produced',
        { route: 'POST /v1/reports/{month}', url: `/v1/reports/${month}`, body: { districtId } },
        officer,
      );
      await send('report read', { route: 'GET /v1/reports/{month}', url: `/v1/reports/${month}` }, officer);

      // No route: API Gateway's own 404, no handler runs.
      await send('no such route', { url: '/v1/tokens', method: 'GET' }, school);

      // DynamoDB failing under a route (its queries) and under the authorizer (its token lookup), after the SDK's retries.
      const client = getDocumentClient();
      const failing = (operation: string) =>
        injectFaults(client, {
          rate: 1,
          seed: 7,
          faults: [DYNAMODB_FAULTS.internalError],
          operationOf: dynamoDbOperation,
          eligible: (call) => call.operation === operation,
        });
      let faults = failing('Query');
      try {
        await send(
          'hazards while DynamoDB fails',
          { route: 'GET /v1/hazards', url: '/v1/hazards?schoolId=s-a1' },
          school,
        );
      } finally {
        faults.restore();
      }
      faults = failing('GetItem');
      try {
        await send('authorizer while DynamoDB fails', { route: 'GET /v1/forms', url: '/v1/forms' }, school);
      } finally {
        faults.restore();
      }
    } finally {
      quiet();
      lines = capture.linesSince();
      capture.stop();
    }
  });

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
    console.info(
      `logs: ${lines.length} log lines, ${exchanges.length} responses, ${cliOutput.length} CLI outputs and ${adapterErrors.length} adapter errors scanned for ${tokens.length} tokens`,
    );
  });

  it('finds a token that is logged: whole, by 12 characters of its secret, by its hash', () => {
    // Prepare
    const [token] = tokens;
    const capture = captureOutput();
    const quiet = verboseLogs();
    // Act
    try {
      logger.info('self-check', { authorization: `Bearer ${token}` });
      logger.debug('self-check', { part: token!.slice(20, 20 + FRAGMENT) });
      logger.warn('self-check', { tokenHash: hashToken(token!) });
      logger.info('self-check', { token: token!.slice(0, FRAGMENT + TOKEN_PREFIX.length - 1) });
    } finally {
      quiet();
      capture.stop();
    }
    const logged = capture.linesSince();
    // Assess: the first three leak, the last holds only 11 characters of the secret.
    expect(logged).toHaveLength(4);
    expect(logged.map((line) => parse(line)?.message)).toEqual([
      'self-check',
      'self-check',
      'self-check',
      'self-check',
    ]);
    const found = logged.map((line, index) => scan([{ where: String(index), text: line }], tokens).length);
    expect(found.slice(0, 3).every((count) => count > 0)).toBe(true);
    expect(found[3]).toBe(0);
  });

  it('writes no token material in any log line', () => {
    // Assess: the capture saw the handlers' lines (else the scan would pass on nothing).
    expect(lines.length).toBeGreaterThanOrEqual(exchanges.length - UNROUTED.length);
    expect(
      scan(
        lines.map((text, index) => ({ where: `log line ${index}`, text })),
        tokens,
      ),
    ).toEqual([]);
  });

  it('sends no token material in any response body or header', () => {
    // Assess
    const texts = exchanges.flatMap(({ label, response }) => [
      { where: `${label} (body)`, text: response.body.toString('utf8') },
      { where: `${label} (headers)`, text: JSON.stringify(response.headers) },
    ]);
    expect(scan(texts, tokens)).toEqual([]);
  });

  it('shows no token in the CLI after issuing it, nor in what the adapter reported', () => {
    // Assess
    expect(cliOutput.length).toBeGreaterThan(0);
    expect(
      scan([...cliOutput, ...adapterErrors.map((text, index) => ({ where: `adapter error ${index}`, text }))], tokens),
    ).toEqual([]);
    // The one adapter error is the authorizer's failed lookup (API Gateway answers 500).
    expect(adapterErrors).toHaveLength(1);
    expect(adapterErrors[0]).toMatch(/^functions\/authorizer\/handler\.ts failed/);
  });

  it('answered every path it meant to', () => {
    // Assess
    const statuses = new Set(exchanges.map((exchange) => exchange.response.statusCode));
    expect([...statuses].sort((a, b) => a - b)).toEqual([200, 201, 400, 401, 403, 404, 413, 415, 422, 500]);
    const byLabel = (label: string) => exchanges.find((exchange) => exchange.label === label)!.response.statusCode;
    // A role a route never serves is told so (403), whatever it names.
    expect([byLabel('submission by an official'), byLabel('report asked by a school')]).toEqual([403, 403]);
    expect(byLabel('report produced')).toBe(200);
    expect(byLabel('hazards while DynamoDB fails')).toBe(500);
    expect(byLabel('authorizer while DynamoDB fails')).toBe(500);
  });

  it('writes every log line as JSON', () => {
    // Assess
    expect(lines.filter((line) => parse(line) === undefined)).toEqual([]);
  });

  it('logs one outcome line per routed request, every line with both request ids, the route and the caller', () => {
    // Prepare: requests a route handled (not API Gateway's own 404, nor a failed authorizer).
    const routed = exchanges.filter(
      (exchange) => exchange.call.route && 'content-language' in exchange.response.headers,
    );
    const lambdaRequestIds = new Set<unknown>();
    // Assess
    expect(routed.length).toBe(exchanges.length - UNROUTED.length);
    for (const { label, call, caller, response, lines: own } of routed) {
      const logged = own.map((line) => parse(line)!);
      const outcomes = logged.filter((line) => OUTCOMES.includes(String(line.message)));
      expect({ label, outcomes: outcomes.map((line) => line.status) }).toEqual({
        label,
        outcomes: [response.statusCode],
      });
      expect(typeof outcomes[0]!.durationMs).toBe('number');
      const principal = caller.principal;
      const context = {
        route: call.route,
        apiRequestId: response.headers['apigw-requestid'],
        role: principal?.role,
        tokenId: principal?.tokenId,
        districtId: principal && 'districtId' in principal ? principal.districtId : undefined,
        schoolId: principal?.role === 'school' ? principal.schoolId : undefined,
      };
      const requestIds = new Set(logged.map((line) => line.function_request_id));
      for (const line of logged) {
        expect({ label, ...line }).toMatchObject({
          label,
          service: 'houqin',
          function_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        });
        expect({ label, context: Object.fromEntries(Object.keys(context).map((key) => [key, line[key]])) }).toEqual({
          label,
          context,
        });
      }
      expect(requestIds.size).toBe(1);
      lambdaRequestIds.add([...requestIds][0]);
    }
    // A Lambda request id per invocation.
    expect(lambdaRequestIds.size).toBe(routed.length);
  });

  it('logs nothing for a request no route handled (the adapter reports the authorizer failing)', () => {
    // Assess
    const unrouted = exchanges.filter((exchange) => !('content-language' in exchange.response.headers));
    expect(unrouted.map((exchange) => [exchange.label, exchange.lines])).toEqual(UNROUTED.map((label) => [label, []]));
  });
});
