/*
 * Bench 2, the submission path: the record-submission handler called in this process (middy
 * stack, principal from the authorizer context, envelope and answer validation, the school's
 * context read, the conditional transaction) against DynamoDB Local, ≥ 2,000 distinct
 * submissions one after another, against a bare TransactWriteItems of the very items the
 * handler wrote (captured from its transaction by an SDK middleware, replayed under new keys
 * through a plain document client) right after each call. Budget (issue 7): the handler's p50
 * within 1.3× the bare write's p50. Also timed before each call: the authorizer's per-token
 * rate-limit counter (issue 19, point 3), reported as a ratio of the handler's p50.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { FUNCTIONS } from '../functions/manifest';
import { lambdaContext } from '../infra/local/lambda-runtime';
import { toAuthorizerContext } from '../shared/auth/principal';
import { countRequest } from '../shared/auth/rate-limit';
import type { ApiEvent, ApiResponse } from '../shared/http/api-handler';
import { countDynamoDbUsage, usageBetween } from './support/dynamodb-usage';
import { row } from './support/rows';
import { round, summarize } from './support/stats';
import { createBenchDistrict, submissionBody } from './support/workload';
import type { BenchContext, BenchSection } from './types';

/** The handler's p50 budget against the bare write's p50. */
export const SUBMISSION_P50_BUDGET = 1.3;
const FUNCTION_NAME = 'record-submission';

type Handler = (event: ApiEvent, context: Context) => Promise<ApiResponse>;

/** The same items under new keys: every `pk` gets a suffix, so the conditions hold again and nothing collides. */
export function withNewKeys(input: TransactWriteCommandInput, suffix: string): TransactWriteCommandInput {
  const copy = structuredClone(input);
  delete copy.ReturnConsumedCapacity;
  for (const item of copy.TransactItems ?? []) {
    if (item.Put?.Item) item.Put.Item.pk = `${String(item.Put.Item.pk)}#${suffix}`;
    if (item.Update?.Key) item.Update.Key.pk = `${String(item.Update.Key.pk)}#${suffix}`;
  }
  return copy;
}

const elapsedMs = (from: number) => performance.now() - from;

export async function run(ctx: BenchContext): Promise<BenchSection> {
  const calls = ctx.quick ? 200 : 2000;
  const warmUp = ctx.quick ? 30 : 200;
  const spec = FUNCTIONS.find((f) => f.name === FUNCTION_NAME);
  if (!spec) throw new Error(`the manifest has no ${FUNCTION_NAME}`);

  // Loaded now: the handler reads TABLE_NAME at import, which the runner has set.
  const { handler } = (await import('../functions/record-submission/handler')) as unknown as { handler: Handler };
  const { getDocumentClient } = await import('../shared/clients');
  let captured: TransactWriteCommandInput | undefined;
  const handlerUsage = countDynamoDbUsage(getDocumentClient(), {
    onTransactWrite: (input) => (captured = input as TransactWriteCommandInput),
  });
  // The bare write: a client of its own with the handlers' marshalling and retry settings.
  const bare = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5 }), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  const bareUsage = countDynamoDbUsage(bare);

  const district = await createBenchDistrict('path', 8);
  const fixture = readFileSync(join(ctx.root, 'events', 'http', 'record-submission.json'), 'utf8');
  const runId = `sp-${randomUUID().slice(0, 8)}`;

  const callOnce = async (i: number) => {
    const principal = district.schoolPrincipal(district.schoolIds[i % district.schoolIds.length]!);
    const event = JSON.parse(fixture) as ApiEvent;
    event.requestContext.authorizer = { lambda: { ...toAuthorizerContext(principal) } };
    event.body = JSON.stringify(submissionBody(runId, i));
    // The authorizer's per-token rate-limit counter of this request (one conditional UpdateItem,
    // issue 19 point 3), timed apart: it runs before the handler on every write request. A token per
    // 100 calls keeps each within its window's budget (the counted path, not the refused one).
    const rateStart = performance.now();
    const decision = await countRequest(`tok_bench_${runId}_${Math.floor(i / 100)}`, 'write');
    const rateMs = elapsedMs(rateStart);
    if (!decision.allowed) throw new Error(`submission ${i}: the rate-limit counter refused it`);
    // A context per invocation, as Lambda gives (its own request id and deadline).
    const context = lambdaContext(spec);
    captured = undefined;
    const handlerStart = performance.now();
    const response = await handler(event, context);
    const handlerMs = elapsedMs(handlerStart);
    if (response.statusCode !== 201)
      throw new Error(`submission ${i} answered ${response.statusCode}: ${response.body}`);
    if (!captured) throw new Error(`submission ${i} sent no TransactWriteItems`);
    const replay = withNewKeys(captured, 'bare');
    const bareStart = performance.now();
    await bare.send(new TransactWriteCommand(replay));
    return { handlerMs, bareMs: elapsedMs(bareStart), rateMs, items: replay.TransactItems?.length ?? 0 };
  };

  ctx.log(`submission-path: ${warmUp} warm-up calls, then ${calls} measured…`);
  for (let i = 0; i < warmUp; i += 1) await callOnce(i);
  const handlerBefore = handlerUsage.snapshot();
  const bareBefore = bareUsage.snapshot();
  const handlerMs: number[] = [];
  const bareMs: number[] = [];
  const rateMs: number[] = [];
  let items = 0;
  for (let i = warmUp; i < warmUp + calls; i += 1) {
    const sample = await callOnce(i);
    handlerMs.push(sample.handlerMs);
    bareMs.push(sample.bareMs);
    rateMs.push(sample.rateMs);
    items += sample.items;
  }
  const handlerDb = usageBetween(handlerBefore, handlerUsage.snapshot());
  const bareDb = usageBetween(bareBefore, bareUsage.snapshot());
  bare.destroy();

  const h = summarize(handlerMs);
  const b = summarize(bareMs);
  const r = summarize(rateMs);
  const totalHandlerSeconds = handlerMs.reduce((sum, ms) => sum + ms, 0) / 1000;
  return {
    id: 'submission-path',
    title: `Submission path (in-process handler vs bare TransactWriteItems, DynamoDB Local, ${calls} calls)`,
    rows: [
      row({
        id: 'submission-path.handler.p50',
        name: 'record-submission handler p50',
        value: round(h.p50),
        unit: 'ms',
        baseline: round(b.p50),
        note: 'baseline: bare TransactWriteItems p50',
        budget: { kind: 'maxRatio', max: SUBMISSION_P50_BUDGET, description: 'handler p50 within 1.3× the bare write' },
      }),
      row({
        id: 'submission-path.handler.p99',
        name: 'record-submission handler p99',
        value: round(h.p99),
        unit: 'ms',
        baseline: round(b.p99),
        note: 'baseline: bare TransactWriteItems p99',
      }),
      row({
        id: 'submission-path.rate-limit.p50',
        name: 'per-token rate-limit counter p50 (one conditional UpdateItem in the authorizer)',
        value: round(r.p50),
        unit: 'ms',
        baseline: round(h.p50),
        note: "baseline: the record-submission handler's p50; the ratio is what the counter adds to a submission's latency",
      }),
      row({
        id: 'submission-path.handler.requests',
        name: 'DynamoDB requests per submission (handler)',
        value: round(handlerDb.requests / calls, 2),
        unit: 'req',
        baseline: round(bareDb.requests / calls, 2),
      }),
      row({
        id: 'submission-path.handler.units',
        name: 'capacity units per submission (handler, read + write)',
        value: round((handlerDb.readUnits + handlerDb.writeUnits) / calls, 2),
        unit: 'units',
        baseline: round((bareDb.readUnits + bareDb.writeUnits) / calls, 2),
      }),
    ],
    usage: {
      submissions: calls,
      dynamodbReadUnits: round(handlerDb.readUnits, 1),
      dynamodbWriteUnits: round(handlerDb.writeUnits, 1),
      dynamodbRequests: handlerDb.requests,
      lambdaInvocations: calls,
      lambdaGbSeconds: round(totalHandlerSeconds * (spec.memoryMb / 1024), 3),
    },
    details: {
      calls,
      warmUp,
      transactItemsPerSubmission: round(items / calls, 2),
      handlerMs: roundAll(h),
      bareMs: roundAll(b),
      rateLimitCounterMs: roundAll(r),
      handlerDynamoDb: handlerDb,
      bareDynamoDb: bareDb,
    },
  };
}

function roundAll(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, round(value, 3)]));
}
