import { type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduledInvocation } from '../../shared/events/scheduled-invocation';

/** A manifest `schedule` trigger. */
export interface ScheduleSpec {
  readonly id: string;
  readonly expression: string;
  readonly timezone: string;
  readonly description: string;
}

/** Scheduler's retry policy for a schedule's target (see `addLambdaSchedule`). */
export const SCHEDULE_RETRY = {
  /** Scheduler retries a target that throttles or is unavailable, with back-off. */
  retryAttempts: 4,
  /** A run not delivered within the hour is dead-lettered: the next hourly run is due by then. */
  maxEventAge: Duration.hours(1),
} as const;

/**
 * The EventBridge Scheduler schedules of the manifest (in the default schedule group). Each
 * invokes its function with the run's scheduled time (Scheduler's context attributes, the
 * shape of `ScheduledInvocation`), retries as SCHEDULE_RETRY says and hands an undeliverable run
 * to the function's failure queue.
 */
export class Schedules extends Construct {
  readonly schedules = new Map<string, Schedule>();

  /** Schedules `fn` as `spec` says; the expression (cron/rate/at) is read in `spec.timezone`. */
  addLambdaSchedule(spec: ScheduleSpec, fn: IFunction, deadLetterQueue: IQueue): Schedule {
    const input: Record<keyof ScheduledInvocation, string> = {
      scheduleArn: ContextAttribute.scheduleArn,
      scheduledTime: ContextAttribute.scheduledTime,
      executionId: ContextAttribute.executionId,
      attemptNumber: ContextAttribute.attemptNumber,
    };
    // Our own role rather than the one LambdaInvoke would share between targets: only Scheduler,
    // only for this account, may assume it, and its acknowledgement below is about this role.
    const stack = Stack.of(this);
    const role = new Role(this, `${spec.id}-role`, {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `Houqin schedule ${spec.id}: invokes its function, writes to its dead-letter queue`,
    });
    const schedule = new Schedule(this, spec.id, {
      description: spec.description,
      schedule: ScheduleExpression.expression(spec.expression, TimeZone.of(spec.timezone)),
      target: new LambdaInvoke(fn, {
        role,
        input: ScheduleTargetInput.fromObject(input),
        retryAttempts: SCHEDULE_RETRY.retryAttempts,
        maxEventAge: SCHEDULE_RETRY.maxEventAge,
        deadLetterQueue,
      }),
    });
    // grantInvoke also names the function's qualified ARNs (<arn>:*, its versions and aliases).
    const functionId = stack.resolve(stack.getLogicalId(fn.node.defaultChild as CfnElement)) as string;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason:
        "lambda:InvokeFunction on the function's own versions and aliases (<arn>:*), as Lambda's grantInvoke writes it; no other function is reachable.",
    });
    this.schedules.set(spec.id, schedule);
    return schedule;
  }
}
