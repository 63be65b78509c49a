import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS } from '../../functions/manifest';
import { main } from '../../infra/cli/admin';
import type { Io } from '../../infra/cli/output';
import { readDeadLetters } from '../../infra/local/dead-letters';
import { createEventBus } from '../../infra/local/event-bus';
import { startLocalLambdaEndpoint, type LocalLambdaEndpoint } from '../../infra/local/lambda-endpoint';

/*
 * Dead letters on the local stack: a bus delivery that fails all its attempts lands in the
 * dead-letter store (data/dead-letters.jsonl), `npm run admin -- dead-letters list` shows it by
 * queue, and `dead-letters redrive <queue>` hands it back to its function through the local
 * stack's Invoke endpoint: what succeeds leaves the store, what fails again stays.
 */

const produceReport = FUNCTIONS.find((spec) => spec.name === 'produce-report')!;

/** Which districts' reports the (stand-in) function can produce now, and what it was called with. */
const mended = new Set<string>();
const calls: string[] = [];
const handler = async (event: unknown) => {
  const districtId = (event as { detail: { districtId: string } }).detail.districtId;
  calls.push(districtId);
  if (!mended.has(districtId)) throw new Error(`S3 is down for ${districtId}`);
};

let dir: string;
let file: string;
let stackFile: string;
let lambda: LocalLambdaEndpoint;

async function admin(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(args, { HOUQIN_LOCAL_STACK_FILE: stackFile, LANG: 'zh_CN.UTF-8' }, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'houqin-dead-letters-'));
  file = join(dir, 'data', 'dead-letters.jsonl');
  stackFile = join(dir, 'local-stack.json');
  lambda = await startLocalLambdaEndpoint(0, {
    functions: [produceReport],
    loadHandler: async () => handler,
    log: () => undefined,
    logError: () => undefined,
  });
  writeFileSync(stackFile, JSON.stringify({ lambdaEndpoint: lambda.url, deadLetterFile: file, region: 'us-east-1' }));
});

afterAll(async () => {
  await lambda.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('dead letters of the local stack', () => {
  it('keeps a bus delivery that failed every attempt, lists it, and redrives it: success leaves, failure stays', async () => {
    // Prepare: two ReportRequested events whose function fails all three attempts.
    const log: string[] = [];
    const bus = createEventBus({
      busName: 'houqin-test',
      functions: [produceReport],
      loadHandler: async () => handler,
      retryDelaysMs: [1, 1],
      deadLetterFile: file,
      log: (line) => log.push(line),
      logError: () => undefined,
    });
    for (const districtId of ['dl-mended', 'dl-broken'])
      bus.putEvents([
        {
          Source: 'houqin',
          DetailType: 'ReportRequested',
          Detail: JSON.stringify({ districtId, month: '2026-05', send: 'once', requestedBy: 'schedule' }),
          EventBusName: 'houqin-test',
        },
      ]);
    await bus.idle();
    const kept = readDeadLetters(file);

    // Act
    const listed = await admin('dead-letters', 'list');
    const listedEn = await admin('dead-letters', 'list', '--lang', 'en');
    const preview = await admin('dead-letters', 'redrive', 'produce-report', '--dry-run');
    const afterPreview = readDeadLetters(file).length;
    mended.add('dl-mended');
    calls.length = 0;
    const redriven = await admin('dead-letters', 'redrive', 'produce-report');
    const invoked = [...calls].sort();
    const left = readDeadLetters(file);
    const listedAfter = await admin('dead-letters', 'list', '--json');
    mended.add('dl-broken');
    const second = await admin('dead-letters', 'redrive', 'produce-report');
    const unknown = await admin('dead-letters', 'redrive', 'no-such-function');

    // Assess: each failed delivery is one dead letter, after three attempts.
    expect(kept).toEqual([
      expect.objectContaining({
        function: 'produce-report',
        source: 'bus',
        attempts: 3,
        error: 'S3 is down for dl-mended',
      }),
      expect.objectContaining({
        function: 'produce-report',
        source: 'bus',
        attempts: 3,
        error: 'S3 is down for dl-broken',
      }),
    ]);
    expect(log.filter((line) => line.endsWith(`dead-lettered (${file})`))).toHaveLength(2);
    // list: every failure queue of the manifest, this one with its count, oldest time and error.
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`死信：本地死信文件 ${file}`);
    expect(listed.out).toMatch(
      new RegExp(`produce-report\\s+2\\s+${kept[0]!.at.replace(/[.]/g, '\\.')}\\s+0 分\\s+S3 is down for dl-mended`),
    );
    expect(listed.out).toMatch(/alert-officials\s+0\n/);
    expect(listed.out).toContain('共 2 条死信，在 1 个队列中。');
    expect(listedEn.out).toContain('queue (function)');
    expect(listedEn.out).toContain('2 dead letters in 1 queues.');
    // --dry-run: lists both, changes nothing, invokes nothing.
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('预览：produce-report 的 2 条死信将重新投递给函数 produce-report（没有做任何改动）');
    expect(afterPreview).toBe(2);
    // redrive: the mended one succeeded and left; the other failed again and stayed (exit code 1).
    expect(invoked).toEqual(['dl-broken', 'dl-mended']);
    expect(redriven.code).toBe(1);
    expect(redriven.out).toContain(
      '已重新投递 produce-report 的 2 条死信：1 条成功（已移出队列），1 条再次失败（仍在队列中）',
    );
    expect(redriven.out).toContain(`再次失败 ${kept[1]!.id}`);
    expect(left).toEqual([expect.objectContaining({ id: kept[1]!.id, error: 'S3 is down for dl-broken' })]);
    expect(JSON.parse(listedAfter.out)).toContainEqual(
      expect.objectContaining({ queue: 'produce-report', count: 1, oldestError: 'S3 is down for dl-broken' }),
    );
    // Mended: the second redrive empties the store; the file only ever grew.
    expect(second.code).toBe(0);
    expect(readDeadLetters(file)).toEqual([]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('没有这个失败队列：no-such-function');
  });

  it('refuses to redrive when the local stack is not running, and keeps the letters', async () => {
    // Prepare: a stack file without the Invoke endpoint (a stack that is not running).
    const stopped = join(dir, 'stopped.json');
    writeFileSync(stopped, JSON.stringify({ deadLetterFile: join(dir, 'other.jsonl') }));
    writeFileSync(
      join(dir, 'other.jsonl'),
      `${JSON.stringify({ id: 'x1', at: '2026-05-01T00:00:00.000Z', function: 'verify-photo', event: {}, error: 'boom', attempts: 3 })}\n`,
    );
    const out: string[] = [];
    const err: string[] = [];
    // Act
    const code = await main(
      ['dead-letters', 'redrive', 'verify-photo', '--lang', 'en'],
      { HOUQIN_LOCAL_STACK_FILE: stopped },
      { out: (line) => out.push(line), err: (line) => err.push(line) },
    );
    // Assess
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('The local stack is not running');
    expect(readDeadLetters(join(dir, 'other.jsonl'))).toHaveLength(1);
  });
});
