import type { Text } from '../i18n';

// Suspicious answers (issue 3, point 2): possible, so accepted, but unlikely enough that the
// monthly report's data-quality section should show them. Impossible answers are refused by the
// forms' schemas instead. Each form declares its own checks in its folder (`qualityChecks` of its
// definition, e.g. shared/forms/work-study/quality.ts); this module runs them and names no form.
// Every check is pure: answers (and history) in, flags out.

/** One suspicious answer of a submission, for the report's data-quality notes. */
export interface QualityFlag {
  code: string;
  /** Dotted path of the answer the flag is about, e.g. `answers.totalAreaMu`. */
  field?: string;
  message: Text;
  details?: Record<string, unknown>;
}

/**
 * One check a form declares. Answers come as stored (possibly of an older version or another
 * shape), so a check reads them defensively (`numberOr`) and flags nothing it cannot read.
 */
export interface QualityCheck {
  /** The code of the flags it raises, e.g. `total-differs-from-parts`. */
  code: string;
  /** True when it compares with the school's own earlier answers of the form (the twelve months before). */
  usesHistory?: boolean;
  /** The flags of one submission's answers; `history` is the school's earlier answers, latest first (empty unless `usesHistory`). */
  flags(
    answers: Readonly<Record<string, unknown>>,
    history: readonly Readonly<Record<string, unknown>>[],
  ): QualityFlag[];
}

/** What the checks need of a form: the checks it declares. */
export interface WithQualityChecks {
  qualityChecks?: readonly QualityCheck[];
}

/** Whether any of the form's checks compares with the school's earlier answers. */
export function checksUseHistory(form: WithQualityChecks | undefined): boolean {
  return (form?.qualityChecks ?? []).some((check) => check.usesHistory);
}

/** Every flag the form's checks raise on one submission's answers, check by check in declared order. */
export function qualityFlagsOf(
  form: WithQualityChecks | undefined,
  answers: Readonly<Record<string, unknown>>,
  history: readonly Readonly<Record<string, unknown>>[],
): QualityFlag[] {
  return (form?.qualityChecks ?? []).flatMap((check) => check.flags(answers, check.usesHistory ? history : []));
}

/** A finite number, or undefined for anything else (answers of another shape or version). */
export function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Up to two decimals, without trailing zeros: 1110, 889.5, 0.33. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}
