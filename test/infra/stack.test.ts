import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Runtime, RuntimeFamily } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { authorizerSpec, FUNCTIONS, httpRoutes } from '../../functions/manifest';
import { TABLE_SHAPE } from '../../shared/db/table';
import { FUNCTION_RUNTIME } from '../../infra/constructs/houqin-function';
import { DEFAULT_SETTINGS, HouqinStack } from '../../infra/stack';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

// The context cdk.json gives `cdk synth`, so the template here is the one that deploys.
const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

describe('HouqinStack', () => {
  let stack: HouqinStack;
  let template: Template;

  /** The logical id of a construct's CloudFormation resource. */
  const logicalId = (construct: IConstruct): string =>
    stack.resolve((construct.node.defaultChild as CfnElement).logicalId);
  const built = (name: string) => {
    const fn = stack.functions.get(name);
    if (!fn) throw new Error(`Function ${name} was not built`);
    return fn;
  };
  const resource = (id: string): Resource => {
    const found = template.toJSON().Resources[id] as Resource | undefined;
    if (!found) throw new Error(`No resource ${id} in the template`);
    return found;
  };

  beforeAll(() => {
    // Prepare: synthesized once for the whole file (every function is bundled with esbuild).
    const app = new App({ context: CDK_CONTEXT });
    const { stackName, ...settings } = DEFAULT_SETTINGS;
    // Functions that send e-mail need the sender (cdk.json leaves it to each deployment).
    stack = new HouqinStack(app, stackName, { ...settings, senderAddress: 'noreply@example.edu.cn' });
    // Act
    template = Template.fromStack(stack);
  });

  it('synthesizes without construct errors', () => {
    // Assess
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  it('runs on the newest Node.js runtime aws-cdk-lib offers', () => {
    // Prepare
    const version = (runtime: Runtime) => Number(/^nodejs(\d+)/.exec(runtime.name)?.[1] ?? 0);
    const nodeRuntimes = Runtime.ALL.filter((r) => r.family === RuntimeFamily.NODEJS && !r.isVariable);
    // Act
    const newest = Math.max(...nodeRuntimes.map(version));
    // Assess
    expect(version(FUNCTION_RUNTIME)).toBe(newest);
  });

  it('has exactly one Lambda function per manifest entry', () => {
    // Assess: no helper functions (log retention, bucket auto-delete, …) sneak in.
    template.resourceCountIs('AWS::Lambda::Function', FUNCTIONS.length);
    expect([...stack.functions.keys()].sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
  });

  it.each(FUNCTIONS.map((spec) => [spec.name, spec] as const))(
    'builds %s as the manifest declares it',
    (name, spec) => {
      // Prepare
      const fn = built(name);
      // Act
      const props = resource(logicalId(fn.function)).Properties;
      // Assess
      expect(props).toMatchObject({
        Runtime: FUNCTION_RUNTIME.name,
        Architectures: ['arm64'],
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        Description: spec.description,
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: logicalId(fn.logGroup) } },
      });
      const variables = (props.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'houqin', NODE_OPTIONS: '--enable-source-maps' });
      expect(variables.TABLE_NAME).toEqual(spec.binds.table ? { Ref: logicalId(stack.storage.table) } : undefined);
      expect(resource(logicalId(fn.logGroup))).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: DEFAULT_SETTINGS.logRetention },
      });
    },
  );

  it('gives every function a role without AWS managed policies', () => {
    // Assess: AWSLambdaBasicExecutionRole would let a function write to every log group.
    for (const fn of stack.functions.values()) {
      expect(resource(logicalId(fn.role)).Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('grants "*" resources to X-Ray only, and ListStreams to the stream consumer: the wildcards the checks are told to accept', () => {
    // Prepare
    const streamConsumers = FUNCTIONS.filter((f) => f.triggers.some((t) => t.kind === 'table-stream')).map((f) =>
      logicalId(built(f.name).role),
    );
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
      Properties: {
        Roles: { Ref: string }[];
        PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
      };
    }[];
    // Act
    const wildcards = policies.flatMap((p) =>
      p.Properties.PolicyDocument.Statement.filter((s) => JSON.stringify(s.Resource) === '"*"').flatMap((s) =>
        [s.Action].flat().map((action) => ({ action, roles: p.Properties.Roles.map((r) => r.Ref) })),
      ),
    );
    // Assess
    expect(wildcards.length).toBeGreaterThan(0);
    const xray = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
    expect(wildcards.filter(({ action }) => !xray.includes(action) && action !== 'dynamodb:ListStreams')).toEqual([]);
    expect(wildcards.filter(({ action }) => action === 'dynamodb:ListStreams').flatMap(({ roles }) => roles)).toEqual(
      streamConsumers,
    );
  });

  it('grants read-only functions no write action on the table', () => {
    // Prepare
    const readers = FUNCTIONS.filter((f) => f.binds.table === 'read');
    // Act
    const actions = readers.flatMap((spec) => {
      const policy = template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: logicalId(built(spec.name).role) }] },
      });
      return Object.values(policy).flatMap((p) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) => s.Action),
      );
    });
    // Assess
    expect(readers.length).toBeGreaterThan(0);
    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)Item|dynamodb:Scan/.test(a))).toEqual([]);
  });

  it('builds the table from TABLE_SHAPE: on-demand, PITR, deletion protection, encryption, retained', () => {
    // Prepare
    const keyNames = [
      TABLE_SHAPE.partitionKey,
      TABLE_SHAPE.sortKey,
      ...Object.values(TABLE_SHAPE.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
    ].map((k) => k.name);
    // Act
    const table = resource(logicalId(stack.storage.table));
    // Assess
    expect(table).toMatchObject({
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        { AttributeName: TABLE_SHAPE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE_SHAPE.sortKey.name, KeyType: 'RANGE' },
      ],
    });
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      Object.entries(TABLE_SHAPE.indexes).map(([indexName, index]) => ({
        IndexName: indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('keeps photos private, encrypted, versioned, logged and retained', () => {
    // Act
    const bucket = resource(logicalId(stack.storage.photoBucket));
    // Assess
    expect(bucket).toMatchObject({ Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' });
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack.storage.accessLogsBucket) } },
    });
  });

  it('refuses plain HTTP on both buckets', () => {
    for (const bucket of [stack.storage.photoBucket, stack.storage.accessLogsBucket]) {
      // Assess
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('has the houqin event bus with an archive', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'houqin' });
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [logicalId(stack.events.bus), 'Arn'] },
      RetentionDays: 30,
    });
  });

  it('routes every manifest HTTP trigger, each behind the authorizer but the public ones', () => {
    // Prepare
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
    const [authorizerId] = Object.keys(authorizers);
    const expected = httpRoutes().map(({ method, path }) => `${method} ${path}`);
    const publicRoutes = httpRoutes()
      .filter((route) => route.public)
      .map(({ method, path }) => `${method} ${path}`);
    // Act
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    // Assess
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(expected.sort());
    expect(publicRoutes).toEqual(['GET /v1/photo-links/{photoId}']);
    for (const route of routes) {
      if (publicRoutes.includes(route.Properties.RouteKey as string)) {
        expect(route.Properties.AuthorizationType).toBe('NONE');
        expect(route.Properties.AuthorizerId).toBeUndefined();
      } else {
        expect(route.Properties).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
      }
    }
  });

  it('sends each route to its own function', () => {
    for (const { spec, method, path } of httpRoutes()) {
      // Prepare
      const route = (Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[]).find(
        (r) => r.Properties.RouteKey === `${method} ${path}`,
      );
      const target = route?.Properties.Target as { 'Fn::Join': [string, unknown[]] };
      const integrationId = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
      // Act
      const integration = resource(integrationId).Properties;
      // Assess
      expect(integration).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [logicalId(built(spec.name).function), 'Arn'] },
      });
    }
  });

  it('runs the authorizer on every request with an Authorization header: simple responses, that identity source, no cache', () => {
    // Prepare
    const authorizerFn = built(authorizerSpec().name).function;
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      AuthorizerResultTtlInSeconds: 0,
      IdentitySource: ['$request.header.Authorization'],
    });
    const uri = JSON.stringify(
      Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0]?.Properties.AuthorizerUri,
    );
    expect(uri).toContain(logicalId(authorizerFn));
  });

  it('logs every request of the default stage as JSON and throttles it', () => {
    // Prepare
    const stage = resource(logicalId(stack.api.stage)).Properties as {
      StageName: string;
      AutoDeploy: boolean;
      DefaultRouteSettings: unknown;
      AccessLogSettings: { DestinationArn: unknown; Format: string };
    };
    // Act
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    // Assess
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: DEFAULT_SETTINGS.apiRateLimit,
        ThrottlingBurstLimit: DEFAULT_SETTINGS.apiBurstLimit,
      },
    });
    expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalId(stack.api.accessLogs), 'Arn'] });
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
    });
    expect(resource(logicalId(stack.api.accessLogs)).Properties).toMatchObject({
      RetentionInDays: DEFAULT_SETTINGS.logRetention,
    });
  });

  it('outputs what a deployment is used by', () => {
    // Assess
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual([
      'ApiUrl',
      'AppBucketName',
      'AppDistributionId',
      'AppUrl',
      'BucketName',
      'EventBusName',
      // The sender domain's DKIM records (mail through SES in the stack's region; test/infra/mail.test.ts).
      'MailDkimRecord1',
      'MailDkimRecord2',
      'MailDkimRecord3',
      'TableName',
    ]);
    template.hasOutput('TableName', { Value: { Ref: logicalId(stack.storage.table) } });
    template.hasOutput('BucketName', { Value: { Ref: logicalId(stack.storage.photoBucket) } });
    template.hasOutput('EventBusName', { Value: { Ref: logicalId(stack.events.bus) } });
  });
});
