import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
  type CfnBucket,
} from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { TTL_ATTRIBUTE } from '../../shared/db/keys';
import { TABLE_SHAPE } from '../../shared/db/table';
import { TABLE_STREAM_VIEW_TYPE } from '../../shared/events/domain-events';
import { RULE_TARGET_RETRY } from './events';

/** A key attribute of TABLE_SHAPE as CDK spells it (every key of the model is a string). */
function keyAttribute(key: { name: string; type: 'string' }): Attribute {
  return { name: key.name, type: AttributeType.STRING };
}

/** How long the photo archive keeps things, and where it moves them (see `Storage`). */
export const PHOTO_LIFECYCLE = {
  /** Evidence older than this moves to Glacier Instant Retrieval: a cheaper class officials still open in milliseconds. */
  archiveAfter: Duration.days(180),
  archiveStorageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
  /** Multipart uploads nobody completed are aborted (their parts cost money and show nowhere). */
  abortIncompleteUploadsAfter: Duration.days(7),
  /** A replaced or deleted photo (e.g. a refused upload moved to quarantine/) can be restored for this long. */
  noncurrentVersionsExpireAfter: Duration.days(365),
  /**
   * Refused uploads (quarantine/) are kept this long for a look, then expire; their versions are
   * then kept `quarantineVersionsExpireAfter` more days and deleted for good.
   */
  quarantineExpiresAfter: Duration.days(90),
  quarantineVersionsExpireAfter: Duration.days(30),
  /** Server access logs are kept two years, then expire. */
  accessLogsExpireAfter: Duration.days(730),
} as const;

export interface StorageProps {
  /**
   * The photo archive's Object Lock default retention, governance mode: every new object version
   * is protected from deletion and overwrite for this many days (only a principal with
   * s3:BypassGovernanceRetention can lift it). Object Lock itself is enabled on the bucket
   * whatever this says, from its creation: enabling it later would replace the bucket
   * (CloudFormation's ObjectLockEnabled), whereas the default retention is a rule that can be
   * added, changed or removed in place.
   * @default undefined: Object Lock enabled, no default retention
   */
  readonly photoRetentionDays?: number;
}

/** A manifest `s3` trigger. */
export interface ObjectCreatedSpec {
  /** Only objects whose key starts with this. */
  readonly prefix: string;
}

/**
 * The data the system keeps: the one DynamoDB table and the photo archive. Both outlive the
 * stack (RETAIN, and deletion protection on the table): removing the stack must never remove
 * a district's inspection records. The table's stream (new and old images) is the outbox the
 * domain events are published from.
 *
 * The photo archive is private (public access blocked, objects owned by the bucket owner), TLS
 * only, encrypted with S3-managed keys, versioned, logged to its own access-log bucket, and
 * tiered: evidence moves to Glacier Instant Retrieval after 180 days, incomplete uploads are
 * aborted after 7, old versions expire after a year. Browsers upload to it directly with the
 * presigned POSTs the API hands out (CORS below); S3 tells EventBridge about every new object,
 * from where `addObjectCreatedRule` routes uploads to their verifier.
 */
export class Storage extends Construct {
  readonly table: Table;
  readonly photoBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  /** The EventBridge rules that route new objects to functions, by function name. */
  readonly objectCreatedRules = new Map<string, Rule>();

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    // Let S3 log delivery write through a bucket policy rather than the legacy ACL grant, which
    // buckets with ACLs disabled (the default since 2023) refuse. Set here, before any child,
    // so the flag covers these buckets whatever cdk.json says.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    // The shape is derived from the model (shared/db/table.ts), never re-typed here.
    this.table = new Table(this, 'Table', {
      partitionKey: keyAttribute(TABLE_SHAPE.partitionKey),
      sortKey: keyAttribute(TABLE_SHAPE.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      // Every write, with the item before and after: publish-domain-events turns it into events.
      stream: StreamViewType[TABLE_STREAM_VIEW_TYPE],
      // Short-lived counters (the per-token rate limit's windows) carry it and are deleted after it.
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    for (const [indexName, index] of Object.entries(TABLE_SHAPE.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: keyAttribute(index.partitionKey),
        sortKey: keyAttribute(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }

    // Server access logs of the photo bucket: who fetched or uploaded which photo, and when.
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging delivers only to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: PHOTO_LIFECYCLE.accessLogsExpireAfter,
          abortIncompleteMultipartUploadAfter: PHOTO_LIFECYCLE.abortIncompleteUploadsAfter,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.photoBucket = new Bucket(this, 'Photos', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'photos/',
      lifecycleRules: [
        {
          id: 'archive-evidence',
          prefix: 'evidence/',
          transitions: [
            { storageClass: PHOTO_LIFECYCLE.archiveStorageClass, transitionAfter: PHOTO_LIFECYCLE.archiveAfter },
          ],
        },
        {
          id: 'abort-incomplete-uploads',
          abortIncompleteMultipartUploadAfter: PHOTO_LIFECYCLE.abortIncompleteUploadsAfter,
        },
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: PHOTO_LIFECYCLE.noncurrentVersionsExpireAfter,
          expiredObjectDeleteMarker: true,
        },
        {
          id: 'expire-quarantine',
          prefix: 'quarantine/',
          expiration: PHOTO_LIFECYCLE.quarantineExpiresAfter,
          noncurrentVersionExpiration: PHOTO_LIFECYCLE.quarantineVersionsExpireAfter,
        },
      ],
      // Schools' browsers POST photos straight to the bucket. Any origin may try: what may be
      // uploaded where is decided by the signed policy of each presigned POST, not by the origin.
      cors: [
        {
          allowedMethods: [HttpMethods.POST, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: ['*'],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
      // Always on, so choosing a retention later changes a rule, not the bucket (see StorageProps).
      objectLockEnabled: true,
      ...(props.photoRetentionDays !== undefined
        ? { objectLockDefaultRetention: ObjectLockRetention.governance(Duration.days(props.photoRetentionDays)) }
        : {}),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // New objects are announced to EventBridge (the account's default bus) rather than to a
    // Lambda notification: a Lambda destination makes the bucket, the function's permission and
    // its role's policy on the bucket a dependency cycle, which CDK breaks only with a
    // custom-resource Lambda. EventBridge needs no permission on the bucket's side; rules pick
    // the prefix and retry and dead-letter like the domain bus's rules.
    (this.photoBucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    // Without a default retention the lock configuration is still stated (enabled, no rule), so
    // removing a retention from the environment file removes the rule rather than leaving it be.
    if (props.photoRetentionDays === undefined)
      (this.photoBucket.node.defaultChild as CfnBucket).objectLockConfiguration = { objectLockEnabled: 'Enabled' };
  }

  /**
   * A rule on the default event bus sending the photo bucket's `Object Created` events for keys
   * under `spec.prefix` to `fn` (asynchronously: the function's own retries and failure
   * destination apply). What EventBridge cannot deliver within RULE_TARGET_RETRY goes to
   * `deadLetterQueue`.
   */
  addObjectCreatedRule(name: string, spec: ObjectCreatedSpec, fn: IFunction, deadLetterQueue: IQueue): Rule {
    const rule = new Rule(this, `${name}-object-created`, {
      description: `Houqin: new photo bucket objects under ${spec.prefix} → ${name}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [this.photoBucket.bucketName] }, object: { key: [{ prefix: spec.prefix }] } },
      },
      targets: [new LambdaFunction(fn, { ...RULE_TARGET_RETRY, deadLetterQueue })],
    });
    this.objectCreatedRules.set(name, rule);
    return rule;
  }
}
