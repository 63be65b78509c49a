import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FunctionSpec } from '../../../functions/manifest';
import {
  accessesOf,
  allowedByScope,
  checkTableAccess,
  matchesPattern,
  runningFunction,
  type TableAccessViolation,
} from '../../../infra/local/table-access';

// A function of its own: reads districts and school index partitions, writes submissions.
const SPEC: FunctionSpec = {
  name: 'scoped',
  entry: 'test/scoped.ts',
  description: 'scoped',
  triggers: [],
  binds: { table: 'readwrite', tableKeys: { read: ['DISTRICT#*', 'SCHOOL#*'], write: ['SUB#*'] } },
  memoryMb: 256,
  timeoutSeconds: 5,
};

describe('local table-access check (infra/local/table-access.ts)', () => {
  it('finds the partition IAM checks: the item key, or the index partition a Query names', () => {
    // Act
    const query = accessesOf('QueryCommand', {
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
      ExpressionAttributeValues: { ':pk': 'SCHOOL#d1#s1#HAZARDS', ':sk': '2026' },
    });
    const transaction = accessesOf('TransactWriteItemsCommand', {
      TransactItems: [
        { Put: { Item: { pk: 'SUB#d1#s1#x', sk: 'SUB' } } },
        { ConditionCheck: { Key: { pk: 'DISTRICT#d1', sk: 'SCHOOL#s1' } } },
      ],
    });
    // Assess
    expect(query).toEqual([{ operation: 'Query', index: 'gsi1', partition: 'SCHOOL#d1#s1#HAZARDS', write: false }]);
    expect(transaction).toEqual([
      { operation: 'PutItem', partition: 'SUB#d1#s1#x', write: true },
      { operation: 'ConditionCheckItem', partition: 'DISTRICT#d1', write: false },
    ]);
  });

  it("matches as IAM's StringLike does and allows reads of read or write partitions, writes of write partitions only", () => {
    // Assess
    expect(matchesPattern('TOKEN#abc', 'TOKEN#*')).toBe(true);
    expect(matchesPattern('TOKENS#d1', 'TOKEN#*')).toBe(false);
    expect(matchesPattern('DISTRICTS', 'DISTRICT#*')).toBe(false);
    expect(allowedByScope(SPEC, { operation: 'GetItem', partition: 'SUB#x', write: false })).toBe(true);
    expect(allowedByScope(SPEC, { operation: 'PutItem', partition: 'SUB#x', write: true })).toBe(true);
    expect(allowedByScope(SPEC, { operation: 'PutItem', partition: 'DISTRICT#d1', write: true })).toBe(false);
    expect(allowedByScope(SPEC, { operation: 'PutItem', partition: 'TOKEN#abc', write: true })).toBe(false);
    expect(allowedByScope(SPEC, { operation: 'Scan', partition: '', write: false })).toBe(false);
  });

  it('reports each request a running function makes outside its scope, and none made outside a function', async () => {
    // Prepare: a client whose requests never leave the process.
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    );
    client.middlewareStack.add(() => async () => ({ output: { $metadata: {} } as never, response: {} }), {
      step: 'finalizeRequest',
      name: 'noNetwork',
    });
    const violations: TableAccessViolation[] = [];
    checkTableAccess(client, (violation) => violations.push(violation), [SPEC]);
    // Act
    await runningFunction.run(SPEC, async () => {
      await client.send(new GetCommand({ TableName: 't', Key: { pk: 'DISTRICT#d1', sk: 'DISTRICT' } }));
      await client.send(new PutCommand({ TableName: 't', Item: { pk: 'TOKEN#abc', sk: 'TOKEN' } }));
      await client.send(
        new QueryCommand({
          TableName: 't',
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :p',
          ExpressionAttributeValues: { ':p': 'HAZARDS#OPEN' },
        }),
      );
      await client.send(
        new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: 'SUB#1', sk: 'SUB' } } }] }),
      );
    });
    await client.send(new PutCommand({ TableName: 't', Item: { pk: 'TOKEN#by-the-cli', sk: 'TOKEN' } }));
    // Assess
    expect(violations).toEqual([
      { function: 'scoped', operation: 'PutItem', partition: 'TOKEN#abc', write: true },
      { function: 'scoped', operation: 'Query', index: 'gsi3', partition: 'HAZARDS#OPEN', write: false },
    ]);
  });
});
