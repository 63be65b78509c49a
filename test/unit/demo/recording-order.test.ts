import { DEMO_SCHOOLS } from '../../../infra/local/demo/district';
import type { DemoSchoolProfile } from '../../../shared/forms/demo-kit';
import { planDemoHistory, type DemoHistoryPlan } from '../../../infra/local/demo/history-plan';
import { recordingOrder } from '../../../infra/local/demo/seed-history';
import { monthOf } from '../../../shared/time';

const TIMEZONE = 'Asia/Shanghai';
const schools: DemoSchoolProfile[] = DEMO_SCHOOLS.map((school) => ({
  ...school,
  nutritionProgramme: school.nutritionProgramme ?? false,
}));
const plan = (now: string): DemoHistoryPlan =>
  planDemoHistory({ now: new Date(now), districtId: 'huaying', schools, timezone: TIMEZONE });

// A Saturday morning in Huaying: the history is October and November up to Friday the 27th.
const SATURDAY = '2026-11-28T02:00:00Z';

describe('recordingOrder', () => {
  it('records the critical submission on its own first, then every other planned submission exactly once', () => {
    // Prepare
    const history = plan(SATURDAY);
    // Act
    const order = recordingOrder(history);
    // Assess
    expect(order.critical?.submissionId).toBe(history.critical.submissionId);
    const ids = [order.critical!, ...order.months.flatMap((month) => [...month.submissions, ...month.corrections])].map(
      (submission) => submission.submissionId,
    );
    expect(ids).toHaveLength(history.submissions.length);
    expect(new Set(ids)).toEqual(new Set(history.submissions.map((submission) => submission.submissionId)));
  });

  it('goes month by month in the window’s order, each month holding only its own dates', () => {
    // Act
    const order = recordingOrder(plan(SATURDAY));
    // Assess
    expect(order.months.map((month) => month.month)).toEqual(['2026-10', '2026-11']);
    for (const { month, submissions, corrections } of order.months) {
      expect([...submissions, ...corrections].every((submission) => monthOf(submission.date) === month)).toBe(true);
    }
  });

  it('records a correction after the month’s other submissions, the one it corrects among them or earlier', () => {
    // Prepare
    const history = plan(SATURDAY);
    // Act
    const order = recordingOrder(history);
    // Assess
    const corrections = order.months.flatMap((month) => month.corrections);
    expect(corrections.map((submission) => submission.submissionId)).toEqual([history.correction.submissionId]);
    const position = (submissionId: string) =>
      order.months.findIndex((month) =>
        month.submissions.some((submission) => submission.submissionId === submissionId),
      );
    const correctedIn = position(history.correction.supersedes);
    const correctionIn = order.months.findIndex((month) => month.corrections.length > 0);
    expect(correctedIn).toBeGreaterThanOrEqual(0);
    expect(correctedIn).toBeLessThanOrEqual(correctionIn);
    expect(order.months.flatMap((month) => month.submissions).some((submission) => submission.supersedes)).toBe(false);
  });

  it('names the month before the start as the previous month', () => {
    // Act
    const order = recordingOrder(plan(SATURDAY));
    // Assess
    expect(order.previousMonth).toBe('2026-10');
  });

  it('names the month just ended on the 1st of a month, when the window holds nothing after it', () => {
    // Prepare: 00:30 on 1 December in Huaying (still 30 November in UTC).
    const history = plan('2026-11-30T16:30:00Z');
    // Act
    const order = recordingOrder(history);
    // Assess
    expect(order.previousMonth).toBe('2026-11');
    expect(order.months.every((month) => month.month <= order.previousMonth)).toBe(true);
  });

  it('counts every month the window reaches back to as before the previous month in the summer holidays', () => {
    // Prepare: 20 August: the window reaches back to June.
    const history = plan('2026-08-20T02:00:00Z');
    // Act
    const order = recordingOrder(history);
    // Assess
    expect(order.previousMonth).toBe('2026-07');
    expect(order.months.map((month) => month.month)).toEqual(['2026-06', '2026-07', '2026-08']);
  });
});
