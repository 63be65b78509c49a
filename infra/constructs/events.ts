import { Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { rulePattern } from '../../shared/events/domain-events';

export interface EventsProps {
  /** Name of the custom bus. @default the stack name in lower case ('houqin' for the default stack) */
  readonly busName?: string;
  /** How long the archive keeps every event for replay. @default 30 days */
  readonly archiveRetention?: Duration;
}

/** A manifest `bus` trigger. */
export interface BusRuleSpec {
  readonly rule: string;
  readonly pattern: { 'detail-type': string[]; detail?: Record<string, unknown> };
}

/** How the bus retries delivering an event to a rule's Lambda target (see `addLambdaRule`). */
export const RULE_TARGET_RETRY = {
  /** EventBridge retries a throttled or unavailable target with back-off. */
  retryAttempts: 10,
  /** A critical alert six hours late is still worth sending; later than that it is dead-lettered. */
  maxEventAge: Duration.hours(6),
} as const;

/**
 * The domain event bus (SubmissionRecorded, HazardRaised, …) and an archive of everything put
 * on it, so that events can be replayed to a consumer after a fix. Rules and their targets
 * come with the functions that consume them (`addLambdaRule`).
 */
export class Events extends Construct {
  readonly bus: EventBus;
  readonly rules = new Map<string, Rule>();

  constructor(scope: Construct, id: string, props: EventsProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    // Named after the stack so two stacks (e.g. Houqin and HouqinStaging) can share an account.
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: props.busName ?? stack.stackName.toLowerCase(),
      description: 'Houqin domain events',
    });
    this.bus.archive('Archive', {
      description: 'Every Houqin domain event, for replay',
      // An archive needs a pattern; every event on this bus comes from this account.
      eventPattern: { account: [stack.account] },
      retention: props.archiveRetention ?? Duration.days(30),
    });
  }

  /**
   * A rule on the bus matching Houqin's events with `spec.pattern`, sending them to `fn`; what
   * cannot be delivered within RULE_TARGET_RETRY goes to `deadLetterQueue`.
   */
  addLambdaRule(spec: BusRuleSpec, fn: IFunction, deadLetterQueue: IQueue): Rule {
    const pattern = rulePattern(spec.pattern);
    const rule = new Rule(this, spec.rule, {
      eventBus: this.bus,
      description: `Houqin: ${spec.rule}`,
      eventPattern: { source: pattern.source, detailType: pattern['detail-type'], ...(pattern.detail ? { detail: pattern.detail } : {}) },
      targets: [new LambdaFunction(fn, { ...RULE_TARGET_RETRY, deadLetterQueue })],
    });
    this.rules.set(spec.rule, rule);
    return rule;
  }
}
