import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/*
 * The bundle baseline of bench/bundles.ts: the least a function that writes to DynamoDB can be,
 * one PutItem through @aws-sdk/lib-dynamodb. Bundled like every function (AWS SDK included,
 * minified), it is what the functions' sizes and cold import times are compared with.
 */
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { id: string }) => {
  await client.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: event.id, sk: event.id } }));
  return { ok: true };
};
