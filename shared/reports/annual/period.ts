import * as z from 'zod';
import { localDate, shiftMonth } from '../../time';
import { AppError } from '../../errors';
import type { Text } from '../../i18n';
import { FIRST_REPORT_MONTH, monthIn } from '../pipeline/month';

/*
 * The period a year-end summary (年度后勤工作总结) covers: a calendar year written `2026`
 * (January to December) or a school year written `2025-26` (September 2025 to August 2026), the
 * two ways the bureaus' summaries count a year. A period is twelve months of district time; like
 * a month's report, its summary is made only once the period has ended there.
 */

/** A period: its id as written, its kind, and its twelve months in order. */
export interface ReportPeriod {
  /** `2026` or `2025-26`. */
  id: string;
  kind: 'calendar-year' | 'school-year';
  /** The twelve months YYYY-MM, first to last. */
  months: string[];
  /** The period a year earlier (`2025`, `2024-25`): what the summary compares with. */
  previous: string;
}

const CALENDAR_YEAR = /^(\d{4})$/;
const SCHOOL_YEAR = /^(\d{4})-(\d{2})$/;

/** The period written `id`, or undefined when it is neither a calendar year nor a school year (`2025-26`: the second year follows the first). */
export function parsePeriod(id: string): ReportPeriod | undefined {
  const calendar = CALENDAR_YEAR.exec(id);
  if (calendar) {
    const year = Number(calendar[1]);
    return { id, kind: 'calendar-year', months: twelveMonthsFrom(`${calendar[1]}-01`), previous: String(year - 1) };
  }
  const school = SCHOOL_YEAR.exec(id);
  if (school) {
    const year = Number(school[1]);
    if (Number(school[2]) !== (year + 1) % 100) return undefined;
    return { id, kind: 'school-year', months: twelveMonthsFrom(`${school[1]}-09`), previous: schoolYearId(year - 1) };
  }
  return undefined;
}

function twelveMonthsFrom(first: string): string[] {
  return Array.from({ length: 12 }, (_, index) => shiftMonth(first, index));
}

/** The school year starting in September of `year`: `2025-26`. */
export function schoolYearId(year: number): string {
  return `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
}

/** Whether `id` is written as a period (calendar or school year). */
export function isPeriodId(id: string): boolean {
  return parsePeriod(id) !== undefined;
}

const PERIOD_TEXT: Text = {
  zh: '应为年度：自然年写作 2026，学年写作 2025-26（9月至次年8月）',
  en: 'Expected a year: a calendar year written 2026, or a school year written 2025-26 (September to August)',
};

/** A period as a path parameter or option: a year or school year whose first month is not before FIRST_REPORT_MONTH. */
export const reportPeriodSchema = z
  .string()
  .refine(isPeriodId, { params: { text: PERIOD_TEXT } })
  .refine((id) => (parsePeriod(id)?.months[0] ?? FIRST_REPORT_MONTH) >= FIRST_REPORT_MONTH, {
    params: {
      text: {
        zh: `年度不能早于 ${FIRST_REPORT_MONTH.slice(0, 4)} 年`,
        en: `The year cannot begin before ${FIRST_REPORT_MONTH}`,
      },
    },
  });

/** The path parameters of a route of one year-end summary (`/v1/annual-reports/{period}…`): the period, read. */
export const reportPeriodPathSchema = z.object({ period: reportPeriodSchema.transform((id) => parsePeriod(id)!) });

/** Whether the period has ended in `timezone` at `now` (its last month is before the month `now` falls in). */
export function periodHasEnded(period: ReportPeriod, timezone: string, now: Date): boolean {
  return period.months[11]! < monthIn(timezone, now);
}

/** REPORT_PERIOD_NOT_ENDED (422) unless the period has ended in `timezone` at `now`. */
export function requireEndedPeriod(period: ReportPeriod, timezone: string, now: Date): void {
  if (!periodHasEnded(period, timezone, now))
    throw new AppError('REPORT_PERIOD_NOT_ENDED', {
      period: period.id,
      lastMonth: period.months[11],
      currentMonth: monthIn(timezone, now),
    });
}

/** The local day the scheduled summaries are produced: 5 January (the calendar year just ended) and 5 September (the school year). */
export const ANNUAL_REPORT_DAYS = { calendarYear: '01-05', schoolYear: '09-05' } as const;

/**
 * The period whose summary is due on the district-local date of `at`: on 5 January the calendar
 * year before, on 5 September the school year that ended in August; otherwise none.
 */
export function periodDueOn(timezone: string, at: Date): ReportPeriod | undefined {
  const today = localDate(timezone, at);
  const year = Number(today.slice(0, 4));
  if (today.slice(5) === ANNUAL_REPORT_DAYS.calendarYear) return parsePeriod(String(year - 1));
  if (today.slice(5) === ANNUAL_REPORT_DAYS.schoolYear) return parsePeriod(schoolYearId(year - 1));
  return undefined;
}
