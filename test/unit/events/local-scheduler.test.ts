import type { FunctionSpec } from '../../../functions/manifest';
import type { LambdaHandler } from '../../../infra/local/lambda-runtime';
import { startLocalScheduler } from '../../../infra/local/scheduler';
import { parseScheduledInvocation } from '../../../shared/events/scheduled-invocation';

const spec = (name: string, expression: string, timezone = 'UTC'): FunctionSpec => ({
  name,
  entry: `test/${name}.ts`,
  description: name,
  triggers: [{ kind: 'schedule', id: `${name}-schedule`, expression, timezone, description: name }],
  binds: {},
  memoryMb: 256,
  timeoutSeconds: 5,
});

function setUp(functions: FunctionSpec[], handler: LambdaHandler = async () => undefined) {
  const calls: { name: string; event: unknown }[] = [];
  const lines: string[] = [];
  const scheduler = startLocalScheduler({
    functions,
    retryDelaysMs: [1, 1],
    loadHandler: async (fn) => async (event, context) => {
      calls.push({ name: fn.name, event });
      return handler(event, context);
    },
    log: (line) => lines.push(line),
    logError: () => undefined,
  });
  return { scheduler, calls, lines };
}

describe('local scheduler', () => {
  afterEach(() => jest.useRealTimers());

  it('runs a job with the input the deployed schedule sends, and logs the run', async () => {
    // Prepare
    const { scheduler, calls, lines } = setUp([spec('sweep', 'cron(0 * * * ? *)')]);
    try {
      // Act
      const ok = await scheduler.jobs[0]!.runNow(new Date('2026-05-11T01:00:00Z'));
      // Assess
      expect(ok).toBe(true);
      expect(calls).toHaveLength(1);
      expect(parseScheduledInvocation(calls[0]!.event)).toMatchObject({
        scheduledTime: '2026-05-11T01:00:00Z',
        scheduleArn: expect.stringContaining('schedule/default/sweep-schedule'),
      });
      expect(lines).toEqual([
        expect.stringMatching(/^schedule sweep-schedule \(2026-05-11T01:00:00Z\) → sweep ok \d+ms$/),
      ]);
    } finally {
      scheduler.stop();
    }
  });

  it('knows each job’s next run in its timezone', () => {
    // Prepare
    jest.useFakeTimers({ now: new Date('2026-05-10T00:30:00Z') });
    const { scheduler } = setUp([
      spec('monthly', 'cron(0 8 1 * ? *)', 'Asia/Shanghai'),
      spec('hourly', 'cron(0 * * * ? *)'),
    ]);
    try {
      // Act
      const next = scheduler.jobs.map((job) => [job.id, job.nextRun()?.toISOString()]);
      // Assess
      expect(next).toEqual([
        ['monthly-schedule', '2026-06-01T00:00:00.000Z'],
        ['hourly-schedule', '2026-05-10T01:00:00.000Z'],
      ]);
    } finally {
      scheduler.stop();
    }
  });

  it('fires on time and retries a failing run twice, as Lambda does for an asynchronous invocation', async () => {
    // Prepare
    jest.useFakeTimers({ now: new Date('2026-05-10T00:59:59Z') });
    const { scheduler, calls, lines } = setUp([spec('sweep', 'cron(0 * * * ? *)')], async () => {
      throw new Error('DynamoDB is down');
    });
    try {
      // Act
      await jest.advanceTimersByTimeAsync(1_500);
      await jest.advanceTimersByTimeAsync(100);
      // Assess
      expect(calls).toHaveLength(3);
      expect(parseScheduledInvocation(calls[0]!.event).scheduledTime).toBe('2026-05-10T01:00:00Z');
      expect(lines.at(-1)).toMatch(/failed .*sweep's failure queue/);
    } finally {
      scheduler.stop();
    }
  });

  it('runs no job for functions without a schedule', () => {
    // Prepare
    const { scheduler } = setUp([
      { ...spec('api', 'cron(0 * * * ? *)'), triggers: [{ kind: 'http', method: 'GET', path: '/v1/forms' }] },
    ]);
    // Act / Assess
    expect(scheduler.jobs).toEqual([]);
    scheduler.stop();
  });
});
