/*
 * The history import (issue 16 point 3, shared/history): a file of 50,000 past daily canteen
 * checks (100 schools × 500 days; 5,000 with --quick) read from CSV and from .xlsx, then imported
 * into a district of DynamoDB Local (every row checked as a submission, the online submissions
 * of each school-month looked up, every record's id checked, then written in batches), then
 * imported again (writes nothing). The baseline is a bare BatchWriteItem of the very items the
 * import stored, read back and written again under new keys with the same batching: the import's
 * time over the baseline's is what checking a row costs on top of storing it. Budget: the import
 * within 3× the bare writes; the re-import within the import's time.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { row } from './support/rows';
import { round } from './support/stats';
import { createBenchDistrict, exampleOf, WORKLOAD_FORMS } from './support/workload';
import type { BenchContext, BenchSection } from './types';

/** The import's time against the bare batch writes of the same items. */
export const HISTORY_IMPORT_BUDGET = 3;
const SCHOOLS = 100;
/** The form whose history is imported: the daily check of a school with a canteen. */
const FORM = WORKLOAD_FORMS.daily;
const FORM_TYPE = FORM.id;

/** A day `index` days after 2024-01-01 (all before today, and after the earliest date the import takes). */
const dayAfter = (index: number) => new Date(Date.UTC(2024, 0, 1 + index)).toISOString().slice(0, 10);

const elapsedMs = (from: number) => performance.now() - from;

export async function run(ctx: BenchContext): Promise<BenchSection> {
  const rows = ctx.quick ? 5_000 : 50_000;
  const days = rows / SCHOOLS;
  // Loaded now: the shared modules read TABLE_NAME and the endpoints, which the runner has set.
  const { headerOf, historyColumns, choicesOf } = await import('../shared/history/columns');
  const { parseHistory } = await import('../shared/history/parse');
  const { importHistory } = await import('../shared/history/import');
  const { districtMonthPartition } = await import('../shared/db/keys');

  const district = await createBenchDistrict('history', SCHOOLS);
  const columns = historyColumns(FORM);
  // Each number as the form's valid example has it (1 for one the example leaves out).
  const example = exampleOf(FORM);
  const numberOf = (key: string) => (typeof example[key] === 'number' ? example[key] : 1);
  const valueOf = (key: string, kind: string, index: number): string | number | Date =>
    key === 'schoolId'
      ? district.schoolIds[index % SCHOOLS]!
      : key === 'date'
        ? dayAfter(Math.floor(index / SCHOOLS))
        : kind === 'number'
          ? numberOf(key)
          : (choicesOf(columns.find((column) => column.key === key)!)?.[0] ?? '');
  const table = Array.from({ length: rows }, (_, index) =>
    columns.map((column) => valueOf(column.key, column.kind, index)),
  );

  // The same rows as CSV and as .xlsx.
  const csv = Buffer.from([columns.map(headerOf).join(','), ...table.map((cells) => cells.join(','))].join('\n'));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('history');
  sheet.addRow(columns.map(headerOf));
  for (const cells of table) sheet.addRow(cells);
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  ctx.log(
    `history-import: ${rows} rows (${round(csv.length / 1024 / 1024)} MiB CSV, ${round(xlsx.length / 1024 / 1024)} MiB xlsx)`,
  );

  let started = performance.now();
  const parsedXlsx = await parseHistory(xlsx, 'xlsx', { locale: 'zh-CN' });
  const parseXlsxMs = elapsedMs(started);
  started = performance.now();
  const parsed = await parseHistory(csv, 'csv', { locale: 'zh-CN' });
  const parseCsvMs = elapsedMs(started);
  if (parsed.errors.length > 0 || parsedXlsx.rows.length !== rows)
    throw new Error(`the generated file does not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);

  started = performance.now();
  const first = await importHistory(district.districtId, parsed, { locale: 'zh-CN', file: 'bench.csv' });
  const importMs = elapsedMs(started);
  started = performance.now();
  const again = await importHistory(district.districtId, parsed, { locale: 'zh-CN', file: 'bench.csv' });
  const reimportMs = elapsedMs(started);
  if (first.imported !== rows || again.imported !== 0 || again.unchanged !== rows)
    throw new Error(`unexpected import results ${JSON.stringify({ first, again })}`);

  // The baseline: the stored items, read back (not timed), written again under new keys.
  const bare = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const items: Record<string, NativeAttributeValue>[] = [];
  const months = [...new Set(Array.from({ length: days }, (_, day) => dayAfter(day).slice(0, 7)))];
  for (const month of months) {
    let ExclusiveStartKey: Record<string, NativeAttributeValue> | undefined;
    do {
      const page = await bare.send(
        new QueryCommand({
          TableName: ctx.names.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :partition',
          ExpressionAttributeValues: {
            ':partition': districtMonthPartition(district.districtId, month),
          },
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  if (items.length !== rows) throw new Error(`read back ${items.length} items, expected ${rows}`);
  started = performance.now();
  for (let start = 0; start < items.length; start += 25) {
    let request: Record<string, { PutRequest: { Item: Record<string, NativeAttributeValue> } }[]> | undefined = {
      [ctx.names.tableName]: items
        .slice(start, start + 25)
        .map((item) => ({ PutRequest: { Item: { ...item, pk: `${String(item.pk)}#bare` } } })),
    };
    while (request && Object.keys(request).length > 0) {
      const output = await bare.send(new BatchWriteCommand({ RequestItems: request }));
      request = output.UnprocessedItems as typeof request;
    }
  }
  const bareMs = elapsedMs(started);

  const base = 'history-import';
  return {
    id: base,
    title: `History import: ${rows.toLocaleString('en')} past records (${FORM_TYPE}, ${SCHOOLS} schools × ${days} days)`,
    rows: [
      row({
        id: `${base}.rows-per-second`,
        name: 'import rate (check + store)',
        value: round(rows / (importMs / 1000), 0),
        unit: 'rows/s',
      }),
      row({
        id: `${base}.import-ms`,
        name: 'import, all rows',
        value: round(importMs, 0),
        unit: 'ms',
        baseline: round(bareMs, 0),
        budget: {
          kind: 'maxRatio',
          max: HISTORY_IMPORT_BUDGET,
          description: `≤ ${HISTORY_IMPORT_BUDGET}× a bare BatchWriteItem of the same items`,
        },
        note: 'baseline: the stored items written again with BatchWriteItem, 25 a request',
      }),
      row({
        id: `${base}.reimport-ms`,
        name: 'import of the same file again (writes nothing)',
        value: round(reimportMs, 0),
        unit: 'ms',
        baseline: round(importMs, 0),
        budget: { kind: 'maxRatio', max: 1, description: '≤ the first import' },
      }),
      row({
        id: `${base}.parse-csv-ms`,
        name: 'read the CSV',
        value: round(parseCsvMs, 0),
        unit: 'ms',
        baseline: round(importMs, 0),
        note: 'ratio: to the import',
      }),
      row({
        id: `${base}.parse-xlsx-ms`,
        name: 'read the .xlsx (streamed)',
        value: round(parseXlsxMs, 0),
        unit: 'ms',
        baseline: round(importMs, 0),
        note: 'ratio: to the import',
      }),
    ],
    usage: { submissions: rows },
    details: { rows, schools: SCHOOLS, days, csvBytes: csv.length, xlsxBytes: xlsx.length, flagged: first.flagged },
  };
}
