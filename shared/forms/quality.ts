import type { Text } from '../i18n';
import { AREA_USE_FIELDS, computedAreaMu, type AreaUse } from './work-study';

// Suspicious answers (issue 3, point 2): possible, so accepted, but unlikely enough that the
// monthly report's data-quality section should show them. Impossible answers are refused by the
// forms' schemas instead. Every check here is pure: answers (and history) in, flags out.

/** One suspicious answer of a submission, for the report's data-quality notes. */
export interface QualityFlag {
  code: string;
  /** Dotted path of the answer the flag is about, e.g. `answers.totalAreaMu`. */
  field?: string;
  message: Text;
  details?: Record<string, unknown>;
}

/** How far a stated total may be from the sum of its parts before it is flagged, in 亩 (rounding in the school's own sums). */
export const AREA_TOLERANCE_MU = 0.5;

/** A finite number, or undefined for anything else (answers of another shape or version). */
function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Up to two decimals, without trailing zeros: 1110, 889.5, 0.33. */
function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Totals that differ from the sum of their parts. For `work-study`: a stated `totalAreaMu` more
 * than 0.5 亩 away from the sum of the uses. Both numbers are kept and stated; the report's area
 * is the computed sum (DOMAIN.md: the seed's 约890亩 whose parts add up to 1110). No flag for
 * other forms, for answers without a total, or for answers whose parts are not all numbers.
 */
export function sumOfPartsFlags(formId: string, answers: Readonly<Record<string, unknown>>): QualityFlag[] {
  if (formId !== 'work-study') return [];
  const reported = numberOr(answers.totalAreaMu);
  if (reported === undefined) return [];
  const parts: Partial<Record<AreaUse, number>> = {};
  for (const use of AREA_USE_FIELDS) {
    const part = numberOr(answers[use]);
    if (part === undefined) return [];
    parts[use] = part;
  }
  const computed = computedAreaMu(parts as Record<AreaUse, number>);
  // Compared in hundredths, so a float sum like 0.1 + 0.2 cannot tip a difference of exactly 0.5 over.
  if (Math.abs(Math.round(reported * 100) - Math.round(computed * 100)) <= AREA_TOLERANCE_MU * 100) return [];
  const [r, c, d] = [formatNumber(reported), formatNumber(computed), formatNumber(Math.abs(reported - computed))];
  return [
    {
      code: 'total-differs-from-parts',
      field: 'answers.totalAreaMu',
      message: {
        zh: `填报的劳动实践基地总面积为 ${r} 亩，各用途面积之和为 ${c} 亩，相差 ${d} 亩；统计按各用途之和 ${c} 亩计。`,
        en: `The stated total base area is ${r} mu but the uses add up to ${c} mu (a difference of ${d} mu); the report counts the sum, ${c} mu.`,
      },
      details: { reported, computed },
    },
  ];
}

/** One month of a school's meter readings. */
export interface MeterReading {
  electricityKwh: number;
  waterM3: number;
}

/** Fewest earlier readings that make a history to compare with. */
export const MIN_HISTORY = 3;
/** Most earlier readings compared with: a year of months. */
export const MAX_HISTORY = 12;
/** A reading this many times above, or below, the school's median is flagged. */
export const OUTLIER_FACTOR = 4;

const METERS = [
  { field: 'electricityKwh', zh: '用电量', en: 'Electricity', unit: { zh: '千瓦时', en: 'kWh' } },
  { field: 'waterM3', zh: '用水量', en: 'Water', unit: { zh: '立方米', en: 'm³' } },
] as const;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Readings far from the school's own history. `history` is the school's earlier months, latest
 * first; the latest 12 are used. A value is flagged when it is more than 4 times the median of
 * that history, or less than a quarter of it, given at least 3 earlier values.
 *
 * Why a ratio to the median: the mistakes worth catching are multiplicative — a digit too many or
 * too few (×10), 万千瓦时 for 千瓦时 (×10,000), the meter's cumulative total for the month's use —
 * and all lie far outside a factor of 4, while a school's own seasons (a month of holiday, summer
 * fans) mostly stay inside it. The median ignores the history's own mistakes (up to half of it),
 * and needs no spread estimate: a spread (MAD, standard deviation) from 3 to 12 seasonal values
 * is unstable, and is zero when a few bills repeat the same estimate, so any change would flag.
 * Nothing is flagged with fewer than 3 values, or when the median is 0 (no scale to compare
 * with, e.g. a school without a water meter).
 */
export function meterOutlierFlags(
  answers: Readonly<MeterReading>,
  history: readonly Readonly<MeterReading>[],
): QualityFlag[] {
  const recent = history.slice(0, MAX_HISTORY);
  return METERS.flatMap((meter) => {
    const value = numberOr(answers[meter.field]);
    const earlier = recent
      .map((reading) => numberOr(reading[meter.field]))
      .filter((v): v is number => v !== undefined && v >= 0);
    if (value === undefined || earlier.length < MIN_HISTORY) return [];
    const typical = median(earlier);
    if (typical === 0) return [];
    const high = value > typical * OUTLIER_FACTOR;
    const low = value < typical / OUTLIER_FACTOR;
    if (!high && !low) return [];
    const [v, m, n] = [formatNumber(value), formatNumber(typical), earlier.length];
    const message: Text = high
      ? {
          zh: `本月${meter.zh} ${v} ${meter.unit.zh}，超过本校此前 ${n} 个月中位数（${m} ${meter.unit.zh}）的 ${OUTLIER_FACTOR} 倍，请核对读数（单位、位数、是否误填累计读数）。`,
          en: `${meter.en} this month, ${v} ${meter.unit.en}, is more than ${OUTLIER_FACTOR} times the median of the school's previous ${n} months (${m} ${meter.unit.en}): please check the reading (unit, digits, cumulative total).`,
        }
      : {
          zh: `本月${meter.zh} ${v} ${meter.unit.zh}，不足本校此前 ${n} 个月中位数（${m} ${meter.unit.zh}）的 1/${OUTLIER_FACTOR}，请核对读数（单位、位数）。`,
          en: `${meter.en} this month, ${v} ${meter.unit.en}, is less than 1/${OUTLIER_FACTOR} of the median of the school's previous ${n} months (${m} ${meter.unit.en}): please check the reading (unit, digits).`,
        };
    return [
      {
        code: 'meter-reading-outlier',
        field: `answers.${meter.field}`,
        message,
        details: { value, median: typical, historyCount: n },
      },
    ];
  });
}
