import * as path from 'node:path';
import { Arn, type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, FilterCriteria, Runtime, StartingPosition, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogLevel, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Bindings, FunctionSpec } from '../../functions/manifest';
import { ENV } from '../../shared/config';
import { TABLE_SHAPE } from '../../shared/db/table';
import { tableKeyScope, type TableKeyScope } from '../table-keys';
import { SES_CONFIGURATION_SET_ENV } from '../../shared/reports/pipeline/config';
import { MAIL_ENV } from '../../shared/email/transport';
import type { MailBinding } from './mail';

/**
 * The newest Node.js runtime aws-cdk-lib offers (2.276: nodejs24.x). Pinned rather than
 * NODEJS_LATEST, which trails behind and changes under a deployed stack without a code change.
 */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/** The project root: entries in the manifest are relative to it, and bundling runs from it. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Rewrites a bundle's source map paths relative to the project (infra/constructs/source-map-paths.mjs). */
const SOURCE_MAP_PATHS_SCRIPT = path.join('infra', 'constructs', 'source-map-paths.mjs');

/**
 * Table actions: reading (on the table and its indexes) and writing (on the table; an index is
 * never written). Scan is left out on purpose (no request path scans), and so is DescribeTable
 * (nothing calls it). Both are granted only under a dynamodb:LeadingKeys condition (`bindTable`).
 */
const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
} as const;

/**
 * Object actions on the photo bucket (presigned POSTs and GETs are signed with these rights).
 * `put`: upload only (a presigned POST), nothing read or deleted.
 */
const BUCKET_ACTIONS = {
  read: ['s3:GetObject'],
  put: ['s3:PutObject'],
  readwrite: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
} as const;

/** How an asynchronously invoked function retries a failed event before its failure queue gets it. */
export const ASYNC_INVOKE_RETRY = {
  /** Lambda's maximum: three tries in all, about a minute and then two apart. */
  retryAttempts: 2,
  maxEventAge: Duration.hours(6),
} as const;

/** How a table-stream consumer retries a failed batch before its failure queue gets the records' positions. */
export const STREAM_RETRY = {
  retryAttempts: 5,
  /** A failing batch is halved until the record that fails is alone: one bad record holds up no others for long. */
  bisectBatchOnError: true,
} as const;

export interface HouqinFunctionProps {
  /** The manifest entry: entry file, description, memory and timeout come from here only. */
  readonly spec: FunctionSpec;
  /** How long the function's log group keeps its events. */
  readonly logRetention: RetentionDays;
  /** X-Ray active tracing; off where Lambda has no X-Ray (the China regions). @default true */
  readonly tracing?: boolean;
  /** Powertools service name (POWERTOOLS_SERVICE_NAME). @default 'houqin' */
  readonly serviceName?: string;
}

/** What `bindAll` may hand to a function; a binding without its resource is a wiring error. */
export interface BindableResources {
  readonly table?: ITable;
  readonly bucket?: IBucket;
  readonly bus?: IEventBus;
  /** The verified SES identity (an address) the system sends from. */
  readonly senderAddress?: string;
  /** How mail goes (infra/constructs/mail.ts): SES here or in another region, or SMTP. @default SES in the stack's region, no configuration set */
  readonly mail?: MailBinding;
}

/**
 * One Lambda function of the manifest, the only way the stack makes one: NodejsFunction bundled
 * by the local esbuild (minified, source maps, AWS SDK included), ARM64, the newest Node.js
 * runtime, X-Ray active (unless switched off), memory and timeout from the manifest, its own log group with a
 * retention and its own role that may write to that log group only. Each `bind…` call grants
 * IAM and sets the environment variable in one go, so a handler can never see a name it may
 * not use. Reserved concurrency only where the manifest asks for it (the authorizer): elsewhere
 * API Gateway's stage throttling and the per-token rate limit are the limits callers meet first.
 */
export class HouqinFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: HouqinFunctionProps) {
    super(scope, id);
    const { spec } = props;
    const tracing = props.tracing ?? true;
    this.spec = spec;

    // Created here, not by Lambda, so the retention is ours and the role can be scoped to it.
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });

    // Our own role instead of AWSLambdaBasicExecutionRole, whose log rights reach every log
    // group of the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Houqin ${spec.name}: runs the function, writes its own log group`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, spec.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: spec.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      ...(spec.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: spec.reservedConcurrency }),
      tracing: tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? 'houqin',
        // Stack traces point into the TypeScript sources, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        // The maps need the mappings only; the sources would double the bundle for nothing.
        sourcesContent: false,
        // esbuild speaks up for warnings and errors only, not for every bundle's size.
        logLevel: LogLevel.WARNING,
        // Prefer packages' ES module builds: esbuild tree-shakes them (a fifth off the SDK's size).
        mainFields: ['module', 'main'],
        // Bundle the AWS SDK too: the version we test is the version that runs, and a tree-shaken
        // bundle starts faster than resolving the runtime's full SDK.
        externalModules: [],
        // Never Docker: there is no Docker engine here, and the local esbuild is pinned.
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            // Files the code reads at run time (a font, a .wasm) go next to index.js, where it looks.
            ...(spec.assets ?? []).map((asset) => `cp "${path.join(inputDir, asset)}" "${outputDir}"`),
            // The source map names sources relative to the project, not to this checkout's folder:
            // the same commit gives the same asset hash on every machine (no redeploy of every function).
            `node "${path.join(inputDir, SOURCE_MAP_PATHS_SCRIPT)}" "${path.join(outputDir, 'index.js.map')}" "${inputDir}"`,
          ],
        },
      },
    });

    if (tracing) {
      // Tracing.ACTIVE adds xray:PutTraceSegments/PutTelemetryRecords on "*": X-Ray has no
      // resource-level permissions for these actions, so there is nothing narrower to grant.
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; the only "*" statement is the one Tracing.ACTIVE adds.',
      });
    } else {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaTracing',
        reason:
          'Tracing is switched off in the environment file (tracing: false): Lambda has no X-Ray in this region (the China regions).',
      });
    }
  }

  /**
   * Grants the table actions of `access`, each only on the partitions `keys` names (a
   * dynamodb:LeadingKeys condition: the partition key of every item read or written, or of the
   * index partition a Query names): reads of `keys.read` and `keys.write` on the table and on each
   * of its indexes by name (from TABLE_SHAPE, so no index wildcard), writes of `keys.write` on the
   * table. Sets TABLE_NAME. See infra/table-keys.ts.
   */
  bindTable({ table, access, keys }: { table: ITable; access: 'read' | 'readwrite'; keys: TableKeyScope }): this {
    const name = this.spec.name;
    if (keys.read.length + keys.write.length === 0)
      throw new Error(`Function ${name} binds the table but names no partitions (binds.tableKeys)`);
    if (access === 'readwrite' && keys.write.length === 0)
      throw new Error(`Function ${name} binds the table readwrite but names no partition it writes (tableKeys.write)`);
    const indexArns = Object.keys(TABLE_SHAPE.indexes).map((indexName) => `${table.tableArn}/index/${indexName}`);
    const onPartitions = (patterns: readonly string[]) => ({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...patterns] },
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...TABLE_ACTIONS.read],
        resources: [table.tableArn, ...indexArns],
        conditions: onPartitions([...keys.read, ...keys.write]),
      }),
    );
    if (access === 'readwrite')
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [...TABLE_ACTIONS.write],
          resources: [table.tableArn],
          conditions: onPartitions(keys.write),
        }),
      );
    this.function.addEnvironment(ENV.tableName, table.tableName);
    return this;
  }

  /**
   * Grants object rights of `access` on the bucket's objects (those under `prefixes` only, when
   * given) and sets BUCKET_NAME.
   */
  bindBucket({
    bucket,
    access,
    prefixes = [''],
  }: {
    bucket: IBucket;
    access: 'read' | 'put' | 'readwrite';
    prefixes?: readonly string[];
  }): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...BUCKET_ACTIONS[access]],
        resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    if (bucket.encryptionKey) {
      if (access === 'read') bucket.encryptionKey.grantDecrypt(this.role);
      else bucket.encryptionKey.grantEncryptDecrypt(this.role);
    }
    // Object keys are per school and submission, decided at run time: the object wildcard is
    // the narrowest resource there is.
    for (const prefix of prefixes)
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(bucket)}.Arn>/${prefix}*]`,
        reason: prefix
          ? `Object keys under ${prefix} are made at run time per district, school and month; access is limited to object actions under that prefix of this one bucket.`
          : 'Photo object keys are created at run time per school and submission; access is limited to object actions in this one bucket.',
      });
    this.function.addEnvironment(ENV.bucketName, bucket.bucketName);
    return this;
  }

  /** Grants events:PutEvents on the bus and sets EVENT_BUS_NAME. */
  bindBus({ bus }: { bus: IEventBus }): this {
    bus.grantPutEventsTo(this.role);
    this.function.addEnvironment(ENV.eventBusName, bus.eventBusName);
    return this;
  }

  /**
   * Lets the function send mail as `senderAddress` (SENDER_ADDRESS) the way `mail` says
   * (shared/email/transport.ts reads what is set here). Through SES: sending as the identity of the
   * address or its domain and with the configuration set (SES checks each), in the mail region
   * (MAIL_REGION when it is not the stack's), and SES_CONFIGURATION_SET. Through SMTP: reading
   * the SMTP secret only (MAIL_TRANSPORT=smtp, SMTP_SECRET_ID), no SES right at all.
   */
  bindEmail({ senderAddress, mail }: { senderAddress: string; mail?: MailBinding }): this {
    this.function.addEnvironment(ENV.senderAddress, senderAddress);
    if (mail?.transport === 'smtp' && mail.smtpSecret) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [mail.smtpSecret.grant] }),
      );
      this.function.addEnvironment(MAIL_ENV.transport, 'smtp');
      this.function.addEnvironment(MAIL_ENV.smtpSecretId, mail.smtpSecret.id);
      return this;
    }
    const stack = Stack.of(this);
    const domain = senderAddress.split('@')[1];
    const resources = mail?.sesResources.length
      ? mail.sesResources
      : [senderAddress, ...(domain ? [domain] : [])].map((identity) =>
          Arn.format({ service: 'ses', resource: 'identity', resourceName: identity }, stack),
        );
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources }));
    if (mail?.configurationSet) this.function.addEnvironment(SES_CONFIGURATION_SET_ENV, mail.configurationSet);
    if (mail?.region) this.function.addEnvironment(MAIL_ENV.region, mail.region);
    return this;
  }

  /**
   * Invokes the function with the table's stream: batches of `batchSize` records (gathered for
   * up to `maxBatchingWindowSeconds`), in order per shard, reporting failed records
   * (batchItemFailures) so only they and the records after them are retried; a batch that keeps
   * failing is bisected, and a record that still fails goes to `onFailure` (its position in the
   * stream, for a replay) so the shard moves on.
   *
   * TRIM_HORIZON: a new mapping starts from the oldest record the stream keeps (24 h), not from
   * "now". The stream is the outbox: records written before the mapping was ready, or while it
   * was being replaced, must still be announced. Announcing one twice is harmless (consumers
   * are idempotent, e.g. the alert's outbox item); never announcing it is not.
   *
   * `filters` (the manifest trigger's): Lambda's filter criteria; records matching none of them
   * never invoke the function (they cost no invocation and are not retried).
   */
  addTableStream({
    table,
    batchSize,
    maxBatchingWindowSeconds,
    filters,
    onFailure,
  }: {
    table: ITable;
    batchSize: number;
    maxBatchingWindowSeconds: number;
    filters?: readonly Readonly<Record<string, unknown>>[];
    onFailure: IQueue;
  }): this {
    this.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize,
        maxBatchingWindow: Duration.seconds(maxBatchingWindowSeconds),
        ...STREAM_RETRY,
        reportBatchItemFailures: true,
        ...(filters?.length ? { filters: filters.map((pattern) => FilterCriteria.filter(pattern)) } : {}),
        onFailure: new SqsDlq(onFailure),
      }),
    );
    // ListStreams, which the event source mapping needs, has no resource-level permissions.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Besides X-Ray, the "*" statement is dynamodb:ListStreams for the stream event source mapping: the action supports no resource-level permissions. The stream itself is read through its own ARN only.',
    });
    return this;
  }

  /**
   * Retries of an asynchronous invocation (an EventBridge rule or a Scheduler schedule invokes the
   * function so) as ASYNC_INVOKE_RETRY says, then hands the event with its error to `onFailure`.
   */
  addAsyncFailureDestination(onFailure: IQueue): this {
    this.function.configureAsyncInvoke({ ...ASYNC_INVOKE_RETRY, onFailure: new SqsDestination(onFailure) });
    return this;
  }

  /** Applies every binding the manifest declares for this function. */
  bindAll(binds: Bindings, resources: BindableResources): this {
    const missing = (what: string) => new Error(`Function ${this.spec.name} binds ${what}, but the stack passed none`);
    if (binds.table) {
      if (!resources.table) throw missing('the table');
      const keys = tableKeyScope(this.spec);
      if (!keys) throw new Error(`Function ${this.spec.name} has no table key scope`);
      this.bindTable({ table: resources.table, access: binds.table, keys });
    }
    if (binds.bucket) {
      if (!resources.bucket) throw missing('the photo bucket');
      this.bindBucket({
        bucket: resources.bucket,
        access: binds.bucket,
        ...(binds.bucketPrefix ? { prefixes: [binds.bucketPrefix].flat() } : {}),
      });
    }
    if (binds.bus) {
      if (!resources.bus) throw missing('the event bus');
      this.bindBus({ bus: resources.bus });
    }
    if (binds.email) {
      if (!resources.senderAddress) throw missing('e-mail (set the senderAddress context value)');
      this.bindEmail({ senderAddress: resources.senderAddress, ...(resources.mail ? { mail: resources.mail } : {}) });
    }
    return this;
  }

  /** The logical id cdk-nag prints for a resource in its findings. */
  private logicalIdOf(resource: IBucket): string {
    const stack = Stack.of(this);
    return stack.resolve(stack.getLogicalId(resource.node.defaultChild as CfnElement)) as string;
  }
}
