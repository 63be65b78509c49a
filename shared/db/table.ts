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
/** Global index `gsi<n>`: partition key `gsi<n>pk`, sort key `gsi<n>sk`, both strings. */
function globalIndex<N extends number>(n: N) {
  return {
    type: 'global',
    partitionKey: { name: `gsi${n}pk` as `gsi${N}pk`, type: 'string' },
    sortKey: { name: `gsi${n}sk` as `gsi${N}sk`, type: 'string' },
  } as const;
}

export const TABLE_SHAPE = {
  partitionKey: { name: 'pk', type: 'string' },
  sortKey: { name: 'sk', type: 'string' },
  indexes: {
    gsi1: globalIndex(1),
    gsi2: globalIndex(2),
    gsi3: globalIndex(3),
    gsi4: globalIndex(4),
    gsi5: globalIndex(5),
    gsi6: globalIndex(6),
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
