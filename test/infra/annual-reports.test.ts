import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { authorizerSpec } from '../../functions/manifest';
import { RULE_TARGET_RETRY } from '../../infra/constructs/events';
import { ASYNC_INVOKE_RETRY } from '../../infra/constructs/houqin-function';
import { SCHEDULE_RETRY } from '../../infra/constructs/schedules';
import type { HouqinStack } from '../../infra/stack';
import { arnOf, failureQueueIdIn, functionIdsIn, logicalIdIn, manifestSpec, retriedTarget, synthesize } from './synth';

/*
 * The year-end summary's wiring: its hourly dispatcher (a Scheduler schedule in UTC, retries and a
 * dead-letter queue), the AnnualReportRequested rule to produce-annual-report (retries, DLQ), the
 * memory the period's rollups need, and its four routes behind the authorizer.
 */

const ANNUAL_FUNCTIONS = [
  'dispatch-annual-reports',
  'produce-annual-report',
  'get-annual-report',
  'get-annual-report-workbook',
  'get-annual-report-document',
  'request-annual-report',
];

describe('HouqinStack: the year-end summary', () => {
  let stack: HouqinStack;
  let template: Template;
  const logicalId = (construct: IConstruct): string => logicalIdIn(stack, construct);
  const fnId = (name: string) => functionIdsIn(stack, name).fn;
  const queueId = (name: string) => failureQueueIdIn(stack, name);

  beforeAll(() => {
    // Prepare / Act
    ({ stack, template } = synthesize({ functions: [authorizerSpec(), ...ANNUAL_FUNCTIONS.map(manifestSpec)] }));
  });

  it('runs the annual dispatcher every hour on the hour in UTC (5 January and 5 September at 08:00 are picked per district), with retries and a dead-letter queue', () => {
    // Assess
    const schedule = stack.schedules.schedules.get('annual-reports');
    expect(schedule).toBeDefined();
    expect(template.toJSON().Resources[logicalId(schedule!)].Properties).toMatchObject({
      ScheduleExpression: 'cron(0 * * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: retriedTarget(stack, 'dispatch-annual-reports', SCHEDULE_RETRY),
    });
  });

  it('sends AnnualReportRequested to produce-annual-report with retries and a dead-letter queue', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(stack.events.bus) },
      EventPattern: { source: ['houqin'], 'detail-type': ['AnnualReportRequested'] },
      Targets: [Match.objectLike(retriedTarget(stack, 'produce-annual-report', RULE_TARGET_RETRY))],
    });
    for (const name of ['dispatch-annual-reports', 'produce-annual-report']) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(name) },
        MaximumRetryAttempts: ASYNC_INVOKE_RETRY.retryAttempts,
        DestinationConfig: { OnFailure: { Destination: arnOf(queueId(name)) } },
      });
    }
  });

  it('gives produce-annual-report 2,048 MB and up to 15 minutes', () => {
    // Assess
    const props = template.toJSON().Resources[fnId('produce-annual-report')].Properties;
    expect(props.MemorySize).toBe(2048);
    expect(props.Timeout).toBe(900);
  });

  it('routes the four summary routes', () => {
    // Assess
    for (const routeKey of [
      'GET /v1/annual-reports/{period}',
      'POST /v1/annual-reports/{period}',
      'GET /v1/annual-reports/{period}/workbook',
      'GET /v1/annual-reports/{period}/document',
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'CUSTOM' });
    }
  });
});
