import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRoster } from '../../../shared/directory/roster';
import { parseHistory } from '../../../shared/history/parse';
import {
  checkFileSize,
  HISTORY_FILE_LIMITS,
  readSpreadsheetFile,
  ROSTER_LIMITS,
  SpreadsheetTooLargeError,
} from '../../../shared/spreadsheets/input-limits';
import { workbookBomb, workbookEntries, zipOf } from '../../support/zip';

/*
 * Issue 19, point 7: roster and history files are size-checked before they are unzipped or parsed.
 * A refusal is one issue on line 0 in the caller's language, and no row: the importers write
 * nothing without rows.
 */

// Whether a file is read at all: the real readFile, watched.
jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual<typeof fsPromises>('node:fs/promises');
  return { ...actual, readFile: jest.fn(actual.readFile) };
});

const ROSTER_HEADER = '学校编号,学校名称,类型,学生数,教职工数,有食堂,寄宿\n';

describe('the size check of roster files', () => {
  it('refuses a CSV over 5 MB before parsing it, in Chinese and in English', async () => {
    // Prepare
    const csv = ROSTER_HEADER + 'x'.repeat(ROSTER_LIMITS.maxFileBytes);
    // Act
    const zh = await parseRoster(Buffer.from(csv), 'csv', { locale: 'zh-CN' });
    const en = await parseRoster(Buffer.from(csv), 'csv', { locale: 'en' });
    // Assess
    expect(zh).toEqual({
      rows: [],
      errors: [{ line: 0, field: '(file)', reason: expect.stringContaining('文件过大：5 MB') }],
    });
    expect(zh.errors[0]!.reason).toContain('花名册文件最大 5 MB');
    expect(en.errors[0]!.reason).toMatch(/^The file is too large: 5 MB; a roster may be at most 5 MB\./);
  });

  it('refuses a zip bomb shaped as a workbook (60 MB of sheet in 65 KB) from the sizes its zip declares', async () => {
    // Prepare
    const bomb = await workbookBomb(60_000_000);
    expect(bomb.length).toBeLessThan(ROSTER_LIMITS.maxFileBytes / 10);
    // Act
    const parsed = await parseRoster(bomb, 'xlsx', { locale: 'zh-CN' });
    // Assess
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([
      { line: 0, field: '(file)', reason: expect.stringMatching(/^文件解压后过大：60 MB，花名册文件解压后最大 50 MB/) },
    ]);
  }, 60_000);

  it('refuses a workbook whose sheet unpacks to more than its zip declares, without unpacking the rest', async () => {
    // Prepare
    const liar = await workbookBomb(60_000_000, { lie: true });
    // Act
    const parsed = await parseRoster(liar, 'xlsx', { locale: 'en' });
    // Assess
    expect(parsed).toEqual({
      rows: [],
      errors: [
        {
          line: 0,
          field: '(file)',
          reason:
            'The file is damaged or crafted: its part "xl/worksheets/sheet1.xml" unpacks to another size than it declares; nothing was imported',
        },
      ],
    });
  }, 60_000);

  it('refuses a workbook of more than 2,000 parts', async () => {
    // Prepare
    const entries = await workbookEntries([['学校编号']]);
    const padding = Array.from({ length: 2_001 }, (_, index) => ({
      name: `xl/media/${index}.bin`,
      data: Buffer.alloc(1),
    }));
    // Act
    const parsed = await parseRoster(zipOf([...entries, ...padding]), 'xlsx', { locale: 'en' });
    // Assess
    expect(parsed.errors).toEqual([
      {
        line: 0,
        field: '(file)',
        reason: expect.stringMatching(/^The workbook holds 20\d\d parts, at most 2000 are allowed/),
      },
    ]);
  });

  it('still reads an ordinary roster workbook (the check inflates it once and lets it through)', async () => {
    // Prepare
    const workbook = zipOf(
      await workbookEntries([
        ['学校编号', '学校名称', '类型', '学生数', '教职工数', '有食堂', '寄宿'],
        ['ok-01', '正常小学', '小学', 100, 10, '是', '否'],
      ]),
    );
    // Act
    const parsed = await parseRoster(workbook, 'xlsx', { locale: 'zh-CN' });
    // Assess
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((row) => row.schoolId)).toEqual(['ok-01']);
  });
});

describe('the size check of history files', () => {
  it('refuses a CSV over 20 MB before parsing it', async () => {
    // Prepare
    const csv = Buffer.alloc(HISTORY_FILE_LIMITS.maxFileBytes + 1, 0x61);
    // Act
    const parsed = await parseHistory(csv, 'csv', { locale: 'en' });
    // Assess
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        line: 0,
        field: '(file)',
        reason: expect.stringMatching(/^The file is too large: 20 MB; a history file may be at most 20 MB/),
      },
    ]);
  });

  it('refuses a zip bomb shaped as a workbook, and one that lies about its sizes', async () => {
    // Prepare
    const bomb = await workbookBomb(101_000_000);
    const liar = await workbookBomb(30_000_000, { lie: true });
    // Act
    const honest = await parseHistory(bomb, 'xlsx', { locale: 'zh-CN' });
    const lying = await parseHistory(liar, 'xlsx', { locale: 'zh-CN' });
    // Assess
    expect(honest.errors).toEqual([
      {
        line: 0,
        field: '(file)',
        reason: expect.stringMatching(/^文件解压后过大：101 MB，历史记录文件解压后最大 100 MB/),
      },
    ]);
    expect(lying.errors).toEqual([
      {
        line: 0,
        field: '(file)',
        reason: expect.stringContaining('文件已损坏或被篡改：其中的“xl/worksheets/sheet1.xml”'),
      },
    ]);
    expect([honest.rows, lying.rows]).toEqual([[], []]);
  }, 60_000);
});

describe('checkFileSize and readSpreadsheetFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houqin-limits-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a file of exactly the limit and refuses one byte more', () => {
    // Act / Assess
    expect(() => checkFileSize(ROSTER_LIMITS.maxFileBytes, ROSTER_LIMITS)).not.toThrow();
    expect(() => checkFileSize(ROSTER_LIMITS.maxFileBytes + 1, ROSTER_LIMITS)).toThrow(SpreadsheetTooLargeError);
  });

  it('refuses a 200 MB file from its size on disk, without reading it', async () => {
    // Prepare: a sparse file, so the test writes nothing to disk
    const path = join(dir, 'huge.xlsx');
    writeFileSync(path, '');
    truncateSync(path, 200_000_000);
    jest.mocked(readFile).mockClear();
    // Act
    const reading = readSpreadsheetFile(path, HISTORY_FILE_LIMITS);
    // Assess
    await expect(reading).rejects.toMatchObject({
      reason: {
        zh: expect.stringContaining('文件过大：200 MB，历史记录文件最大 20 MB'),
        en: expect.stringContaining('The file is too large: 200 MB; a history file may be at most 20 MB'),
      },
    });
    expect(readFile).not.toHaveBeenCalled();
  });

  it('reads a file within the limit', async () => {
    // Prepare
    const path = join(dir, 'small.csv');
    writeFileSync(path, ROSTER_HEADER);
    jest.mocked(readFile).mockClear();
    // Act
    const bytes = await readSpreadsheetFile(path, ROSTER_LIMITS);
    // Assess
    expect(bytes.toString('utf8')).toBe(ROSTER_HEADER);
    expect(readFile).toHaveBeenCalledTimes(1);
  });
});
