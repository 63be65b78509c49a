import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { issueTokenSheet, tokenSheetWorkbook } from '../../shared/directory/token-sheet';
import { issueToken, listTokens, resolvePrincipal } from '../../shared/directory/tokens';
import { runAdmin, writeStackFile } from '../support/admin-cli';
import { registerDistrict, registerSchool } from '../support/directory-fixtures';

/*
 * `npm run admin -- token sheet`: a fresh token per school, revoking nothing unless asked, a
 * workbook with each school's login link and its QR code.
 */

jest.setTimeout(60_000);

const APP = 'https://app.example.cn/';

async function district(schools: number) {
  const districtId = `ts-${randomUUID().slice(0, 8)}`;
  await registerDistrict({ districtId, name: '发码测试区', officialEmails: ['houqin@example.cn'] });
  for (let n = 1; n <= schools; n += 1) {
    await registerSchool(districtId, {
      schoolId: `s-${n}`,
      name: `第${n}小学`,
      kind: 'primary',
      students: 100,
      staff: 9,
      hasCanteen: n === 1,
      boarding: false,
    });
  }
  return districtId;
}

function tokenOf(link: string): string {
  return decodeURIComponent(link.split('#/login?token=')[1] ?? '');
}

describe('token sheet', () => {
  it('issues a working token for every school of the district, revoking nothing', async () => {
    const districtId = await district(3);
    const earlier = await issueToken({ role: 'school', districtId, schoolId: 's-1' });
    const rows = await issueTokenSheet({ districtId, appUrl: APP });
    expect(rows.map((row) => [row.schoolId, row.name, row.revoked])).toEqual([
      ['s-1', '第1小学', []],
      ['s-2', '第2小学', []],
      ['s-3', '第3小学', []],
    ]);
    for (const row of rows) {
      expect(row.loginLink.startsWith(`${APP}#/login?token=`)).toBe(true);
      expect(await resolvePrincipal(tokenOf(row.loginLink))).toEqual({
        role: 'school',
        tokenId: row.tokenId,
        districtId,
        schoolId: row.schoolId,
      });
    }
    expect(await resolvePrincipal(earlier.token)).toMatchObject({ schoolId: 's-1' });
  });

  it('with replace, revokes each named school earlier tokens once its new one is issued; only the schools named', async () => {
    const districtId = await district(2);
    const old1 = await issueToken({ role: 'school', districtId, schoolId: 's-1' });
    const old2 = await issueToken({ role: 'school', districtId, schoolId: 's-2' });
    const rows = await issueTokenSheet({ districtId, schoolIds: ['s-1'], replace: true, appUrl: APP });
    expect(rows.map((row) => [row.schoolId, row.revoked])).toEqual([['s-1', [old1.tokenId]]]);
    expect(await resolvePrincipal(old1.token)).toBeUndefined();
    expect(await resolvePrincipal(old2.token)).toMatchObject({ schoolId: 's-2' });
    expect(await resolvePrincipal(tokenOf(rows[0]!.loginLink))).toMatchObject({ schoolId: 's-1' });
  });

  it('refuses an unknown school, naming it, before issuing anything', async () => {
    const districtId = await district(1);
    await expect(
      issueTokenSheet({ districtId, schoolIds: ['s-1', 'nope'], appUrl: APP, locale: 'en' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: [expect.objectContaining({ field: 'schoolId', value: 'nope' })],
    });
    expect(await listTokens(districtId)).toEqual([]);
  });

  it('writes one row per school with its link and a QR code image', async () => {
    const rows = [
      {
        schoolId: 's-1',
        name: '第1小学',
        tokenId: 'tok_0000000000000001',
        loginLink: `${APP}#/login?token=hq_a`,
        revoked: [],
      },
      {
        schoolId: 's-2',
        name: '第2小学',
        tokenId: 'tok_0000000000000002',
        loginLink: `${APP}#/login?token=hq_b`,
        revoked: [],
      },
    ];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await tokenSheetWorkbook(rows, '发码测试区')) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '学校编号', '学校', '令牌编号', '登录链接', '扫码登录']);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      's-1',
      '第1小学',
      'tok_0000000000000001',
      `${APP}#/login?token=hq_a`,
    ]);
    expect(sheet.getRow(3).getCell(4).value).toBe(`${APP}#/login?token=hq_b`);
    const images = sheet.getImages();
    expect(images).toHaveLength(2);
    for (const image of images) {
      const media = workbook.model.media?.[Number(image.imageId)] as { extension: string; buffer: Buffer } | undefined;
      expect(media?.extension).toBe('png');
      expect(Buffer.from(media!.buffer).subarray(1, 4).toString('latin1')).toBe('PNG');
    }
  });

  it('runs from the command line and writes the workbook', async () => {
    const districtId = await district(2);
    const workDir = mkdtempSync(join(tmpdir(), 'houqin-sheet-'));
    try {
      const stackFile = join(workDir, 'local-stack.json');
      writeStackFile(stackFile);
      const out = join(workDir, 'tokens.xlsx');
      const run = await runAdmin(
        [
          'token',
          'sheet',
          '--district',
          districtId,
          '--school',
          's-1',
          '--school',
          's-2',
          '--app-url',
          APP,
          '--out',
          out,
          '--lang',
          'en',
        ],
        { HOUQIN_LOCAL_STACK_FILE: stackFile },
      );
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toContain('Issued new tokens for 2 schools');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync(out) as unknown as ExcelJS.Buffer);
      expect(workbook.worksheets[0]!.rowCount).toBe(3);
      const refused = await runAdmin(
        ['token', 'sheet', '--district', districtId, '--app-url', 'ftp://x', '--out', out, '--lang', 'en'],
        { HOUQIN_LOCAL_STACK_FILE: stackFile },
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('--app-url must be https://');
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
