import { formatNumber, numberOr, type QualityCheck, type QualityFlag } from '../quality';
import { AREA_USE_FIELDS, computedAreaMu, type AreaUse } from './areas';

/** How far a stated total may be from the sum of its parts before it is flagged, in 亩 (rounding in the school's own sums). */
export const AREA_TOLERANCE_MU = 0.5;

/**
 * A stated `totalAreaMu` more than 0.5 亩 away from the sum of the uses. Both numbers are kept and
 * stated; the report's area is the computed sum (DOMAIN.md: the seed's 约890亩 whose parts add up
 * to 1110). No flag for answers without a total, or whose parts are not all numbers.
 */
export function sumOfPartsFlags(answers: Readonly<Record<string, unknown>>): QualityFlag[] {
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

/** The work-study form's quality checks: a stated total that differs from the sum of its parts. */
export const qualityChecks: QualityCheck[] = [{ code: 'total-differs-from-parts', flags: sumOfPartsFlags }];
