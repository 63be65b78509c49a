import type { Principal } from '../auth/principal';
import { findForm } from '../forms/catalogue';
import { checksUseHistory, qualityFlagsOf, type QualityFlag } from '../forms/quality';
import { addDays, monthOf } from '../time';
import { readSchoolMonthOfForm } from './store';

export type { QualityFlag };

/** How far back a reading is compared: a year of monthly readings. */
const HISTORY_MONTHS = 12;

/** The form whose checks apply to a submission of `formType`: its latest version, retired or not. */
function checkedForm(formType: string) {
  return findForm(formType, undefined, undefined, { includeRetired: true });
}

/** Whether one of the form's quality checks (its folder's quality.ts) needs the school's earlier answers. */
export function needsHistory(formType: string): boolean {
  return checksUseHistory(checkedForm(formType));
}

/** The months (YYYY-MM) before `date`'s month, latest first. */
function previousMonths(date: string, count: number): string[] {
  const months: string[] = [];
  let cursor = `${monthOf(date)}-01`;
  for (let i = 0; i < count; i += 1) {
    cursor = addDays(cursor, -1).slice(0, 8) + '01';
    months.push(monthOf(cursor));
  }
  return months;
}

/**
 * The school's current (not superseded) answers of `formType` in the twelve months before
 * `date`, latest first: one small Query per month on the school's own partition.
 */
export async function earlierAnswers(
  principal: Extract<Principal, { role: 'school' }>,
  formType: string,
  date: string,
): Promise<Record<string, unknown>[]> {
  const months = previousMonths(date, HISTORY_MONTHS);
  const pages = await Promise.all(
    months.map((month) => readSchoolMonthOfForm(principal.districtId, principal.schoolId, month, formType)),
  );
  return pages.flatMap((Items) =>
    Items.filter((item) => item.supersededBy === undefined)
      .sort((a, b) => (a.date < b.date ? 1 : -1))
      .map((item) => item.answers as Record<string, unknown>),
  );
}

/**
 * Suspicious but accepted answers of one submission, for the report's data-quality section: the
 * flags of every check its form declares (none for a form without checks or an unknown one).
 */
export function qualityFlagsFor(
  formId: string,
  answers: Record<string, unknown>,
  history: readonly Record<string, unknown>[],
): QualityFlag[] {
  return qualityFlagsOf(checkedForm(formId), answers, history);
}
