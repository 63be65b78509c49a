import * as z from 'zod';

/*
 * What an EventBridge Scheduler schedule hands to its Lambda target. The stack sets the target's
 * input from Scheduler's context attributes (infra/constructs/schedules.ts), and the local
 * scheduler builds the same object, so a handler knows the time its run was *scheduled* for: a
 * retried or late run still does the work of its own hour.
 */

export const scheduledInvocationSchema = z.object({
  /** The schedule's ARN. */
  scheduleArn: z.string().min(1),
  /** The time the run was scheduled for (ISO-8601 UTC, e.g. 2026-05-11T01:00:00Z). */
  scheduledTime: z.iso.datetime({ offset: true }),
  /** Scheduler's id of this run (the same on every retry of it). */
  executionId: z.string().min(1),
  /** 1 on the first attempt, 2 on the first retry, … (Scheduler sends it as text). */
  attemptNumber: z.coerce.number().int().min(0),
});

export type ScheduledInvocation = z.infer<typeof scheduledInvocationSchema>;

/** The input template of a schedule's target, Scheduler's context attributes by name. */
export const SCHEDULED_INVOCATION_TEMPLATE = {
  scheduleArn: '<aws.scheduler.schedule-arn>',
  scheduledTime: '<aws.scheduler.scheduled-time>',
  executionId: '<aws.scheduler.execution-id>',
  attemptNumber: '<aws.scheduler.attempt-number>',
} as const satisfies Record<keyof ScheduledInvocation, string>;

/** Reads a scheduled invocation; a malformed one is a wiring error, thrown (the run is retried, then dead-lettered). */
export function parseScheduledInvocation(event: unknown): ScheduledInvocation {
  return scheduledInvocationSchema.parse(event);
}
