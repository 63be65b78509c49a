import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-wasm';
import { loadChartRuntime, readReportAsset, reportAssetCandidates } from '../../../../shared/reports/render/assets';
import {
  CHART_WIDTH,
  MAX_SCHOOLS_IN_CHART,
  renderReportCharts,
  reportChartSpecs,
  type ReportChart,
} from '../../../../shared/reports/render/charts';
import type { SchoolComplianceRow } from '../../../../shared/reports/types';
import { makeEmptyReport, makeReport } from './fixture';
import { decodePng, PNG_MAGIC } from './png';

// Rasterising with a 10 MB CJK font takes a few seconds on a busy machine.
jest.setTimeout(120_000);

/** Counts pixels darker than mid-grey in resvg's RGBA output. */
function darkPixels(svg: string, fontBuffers: Uint8Array[]): number {
  const image = new Resvg(svg, {
    font: { fontBuffers, defaultFontFamily: 'Noto Sans SC', loadSystemFonts: false },
    background: '#ffffff',
  }).render();
  const pixels = image.pixels;
  let dark = 0;
  for (let index = 0; index < pixels.length; index += 4) if (pixels[index]! < 128 && pixels[index + 3]! > 0) dark++;
  return dark;
}

describe('renderReportCharts', () => {
  let zh: ReportChart[];

  beforeAll(async () => {
    zh = await renderReportCharts(makeReport(), 'zh-CN');
  });

  it('renders compliance by school, compliance by form type and hazards by category as PNGs', () => {
    // Assess
    expect(zh.map((chart) => chart.filename)).toEqual([
      'compliance-by-school-2026-10.png',
      'compliance-by-form-2026-10.png',
      'hazards-by-category-2026-10.png',
    ]);
    expect(zh.map((chart) => chart.title)).toEqual(['各校检查完成率', '各类检查完成率', '隐患类别与整改状态']);
    for (const chart of zh) expect(chart.png.subarray(0, 8)).toEqual(PNG_MAGIC);
  });

  it('gives each chart a distinct Content-ID for the e-mail', () => {
    // Assess
    const cids = zh.map((chart) => chart.cid);
    expect(new Set(cids).size).toBe(cids.length);
    for (const cid of cids) expect(cid).toMatch(/^[a-z-]+\.2026-10@houqin$/);
  });

  it('draws at twice the e-mail width, and every PNG decodes to the size its header says', () => {
    // Prepare
    const specs = reportChartSpecs(makeReport(), 'zh-CN');
    // Act
    const decoded = zh.map((chart) => decodePng(chart.png));
    // Assess
    decoded.forEach((png, index) => {
      expect(png.width).toBe(CHART_WIDTH * 2);
      expect(png.height).toBe(specs[index]!.height * 2);
      expect(png.bitDepth).toBe(8);
      expect(png.data.length).toBe(png.expectedLength);
    });
  });

  it('renders a month without schools or hazards without failing', async () => {
    // Act
    const charts = await renderReportCharts(makeEmptyReport(), 'en');
    // Assess
    expect(charts).toHaveLength(3);
    for (const chart of charts) {
      const png = decodePng(chart.png);
      expect(png.data.length).toBe(png.expectedLength);
    }
  });

  it('titles the charts in English for an English district', async () => {
    // Act
    const charts = await renderReportCharts(makeReport(), 'en');
    // Assess
    expect(charts.map((chart) => chart.title)).toEqual([
      'Compliance by school',
      'Compliance by form type',
      'Hazards by category and state',
    ]);
  });
});

describe('reportChartSpecs', () => {
  it('shows the worst schools first and at most MAX_SCHOOLS_IN_CHART of them', () => {
    // Prepare
    const report = makeReport();
    const template = report.sections.compliance.schools[0]!;
    const many: SchoolComplianceRow[] = Array.from({ length: 40 }, (_, index) => ({
      ...template,
      schoolId: `s-${String(index).padStart(2, '0')}`,
      name: `学校${index}`,
      compliance: { numerator: index, denominator: 40, rate: index / 40 },
    }));
    report.sections.compliance.schools = many;
    // Act
    const [bySchool] = reportChartSpecs(report, 'zh-CN');
    // Assess
    const yAxis = bySchool!.option.yAxis as { data: string[]; inverse: boolean };
    expect(yAxis.data).toHaveLength(MAX_SCHOOLS_IN_CHART);
    expect(yAxis.data[0]).toBe('学校0');
    expect(yAxis.inverse).toBe(true);
    expect((bySchool!.option.title as { subtext: string }).subtext).toContain(
      `完成率最低的 ${MAX_SCHOOLS_IN_CHART} 所（共 40 所）`,
    );
  });

  it('draws the threshold as a line and the schools under it in red', () => {
    // Prepare
    const report = makeReport();
    // Act
    const [bySchool] = reportChartSpecs(report, 'zh-CN');
    // Assess
    const [series] = bySchool!.option.series as {
      data: { value: number; itemStyle: { color: string } }[];
      markLine: { data: { xAxis: number }[] };
    }[];
    expect(series!.markLine.data).toEqual([{ xAxis: 90 }]);
    const colours = series!.data.map((bar) => (bar.value < 90 ? 'below' : 'ok') + ':' + bar.itemStyle.color);
    expect(new Set(colours.filter((colour) => colour.startsWith('below')))).toEqual(new Set(['below:#d64545']));
    expect(new Set(colours.filter((colour) => colour.startsWith('ok')))).toEqual(new Set(['ok:#3b7ddd']));
  });

  it('counts hazards per category found, overdue and open but not yet due, from the report', () => {
    // Prepare
    const report = makeReport();
    const { found, openAtMonthEnd, overdueAtMonthEnd } = report.sections.hazards;
    // Act
    const hazards = reportChartSpecs(report, 'zh-CN')[2]!;
    // Assess
    const categories = (hazards.option.yAxis as { data: string[] }).data;
    const [foundSeries, overdueSeries, openSeries] = hazards.option.series as { data: number[]; stack: string }[];
    expect(categories).toEqual(['用电安全', '消防安全', '食品安全', '饮水与防溺水', '治安与安保', '其他']);
    expect(foundSeries!.data).toEqual([
      found.byCategory.electrical,
      found.byCategory.fire,
      found.byCategory.food,
      found.byCategory.water,
      found.byCategory.security,
      found.byCategory.other,
    ]);
    expect(overdueSeries!.data).toEqual([1, 1, 1, 0, 0, 0]);
    expect(openSeries!.data).toEqual([
      openAtMonthEnd.byCategory.electrical - overdueAtMonthEnd.byCategory.electrical,
      openAtMonthEnd.byCategory.fire - overdueAtMonthEnd.byCategory.fire,
      openAtMonthEnd.byCategory.food - overdueAtMonthEnd.byCategory.food,
      0,
      0,
      openAtMonthEnd.byCategory.other,
    ]);
    expect(overdueSeries!.stack).toBe(openSeries!.stack);
    expect(foundSeries!.stack).not.toBe(openSeries!.stack);
  });
});

describe('the chart font', () => {
  it('draws Chinese text that resvg without the bundled font leaves blank', async () => {
    // Prepare
    const { font } = await loadChartRuntime();
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-family="Noto Sans SC" font-size="32">学校后勤</text></svg>';
    // Act
    const withFont = darkPixels(svg, [font]);
    const withoutFont = darkPixels(svg, []);
    // Assess
    expect(withFont).toBeGreaterThan(500);
    expect(withoutFont).toBe(0);
  });
});

describe('report assets', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'houqin-assets-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('looks in the given asset directory first, then node_modules', () => {
    // Act
    const candidates = reportAssetCandidates('font', dir);
    // Assess
    expect(candidates[0]).toBe(join(dir, 'NotoSansSC_400Regular.ttf'));
    expect(candidates[1]).toMatch(
      /node_modules\/@expo-google-fonts\/noto-sans-sc\/400Regular\/NotoSansSC_400Regular\.ttf$/,
    );
  });

  it('reads the file from the asset directory when it is there', async () => {
    // Prepare
    await writeFile(join(dir, 'index_bg.wasm'), 'copied by the bundling');
    // Act
    const bytes = await readReportAsset('wasm', dir);
    // Assess
    expect(bytes.toString()).toBe('copied by the bundling');
  });

  it('falls back to node_modules when the asset directory lacks the file', async () => {
    // Act
    const bytes = await readReportAsset('wasm', dir);
    // Assess
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x00, 0x61, 0x73, 0x6d]));
  });
});
