import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import { TABLE_SHAPE } from '../../shared/db/table';
import { tableKeyScope } from '../table-keys';

/*
 * The local stack has no IAM, so a function that reads or writes a partition its role may not
 * (dynamodb:LeadingKeys, infra/table-keys.ts) would work here and fail on AWS. This check closes
 * that gap: every DynamoDB request a function makes in the local runtime is matched against the
 * partitions its manifest entry names, as IAM would match it (the item's partition key; on a
 * Query, the partition key of the index queried), and each mismatch is reported. Requests made
 * outside a function (the admin CLI, seeding, tests) are not checked: they run with an
 * operator's or a test's credentials.
 */

/** The function whose handler is running (set by the local runtime around every invocation). */
export const runningFunction = new AsyncLocalStorage<FunctionSpec>();

/** One partition a request touches, as IAM sees it. */
export interface TableAccess {
  operation: string;
  /** The index queried, when one is. */
  index?: string;
  partition: string;
  write: boolean;
}

const PARTITION_KEY = TABLE_SHAPE.partitionKey.name;
const INDEX_PARTITION_KEYS: Record<string, string> = Object.fromEntries(
  Object.entries(TABLE_SHAPE.indexes).map(([name, index]) => [name, index.partitionKey.name]),
);

type Input = Record<string, unknown>;
const partitionOf = (item: unknown): string => String((item as Input | undefined)?.[PARTITION_KEY] ?? '');

/** The partition a Query's key condition names (`<pk> = :v`, through attribute names and values). */
function queriedPartition(input: Input): string {
  const attribute = input.IndexName ? INDEX_PARTITION_KEYS[String(input.IndexName)] : PARTITION_KEY;
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const match of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const name = match[1]?.startsWith('#') ? names[match[1]] : match[1];
    if (name === attribute) return String(values[match[2] ?? ''] ?? '');
  }
  return '';
}

/**
 * The partitions a request touches (the low-level command's name, the document client's unmarshalled
 * input), as IAM evaluates dynamodb:LeadingKeys for it. A Scan names none (and is granted to no function).
 */
export function accessesOf(command: string, input: Input): TableAccess[] {
  const access = (operation: string, partition: string, write: boolean, index?: string): TableAccess => ({
    operation,
    partition,
    write,
    ...(index ? { index } : {}),
  });
  switch (command) {
    case 'GetItemCommand':
      return [access('GetItem', partitionOf(input.Key), false)];
    case 'PutItemCommand':
      return [access('PutItem', partitionOf(input.Item), true)];
    case 'UpdateItemCommand':
      return [access('UpdateItem', partitionOf(input.Key), true)];
    case 'DeleteItemCommand':
      return [access('DeleteItem', partitionOf(input.Key), true)];
    case 'QueryCommand':
      return [access('Query', queriedPartition(input), false, input.IndexName as string | undefined)];
    case 'ScanCommand':
      return [access('Scan', '', false, input.IndexName as string | undefined)];
    case 'BatchGetItemCommand':
      return Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).flatMap((request) =>
        (request.Keys ?? []).map((key) => access('BatchGetItem', partitionOf(key), false)),
      );
    case 'BatchWriteItemCommand':
      return Object.values((input.RequestItems ?? {}) as Record<string, Input[]>).flatMap((requests) =>
        requests.map((request) =>
          access(
            'BatchWriteItem',
            partitionOf(
              (request.PutRequest as Input | undefined)?.Item ?? (request.DeleteRequest as Input | undefined)?.Key,
            ),
            true,
          ),
        ),
      );
    case 'TransactWriteItemsCommand':
      return ((input.TransactItems ?? []) as Input[]).map((item) => {
        if (item.Put) return access('PutItem', partitionOf((item.Put as Input).Item), true);
        if (item.Update) return access('UpdateItem', partitionOf((item.Update as Input).Key), true);
        if (item.Delete) return access('DeleteItem', partitionOf((item.Delete as Input).Key), true);
        return access('ConditionCheckItem', partitionOf((item.ConditionCheck as Input | undefined)?.Key), false);
      });
    case 'TransactGetItemsCommand':
      return ((input.TransactItems ?? []) as Input[]).map((item) =>
        access('GetItem', partitionOf((item.Get as Input | undefined)?.Key), false),
      );
    default:
      return [];
  }
}

/** `*` matches any run of characters, as IAM's StringLike does; nothing else is special. */
export function matchesPattern(value: string, pattern: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(value);
}

/** Whether `spec`'s role may make `access` (its manifest's table binding and key scope). */
export function allowedByScope(spec: FunctionSpec, access: TableAccess): boolean {
  const scope = tableKeyScope(spec);
  if (!scope) return false;
  if (access.operation === 'Scan') return false;
  const patterns = access.write ? scope.write : [...scope.read, ...scope.write];
  return patterns.some((pattern) => matchesPattern(access.partition, pattern));
}

export interface TableAccessViolation extends TableAccess {
  function: string;
}

/**
 * Checks every request the document client sends while a manifest function runs; each request
 * outside the function's key scope is reported to `onViolation` (and still sent: the local stack
 * says what AWS would refuse, it does not refuse it).
 */
export function checkTableAccess(
  client: DynamoDBDocumentClient,
  onViolation: (violation: TableAccessViolation) => void,
  functions: readonly FunctionSpec[] = FUNCTIONS,
): void {
  const names = new Set(functions.map((spec) => spec.name));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const spec = runningFunction.getStore();
      if (spec && names.has(spec.name)) {
        for (const access of accessesOf(String(context.commandName), args.input as Input)) {
          if (!allowedByScope(spec, access)) onViolation({ function: spec.name, ...access });
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'houqinTableAccessCheck' },
  );
}
