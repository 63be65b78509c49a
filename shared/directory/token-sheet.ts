import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import { AppError } from '../errors';
import { DEFAULT_LOCALE, localize, type Locale, type Text } from '../i18n';
import { requireDistrict } from './districts';
import { loginLinkOf } from './login-link';
import { say } from './messages';
import { querySchools, schoolIdIssue } from './schools';
import { issueToken, listTokens, revokeToken } from './tokens';
import { workbookBytes } from '../spreadsheets/write-workbook';

/*
 * `npm run admin -- token sheet`: a fresh login token for every school named (all schools of the
 * district by default), written as a workbook to print and hand out: one row per school with its
 * login link and the link's QR code. Nothing is revoked unless asked (`replace`): then each
 * school's earlier school tokens are revoked once its new one is issued, so no school is ever
 * left without a working token.
 */

export interface TokenSheetRequest {
  districtId: string;
  /** Schools to issue for; every school of the district (not archived) when empty. */
  schoolIds?: string[];
  /** Revoke each school's earlier school tokens after issuing its new one. */
  replace?: boolean;
  /** The app's public URL (the stack's AppUrl output, or the local stack's). */
  appUrl: string;
  locale?: Locale;
}

export interface TokenSheetRow {
  schoolId: string;
  name: string;
  tokenId: string;
  loginLink: string;
  /** Token ids revoked for this school (with `replace`). */
  revoked: string[];
}

const HEADERS: Record<'school' | 'name' | 'tokenId' | 'link' | 'qr', Text> = {
  school: { zh: '学校编号', en: 'School id' },
  name: { zh: '学校', en: 'School' },
  tokenId: { zh: '令牌编号', en: 'Token id' },
  link: { zh: '登录链接', en: 'Login link' },
  qr: { zh: '扫码登录', en: 'Scan to sign in' },
};

/** Issues the tokens (after checking every school named exists), revokes with `replace`, returns the rows. */
export async function issueTokenSheet(request: TokenSheetRequest): Promise<TokenSheetRow[]> {
  const locale = request.locale ?? DEFAULT_LOCALE;
  const district = await requireDistrict(request.districtId, locale);
  const schools = await querySchools(district.districtId);
  const byId = new Map(schools.map((school) => [school.schoolId, school]));
  const named = request.schoolIds?.length
    ? [...new Set(request.schoolIds)]
    : schools.filter((school) => !school.archivedOn).map((school) => school.schoolId);
  const missing = named.filter((schoolId) => !byId.has(schoolId));
  if (missing.length) {
    throw new AppError(
      'NOT_FOUND',
      missing.map((schoolId) =>
        schoolIdIssue(schoolId, say('schoolMissing', locale, { id: schoolId, district: district.districtId }), locale),
      ),
    );
  }
  const existing = request.replace ? await listTokens(district.districtId, { locale }) : [];
  const rows: TokenSheetRow[] = [];
  for (const schoolId of named) {
    const school = byId.get(schoolId)!;
    const issued = await issueToken({ role: 'school', districtId: district.districtId, schoolId }, { locale });
    const revoked: string[] = [];
    for (const token of existing) {
      if (
        token.role === 'school' &&
        token.schoolId === schoolId &&
        !token.revokedAt &&
        token.tokenId !== issued.tokenId
      ) {
        await revokeToken(token.tokenId, { locale });
        revoked.push(token.tokenId);
      }
    }
    rows.push({
      schoolId,
      name: school.name,
      tokenId: issued.tokenId,
      loginLink: loginLinkOf(request.appUrl, issued.token),
      revoked,
    });
  }
  return rows;
}

/** The workbook: one row per school, the QR code of its login link as an image in the last column. */
export async function tokenSheetWorkbook(
  rows: readonly TokenSheetRow[],
  districtName: string,
  locale: Locale = DEFAULT_LOCALE,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Houqin';
  const sheet = workbook.addWorksheet(localize({ zh: '登录链接', en: 'Login links' }, locale), {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [
    { header: localize(HEADERS.school, locale), key: 'schoolId', width: 14 },
    { header: localize(HEADERS.name, locale), key: 'name', width: 28 },
    { header: localize(HEADERS.tokenId, locale), key: 'tokenId', width: 22 },
    { header: localize(HEADERS.link, locale), key: 'link', width: 60 },
    { header: localize(HEADERS.qr, locale), key: 'qr', width: 22 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.headerFooter.oddHeader = districtName;
  for (const [index, row] of rows.entries()) {
    const excelRow = sheet.addRow({
      schoolId: row.schoolId,
      name: row.name,
      tokenId: row.tokenId,
      link: row.loginLink,
    });
    excelRow.height = 120;
    excelRow.alignment = { vertical: 'middle', wrapText: true };
    const png = await QRCode.toBuffer(row.loginLink, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 300 });
    const image = workbook.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
    sheet.addImage(image, { tl: { col: 4.1, row: index + 1.05 }, ext: { width: 150, height: 150 }, editAs: 'oneCell' });
  }
  return workbookBytes(workbook);
}
