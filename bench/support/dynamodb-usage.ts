import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/*
 * Counts what a DynamoDB client consumed: every command it sends asks for
 * ReturnConsumedCapacity TOTAL, and the capacity units of each answer are summed. On DynamoDB
 * Local the units follow the same rules as on AWS (item size, transactions count double), which
 * is what the cost model needs. Optionally hands each TransactWriteItems input to `onTransactWrite`
 * (the submission bench replays them).
 *
 * DynamoDB Local reports twice what AWS bills for transactions: a 100-byte item written with
 * TransactWriteItems comes back as 4 write units, where AWS bills 2 (two per KB per item), and
 * a 3 KB one as 16 where AWS bills 8. `readUnits`/`writeUnits` are therefore AWS's figures
 * (Local's halved for TransactWriteItems and TransactGetItems); `localReadUnits`/
 * `localWriteUnits` keep what Local said.
 */

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export interface DynamoDbUsage {
  requests: number;
  /** As AWS bills them (see above). */
  readUnits: number;
  writeUnits: number;
  /** As DynamoDB Local reported them. */
  localReadUnits: number;
  localWriteUnits: number;
  /** Requests per command name (e.g. GetItemCommand, TransactWriteItemsCommand). */
  byCommand: Record<string, number>;
}

export interface UsageCounter {
  snapshot(): DynamoDbUsage;
  reset(): void;
}

const WRITE_COMMANDS = /Put|Update|Delete|TransactWrite|BatchWrite/;
const TRANSACTIONS = /^Transact(Write|Get)Items?Command$/;
/** What AWS bills for a transaction, against what DynamoDB Local reports for it. */
const LOCAL_TRANSACTION_FACTOR = 0.5;

const empty = (): DynamoDbUsage => ({
  requests: 0,
  readUnits: 0,
  writeUnits: 0,
  localReadUnits: 0,
  localWriteUnits: 0,
  byCommand: {},
});

/** Installs the counter on a client's middleware stack (the document client shares its client's stack). */
export function countDynamoDbUsage(
  client: Pick<DynamoDBDocumentClient, 'middlewareStack'>,
  options: { onTransactWrite?: (input: { TransactItems?: unknown[] }) => void } = {},
): UsageCounter {
  let usage = empty();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const commandName = context.commandName ?? 'unknown';
      if (commandName !== 'DescribeTableCommand' && commandName !== 'ListTablesCommand')
        input.ReturnConsumedCapacity ??= 'TOTAL';
      if (options.onTransactWrite && Array.isArray(input.TransactItems))
        options.onTransactWrite(structuredClone(input) as { TransactItems?: unknown[] });
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
      const consumed = output.ConsumedCapacity === undefined ? [] : [output.ConsumedCapacity].flat();
      usage.requests += 1;
      usage.byCommand[commandName] = (usage.byCommand[commandName] ?? 0) + 1;
      const factor = TRANSACTIONS.test(commandName) ? LOCAL_TRANSACTION_FACTOR : 1;
      for (const capacity of consumed) {
        let read = capacity.ReadCapacityUnits ?? 0;
        let write = capacity.WriteCapacityUnits ?? 0;
        if (!read && !write) {
          if (WRITE_COMMANDS.test(commandName)) write = capacity.CapacityUnits ?? 0;
          else read = capacity.CapacityUnits ?? 0;
        }
        usage.localReadUnits += read;
        usage.localWriteUnits += write;
        usage.readUnits += read * factor;
        usage.writeUnits += write * factor;
      }
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity', override: true },
  );
  return {
    snapshot: () => ({ ...usage, byCommand: { ...usage.byCommand } }),
    reset: () => {
      usage = empty();
    },
  };
}

/** The difference of two snapshots (what happened between them). */
export function usageBetween(before: DynamoDbUsage, after: DynamoDbUsage): DynamoDbUsage {
  const byCommand: Record<string, number> = {};
  for (const [name, count] of Object.entries(after.byCommand)) {
    const delta = count - (before.byCommand[name] ?? 0);
    if (delta) byCommand[name] = delta;
  }
  return {
    requests: after.requests - before.requests,
    readUnits: after.readUnits - before.readUnits,
    writeUnits: after.writeUnits - before.writeUnits,
    localReadUnits: after.localReadUnits - before.localReadUnits,
    localWriteUnits: after.localWriteUnits - before.localWriteUnits,
    byCommand,
  };
}
