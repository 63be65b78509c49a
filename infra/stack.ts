import { CfnOutput, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { Construct, type IConstruct } from 'constructs';
import { ENV } from '../shared/config';
import { DEFAULT_LOG_RETENTION_DAYS, type Environment } from './environment';
import { authorizerSpec, FUNCTIONS, type FunctionSpec, type Trigger } from '../functions/manifest';
import { API_THROTTLE } from '../shared/http/limits';
import { Api } from './constructs/api';
import { Events, type MailFeedback } from './constructs/events';
import { DEFAULT_MAIL_SETTINGS, Mail, type MailSettings } from './constructs/mail';
import { FailureQueue } from './constructs/failures';
import { HouqinFunction } from './constructs/houqin-function';
import { Operations } from './constructs/operations';
import { Schedules } from './constructs/schedules';
import { Storage } from './constructs/storage';
import { PhotoLinkKeys } from './constructs/photo-link-keys';
import type { LinkKeyVersion } from '../shared/photos/link-keys';
import { WebApp } from './constructs/web-app';

/** The deployment's settings; `settingsFromEnvironment` reads them from `infra/environments/<name>.json` (`-c env=<name>`). */
export interface HouqinSettings {
  /** CloudFormation stack name. @default 'Houqin' */
  readonly stackName: string;
  /**
   * Verified SES identity the system sends from (SENDER_ADDRESS). Required as soon as a manifest
   * function binds e-mail (alert-officials and sweep-overdue-hazards do): the stack refuses to build without it.
   */
  readonly senderAddress?: string;
  /**
   * Who is told when something fails: the e-mail address subscribed to the operations alarms topic
   * (docs/operations.md). Required to deploy (infra/app.ts refuses to build without it); a stack
   * built without it (tests) has the topic and alarms but no subscriber.
   */
  readonly opsAddress?: string;
  /**
   * The API's public base URL (https://, e.g. a custom domain) the report mail's photo links point
   * at. @default the HTTP API's own execute-api URL
   */
  readonly publicApiUrl?: string;
  /** Retention of every log group the stack creates (functions, API access logs). 180 days by default (DEFAULT_LOG_RETENTION_DAYS). */
  readonly logRetention: RetentionDays;
  /** Default route throttling of the API stage: steady requests per second. */
  readonly apiRateLimit: number;
  /** Default route throttling of the API stage: burst. */
  readonly apiBurstLimit: number;
  /**
   * Object Lock default retention (governance mode) of the photo archive: days each new photo
   * version is protected from deletion and overwrite. None when undefined. Object Lock itself is
   * always enabled on the bucket, so setting, changing or removing this changes a rule, never the bucket.
   */
  readonly photoRetentionDays?: number;
  /** X-Ray active tracing of the functions (off where Lambda has no X-Ray: the China regions). @default true */
  readonly tracing?: boolean;
  /** How mail goes: SES in the stack's region, SES in another, or SMTP (infra/constructs/mail.ts). @default SES in the stack's region, the sender's domain as identity */
  readonly mail?: MailSettings;
  /** The photo-link key ring's versions and their status (docs/photos.md). @default one active version `v1` */
  readonly photoLinkKeys?: readonly LinkKeyVersion[];
}

export const DEFAULT_SETTINGS: HouqinSettings = {
  stackName: 'Houqin',
  logRetention: DEFAULT_LOG_RETENTION_DAYS as RetentionDays,
  tracing: true,
  apiRateLimit: API_THROTTLE.rateLimit,
  apiBurstLimit: API_THROTTLE.burstLimit,
};

export interface HouqinStackProps extends StackProps, Omit<HouqinSettings, 'stackName'> {
  /** The functions to deploy. @default FUNCTIONS, the manifest */
  readonly functions?: readonly FunctionSpec[];
}

/**
 * The whole system in one stack, built from the manifest: storage (table, photo bucket), the
 * event bus, one HouqinFunction per manifest entry with its bindings, and the HTTP API routing
 * to them. Environment-agnostic: synth needs no account, region or lookup.
 */
export class HouqinStack extends Stack {
  readonly storage: Storage;
  /** The KMS HMAC keys photo links are signed with, one per key version. */
  readonly photoLinkKeys: PhotoLinkKeys;
  readonly events: Events;
  readonly schedules: Schedules;
  /** SES's bounces and complaints of the stack's mail (when a function sends or reads them). */
  readonly mailFeedback?: MailFeedback;
  /** How mail goes (SES here or in another region, or SMTP), when a function sends or reads it. */
  readonly mail?: Mail;
  readonly api: Api;
  /** The school app on CloudFront, `/v1/*` routed to the API (issue 17). */
  readonly webApp: WebApp;
  readonly functions: ReadonlyMap<string, HouqinFunction>;
  /** The failure queue of each function fed by a rule, a schedule or the stream (dead letters, on-failure destination), by function name. */
  readonly failureQueues = new Map<string, FailureQueue>();
  /** The operations topic, the alarms and the dashboard (issue 22). */
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: HouqinStackProps) {
    // Termination protection: `cdk destroy` or a stray delete-stack cannot remove the deployment.
    super(scope, id, {
      description: 'Houqin: school logistics and safety inspections',
      terminationProtection: true,
      ...props,
    });
    Tags.of(this).add('project', 'houqin');
    const specs = props.functions ?? FUNCTIONS;

    this.storage = new Storage(this, 'Storage', { photoRetentionDays: props.photoRetentionDays });
    this.events = new Events(this, 'Events');
    this.schedules = new Schedules(this, 'Schedules');
    if (specs.some((spec) => spec.binds.email || spec.triggers.some((t) => t.kind === 'mail-feedback'))) {
      this.mail = new Mail(this, 'Mail', {
        settings: props.mail ?? DEFAULT_MAIL_SETTINGS,
        ...(props.senderAddress ? { senderAddress: props.senderAddress } : {}),
      });
      this.mailFeedback = this.mail.feedback;
    }

    this.photoLinkKeys = new PhotoLinkKeys(this, 'PhotoLinkKeys', { versions: props.photoLinkKeys });
    const functionsScope = new Construct(this, 'Functions');
    const functions = new Map<string, HouqinFunction>();
    for (const spec of specs) {
      const fn = new HouqinFunction(functionsScope, spec.name, {
        spec,
        logRetention: props.logRetention,
        tracing: props.tracing ?? true,
      });
      fn.bindAll(spec.binds, {
        table: this.storage.table,
        bucket: this.storage.photoBucket,
        bus: this.events.bus,
        senderAddress: props.senderAddress,
        ...(this.mail ? { mail: this.mail.binding } : {}),
      });
      if (spec.binds.photoLinks) this.photoLinkKeys.bind(fn, spec.binds.photoLinks);
      functions.set(spec.name, fn);
    }
    this.functions = functions;

    const authorizer = functions.get(authorizerSpec(specs).name);
    if (!authorizer) throw new Error('The authorizer function was not built');
    this.api = new Api(this, 'Api', {
      authorizer: authorizer.function,
      throttleRateLimit: props.apiRateLimit,
      throttleBurstLimit: props.apiBurstLimit,
      logRetention: props.logRetention,
    });

    // What mails links (the report's photo links) needs the public URL: the context value (a custom
    // domain) or the API's own.
    const publicApiUrl = props.publicApiUrl ?? this.api.url;
    for (const fn of functions.values()) {
      if (fn.spec.binds.email) fn.function.addEnvironment(ENV.publicApiUrl, publicApiUrl);
      for (const trigger of fn.spec.triggers) this.wireTrigger(fn, trigger);
      if (fn.spec.triggers.some((t) => invocationOf(t) === 'asynchronous')) {
        fn.addAsyncFailureDestination(this.failureQueueOf(fn).queue);
        acknowledgeDestinationOverDlq(fn);
      } else if (fn.spec.triggers.every((t) => invocationOf(t) === 'synchronous')) {
        acknowledgeSynchronous(fn);
      } else {
        acknowledgePolled(fn);
      }
    }

    this.webApp = new WebApp(this, 'WebApp', {
      apiId: this.api.httpApi.apiId,
      photoBucket: this.storage.photoBucket,
      accessLogsBucket: this.storage.accessLogsBucket,
    });

    this.operations = new Operations(this, 'Operations', {
      opsAddress: props.opsAddress,
      functions,
      failureQueues: this.failureQueues,
      api: this.api,
      sendsMail: specs.some((spec) => spec.binds.email),
      sesInRegion: this.mailFeedback !== undefined,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'AppUrl', {
      value: this.webApp.url,
      description: 'The school app (login links point here); /v1/* on it is the API',
    });
    new CfnOutput(this, 'AppBucketName', {
      value: this.webApp.bucket.bucketName,
      description: 'The app files (web/deploy.ts uploads them)',
    });
    new CfnOutput(this, 'AppDistributionId', {
      value: this.webApp.distribution.distributionId,
      description: 'The app distribution',
    });
    new CfnOutput(this, 'TableName', {
      value: this.storage.table.tableName,
      description: 'The DynamoDB table (admin CLI: --stack reads it from here)',
    });
    new CfnOutput(this, 'BucketName', {
      value: this.storage.photoBucket.bucketName,
      description: 'The photo archive bucket',
    });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName, description: 'The domain event bus' });
  }

  /** The one place a manifest trigger becomes infrastructure: a new trigger kind is a new case. */
  private wireTrigger(fn: HouqinFunction, trigger: Trigger): void {
    switch (trigger.kind) {
      case 'http':
        this.api.addRoute(trigger.method, trigger.path, fn.function, { public: trigger.public === true });
        return;
      case 'authorizer':
        return; // The Api took it at construction: it guards every route.
      case 'schedule':
        this.schedules.addLambdaSchedule(trigger, fn.function, this.failureQueueOf(fn).queue);
        return;
      case 'bus':
        this.events.addLambdaRule(trigger, fn.function, this.failureQueueOf(fn).queue);
        return;
      case 'table-stream':
        fn.addTableStream({
          table: this.storage.table,
          batchSize: trigger.batchSize,
          maxBatchingWindowSeconds: trigger.maxBatchingWindowSeconds,
          filters: trigger.filters,
          onFailure: this.failureQueueOf(fn).queue,
        });
        return;
      case 's3':
        this.storage.addObjectCreatedRule(fn.spec.name, trigger, fn.function, this.failureQueueOf(fn).queue);
        return;
      case 'mail-feedback':
        if (!this.mail) throw new Error(`No mail feedback topic for ${fn.spec.name}`);
        this.mail.addFeedbackSubscriber(fn.function, this.failureQueueOf(fn).queue);
        return;
      default:
        throw new Error(`Unknown trigger ${JSON.stringify(trigger satisfies never)} on ${fn.spec.name}`);
    }
  }

  /** The function's failure queue, created with the first trigger that needs one (a rule, a schedule, the stream, the photo bucket). */
  private failureQueueOf(fn: HouqinFunction): FailureQueue {
    let failures = this.failureQueues.get(fn.spec.name);
    if (!failures) {
      failures = new FailureQueue(fn, 'Failures', {
        purpose: `events ${fn.spec.name} could not process after its retries`,
      });
      this.failureQueues.set(fn.spec.name, failures);
    }
    return failures;
  }
}

/**
 * How a trigger invokes its function: synchronously (the caller receives the error), through an
 * event source mapping that polls and retries (a stream), or asynchronously (Lambda queues the
 * event, retries it, then hands it to the on-failure destination).
 */
function invocationOf(trigger: Trigger): 'synchronous' | 'polled' | 'asynchronous' {
  switch (trigger.kind) {
    case 'http':
    case 'authorizer':
      return 'synchronous';
    case 'table-stream':
      return 'polled';
    case 'bus':
    case 'schedule':
    case 's3':
    case 'mail-feedback':
      return 'asynchronous';
  }
}

/**
 * A function API Gateway invokes synchronously has no asynchronous event to retry or park: a
 * failure returns to the caller, so a dead-letter queue would never receive anything.
 */
function acknowledgeSynchronous(fn: HouqinFunction): void {
  const reason = `${fn.spec.name} is only invoked synchronously by API Gateway; a failure returns to the caller, there is no asynchronous event to keep.`;
  Validations.of(fn.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
}

/** A stream consumer is invoked synchronously by its event source mapping, whose on-failure queue keeps what fails. */
function acknowledgePolled(fn: HouqinFunction): void {
  const reason = `${fn.spec.name} is invoked synchronously by its DynamoDB stream event source mapping; records that keep failing go to the mapping's on-failure queue, not to a function dead-letter queue.`;
  Validations.of(fn.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
}

/** An asynchronous function keeps its failures through an on-failure destination, the successor of DeadLetterConfig. */
function acknowledgeDestinationOverDlq(fn: HouqinFunction): void {
  const reason = `${fn.spec.name} sends failed asynchronous events to an on-failure destination (its failure queue), which also records the error and the attempts; a DeadLetterConfig on top would receive the same events twice.`;
  Validations.of(fn.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
}

/**
 * The cdk-nag packs the stack must pass with no unacknowledged error: registered on the app,
 * they run at every synth (`cdk synth`, `cdk deploy`, the infra tests).
 */
export function complianceChecks(scope?: IConstruct) {
  return [new AwsSolutionsChecks(scope), new ServerlessChecks(scope)];
}

/** Registers `complianceChecks` on the app. */
export function addComplianceChecks(app: IConstruct): void {
  Validations.of(app).addPlugins(...complianceChecks(app));
}

/**
 * The stack's settings from a validated environment file (infra/environment.ts): the account and
 * region the stack is pinned to (`env`), and everything else `HouqinStack` takes.
 */
export function settingsFromEnvironment(environment: Environment): HouqinSettings & Required<Pick<StackProps, 'env'>> {
  return {
    env: { account: environment.account, region: environment.region },
    stackName: environment.stackName,
    senderAddress: environment.senderAddress,
    opsAddress: environment.opsAddress,
    publicApiUrl: environment.publicApiUrl,
    logRetention: environment.logRetentionDays as RetentionDays,
    apiRateLimit: environment.apiRateLimit,
    apiBurstLimit: environment.apiBurstLimit,
    photoRetentionDays: environment.photoRetentionDays,
    tracing: environment.tracing,
    mail: {
      transport: environment.mailTransport,
      identity: environment.mailIdentity,
      ...(environment.mailRegion ? { region: environment.mailRegion } : {}),
      ...(environment.smtpSecret ? { smtpSecret: environment.smtpSecret } : {}),
    },
    ...(environment.photoLinkKeys ? { photoLinkKeys: environment.photoLinkKeys } : {}),
  };
}
