import { MONTH_NAMES_EN } from '../../email/format';
import type { Locale } from '../../i18n';
import type { DistrictReport, Rate } from '../types';

/*
 * How the report's numbers read in each locale. The e-mail, its plain-text part and the charts
 * all format through here, so one figure reads the same wherever it appears; the workbook keeps
 * numbers as numbers and only borrows the number formats below.
 */

const EMPTY = '—';

/** What a figure with no data to compare reads as ("absent is not zero"): — (无数据). */
export function formatNoData(locale: Locale): string {
  return locale === 'en' ? `${EMPTY} (no data)` : `${EMPTY}（无数据）`;
}
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${key}`;
  let found = formatters.get(id);
  if (!found) {
    found = new Intl.NumberFormat(locale, options);
    formatters.set(id, found);
  }
  return found;
}

/** A count: 53,694. */
export function formatCount(value: number | null, locale: Locale): string {
  return value === null ? EMPTY : formatter(locale, 'count', { maximumFractionDigits: 0 }).format(value);
}

/** A measured quantity (kWh, m³, 亩, 元, kg, minutes): up to two decimals, 1,234.5. */
export function formatQuantity(value: number | null, locale: Locale): string {
  return value === null ? EMPTY : formatter(locale, 'quantity', { maximumFractionDigits: 2 }).format(value);
}

/** A rate (0–1) as a percentage with one decimal: 95.9%; '—' when there is nothing to divide by. */
export function formatRate(rate: number | null, locale: Locale): string {
  return rate === null
    ? EMPTY
    : formatter(locale, 'rate', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

/** A `Rate` as "95.9% (46/48)". */
export function formatRateWithParts(rate: Rate, locale: Locale): string {
  if (rate.rate === null) return EMPTY;
  return `${formatRate(rate.rate, locale)} (${formatCount(rate.numerator, locale)}/${formatCount(rate.denominator, locale)})`;
}

/** A change in % (already × 100, as the report stores it) with its sign: +12.3%, -4.0%. */
export function formatChangePercent(value: number | null, locale: Locale): string {
  return value === null
    ? EMPTY
    : `${formatter(locale, 'change', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value)}%`;
}

/** A change in percentage points with its sign: +1.2 个百分点 / +1.2 pp. */
export function formatPoints(value: number | null, locale: Locale): string {
  if (value === null) return EMPTY;
  const number = formatter(locale, 'points', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(value);
  return locale === 'en' ? `${number} pp` : `${number} 个百分点`;
}

/** A month (YYYY-MM) as its readers write it: 2026年10月 / October 2026. */
export function formatMonth(month: string, locale: Locale): string {
  const [year, number] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return locale === 'en' ? `${MONTH_NAMES_EN[number - 1] ?? month} ${year}` : `${year}年${number}月`;
}

/** The e-mail's subject and the workbook's title: 华蓥市教育局 2026年10月 学校后勤月报. */
export function reportTitle(report: Pick<DistrictReport, 'district' | 'month'>, locale: Locale): string {
  return locale === 'en'
    ? `${report.district.name} school logistics report, ${formatMonth(report.month, locale)}`
    : `${report.district.name} ${formatMonth(report.month, locale)} 学校后勤月报`;
}

/** The value at a dotted path of the report (`sections.compliance.schools.0.compliance.rate`). */
export function valueAtPath(report: unknown, path: string): unknown {
  let value: unknown = report;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The workbook's file name: the report's title, safe on every file system. */
export function workbookFilename(
  report: { district: Pick<DistrictReport['district'], 'name'>; month: string },
  locale: Locale,
): string {
  const name =
    locale === 'en'
      ? `${report.district.name} school logistics report ${report.month}`
      : `${report.district.name} ${formatMonth(report.month, locale)} 学校后勤月报`;
  return `${name.replace(/[\\/:*?"<>|\r\n]+/g, ' ').replace(/\s+/g, '-')}.xlsx`;
}
