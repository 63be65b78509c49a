/*
 * Bench 3, HTTP throughput: autocannon against the local stack's request path on 127.0.0.1
 * (bench/support/api-stack.ts in a child process: the API Gateway stand-in with the authorizer on
 * every request, the event bus and the stream poller, on the runner's emulators), 20
 * connections for 30 s (5 s in quick mode), every request a new submission of a mixed workload
 * (bench/support/workload.ts) from one of 10 schools, each with its own token. Afterwards a
 * count: every submission answered 2xx must be stored exactly once, with the hazards its answer
 * named, and nothing stored that was never sent. Baseline: the same load on GET /v1/forms (the
 * authorizer plus a handler that reads nothing), in the same run.
 * Budget (issue 7): zero lost or duplicated.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { issueToken } from '../shared/directory/tokens';
import { TOKEN_RATE_LIMITS } from '../shared/http/limits';
import { listHazards } from '../shared/hazards/query-hazards';
import { listSubmissions } from '../shared/submissions/query-submissions';
import type { ParentMessage, StackMessage, StackUsage } from './support/api-stack';
import { routeEmfLines, type EmfTotals } from './support/emf';
import { row } from './support/rows';
import { round } from './support/stats';
import { benchMonth, createBenchDistrict, submissionBody, type BenchDistrict } from './support/workload';
import type { BenchContext, BenchSection } from './types';

const CONNECTIONS = 20;
const SCHOOLS = 10;
/** Submissions per second the local stack is expected to reach at most here (measured: about 280). */
const MAX_EXPECTED_RATE = 1000;
const READY_TIMEOUT_MS = 60_000;

interface ApiStack {
  url: string;
  /** The stack's domain metrics (EMF lines on its stdout), summed. */
  metrics: EmfTotals;
  request(message: ParentMessage): Promise<StackUsage>;
  stop(): Promise<void>;
}

/** Starts bench/support/api-stack.ts under tsx with the runner's environment. */
async function startApiStack(ctx: BenchContext): Promise<ApiStack> {
  const child: ChildProcess = fork(join(__dirname, 'support', 'api-stack.ts'), [], {
    cwd: ctx.root,
    env: { ...process.env, ...ctx.env },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // The stack's handlers write their domain metrics (EMF lines) to its stdout: counted, not printed.
  const metrics: EmfTotals = { lines: 0, metrics: {} };
  routeEmfLines(child.stdout!, metrics);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const next = (type: StackMessage['type'], timeoutMs: number) =>
    new Promise<StackMessage>((resolveMessage, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the API stack sent no ${type} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (message: StackMessage) => {
        if (message.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolveMessage(message);
      };
      child.on('message', onMessage);
      void exited.then(() => reject(new Error(`the API stack exited (code ${child.exitCode}) waiting for ${type}`)));
    });
  let ready: StackMessage;
  try {
    ready = await next('ready', READY_TIMEOUT_MS);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (ready.type !== 'ready') throw new Error('unexpected message');
  return {
    url: ready.url,
    metrics,
    request: async (message) => {
      const answer = next('usage', 60_000);
      child.send(message);
      const usage = await answer;
      if (usage.type !== 'usage') throw new Error('unexpected message');
      return usage.usage;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Every submission of the district this month, by id, with how many items each id has (paged through the official's list). */
async function storedSubmissions(district: BenchDistrict): Promise<{ ids: Map<string, number>; hazardCount: number }> {
  const ids = new Map<string, number>();
  let hazardCount = 0;
  let cursor: string | undefined;
  do {
    const page = await listSubmissions(district.official, {
      month: benchMonth(),
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) {
      const key = `${item.schoolId}/${item.submissionId}`;
      ids.set(key, (ids.get(key) ?? 0) + 1);
      hazardCount += item.hazardCount;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ids, hazardCount };
}

/** How many hazards of the district are stored, per raising submission. */
async function storedHazards(district: BenchDistrict): Promise<Map<string, number>> {
  const bySubmission = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await listHazards(district.official, { limit: 500, ...(cursor ? { cursor } : {}) }, 'en');
    for (const hazard of page.items) {
      const key = `${hazard.schoolId}/${hazard.submissionId}`;
      bySubmission.set(key, (bySubmission.get(key) ?? 0) + 1);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return bySubmission;
}

type Autocannon = typeof autocannon;
type Options = Parameters<Autocannon>[0];

function load(options: Options): Promise<autocannon.Result> {
  return new Promise((resolveRun, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolveRun(result)));
  });
}

export async function run(ctx: BenchContext): Promise<BenchSection> {
  const duration = ctx.quick ? 5 : 30;
  const district = await createBenchDistrict('http', SCHOOLS);
  // Tokens enough that none passes its per-token write budget (TOKEN_RATE_LIMITS, issue 19 point 3)
  // at this load: the bench measures the request path, not the rate limit's 429s. Token i is of
  // school i % SCHOOLS, as the requests expect.
  const tokenCount = SCHOOLS * Math.ceil((MAX_EXPECTED_RATE * 60) / TOKEN_RATE_LIMITS.write.requests / SCHOOLS);
  const tokens: Awaited<ReturnType<typeof issueToken>>[] = [];
  for (let i = 0; i < tokenCount; i += SCHOOLS)
    tokens.push(
      ...(await Promise.all(
        district.schoolIds.map((schoolId) => issueToken({ role: 'school', districtId: district.districtId, schoolId })),
      )),
    );
  const runId = `ht-${randomUUID().slice(0, 8)}`;

  const stack = await startApiStack(ctx);
  try {
    const authorization = (i: number) => `Bearer ${tokens[i % tokens.length]!.token}`;
    // Warm-up: each route's handler is imported on its first request.
    for (let i = 0; i < 5; i += 1) {
      await fetch(`${stack.url}/v1/forms`, { headers: { authorization: authorization(i) } });
      const warm = await fetch(`${stack.url}/v1/submissions`, {
        method: 'POST',
        headers: { authorization: authorization(i), 'content-type': 'application/json' },
        body: JSON.stringify(submissionBody(`${runId}-warm`, i)),
      });
      if (warm.status !== 201) throw new Error(`warm-up submission answered ${warm.status}: ${await warm.text()}`);
    }

    ctx.log(`http-throughput: baseline GET /v1/forms, ${CONNECTIONS} connections, ${duration} s…`);
    let formsCounter = 0;
    const forms = await load({
      url: stack.url,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: 'GET',
          path: '/v1/forms',
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, authorization: authorization(formsCounter++) },
          }),
        },
      ],
    });

    ctx.log(`http-throughput: POST /v1/submissions, ${CONNECTIONS} connections, ${duration} s…`);
    const before = await stack.request({ type: 'usage' });
    // Who was sent what, and what each 2xx said it stored (school/submissionId → hazards).
    const sent = new Map<string, number>();
    const acknowledged = new Map<string, number>();
    const hazardsExpected = new Map<string, number>();
    const statuses = new Map<number, number>();
    let counter = 0;
    const submissions = await load({
      url: stack.url,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/v1/submissions',
          setupRequest: (request) => {
            const i = counter++;
            const body = submissionBody(runId, i);
            sent.set(`${district.schoolIds[i % SCHOOLS]}/${String(body.submissionId)}`, i);
            return {
              ...request,
              headers: { ...request.headers, authorization: authorization(i), 'content-type': 'application/json' },
              body: JSON.stringify(body),
            };
          },
          onResponse: (status, body) => {
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status < 200 || status >= 300) return;
            const answer = JSON.parse(body) as {
              submission: { schoolId: string; submissionId: string };
              hazards: unknown[];
            };
            const key = `${answer.submission.schoolId}/${answer.submission.submissionId}`;
            acknowledged.set(key, (acknowledged.get(key) ?? 0) + 1);
            hazardsExpected.set(key, answer.hazards.length);
          },
        },
      ],
    });
    // Let the stream poller and the bus finish what the load set off (alerts), then count.
    const after = await stack.request({ type: 'settle' });

    ctx.log('http-throughput: counting what was stored…');
    const stored = await storedSubmissions(district);
    const hazards = await storedHazards(district);
    const warmKeys = (key: string) => key.includes(`${runId}-warm-`);
    let lost = 0;
    let duplicated = 0;
    let hazardsLost = 0;
    let hazardsDuplicated = 0;
    for (const [key, times] of acknowledged) {
      if (times > 1) duplicated += times - 1;
      const copies = stored.ids.get(key) ?? 0;
      if (copies === 0) lost += 1;
      if (copies > 1) duplicated += copies - 1;
      const expected = hazardsExpected.get(key) ?? 0;
      const found = hazards.get(key) ?? 0;
      if (found < expected) hazardsLost += expected - found;
      if (found > expected) hazardsDuplicated += found - expected;
    }
    // Stored but never answered 2xx (a request cut off by the end of the run): not lost, reported.
    const storedUnacknowledged = [...stored.ids.keys()].filter((key) => !warmKeys(key) && !acknowledged.has(key));
    const neverSent = storedUnacknowledged.filter((key) => !sent.has(key));

    const usage = usageBetween(before, after);
    const rps = submissions.requests.average;
    return {
      id: 'http-throughput',
      title: `HTTP throughput (autocannon, ${CONNECTIONS} connections, ${duration} s, local stack on 127.0.0.1)`,
      rows: [
        row({
          id: 'http-throughput.submissions.rps',
          name: 'POST /v1/submissions throughput',
          value: round(rps, 1),
          unit: 'req/s',
          baseline: round(forms.requests.average, 1),
          note: 'baseline: GET /v1/forms',
        }),
        row({
          id: 'http-throughput.submissions.p99',
          name: 'POST /v1/submissions latency p99',
          value: submissions.latency.p99,
          unit: 'ms',
          baseline: forms.latency.p99,
        }),
        row({
          id: 'http-throughput.submissions.p50',
          name: 'POST /v1/submissions latency p50',
          value: submissions.latency.p50,
          unit: 'ms',
          baseline: forms.latency.p50,
        }),
        row({
          id: 'http-throughput.submissions.acknowledged',
          name: 'submissions answered 2xx',
          value: acknowledged.size,
          unit: 'count',
        }),
        row({
          id: 'http-throughput.submissions.lost',
          name: 'answered 2xx but not stored (submissions + hazards)',
          value: lost + hazardsLost,
          unit: 'count',
          budget: { kind: 'maxValue', max: 0, description: 'zero lost' },
        }),
        row({
          id: 'http-throughput.submissions.duplicated',
          name: 'stored more than once (submissions + hazards)',
          value: duplicated + hazardsDuplicated,
          unit: 'count',
          budget: { kind: 'maxValue', max: 0, description: 'zero duplicated' },
        }),
      ],
      usage: {
        submissions: acknowledged.size,
        // Every request that reached the stack (those cut off by the end of the run included).
        apiRequests: sent.size,
        lambdaInvocations: usage.invocations,
        // No lambdaGbSeconds: 20 handlers sharing one event loop stretch each one's wall time far
        // past what a Lambda instance of its own would bill; submission-path's figure is the one.
        dynamodbReadUnits: round(usage.dynamodb.readUnits, 1),
        dynamodbWriteUnits: round(usage.dynamodb.writeUnits, 1),
        dynamodbRequests: usage.dynamodb.requests,
        sesMessages: usage.sesMessages,
        eventBridgeEvents: usage.eventBridgeEvents,
      },
      details: {
        duration,
        connections: CONNECTIONS,
        stackMetrics: stack.metrics,
        schools: SCHOOLS,
        sent: sent.size,
        statusCodes: Object.fromEntries(statuses),
        errors: submissions.errors,
        timeouts: submissions.timeouts,
        non2xx: submissions.non2xx,
        stored: stored.ids.size,
        storedHazards: [...hazards.values()].reduce((sum, n) => sum + n, 0),
        expectedHazards: [...hazardsExpected.values()].reduce((sum, n) => sum + n, 0),
        lost,
        duplicated,
        hazardsLost,
        hazardsDuplicated,
        storedWithout2xx: storedUnacknowledged.length,
        storedNeverSent: neverSent.length,
        submissionsLatencyMs: latencyOf(submissions),
        formsLatencyMs: latencyOf(forms),
        formsRequests: forms.requests.total,
        perFunction: usage.perFunction,
        perFunctionNote: 'handlerMs is wall time with 20 requests sharing one process: not Lambda duration',
        dynamoDbByCommand: usage.dynamodb.byCommand,
      },
    };
  } finally {
    await stack.stop();
  }
}

function latencyOf(result: autocannon.Result) {
  const { average, p50, p90, p99, max } = result.latency;
  return { average, p50, p90, p99, max };
}

/** What the stack did between two usage reports: invocations, GB-seconds, DynamoDB, SES, events. */
function usageBetween(before: StackUsage, after: StackUsage) {
  const perFunction: Record<string, { invocations: number; handlerMs: number }> = {};
  let invocations = 0;
  for (const [name, count] of Object.entries(after.functions)) {
    const earlier = before.functions[name] ?? { invocations: 0, handlerMs: 0 };
    const delta = {
      invocations: count.invocations - earlier.invocations,
      handlerMs: round(count.handlerMs - earlier.handlerMs, 1),
    };
    if (!delta.invocations) continue;
    perFunction[name] = delta;
    invocations += delta.invocations;
  }
  const dynamodb = {
    requests: after.dynamodb.requests - before.dynamodb.requests,
    readUnits: after.dynamodb.readUnits - before.dynamodb.readUnits,
    writeUnits: after.dynamodb.writeUnits - before.dynamodb.writeUnits,
    byCommand: Object.fromEntries(
      Object.entries(after.dynamodb.byCommand).map(([name, n]) => [name, n - (before.dynamodb.byCommand[name] ?? 0)]),
    ),
  };
  return {
    perFunction,
    invocations,
    dynamodb,
    sesMessages: after.sesMessages - before.sesMessages,
    eventBridgeEvents: after.eventBridgeEvents - before.eventBridgeEvents,
  };
}
