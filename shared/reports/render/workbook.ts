import ExcelJS from 'exceljs';
import type { Locale, Text } from '../../i18n';
import type { DataQualityNote, DistrictReport, HazardLine } from '../types';
import { COVERAGE_IDS, REPORT_SECTIONS, type ReportSectionId } from '../types';
import { type FigureRow, reportFigures, type SectionFigures } from './figures';
import { formatMonth, formatNoData, reportTitle } from './format';
import { localDateTime } from '../../time';
import {
  CADENCE_LABELS,
  categoryLabel,
  figureLabel,
  COVERAGE_LABELS,
  formTitle,
  HAZARD_STATE_LABELS,
  INSURANCE_ANSWER_LABELS,
  NOTE_KIND_LABELS,
  outsideRosterText,
  say,
  SECTION_TITLES,
  severityLabel,
  YES_NO,
} from './labels';
import { workbookBytes } from '../../spreadsheets/write-workbook';

/*
 * The report as an Excel workbook officials forward and print: a summary sheet first, then one
 * sheet per section (a section with lists gets its lists, one table per sheet, so every sheet
 * has one header row to freeze, filter and repeat on printed pages), and the school-by-form-type
 * compliance sheet with a filter. Numbers stay numbers: counts as integers, rates as fractions
 * shown as percentages, dates as dates. The same report gives the same bytes.
 */

/** How a column's values are written: the cell type and its number format. */
type CellKind = 'text' | 'count' | 'quantity' | 'rate' | 'changePercent' | 'points' | 'date';

type CellValue = string | number | null;

/** One column of a table sheet. */
interface Column<R> {
  header: Text;
  /** The cell kind, or the row's when a column mixes kinds (the summary's figures). */
  kind: CellKind | ((row: R) => CellKind);
  value: (row: R) => CellValue;
  /** A number format other than the kind's (a target's "≥ "). */
  format?: (row: R) => string | undefined;
  /** Long free text: wrapped, width capped. */
  wide?: boolean;
}

const NUMBER_FORMATS: Record<Exclude<CellKind, 'text'>, (locale: Locale) => string> = {
  count: () => '#,##0',
  quantity: () => '#,##0.00',
  rate: () => '0.0%',
  changePercent: () => '+0.0%;-0.0%;0.0%',
  points: (locale) =>
    locale === 'en' ? '+0.00" pp";-0.00" pp";0.00" pp"' : '+0.00"个百分点";-0.00"个百分点";0.00"个百分点"',
  date: () => 'yyyy-mm-dd',
};

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
const FONT_NAME = 'Microsoft YaHei';
const MIN_WIDTH = 6;
const MAX_WIDTH = 48;
const MAX_WIDE_WIDTH = 60;

/** Excel's forbidden sheet-name characters and its 31-character limit. */
export function sheetName(name: string): string {
  return (
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet'
  );
}

/** How wide text shows in Excel's character units: CJK and other full-width characters count double. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width +=
      code >= 0x1100 &&
      (code <= 0x115f ||
        (code >= 0x2e80 && code <= 0xa4cf) ||
        (code >= 0xac00 && code <= 0xd7a3) ||
        (code >= 0xf900 && code <= 0xfaff) ||
        (code >= 0xfe30 && code <= 0xfe4f) ||
        (code >= 0xff00 && code <= 0xff60) ||
        (code >= 0xffe0 && code <= 0xffe6) ||
        code >= 0x20000)
        ? 2
        : 1;
  }
  return width;
}

/** A number as the cell will show it, near enough to size the column. */
function shownLength(value: CellValue, kind: CellKind): number {
  if (value === null) return 0;
  if (typeof value === 'string') return displayWidth(value);
  switch (kind) {
    case 'rate':
    case 'changePercent':
      return (value * 100).toFixed(1).length + 2;
    case 'date':
      return 10;
    case 'points':
      return value.toFixed(2).length + 6;
    default: {
      const digits = Math.round(Math.abs(value)).toString().length;
      return digits + Math.floor((digits - 1) / 3) + (kind === 'quantity' ? 3 : 0) + (value < 0 ? 1 : 0);
    }
  }
}

const dateCell = (date: string | null): Date | null =>
  date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00.000Z`) : null;

/** Writes `rows` as one table: bold frozen header, number formats, fitted widths, print set-up. */
function addTable<R>(
  workbook: ExcelJS.Workbook,
  locale: Locale,
  title: string,
  name: string,
  columns: Column<R>[],
  rows: readonly R[],
  options: { autoFilter?: boolean } = {},
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(sheetName(name), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
    headerFooter: { oddHeader: `&C${title.replace(/&/g, '&&')}`, oddFooter: '&C&P / &N' },
  });
  const headers = columns.map((column) => say(column.header, locale));
  const header = sheet.addRow(headers);
  header.font = { name: FONT_NAME, bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8899AA' } } };
  });

  const widths = headers.map((text) => displayWidth(text));
  for (const row of rows) {
    const kinds = columns.map((column) => (typeof column.kind === 'function' ? column.kind(row) : column.kind));
    const raw = columns.map((column) => column.value(row));
    const written = raw.map((value, index) => {
      if (kinds[index] === 'date') return dateCell(typeof value === 'string' ? value : null);
      // The report keeps changes in % (12.34); Excel shows a fraction as a percentage.
      if (kinds[index] === 'changePercent' && typeof value === 'number') return Math.round(value * 100) / 10_000;
      return value;
    });
    const added = sheet.addRow(written);
    added.font = { name: FONT_NAME };
    columns.forEach((column, index) => {
      const kind = kinds[index]!;
      const cell = added.getCell(index + 1);
      const format = column.format?.(row) ?? (kind === 'text' ? undefined : NUMBER_FORMATS[kind](locale));
      if (format && (typeof written[index] === 'number' || written[index] instanceof Date)) cell.numFmt = format;
      if (column.wide) cell.alignment = { wrapText: true, vertical: 'top' };
      widths[index] = Math.max(widths[index]!, shownLength(raw[index] ?? null, kind));
    });
  }
  columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = Math.min(Math.max(widths[index]! + 2, MIN_WIDTH), column.wide ? MAX_WIDE_WIDTH : MAX_WIDTH);
  });
  if (options.autoFilter && columns.length > 0) {
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: Math.max(rows.length + 1, 1), column: columns.length },
    };
  }
  return sheet;
}

const yesNo = (value: boolean | null, locale: Locale): string | null =>
  value === null ? null : say(value ? YES_NO.yes : YES_NO.no, locale);

// ---------------------------------------------------------------------------------------------
// Figure tables: the summary and the sections without lists of their own

/** A row of a figure table: a figure row with its section and group. */
interface FigureLine {
  section: string;
  group: string | null;
  row: FigureRow;
  /** A text the report has at the row's path instead of a number (the district's name, the month). */
  text?: string;
}

function targetFormat(line: FigureLine, locale: Locale): string | undefined {
  const target = line.row.target;
  if (!target) return undefined;
  const sign = target.direction === 'atMost' ? '"≤ "' : '"≥ "';
  if (target.percent) return `${sign}0.0%`;
  return `${sign}${NUMBER_FORMATS[line.row.kind](locale)}`;
}

function figureColumns(locale: Locale, withSection: boolean): Column<FigureLine>[] {
  const columns: Column<FigureLine>[] = [
    { header: { zh: '分项', en: 'Part' }, kind: 'text', value: (line) => line.group },
    { header: { zh: '指标', en: 'Figure' }, kind: 'text', value: (line) => line.row.label },
    { header: { zh: '单位', en: 'Unit' }, kind: 'text', value: (line) => line.row.unit },
    {
      header: { zh: '本月', en: 'This month' },
      kind: (line) => (line.text === undefined ? line.row.kind : 'text'),
      value: (line) => line.text ?? line.row.current.value,
    },
    {
      header: { zh: '分子', en: 'Numerator' },
      kind: 'count',
      value: (line) => line.row.parts?.numerator.value ?? null,
    },
    {
      header: { zh: '分母', en: 'Denominator' },
      kind: 'count',
      value: (line) => line.row.parts?.denominator.value ?? null,
    },
    // No data a year earlier reads "—（无数据）", never an empty cell that could pass for 0.
    {
      header: { zh: '去年同期', en: 'A year earlier' },
      kind: (line) => (line.row.previousYear && line.row.previousYear.value === null ? 'text' : line.row.kind),
      value: (line) => (line.row.previousYear ? (line.row.previousYear.value ?? formatNoData(locale)) : null),
    },
    // A change in % of a value, or in percentage points of a rate.
    {
      header: { zh: '同比变化', en: 'Change' },
      kind: (line) => line.row.change?.kind ?? 'text',
      value: (line) => line.row.change?.value ?? null,
    },
    {
      header: { zh: '目标', en: 'Target' },
      // A reduction target (15 for −15 %) is a percentage like a change.
      kind: (line) => (line.row.target?.percent ? 'changePercent' : line.row.kind),
      value: (line) => line.row.target?.target.value ?? null,
      format: (line) => targetFormat(line, locale),
    },
    {
      header: { zh: '是否达标', en: 'Target met' },
      kind: 'text',
      value: (line) => (line.row.target ? (yesNo(line.row.target.met, locale) ?? formatNoData(locale)) : null),
    },
  ];
  return withSection
    ? [{ header: { zh: '板块', en: 'Section' }, kind: 'text', value: (line) => line.section }, ...columns]
    : columns;
}

function figureLines(sections: SectionFigures[]): FigureLine[] {
  return sections.flatMap((section) =>
    section.groups.flatMap((group) => group.rows.map((row) => ({ section: section.title, group: group.title, row }))),
  );
}

// ---------------------------------------------------------------------------------------------
// The sheets

const SCHOOL_ID: Text = { zh: '学校编号', en: 'School id' };
const SCHOOL: Text = { zh: '学校', en: 'School' };

/** The summary sheet's rows, in order; each knows the path of its figure in the report JSON (never written to the sheet). */
function summaryLines(report: DistrictReport, locale: Locale, sections: SectionFigures[]): FigureLine[] {
  const info = say({ zh: '报告信息', en: 'Report' }, locale);
  const line = (label: Text, path: string, value: number, kind: 'count' = 'count'): FigureLine => ({
    section: info,
    group: null,
    row: { label: say(label, locale), unit: null, kind, current: { path, value } },
  });
  const text = (label: Text, path: string, value: string): FigureLine => ({ ...line(label, path, 0), text: value });
  const { sources } = report;
  const lines: FigureLine[] = [
    text({ zh: '区县', en: 'District' }, 'district.name', report.district.name),
    text({ zh: '统计月份', en: 'Month' }, 'month', report.month),
    text({ zh: '同比月份', en: 'Compared with' }, 'previousYearMonth', report.previousYearMonth),
    // In the district's own time, as its officials read a clock (the JSON keeps the UTC instant).
    text(
      { zh: `生成时间（${report.district.timezone}）`, en: `Produced (${report.district.timezone})` },
      'producedAt',
      localDateTime(report.district.timezone, new Date(report.producedAt)),
    ),
    line({ zh: '名册学校', en: 'Schools in the roster' }, 'sources.schoolsInRoster', sources.schoolsInRoster),
    line(
      { zh: '月末前已注册的学校', en: 'Schools registered by the month end' },
      'sources.schoolsRegistered',
      sources.schoolsRegistered,
    ),
    line({ zh: '纳入统计的学校', en: 'Schools counted' }, 'sources.schoolsCounted', sources.schoolsCounted),
    line(
      { zh: '本月提交（全部）', en: 'Submissions stored' },
      'sources.submissions.stored',
      sources.submissions.stored,
    ),
    line(
      { zh: '本月提交（有效）', en: 'Submissions counted' },
      'sources.submissions.current',
      sources.submissions.current,
    ),
    line(
      { zh: '被更正替代的提交', en: 'Superseded by a correction' },
      'sources.submissions.superseded',
      sources.submissions.superseded,
    ),
    line(
      { zh: '未计入的提交（见数据质量）', en: 'Not counted (see data quality)' },
      'sources.submissions.outsideRoster',
      sources.submissions.outsideRoster,
    ),
    ...figureLines(sections),
  ];
  return lines;
}

/**
 * Where each row of the summary sheet (after its header) takes its figure from in the report
 * JSON, in row order: for tools and tests that cross-check the sheet against the report. The
 * workbook itself shows no JSON paths.
 */
export function summaryFigurePaths(report: DistrictReport, locale: Locale): string[] {
  return summaryLines(report, locale, reportFigures(report, locale)).map((line) => line.row.current.path);
}

function summarySheet(
  workbook: ExcelJS.Workbook,
  report: DistrictReport,
  locale: Locale,
  title: string,
  sections: SectionFigures[],
): void {
  const lines = summaryLines(report, locale, sections);
  const sheet = addTable(
    workbook,
    locale,
    title,
    say({ zh: '概览', en: 'Summary' }, locale),
    figureColumns(locale, true),
    lines,
  );
  sheet.properties.tabColor = { argb: 'FF3B7DDD' };
}

function complianceSheets(workbook: ExcelJS.Workbook, report: DistrictReport, locale: Locale, title: string): void {
  const section = report.sections.compliance;
  const below = new Set(section.belowThreshold.map((school) => school.schoolId));
  const silent = new Set(section.notReporting.map((school) => school.schoolId));
  type SchoolRow = (typeof section.schools)[number];
  addTable<SchoolRow>(
    workbook,
    locale,
    title,
    say(SECTION_TITLES.compliance, locale),
    [
      { header: SCHOOL_ID, kind: 'text', value: (row) => row.schoolId },
      { header: SCHOOL, kind: 'text', value: (row) => row.name },
      { header: { zh: '应交', en: 'Expected' }, kind: 'count', value: (row) => row.compliance.denominator },
      { header: { zh: '已交', en: 'Submitted' }, kind: 'count', value: (row) => row.compliance.numerator },
      { header: { zh: '完成率', en: 'Compliance' }, kind: 'rate', value: (row) => row.compliance.rate },
      { header: { zh: '收到份数', en: 'Received' }, kind: 'count', value: (row) => row.received },
      {
        header: { zh: '低于阈值', en: 'Below threshold' },
        kind: 'text',
        value: (row) => yesNo(below.has(row.schoolId), locale),
      },
      {
        header: { zh: '本月未上报', en: 'Not reporting' },
        kind: 'text',
        value: (row) => yesNo(silent.has(row.schoolId), locale),
      },
      { header: { zh: '应交起始日', en: 'Expected from' }, kind: 'date', value: (row) => row.registeredOn },
      {
        header: { zh: '本月新增', en: 'New this month' },
        kind: 'text',
        value: (row) => yesNo(row.newThisMonth, locale),
      },
    ],
    section.schools,
  );

  type FormRow = { school: SchoolRow; form: SchoolRow['forms'][number] };
  const formRows: FormRow[] = section.schools.flatMap((school) => school.forms.map((form) => ({ school, form })));
  addTable<FormRow>(
    workbook,
    locale,
    title,
    say({ zh: '完成率明细', en: 'Compliance by form' }, locale),
    [
      { header: SCHOOL_ID, kind: 'text', value: (row) => row.school.schoolId },
      { header: SCHOOL, kind: 'text', value: (row) => row.school.name },
      { header: { zh: '检查表', en: 'Form type' }, kind: 'text', value: (row) => formTitle(row.form.formType, locale) },
      {
        header: { zh: '频次', en: 'Cadence' },
        kind: 'text',
        value: (row) => say(CADENCE_LABELS[row.form.cadence], locale),
      },
      { header: { zh: '应交', en: 'Expected' }, kind: 'count', value: (row) => row.form.compliance.denominator },
      { header: { zh: '已交', en: 'Submitted' }, kind: 'count', value: (row) => row.form.compliance.numerator },
      { header: { zh: '完成率', en: 'Compliance' }, kind: 'rate', value: (row) => row.form.compliance.rate },
      { header: { zh: '收到份数', en: 'Received' }, kind: 'count', value: (row) => row.form.received },
      { header: { zh: '检查表编号', en: 'Form id' }, kind: 'text', value: (row) => row.form.formType },
    ],
    formRows,
    { autoFilter: true },
  );
}

function hazardSheets(workbook: ExcelJS.Workbook, report: DistrictReport, locale: Locale, title: string): void {
  const section = report.sections.hazards;
  const critical = new Set(section.critical.map((line) => line.hazardId));
  const overdue = new Set(section.overdue.map((line) => line.hazardId));
  const lines: HazardLine[] = [...section.critical, ...section.overdue.filter((line) => !critical.has(line.hazardId))];
  addTable<HazardLine>(
    workbook,
    locale,
    title,
    say(SECTION_TITLES.hazards, locale),
    [
      { header: { zh: '隐患编号', en: 'Hazard id' }, kind: 'text', value: (line) => line.hazardId },
      { header: SCHOOL_ID, kind: 'text', value: (line) => line.schoolId },
      { header: SCHOOL, kind: 'text', value: (line) => line.schoolName || line.schoolId },
      { header: { zh: '等级', en: 'Severity' }, kind: 'text', value: (line) => severityLabel(line.severity, locale) },
      { header: { zh: '类别', en: 'Category' }, kind: 'text', value: (line) => categoryLabel(line.category, locale) },
      { header: { zh: '隐患', en: 'Hazard' }, kind: 'text', value: (line) => say(line.title, locale), wide: true },
      { header: { zh: '地点', en: 'Place' }, kind: 'text', value: (line) => line.place },
      { header: { zh: '情况说明', en: 'Details' }, kind: 'text', value: (line) => line.description, wide: true },
      {
        header: { zh: '来源检查表', en: 'Raised by' },
        kind: 'text',
        value: (line) => formTitle(line.formType, locale),
      },
      { header: { zh: '发现日期', en: 'Found on' }, kind: 'date', value: (line) => line.foundOn },
      { header: { zh: '整改期限', en: 'Due' }, kind: 'date', value: (line) => line.dueDate },
      {
        header: { zh: '月末状态', en: 'State at month end' },
        kind: 'text',
        value: (line) => say(HAZARD_STATE_LABELS[line.stateAtMonthEnd], locale),
      },
      { header: { zh: '逾期天数', en: 'Days overdue' }, kind: 'count', value: (line) => line.daysOverdue },
      {
        header: { zh: '重大隐患', en: 'Critical' },
        kind: 'text',
        value: (line) => yesNo(critical.has(line.hazardId), locale),
      },
      {
        header: { zh: '逾期未整改', en: 'Overdue' },
        kind: 'text',
        value: (line) => yesNo(overdue.has(line.hazardId), locale),
      },
    ],
    lines,
  );

  addTable(
    workbook,
    locale,
    title,
    say({ zh: '各校隐患', en: 'Hazards by school' }, locale),
    [
      { header: SCHOOL_ID, kind: 'text', value: (row) => row.schoolId },
      { header: SCHOOL, kind: 'text', value: (row) => row.name },
      { header: { zh: '本月发现', en: 'Found this month' }, kind: 'count', value: (row) => row.found },
      { header: { zh: '月末未整改', en: 'Open at month end' }, kind: 'count', value: (row) => row.open },
      { header: { zh: '月末逾期', en: 'Overdue at month end' }, kind: 'count', value: (row) => row.overdue },
      { header: { zh: '最长逾期天数', en: 'Most days overdue' }, kind: 'count', value: (row) => row.maxDaysOverdue },
    ],
    section.schools,
  );
}

function canteenSheet(workbook: ExcelJS.Workbook, report: DistrictReport, locale: Locale, title: string): void {
  addTable(
    workbook,
    locale,
    title,
    say(SECTION_TITLES.canteen, locale),
    [
      { header: SCHOOL_ID, kind: 'text', value: (row) => row.schoolId },
      { header: SCHOOL, kind: 'text', value: (row) => row.name },
      { header: { zh: '检查次数', en: 'Checks' }, kind: 'count', value: (row) => row.checks },
      { header: { zh: '留样合规率', en: 'Samples retained' }, kind: 'rate', value: (row) => row.sampleRetention.rate },
      {
        header: { zh: '持证上岗合规率', en: 'Staff certified' },
        kind: 'rate',
        value: (row) => row.healthCertificates.rate,
      },
      {
        header: { zh: '餐具消毒合规率', en: 'Tableware disinfected' },
        kind: 'rate',
        value: (row) => row.disinfection.rate,
      },
      { header: { zh: '供餐份数', en: 'Meals served' }, kind: 'count', value: (row) => row.mealsServed },
      { header: { zh: '食物浪费（千克）', en: 'Food waste (kg)' }, kind: 'quantity', value: (row) => row.foodWasteKg },
    ],
    report.sections.canteen.schools,
  );
}

function insuranceSheet(workbook: ExcelJS.Workbook, report: DistrictReport, locale: Locale, title: string): void {
  type Row = DistrictReport['sections']['insurance']['schools'][number];
  const coverageColumns = COVERAGE_IDS.flatMap((coverage): Column<Row>[] => {
    const name = say(COVERAGE_LABELS[coverage], locale);
    return [
      {
        header: { zh: `${name}参保人数`, en: `${name}: covered` },
        kind: 'count',
        value: (row) => row.coverages[coverage].numerator,
      },
      {
        header: { zh: `${name}参保率`, en: `${name}: rate` },
        kind: 'rate',
        value: (row) => row.coverages[coverage].rate,
      },
    ];
  });
  addTable<Row>(
    workbook,
    locale,
    title,
    say(SECTION_TITLES.insurance, locale),
    [
      { header: SCHOOL_ID, kind: 'text', value: (row) => row.schoolId },
      { header: SCHOOL, kind: 'text', value: (row) => row.name },
      { header: { zh: '在校学生', en: 'Students enrolled' }, kind: 'count', value: (row) => row.studentsEnrolled },
      ...coverageColumns,
      {
        header: { zh: '食品安全责任险', en: 'Food-safety liability' },
        kind: 'text',
        value: (row) => say(INSURANCE_ANSWER_LABELS[row.canteenFoodSafetyLiability], locale),
      },
      {
        header: { zh: '实习保险', en: 'Internship insurance' },
        kind: 'text',
        value: (row) => say(INSURANCE_ANSWER_LABELS[row.internshipInsurance], locale),
      },
    ],
    report.sections.insurance.schools,
  );
}

function energySheet(workbook: ExcelJS.Workbook, report: DistrictReport, locale: Locale, title: string): void {
  addTable(
    workbook,
    locale,
    title,
    say(SECTION_TITLES.energy, locale),
    [
      { header: SCHOOL_ID, kind: 'text', value: (row) => row.schoolId },
      { header: SCHOOL, kind: 'text', value: (row) => row.name },
      {
        header: { zh: '用电（千瓦时）', en: 'Electricity (kWh)' },
        kind: 'quantity',
        value: (row) => row.electricityKwh,
      },
      {
        header: { zh: '去年同期用电', en: 'A year earlier (kWh)' },
        kind: 'quantity',
        value: (row) => row.previousYearElectricityKwh,
      },
      {
        header: { zh: '用电同比', en: 'Electricity change' },
        kind: 'changePercent',
        value: (row) => row.electricityChangePercent,
      },
      { header: { zh: '用水（立方米）', en: 'Water (m³)' }, kind: 'quantity', value: (row) => row.waterM3 },
      {
        header: { zh: '去年同期用水', en: 'A year earlier (m³)' },
        kind: 'quantity',
        value: (row) => row.previousYearWaterM3,
      },
      { header: { zh: '用水同比', en: 'Water change' }, kind: 'changePercent', value: (row) => row.waterChangePercent },
    ],
    report.sections.energy.schools,
  );
}

function figureSheet(
  workbook: ExcelJS.Workbook,
  locale: Locale,
  title: string,
  section: SectionFigures,
  extra: FigureLine[] = [],
): void {
  addTable(workbook, locale, title, section.title, figureColumns(locale, false), [...figureLines([section]), ...extra]);
}

function noteDetail(note: DataQualityNote, locale: Locale): string {
  const en = locale === 'en';
  switch (note.kind) {
    case 'national-calendar':
    case 'quality-flag':
      return say(note.message, locale);
    case 'late-submissions':
      return en ? `Up to ${note.maxDaysLate} days late` : `最长逾期 ${note.maxDaysLate} 天`;
    case 'duplicate-statement':
      return en
        ? `Only the latest counts (${note.countedSubmissionId})`
        : `仅计入最新一份（${note.countedSubmissionId}）`;
    case 'outside-roster':
      return outsideRosterText(note, locale);
    case 'photo-reused':
      return en
        ? `Photo ${note.photoId} repeats ${note.duplicateOf}`
        : `照片 ${note.photoId} 与 ${note.duplicateOf} 相同`;
    case 'photo-quarantined':
      return en
        ? `Photo ${note.photoId} quarantined${note.reason ? `: ${note.reason}` : ''}`
        : `照片 ${note.photoId} 已隔离${note.reason ? `：${note.reason}` : ''}`;
    case 'alerts-held':
      return en
        ? `Critical-hazard alerts over the hourly budget in ${note.hours} ${note.hours === 1 ? 'hour' : 'hours'}, mailed in the hour's digest${note.byDistrictBudget ? ` (${note.byDistrictBudget} when the district's budget was spent)` : ''}`
        : `${note.hours} 个小时内重大隐患提醒超出每小时上限，已并入该小时的汇总邮件${note.byDistrictBudget ? `（其中 ${note.byDistrictBudget} 条因全区县上限已满）` : ''}`;
  }
}

function dataQualitySheets(workbook: ExcelJS.Workbook, report: DistrictReport, locale: Locale, title: string): void {
  const { photos, dataQuality } = report.sections.photosDataQuality;
  addTable<DataQualityNote>(
    workbook,
    locale,
    title,
    say({ zh: '数据质量', en: 'Data quality' }, locale),
    [
      { header: { zh: '类型', en: 'Kind' }, kind: 'text', value: (note) => say(NOTE_KIND_LABELS[note.kind], locale) },
      { header: SCHOOL_ID, kind: 'text', value: (note) => ('schoolId' in note ? note.schoolId : null) },
      { header: SCHOOL, kind: 'text', value: (note) => ('name' in note ? note.name : null) },
      {
        header: { zh: '检查表', en: 'Form type' },
        kind: 'text',
        value: (note) => ('formType' in note ? formTitle(note.formType, locale) : null),
      },
      { header: { zh: '日期', en: 'Date' }, kind: 'date', value: (note) => ('date' in note ? note.date : null) },
      { header: { zh: '份数', en: 'Count' }, kind: 'count', value: (note) => ('count' in note ? note.count : null) },
      { header: { zh: '说明', en: 'Details' }, kind: 'text', value: (note) => noteDetail(note, locale), wide: true },
    ],
    dataQuality.notes,
  );
  addTable(
    workbook,
    locale,
    title,
    say({ zh: '各校照片', en: 'Photos by school' }, locale),
    [
      { header: SCHOOL_ID, kind: 'text', value: (row) => row.schoolId },
      { header: SCHOOL, kind: 'text', value: (row) => row.name },
      { header: { zh: '本月归档照片', en: 'Photos archived' }, kind: 'count', value: (row) => row.archived },
    ],
    photos.bySchool,
  );
}

function formFiguresSheet(workbook: ExcelJS.Workbook, report: DistrictReport, locale: Locale, title: string): void {
  type Row = {
    section: string;
    formType: string;
    submissions: number;
    schools: number;
    figure: { id: string; aggregate: string; value: number | null; values: number };
  };
  // The sections that hold forms' figures: all but compliance and photos/data quality, in the report's order.
  const sections = REPORT_SECTIONS.filter(
    (id): id is Exclude<ReportSectionId, 'compliance' | 'photosDataQuality'> =>
      id !== 'compliance' && id !== 'photosDataQuality',
  );
  const rows: Row[] = sections.flatMap((id) =>
    report.sections[id].forms.flatMap((form) =>
      form.figures.map((figure) => ({
        section: say(SECTION_TITLES[id], locale),
        formType: form.formType,
        submissions: form.submissions,
        schools: form.schools,
        figure,
      })),
    ),
  );
  const aggregates: Record<string, Text> = {
    sum: { zh: '合计', en: 'Sum' },
    count: { zh: '计数', en: 'Count' },
    min: { zh: '最小', en: 'Minimum' },
    max: { zh: '最大', en: 'Maximum' },
    mean: { zh: '平均', en: 'Mean' },
  };
  addTable<Row>(
    workbook,
    locale,
    title,
    say({ zh: '检查表指标', en: 'Form figures' }, locale),
    [
      { header: { zh: '板块', en: 'Section' }, kind: 'text', value: (row) => row.section },
      { header: { zh: '检查表', en: 'Form type' }, kind: 'text', value: (row) => formTitle(row.formType, locale) },
      {
        header: { zh: '指标', en: 'Figure' },
        kind: 'text',
        value: (row) => figureLabel(row.formType, row.figure.id, locale).label,
      },
      {
        header: { zh: '单位', en: 'Unit' },
        kind: 'text',
        value: (row) => figureLabel(row.formType, row.figure.id, locale).unit,
      },
      {
        header: { zh: '汇总方式', en: 'Aggregate' },
        kind: 'text',
        value: (row) =>
          aggregates[row.figure.aggregate] ? say(aggregates[row.figure.aggregate]!, locale) : row.figure.aggregate,
      },
      { header: { zh: '数值', en: 'Value' }, kind: 'quantity', value: (row) => row.figure.value },
      { header: { zh: '有值份数', en: 'Submissions with a value' }, kind: 'count', value: (row) => row.figure.values },
      { header: { zh: '提交份数', en: 'Submissions' }, kind: 'count', value: (row) => row.submissions },
      { header: { zh: '学校数', en: 'Schools' }, kind: 'count', value: (row) => row.schools },
    ],
    rows,
  );
}

// ---------------------------------------------------------------------------------------------
// Byte-stable output

/** MS-DOS date and time (local fields taken as they are, as zip tools do) of `instant`. */
function dosDateTime(instant: Date): { date: number; time: number } {
  const year = Math.min(Math.max(instant.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((instant.getUTCMonth() + 1) << 5) | instant.getUTCDate(),
    time: (instant.getUTCHours() << 11) | (instant.getUTCMinutes() << 5) | Math.floor(instant.getUTCSeconds() / 2),
  };
}

/**
 * Sets every entry's modification time in a zip (the .xlsx) to `instant`. exceljs stamps each
 * entry with the time of writing; pinned to the report's production time, the same report
 * always gives the same bytes (a stable S3 ETag, a comparable attachment).
 */
export function pinZipTimestamps(zip: Buffer, instant: Date): Buffer {
  const { date, time } = dosDateTime(instant);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return zip;
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let index = 0; index < entries; index++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) break;
    zip.writeUInt16LE(time, offset + 12);
    zip.writeUInt16LE(date, offset + 14);
    const local = zip.readUInt32LE(offset + 42);
    if (zip.readUInt32LE(local) === 0x04034b50) {
      zip.writeUInt16LE(time, local + 10);
      zip.writeUInt16LE(date, local + 12);
    }
    offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return zip;
}

// ---------------------------------------------------------------------------------------------

/**
 * The report as an .xlsx in `locale`: 概览 (summary) first, then the sections' sheets in the
 * report's order, then every form figure. The same report gives the same bytes.
 */
export async function renderReportWorkbook(report: DistrictReport, locale: Locale): Promise<Buffer> {
  const title = reportTitle(report, locale);
  const produced = new Date(report.producedAt);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Houqin';
  workbook.lastModifiedBy = 'Houqin';
  workbook.title = title;
  workbook.subject = formatMonth(report.month, locale);
  workbook.company = report.district.name;
  workbook.created = produced;
  workbook.modified = produced;
  workbook.calcProperties.fullCalcOnLoad = false;

  const sections = reportFigures(report, locale);
  const sectionOf = (id: SectionFigures['section']): SectionFigures =>
    sections.find((section) => section.section === id)!;

  summarySheet(workbook, report, locale, title, sections);
  complianceSheets(workbook, report, locale, title);
  hazardSheets(workbook, report, locale, title);
  canteenSheet(workbook, report, locale, title);
  figureSheet(workbook, locale, title, sectionOf('safety'));
  insuranceSheet(workbook, report, locale, title);
  energySheet(workbook, report, locale, title);
  figureSheet(workbook, locale, title, sectionOf('greeningWorkStudy'));
  const withoutDrill = say({ zh: '本月未开展演练的学校', en: 'Schools without a drill this month' }, locale);
  figureSheet(
    workbook,
    locale,
    title,
    sectionOf('drillsEducation'),
    report.sections.drillsEducation.drills.schoolsWithoutDrill.map((school, index) => ({
      section: '',
      group: withoutDrill,
      row: {
        label: school.name,
        unit: null,
        kind: 'count',
        current: { path: `sections.drillsEducation.drills.schoolsWithoutDrill.${index}.name`, value: null },
      },
    })),
  );
  dataQualitySheets(workbook, report, locale, title);
  formFiguresSheet(workbook, report, locale, title);

  const written = await workbookBytes(workbook);
  return pinZipTimestamps(written, produced);
}
