import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { FUNCTIONS, type Trigger } from '../../functions/manifest';
import { RULE_TARGET_RETRY } from '../../infra/constructs/events';
import { ASYNC_INVOKE_RETRY } from '../../infra/constructs/houqin-function';
import { PHOTO_LIFECYCLE } from '../../infra/constructs/storage';
import { ENVIRONMENTS_DIR, EXAMPLE_ENVIRONMENT, parseEnvironment } from '../../infra/environment';
import type { DEFAULT_SETTINGS } from '../../infra/stack';
import { arnOf, logicalIdIn, policyStatementsOf, retriedTarget, synthesize } from './synth';

// About resources and wiring, not code: NO_BUNDLING skips esbuild (stack.test.ts bundles every function).

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
const S3_TRIGGERS = FUNCTIONS.flatMap((spec) =>
  spec.triggers.flatMap((t) => (t.kind === 's3' ? [{ spec, trigger: t as Extract<Trigger, { kind: 's3' }> }] : [])),
);

function build(settings: Partial<typeof DEFAULT_SETTINGS> & { photoRetentionDays?: number } = {}) {
  const { stack, template } = synthesize(settings);
  const logicalId = (construct: IConstruct): string => logicalIdIn(stack, construct);
  const resource = (id: string): Resource => template.toJSON().Resources[id] as Resource;
  return { stack, template, logicalId, resource };
}

/** What every bucket of the stack must have: no public access, encryption, bucket-owner objects. */
const HARDENED_BUCKET = {
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  BucketEncryption: {
    ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
  },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
};

describe('HouqinStack: the photo archive', () => {
  let built: ReturnType<typeof build>;
  const photoBucket = () => built.resource(built.logicalId(built.stack.storage.photoBucket));
  const logsBucket = () => built.resource(built.logicalId(built.stack.storage.accessLogsBucket));

  beforeAll(() => {
    built = build();
  });

  it('blocks public access, encrypts, enforces bucket-owner objects, versions and retains the photo bucket', () => {
    // Assess
    expect(photoBucket()).toMatchObject({ Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' });
    expect(photoBucket().Properties).toMatchObject({
      ...HARDENED_BUCKET,
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('refuses requests without TLS on the photo bucket', () => {
    // Assess
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: built.logicalId(built.stack.storage.photoBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('logs every request to the access-log bucket under photos/', () => {
    // Assess
    expect(photoBucket().Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: built.logicalId(built.stack.storage.accessLogsBucket) },
      LogFilePrefix: 'photos/',
    });
  });

  it('moves evidence to Glacier Instant Retrieval after 180 days, aborts incomplete uploads after 7, expires old versions after a year and quarantined objects after 90 days (their versions 30 days later)', () => {
    // Assess
    expect(photoBucket().Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'archive-evidence',
          Prefix: 'evidence/',
          Status: 'Enabled',
          Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 180 }],
        },
        {
          Id: 'abort-incomplete-uploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          Status: 'Enabled',
        },
        {
          Id: 'expire-old-versions',
          NoncurrentVersionExpiration: { NoncurrentDays: 365 },
          ExpiredObjectDeleteMarker: true,
          Status: 'Enabled',
        },
        {
          Id: 'expire-quarantine',
          Prefix: 'quarantine/',
          ExpirationInDays: 90,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          Status: 'Enabled',
        },
      ],
    });
    expect(PHOTO_LIFECYCLE.archiveAfter.toDays()).toBe(180);
  });

  it('lets browsers POST uploads and GET photos across origins (the signed policy decides what lands where)', () => {
    // Assess
    expect(photoBucket().Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ['POST', 'GET', 'HEAD'],
          AllowedOrigins: ['*'],
          AllowedHeaders: ['*'],
          ExposedHeaders: ['ETag'],
          MaxAge: 3600,
        },
      ],
    });
  });

  it('has Object Lock enabled from the start, with no default retention unless the deployment asks for one', () => {
    // Assess
    expect(photoBucket().Properties.ObjectLockEnabled).toBe(true);
    expect(photoBucket().Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled' });
  });

  it('announces new objects to EventBridge natively: no notification custom resource, no helper function', () => {
    // Assess
    expect(photoBucket().Properties.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    expect(Object.keys(built.template.findResources('Custom::S3BucketNotifications'))).toEqual([]);
    built.template.resourceCountIs('AWS::Lambda::Function', FUNCTIONS.length);
  });

  it('hardens the access-log bucket too and lets only S3 log delivery from the photo bucket write to it', () => {
    // Assess
    expect(logsBucket()).toMatchObject({ Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' });
    expect(logsBucket().Properties).toMatchObject({
      ...HARDENED_BUCKET,
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-access-logs',
            ExpirationInDays: 730,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            Status: 'Enabled',
          },
        ],
      },
    });
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: built.logicalId(built.stack.storage.accessLogsBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: { ArnLike: { 'aws:SourceArn': arnOf(built.logicalId(built.stack.storage.photoBucket)) } },
          }),
        ]),
      },
    });
  });

  describe('verification of uploads', () => {
    it('is declared in the manifest for evidence/ only', () => {
      // Assess
      expect(S3_TRIGGERS.map(({ spec, trigger }) => [spec.name, trigger])).toEqual([
        ['verify-photo', { kind: 's3', prefix: 'evidence/', events: ['ObjectCreated'] }],
      ]);
    });

    it.each(S3_TRIGGERS.map((t) => [t.spec.name, t] as const))(
      'routes Object Created under the prefix to %s, with retries and a dead-letter queue',
      (name, { trigger }) => {
        // Prepare
        const { stack, template, logicalId } = built;
        const fn = logicalId(stack.functions.get(name)!.function);
        const rule = stack.storage.objectCreatedRules.get(name)!;
        // Act
        const props = built.resource(logicalId(rule)).Properties;
        // Assess: the account's default bus (no EventBusName), this bucket, this prefix.
        expect(props.EventBusName).toBeUndefined();
        expect(props).toMatchObject({
          State: 'ENABLED',
          EventPattern: {
            source: ['aws.s3'],
            'detail-type': ['Object Created'],
            detail: {
              bucket: { name: [{ Ref: logicalId(stack.storage.photoBucket) }] },
              object: { key: [{ prefix: trigger.prefix }] },
            },
          },
          Targets: [{ Id: 'Target0', ...retriedTarget(stack, name, RULE_TARGET_RETRY) }],
        });
        template.hasResourceProperties('AWS::Lambda::Permission', {
          FunctionName: arnOf(fn),
          Principal: 'events.amazonaws.com',
          SourceArn: arnOf(logicalId(rule)),
        });
      },
    );

    it.each(S3_TRIGGERS.map((t) => [t.spec.name] as const))(
      'retries a failed verification by %s twice, then sends the event to its failure queue',
      (name) => {
        // Prepare
        const { stack, template, logicalId } = built;
        const queue = logicalId(stack.failureQueues.get(name)!.queue);
        // Assess
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: logicalId(stack.functions.get(name)!.function) },
          MaximumRetryAttempts: ASYNC_INVOKE_RETRY.retryAttempts,
          MaximumEventAgeInSeconds: ASYNC_INVOKE_RETRY.maxEventAge.toSeconds(),
          DestinationConfig: { OnFailure: { Destination: arnOf(queue) } },
        });
        template.hasResourceProperties(
          'AWS::SQS::Queue',
          Match.objectLike({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 }),
        );
      },
    );

    it.each(S3_TRIGGERS.map((t) => [t.spec.name] as const))(
      'lets %s read, write and delete photo objects under evidence/ and quarantine/ only and write the table, and sets BUCKET_NAME',
      (name) => {
        // Prepare
        const { stack, template, logicalId } = built;
        const fn = stack.functions.get(name)!;
        const bucketArn = arnOf(logicalId(stack.storage.photoBucket));
        // Act
        const statements = policyStatementsOf(template, logicalId(fn.role));
        const under = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
        const onObjects = statements
          .filter((s) => JSON.stringify(s.Resource) === JSON.stringify([under('evidence/'), under('quarantine/')]))
          .flatMap((s) => s.Action);
        // Assess
        expect([onObjects].flat().sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
        expect(statements.flatMap((s) => s.Action)).toEqual(
          expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']),
        );
        expect(
          (built.resource(logicalId(fn.function)).Properties.Environment as { Variables: Record<string, unknown> })
            .Variables.BUCKET_NAME,
        ).toEqual({
          Ref: logicalId(stack.storage.photoBucket),
        });
      },
    );
  });
});

describe('HouqinStack: the optional retention lock', () => {
  it('turns on Object Lock in governance mode with the configured default retention', () => {
    // Prepare
    const { stack, resource, logicalId } = build({ photoRetentionDays: 365 });
    // Act
    const props = resource(logicalId(stack.storage.photoBucket)).Properties;
    // Assess
    expect(props).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('reads photoRetentionDays from the environment file', () => {
    // Prepare
    const file = JSON.parse(readFileSync(join(ENVIRONMENTS_DIR, `${EXAMPLE_ENVIRONMENT}.json`), 'utf8'));
    // Act / Assess
    expect(parseEnvironment('t', 't.json', { ...file, photoRetentionDays: 2555 }).photoRetentionDays).toBe(2555);
    expect(
      parseEnvironment('t', 't.json', { ...file, photoRetentionDays: undefined }).photoRetentionDays,
    ).toBeUndefined();
  });

  it.each([[0], [-3], ['a year'], [1.5], [36501]])('refuses photoRetentionDays: %p', (value) => {
    // Prepare
    const file = JSON.parse(readFileSync(join(ENVIRONMENTS_DIR, `${EXAMPLE_ENVIRONMENT}.json`), 'utf8'));
    // Act / Assess
    expect(() => parseEnvironment('t', 't.json', { ...file, photoRetentionDays: value })).toThrow(
      /photoRetentionDays: photoRetentionDays must be/,
    );
  });
});
