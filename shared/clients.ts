import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV } from './config';

/*
 * AWS SDK clients, one per process, created on first use and reused across invocations.
 * Endpoints come from the SDK's own service-specific variables (AWS_ENDPOINT_URL_DYNAMODB,
 * AWS_ENDPOINT_URL_S3, …), which the local stack and the tests set to the emulators.
 */
let documentClient: DynamoDBDocumentClient | undefined;

/** The DynamoDB document client (marshalling with undefined values removed). */
export function getDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5 }), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return documentClient;
}

/** Whether S3 should be addressed by path (s3rver) rather than virtual host (AWS). */
export function s3ForcePathStyle(): boolean {
  return process.env[ENV.s3ForcePathStyle] === 'true';
}
