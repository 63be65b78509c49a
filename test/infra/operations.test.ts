import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import { DOMAIN_METRICS } from '../../shared/metrics';
import { FUNCTION_THRESHOLDS, scheduleIntervalMinutes, watchOf } from '../../infra/constructs/operations';
import { ENVIRONMENTS_DIR, EXAMPLE_ENVIRONMENT, parseEnvironment } from '../../infra/environment';
import { DEFAULT_SETTINGS, HouqinStack } from '../../infra/stack';

type Resource = { Type: string; Properties: Record<string, unknown> };

// The context cdk.json gives `cdk synth`; bundling is skipped (the alarms do not depend on the code).
const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
const CONTEXT = { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] };

/** The triggers whose function keeps its failures in a failure (dead-letter) queue. */
const QUEUED = new Set(['bus', 'schedule', 'table-stream', 's3', 'mail-feedback']);

function synth(functions: readonly FunctionSpec[] = FUNCTIONS) {
  const app = new App({ context: CONTEXT });
  const { stackName, ...settings } = DEFAULT_SETTINGS;
  const stack = new HouqinStack(app, stackName, {
    ...settings,
    senderAddress: 'noreply@example.edu.cn',
    opsAddress: 'ops@example.edu.cn',
    functions,
  });
  return { stack, template: Template.fromStack(stack) };
}

describe('Operations: alarms to a person', () => {
  let stack: HouqinStack;
  let template: Template;
  let alarms: Resource[];
  const logicalId = (construct: IConstruct): string =>
    stack.resolve((construct.node.defaultChild as CfnElement).logicalId);
  const topicId = () => logicalId(stack.operations.topic);
  /** The alarms on `metricName` whose dimension `name` is `value`. */
  const alarmsOn = (metricName: string, name: string, value: unknown) =>
    alarms.filter(
      (a) =>
        a.Properties.MetricName === metricName &&
        JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: name, Value: value }]),
    );

  /** The alarms on the domain metric `metricName` (namespace Houqin, shared/metrics.ts). */
  const domainAlarms = (metricName: string) =>
    alarms.filter((a) => a.Properties.Namespace === 'Houqin' && a.Properties.MetricName === metricName);

  beforeAll(() => {
    // Prepare, act: the stack as the manifest describes it.
    ({ stack, template } = synth());
    alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
  });

  it('synthesizes without construct errors', () => {
    // Assess
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  it('has an encrypted operations topic with the opsAddress e-mail subscription', () => {
    // Assess
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Houqin operations alarms',
      KmsMasterKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.edu.cn',
      TopicArn: { Ref: topicId() },
    });
  });

  it('has an alarm on every dead-letter queue of the manifest holding any message', () => {
    // Prepare: the functions the manifest gives a failure queue, and every queue in the template.
    const queued = FUNCTIONS.filter((spec) => spec.triggers.some((t) => QUEUED.has(t.kind))).map((spec) => spec.name);
    const queueIds = Object.keys(template.findResources('AWS::SQS::Queue'));
    // Assess
    expect(queued.length).toBeGreaterThanOrEqual(8);
    expect([...stack.failureQueues.keys()].sort()).toEqual([...queued].sort());
    for (const name of queued) {
      const queue = stack.failureQueues.get(name)?.queue;
      if (!queue) throw new Error(`No failure queue for ${name}`);
      expect(queueIds).toContain(logicalId(queue));
    }
    for (const id of queueIds) {
      const found = alarmsOn('ApproximateNumberOfMessagesVisible', 'QueueName', { 'Fn::GetAtt': [id, 'QueueName'] });
      expect({ id, alarms: found.length }).toEqual({ id, alarms: 1 });
      expect(found[0]?.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('has an errors and a throttles alarm on every function of the manifest, stricter for the authorizer and the submission path', () => {
    for (const spec of FUNCTIONS) {
      // Prepare
      const fn = stack.functions.get(spec.name);
      if (!fn) throw new Error(`Function ${spec.name} was not built`);
      const ref = { Ref: logicalId(fn.function) };
      const { errors, throttles, periodMinutes } = FUNCTION_THRESHOLDS[watchOf(spec)];
      // Assess
      for (const [metricName, threshold] of [
        ['Errors', errors],
        ['Throttles', throttles],
      ] as const) {
        const found = alarmsOn(metricName, 'FunctionName', ref);
        expect({ fn: spec.name, metricName, alarms: found.length }).toEqual({ fn: spec.name, metricName, alarms: 1 });
        expect(found[0]?.Properties).toMatchObject({
          Threshold: threshold,
          Period: periodMinutes * 60,
          Statistic: 'Sum',
        });
      }
    }
    expect(watchOf(FUNCTIONS.find((s) => s.name === 'authorizer') as FunctionSpec)).toBe('critical');
    expect(watchOf(FUNCTIONS.find((s) => s.name === 'record-submission') as FunctionSpec)).toBe('critical');
    expect(watchOf(FUNCTIONS.find((s) => s.name === 'list-forms') as FunctionSpec)).toBe('http');
    expect(FUNCTION_THRESHOLDS.critical.errors).toBeLessThan(FUNCTION_THRESHOLDS.http.errors);
  });

  it('has a "did not run" alarm on every schedule of the manifest', () => {
    const schedules = FUNCTIONS.flatMap((spec) =>
      spec.triggers.flatMap((t) => (t.kind === 'schedule' ? [{ spec, trigger: t }] : [])),
    );
    expect(schedules.length).toBeGreaterThanOrEqual(3);
    for (const { spec, trigger } of schedules) {
      // Prepare
      const fn = stack.functions.get(spec.name);
      if (!fn) throw new Error(`Function ${spec.name} was not built`);
      // Act
      const found = alarmsOn('Invocations', 'FunctionName', { Ref: logicalId(fn.function) });
      // Assess: fewer than one invocation in two of the schedule's intervals, no data counting as none.
      expect({ schedule: trigger.id, alarms: found.length }).toEqual({ schedule: trigger.id, alarms: 1 });
      expect(found[0]?.Properties).toMatchObject({
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        EvaluationPeriods: 2,
        Period: scheduleIntervalMinutes(trigger.expression) * 60,
        TreatMissingData: 'breaching',
      });
    }
    expect(scheduleIntervalMinutes('rate(5 minutes)')).toBe(5);
    expect(scheduleIntervalMinutes('cron(0 * * * ? *)')).toBe(60);
    expect(() => scheduleIntervalMinutes('cron(0 8 1 * ? *)')).toThrow(/teach scheduleIntervalMinutes/);
  });

  it("has alarms on the HTTP API's 5xx share and p99 latency, and on SES's bounce and complaint rates", () => {
    // Prepare
    const apiId = { Ref: logicalId(stack.api.httpApi) };
    const expression = (a: Resource) => JSON.stringify(a.Properties.Metrics ?? '');
    // Assess
    const serverErrors = alarms.filter((a) => expression(a).includes('"5xx"') && expression(a).includes('"Count"'));
    expect(serverErrors).toHaveLength(1);
    expect(expression(serverErrors[0] as Resource)).toContain(JSON.stringify(apiId));
    const latency = alarmsOn('Latency', 'ApiId', apiId);
    expect(latency).toHaveLength(1);
    expect(latency[0]?.Properties).toMatchObject({ ExtendedStatistic: 'p99' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.001,
    });
  });

  it.each([
    ['a report mail given up after its last retry', 'ReportMailFailures', [{ Name: 'final', Value: 'yes' }]],
    ['a monthly report still missing or unmailed on the 1st at 10:00 district time', 'MonthlyReportsLate', []],
  ] as const)('has an alarm on %s (the domain metric %s of shared/metrics.ts)', (_what, metric, dimensions) => {
    // Assess: one alarm on the metric's sum for the service (and its own dimensions), raised by the first count.
    const found = domainAlarms(metric);
    expect(found).toHaveLength(1);
    expect(found[0]?.Properties).toMatchObject({
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(found[0]?.Properties.Dimensions).toEqual(
      expect.arrayContaining([{ Name: 'service', Value: 'houqin' }, ...dimensions]),
    );
    expect(found[0]?.Properties.Dimensions).toHaveLength(1 + dimensions.length);
  });

  it('sends every alarm to the operations topic, with a zh-CN and English description linking the runbook', () => {
    expect(alarms.length).toBe(stack.operations.alarms.size);
    for (const alarm of alarms) {
      const description = String(alarm.Properties.AlarmDescription);
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId() }]);
      expect(description).toMatch(/[\u4e00-\u9fff]/);
      expect(description).toMatch(/\[Houqin\] [A-Z]/);
      expect(description).toMatch(/docs\/operations\.md#[a-z-]+$/);
    }
  });

  it('links each alarm to a section of the runbook that exists (docs/operations.md)', () => {
    // Prepare: the GitHub-style anchors of the runbook's headings.
    const runbook = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
    const anchors = new Set(
      [...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
        (m[1] ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    // Assess
    for (const alarm of alarms) {
      const section = /docs\/operations\.md#([a-z-]+)$/.exec(String(alarm.Properties.AlarmDescription))?.[1];
      expect({ section, found: anchors.has(section ?? '') }).toEqual({ section, found: true });
    }
  });

  it('shows every alarm and every domain metric on the operations dashboard', () => {
    // Prepare
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as Resource[];
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    // Assess
    for (const alarm of stack.operations.alarms.values()) expect(body).toContain(`"${logicalId(alarm)}","Arn"`);
    for (const metric of Object.values(DOMAIN_METRICS)) expect(body).toContain(metric);
  });

  it('gives a function, queue and schedule new to the manifest their alarms without an edit', () => {
    // Prepare: a new scheduled function (an existing handler, for the entry file).
    const extra: FunctionSpec = {
      ...(FUNCTIONS.find((s) => s.name === 'send-report-mail') as FunctionSpec),
      name: 'nightly-check',
      triggers: [
        {
          kind: 'schedule',
          id: 'nightly-check',
          expression: 'cron(30 2 * * ? *)',
          timezone: 'Asia/Shanghai',
          description: 'A new nightly job.',
        },
      ],
    };
    // Act
    const built = synth([...FUNCTIONS, extra]);
    // Assess
    const keys = [...built.stack.operations.alarms.keys()];
    expect(keys).toEqual(
      expect.arrayContaining([
        'errors:nightly-check',
        'throttles:nightly-check',
        'queue:nightly-check',
        'schedule:nightly-check',
      ]),
    );
    expect(built.stack.operations.alarms.size).toBe(stack.operations.alarms.size + 4);
  });

  it('reads opsAddress from the environment file, requires it and refuses one that is not an e-mail address', () => {
    // Prepare
    const file = JSON.parse(readFileSync(join(ENVIRONMENTS_DIR, `${EXAMPLE_ENVIRONMENT}.json`), 'utf8'));
    const parse = (opsAddress: unknown) => parseEnvironment('t', 't.json', { ...file, opsAddress });
    // Act, assess
    expect(parse('ops@example.edu.cn').opsAddress).toBe('ops@example.edu.cn');
    expect(() => parse('ops')).toThrow(/opsAddress: opsAddress must be an e-mail address/);
    expect(() => parse(undefined)).toThrow(/opsAddress: opsAddress must be an e-mail address/);
  });
});
