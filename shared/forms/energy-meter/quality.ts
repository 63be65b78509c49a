import type { Text } from '../../i18n';
import { formatNumber, numberOr, type QualityCheck, type QualityFlag } from '../quality';

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

/** The energy meter's quality checks: a reading far from the school's own history. */
export const qualityChecks: QualityCheck[] = [
  {
    code: 'meter-reading-outlier',
    usesHistory: true,
    flags: (answers, history) =>
      meterOutlierFlags(answers as Readonly<MeterReading>, history as Readonly<MeterReading>[]),
  },
];
