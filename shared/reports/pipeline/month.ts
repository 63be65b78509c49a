import * as z from 'zod';
import { isMonth, localDate, shiftMonth } from '../../time';
import { AppError } from '../../errors';

/*
 * Which month a report is for. A month is YYYY-MM in the district's time. A report is made only
 * of a month that has ended there: its figures are month-end facts (hazards "as of" the month's
 * last instant), and a report made mid-month would be mailed as if it were final. The month so
 * far is what GET /v1/compliance?month= shows.
 */

/** The first month reports may be asked for (nothing of Houqin is older). */
export const FIRST_REPORT_MONTH = '2020-01';

/** A month written YYYY-MM, from 2020-01; the reason in the caller's locale. */
export const reportMonthSchema = z
  .string()
  .refine(isMonth, {
    params: {
      text: { zh: '应为月份，格式 YYYY-MM（例如 2026-04）', en: 'Expected a month written YYYY-MM (e.g. 2026-04)' },
    },
  })
  .refine((month) => !isMonth(month) || month >= FIRST_REPORT_MONTH, {
    params: {
      text: { zh: `月份不能早于 ${FIRST_REPORT_MONTH}`, en: `The month cannot be before ${FIRST_REPORT_MONTH}` },
    },
  });

/** The month of `at` in `timezone`. */
export function monthIn(timezone: string, at: Date): string {
  return localDate(timezone, at).slice(0, 7);
}

/** The month before the one `at` falls in, in `timezone`: what the schedule reports on the 1st. */
export function previousMonthIn(timezone: string, at: Date): string {
  return shiftMonth(monthIn(timezone, at), -1);
}

/** Whether `month` has ended in `timezone` at `now` (it is before the month `now` falls in). */
export function monthHasEnded(month: string, timezone: string, now: Date): boolean {
  return month < monthIn(timezone, now);
}

/** The path parameters of a route of one month's report (`/v1/reports/{month}…`). */
export const reportMonthPathSchema = z.object({ month: reportMonthSchema });

/** REPORT_MONTH_NOT_ENDED (422) unless `month` has ended in `timezone` at `now`. */
export function requireEndedMonth(month: string, timezone: string, now: Date): void {
  if (!monthHasEnded(month, timezone, now))
    throw new AppError('REPORT_MONTH_NOT_ENDED', { month, currentMonth: monthIn(timezone, now) });
}
