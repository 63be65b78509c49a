import ExcelJS from 'exceljs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { renderReportCharts, type ReportChart } from '../../../../shared/reports/render/charts';
import {
  composeReportMime,
  MAX_LIST_ITEMS,
  renderReportEmail,
  XLSX_CONTENT_TYPE,
} from '../../../../shared/reports/render/email';
import { renderReportWorkbook } from '../../../../shared/reports/render/workbook';
import type { DistrictReport, HazardLine } from '../../../../shared/reports/types';
import { makeEmptyReport, makeReport } from './fixture';
import { PNG_MAGIC } from './png';

jest.setTimeout(120_000);

const FROM = 'houqin@huaying.example';
const TO = ['houqinban@huaying.example', 'anquangu@huaying.example'];
const photoUrl = (photoId: string) => `https://api.houqin.example/v1/photos/${photoId}`;

/** A figure as the HTML carries it. */
interface ShownFigure {
  path: string;
  kind: string;
  value: unknown;
  text: string;
}

const FIGURE = /<span data-figure="([^"]+)" data-kind="([^"]+)" data-value="([^"]*)"[^>]*>([^<]*)<\/span>/g;

function figuresIn(html: string): ShownFigure[] {
  return [...html.matchAll(FIGURE)].map(([, path, kind, value, text]) => ({
    path: path!,
    kind: kind!,
    value: JSON.parse(value!.replace(/&quot;/g, '"')),
    text: text!,
  }));
}

/** The value at a dotted path of the report, read independently of the renderer's own reader. */
const at = (report: DistrictReport, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], report);

/** The number a figure's text shows (commas, signs, % and units read as a reader would). */
function readNumber(text: string): number {
  return Number(text.replace(/,/g, '').replace(/[^0-9.+-].*$/, ''));
}

async function send(
  report: DistrictReport,
  locale: 'zh-CN' | 'en',
  charts: readonly ReportChart[],
  workbook: Buffer,
  withPhotos = true,
): Promise<ParsedMail> {
  const rendered = renderReportEmail(report, { locale, workbook, charts, ...(withPhotos ? { photoUrl } : {}) });
  const raw = await composeReportMime({ from: FROM, to: TO, ...rendered });
  // Keep cid: links as they are, to check the HTML refers to the inline images.
  return simpleParser(raw, { keepCidLinks: true });
}

/** A tiny stand-in chart: the e-mail does not look inside the PNG. */
const stubChart = (id: string): ReportChart => ({
  cid: `${id}.2026-10@houqin`,
  filename: `${id}-2026-10.png`,
  title: id,
  png: Buffer.concat([PNG_MAGIC, Buffer.from('stub')]),
});
const STUB_CHARTS = ['compliance-by-school', 'compliance-by-form', 'hazards-by-category'].map(stubChart);

describe('the monthly report e-mail, sent and parsed back', () => {
  let report: DistrictReport;
  let charts: ReportChart[];
  let workbook: Buffer;
  let mail: ParsedMail;

  beforeAll(async () => {
    report = makeReport();
    [charts, workbook] = await Promise.all([
      renderReportCharts(report, 'zh-CN'),
      renderReportWorkbook(report, 'zh-CN'),
    ]);
    mail = await send(report, 'zh-CN', charts, workbook);
  });

  it('has the subject 华蓥市教育局 2026年10月 学校后勤月报, from the sender to every official', () => {
    // Assess
    expect(mail.subject).toBe('华蓥市教育局 2026年10月 学校后勤月报');
    expect(mail.from?.value[0]?.address).toBe(FROM);
    expect([mail.to ?? []].flat().flatMap((address) => address.value.map((value) => value.address))).toEqual(TO);
    expect(mail.headers.get('content-language')).toBe('zh-CN');
    expect(mail.headers.get('x-houqin-report')).toBe('huaying/2026-10');
  });

  it('has an HTML part and a plain-text part', () => {
    // Assess
    expect(typeof mail.html).toBe('string');
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(mail.text).toContain('2026年10月 学校后勤月报');
    expect(mail.text).not.toContain('<');
  });

  it('shows every chart inline: each PNG is a related part the HTML refers to by its Content-ID', () => {
    // Prepare
    const images = mail.attachments.filter((attachment) => attachment.contentType === 'image/png');
    // Assess
    expect(images.map((image) => image.cid)).toEqual(charts.map((chart) => chart.cid));
    for (const image of images) {
      expect(image.related).toBe(true);
      expect(image.contentDisposition).toBe('inline');
      expect(mail.html).toContain(`src="cid:${image.cid}"`);
      expect(image.content.subarray(0, 8)).toEqual(PNG_MAGIC);
    }
    expect(images.map((image) => image.content.length)).toEqual(charts.map((chart) => chart.png.length));
  });

  it('attaches the workbook as an .xlsx that opens with the report in it', async () => {
    // Prepare
    const [attachment] = mail.attachments.filter((candidate) => candidate.contentType === XLSX_CONTENT_TYPE);
    // Act
    const opened = new ExcelJS.Workbook();
    await opened.xlsx.load(attachment!.content as unknown as ArrayBuffer);
    // Assess
    expect(attachment!.filename).toBe('华蓥市教育局-2026年10月-学校后勤月报.xlsx');
    expect(attachment!.contentDisposition).toBe('attachment');
    expect(attachment!.content.equals(workbook)).toBe(true);
    expect(opened.worksheets[0]!.name).toBe('概览');
  });

  it('shows in the HTML exactly the figures of the report JSON, at the paths it names', () => {
    // Act
    const figures = figuresIn(mail.html as string);
    // Assess
    expect(figures.length).toBeGreaterThan(100);
    for (const figure of figures) {
      const value = at(report, figure.path);
      expect([figure.path, value === undefined ? 'missing' : typeof value]).toEqual([
        figure.path,
        figure.value === null ? 'object' : 'number',
      ]);
      expect([figure.path, figure.value]).toEqual([figure.path, value]);
      if (value === null) {
        expect([figure.path, figure.text]).toEqual([figure.path, '—']);
        continue;
      }
      const shown = readNumber(figure.text);
      const expected = figure.kind === 'rate' ? (value as number) * 100 : (value as number);
      const tolerance = {
        count: 0,
        quantity: 0.005,
        rate: 0.05,
        changePercent: 0.05,
        points: 0.05,
        percentValue: 0.05,
      }[figure.kind];
      expect([figure.path, tolerance]).toEqual([figure.path, expect.any(Number)]);
      expect([figure.path, Math.abs(shown - expected) <= tolerance! + 1e-9]).toEqual([figure.path, true]);
    }
  });

  it('leads with the key figures: compliance, schools reporting of registered, hazards found, open, overdue and critical', () => {
    // Act
    const paths = figuresIn(mail.html as string).map((figure) => figure.path);
    // Assess
    expect(paths.slice(0, 10)).toEqual([
      'sections.compliance.overall.current.rate',
      'sections.compliance.overall.previousYear.rate',
      'sections.compliance.overall.changePoints',
      'sections.compliance.target.target',
      'sections.compliance.schoolsReporting',
      'sections.compliance.schoolsRegistered',
      'sections.hazards.found.total',
      'sections.hazards.openAtMonthEnd.total',
      'sections.hazards.overdueAtMonthEnd.total',
      'sections.hazards.found.bySeverity.critical',
    ]);
  });

  it('lists the schools below the threshold worst first, before the hazards', () => {
    // Prepare
    const html = mail.html as string;
    const names = report.sections.compliance.belowThreshold.map((school) => school.name);
    // Act
    const positions = names.map((name) => html.indexOf(`>${name}</td>`));
    // Assess
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(positions.at(-1)!).toBeLessThan(html.indexOf('重大隐患（本月发现或尚未验收）'));
    expect(mail.text).toContain('  华蓥市明月镇幼儿园  0.0% (0/6)');
  });

  it('lists critical and overdue hazards with links to their photos', () => {
    // Assess
    const html = mail.html as string;
    expect(html).toContain('学生夜间未归或去向不明');
    expect(html).toContain('灭火器过期未更换');
    expect(html).toContain('href="https://api.houqin.example/v1/photos/ph-0701"');
    expect(html).toContain('href="https://api.houqin.example/v1/photos/ph-0702"');
    expect(html).toContain('href="https://api.houqin.example/v1/photos/ph-0301"');
    expect(mail.text).toContain('照片2：https://api.houqin.example/v1/photos/ph-0702');
    expect(mail.text).toContain('逾期：19 天');
  });

  it('says in the plain-text part what the HTML says: key figures, sections and notes', () => {
    // Assess
    expect(mail.text).toContain('检查完成率：80.9% (106/131)；去年同期 86.4%；-5.5 个百分点；目标 ≥ 95.0%，未达标');
    expect(mail.text).toContain('上报学校 / 注册学校：5 / 6');
    expect(mail.text).toContain('六、水电能耗');
    expect(mail.text).toContain('用电量：44,100 千瓦时；去年同期 52,300；-15.7%；降幅目标 ≥ 15%，达标');
    expect(mail.text).toContain('[数据存疑] 华蓥市第一中学 · 勤工俭学：填报总面积 890 亩与各用途之和 892.5 亩不符');
  });

  it('keeps the HTML to inline styles in one column a phone can show', () => {
    // Assess
    const html = mail.html as string;
    expect(html).not.toMatch(/<style|<link|<script/i);
    expect(html).toContain('max-width:640px');
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
  });

  it('draws every text colour at WCAG AA contrast (4.5:1) on the backgrounds it can sit on', () => {
    // Arrange: WCAG 2 relative luminance and contrast ratio.
    const luminance = (hex: string) => {
      const full = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, (digit) => digit + digit) : hex;
      const [r, g, b] = [1, 3, 5].map((at) => {
        const channel = parseInt(full.slice(at, at + 2), 16) / 255;
        return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (light! + 0.05) / (dark! + 0.05);
    };
    const styles = [...(mail.html as string).matchAll(/style="([^"]*)"/g)].map(([, style]) => style!);
    const colourOf = (style: string, property: string) =>
      new RegExp(`(?:^|;)\\s*${property}:\\s*(#[0-9a-f]{3,6})\\b`, 'i').exec(style)?.[1];
    // A text colour without a background of its own may sit on any background the mail paints.
    const surfaces = [
      '#ffffff',
      ...styles.flatMap((style) => (colourOf(style, 'color') ? [] : [colourOf(style, 'background')])),
    ].filter((colour): colour is string => !!colour);

    // Act
    const failures = styles.flatMap((style) => {
      const text = colourOf(style, 'color');
      if (!text) return [];
      const own = colourOf(style, 'background');
      return (own ? [own] : surfaces)
        .filter((surface) => contrast(text, surface) < 4.5)
        .map((surface) => `${text} on ${surface}: ${contrast(text, surface).toFixed(2)}`);
    });

    // Assess
    expect(surfaces.length).toBeGreaterThan(1);
    expect([...new Set(failures)]).toEqual([]);
  });
});

describe('renderReportEmail', () => {
  it('writes the subject and the words in English for an English district', async () => {
    // Prepare
    const report = makeReport();
    // Act
    const mail = await send(report, 'en', STUB_CHARTS, Buffer.from('xlsx'));
    // Assess
    expect(mail.subject).toBe('华蓥市教育局 school logistics report, October 2026');
    expect(mail.headers.get('content-language')).toBe('en');
    expect(mail.text).toContain(
      'Compliance (submitted of expected): 80.9% (106/131); a year earlier 86.4%; -5.5 pp; target ≥ 95.0%, not met',
    );
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.attachments.at(-1)!.filename).toBe('华蓥市教育局-school-logistics-report-2026-10.xlsx');
  });

  it('shows no photo links when it is given no way to link a photo', async () => {
    // Act
    const mail = await send(makeReport(), 'zh-CN', STUB_CHARTS, Buffer.from('xlsx'), false);
    // Assess
    expect(mail.html).not.toContain('/v1/photos/');
    expect(mail.text).not.toContain('照片1');
  });

  it('shows a month without national holiday data as a data-quality note, in the mail and in the workbook (issue 23 point 3)', async () => {
    // Prepare
    const report = makeReport();
    const message = {
      zh: '2027年春季学期（2027-02-24 至 2027-07-04）跨入 2027 年，系统还没有 2027 年的全国法定节假日和调休数据',
      en: '2027 spring term runs into 2027, for which the system has no national holidays',
    };
    report.sections.photosDataQuality.dataQuality.notes.unshift({
      kind: 'national-calendar',
      year: 2027,
      term: { name: '2027年春季学期', start: '2027-02-24', end: '2027-07-04' },
      message,
    });
    // Act
    const zh = renderReportEmail(report, { locale: 'zh-CN', workbook: Buffer.from('xlsx'), charts: STUB_CHARTS });
    const en = renderReportEmail(report, { locale: 'en', workbook: Buffer.from('xlsx'), charts: STUB_CHARTS });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReportWorkbook(report, 'zh-CN')) as unknown as ArrayBuffer);
    // Assess
    expect(zh.text).toContain(`[缺少全国节假日数据] ${message.zh}`);
    expect(en.text).toContain(`[No national holiday data] ${message.en}`);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    expect(cells).toContain(message.zh);
  });

  it('escapes what schools wrote', () => {
    // Prepare
    const report = makeReport();
    const line = report.sections.hazards.critical[0] as HazardLine;
    line.place = '<script>alert(1)</script> & "宿舍"';
    // Act
    const { html } = renderReportEmail(report, { locale: 'zh-CN', workbook: Buffer.from('xlsx'), charts: STUB_CHARTS });
    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;宿舍&quot;');
  });

  it(`lists at most ${MAX_LIST_ITEMS} schools below the threshold and points to the workbook for the rest`, () => {
    // Prepare
    const report = makeReport();
    const template = report.sections.compliance.belowThreshold[0]!;
    report.sections.compliance.belowThreshold = Array.from({ length: MAX_LIST_ITEMS + 5 }, (_, index) => ({
      ...template,
      schoolId: `s-${index}`,
      name: `低完成率学校${index}`,
    }));
    // Act
    const { html, text } = renderReportEmail(report, {
      locale: 'zh-CN',
      workbook: Buffer.from('xlsx'),
      charts: STUB_CHARTS,
    });
    // Assess
    expect(html).toContain(`低完成率学校${MAX_LIST_ITEMS - 1}<`);
    expect(html).not.toContain(`低完成率学校${MAX_LIST_ITEMS}<`);
    expect(text).toContain('……另有 5 项，详见附件工作簿。');
  });

  it('renders a district without schools or submissions, every figure still from the JSON', async () => {
    // Prepare
    const report = makeEmptyReport();
    const [charts, workbook] = await Promise.all([
      renderReportCharts(report, 'en'),
      renderReportWorkbook(report, 'en'),
    ]);
    // Act
    const mail = await send(report, 'en', charts, workbook);
    // Assess
    expect(mail.subject).toBe('Empty District Bureau school logistics report, February 2026');
    expect(mail.text).toContain('No school is below the threshold this month.');
    expect(mail.text).toContain('Nothing to note this month.');
    expect(mail.attachments).toHaveLength(4);
    for (const figure of figuresIn(mail.html as string))
      expect([figure.path, figure.value]).toEqual([figure.path, at(report, figure.path)]);
  });
});
