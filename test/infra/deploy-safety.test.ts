import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { EXAMPLE_ENVIRONMENT, readEnvironment } from '../../infra/environment';
import { HouqinStack, settingsFromEnvironment, type HouqinSettings } from '../../infra/stack';
import { complianceFindings } from './synth';

/*
 * What keeps a deploy from destroying data: the stateful resources keep their logical ids (a new
 * id is a new resource, the old one left behind and the app pointed at an empty one), the photo
 * bucket never needs replacing for a retention, the stack cannot be deleted by mistake, and it
 * deploys only to the account and region of its environment file.
 */

// The context cdk.json gives `cdk synth`; bundling is skipped (about resources, not code).
const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
const NO_BUNDLING = { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] };

type Resource = { Type: string; Properties: Record<string, unknown> };
type Resources = Record<string, Resource>;

/** The stack as infra/app.ts builds it from the example environment, with `change` applied to its settings. */
function build(change: Partial<HouqinSettings> = {}) {
  const app = new App({ context: NO_BUNDLING });
  const { stackName, ...settings } = settingsFromEnvironment(readEnvironment(EXAMPLE_ENVIRONMENT));
  const stack = new HouqinStack(app, stackName, { ...settings, ...change });
  const resources = Template.fromStack(stack).toJSON().Resources as Resources;
  const logicalId = (construct: IConstruct): string =>
    stack.resolve((construct.node.defaultChild as CfnElement).logicalId);
  return { stack, resources, logicalId };
}

/**
 * The logical ids of the resources that hold data, as deployed. Literal on purpose: a refactor
 * that moves one of them (a construct renamed or re-parented) changes its id and CloudFormation
 * would create a new table or bucket. If this test fails, do not update the ids: keep the
 * construct where it was (or pin its id with overrideLogicalId).
 */
const PINNED = {
  'AWS::DynamoDB::Table': ['StorageTableB43FDCE7'],
  'AWS::S3::Bucket': ['StorageAccessLogs96FB524C', 'StoragePhotos333B189A', 'WebAppFiles5A539709'],
  'AWS::Events::EventBus': ['EventsBus45DE4339'],
} as const;

describe('deploy safety', () => {
  let built: ReturnType<typeof build>;

  beforeAll(() => {
    built = build();
  });

  it('keeps the logical ids of the table, the buckets and the bus', () => {
    // Prepare
    const { stack, logicalId } = built;
    // Act
    const ids = {
      table: logicalId(stack.storage.table),
      photos: logicalId(stack.storage.photoBucket),
      accessLogs: logicalId(stack.storage.accessLogsBucket),
      appFiles: logicalId(stack.webApp.bucket),
      bus: logicalId(stack.events.bus),
    };
    // Assess
    expect(ids).toEqual({
      table: 'StorageTableB43FDCE7',
      photos: 'StoragePhotos333B189A',
      accessLogs: 'StorageAccessLogs96FB524C',
      appFiles: 'WebAppFiles5A539709',
      bus: 'EventsBus45DE4339',
    });
  });

  it.each(Object.entries(PINNED))('has exactly the pinned %s resources', (type, ids) => {
    // Act: a new table, bucket or bus must be added to PINNED on purpose.
    const found = Object.entries(built.resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([id]) => id)
      .sort();
    // Assess
    expect(found).toEqual([...ids].sort());
  });

  it('retains the table and the buckets if they ever leave the stack', () => {
    // Act
    const data = [...PINNED['AWS::DynamoDB::Table'], ...PINNED['AWS::S3::Bucket']].map((id) => built.resources[id]);
    // Assess
    for (const resource of data)
      expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('creates the photo bucket with Object Lock: a retention set later changes a rule, not the bucket', () => {
    // Prepare
    const locked = build({ photoRetentionDays: 365 });
    const photoId = built.logicalId(built.stack.storage.photoBucket);
    // Act
    const without = built.resources[photoId]!.Properties;
    const withRetention = locked.resources[locked.logicalId(locked.stack.storage.photoBucket)]!.Properties;
    // Assess: the same bucket (logical id), Object Lock enabled in both ...
    expect(locked.logicalId(locked.stack.storage.photoBucket)).toBe(photoId);
    expect(without.ObjectLockEnabled).toBe(true);
    expect(withRetention.ObjectLockEnabled).toBe(true);
    expect(without.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled' });
    expect(withRetention.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } },
    });
    // ... and nothing else in the template differs: only the rule (ObjectLockConfiguration) changes.
    const withoutRule = (resources: Resources) =>
      JSON.stringify(resources, (key, value: unknown) => (key === 'ObjectLockConfiguration' ? undefined : value));
    expect(withoutRule(locked.resources)).toBe(withoutRule(built.resources));
  });

  it('has termination protection on', () => {
    // Assess
    expect(built.stack.terminationProtection).toBe(true);
  });

  it("is pinned to the environment file's account and region", () => {
    // Prepare
    const environment = readEnvironment(EXAMPLE_ENVIRONMENT);
    // Assess
    expect({ account: built.stack.account, region: built.stack.region }).toEqual({
      account: environment.account,
      region: environment.region,
    });
  });

  it('keeps every log group 180 days by default (six months of network logs)', () => {
    // Act
    const retentions = Object.values(built.resources)
      .filter((resource) => resource.Type === 'AWS::Logs::LogGroup')
      .map((resource) => resource.Properties.RetentionInDays);
    // Assess
    expect(retentions.length).toBeGreaterThan(1);
    expect(new Set(retentions)).toEqual(new Set([180]));
  });
});

describe('the tracing switch', () => {
  /** The functions' tracing modes and the IAM actions granted on "*". */
  function tracingOf(resources: Resources) {
    const modes = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::Lambda::Function')
      .map((resource) => (resource.Properties.TracingConfig as { Mode?: string } | undefined)?.Mode ?? 'none');
    const xrayActions = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap(
        (resource) => (resource.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      )
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => action.startsWith('xray:'));
    return { modes: new Set(modes), xrayActions: new Set(xrayActions) };
  }

  it('traces every function with X-Ray when on (the default)', () => {
    // Act
    const { modes, xrayActions } = tracingOf(build().resources);
    // Assess
    expect(modes).toEqual(new Set(['Active']));
    expect(xrayActions).toEqual(new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']));
  });

  it('turns X-Ray off for every function, with no X-Ray grant, when the environment says tracing: false', () => {
    // Prepare
    const { stack, resources } = build({ tracing: false });
    // Act
    const { modes, xrayActions } = tracingOf(resources);
    const errors = complianceFindings([stack], { errorsOnly: true });
    // Assess: and the compliance checks accept it (the tracing rule is acknowledged per function).
    expect(modes).toEqual(new Set(['none']));
    expect(xrayActions).toEqual(new Set());
    expect(errors).toEqual([]);
  });
});
