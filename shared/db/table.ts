import { Table } from 'dynamodb-toolbox/table';
import { getDocumentClient } from '../clients';
import { ENV, requireEnv } from '../config';
import { ENTITY_ATTRIBUTE } from './keys';

/**
 * The one DynamoDB table. Its key attributes and indexes are declared here once; the CDK
 * storage construct and the local set-up both derive the physical table from `TABLE_SHAPE`.
 *
 * Overloaded generic keys: every entity computes its own `pk`/`sk` and, where an access
 * pattern needs it, `gsiNpk`/`gsiNsk` (see shared/db/entities.ts for which pattern uses which).
 */
export const TABLE_SHAPE = {
  partitionKey: { name: 'pk', type: 'string' },
  sortKey: { name: 'sk', type: 'string' },
  indexes: {
    gsi1: {
      type: 'global',
      partitionKey: { name: 'gsi1pk', type: 'string' },
      sortKey: { name: 'gsi1sk', type: 'string' },
    },
    gsi2: {
      type: 'global',
      partitionKey: { name: 'gsi2pk', type: 'string' },
      sortKey: { name: 'gsi2sk', type: 'string' },
    },
    gsi3: {
      type: 'global',
      partitionKey: { name: 'gsi3pk', type: 'string' },
      sortKey: { name: 'gsi3sk', type: 'string' },
    },
    gsi4: {
      type: 'global',
      partitionKey: { name: 'gsi4pk', type: 'string' },
      sortKey: { name: 'gsi4sk', type: 'string' },
    },
    gsi5: {
      type: 'global',
      partitionKey: { name: 'gsi5pk', type: 'string' },
      sortKey: { name: 'gsi5sk', type: 'string' },
    },
    gsi6: {
      type: 'global',
      partitionKey: { name: 'gsi6pk', type: 'string' },
      sortKey: { name: 'gsi6sk', type: 'string' },
    },
  },
} as const;

export const HouqinTable = new Table({
  name: () => requireEnv(ENV.tableName),
  ...TABLE_SHAPE,
  entityAttributeSavedAs: ENTITY_ATTRIBUTE,
  documentClient: getDocumentClient(),
});

/** CreateTable input for the emulators (on AWS the CDK storage construct builds the same shape). */
export function createTableInput(tableName: string) {
  const keyNames = [
    TABLE_SHAPE.partitionKey,
    TABLE_SHAPE.sortKey,
    ...Object.values(TABLE_SHAPE.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyNames.map((k) => ({ AttributeName: k.name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE_SHAPE.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: TABLE_SHAPE.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: Object.entries(TABLE_SHAPE.indexes).map(([indexName, index]) => ({
      IndexName: indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
