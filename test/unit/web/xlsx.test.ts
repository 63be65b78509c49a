import { workbook } from '../../../web/src/console/xlsx';

/*
 * Issue 19, point 8 in the console's own export writer (the .xlsx is written in the browser): text
 * that looks like a formula gets an apostrophe first, as in every workbook the server writes
 * (shared/spreadsheets/formula-text.ts). The writer stores its entries uncompressed, so the sheet's
 * XML can be read from the bytes as they are.
 */

const sheetXml = (bytes: Uint8Array): string => {
  const text = new TextDecoder().decode(bytes);
  return text.slice(text.indexOf('<worksheet'), text.indexOf('</worksheet>'));
};

describe('the console export writer', () => {
  it('writes a school’s formula-like note and name as plain text, numbers and ordinary text as they are', () => {
    // Prepare
    const rows = [
      ['=HYPERLINK("http://evil.example","整改说明")', "-2+3+cmd|' /C calc'!A0", 3],
      ['华蓥市第一中学', '-3', -3],
    ];
    // Act
    const xml = sheetXml(workbook('隐患', ['说明', '学校', '数量'], rows));
    // Assess
    expect(xml).toContain(
      '<t xml:space="preserve">\'=HYPERLINK(&quot;http://evil.example&quot;,&quot;整改说明&quot;)</t>',
    );
    expect(xml).toContain("<t xml:space=\"preserve\">'-2+3+cmd|' /C calc'!A0</t>");
    expect(xml).toContain('<t xml:space="preserve">华蓥市第一中学</t>');
    expect(xml).toContain('<t xml:space="preserve">-3</t>');
    expect(xml).toContain('<v>-3</v>');
    expect(xml).not.toMatch(/<t xml:space="preserve">[-=+@][^<]*[^\d<]/);
  });
});
