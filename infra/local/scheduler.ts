import { randomBytes } from 'node:crypto';
import { Cron, type CronOptions } from 'croner';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import type { ScheduledInvocation } from '../../shared/events/scheduled-invocation';
import { LOCAL_API, type ApiIdentity } from './api-event';
import { handlerCache, importManifestEntry, invokeAsync, type AsyncInvokerOptions } from './lambda-runtime';

/*
 * The local stand-in for EventBridge Scheduler: every manifest `schedule` trigger runs its
 * function in this process at the times its expression names, in its timezone, with the input
 * the deployed schedule sends (`ScheduledInvocation`), asynchronously and with Lambda's retries.
 * Scheduler's expressions are translated for croner.
 */

/** A Scheduler expression as the local scheduler runs it. */
export type LocalTiming =
  /** croner pattern: seconds minutes hours day-of-month month day-of-week year (Quartz weekdays 1–7 = SUN–SAT, as Scheduler). */
  | { kind: 'cron'; pattern: string }
  | { kind: 'rate'; everyMs: number }
  /** A one-time schedule: wall-clock time in the schedule's timezone. */
  | { kind: 'at'; localTime: string };

/** croner options that make it read Scheduler's cron fields as Scheduler does. */
export const CRONER_OPTIONS = {
  mode: '7-part',
  // Scheduler numbers weekdays 1–7 from Sunday, like Quartz.
  alternativeWeekdays: true,
  // Scheduler writes steps as 0/15 (from 0, every 15); croner calls that a sloppy range.
  sloppyRanges: true,
} as const satisfies CronOptions;

/** An expression the local scheduler cannot run, or that Scheduler would refuse. */
export class ScheduleExpressionError extends Error {
  constructor(expression: string, why: string) {
    super(`Schedule expression "${expression}": ${why}`);
    this.name = 'ScheduleExpressionError';
  }
}

const RATE_UNITS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/**
 * Translates a Scheduler expression: `cron(m h dom mon dow year)` becomes croner's seven fields
 * (a 0 for seconds in front); `rate(n unit)` an interval; `at(yyyy-mm-ddThh:mm:ss)` one time.
 * As Scheduler does, a cron needs `?` in day-of-month or day-of-week (not both).
 */
export function toLocalTiming(expression: string): LocalTiming {
  const match = /^(cron|rate|at)\((.*)\)$/.exec(expression.trim());
  if (!match) throw new ScheduleExpressionError(expression, 'expected cron(...), rate(...) or at(...)');
  const [, kind, body = ''] = match;
  if (kind === 'rate') {
    const rate = /^(\d+)\s+([a-z]+)$/.exec(body.trim());
    const unit = rate ? RATE_UNITS[rate[2]!] : undefined;
    if (!rate || !unit || Number(rate[1]) < 1)
      throw new ScheduleExpressionError(expression, 'a rate is a whole number of minutes, hours or days');
    return { kind: 'rate', everyMs: Number(rate[1]) * unit };
  }
  if (kind === 'at') {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(body.trim()))
      throw new ScheduleExpressionError(expression, 'at() takes yyyy-mm-ddThh:mm:ss');
    return { kind: 'at', localTime: body.trim() };
  }
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new ScheduleExpressionError(
      expression,
      `a cron has 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`,
    );
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === '?') === (dayOfWeek === '?'))
    throw new ScheduleExpressionError(expression, 'exactly one of day-of-month and day-of-week must be ?');
  return { kind: 'cron', pattern: ['0', minutes, hours, dayOfMonth, month, dayOfWeek, year].join(' ') };
}

/** The next `count` run times of an expression in `timezone` after `from` (for the start-up summary and tests). */
export function nextRuns(expression: string, timezone: string, count: number, from: Date = new Date()): Date[] {
  const timing = toLocalTiming(expression);
  if (timing.kind === 'rate')
    return Array.from({ length: count }, (_, i) => new Date(from.getTime() + (i + 1) * timing.everyMs));
  const job = new Cron(timing.kind === 'cron' ? timing.pattern : timing.localTime, {
    ...(timing.kind === 'cron' ? CRONER_OPTIONS : {}),
    timezone,
    paused: true,
  });
  try {
    return job.nextRuns(count, from);
  } finally {
    job.stop();
  }
}

const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The input the deployed schedule sends its target for a run scheduled at `scheduledTime`. */
export function scheduledInvocation(
  scheduleId: string,
  scheduledTime: Date,
  api: ApiIdentity = LOCAL_API,
): ScheduledInvocation {
  return {
    scheduleArn: `arn:aws:scheduler:${api.region}:${api.accountId}:schedule/default/${scheduleId}`,
    scheduledTime: isoSeconds(scheduledTime),
    executionId: randomBytes(8).toString('hex'),
    attemptNumber: 1,
  };
}

export type LocalSchedulerOptions = AsyncInvokerOptions;

/** One schedule the local scheduler runs. */
export interface LocalScheduleJob {
  id: string;
  spec: FunctionSpec;
  expression: string;
  timezone: string;
  nextRun(): Date | undefined;
  /** Runs the function now as if scheduled at `scheduledTime` (default now); resolves when done, retries included. */
  runNow(scheduledTime?: Date): Promise<boolean>;
}

export interface LocalScheduler {
  readonly jobs: readonly LocalScheduleJob[];
  stop(): void;
}

/** Starts one job per manifest `schedule` trigger; an expression it cannot run stops the start. */
export function startLocalScheduler(options: LocalSchedulerOptions = {}): LocalScheduler {
  const functions = options.functions ?? FUNCTIONS;
  const api = options.api ?? LOCAL_API;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(`${message}:`, error));
  const handlerOf = handlerCache(options.loadHandler ?? importManifestEntry);
  const stops: (() => void)[] = [];

  const jobs = functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger): LocalScheduleJob[] => {
      if (trigger.kind !== 'schedule') return [];
      const timing = toLocalTiming(trigger.expression);
      const run = (scheduledTime: Date) =>
        invokeAsync(() => handlerOf(spec), spec, scheduledInvocation(trigger.id, scheduledTime, api), {
          label: `schedule ${trigger.id} (${isoSeconds(scheduledTime)}) → ${spec.name}`,
          log,
          logError,
          ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
          ...(options.deadLetterFile ? { deadLetterFile: options.deadLetterFile, source: 'schedule' as const } : {}),
        });
      let nextRun: () => Date | undefined;
      if (timing.kind === 'rate') {
        let next = new Date(Date.now() + timing.everyMs);
        const timer = setInterval(() => {
          const scheduled = next;
          next = new Date(next.getTime() + timing.everyMs);
          void run(scheduled);
        }, timing.everyMs);
        stops.push(() => clearInterval(timer));
        nextRun = () => next;
      } else {
        const job = new Cron(
          timing.kind === 'cron' ? timing.pattern : timing.localTime,
          {
            ...(timing.kind === 'cron' ? CRONER_OPTIONS : {}),
            timezone: trigger.timezone,
            // A run still going when the next is due is not started twice over (Scheduler would; the sweep tolerates it, the log would not).
            protect: true,
          },
          (self: Cron) => {
            void run(new Date(Math.floor((self.currentRun() ?? new Date()).getTime() / 1000) * 1000));
          },
        );
        stops.push(() => job.stop());
        nextRun = () => job.nextRun() ?? undefined;
      }
      return [
        {
          id: trigger.id,
          spec,
          expression: trigger.expression,
          timezone: trigger.timezone,
          nextRun,
          runNow: (scheduledTime = new Date()) => run(scheduledTime),
        },
      ];
    }),
  );
  return { jobs, stop: () => stops.forEach((stop) => stop()) };
}
