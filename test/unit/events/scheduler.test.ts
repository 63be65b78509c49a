import { FUNCTIONS } from '../../../functions/manifest';
import { parseScheduledInvocation } from '../../../shared/events/scheduled-invocation';
import { nextRuns, ScheduleExpressionError, scheduledInvocation, toLocalTiming } from '../../../infra/local/scheduler';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('local scheduler: Scheduler expressions', () => {
  it('puts a seconds field in front of a cron and keeps its six fields', () => {
    // Act / Assess
    expect(toLocalTiming('cron(0 * * * ? *)')).toEqual({ kind: 'cron', pattern: '0 0 * * * ? *' });
    expect(toLocalTiming('cron(0/15 8-17 ? * MON-FRI 2026)')).toEqual({
      kind: 'cron',
      pattern: '0 0/15 8-17 ? * MON-FRI 2026',
    });
  });

  it('runs the manifest’s hourly sweep on the hour, in UTC', () => {
    // Act
    const runs = nextRuns('cron(0 * * * ? *)', 'UTC', 3, new Date('2026-05-10T00:30:00Z'));
    // Assess
    expect(iso(runs)).toEqual(['2026-05-10T01:00:00.000Z', '2026-05-10T02:00:00.000Z', '2026-05-10T03:00:00.000Z']);
  });

  it('reads the hours in the schedule’s timezone: 08:00 on the 1st in Asia/Shanghai is midnight UTC', () => {
    // Act
    const runs = nextRuns('cron(0 8 1 * ? *)', 'Asia/Shanghai', 2, new Date('2026-05-10T00:00:00Z'));
    // Assess
    expect(iso(runs)).toEqual(['2026-06-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z']);
  });

  it('numbers weekdays 1–7 from Sunday, as Scheduler does', () => {
    // Act: 2 = Monday; 2026-05-10 is a Sunday.
    const numeric = nextRuns('cron(0 9 ? * 2 *)', 'Asia/Shanghai', 1, new Date('2026-05-10T00:00:00Z'));
    const named = nextRuns('cron(0 9 ? * MON *)', 'Asia/Shanghai', 1, new Date('2026-05-10T00:00:00Z'));
    // Assess
    expect(iso(numeric)).toEqual(['2026-05-11T01:00:00.000Z']);
    expect(iso(named)).toEqual(iso(numeric));
  });

  it('reads rate() as an interval', () => {
    // Act / Assess
    expect(toLocalTiming('rate(5 minutes)')).toEqual({ kind: 'rate', everyMs: 300_000 });
    expect(toLocalTiming('rate(1 hour)')).toEqual({ kind: 'rate', everyMs: 3_600_000 });
  });

  it('reads at() as one wall-clock time in the schedule’s timezone', () => {
    // Act
    const runs = nextRuns('at(2026-06-01T08:00:00)', 'Asia/Shanghai', 1, new Date('2026-05-10T00:00:00Z'));
    // Assess
    expect(iso(runs)).toEqual(['2026-06-01T00:00:00.000Z']);
  });

  it.each([
    ['not an expression', '0 * * * *'],
    ['five cron fields', 'cron(0 * * * ?)'],
    ['no ? in either day field', 'cron(0 9 * * MON *)'],
    ['? in both day fields', 'cron(0 9 ? * ? *)'],
    ['a rate in seconds', 'rate(30 seconds)'],
    ['an at() with a zone', 'at(2026-06-01T08:00:00Z)'],
  ])('refuses %s, as Scheduler would', (_what, expression) => {
    // Act / Assess
    expect(() => toLocalTiming(expression)).toThrow(ScheduleExpressionError);
  });

  it('can run every schedule of the manifest', () => {
    // Prepare
    const schedules = FUNCTIONS.flatMap((f) => f.triggers).flatMap((t) => (t.kind === 'schedule' ? [t] : []));
    // Act / Assess
    expect(schedules.length).toBeGreaterThan(0);
    for (const schedule of schedules) expect(nextRuns(schedule.expression, schedule.timezone, 1)).toHaveLength(1);
  });

  it('hands the function what the deployed schedule sends: its ARN, the scheduled time, an execution id and the attempt', () => {
    // Act
    const input = scheduledInvocation('overdue-hazard-sweep', new Date('2026-05-11T01:00:00.000Z'));
    // Assess
    expect(parseScheduledInvocation(JSON.parse(JSON.stringify(input)))).toEqual({
      scheduleArn: 'arn:aws:scheduler:ap-east-1:000000000000:schedule/default/overdue-hazard-sweep',
      scheduledTime: '2026-05-11T01:00:00Z',
      executionId: expect.stringMatching(/^[0-9a-f]{16}$/),
      attemptNumber: 1,
    });
  });
});
