import { Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { encryptedTopic } from './encrypted-topic';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { rulePattern } from '../../shared/events/domain-events';
import { mailConfigurationSetName } from '../../shared/reports/pipeline/config';

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
      eventPattern: {
        source: pattern.source,
        detailType: pattern['detail-type'],
        ...(pattern.detail ? { detail: pattern.detail } : {}),
      },
      targets: [new LambdaFunction(fn, { ...RULE_TARGET_RETRY, deadLetterQueue })],
    });
    this.rules.set(spec.rule, rule);
    return rule;
  }
}

/** What SES publishes to the mail-feedback topic. */
export const MAIL_FEEDBACK_EVENTS = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT] as const;

/**
 * What SES tells us about the mail it took: an SES configuration set (the functions that bind
 * e-mail send with it) whose bounces and complaints go to an SNS topic, encrypted with a key of
 * our own that SES may use (the AWS-managed SNS key does not let SES publish). Manifest
 * `mail-feedback` triggers subscribe to it (`addLambdaSubscriber`).
 */
export class MailFeedback extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly topic: Topic;
  readonly key: Key;

  /**
   * @param props.configurationSetName @default `<this stack's name>-mail`
   * @param props.topicName a fixed name (another region's stack, whose topic the main stack names by ARN)
   */
  constructor(scope: Construct, id: string, props: { configurationSetName?: string; topicName?: string } = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    // SES encrypts what it publishes to the topic with its key.
    const { key, topic } = encryptedTopic(this, {
      keyDescription: 'Houqin: encrypts SES bounce and complaint notifications',
      publisher: 'ses.amazonaws.com',
      displayName: 'Houqin mail feedback (SES bounces and complaints)',
      topicName: props.topicName,
    });
    this.key = key;
    this.topic = topic;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName ?? mailConfigurationSetName(stack.stackName),
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.snsTopic(this.topic),
      events: [...MAIL_FEEDBACK_EVENTS],
    });
  }

  /** Invokes `fn` with every notification; what SNS cannot deliver goes to `deadLetterQueue`. */
  addLambdaSubscriber(fn: IFunction, deadLetterQueue: IQueue): void {
    this.topic.addSubscription(new LambdaSubscription(fn, { deadLetterQueue }));
  }
}
