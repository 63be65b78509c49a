import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { authorizerSpec, REPORT_ASSETS } from '../../functions/manifest';
import { RULE_TARGET_RETRY } from '../../infra/constructs/events';
import { ASYNC_INVOKE_RETRY } from '../../infra/constructs/houqin-function';
import { SCHEDULE_RETRY } from '../../infra/constructs/schedules';
import { DEFAULT_SETTINGS, HouqinStack } from '../../infra/stack';
import { REPORTS_PREFIX } from '../../shared/reports/pipeline/store';
import {
  arnOf,
  CDK_CONTEXT,
  failureQueueIdIn,
  functionIdsIn,
  logicalIdIn,
  manifestSpec,
  NO_BUNDLING,
  policyStatementsOf,
  retriedTarget,
  synthesize,
  TEST_SENDER,
} from './synth';

// About wiring, not code: NO_BUNDLING skips esbuild (the bundle test below bundles one function).
const SENDER = TEST_SENDER;
const spec = manifestSpec;

const REPORT_FUNCTIONS = [
  'dispatch-monthly-reports',
  'produce-report',
  'send-report-mail',
  'record-bounce',
  'get-report',
  'get-report-workbook',
  'request-report',
];

describe('HouqinStack: the monthly report', () => {
  let stack: HouqinStack;
  let template: Template;
  const logicalId = (construct: IConstruct): string => logicalIdIn(stack, construct);
  const fnId = (name: string) => functionIdsIn(stack, name);
  const queueId = (name: string) => failureQueueIdIn(stack, name);
  /** Every statement of a role's policies. */
  const statementsOf = (roleId: string) => policyStatementsOf(template, roleId);
  const scheduleProps = (id: string) =>
    template.toJSON().Resources[logicalId(stack.schedules.schedules.get(id)!)].Properties;

  beforeAll(() => {
    // Prepare / Act
    ({ stack, template } = synthesize({ functions: [authorizerSpec(), ...REPORT_FUNCTIONS.map(spec)] }));
  });

  it('runs the dispatcher every hour on the hour in UTC, with a retry policy and a dead-letter queue', () => {
    // Assess
    expect(scheduleProps('monthly-reports')).toMatchObject({
      ScheduleExpression: 'cron(0 * * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: retriedTarget(stack, 'dispatch-monthly-reports', SCHEDULE_RETRY),
    });
  });

  it('runs the report mail retries every 5 minutes, with a retry policy and a dead-letter queue', () => {
    // Assess
    expect(scheduleProps('report-mail-retry')).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      Target: {
        Arn: arnOf(fnId('send-report-mail').fn),
        RetryPolicy: { MaximumRetryAttempts: SCHEDULE_RETRY.retryAttempts },
        DeadLetterConfig: { Arn: arnOf(queueId('send-report-mail')) },
      },
    });
  });

  it('sends ReportRequested to produce-report with retries and a dead-letter queue', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(stack.events.bus) },
      EventPattern: { source: ['houqin'], 'detail-type': ['ReportRequested'] },
      Targets: [Match.objectLike(retriedTarget(stack, 'produce-report', RULE_TARGET_RETRY))],
    });
  });

  it('retries the asynchronous report functions and keeps what still fails in their failure queues', () => {
    for (const name of ['dispatch-monthly-reports', 'produce-report', 'send-report-mail', 'record-bounce']) {
      // Assess
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(name).fn },
        MaximumRetryAttempts: ASYNC_INVOKE_RETRY.retryAttempts,
        DestinationConfig: { OnFailure: { Destination: arnOf(queueId(name)) } },
      });
    }
  });

  it('gives produce-report the time and memory to render charts', () => {
    // Assess
    const props = template.toJSON().Resources[fnId('produce-report').fn].Properties;
    expect(props.MemorySize).toBeGreaterThanOrEqual(1536);
    expect(props.MemorySize).toBeLessThanOrEqual(2048);
    expect(props.Timeout).toBeGreaterThanOrEqual(120);
  });

  it('limits the report functions’ bucket rights to objects under reports/', () => {
    // Prepare
    const bucket = logicalId(stack.storage.photoBucket);
    for (const name of ['produce-report', 'send-report-mail', 'get-report', 'get-report-workbook', 'request-report']) {
      // Act
      const onBucket = statementsOf(fnId(name).role).filter((s) => JSON.stringify(s.Resource).includes(`"${bucket}"`));
      // Assess
      expect(onBucket).toEqual([
        expect.objectContaining({ Resource: { 'Fn::Join': ['', [arnOf(bucket), `/${REPORTS_PREFIX}*`]] } }),
      ]);
    }
    expect(REPORTS_PREFIX).toBe('reports/');
  });

  it('lets the readers only read, and the producer write no more than objects', () => {
    // Prepare
    const bucket = logicalId(stack.storage.photoBucket);
    const actions = (name: string) =>
      statementsOf(fnId(name).role)
        .filter((s) => JSON.stringify(s.Resource).includes(`"${bucket}"`))
        .flatMap((s) => s.Action);
    // Assess
    expect(actions('get-report')).toEqual(['s3:GetObject']);
    expect(actions('get-report-workbook')).toEqual(['s3:GetObject']);
    expect(actions('produce-report').sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
  });

  it('sends report mail with the SES configuration set whose bounces and complaints reach record-bounce', () => {
    // Prepare
    const feedback = stack.mailFeedback!;
    const setName = stack.resolve(feedback.configurationSet.configurationSetName);
    // Assess
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'Houqin-mail' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: setName,
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: logicalId(feedback.topic) } },
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: arnOf(logicalId(feedback.key)) });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: logicalId(feedback.topic) },
      Endpoint: arnOf(fnId('record-bounce').fn),
      RedrivePolicy: { deadLetterTargetArn: arnOf(queueId('record-bounce')) },
    });
    for (const name of ['produce-report', 'send-report-mail', 'request-report']) {
      const props = template.toJSON().Resources[fnId(name).fn].Properties;
      expect(props.Environment.Variables).toMatchObject({ SENDER_ADDRESS: SENDER, SES_CONFIGURATION_SET: setName });
      const ses = statementsOf(fnId(name).role).find((s) =>
        ([] as string[]).concat(s.Action).includes('ses:SendRawEmail'),
      );
      expect(JSON.stringify(ses?.Resource)).toContain(`":configuration-set/",${JSON.stringify(setName)}`);
    }
  });

  it('gives the functions that mail reports the API’s public URL for the photo links, and the others nothing', () => {
    // Prepare
    const variables = (name: string) =>
      template.toJSON().Resources[fnId(name).fn].Properties.Environment?.Variables ?? {};
    const apiUrl = stack.resolve(stack.api.url);
    // Assess
    for (const name of ['produce-report', 'send-report-mail', 'request-report'])
      expect(variables(name).PUBLIC_API_URL).toEqual(apiUrl);
    for (const name of ['dispatch-monthly-reports', 'get-report', 'record-bounce'])
      expect(variables(name).PUBLIC_API_URL).toBeUndefined();
  });

  it('uses the publicApiUrl context value (a custom domain) instead when it is given', () => {
    // Prepare
    const app = new App({ context: NO_BUNDLING });
    const { stackName, ...settings } = DEFAULT_SETTINGS;
    const custom = new HouqinStack(app, stackName, {
      ...settings,
      senderAddress: SENDER,
      publicApiUrl: 'https://houqin.example.edu.cn',
      functions: [authorizerSpec(), spec('produce-report')],
    });
    // Act
    const resources = Template.fromStack(custom).findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { PUBLIC_API_URL: Match.anyValue() } } },
    });
    // Assess
    expect(Object.values(resources).map((r) => r.Properties.Environment.Variables.PUBLIC_API_URL)).toEqual([
      'https://houqin.example.edu.cn',
    ]);
  });

  it('lets the dispatcher read the table and put events, and nothing else', () => {
    // Prepare
    const actions = statementsOf(fnId('dispatch-monthly-reports').role).flatMap((s) => s.Action);
    // Assess
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'events:PutEvents']));
    expect(actions.filter((a) => /dynamodb:(Put|Update|Delete)|s3:|ses:/.test(a))).toEqual([]);
  });
});

describe('produce-report bundle', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'houqin-cdk-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('carries the chart font and resvg’s .wasm next to index.js', () => {
    // Prepare: the produce-report function alone (and the authorizer the API needs), bundled.
    const app = new App({ context: CDK_CONTEXT, outdir });
    const { stackName, ...settings } = DEFAULT_SETTINGS;
    const stack = new HouqinStack(app, stackName, {
      ...settings,
      senderAddress: SENDER,
      functions: [authorizerSpec(), spec('produce-report')],
    });
    // Act
    app.synth();
    // Assess
    const fn = stack.functions.get('produce-report')!;
    const code =
      Template.fromStack(stack).toJSON().Resources[
        stack.resolve((fn.function.node.defaultChild as CfnElement).logicalId)
      ].Properties.Code;
    const assetDir = join(outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`);
    expect(existsSync(assetDir)).toBe(true);
    expect(readdirSync(assetDir).sort()).toEqual(
      expect.arrayContaining(['index.js', ...REPORT_ASSETS.map((asset) => asset.split('/').pop()!)]),
    );
  }, 120_000);
});
