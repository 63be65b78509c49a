import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { FUNCTIONS, type Trigger } from '../../functions/manifest';
import { ASYNC_INVOKE_RETRY, STREAM_RETRY } from '../../infra/constructs/houqin-function';
import { RULE_TARGET_RETRY } from '../../infra/constructs/events';
import { SCHEDULE_RETRY } from '../../infra/constructs/schedules';
import type { HouqinStack } from '../../infra/stack';
import { PUBLISHABLE_RECORD_FILTERS, rulePattern } from '../../shared/events/domain-events';
import { SCHEDULED_INVOCATION_TEMPLATE } from '../../shared/events/scheduled-invocation';
import {
  arnOf,
  buildStack,
  complianceFindings,
  failureQueueIdIn,
  functionIdsIn,
  logicalIdIn,
  policyStatementsOf,
  retriedTarget,
  synthesize,
} from './synth';

/** The asynchronous side of the manifest, and the authorizer the API needs. */
const ASYNC_KINDS: Trigger['kind'][] = ['bus', 'schedule', 'table-stream', 'authorizer'];
const SPECS = FUNCTIONS.filter((f) => f.triggers.some((t) => ASYNC_KINDS.includes(t.kind)));
const triggersOf = <K extends Trigger['kind']>(kind: K) =>
  FUNCTIONS.flatMap((spec) =>
    spec.triggers.flatMap((trigger) =>
      trigger.kind === kind ? [{ spec, trigger: trigger as Extract<Trigger, { kind: K }> }] : [],
    ),
  );

describe('HouqinStack: domain events, the critical alert and the overdue sweep', () => {
  let stack: HouqinStack;
  let template: Template;
  const logicalId = (construct: IConstruct): string => logicalIdIn(stack, construct);
  const fnId = (name: string) => functionIdsIn(stack, name);
  const queueId = (name: string) => failureQueueIdIn(stack, name);
  /** Every action a role's policies allow on a resource (its Fn::GetAtt Arn). */
  const actionsOn = (roleId: string, resourceId: string): string[] =>
    policyStatementsOf(template, roleId)
      .filter((s) => JSON.stringify(s.Resource).includes(`"${resourceId}"`))
      .flatMap((s) => s.Action);

  beforeAll(() => {
    // Prepare / Act
    ({ stack, template } = synthesize({ functions: SPECS }));
  });

  it('turns on the table’s stream with new and old images (the outbox)', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('reads the stream with retries, bisection, partial batch responses and an on-failure queue, from the trim horizon', () => {
    for (const { spec, trigger } of triggersOf('table-stream')) {
      // Assess
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId(spec.name).fn },
        EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.storage.table), 'StreamArn'] },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: trigger.batchSize,
        MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
        MaximumRetryAttempts: STREAM_RETRY.retryAttempts,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: arnOf(queueId(spec.name)) } },
      });
      expect(actionsOn(fnId(spec.name).role, queueId(spec.name))).toContain('sqs:SendMessage');
    }
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', triggersOf('table-stream').length);
  });

  it('invokes the publisher only for records of the entities that announce events (never the RATE# counters)', () => {
    // Prepare
    const { spec } = triggersOf('table-stream').find(({ spec }) => spec.name === 'publish-domain-events')!;
    const mapping = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: { Ref: fnId(spec.name).fn } },
      }),
    )[0];
    // Act
    const patterns = (mapping?.Properties.FilterCriteria?.Filters ?? []).map((f: { Pattern: string }) =>
      JSON.parse(f.Pattern),
    );
    // Assess
    expect(patterns).toEqual([{ dynamodb: { NewImage: { entity: { S: ['Submission', 'Hazard', 'Report'] } } } }]);
    expect(patterns).toEqual(PUBLISHABLE_RECORD_FILTERS);
  });

  it('lets the publisher put events on the bus and nothing else of the table', () => {
    // Prepare
    const { spec } = triggersOf('table-stream')[0]!;
    const role = fnId(spec.name).role;
    // Act
    const all = policyStatementsOf(template, role).flatMap((s) => s.Action);
    // Assess
    expect(actionsOn(role, logicalId(stack.events.bus))).toContain('events:PutEvents');
    expect(all.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
  });

  it('has one rule per bus trigger: Houqin’s source and the manifest’s pattern, to its function with retries and a dead-letter queue', () => {
    for (const { spec, trigger } of triggersOf('bus')) {
      // Assess
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: { Ref: logicalId(stack.events.bus) },
        EventPattern: rulePattern(trigger.pattern),
        State: 'ENABLED',
        Targets: [Match.objectLike(retriedTarget(stack, spec.name, RULE_TARGET_RETRY))],
      });
    }
    template.resourceCountIs('AWS::Events::Rule', triggersOf('bus').length);
    expect(rulePattern(triggersOf('bus')[0]!.trigger.pattern)).toEqual({
      source: ['houqin'],
      'detail-type': ['HazardRaised'],
      detail: { severity: ['critical'] },
    });
  });

  it('lets only the rule write to its dead-letter queue, and lets the rule invoke the function', () => {
    for (const { spec, trigger } of triggersOf('bus')) {
      // Prepare
      const ruleId = logicalId(stack.events.rules.get(trigger.rule)!);
      // Assess
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId(spec.name) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Condition: { ArnEquals: { 'aws:SourceArn': arnOf(ruleId) } },
            }),
          ]),
        },
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: arnOf(fnId(spec.name).fn),
        Principal: 'events.amazonaws.com',
        SourceArn: arnOf(ruleId),
      });
    }
  });

  it('has one schedule per schedule trigger: its expression and timezone, the scheduled time as input, a retry policy and a dead-letter queue', () => {
    for (const { spec, trigger } of triggersOf('schedule')) {
      // Prepare
      const schedule = stack.schedules.schedules.get(trigger.id)!;
      const props = template.toJSON().Resources[logicalId(schedule)].Properties;
      // Assess
      expect(props).toMatchObject({
        ScheduleExpression: trigger.expression,
        ScheduleExpressionTimezone: trigger.timezone,
        Description: trigger.description,
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: retriedTarget(stack, spec.name, SCHEDULE_RETRY),
      });
      expect(JSON.parse(props.Target.Input)).toEqual(SCHEDULED_INVOCATION_TEMPLATE);
      // The schedule's role: Scheduler of this account only; invokes the function, writes the queue.
      const roleArn = props.Target.RoleArn as { 'Fn::GetAtt': [string, string] };
      const role = template.toJSON().Resources[roleArn['Fn::GetAtt'][0]];
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }),
      ]);
      expect(actionsOn(roleArn['Fn::GetAtt'][0], fnId(spec.name).fn)).toContain('lambda:InvokeFunction');
      expect(actionsOn(roleArn['Fn::GetAtt'][0], queueId(spec.name))).toContain('sqs:SendMessage');
    }
    template.resourceCountIs('AWS::Scheduler::Schedule', triggersOf('schedule').length);
  });

  it('retries every asynchronously invoked function and sends what still fails to its failure queue', () => {
    // Prepare
    const asynchronous = [...new Set([...triggersOf('bus'), ...triggersOf('schedule')].map(({ spec }) => spec.name))];
    for (const name of asynchronous) {
      // Assess
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(name).fn },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: ASYNC_INVOKE_RETRY.retryAttempts,
        MaximumEventAgeInSeconds: ASYNC_INVOKE_RETRY.maxEventAge.toSeconds(),
        DestinationConfig: { OnFailure: { Destination: arnOf(queueId(name)) } },
      });
      expect(actionsOn(fnId(name).role, queueId(name))).toContain('sqs:SendMessage');
    }
    expect(asynchronous.length).toBeGreaterThan(0);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', asynchronous.length);
  });

  it('keeps failures in encrypted, TLS-only queues for 14 days, retained with the data', () => {
    for (const failures of stack.failureQueues.values()) {
      // Prepare
      const id = logicalId(failures.queue);
      // Assess
      expect(template.toJSON().Resources[id]).toMatchObject({
        Type: 'AWS::SQS::Queue',
        DeletionPolicy: 'Retain',
        Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 },
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
    expect([...stack.failureQueues.keys()].sort()).toEqual(
      SPECS.filter((s) => !s.triggers.every((t) => t.kind === 'authorizer'))
        .map((s) => s.name)
        .sort(),
    );
  });

  it('gives the mailing functions the sender and SES, and the table to read', () => {
    for (const name of ['alert-officials', 'sweep-overdue-hazards']) {
      // Assess
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: FUNCTIONS.find((f) => f.name === name)!.description,
        Environment: {
          Variables: Match.objectLike({
            SENDER_ADDRESS: 'noreply@example.edu.cn',
            TABLE_NAME: { Ref: logicalId(stack.storage.table) },
          }),
        },
      });
      const actions = policyStatementsOf(template, fnId(name).role).flatMap((s) => s.Action);
      expect(actions).toContain('ses:SendRawEmail');
    }
  });

  it('passes the checks (AwsSolutions, ServerlessChecks) with nothing unacknowledged', () => {
    // Act
    const findings = complianceFindings([stack]);
    // Assess
    expect(findings).toEqual([]);
  });

  it('refuses to build a mailing function without a sender address', () => {
    // Act / Assess
    expect(() => buildStack({ senderAddress: undefined, functions: SPECS })).toThrow(
      /binds e-mail \(set the senderAddress context value\)/,
    );
  });
});
