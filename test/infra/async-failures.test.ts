import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS } from '../../functions/manifest';
import { DEFAULT_SETTINGS, HouqinStack } from '../../infra/stack';

/*
 * Issue 6, point 4: no asynchronous invocation can fail silently. The list of what is invoked
 * asynchronously is read from the synthesized template itself — every Lambda permission granted
 * to EventBridge, SNS or S3, every rule and schedule target, every SNS subscription, every
 * event source mapping, every bucket notification — so a function wired later without retries
 * or a failure destination fails here, whatever the manifest says. For each:
 *   - the function: an EventInvokeConfig with retries and an on-failure destination (Lambda's
 *     asynchronous queue: the function threw, or timed out);
 *   - an EventBridge rule target: a retry policy and a dead-letter queue (delivery failed);
 *   - a Scheduler schedule: a retry policy and a dead-letter queue, and a role that may write it;
 *   - an SNS subscription: a redrive policy (SNS could not deliver);
 *   - an event source mapping: bounded retries, bisection, an on-failure destination;
 * and each failure queue can actually be written by whoever sends to it (queue policy or IAM),
 * keeps messages for 14 days and is encrypted.
 */

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
}

const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
// About wiring, not code: skip esbuild (stack.test.ts bundles every function).
const NO_BUNDLING = { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] };
const FOURTEEN_DAYS = 14 * 24 * 3600;
/** Services that invoke a Lambda function asynchronously when granted lambda:InvokeFunction. */
const ASYNC_INVOKERS = ['events.amazonaws.com', 'sns.amazonaws.com', 's3.amazonaws.com', 'scheduler.amazonaws.com'];

/** The logical id a `{Ref}` or `{Fn::GetAtt: [id, …]}` points at. */
function targetId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** How each asynchronous path of a template is covered; every gap found, as a sentence. */
function asyncFailureGaps(resources: Record<string, Resource>): { asyncFunctions: string[]; gaps: string[] } {
  const entries = Object.entries(resources);
  const ofType = (type: string) => entries.filter(([, r]) => r.Type === type);
  const isFunction = (id: string | undefined): id is string =>
    id !== undefined && resources[id]?.Type === 'AWS::Lambda::Function';
  const gaps: string[] = [];

  // Who may send to a queue: statements of its queue policies (services) and of IAM policies (roles).
  const queuePolicyAllows = (queueId: string, service: string, sourceId: string) =>
    ofType('AWS::SQS::QueuePolicy').some(
      ([, policy]) =>
        asList(policy.Properties.Queues as unknown[]).some((q) => targetId(q) === queueId) &&
        asList((policy.Properties.PolicyDocument as Json).Statement as Json[]).some(
          (s) =>
            s.Effect === 'Allow' &&
            asList(s.Action as string | string[]).includes('sqs:SendMessage') &&
            asList((s.Principal as Json | undefined)?.Service as string | string[]).includes(service) &&
            targetId(((s.Condition as Json | undefined)?.ArnEquals as Json | undefined)?.['aws:SourceArn']) ===
              sourceId,
        ),
    );
  const roleMaySend = (roleId: string | undefined, queueId: string) =>
    roleId !== undefined &&
    ofType('AWS::IAM::Policy').some(
      ([, policy]) =>
        asList(policy.Properties.Roles as unknown[]).some((r) => targetId(r) === roleId) &&
        asList((policy.Properties.PolicyDocument as Json).Statement as Json[]).some(
          (s) =>
            s.Effect === 'Allow' &&
            asList(s.Action as string | string[]).includes('sqs:SendMessage') &&
            asList(s.Resource as unknown[]).some((r) => targetId(r) === queueId),
        ),
    );
  const roleOfFunction = (fnId: string) => targetId(resources[fnId]?.Properties.Role);
  /** A failure destination must be a queue that keeps messages 14 days, encrypted. */
  const checkQueue = (what: string, arn: unknown): string | undefined => {
    const queueId = targetId(arn);
    const queue = queueId ? resources[queueId] : undefined;
    if (!queueId || queue?.Type !== 'AWS::SQS::Queue') {
      gaps.push(`${what}: its failure destination is not a queue of the stack`);
      return undefined;
    }
    if (queue.Properties.MessageRetentionPeriod !== FOURTEEN_DAYS)
      gaps.push(`${what}: failure queue ${queueId} keeps messages less than 14 days`);
    if (queue.Properties.SqsManagedSseEnabled !== true && !queue.Properties.KmsMasterKeyId)
      gaps.push(`${what}: failure queue ${queueId} is not encrypted`);
    return queueId;
  };
  /** A failure destination or dead-letter queue, checked (see checkQueue); the gap `missing` if there is none. */
  const failureQueue = (what: string, arn: unknown, missing: string): string | undefined => {
    if (arn) return checkQueue(what, arn);
    gaps.push(`${what}: ${missing}`);
    return undefined;
  };
  /** A rule target's or schedule's retry policy: at least one retry, and a maximum event age. */
  const checkRetryPolicy = (what: string, retry: Json | undefined) => {
    if (
      !retry ||
      typeof retry.MaximumRetryAttempts !== 'number' ||
      retry.MaximumRetryAttempts < 1 ||
      typeof retry.MaximumEventAgeInSeconds !== 'number'
    )
      gaps.push(`${what}: no retry policy`);
  };

  // 1. Every function something invokes asynchronously.
  const asyncFunctions = new Set<string>();
  for (const [, permission] of ofType('AWS::Lambda::Permission')) {
    const fnId = targetId(permission.Properties.FunctionName);
    if (isFunction(fnId) && ASYNC_INVOKERS.includes(String(permission.Properties.Principal))) asyncFunctions.add(fnId);
  }
  for (const [, rule] of ofType('AWS::Events::Rule'))
    for (const target of asList(rule.Properties.Targets as Json[]))
      if (isFunction(targetId(target.Arn))) asyncFunctions.add(targetId(target.Arn)!);
  for (const [, schedule] of ofType('AWS::Scheduler::Schedule'))
    if (isFunction(targetId((schedule.Properties.Target as Json).Arn)))
      asyncFunctions.add(targetId((schedule.Properties.Target as Json).Arn)!);
  for (const [, subscription] of ofType('AWS::SNS::Subscription'))
    if (subscription.Properties.Protocol === 'lambda' && isFunction(targetId(subscription.Properties.Endpoint)))
      asyncFunctions.add(targetId(subscription.Properties.Endpoint)!);
  for (const [, bucket] of ofType('AWS::S3::Bucket')) {
    for (const notification of asList(
      (bucket.Properties.NotificationConfiguration as Json | undefined)?.LambdaConfigurations as Json[],
    )) {
      if (isFunction(targetId(notification.Function))) asyncFunctions.add(targetId(notification.Function)!);
    }
  }

  // 2. Lambda's own retries and on-failure destination for each of them.
  for (const fnId of asyncFunctions) {
    const configs = ofType('AWS::Lambda::EventInvokeConfig').filter(
      ([, c]) => targetId(c.Properties.FunctionName) === fnId,
    );
    const config = configs.find(([, c]) => c.Properties.Qualifier === '$LATEST')?.[1];
    if (!config) {
      gaps.push(`${fnId}: invoked asynchronously, but has no EventInvokeConfig for $LATEST`);
      continue;
    }
    const retries = config.Properties.MaximumRetryAttempts;
    if (typeof retries !== 'number' || retries < 1)
      gaps.push(`${fnId}: its asynchronous invocations are not retried (MaximumRetryAttempts ${String(retries)})`);
    if (typeof config.Properties.MaximumEventAgeInSeconds !== 'number')
      gaps.push(`${fnId}: no maximum event age set for its asynchronous invocations`);
    const destination = ((config.Properties.DestinationConfig as Json | undefined)?.OnFailure as Json | undefined)
      ?.Destination;
    const queueId = failureQueue(fnId, destination, 'invoked asynchronously, but has no on-failure destination');
    if (queueId && !roleMaySend(roleOfFunction(fnId), queueId))
      gaps.push(`${fnId}: its role may not send to its on-failure queue ${queueId}`);
  }

  // 3. The deliveries before Lambda: rule targets, schedules, SNS subscriptions.
  for (const [ruleId, rule] of ofType('AWS::Events::Rule')) {
    for (const target of asList(rule.Properties.Targets as Json[])) {
      if (!isFunction(targetId(target.Arn))) continue;
      const what = `rule ${ruleId} → ${targetId(target.Arn)}`;
      checkRetryPolicy(what, target.RetryPolicy as Json | undefined);
      const queueId = failureQueue(what, (target.DeadLetterConfig as Json | undefined)?.Arn, 'no dead-letter queue');
      if (queueId && !queuePolicyAllows(queueId, 'events.amazonaws.com', ruleId))
        gaps.push(`${what}: EventBridge may not send to its dead-letter queue ${queueId}`);
    }
  }
  for (const [scheduleId, schedule] of ofType('AWS::Scheduler::Schedule')) {
    const target = schedule.Properties.Target as Json;
    const what = `schedule ${scheduleId}`;
    checkRetryPolicy(what, target.RetryPolicy as Json | undefined);
    const queueId = failureQueue(what, (target.DeadLetterConfig as Json | undefined)?.Arn, 'no dead-letter queue');
    if (queueId && !roleMaySend(targetId(target.RoleArn), queueId))
      gaps.push(`${what}: its role may not send to its dead-letter queue ${queueId}`);
  }
  for (const [subscriptionId, subscription] of ofType('AWS::SNS::Subscription')) {
    if (subscription.Properties.Protocol !== 'lambda') continue;
    const what = `SNS subscription ${subscriptionId}`;
    const dlq = (subscription.Properties.RedrivePolicy as Json | undefined)?.deadLetterTargetArn;
    const queueId = failureQueue(what, dlq, 'no redrive policy (dead-letter queue)');
    if (queueId && !queuePolicyAllows(queueId, 'sns.amazonaws.com', targetId(subscription.Properties.TopicArn)!))
      gaps.push(`${what}: SNS may not send to its dead-letter queue ${queueId}`);
  }

  // 4. Polled sources (streams, queues): bounded retries, bisection, an on-failure destination.
  for (const [mappingId, mapping] of ofType('AWS::Lambda::EventSourceMapping')) {
    const what = `event source mapping ${mappingId}`;
    const streamed = !String(JSON.stringify(mapping.Properties.EventSourceArn)).includes('Queue');
    if (!streamed) continue; // An SQS source retries through its queue's own redrive policy.
    const retries = mapping.Properties.MaximumRetryAttempts;
    if (typeof retries !== 'number' || retries < 0)
      gaps.push(`${what}: retries are unbounded (a poison record blocks the shard for the stream's whole retention)`);
    if (mapping.Properties.BisectBatchOnFunctionError !== true) gaps.push(`${what}: a failing batch is not bisected`);
    const destination = ((mapping.Properties.DestinationConfig as Json | undefined)?.OnFailure as Json | undefined)
      ?.Destination;
    const queueId = failureQueue(what, destination, 'no on-failure destination');
    const fnId = targetId(mapping.Properties.FunctionName);
    if (queueId && fnId && !roleMaySend(roleOfFunction(fnId), queueId))
      gaps.push(`${what}: the function's role may not send to its on-failure queue ${queueId}`);
  }

  return { asyncFunctions: [...asyncFunctions].sort(), gaps };
}

describe('HouqinStack: asynchronous invocations retry and then keep what failed', () => {
  let stack: HouqinStack;
  let resources: Record<string, Resource>;
  const functionId = (name: string): string =>
    stack.resolve((stack.functions.get(name)!.function.node.defaultChild as CfnElement).logicalId);

  beforeAll(() => {
    // Prepare: the whole manifest, as deployed (sender address set: functions that mail need it).
    const app = new App({ context: NO_BUNDLING });
    const { stackName, ...settings } = DEFAULT_SETTINGS;
    stack = new HouqinStack(app, stackName, { ...settings, senderAddress: 'noreply@example.edu.cn' });
    resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  });

  it('finds every function the manifest triggers other than by HTTP among those invoked asynchronously or by a stream', () => {
    // Prepare: what the manifest says is not a request-response call.
    const notHttp = FUNCTIONS.filter((spec) => spec.triggers.some((t) => t.kind !== 'http' && t.kind !== 'authorizer'));
    const streamed = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping')
      .map((r) => targetId(r.Properties.FunctionName));
    // Act
    const { asyncFunctions } = asyncFailureGaps(resources);
    // Assess: the template-derived list is the manifest's, so neither can drift from the other.
    expect([...asyncFunctions, ...streamed].sort()).toEqual(notHttp.map((spec) => functionId(spec.name)).sort());
    expect(asyncFunctions.length).toBeGreaterThanOrEqual(7);
  });

  it('gives every asynchronous path retries and a failure destination that can be written', () => {
    // Act
    const { gaps } = asyncFailureGaps(resources);
    // Assess
    expect(gaps).toEqual([]);
  });

  it('reports a function, rule, schedule, subscription or stream wired without them (the check can fail)', () => {
    // Prepare: the same template with one of each safeguard taken away.
    const broken = structuredClone(resources);
    const first = (type: string) => Object.entries(broken).find(([, r]) => r.Type === type)!;
    const [invokeConfigId, invokeConfig] = first('AWS::Lambda::EventInvokeConfig');
    delete broken[invokeConfigId];
    const [ruleId, rule] = first('AWS::Events::Rule');
    delete (rule.Properties.Targets as Json[])[0]!.DeadLetterConfig;
    const [scheduleId, schedule] = first('AWS::Scheduler::Schedule');
    delete (schedule.Properties.Target as Json).RetryPolicy;
    const [subscriptionId, subscription] = first('AWS::SNS::Subscription');
    delete subscription.Properties.RedrivePolicy;
    const [mappingId, mapping] = first('AWS::Lambda::EventSourceMapping');
    delete mapping.Properties.DestinationConfig;
    // Act
    const { gaps } = asyncFailureGaps(broken);
    // Assess
    expect(gaps).toEqual(
      expect.arrayContaining([
        `${targetId(invokeConfig.Properties.FunctionName)}: invoked asynchronously, but has no EventInvokeConfig for $LATEST`,
        expect.stringMatching(new RegExp(`^rule ${ruleId} → .*: no dead-letter queue$`)),
        `schedule ${scheduleId}: no retry policy`,
        `SNS subscription ${subscriptionId}: no redrive policy (dead-letter queue)`,
        `event source mapping ${mappingId}: no on-failure destination`,
      ]),
    );
    expect(gaps).toHaveLength(5);
  });
});
