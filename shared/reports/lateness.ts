import { addDays, dayNumber, localDate, monthBounds, weekStart } from '../time';
import type { Cadence } from '../forms/types';
import { formOf } from './figures';
import type { ReportSubmission } from './input';
import { LATE_GRACE_DAYS } from './sections';

/* When a submission is late (rollup.ts's header comment, "Late"). */

/** The last day of the occasion a submission dated `date` is for (see the header comment). */
export function deadlineOf(cadence: Cadence, date: string): string {
  switch (cadence) {
    case 'school-day':
    case 'school-night':
      return date;
    case 'weekly':
      return addDays(weekStart(date), 6);
    default:
      return monthBounds(date.slice(0, 7)).last;
  }
}

/** Days after its occasion's end that a submission was received (district time); 0 when on time or within the grace days. */
export function daysLate(
  submission: Pick<ReportSubmission, 'formType' | 'formVersion' | 'date' | 'receivedAt' | 'imported'>,
  timezone: string,
): number {
  const form = formOf(submission);
  const received = Date.parse(submission.receivedAt);
  // A past record loaded by the history import was received when it was imported: never late.
  if (!form || !Number.isFinite(received) || submission.imported) return 0;
  const after =
    dayNumber(localDate(timezone, new Date(received))) - dayNumber(deadlineOf(form.cadence, submission.date));
  return after > LATE_GRACE_DAYS ? after : 0;
}
