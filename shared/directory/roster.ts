import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DEFAULT_LOCALE, localize, type Locale } from '../i18n';
import { checkSpreadsheetSize, ROSTER_LIMITS, SpreadsheetTooLargeError } from '../spreadsheets/input-limits';
import { say } from './messages';
import { CHANGEABLE_FIELDS, checkFields, directorySchemas, type SchoolKind, type ValidSchool } from './schemas';

/*
 * Reading a bureau's school roster (学校花名册) from a .csv or .xlsx file. Rosters are typed by
 * people in Excel, so the reader is forgiving about form (Chinese or English headers, a title row
 * above the header, 是/否 or Y/N, full-width characters, a 合计 row at the bottom) and strict
 * about content: every bad cell is reported with the line the user sees in Excel.
 */

export type RosterFormat = 'csv' | 'xlsx';

/** The roster columns, by the school field they fill. */
export const ROSTER_FIELDS = ['schoolId', ...CHANGEABLE_FIELDS] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];
const OPTIONAL_FIELDS: readonly RosterField[] = ['nutritionProgramme', 'registeredOn'];

/**
 * Header names each column may carry, already normalised (see `normaliseHeader`): the English
 * field names, and what Chinese rosters write.
 */
export const HEADER_NAMES: Record<RosterField, readonly string[]> = {
  schoolId: ['id', 'schoolid', '学校编号', '编号', '学校代码', '代码', '学校标识码', '标识码', '学校id'],
  name: ['name', 'schoolname', '学校名称', '名称', '学校', '校名', '学校全称'],
  kind: ['kind', 'type', 'schooltype', '类型', '学校类型', '类别', '学校类别', '办学类型'],
  students: ['students', 'studentcount', '学生数', '在校生', '在校生数', '学生人数', '在校学生数', '学生'],
  staff: ['staff', 'staffcount', '教职工数', '教职工', '教职工人数', '教职员工数'],
  hasCanteen: ['hascanteen', 'canteen', '有食堂', '食堂'],
  boarding: ['boarding', '寄宿', '住宿', '寄宿制', '有住宿', '有宿舍'],
  nutritionProgramme: ['nutritionprogramme', 'nutritionprogram', 'nutrition', '营养餐', '营养改善计划', '营养午餐'],
  registeredOn: [
    'registeredon',
    'registered',
    'registrationdate',
    '注册日期',
    '启用日期',
    '登记日期',
    '注册时间',
    '启用时间',
  ],
};

/** The header as each column is called in a Chinese roster (for messages about a missing column). */
const CHINESE_HEADER: Record<RosterField, string> = {
  schoolId: '学校编号',
  name: '学校名称',
  kind: '类型',
  students: '学生数',
  staff: '教职工数',
  hasCanteen: '有食堂',
  boarding: '寄宿',
  nutritionProgramme: '营养餐',
  registeredOn: '注册日期',
};

/** Kind values as rosters write them (normalised), by kind. */
export const KIND_NAMES: Record<SchoolKind, readonly string[]> = {
  primary: ['primary', '小学', '完小', '完全小学', '村小', '教学点'],
  middle: ['middle', '中学', '初中', '初级中学', '高中', '高级中学', '完全中学', '完中'],
  'nine-year': ['nine-year', 'nineyear', '九年制', '九年一贯制', '九年一贯制学校'],
  vocational: ['vocational', '职中', '职高', '中职', '职业中学', '职业高中', '中等职业学校', '职业学校'],
  kindergarten: ['kindergarten', '幼儿园', '幼稚园'],
  special: [
    'special',
    'specialeducation',
    '特殊教育学校',
    '特殊教育',
    '特教',
    '特教学校',
    '特校',
    '培智学校',
    '启智学校',
    '聋哑学校',
    '盲聋哑学校',
  ],
};

const YES = ['是', '有', 'true', '1', 'y', 'yes', '√', '✓', '✔'];
/** Boarding cells that mean "some students board" (寄宿：部分). */
const PARTLY = ['部分', '部分寄宿', '半寄宿', '部分住宿', 'partly', 'partial', 'part'];
const NO = ['否', '无', '没有', 'false', '0', 'n', 'no', '×', '✗', '✘'];

/** Rows a header is looked for in; a roster rarely has more than a title and a note above it. */
const HEADER_SEARCH_ROWS = 20;
/** Lines of a summary row at the bottom of a sheet, skipped rather than reported. */
const TOTAL_ROW_MARKERS = ['合计', '总计', '小计', 'total'];

/** A school read from a roster, with the line it came from. */
export type RosterRow = ValidSchool & { line: number };

/**
 * One problem in a roster: the line as the user sees it in Excel (the row number; for a CSV the
 * record number, which is the text line unless a quoted cell spans lines), or 0 for the file as a
 * whole; the school field; the column as the file names it; the reason in the caller's language.
 */
export interface RosterIssue {
  line: number;
  field: string;
  column?: string;
  reason: string;
}

/** A roster read: the good rows, and every problem found. */
export interface ParsedRoster {
  rows: RosterRow[];
  errors: RosterIssue[];
}

/** A sheet row: its line number and its cells as text. */
export interface SheetRow {
  line: number;
  cells: string[];
}

/** Header text made comparable: full-width folded, case and spaces dropped, units and markers removed. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]|【.*?】/g, '')
    .replace(/[\s_*:：-]/g, '')
    .replace(/^是否/, '');
}

/** A cell's text made comparable (full-width folded, trimmed, lowercase). */
function normaliseValue(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

const FIELD_BY_HEADER = new Map(
  ROSTER_FIELDS.flatMap((field) => HEADER_NAMES[field].map((name) => [name, field] as const)),
);
const KIND_BY_NAME = new Map(
  (Object.entries(KIND_NAMES) as [SchoolKind, readonly string[]][]).flatMap(([kind, names]) =>
    names.map((name) => [normaliseValue(name), kind] as const),
  ),
);

/** 是/否 and its variants as a boolean; anything else is left as it was, for the schema to refuse. */
export function yesNo(value: string): boolean | string {
  const normal = normaliseValue(value);
  if (YES.includes(normal)) return true;
  if (NO.includes(normal)) return false;
  return value;
}

/** A boarding cell: 是/否 and their variants as a boolean, 部分 (partly) as 'partly'; anything else stays text. */
export function toBoarding(value: string): boolean | 'partly' | string {
  return PARTLY.includes(normaliseValue(value).replace(/\s+/g, '')) ? 'partly' : yesNo(value);
}

/**
 * A date as rosters write it: 2026-09-01, 2026/9/1, 2026.9.1 or 2026年9月1日 become YYYY-MM-DD;
 * anything else stays as it is, for the schema to refuse.
 */
export function toDate(value: string): string {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value.normalize('NFKC').trim());
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : value.trim();
}

/** A kind as rosters (and the CLI's --kind) write it, e.g. 小学 or primary; unknown names stay as they are. */
export function toKind(value: string): string {
  return KIND_BY_NAME.get(normaliseValue(value).replace(/\s+/g, '')) ?? value;
}

/** "1,200", "1200人" and "１２００" are 1200; anything that is not a whole number stays text. */
function toCount(value: string): number | string {
  const normal = normaliseValue(value)
    .replace(/[,，]/g, '')
    .replace(/[人名]$/, '');
  return /^\d+(\.0+)?$/.test(normal) ? Number(normal) : value;
}

/** Turns a row's raw cells into the typed values the school schema checks (blank → absent). */
function typedCells(cells: Partial<Record<RosterField, string>>): Record<string, unknown> {
  const blank = (value: string | undefined) => value === undefined || value.trim() === '';
  const typed: Record<string, unknown> = {};
  for (const field of ROSTER_FIELDS) {
    const raw = cells[field];
    if (blank(raw)) continue;
    const value = raw as string;
    switch (field) {
      case 'kind':
        typed[field] = toKind(value);
        break;
      case 'students':
      case 'staff':
        typed[field] = toCount(value);
        break;
      case 'hasCanteen':
      case 'nutritionProgramme':
        typed[field] = yesNo(value);
        break;
      case 'boarding':
        typed[field] = toBoarding(value);
        break;
      case 'registeredOn':
        typed[field] = toDate(value);
        break;
      default:
        typed[field] = value;
    }
  }
  return typed;
}

/** Text is UTF-8 (with or without BOM) unless it is not valid UTF-8: then it is GB18030, the encoding Chinese Excel saves CSV in. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The rows of a CSV (comma or tab separated, BOM or not); a row's `line` is the one Excel shows (rosters, history files). */
export function readCsv(input: Uint8Array | string): SheetRow[] {
  const text = typeof input === 'string' ? input : decodeText(input);
  // Empty lines are kept as records so a record's number stays the row Excel shows.
  const records = parseCsv(text, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    delimiter: [',', '\t'],
    info: true,
  }) as unknown as {
    record: string[];
    info: { records: number };
  }[];
  return records.map(({ record, info }) => ({ line: info.records, cells: record }));
}

async function readXlsx(input: Uint8Array | string): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  const bytes =
    typeof input === 'string'
      ? Buffer.from(input, 'binary')
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  // The first sheet with anything on it: a bureau's workbook sometimes starts with an empty "Sheet1".
  const sheet = workbook.worksheets.find((candidate) => candidate.actualRowCount > 0);
  const rows: SheetRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      // A date cell is a Date (Excel's serial day at UTC midnight): written as the calendar date it shows.
      cells[column - 1] = cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : (cell.text ?? '');
    });
    rows.push({ line, cells: Array.from(cells, (cell) => cell ?? '') });
  });
  return rows;
}

const isBlankRow = (row: SheetRow) => row.cells.every((cell) => cell.trim() === '');

interface Header {
  line: number;
  columns: Map<RosterField, { index: number; title: string }>;
  issues: RosterIssue[];
}

/** The first row that names at least three roster columns is the header; rows above it are titles. */
function findHeader(rows: SheetRow[], locale: Locale): Header | undefined {
  for (const row of rows.filter((candidate) => !isBlankRow(candidate)).slice(0, HEADER_SEARCH_ROWS)) {
    const columns = new Map<RosterField, { index: number; title: string }>();
    const issues: RosterIssue[] = [];
    row.cells.forEach((cell, index) => {
      const field = FIELD_BY_HEADER.get(normaliseHeader(cell));
      if (!field) return;
      const earlier = columns.get(field);
      if (earlier)
        issues.push({
          line: row.line,
          field,
          column: cell.trim(),
          reason: say('repeatedColumn', locale, { column: cell.trim(), other: earlier.title }),
        });
      else columns.set(field, { index, title: cell.trim() });
    });
    if (columns.size < 3) continue;
    for (const field of ROSTER_FIELDS) {
      if (!columns.has(field) && !OPTIONAL_FIELDS.includes(field)) {
        issues.push({
          line: row.line,
          field,
          reason: say('missingColumn', locale, { column: locale === 'en' ? field : CHINESE_HEADER[field] }),
        });
      }
    }
    return { line: row.line, columns, issues };
  }
  return undefined;
}

function isTotalRow(cells: Partial<Record<RosterField, string>>, row: SheetRow): boolean {
  return !cells.schoolId?.trim() && row.cells.some((cell) => TOTAL_ROW_MARKERS.includes(normaliseValue(cell)));
}

/** Checks the data rows under a header: every bad cell and every repeated id is an issue. */
function readRows(rows: SheetRow[], header: Header, locale: Locale): ParsedRoster {
  const parsed: ParsedRoster = { rows: [], errors: [] };
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    if (row.line <= header.line || isBlankRow(row)) continue;
    const cells: Partial<Record<RosterField, string>> = {};
    for (const [field, { index }] of header.columns) cells[field] = row.cells[index];
    if (isTotalRow(cells, row)) continue;

    const checked = checkFields(directorySchemas(locale).rosterSchool, typedCells(cells), locale);
    if (!checked.ok) {
      for (const issue of checked.issues) {
        parsed.errors.push({
          line: row.line,
          field: issue.field,
          column: header.columns.get(issue.field as RosterField)?.title,
          reason: issue.reason,
        });
      }
      continue;
    }
    const school = checked.value;
    const firstLine = firstLineOf.get(school.schoolId);
    if (firstLine !== undefined) {
      const reason = say('duplicateInFile', locale, { id: school.schoolId, line: firstLine });
      parsed.errors.push({ line: row.line, field: 'schoolId', column: header.columns.get('schoolId')?.title, reason });
      continue;
    }
    firstLineOf.set(school.schoolId, row.line);
    parsed.rows.push({ ...school, line: row.line });
  }
  return parsed;
}

/** Drops `column` when the file did not name one, so issues compare and print cleanly. */
function tidy(issue: RosterIssue): RosterIssue {
  return issue.column === undefined ? { line: issue.line, field: issue.field, reason: issue.reason } : issue;
}

/**
 * Reads a roster: the header row is found (titles above it are skipped), then each line becomes
 * a school or one issue per bad cell; blank lines and a 合计/total line are skipped; a school id
 * repeated in the file is an issue on the later line. Never throws for a bad file: an unreadable
 * one is an issue on line 0.
 */
export async function parseRoster(
  input: Uint8Array | string,
  format: RosterFormat,
  options: { locale?: Locale } = {},
): Promise<ParsedRoster> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  let rows: SheetRow[];
  try {
    // Before anything is parsed or unzipped: a 200 MB sheet or a zip bomb stops here.
    await checkSpreadsheetSize(input, format, ROSTER_LIMITS);
    rows = format === 'csv' ? readCsv(input) : await readXlsx(input);
  } catch (error) {
    if (error instanceof SpreadsheetTooLargeError)
      return { rows: [], errors: [{ line: 0, field: '(file)', reason: localize(error.reason, locale) }] };
    const reason =
      format === 'csv'
        ? say('unreadableCsv', locale, { detail: (error as Error).message })
        : say('unreadableXlsx', locale);
    return { rows: [], errors: [{ line: 0, field: '(file)', reason }] };
  }
  const header = findHeader(rows, locale);
  if (!header)
    return {
      rows: [],
      errors: [{ line: 0, field: '(header)', reason: say('noHeader', locale, { rows: HEADER_SEARCH_ROWS }) }],
    };
  if (header.issues.length > 0) return { rows: [], errors: header.issues.map(tidy) };

  const parsed = readRows(rows, header, locale);
  if (parsed.rows.length === 0 && parsed.errors.length === 0)
    parsed.errors.push({ line: 0, field: '(file)', reason: say('emptyRoster', locale) });
  return { rows: parsed.rows, errors: parsed.errors.map(tidy) };
}

/** The roster format a file name implies, or undefined. */
export function rosterFormatOf(fileName: string): RosterFormat | undefined {
  const extension = /\.([^.]+)$/.exec(fileName.toLowerCase())?.[1];
  return extension === 'csv' || extension === 'xlsx' ? extension : undefined;
}
