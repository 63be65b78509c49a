import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { normaliseHeader, parseRoster, rosterFormatOf, yesNo } from '../../../shared/directory/roster';

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'rosters', name));

/** An .xlsx roster as a bureau makes one: a merged title row, then the header, then the schools. */
async function workbook(rows: unknown[][], options: { title?: string; sheets?: string[] } = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const name of options.sheets ?? []) book.addWorksheet(name);
  const sheet = book.addWorksheet('学校名册');
  if (options.title) {
    sheet.addRow([options.title]);
    sheet.mergeCells(1, 1, 1, 8);
  }
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A parsed roster row, its values in the roster's column order (id, name, kind, students, staff, canteen, boarding, nutrition). */
function school(
  line: number,
  schoolId: string,
  name: string,
  kind: string,
  students: number,
  staff: number,
  hasCanteen: boolean,
  boarding: boolean,
  nutritionProgramme: boolean,
) {
  return { line, schoolId, name, kind, students, staff, hasCanteen, boarding, nutritionProgramme };
}

const CHINESE_HEADER = ['学校编号', '学校名称', '类型', '学生数', '教职工数', '有食堂', '寄宿', '营养餐'];

describe('parseRoster', () => {
  describe('csv', () => {
    it('reads Chinese headers under a title row and maps kinds, counts and yes/no variants', async () => {
      // Prepare
      const input = fixture('huaying-zh.csv');
      // Act
      const roster = await parseRoster(input, 'csv');
      // Assess
      expect(roster.errors).toEqual([]);
      expect(roster.rows).toEqual([
        school(3, 'hy-01', '华蓥市双河第一小学', 'primary', 2410, 128, true, false, false),
        school(4, 'hy-02', '华蓥市天池镇中心学校', 'nine-year', 1290, 97, true, true, true),
        school(6, 'hy-03', '华蓥市职业技术学校', 'vocational', 2150, 152, true, true, false),
        school(7, 'hy-04', '华蓥市双河幼儿园', 'kindergarten', 420, 47, true, false, false),
        school(8, 'hy-05', '华蓥市庆华镇红岩村小学', 'primary', 86, 9, false, false, true),
      ]);
    });

    it('reads English headers and TRUE/True as yes', async () => {
      // Prepare
      const input = fixture('english.csv');
      // Act
      const roster = await parseRoster(input, 'csv');
      // Assess
      expect(roster.errors).toEqual([]);
      expect(
        roster.rows.map(({ schoolId, kind, hasCanteen, boarding }) => ({ schoolId, kind, hasCanteen, boarding })),
      ).toEqual([
        { schoolId: 'east-primary', kind: 'primary', hasCanteen: true, boarding: false },
        { schoolId: 'river-middle', kind: 'middle', hasCanteen: true, boarding: true },
      ]);
    });

    it('reports every bad cell by line and field, and keeps only the good rows', async () => {
      // Prepare
      const input = fixture('bad-rows.csv');
      // Act
      const roster = await parseRoster(input, 'csv', { locale: 'en' });
      // Assess
      expect(roster.rows.map((row) => row.schoolId)).toEqual(['s-01']);
      expect(roster.errors.map(({ line, field }) => `${line}:${field}`)).toEqual([
        '3:name',
        '3:students',
        '3:hasCanteen',
        '4:schoolId',
        '4:kind',
        '5:schoolId',
        '6:students',
      ]);
      expect(roster.errors[0]).toEqual({ line: 3, field: 'name', column: 'name', reason: 'required' });
      expect(roster.errors[2]!.reason).toMatch(/yes or no/);
      expect(roster.errors[5]!.reason).toBe('school id s-01 repeats line 2');
    });

    it('writes its reasons in Chinese by default', async () => {
      // Prepare
      const input = 'id,name,kind,students,staff,hasCanteen,boarding\ns-01,学校,大学,10,1,是,否\n';
      // Act
      const roster = await parseRoster(input, 'csv');
      // Assess
      expect(roster.errors).toEqual([
        {
          line: 2,
          field: 'kind',
          column: 'kind',
          reason: expect.stringContaining('应为 小学、中学、九年制、职中、幼儿园 或 特殊教育学校'),
        },
      ]);
    });

    it('names a missing required column on the header line and reads no rows', async () => {
      // Prepare
      const input = fixture('missing-column.csv');
      // Act
      const roster = await parseRoster(input, 'csv');
      // Assess
      expect(roster.rows).toEqual([]);
      expect(roster.errors).toEqual([{ line: 1, field: 'staff', reason: '缺少必需的列“教职工数”' }]);
    });

    it('reports a file without a header row on line 0', async () => {
      // Prepare
      const input = '这不是花名册\n只是一些文字\n';
      // Act
      const roster = await parseRoster(input, 'csv', { locale: 'en' });
      // Assess
      expect(roster.rows).toEqual([]);
      expect(roster.errors).toEqual([{ line: 0, field: '(header)', reason: expect.stringMatching(/^no header row/) }]);
    });

    it('reports a roster with a header and no schools', async () => {
      // Prepare
      const input = 'id,name,kind,students,staff,hasCanteen,boarding\n\n,,,,,,\n';
      // Act
      const roster = await parseRoster(input, 'csv', { locale: 'en' });
      // Assess
      expect(roster.errors).toEqual([{ line: 0, field: '(file)', reason: 'the file lists no schools' }]);
    });

    it('reports malformed CSV on line 0 instead of throwing', async () => {
      // Prepare
      const input = 'id,name,kind,students,staff,hasCanteen,boarding\ns-01,"unclosed,primary,1,1,是,否\n';
      // Act
      const roster = await parseRoster(input, 'csv', { locale: 'en' });
      // Assess
      expect(roster.rows).toEqual([]);
      expect(roster.errors).toEqual([{ line: 0, field: '(file)', reason: expect.stringMatching(/^malformed CSV/) }]);
    });

    it('reads a CSV saved by Chinese Excel in GB18030 and one separated by tabs', async () => {
      // Prepare
      const text =
        '学校编号\t学校名称\t类型\t学生数\t教职工数\t有食堂\t寄宿\nhy-01\t华蓥市古桥小学\t小学\t1480\t81\t是\t否\n';
      const gb18030 = fixture('gb18030.csv');
      // Act
      const tabbed = await parseRoster(text, 'csv');
      const chinese = await parseRoster(gb18030, 'csv');
      // Assess
      expect(tabbed.errors).toEqual([]);
      expect(tabbed.rows[0]).toMatchObject({ line: 2, schoolId: 'hy-01', name: '华蓥市古桥小学' });
      expect(chinese.errors).toEqual([]);
      expect(chinese.rows[0]).toMatchObject({ line: 2, schoolId: 'hy-01', name: '古桥小学', students: 1480 });
    });
  });

  describe('xlsx', () => {
    it('reads a workbook with a merged title row, numeric and boolean cells and a blank row, by Excel row number', async () => {
      // Prepare
      const input = await workbook(
        [
          CHINESE_HEADER,
          ['HY-ZX', '四川省华蓥中学', '中学', 3260, 246, '是', '是', '否'],
          [],
          [
            'hy-gqx',
            { richText: [{ text: '华蓥市' }, { text: '古桥小学', font: { bold: true } }] },
            '小学',
            { formula: '1400+80', result: 1480 },
            81,
            true,
            false,
          ],
          ['hy-hycx', '华蓥市庆华镇红岩村小学', '教学点', 86, 9, '无', '否', '有'],
        ],
        { title: '华蓥市学校花名册', sheets: ['说明'] },
      );
      // Act
      const roster = await parseRoster(input, 'xlsx');
      // Assess
      expect(roster.errors).toEqual([]);
      expect(roster.rows).toEqual([
        school(3, 'hy-zx', '四川省华蓥中学', 'middle', 3260, 246, true, true, false),
        school(5, 'hy-gqx', '华蓥市古桥小学', 'primary', 1480, 81, true, false, false),
        school(6, 'hy-hycx', '华蓥市庆华镇红岩村小学', 'primary', 86, 9, false, false, true),
      ]);
    });

    it('reports bad cells and repeated ids with the row numbers Excel shows', async () => {
      // Prepare
      const input = await workbook(
        [
          CHINESE_HEADER,
          ['hy-01', '甲小学', '小学', 500, 30, '是', '否'],
          ['hy-02', '乙小学', '小学', '五百', 30, '也许', '否'],
          ['hy-01', '丙小学', '小学', 400, 20, '是', '否'],
        ],
        { title: '花名册' },
      );
      // Act
      const roster = await parseRoster(input, 'xlsx');
      // Assess
      expect(roster.rows.map((row) => row.line)).toEqual([3]);
      expect(roster.errors).toEqual([
        { line: 4, field: 'students', column: '学生数', reason: '应为 0 到 100000 之间的整数' },
        { line: 4, field: 'hasCanteen', column: '有食堂', reason: expect.stringContaining('应填 是 或 否') },
        { line: 5, field: 'schoolId', column: '学校编号', reason: '学校编号 hy-01 与第 3 行重复' },
      ]);
    });

    it('reports a file that is not a workbook on line 0', async () => {
      // Prepare
      const input = Buffer.from('id,name\nnot,an xlsx\n');
      // Act
      const roster = await parseRoster(input, 'xlsx', { locale: 'en' });
      // Assess
      expect(roster).toEqual({
        rows: [],
        errors: [{ line: 0, field: '(file)', reason: 'cannot read this Excel file (it must be .xlsx)' }],
      });
    });
  });
});

describe('roster helpers', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['有', true],
    ['无', false],
    ['true', true],
    ['FALSE', false],
    ['1', true],
    ['0', false],
    ['Y', true],
    ['n', false],
    ['ｙｅｓ', true],
  ])('reads %s as %s', (value, expected) => {
    // Act
    const result = yesNo(value);
    // Assess
    expect(result).toBe(expected);
  });

  it('leaves an unknown yes/no value as it is, for validation to refuse', () => {
    // Act
    const result = yesNo('也许');
    // Assess
    expect(result).toBe('也许');
  });

  it('normalises headers: full-width, units in brackets, 是否 and spacing', () => {
    // Act
    const headers = ['在校生（人）', '是否有食堂', ' School ID ', 'has_canteen', '教职工数*'].map(normaliseHeader);
    // Assess
    expect(headers).toEqual(['在校生', '有食堂', 'schoolid', 'hascanteen', '教职工数']);
  });

  it('tells the roster format by file extension', () => {
    // Act
    const formats = ['花名册.XLSX', 'schools.csv', 'schools.xls', 'roster'].map(rosterFormatOf);
    // Assess
    expect(formats).toEqual(['xlsx', 'csv', undefined, undefined]);
  });
});

describe('a roster that changes (issue 23 point 1, issue 16 point 1)', () => {
  const header = '学校编号,学校名称,学校类型,在校生,教职工数,有食堂,寄宿,营养餐';

  it('reads 特殊教育学校 as the kind special and 部分 boarding as partly boarding', async () => {
    // Prepare
    const input = [
      header,
      'hy-07,华蓥市特殊教育学校,特殊教育学校,96,30,是,部分,否',
      'hy-08,培智学校,特教,40,12,是,部分寄宿,否',
      'hy-09,某小学,小学,300,20,是,是,否',
    ].join('\n');
    // Act
    const roster = await parseRoster(input, 'csv');
    // Assess
    expect(roster.errors).toEqual([]);
    expect(
      roster.rows.map(({ schoolId, kind, boarding, partlyBoarding }) => ({ schoolId, kind, boarding, partlyBoarding })),
    ).toEqual([
      { schoolId: 'hy-07', kind: 'special', boarding: true, partlyBoarding: true },
      { schoolId: 'hy-08', kind: 'special', boarding: true, partlyBoarding: true },
      { schoolId: 'hy-09', kind: 'primary', boarding: true, partlyBoarding: undefined },
    ]);
  });

  it('says what a boarding cell may hold when it is none of them', async () => {
    // Act
    const roster = await parseRoster([header, 'hy-01,甲小学,小学,96,30,是,有时,否'].join('\n'), 'csv');
    // Assess
    expect(roster.errors).toEqual([
      { line: 2, field: 'boarding', column: '寄宿', reason: expect.stringContaining('应填 是、否 或 部分') },
    ]);
  });

  it('reads an optional 注册日期/启用日期 column in the ways rosters write dates, and refuses a date that is not one', async () => {
    // Prepare
    const input = [
      `${header},启用日期`,
      'hy-01,甲,小学,1,1,是,否,否,2026-09-01',
      'hy-02,乙,小学,1,1,是,否,否,2026/9/1',
      'hy-03,丙,小学,1,1,是,否,否,2026年9月1日',
      'hy-04,丁,小学,1,1,是,否,否,',
      'hy-05,戊,小学,1,1,是,否,否,2026-02-30',
    ].join('\n');
    // Act
    const roster = await parseRoster(input, 'csv');
    // Assess
    expect(roster.rows.map((row) => row.registeredOn)).toEqual(['2026-09-01', '2026-09-01', '2026-09-01', undefined]);
    expect(roster.errors).toEqual([
      { line: 6, field: 'registeredOn', column: '启用日期', reason: '应为 YYYY-MM-DD 格式的真实日期' },
    ]);
  });

  it('reads a date cell of an .xlsx roster as the date it shows', async () => {
    // Prepare
    const input = await workbook([
      [...CHINESE_HEADER, '注册日期'],
      ['hy-01', '甲小学', '小学', 100, 9, '是', '否', '否', new Date(Date.UTC(2026, 8, 1))],
    ]);
    // Act
    const roster = await parseRoster(input, 'xlsx');
    // Assess
    expect(roster.errors).toEqual([]);
    expect(roster.rows[0]?.registeredOn).toBe('2026-09-01');
  });
});
