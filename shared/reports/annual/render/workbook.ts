import ExcelJS from 'exceljs';
import { HAZARD_CATEGORIES, SEVERITIES } from '../../../forms/types';
import type { Locale, Text } from '../../../i18n';
import { formatMonth } from '../../render/format';
import {
  categoryLabel,
  COVERAGE_LABELS,
  formTitle,
  INSURANCE_ANSWER_LABELS,
  NOTE_KIND_LABELS,
  say,
  severityLabel,
} from '../../render/labels';
import { displayWidth, pinZipTimestamps, sheetName } from '../../render/workbook';
import { COVERAGE_IDS, DATA_QUALITY_NOTE_KINDS, type HazardCounts } from '../../types';
import { ANNUAL_SECTIONS, type AnnualReport } from '../types';
import { annualNarrative } from './narrative';
import { workbookBytes } from '../../../spreadsheets/write-workbook';

/*
 * The year-end summary as an Excel workbook: 概述 (every section's sentences, as the Word
 * document has them) first, then the figures as numbers officials can sort and add up: month by
 * month, insurance by school, energy by school, hazards by category and severity, the schools
 * most often under the threshold, compliance by form type, and the data-quality notes. Counts are
 * integers, rates fractions shown as percentages, like the monthly workbook.
 */

type Kind = 'text' | 'count' | 'quantity' | 'rate';
type Cell = string | number | null;
interface Column {
  header: Text;
  kind: Kind;
}

const FORMATS: Record<Exclude<Kind, 'text'>, string> = { count: '#,##0', quantity: '#,##0.00', rate: '0.0%' };
const FONT = 'Microsoft YaHei';

function addSheet(workbook: ExcelJS.Workbook, locale: Locale, name: Text, columns: Column[], rows: Cell[][]): void {
  const sheet = workbook.addWorksheet(sheetName(say(name, locale)), { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow(columns.map((c) => say(c.header, locale)));
  header.font = { name: FONT, bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
  });
  const widths = columns.map((c) => displayWidth(say(c.header, locale)));
  for (const values of rows) {
    const row = sheet.addRow(values.map((v) => (v === null ? null : v)));
    row.font = { name: FONT };
    values.forEach((value, index) => {
      const kind = columns[index]!.kind;
      if (kind !== 'text' && typeof value === 'number') row.getCell(index + 1).numFmt = FORMATS[kind];
      widths[index] = Math.max(
        widths[index]!,
        value === null ? 1 : displayWidth(String(typeof value === 'number' && kind === 'rate' ? '100.0%' : value)) + 1,
      );
    });
  }
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = Math.min(Math.max(width + 2, 8), 60);
  });
}

const t = (zh: string, en: string): Text => ({ zh, en });

/** The summary as an .xlsx in `locale`. */
export async function renderAnnualWorkbook(report: AnnualReport, locale: Locale): Promise<Buffer> {
  const produced = new Date(report.producedAt);
  const narrative = annualNarrative(report, locale, ANNUAL_SECTIONS);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Houqin';
  workbook.title = narrative.title;
  workbook.company = report.district.name;
  workbook.created = produced;
  workbook.modified = produced;

  const overview = workbook.addWorksheet(sheetName(say(t('概述', 'Overview'), locale)));
  overview.getColumn(1).width = 120;
  const line = (text: string, bold = false) => {
    const row = overview.addRow([text]);
    row.font = { name: FONT, bold };
    row.alignment = { wrapText: true, vertical: 'top' };
  };
  line(narrative.title, true);
  line(narrative.subtitle);
  line(narrative.intro);
  for (const section of narrative.sections) {
    line(section.heading, true);
    section.paragraphs.forEach((p) => line(p));
  }

  const { compliance, energy, hazards, insurance, dataQuality } = report.sections;
  const byMonthHazard = new Map(hazards.byMonth.map((m) => [m.month, m]));
  const byMonthEnergy = new Map(energy.byMonth.map((m) => [m.month, m]));
  addSheet(
    workbook,
    locale,
    t('各月', 'By month'),
    [
      { header: t('月份', 'Month'), kind: 'text' },
      { header: t('应检查', 'Inspections due'), kind: 'count' },
      { header: t('已完成', 'Made'), kind: 'count' },
      { header: t('完成率', 'Compliance'), kind: 'rate' },
      { header: t('上年同期完成率', 'A year earlier'), kind: 'rate' },
      { header: t('低于阈值学校', 'Schools under threshold'), kind: 'count' },
      { header: t('用电（千瓦时）', 'Electricity (kWh)'), kind: 'quantity' },
      { header: t('上年同期用电', 'Electricity a year earlier'), kind: 'quantity' },
      { header: t('用水（立方米）', 'Water (m³)'), kind: 'quantity' },
      { header: t('上年同期用水', 'Water a year earlier'), kind: 'quantity' },
      { header: t('发现隐患', 'Hazards found'), kind: 'count' },
      { header: t('月末未整改', 'Open at month end'), kind: 'count' },
      { header: t('月末逾期', 'Overdue at month end'), kind: 'count' },
    ],
    compliance.byMonth.map((m) => {
      const e = byMonthEnergy.get(m.month);
      const h = byMonthHazard.get(m.month);
      return [
        formatMonth(m.month, locale),
        m.compliance.denominator,
        m.compliance.numerator,
        m.compliance.rate,
        m.previousYear.rate,
        m.schoolsBelowThreshold,
        e?.electricityKwh ?? null,
        e?.previousYearElectricityKwh ?? null,
        e?.waterM3 ?? null,
        e?.previousYearWaterM3 ?? null,
        h?.found ?? null,
        h?.openAtMonthEnd ?? null,
        h?.overdueAtMonthEnd ?? null,
      ];
    }),
  );

  addSheet(
    workbook,
    locale,
    t('保险', 'Insurance'),
    [
      { header: t('学校', 'School'), kind: 'text' },
      { header: t('填报月份', 'Reported in'), kind: 'text' },
      { header: t('在校学生', 'Enrolled'), kind: 'count' },
      ...COVERAGE_IDS.flatMap((c): Column[] => [
        { header: { zh: `${COVERAGE_LABELS[c].zh}参保人数`, en: `${COVERAGE_LABELS[c].en}: covered` }, kind: 'count' },
        { header: { zh: `${COVERAGE_LABELS[c].zh}参保率`, en: `${COVERAGE_LABELS[c].en}: rate` }, kind: 'rate' },
      ]),
      { header: t('食品安全责任险', 'Canteen food-safety insurance'), kind: 'text' },
    ],
    insurance.schools.map((row) => [
      row.name,
      formatMonth(row.month, locale),
      row.studentsEnrolled,
      ...COVERAGE_IDS.flatMap((c) => [row.coverages[c].numerator, row.coverages[c].rate]),
      say(INSURANCE_ANSWER_LABELS[row.canteenFoodSafetyLiability], locale),
    ]),
  );

  addSheet(
    workbook,
    locale,
    t('能耗（可比）', 'Energy (comparable)'),
    [
      { header: t('学校', 'School'), kind: 'text' },
      { header: t('可比月数', 'Comparable months'), kind: 'count' },
      { header: t('用电（千瓦时）', 'Electricity (kWh)'), kind: 'quantity' },
      { header: t('上年同期', 'A year earlier'), kind: 'quantity' },
      { header: t('变化（%）', 'Change (%)'), kind: 'quantity' },
      { header: t('用水（立方米）', 'Water (m³)'), kind: 'quantity' },
      { header: t('上年同期', 'A year earlier'), kind: 'quantity' },
      { header: t('变化（%）', 'Change (%)'), kind: 'quantity' },
    ],
    energy.schools.map((row) => [
      row.name,
      row.comparableMonths,
      row.electricityKwh,
      row.previousYearElectricityKwh,
      row.electricityChangePercent,
      row.waterM3,
      row.previousYearWaterM3,
      row.waterChangePercent,
    ]),
  );

  const states: [Text, HazardCounts][] = [
    [t('发现', 'Found'), hazards.found],
    [t('已整改', 'Rectified'), hazards.rectified],
    [t('已验收', 'Verified'), hazards.verified],
    [t('未整改', 'Open'), hazards.open],
    [t('逾期', 'Overdue'), hazards.overdue],
  ];
  addSheet(
    workbook,
    locale,
    t('隐患', 'Hazards'),
    [
      { header: t('类别或等级', 'Category or severity'), kind: 'text' },
      ...states.map(([header]): Column => ({ header, kind: 'count' })),
    ],
    [
      ...HAZARD_CATEGORIES.map((c) => [categoryLabel(c, locale), ...states.map(([, counts]) => counts.byCategory[c])]),
      ...SEVERITIES.map((s) => [severityLabel(s, locale), ...states.map(([, counts]) => counts.bySeverity[s])]),
      [say(t('合计', 'Total'), locale), ...states.map(([, counts]) => counts.total)],
    ],
  );

  addSheet(
    workbook,
    locale,
    t('低于阈值学校', 'Under threshold'),
    [
      { header: t('学校', 'School'), kind: 'text' },
      { header: t('低于阈值月数', 'Months under'), kind: 'count' },
      { header: t('有检查任务月数', 'Months with inspections due'), kind: 'count' },
      { header: t('应检查', 'Due'), kind: 'count' },
      { header: t('已完成', 'Made'), kind: 'count' },
      { header: t('全年完成率', 'Year rate'), kind: 'rate' },
    ],
    compliance.mostOftenBelowThreshold.map((row) => [
      row.name,
      row.monthsBelow,
      row.monthsRated,
      row.compliance.denominator,
      row.compliance.numerator,
      row.compliance.rate,
    ]),
  );

  addSheet(
    workbook,
    locale,
    t('各类检查', 'By form type'),
    [
      { header: t('检查类别', 'Form'), kind: 'text' },
      { header: t('应检查', 'Due'), kind: 'count' },
      { header: t('已完成', 'Made'), kind: 'count' },
      { header: t('完成率', 'Rate'), kind: 'rate' },
    ],
    compliance.byFormType.map((row) => [
      formTitle(row.formType, locale),
      row.compliance.denominator,
      row.compliance.numerator,
      row.compliance.rate,
    ]),
  );

  addSheet(
    workbook,
    locale,
    t('数据说明', 'Data notes'),
    [
      { header: t('类型', 'Kind'), kind: 'text' },
      { header: t('学校', 'School'), kind: 'text' },
      { header: t('月份', 'Month'), kind: 'text' },
      { header: t('填报总数', 'Stated total'), kind: 'quantity' },
      { header: t('分项之和', 'Sum of parts'), kind: 'quantity' },
      { header: t('条数', 'Count'), kind: 'count' },
    ],
    [
      ...dataQuality.totalsNotAddingUp.map((row) => [
        say(t('总数与分项之和不符', 'Total differs from its parts'), locale),
        row.name,
        formatMonth(row.month, locale),
        row.reported,
        row.computed,
        1,
      ]),
      ...DATA_QUALITY_NOTE_KINDS.map((kind) => [
        say(NOTE_KIND_LABELS[kind], locale),
        '',
        '',
        null,
        null,
        dataQuality.notesByKind[kind] ?? 0,
      ]),
    ],
  );

  const written = await workbookBytes(workbook);
  return pinZipTimestamps(written, produced);
}
