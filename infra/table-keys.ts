import type { FunctionSpec } from '../functions/manifest';

/*
 * Least privilege on the table (issue 19, point 4): the partitions each function's role may reach,
 * from its manifest binding. The CDK construct turns them into dynamodb:LeadingKeys conditions
 * (infra/constructs/houqin-function.ts); the local runtime checks every request against the same
 * scope (infra/local/table-access.ts).
 */

/** The partition patterns a function may read (reads of `write` partitions included) and write. */
export interface TableKeyScope {
  read: readonly string[];
  write: readonly string[];
}

/** The function's scope on the table, or undefined when it binds no table. */
export function tableKeyScope(spec: FunctionSpec): TableKeyScope | undefined {
  const { table, tableKeys } = spec.binds;
  if (!table) return undefined;
  const write = table === 'readwrite' ? [...(tableKeys?.write ?? [])] : [];
  const read = [...(tableKeys?.read ?? [])].filter((pattern) => !write.includes(pattern));
  return { read, write };
}
