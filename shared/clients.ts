import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV } from './config';

/*
 * AWS SDK clients, one per process, created on first use and reused across invocations.
 * Endpoints come from the SDK's own service-specific variables (AWS_ENDPOINT_URL_DYNAMODB,
 * AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SES, AWS_ENDPOINT_URL_EVENTBRIDGE, …), which the local
 * stack and the tests set to the emulators.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let eventBridgeClient: EventBridgeClient | undefined;
const sesClients = new Map<string, SESClient>();

/** The DynamoDB document client (marshalling with undefined values removed). */
export function getDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5 }), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return documentClient;
}

/** The EventBridge client (PutEvents on the domain bus). */
export function getEventBridgeClient(): EventBridgeClient {
  eventBridgeClient ??= new EventBridgeClient({ maxAttempts: 5 });
  return eventBridgeClient;
}

/**
 * The SES (v1) client: SendRawEmail takes the MIME message we compose, attachments and all. In
 * `region` when mail goes through SES of another region (MAIL_REGION, shared/email/transport.ts);
 * undefined: the SDK's region (the function's own).
 */
export function getSesClient(region?: string): SESClient {
  let client = sesClients.get(region ?? '');
  if (!client) {
    client = new SESClient({ maxAttempts: 5, ...(region ? { region } : {}) });
    sesClients.set(region ?? '', client);
  }
  return client;
}

/** Whether S3 should be addressed by path (s3rver) rather than virtual host (AWS). */
export function s3ForcePathStyle(): boolean {
  return process.env[ENV.s3ForcePathStyle] === 'true';
}
