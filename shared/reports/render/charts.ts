import { Resvg } from '@resvg/resvg-wasm';
import * as echarts from 'echarts';
import { HAZARD_CATEGORIES } from '../../forms/types';
import type { Locale } from '../../i18n';
import type { DistrictReport } from '../types';
import { loadChartRuntime, REPORT_FONT_FAMILY } from './assets';
import { formatRate } from './format';
import { categoryLabel, formTitle, say } from './labels';

/*
 * The report's charts as PNG images for the e-mail (inline, by Content-ID): drawn by ECharts on
 * the server as SVG, then rasterised by resvg with the font that ships with the project, so
 * Chinese reads the same in Lambda (which has no CJK fonts) as on a laptop.
 */

/** One rendered chart. */
export interface ReportChart {
  /** Content-ID the e-mail's HTML refers to (`<img src="cid:…">`). */
  cid: string;
  /** The attachment's file name. */
  filename: string;
  /** What it shows, in the report's locale (the image's alt text and caption). */
  title: string;
  /** The PNG. */
  png: Buffer;
}

/** Options of `renderReportCharts`. */
export interface RenderChartsOptions {
  /** Where the font and resvg's .wasm are (else REPORT_ASSET_DIR, then node_modules; see assets.ts). */
  assetDir?: string;
}

/** The width the e-mail shows a chart at, in CSS pixels. */
export const CHART_WIDTH = 600;
/** Pixels per CSS pixel in the PNG: sharp on phones' high-density screens. */
const CHART_ZOOM = 2;
/** How many schools the compliance chart shows at most (the worst ones); the workbook lists them all. */
export const MAX_SCHOOLS_IN_CHART = 25;

const COLORS = {
  below: '#d64545',
  ok: '#3b7ddd',
  threshold: '#e08a00',
  found: '#8a9bb3',
  overdue: '#d64545',
  open: '#f0a64b',
  text: '#333333',
};

type Option = echarts.EChartsOption;

/** A chart before rendering: its id, title, height in CSS pixels and ECharts option. */
export interface ChartSpec {
  id: string;
  title: string;
  height: number;
  option: Option;
}

const percentOf = (rate: number): number => Math.round(rate * 1000) / 10;

/** A "no data" note over an empty plot, so an empty month still gives a readable picture. */
function emptyNote(locale: Locale): Option['graphic'] {
  return {
    type: 'text',
    left: 'center',
    top: 'middle',
    style: {
      text: say({ zh: '本月无数据', en: 'No data this month' }, locale),
      fontSize: 16,
      fill: '#999999',
      fontFamily: REPORT_FONT_FAMILY,
    },
  };
}

/** What every report chart starts from (the year-end summary's too): no animation, white, the bundled font, a centred title. */
export function chartBase(title: string, subtitle?: string, subtitleColor = '#5f6368'): Option {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: REPORT_FONT_FAMILY, color: COLORS.text },
    title: {
      text: title,
      subtext: subtitle,
      left: 'center',
      textStyle: { fontSize: 16, fontWeight: 'normal' },
      subtextStyle: { fontSize: 12, color: subtitleColor },
    },
  };
}

/**
 * Horizontal bars of rates (0–1) against a threshold: one row per label, the threshold as a
 * dashed line, rows under it in red. Both compliance charts are this chart.
 */
function rateBarsAgainstThreshold(
  id: string,
  title: string,
  subtitle: string,
  rows: readonly { label: string; rate: number }[],
  threshold: number,
  locale: Locale,
): ChartSpec {
  return {
    id,
    title,
    height: 110 + Math.max(rows.length, 3) * 28,
    option: {
      ...chartBase(title, subtitle),
      grid: { left: 12, right: 56, top: 64, bottom: 24, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: rows.map((row) => row.label), axisLabel: { fontSize: 12 } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: rows.map((row) => ({
            value: percentOf(row.rate),
            itemStyle: { color: row.rate < threshold ? COLORS.below : COLORS.ok },
          })),
          label: {
            show: true,
            position: 'right',
            formatter: (params) => formatRate(Number(params.value) / 100, locale),
            fontSize: 11,
            backgroundColor: '#ffffff',
            padding: [1, 2],
          },
          markLine: {
            // Under the bars' value labels, which it would otherwise cross.
            z: 1,
            silent: true,
            symbol: 'none',
            lineStyle: { color: COLORS.threshold, type: 'dashed', width: 1.5 },
            label: { show: false },
            data: [{ xAxis: percentOf(threshold) }],
          },
        },
      ],
      ...(rows.length === 0 ? { graphic: emptyNote(locale) } : {}),
    },
  };
}

/** Compliance by school: worst first, the threshold as a line, schools under it in red. */
function complianceBySchool(report: DistrictReport, locale: Locale): ChartSpec {
  const { schools, threshold } = report.sections.compliance;
  const rated = schools.filter((school) => school.compliance.rate !== null);
  const shown = rated.slice(0, MAX_SCHOOLS_IN_CHART);
  const title = say({ zh: '各校检查完成率', en: 'Compliance by school' }, locale);
  const subtitle =
    rated.length > shown.length
      ? locale === 'en'
        ? `The ${shown.length} lowest of ${rated.length} schools; dashed line: the threshold, ${formatRate(threshold, locale)}`
        : `完成率最低的 ${shown.length} 所（共 ${rated.length} 所）；虚线为阈值 ${formatRate(threshold, locale)}`
      : say(
          {
            zh: `虚线为阈值 ${formatRate(threshold, locale)}，低于阈值标红`,
            en: `Dashed line: the threshold, ${formatRate(threshold, locale)}; schools under it in red`,
          },
          locale,
        );
  const rows = shown.map((school) => ({ label: school.name, rate: school.compliance.rate! }));
  return rateBarsAgainstThreshold('compliance-by-school', title, subtitle, rows, threshold, locale);
}

/** Compliance by form type (event forms, never due, left out). */
function complianceByForm(report: DistrictReport, locale: Locale): ChartSpec {
  const { byFormType, threshold } = report.sections.compliance;
  const rated = byFormType.filter((form) => form.compliance.rate !== null);
  const title = say({ zh: '各类检查完成率', en: 'Compliance by form type' }, locale);
  const subtitle = say(
    {
      zh: `虚线为阈值 ${formatRate(threshold, locale)}`,
      en: `Dashed line: the threshold, ${formatRate(threshold, locale)}`,
    },
    locale,
  );
  const rows = rated.map((form) => ({ label: formTitle(form.formType, locale), rate: form.compliance.rate! }));
  return rateBarsAgainstThreshold('compliance-by-form', title, subtitle, rows, threshold, locale);
}

/**
 * Hazards by category: found this month beside those open at month end, split into overdue and
 * not yet due. (The report counts categories per state, not per state and severity.)
 */
function hazardsByCategory(report: DistrictReport, locale: Locale): ChartSpec {
  const { found, openAtMonthEnd, overdueAtMonthEnd } = report.sections.hazards;
  const used = HAZARD_CATEGORIES.filter(
    (category) => found.byCategory[category] + openAtMonthEnd.byCategory[category] > 0,
  );
  const categories = used.length > 0 ? used : HAZARD_CATEGORIES;
  const title = say({ zh: '隐患类别与整改状态', en: 'Hazards by category and state' }, locale);
  const series = (name: string, stack: string, color: string, values: number[]) => ({
    type: 'bar' as const,
    name,
    stack,
    barMaxWidth: 14,
    itemStyle: { color },
    label: {
      show: true,
      position: 'inside' as const,
      fontSize: 10,
      color: '#ffffff',
      formatter: (params: { value: unknown }) => (Number(params.value) > 0 ? String(params.value) : ''),
    },
    data: values,
  });
  return {
    id: 'hazards-by-category',
    title,
    height: 130 + categories.length * 40,
    option: {
      ...chartBase(title),
      legend: { bottom: 8, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
      grid: { left: 12, right: 24, top: 48, bottom: 44, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: categories.map((category) => categoryLabel(category, locale)),
        axisLabel: { fontSize: 12 },
      },
      series: [
        series(
          say({ zh: '本月发现', en: 'Found this month' }, locale),
          'found',
          COLORS.found,
          categories.map((category) => found.byCategory[category]),
        ),
        series(
          say({ zh: '月末逾期未整改', en: 'Overdue at month end' }, locale),
          'open',
          COLORS.overdue,
          categories.map((category) => overdueAtMonthEnd.byCategory[category]),
        ),
        series(
          say({ zh: '月末未整改（未到期）', en: 'Open, not yet due' }, locale),
          'open',
          COLORS.open,
          categories.map((category) =>
            Math.max(0, openAtMonthEnd.byCategory[category] - overdueAtMonthEnd.byCategory[category]),
          ),
        ),
      ],
      ...(used.length === 0 ? { graphic: emptyNote(locale) } : {}),
    },
  };
}

/** The charts' specifications, in the order the e-mail shows them. */
export function reportChartSpecs(report: DistrictReport, locale: Locale): ChartSpec[] {
  return [complianceBySchool(report, locale), complianceByForm(report, locale), hazardsByCategory(report, locale)];
}

/** ECharts' server-side SVG of one chart. */
export function chartSvg(spec: Pick<ChartSpec, 'height' | 'option'>): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: spec.height });
  try {
    chart.setOption(spec.option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The SVG as a PNG, drawn with the bundled font only (no system fonts: the same everywhere). */
export function svgToPng(svg: string, font: Uint8Array): Buffer {
  const resvg = new Resvg(svg, {
    font: {
      fontBuffers: [font],
      defaultFontFamily: REPORT_FONT_FAMILY,
      sansSerifFamily: REPORT_FONT_FAMILY,
      loadSystemFonts: false,
    },
    fitTo: { mode: 'zoom', value: CHART_ZOOM },
    background: '#ffffff',
  });
  try {
    const image = resvg.render();
    try {
      return Buffer.from(image.asPng());
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * The report's charts as PNGs: compliance by school (worst first, threshold line), compliance by
 * form type, and hazards by category and state. A month without data gives charts that say so.
 */
export async function renderReportCharts(
  report: DistrictReport,
  locale: Locale,
  options: RenderChartsOptions = {},
): Promise<ReportChart[]> {
  const { font } = await loadChartRuntime(options.assetDir);
  return reportChartSpecs(report, locale).map((spec) => ({
    cid: `${spec.id}.${report.month}@houqin`,
    filename: `${spec.id}-${report.month}.png`,
    title: spec.title,
    png: svgToPng(chartSvg(spec), font),
  }));
}
