import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { TABLE_SHAPE } from '../../shared/db/table';
import { TABLE_STREAM_VIEW_TYPE } from '../../shared/events/domain-events';

/** A key attribute of TABLE_SHAPE as CDK spells it (every key of the model is a string). */
function keyAttribute(key: { name: string; type: 'string' }): Attribute {
  return { name: key.name, type: AttributeType.STRING };
}

/**
 * The data the system keeps: the one DynamoDB table and the photo archive. Both outlive the
 * stack (RETAIN, and deletion protection on the table): removing the stack must never remove
 * a district's inspection records. The table's stream (new and old images) is the outbox the
 * domain events are published from.
 */
export class Storage extends Construct {
  readonly table: Table;
  readonly photoBucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string) {
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
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
