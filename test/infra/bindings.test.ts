import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import type { HouqinStack } from '../../infra/stack';
import { buildStack, complianceFindings, logicalIdIn, synthesize } from './synth';

// This file is about IAM and environment, not code: NO_BUNDLING skips esbuild (stack.test.ts bundles).

/** A function that binds every kind of resource, on an existing entry: no manifest entry does yet. */
const BINDS_EVERYTHING: FunctionSpec = {
  name: 'binds-everything',
  entry: 'functions/list-forms/handler.ts',
  description: 'Test function binding the table, the bucket, the bus and e-mail.',
  triggers: [{ kind: 'http', method: 'POST', path: '/v1/test-bindings' }],
  binds: {
    table: 'readwrite',
    tableKeys: { read: ['DISTRICT#*'], write: ['SUB#*'] },
    bucket: 'readwrite',
    bus: 'put',
    email: 'send',
  },
  memoryMb: 256,
  timeoutSeconds: 5,
};

describe('HouqinFunction bindings', () => {
  let stack: HouqinStack;
  let template: Template;
  const logicalId = (construct: IConstruct): string => logicalIdIn(stack, construct);

  beforeAll(() => {
    // Prepare / Act
    ({ stack, template } = synthesize({ functions: [...FUNCTIONS, BINDS_EVERYTHING] }));
  });

  /** The statements of the test function's role. */
  function statements(): { Action: string | string[]; Resource: unknown }[] {
    const fn = stack.functions.get(BINDS_EVERYTHING.name);
    if (!fn) throw new Error('The test function was not built');
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(fn.role) }] },
    });
    return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
  }

  it('sets one environment variable per binding', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: BINDS_EVERYTHING.description,
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: logicalId(stack.storage.table) },
          BUCKET_NAME: { Ref: logicalId(stack.storage.photoBucket) },
          EVENT_BUS_NAME: { Ref: logicalId(stack.events.bus) },
          SENDER_ADDRESS: 'noreply@example.edu.cn',
        }),
      },
    });
  });

  it('grants the table and its indexes by name, never Scan, each only on the partitions the binding names', () => {
    // Act
    const table = statements().filter((s) => JSON.stringify(s.Action).includes('dynamodb:')) as {
      Action: string[];
      Resource: unknown;
      Condition?: unknown;
    }[];
    const reads = table.find((s) => s.Action.includes('dynamodb:Query'));
    const writes = table.find((s) => s.Action.includes('dynamodb:PutItem'));
    // Assess
    expect(table.flatMap((s) => s.Action)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']),
    );
    expect(table.flatMap((s) => s.Action)).not.toContain('dynamodb:Scan');
    expect(JSON.stringify(reads?.Resource)).not.toContain('/index/*');
    expect(JSON.stringify(reads?.Resource)).toContain('/index/gsi1');
    expect(JSON.stringify(writes?.Resource)).not.toContain('/index/');
    expect(reads?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DISTRICT#*', 'SUB#*'] },
    });
    expect(writes?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUB#*'] } });
  });

  it('grants object actions on the photo bucket, PutEvents on the bus and sending as the sender', () => {
    // Act
    const actions = statements().flatMap((s) => s.Action);
    // Assess
    expect(actions).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:PutObject', 'events:PutEvents', 'ses:SendRawEmail']),
    );
    expect(actions.filter((a) => a.endsWith('*'))).toEqual([]);
  });

  it('grants "*" resources to X-Ray only', () => {
    // Act
    const wildcard = statements()
      .filter((s) => JSON.stringify(s.Resource) === '"*"')
      .flatMap((s) => s.Action);
    // Assess
    expect([...wildcard].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('passes the checks with every kind of binding', () => {
    // Act
    const findings = complianceFindings([stack]);
    // Assess
    expect(findings).toEqual([]);
  });

  it('refuses an e-mail binding without a sender address', () => {
    // Act
    const build = () => buildStack({ senderAddress: undefined, functions: [...FUNCTIONS, BINDS_EVERYTHING] });
    // Assess
    expect(build).toThrow(/binds e-mail/);
  });
});
