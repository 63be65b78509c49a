import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * An SNS topic (`Topic` in `scope`) encrypted with a key of its own (`Key`: rotated, retained)
 * that the AWS service `publisher` of this account may use, so that it can publish to the topic
 * (the AWS-managed SNS key does not let a service do so). TLS only.
 */
export function encryptedTopic(
  scope: Construct,
  props: { keyDescription: string; publisher: string; displayName: string; topicName?: string },
): { key: Key; topic: Topic } {
  const key = new Key(scope, 'Key', {
    description: props.keyDescription,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.grant(
    new ServicePrincipal(props.publisher, {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
    'kms:GenerateDataKey*',
    'kms:Decrypt',
  );
  const topic = new Topic(scope, 'Topic', {
    displayName: props.displayName,
    masterKey: key,
    enforceSSL: true,
    ...(props.topicName ? { topicName: props.topicName } : {}),
  });
  return { key, topic };
}
