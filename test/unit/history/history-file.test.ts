import ExcelJS from 'exceljs';
import { toDomainEvents } from '../../../shared/events/domain-events';
import { findForm } from '../../../shared/forms/catalogue';
import { headerOf, historyColumns, MAX_HISTORY_ROWS } from '../../../shared/history/columns';
import { importHistory } from '../../../shared/history/import';
import { historyFormatOf, parseHistory } from '../../../shared/history/parse';
import { choicesSheetName, historyTemplate } from '../../../shared/history/template';

/*
 * Issue 16 point 3: the history template (header labels with units, drop-down lists) and reading
 * a filled-in file, by labels or by field ids, with every problem by row and column.
 */

jest.setTimeout(180_000);

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** A parsed energy-meter row: its line, school, date and readings. */
const reading = (
  line: number,
  schoolId: string,
  date: string,
  electricityKwh: number,
  waterM3: number,
  source: string,
) => ({
  line,
  schoolId,
  date,
  answers: { electricityKwh, waterM3, source },
});

/** The sheet's data validations by range (exceljs keeps them as its model). */
const validations = (sheet: ExcelJS.Worksheet): Record<string, ExcelJS.DataValidation> =>
  (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;

describe('history template', () => {
  it('names each column by its zh-CN label with the unit in brackets, and offers the options as drop-down lists', async () => {
    // Act
    const workbook = await load(await historyTemplate('canteen-daily'));
    // Assess
    expect(workbook.title).toBe('canteen-daily');
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('食堂食品安全每日检查');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['学校编号', '日期']);
    expect(header).toContain('每个品种最少留样量（克）');
    expect(header).toContain('餐具消毒方式');
    expect(header).toHaveLength(2 + Object.keys(findForm('canteen-daily')!.fields).length);
    const choices = workbook.getWorksheet(choicesSheetName('canteen-daily'))!;
    expect(choices.state).toBe('hidden');
    // One rule per column over the 50,000 rows (exceljs expands it per cell when it reads it back).
    const rules = validations(sheet);
    const rule = (column: string) => rules[`${column}2`]!;
    expect(rules['H50001']).toEqual(rule('H'));
    expect(rules['H50002']).toBeUndefined();
    // The disinfection method (column H) lists its options from the hidden sheet; yes/no columns list 是/否.
    expect(rule('H').type).toBe('list');
    const [column] = /\$([A-Z]+)\$2/.exec(String(rule('H').formulae[0]))!.slice(1);
    expect([2, 3, 4].map((row) => choices.getCell(`${column}${row}`).value)).toEqual(['高温消毒', '84 消毒液', '其他']);
    const [yesNo] = /\$([A-Z]+)\$2/.exec(String(rule('D').formulae[0]))!.slice(1);
    expect([2, 3].map((row) => choices.getCell(`${yesNo}${row}`).value)).toEqual(['是', '否']);
    expect(rule('B').type).toBe('date');
    expect(rule('E').type).toBe('decimal');
  });

  it('refuses a form type the catalogue does not have', async () => {
    await expect(historyTemplate('no-such-form')).rejects.toMatchObject({ code: 'UNKNOWN_FORM_TYPE' });
  });
});

describe('reading a history file', () => {
  it('reads a filled-in template: typed answers, labels of options and 是/否, Excel dates', async () => {
    // Prepare
    const workbook = await load(await historyTemplate('energy-meter'));
    const sheet = workbook.worksheets[0]!;
    sheet.addRow(['hy-01', new Date('2025-03-31T00:00:00Z'), 12_000.5, 900, '抄表']);
    sheet.addRow(['hy-02', '2025/4/30', '1,200', '88', 'bill']);
    // Act
    const parsed = await parseHistory(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx', { locale: 'zh-CN' });
    // Assess
    expect(parsed.errors).toEqual([]);
    expect(parsed.form?.id).toBe('energy-meter');
    expect(parsed.rows).toEqual([
      reading(2, 'hy-01', '2025-03-31', 12_000.5, 900, 'meter'),
      reading(3, 'hy-02', '2025-04-30', 1200, 88, 'bill'),
    ]);
  });

  it('tells the form from a CSV’s headers, whether labels or field ids', async () => {
    // Prepare: field ids, a title line above the header, columns in another order.
    const csv = '水电抄表 2025\nschoolId,date,source,waterM3,electricityKwh\nhy-01,2025-03-31,meter,900,12000\n';
    // Act
    const parsed = await parseHistory(Buffer.from(csv), 'csv', { locale: 'en' });
    // Assess
    expect(parsed.form?.id).toBe('energy-meter');
    expect(parsed.rows).toEqual([reading(3, 'hy-01', '2025-03-31', 12000, 900, 'meter')]);
  });

  it('lists every header problem by row and column, in the caller’s language', async () => {
    // Prepare
    const csv = '学校编号,日期,当月用电量（千瓦时）,electricityKwh,颜色\nhy-01,2025-03-31,1,2,红\n';
    // Act
    const parsed = await parseHistory(Buffer.from(csv), 'csv', { locale: 'zh-CN', formType: 'energy-meter' });
    // Assess
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        line: 1,
        field: 'electricityKwh',
        column: 'electricityKwh',
        reason: '“electricityKwh”与“当月用电量（千瓦时）”是同一字段',
      },
      { line: 1, field: '(header)', column: '颜色', reason: '“颜色”不是“水电能耗抄表”的字段' },
      { line: 1, field: 'waterM3', reason: '缺少“当月用水量（立方米）”列' },
      { line: 1, field: 'source', reason: '缺少“数据来源”列' },
    ]);
  });

  it('says so when the form cannot be told, or the file is not one it can read', async () => {
    const ambiguous = await parseHistory(Buffer.from('学校编号,日期,participants\nhy-01,2025-03-01,3\n'), 'csv', {
      locale: 'en',
    });
    expect(ambiguous.errors).toEqual([
      { line: 0, field: 'form', reason: 'The headers fit more than one form; name the form with --form' },
    ]);
    const garbage = await parseHistory(Buffer.from('not a zip'), 'xlsx', { locale: 'zh-CN' });
    expect(garbage.errors[0]).toMatchObject({ line: 0, field: '(file)' });
    expect(historyFormatOf('a.XLSX')).toBe('xlsx');
    expect(historyFormatOf('a.csv')).toBe('csv');
    expect(historyFormatOf('a.xls')).toBeUndefined();
  });

  it('has a column for every field of every current form, so any form can be imported', () => {
    for (const formType of ['canteen-daily', 'hazard-report', 'insurance-enrolment', 'work-study']) {
      const form = findForm(formType)!;
      expect(historyColumns(form).map((column) => column.key)).toEqual([
        'schoolId',
        'date',
        ...Object.keys(form.fields),
      ]);
      expect(headerOf(historyColumns(form)[0]!)).toBe('学校编号');
    }
  });
});

describe('importing', () => {
  it('refuses a file of more than 50,000 rows before reading or writing anything', async () => {
    // Prepare
    const rows = Array.from({ length: MAX_HISTORY_ROWS + 1 }, (_, index) => ({
      line: index + 2,
      schoolId: 's1',
      date: '2025-03-31',
      answers: {},
    }));
    // Act
    const error = await importHistory(
      'no-such-district',
      { form: findForm('energy-meter')!, rows, errors: [], columnTitles: {} },
      { locale: 'en', file: 'big.csv' },
    ).catch((caught: unknown) => caught);
    // Assess
    expect(error).toMatchObject({
      code: 'HISTORY_IMPORT_INVALID',
      details: [
        {
          line: 0,
          field: '(file)',
          reason: 'Too many rows: at most 50000 a file, this one has 50001; split it into several files',
        },
      ],
    });
  });
});

describe('the stream of an imported record', () => {
  it('announces nothing (no SubmissionRecorded, so no mail)', () => {
    // Prepare
    const image = (importedAt?: string) => ({
      entity: { S: 'Submission' },
      districtId: { S: 'd' },
      schoolId: { S: 's' },
      submissionId: { S: 'imp-1' },
      formType: { S: 'energy-meter' },
      formVersion: { N: '1' },
      date: { S: '2025-03-31' },
      receivedAt: { S: '2026-12-07T00:00:00.000Z' },
      hazardIds: { L: [] },
      ...(importedAt ? { importedAt: { S: importedAt } } : {}),
    });
    // Act
    const imported = toDomainEvents({ eventName: 'INSERT', dynamodb: { NewImage: image('2026-12-07T00:00:00.000Z') } });
    const submitted = toDomainEvents({ eventName: 'INSERT', dynamodb: { NewImage: image() } });
    // Assess
    expect(imported).toEqual([]);
    expect(submitted.map((event) => event.detailType)).toEqual(['SubmissionRecorded']);
  });
});
