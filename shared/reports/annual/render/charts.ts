import type * as echarts from 'echarts';
import type { Locale } from '../../../i18n';
import { loadChartRuntime } from '../../render/assets';
import { chartBase, chartSvg, svgToPng, type ChartSpec, type ReportChart } from '../../render/charts';
import { formatMonth, formatRate } from '../../render/format';
import { say } from '../../render/labels';
import type { AnnualReport } from '../types';

/*
 * The year-end summary's charts, drawn as the monthly report's are (ECharts' SVG, rasterised by
 * resvg with the bundled Noto Sans SC, render/charts.ts): the twelve-month compliance trend
 * against the previous year and the threshold, electricity and water month by month against the
 * previous year, and hazards found and open month by month. The Word document embeds them, the
 * e-mail shows them inline.
 */

type Option = echarts.EChartsOption;

const COLORS = {
  current: '#3b7ddd',
  previous: '#a9b8cc',
  threshold: '#e08a00',
  found: '#8a9bb3',
  open: '#f0a64b',
  overdue: '#d64545',
  water: '#3aa6a0',
};

const percentOf = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 1000) / 10);

function base(title: string, subtitle?: string): Option {
  return {
    ...chartBase(title, subtitle, '#777777'),
    legend: { bottom: 6, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
    grid: { left: 12, right: 24, top: 64, bottom: 44, containLabel: true },
  };
}

/** A month's axis label: 1月 … 12月 (or Jan … Dec), with the year where it changes. */
function monthLabels(months: readonly string[], locale: Locale): string[] {
  return months.map((month, index) => {
    const number = Number(month.slice(5, 7));
    const full = formatMonth(month, locale);
    if (index === 0 || number === 1) return full;
    return locale === 'en' ? full.slice(0, 3) : `${number}月`;
  });
}

/** The x axis of a chart of the period's months. */
function monthAxis(byMonth: readonly { month: string }[], locale: Locale): Option['xAxis'] {
  return {
    type: 'category',
    data: monthLabels(
      byMonth.map((m) => m.month),
      locale,
    ),
    axisLabel: { fontSize: 11 },
  };
}

function complianceTrend(report: AnnualReport, locale: Locale): ChartSpec {
  const { byMonth, threshold } = report.sections.compliance;
  const title = say({ zh: '各月检查完成率', en: 'Compliance month by month' }, locale);
  const subtitle = say(
    {
      zh: `与上年同期比较；虚线为阈值 ${formatRate(threshold, locale)}`,
      en: `Against the year before; dashed line: the threshold, ${formatRate(threshold, locale)}`,
    },
    locale,
  );
  return {
    id: 'annual-compliance-trend',
    title,
    height: 340,
    option: {
      ...base(title, subtitle),
      xAxis: monthAxis(byMonth, locale),
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'line',
          name: say({ zh: '本年度', en: 'This year' }, locale),
          data: byMonth.map((m) => percentOf(m.compliance.rate)),
          itemStyle: { color: COLORS.current },
          lineStyle: { width: 2.5 },
          label: {
            show: true,
            fontSize: 10,
            formatter: (p) => (p.value === null || p.value === undefined ? '' : `${String(p.value)}%`),
          },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: COLORS.threshold, type: 'dashed', width: 1.5 },
            label: { show: false },
            data: [{ yAxis: percentOf(threshold) ?? 0 }],
          },
        },
        {
          type: 'line',
          name: say({ zh: '上年同期', en: 'A year earlier' }, locale),
          data: byMonth.map((m) => percentOf(m.previousYear.rate)),
          itemStyle: { color: COLORS.previous },
          lineStyle: { type: 'dotted', width: 2 },
        },
      ],
    },
  };
}

function energyTrend(report: AnnualReport, locale: Locale): ChartSpec {
  const { byMonth } = report.sections.energy;
  const title = say({ zh: '各月用电、用水量', en: 'Electricity and water month by month' }, locale);
  const subtitle = say(
    {
      zh: '柱：用电（千瓦时）；线：用水（立方米）；浅色为上年同期',
      en: 'Bars: electricity (kWh); lines: water (m³); lighter: a year earlier',
    },
    locale,
  );
  return {
    id: 'annual-energy-trend',
    title,
    height: 360,
    option: {
      ...base(title, subtitle),
      xAxis: monthAxis(byMonth, locale),
      yAxis: [
        { type: 'value', name: say({ zh: '千瓦时', en: 'kWh' }, locale), nameTextStyle: { fontSize: 11 } },
        {
          type: 'value',
          name: say({ zh: '立方米', en: 'm³' }, locale),
          nameTextStyle: { fontSize: 11 },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          type: 'bar',
          name: say({ zh: '用电（本年度）', en: 'Electricity (this year)' }, locale),
          data: byMonth.map((m) => m.electricityKwh),
          itemStyle: { color: COLORS.current },
          barMaxWidth: 14,
        },
        {
          type: 'bar',
          name: say({ zh: '用电（上年同期）', en: 'Electricity (a year earlier)' }, locale),
          data: byMonth.map((m) => m.previousYearElectricityKwh),
          itemStyle: { color: COLORS.previous },
          barMaxWidth: 14,
        },
        {
          type: 'line',
          yAxisIndex: 1,
          name: say({ zh: '用水（本年度）', en: 'Water (this year)' }, locale),
          data: byMonth.map((m) => m.waterM3),
          itemStyle: { color: COLORS.water },
        },
        {
          type: 'line',
          yAxisIndex: 1,
          name: say({ zh: '用水（上年同期）', en: 'Water (a year earlier)' }, locale),
          data: byMonth.map((m) => m.previousYearWaterM3),
          itemStyle: { color: COLORS.water },
          lineStyle: { type: 'dotted' },
        },
      ],
    },
  };
}

function hazardTrend(report: AnnualReport, locale: Locale): ChartSpec {
  const { byMonth } = report.sections.hazards;
  const title = say({ zh: '各月安全隐患发现与整改情况', en: 'Hazards month by month' }, locale);
  return {
    id: 'annual-hazard-trend',
    title,
    height: 320,
    option: {
      ...base(title),
      xAxis: monthAxis(byMonth, locale),
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: say({ zh: '当月发现', en: 'Found' }, locale),
          data: byMonth.map((m) => m.found),
          itemStyle: { color: COLORS.found },
          barMaxWidth: 18,
          label: {
            show: true,
            position: 'top',
            fontSize: 10,
            formatter: (p) => (Number(p.value) > 0 ? String(p.value) : ''),
          },
        },
        {
          type: 'line',
          name: say({ zh: '月末未整改', en: 'Open at month end' }, locale),
          data: byMonth.map((m) => m.openAtMonthEnd),
          itemStyle: { color: COLORS.open },
        },
        {
          type: 'line',
          name: say({ zh: '月末逾期', en: 'Overdue at month end' }, locale),
          data: byMonth.map((m) => m.overdueAtMonthEnd),
          itemStyle: { color: COLORS.overdue },
        },
      ],
    },
  };
}

/** The summary's charts' specifications, in the document's order of use. */
export function annualChartSpecs(report: AnnualReport, locale: Locale): ChartSpec[] {
  return [energyTrend(report, locale), hazardTrend(report, locale), complianceTrend(report, locale)];
}

/** The summary's charts as PNGs (ids: annual-energy-trend, annual-hazard-trend, annual-compliance-trend). */
export async function renderAnnualCharts(
  report: AnnualReport,
  locale: Locale,
  options: { assetDir?: string } = {},
): Promise<(ReportChart & { id: string; height: number })[]> {
  const { font } = await loadChartRuntime(options.assetDir);
  return annualChartSpecs(report, locale).map((spec) => ({
    id: spec.id,
    height: spec.height,
    cid: `${spec.id}.${report.period}@houqin`,
    filename: `${spec.id}-${report.period}.png`,
    title: spec.title,
    png: svgToPng(chartSvg(spec), font),
  }));
}
