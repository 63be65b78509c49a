import ExcelJS from 'exceljs';
import {
  displayWidth,
  pinZipTimestamps,
  renderReportWorkbook,
  sheetName,
  summaryFigurePaths,
} from '../../../../shared/reports/render/workbook';
import { localDateTime } from '../../../../shared/time';
import type { DistrictReport } from '../../../../shared/reports/types';
import { makeEmptyReport, makeReport } from './fixture';

jest.setTimeout(60_000);

const ZH_SHEETS = [
  '概览',
  '检查完成情况',
  '完成率明细',
  '安全隐患',
  '各校隐患',
  '食堂食品安全',
  '宿舍与用电消防安全',
  '保险参保',
  '水电能耗',
  '绿化与勤工俭学',
  '演练与安全教育',
  '数据质量',
  '各校照片',
  '检查表指标',
];

async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

/** The header row's texts. */
const headers = (worksheet: ExcelJS.Worksheet) => (worksheet.getRow(1).values as unknown[]).slice(1);

/** The value at a dotted path of the report, read independently of the renderer's own reader. */
const at = (report: DistrictReport, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], report);

describe('renderReportWorkbook', () => {
  let report: DistrictReport;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    report = makeReport();
    workbook = await readWorkbook(await renderReportWorkbook(report, 'zh-CN'));
  });

  it('shows no column of JSON paths, and the production time in the district’s timezone, not UTC (issue 23, point 7)', () => {
    // Prepare
    const worksheet = sheet(workbook, '概览');
    const produced = summaryFigurePaths(report, 'zh-CN').indexOf('producedAt') + 2;
    // Assess
    for (const each of workbook.worksheets) {
      expect(headers(each)).not.toContain('数据路径');
      each.eachRow((row) => row.eachCell((cell) => expect(String(cell.value)).not.toMatch(/^sections\./)));
    }
    const [label, value] = [headers(worksheet).indexOf('指标') + 1, headers(worksheet).indexOf('本月') + 1];
    expect(worksheet.getRow(produced).getCell(label).value).toBe(`生成时间（${report.district.timezone}）`);
    expect(worksheet.getRow(produced).getCell(value).value).toBe(
      localDateTime(report.district.timezone, new Date(report.producedAt)),
    );
    expect(String(worksheet.getRow(produced).getCell(value).value)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it('has a summary sheet first, then the sections in the report order, named in Chinese', () => {
    // Assess
    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual(ZH_SHEETS);
  });

  it('names every sheet within Excel rules: at most 31 characters, none of []:*?/\\', () => {
    // Assess
    for (const worksheet of workbook.worksheets) {
      expect(worksheet.name.length).toBeLessThanOrEqual(31);
      expect(worksheet.name).not.toMatch(/[[\]:*?/\\]/);
    }
  });

  it('freezes a bold header row on every sheet', () => {
    // Assess
    for (const worksheet of workbook.worksheets) {
      expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(worksheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(worksheet.getRow(1).getCell(1).value).toEqual(expect.any(String));
    }
  });

  it('lets officials filter the school-by-form-type compliance sheet', () => {
    // Prepare
    const rows = report.sections.compliance.schools.reduce((sum, school) => sum + school.forms.length, 0);
    // Act
    const worksheet = sheet(workbook, '完成率明细');
    // Assess
    expect(headers(worksheet)).toEqual([
      '学校编号',
      '学校',
      '检查表',
      '频次',
      '应交',
      '已交',
      '完成率',
      '收到份数',
      '检查表编号',
    ]);
    expect(worksheet.autoFilter).toBe(`A1:I${rows + 1}`);
    expect(worksheet.rowCount).toBe(rows + 1);
  });

  it('writes every school-and-form compliance figure as in the report, rates as percentages', () => {
    // Prepare
    const expected = report.sections.compliance.schools.flatMap((school) =>
      school.forms.map((form) => ({ school, form })),
    );
    // Act
    const worksheet = sheet(workbook, '完成率明细');
    // Assess
    expected.forEach(({ school, form }, index) => {
      const row = worksheet.getRow(index + 2);
      expect(row.getCell(1).value).toBe(school.schoolId);
      expect(row.getCell(2).value).toBe(school.name);
      expect(row.getCell(5).value).toBe(form.compliance.denominator);
      expect(row.getCell(6).value).toBe(form.compliance.numerator);
      expect(row.getCell(7).value).toBe(form.compliance.rate);
      expect(row.getCell(8).value).toBe(form.received);
      expect(row.getCell(9).value).toBe(form.formType);
      if (form.compliance.rate !== null) expect(row.getCell(7).numFmt).toBe('0.0%');
      expect(row.getCell(5).numFmt).toBe('#,##0');
    });
  });

  it('lists the schools worst first with their rate as a number, flagged below threshold', () => {
    // Act
    const worksheet = sheet(workbook, '检查完成情况');
    // Assess
    const { schools, belowThreshold } = report.sections.compliance;
    expect(worksheet.rowCount).toBe(schools.length + 1);
    schools.forEach((school, index) => {
      const row = worksheet.getRow(index + 2);
      expect(row.getCell(2).value).toBe(school.name);
      expect(row.getCell(5).value).toBe(school.compliance.rate);
      expect(row.getCell(7).value).toBe(
        belowThreshold.some((below) => below.schoolId === school.schoolId) ? '是' : '否',
      );
    });
    expect(worksheet.getRow(2).getCell(9).value).toEqual(new Date('2025-09-01T00:00:00.000Z'));
    expect(worksheet.getRow(2).getCell(9).numFmt).toBe('yyyy-mm-dd');
  });

  it('puts every headline figure on the summary sheet with the value the report has at its path', () => {
    // Act
    const worksheet = sheet(workbook, '概览');
    // Assess
    const names = headers(worksheet);
    const valueColumn = names.indexOf('本月') + 1;
    // The rows' paths in the report JSON come from the renderer, not from the sheet (it shows none).
    const paths = summaryFigurePaths(report, 'zh-CN');
    expect(worksheet.rowCount).toBe(paths.length + 1);
    paths.forEach((path, index) => {
      const row = worksheet.getRow(index + 2);
      // The production time reads in the district's own time; every other cell is the report's value.
      const value =
        path === 'producedAt' ? localDateTime(report.district.timezone, new Date(report.producedAt)) : at(report, path);
      expect([path, row.getCell(valueColumn).value ?? null]).toEqual([path, value]);
    });
    expect(paths).toEqual(
      expect.arrayContaining([
        'sections.compliance.overall.current.rate',
        'sections.hazards.foundYearOnYear.current',
        'sections.hazards.openAtMonthEnd.total',
        'sections.energy.electricityKwh.current',
        'sections.insurance.coverages.0.covered.rate',
      ]),
    );
  });

  it('writes rates, changes and targets as numbers with percentage formats', () => {
    // Prepare
    const worksheet = sheet(workbook, '概览');
    const names = headers(worksheet);
    const column = (name: string) => names.indexOf(name) + 1;
    const paths = summaryFigurePaths(report, 'zh-CN');
    const overall = worksheet.getRow(paths.indexOf('sections.compliance.overall.current.rate') + 2);
    const electricity = worksheet.getRow(paths.indexOf('sections.energy.likeForLike.electricityKwh.current') + 2);
    const { compliance, energy } = report.sections;
    // Assess
    expect(overall.getCell(column('本月')).numFmt).toBe('0.0%');
    expect(overall.getCell(column('分子')).value).toBe(compliance.overall.current.numerator);
    expect(overall.getCell(column('分母')).value).toBe(compliance.overall.current.denominator);
    expect(overall.getCell(column('去年同期')).value).toBe(compliance.overall.previousYear.rate);
    expect(overall.getCell(column('同比变化')).value).toBe(compliance.overall.changePoints);
    expect(overall.getCell(column('同比变化')).numFmt).toContain('个百分点');
    expect(overall.getCell(column('目标')).value).toBe(0.95);
    expect(overall.getCell(column('目标')).numFmt).toBe('"≥ "0.0%');
    expect(overall.getCell(column('是否达标')).value).toBe('否');
    expect(electricity.getCell(column('同比变化')).value).toBeCloseTo(
      energy.likeForLike.electricityKwh.changePercent! / 100,
      10,
    );
    expect(electricity.getCell(column('同比变化')).numFmt).toBe('+0.0%;-0.0%;0.0%');
    expect(electricity.getCell(column('目标')).value).toBe(0.15);
  });

  it('writes counts as integers and lists every hazard that is critical or overdue once', () => {
    // Act
    const worksheet = sheet(workbook, '安全隐患');
    // Assess
    const ids: unknown[] = [];
    worksheet.eachRow((row, number) => {
      if (number > 1) ids.push(row.getCell(1).value);
    });
    const { critical, overdue } = report.sections.hazards;
    expect(ids.sort()).toEqual([...new Set([...critical, ...overdue].map((line) => line.hazardId))].sort());
    const overdueRow = worksheet.getRow(ids.length + 1);
    expect(Number.isInteger(overdueRow.getCell(13).value)).toBe(true);
    expect(overdueRow.getCell(13).numFmt).toBe('#,##0');
  });

  it('fits the columns to their content, counting Chinese characters double', () => {
    // Act
    const worksheet = sheet(workbook, '检查完成情况');
    // Assess
    const longest = Math.max(...report.sections.compliance.schools.map((school) => displayWidth(school.name)));
    expect(worksheet.getColumn(2).width).toBeGreaterThanOrEqual(longest);
    expect(worksheet.getColumn(2).width).toBeLessThanOrEqual(longest + 4);
  });

  it('gives the same bytes for the same report, stamped with its production time', async () => {
    // Act
    const [first, second] = [
      await renderReportWorkbook(makeReport(), 'zh-CN'),
      await renderReportWorkbook(makeReport(), 'zh-CN'),
    ];
    // Assess
    expect(first.equals(second)).toBe(true);
    // The first zip entry's MS-DOS time and date: 2026-11-01 00:00:04 (two-second steps), not the time of writing.
    expect([first.readUInt16LE(10), first.readUInt16LE(12)]).toEqual([2, ((2026 - 1980) << 9) | (11 << 5) | 1]);
    const read = await readWorkbook(first);
    expect(read.created).toEqual(new Date(report.producedAt));
    expect(read.creator).toBe('Houqin');
  });

  it('names sheets and headers in English for an English district', async () => {
    // Act
    const english = await readWorkbook(await renderReportWorkbook(makeReport(), 'en'));
    // Assess
    expect(english.worksheets.map((worksheet) => worksheet.name)).toEqual([
      'Summary',
      'Inspection compliance',
      'Compliance by form',
      'Hazards',
      'Hazards by school',
      'Canteen food safety',
      'Dormitory, electrical and fire',
      'Insurance',
      'Energy',
      'Greening and work-study',
      'Drills and education',
      'Data quality',
      'Photos by school',
      'Form figures',
    ]);
    expect(headers(sheet(english, 'Compliance by form'))).toEqual([
      'School id',
      'School',
      'Form type',
      'Cadence',
      'Expected',
      'Submitted',
      'Compliance',
      'Received',
      'Form id',
    ]);
  });

  it('renders a district without schools or submissions: headers, no rows, empty rates', async () => {
    // Prepare
    const emptyReport = makeEmptyReport();
    // Act
    const empty = await readWorkbook(await renderReportWorkbook(emptyReport, 'en'));
    // Assess
    expect(empty.worksheets).toHaveLength(14);
    expect(sheet(empty, 'Inspection compliance').rowCount).toBe(1);
    expect(sheet(empty, 'Compliance by form').autoFilter).toBe('A1:I1');
    const summary = sheet(empty, 'Summary');
    const overall = summary.getRow(
      summaryFigurePaths(emptyReport, 'en').indexOf('sections.compliance.overall.current.rate') + 2,
    );
    expect(overall.getCell(3).value).toBe('Compliance (submitted of expected)');
    expect(overall.getCell(5).value).toBeNull();
  });
});

describe('sheetName', () => {
  it('drops the characters Excel refuses and keeps 31 characters', () => {
    // Act
    const name = sheetName('Hazards: open/overdue [critical] * ? \\ and a name far too long for Excel');
    // Assess
    expect(name).not.toMatch(/[[\]:*?/\\]/);
    expect(name.length).toBeLessThanOrEqual(31);
  });
});

describe('displayWidth', () => {
  it('counts Chinese and full-width characters as two columns, Latin as one', () => {
    // Assess
    expect(displayWidth('华蓥市第一中学')).toBe(14);
    expect(displayWidth('hy-01')).toBe(5);
    expect(displayWidth('食物浪费（千克）')).toBe(16);
  });
});

describe('pinZipTimestamps', () => {
  it('leaves a buffer that is not a zip unchanged', () => {
    // Prepare
    const bytes = Buffer.from('not a zip');
    // Act
    const pinned = pinZipTimestamps(Buffer.from(bytes), new Date('2026-11-01T00:00:00Z'));
    // Assess
    expect(pinned.equals(bytes)).toBe(true);
  });
});
