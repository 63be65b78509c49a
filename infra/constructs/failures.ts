import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FailureQueueProps {
  /** What ends up here, for whoever reads the queue in the console. */
  readonly purpose: string;
}

/**
 * Where an asynchronous function's undeliverable or failed events end up after their retries:
 * a bus rule's or a schedule's dead-letter queue, the function's on-failure destination, or a
 * stream mapping's on-failure queue. One per function, so "what failed where" is the queue's
 * name. Encrypted (SQS-managed keys, which EventBridge and Scheduler can write to), TLS only,
 * and kept for SQS's maximum of 14 days; retained with the stack's data.
 */
export class FailureQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const reason = `This queue is itself the dead-letter queue (${props.purpose}): the end of the line, read by people, with no consumer whose failures would need another queue.`;
    Validations.of(this.queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
    Validations.of(this.queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason });
  }
}
