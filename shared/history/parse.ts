import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { normaliseHeader, readCsv } from '../directory/roster';
import { findForm } from '../forms/catalogue';
import type { FormDefinition } from '../forms/types';
import { localize, type Locale } from '../i18n';
import { checkSpreadsheetSize, HISTORY_FILE_LIMITS, SpreadsheetTooLargeError } from '../spreadsheets/input-limits';
import {
  type Cell,
  currentForms,
  DATE_COLUMN,
  headerOf,
  type HistoryColumn,
  historyColumns,
  namesOf,
  SCHOOL_ID_COLUMN,
  toAnswer,
  toDate,
} from './columns';
import { historyText } from './messages';

/*
 * Reading a history file (.xlsx or .csv) of one form type: the header row (the first row that
 * names a school id and a date column, within the first rows), the form (the workbook's title as
 * the template writes it, the `--form` the caller gives, or else the one form whose fields the
 * headers name), then each row as a school id, a date and answers typed for the form's schema.
 * Never throws for a bad file: every problem is an issue with the row and column the user sees.
 */

export type HistoryFormat = 'csv' | 'xlsx';

/** One problem: the row as Excel numbers it (0: the file as a whole), the column as the file names it, the reason. */
export interface HistoryIssue {
  line: number;
  field: string;
  column?: string;
  reason: string;
}

/** A row read: the school, the date and the answers, not yet checked. */
export interface HistoryRow {
  line: number;
  schoolId: string;
  date: string;
  answers: Record<string, unknown>;
}

/** A file read. */
export interface ParsedHistory {
  /** The form the file is of; undefined when it could not be told. */
  form?: FormDefinition;
  rows: HistoryRow[];
  errors: HistoryIssue[];
  /** The column titles by field key, as the file writes them (for issues found later). */
  columnTitles: Record<string, string>;
}

interface SheetRow {
  line: number;
  cells: Cell[];
}

/** Rows a header is looked for in. */
const HEADER_SEARCH_ROWS = 20;

/** The format of a file by its name's extension. */
export function historyFormatOf(fileName: string): HistoryFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return extension === 'csv' || extension === 'txt' ? 'csv' : extension === 'xlsx' ? 'xlsx' : undefined;
}

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
    return value;
  if (typeof value === 'object') {
    if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
  }
  return String(value);
}

interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
  state?: string;
}

/**
 * The rows of the first visible sheet with any, and the form named by a hidden sheet (the
 * template's), read as a stream: a full read would expand the template's drop-down ranges
 * (50,000 rows a column) cell by cell, which takes seconds before the first row is read.
 */
async function readXlsx(bytes: Uint8Array): Promise<{ rows: SheetRow[]; title?: string }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    },
  );
  let rows: SheetRow[] | undefined;
  let title: string | undefined;
  for await (const sheet of reader as unknown as AsyncIterable<StreamedSheet>) {
    if (sheet.state === 'hidden') {
      if (findForm(sheet.name)) title = sheet.name;
      for await (const _row of sheet) void _row;
      continue;
    }
    const read: SheetRow[] = [];
    for await (const row of sheet) {
      if (rows) continue;
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = cellOf(cell.value);
      });
      read.push({ line: row.number, cells: Array.from(cells, (cell) => cell ?? null) });
    }
    if (!rows && read.length > 0) rows = read;
  }
  return { rows: rows ?? [], ...(title ? { title } : {}) };
}

const isBlank = (cell: Cell | undefined) =>
  cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
const textOf = (cell: Cell | undefined) =>
  cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);

/** Which form the headers name: the given one, else the one whose columns cover every header (and the most of them). */
function formOfHeaders(
  headers: string[],
  title: string | undefined,
  formType: string | undefined,
): FormDefinition | 'unknown' | 'ambiguous' {
  const named = formType ?? (title && findForm(title) ? title : undefined);
  if (named) return findForm(named) ?? 'unknown';
  const given = headers.map(normaliseHeader).filter((header) => header !== '');
  const fits = currentForms().flatMap((form) => {
    const names = historyColumns(form).map(namesOf);
    const matched = given.filter((header) => names.some((list) => list.includes(header))).length;
    return matched === given.length ? [{ form, matched, missing: names.length - matched }] : [];
  });
  const best = fits.sort((a, b) => a.missing - b.missing);
  if (best.length === 0) return 'unknown';
  if (best.length > 1 && best[0]!.missing === best[1]!.missing) return 'ambiguous';
  return best[0]!.form;
}

/**
 * Reads a history file. `formType` is the caller's `--form`, when given; otherwise the form comes
 * from the workbook's title (a template) or from the headers.
 */
export async function parseHistory(
  bytes: Uint8Array,
  format: HistoryFormat,
  options: { locale: Locale; formType?: string },
): Promise<ParsedHistory> {
  const { locale } = options;
  const fail = (reason: string, field = '(file)'): ParsedHistory => ({
    rows: [],
    errors: [{ line: 0, field, reason }],
    columnTitles: {},
  });
  let rows: SheetRow[];
  let title: string | undefined;
  try {
    // Before anything is parsed or unzipped: a 200 MB sheet or a zip bomb stops here.
    await checkSpreadsheetSize(bytes, format, HISTORY_FILE_LIMITS);
    ({ rows, title } = format === 'csv' ? { rows: readCsv(bytes), title: undefined } : await readXlsx(bytes));
  } catch (error) {
    if (error instanceof SpreadsheetTooLargeError) return fail(localize(error.reason, locale));
    return fail(historyText('unreadable', locale, { message: (error as Error).message }));
  }

  // The header: the first row naming a school id and a date column.
  const fixed = [SCHOOL_ID_COLUMN, DATE_COLUMN].map(namesOf);
  const headerRow = rows
    .slice(0, HEADER_SEARCH_ROWS)
    .find((row) => fixed.every((names) => row.cells.some((cell) => names.includes(normaliseHeader(textOf(cell))))));
  if (!headerRow) return fail(historyText('noHeader', locale, { rows: HEADER_SEARCH_ROWS }), '(header)');
  const headers = headerRow.cells.map(textOf);

  const form = formOfHeaders(headers, title, options.formType);
  if (form === 'unknown')
    return fail(
      historyText(options.formType ? 'unknownForm' : 'formNotRecognised', locale, { form: options.formType ?? '' }),
      'form',
    );
  if (form === 'ambiguous') return fail(historyText('formAmbiguous', locale), 'form');

  // Columns by header; every header must name a column of the form, once.
  const columns = historyColumns(form);
  const errors: HistoryIssue[] = [];
  const byIndex = new Map<number, HistoryColumn>();
  const columnTitles: Record<string, string> = {};
  headers.forEach((header, index) => {
    const normal = normaliseHeader(header);
    if (normal === '') return;
    const column = columns.find((candidate) => namesOf(candidate).includes(normal));
    if (!column) {
      errors.push({
        line: headerRow.line,
        field: '(header)',
        column: header.trim(),
        reason: historyText('unknownColumn', locale, {
          column: header.trim(),
          form: form.title[locale === 'en' ? 'en' : 'zh'],
        }),
      });
      return;
    }
    if (columnTitles[column.key] !== undefined) {
      errors.push({
        line: headerRow.line,
        field: column.key,
        column: header.trim(),
        reason: historyText('repeatedColumn', locale, { column: header.trim(), other: columnTitles[column.key]! }),
      });
      return;
    }
    byIndex.set(index, column);
    columnTitles[column.key] = header.trim();
  });
  for (const column of columns) {
    if (!column.optional && columnTitles[column.key] === undefined) {
      errors.push({
        line: headerRow.line,
        field: column.key,
        reason: historyText('missingColumn', locale, { column: headerOf(column) }),
      });
    }
  }
  if (errors.length > 0) return { form, rows: [], errors, columnTitles };

  const parsed: HistoryRow[] = [];
  for (const row of rows) {
    if (row.line <= headerRow.line || row.cells.every(isBlank)) continue;
    let schoolId = '';
    let date = '';
    const answers: Record<string, unknown> = {};
    for (const [index, column] of byIndex) {
      const cell = row.cells[index] ?? null;
      if (column.kind === 'schoolId') schoolId = textOf(cell).normalize('NFKC').trim();
      else if (column.kind === 'date') date = toDate(cell) ?? textOf(cell);
      else if (!isBlank(cell)) answers[column.key] = toAnswer(column, cell);
    }
    parsed.push({ line: row.line, schoolId, date, answers });
  }
  if (parsed.length === 0)
    return {
      form,
      rows: [],
      errors: [{ line: 0, field: '(file)', reason: historyText('empty', locale) }],
      columnTitles,
    };
  return { form, rows: parsed, errors: [], columnTitles };
}
