import { monthOf, weekStart } from '../../../shared/time';
import { isSchoolDay } from '../../../shared/calendar/school-calendar';
import { complianceFor } from '../../../shared/compliance/compliance';
import { DEMO_SCHOOLS } from '../../../infra/local/demo/district';
import type { DemoSchoolProfile } from '../../../shared/forms/demo-kit';
import { DEMO_GAPS, demoWindow, planDemoHistory, type DemoHistoryPlan } from '../../../infra/local/demo/history-plan';
import { FORMS, findForm, formAppliesTo, hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { qualityFlagsOf } from '../../../shared/forms/quality';
import { hazardIdFor } from '../../../shared/hazards/raise-hazards';

// A Saturday morning in Huaying (10:00 Asia/Shanghai): the history runs from 1 October 2026 to
// Friday 27 November, 38 school days (the National Day holiday takes 1–7 October).
const NOW = new Date('2026-11-28T02:00:00Z');
const TIMEZONE = 'Asia/Shanghai';

const schools: DemoSchoolProfile[] = DEMO_SCHOOLS.map((school) => ({
  ...school,
  nutritionProgramme: school.nutritionProgramme ?? false,
}));
const schoolById = new Map(schools.map((school) => [school.schoolId, school]));

const plan = (now: Date = NOW): DemoHistoryPlan =>
  planDemoHistory({ now, districtId: 'huaying', schools, timezone: TIMEZONE });

/** Compliance of a month as the district would see it, from the planned submissions. */
function complianceOf(history: DemoHistoryPlan, month: string) {
  const registered = schools.map((school) => ({ ...school, registeredOn: history.registeredOn }));
  const submissions = history.submissions.map((submission) => ({
    ...submission,
    ...(submission.submissionId === history.correction.supersedes
      ? { supersededBy: history.correction.submissionId }
      : {}),
  }));
  return complianceFor({}, registered, submissions, month);
}

describe('demoWindow', () => {
  it('covers the previous calendar month and the current month up to yesterday', () => {
    // Act
    const window = demoWindow(NOW, TIMEZONE);
    // Assess
    expect(window).toMatchObject({ from: '2026-10-01', to: '2026-11-27', months: ['2026-10', '2026-11'] });
    expect(window.schoolDays).toHaveLength(38);
  });

  it('takes yesterday in district time, not in UTC', () => {
    // Prepare: 00:30 on 1 December in Huaying is still 30 November in UTC.
    const now = new Date('2026-11-30T16:30:00Z');
    // Act
    const window = demoWindow(now, TIMEZONE);
    // Assess
    expect(window).toMatchObject({ from: '2026-11-01', to: '2026-11-30', months: ['2026-11'] });
  });

  it('reaches back whole months when a start in the summer holidays leaves too few school days', () => {
    // Prepare: July 2026 has 8 school days (the spring term ends on the 10th), August none.
    const now = new Date('2026-08-20T02:00:00Z');
    // Act
    const window = demoWindow(now, TIMEZONE);
    // Assess
    expect(window.from).toBe('2026-06-01');
    expect(window.schoolDays.length).toBeGreaterThanOrEqual(15);
  });
});

describe('planDemoHistory', () => {
  const history = plan();

  it('plans the same submissions, answers and hazards for the same now', () => {
    // Act
    const again = plan();
    // Assess
    expect(again).toEqual(history);
  });

  it('plans submissions of every form type in the catalogue', () => {
    // Act
    const formTypes = new Set(history.submissions.map((submission) => submission.formType));
    // Assess
    expect([...formTypes].sort()).toEqual([...new Set(FORMS.map((form) => form.id))].sort());
  });

  it('gives every submission answers its form accepts', () => {
    // Act
    const refused = history.submissions.filter(
      (submission) => !findForm(submission.formType)!.answers.safeParse(submission.answers).success,
    );
    // Assess
    expect(refused).toEqual([]);
  });

  it('gives every submission a unique id', () => {
    // Act
    const ids = new Set(history.submissions.map((submission) => submission.submissionId));
    // Assess
    expect(ids.size).toBe(history.submissions.length);
  });

  it('dates every submission inside the window and receives it before now', () => {
    // Act
    const outside = history.submissions.filter(
      (submission) =>
        submission.date < '2026-10-01' ||
        submission.date > '2026-11-27' ||
        Date.parse(submission.receivedAt) >= NOW.getTime(),
    );
    // Assess
    expect(outside).toEqual([]);
  });

  it('sends a form only from schools it applies to: no canteen checks without a canteen, no dormitory patrols from day schools', () => {
    // Act
    const misplaced = history.submissions.filter(
      (submission) => !formAppliesTo(findForm(submission.formType)!, schoolById.get(submission.schoolId)!),
    );
    // Assess
    expect(misplaced).toEqual([]);
    expect(history.submissions.some((s) => s.formType === 'canteen-daily' && s.schoolId === 'hy-hycx')).toBe(false);
    expect(history.submissions.some((s) => s.formType === 'dormitory-patrol' && s.schoolId === 'hy-sy')).toBe(false);
  });

  it('dates the daily checks and the dormitory patrols on school days only', () => {
    // Prepare
    const daily = history.submissions.filter((submission) =>
      ['school-day', 'school-night'].includes(findForm(submission.formType)!.cadence),
    );
    // Act
    const offDays = daily.filter((submission) => !isSchoolDay(submission.date));
    // Assess
    expect(daily.length).toBeGreaterThan(1000);
    expect(offDays).toEqual([]);
  });

  it('submits a weekly form at most once an ISO week and a monthly form at most once a month per school', () => {
    // Prepare
    const occasions = new Map<string, number>();
    for (const submission of history.submissions) {
      const cadence = findForm(submission.formType)!.cadence;
      if (cadence !== 'weekly' && cadence !== 'monthly' && cadence !== 'term') continue;
      const occasion =
        cadence === 'weekly' ? weekStart(submission.date) : cadence === 'monthly' ? monthOf(submission.date) : 'term';
      const key = `${submission.schoolId}|${submission.formType}|${occasion}`;
      occasions.set(key, (occasions.get(key) ?? 0) + 1);
    }
    // Act
    const repeated = [...occasions].filter(([, count]) => count > 1);
    // Assess
    expect(repeated).toEqual([]);
  });

  it('serves more meals at a large school than at a small one', () => {
    // Prepare
    const mealsOf = (schoolId: string) => {
      const checks = history.submissions.filter(
        (s) => s.schoolId === schoolId && s.formType === 'canteen-daily' && !s.supersedes,
      );
      return checks.reduce((sum, s) => sum + Number(s.answers.mealsServed), 0) / checks.length;
    };
    // Act
    const [large, small] = [mealsOf('hy-zx'), mealsOf('hy-gyx')];
    // Assess
    expect(large).toBeGreaterThan(small * 5);
  });

  it('puts exactly the schools with daily-check gaps under the 90 % threshold in the previous month', () => {
    // Act
    const report = complianceOf(history, '2026-10');
    // Assess
    expect(report.belowThreshold.map((school) => school.schoolId)).toEqual(['hy-mjcx', 'hy-gyx']);
    expect(report.belowThreshold.every((school) => school.rate < 0.9)).toBe(true);
  });

  it('leaves the planned gaps: a missed monthly electrical check and a week without dormitory patrols', () => {
    // Prepare
    const report = complianceOf(history, '2026-10');
    const hualong = report.schools.find((school) => school.schoolId === 'hy-hlx')!;
    const xikouWeeks = new Set(
      history.submissions
        .filter((s) => s.schoolId === 'hy-xkz' && s.formType === 'dormitory-patrol')
        .map((s) => weekStart(s.date)),
    );
    const schoolWeeks = new Set(history.window.schoolDays.map(weekStart));
    // Act
    const weeksWithoutPatrols = [...schoolWeeks].filter((week) => !xikouWeeks.has(week));
    // Assess
    expect(hualong.forms.find((form) => form.formType === 'electrical-fire')).toMatchObject({
      expected: 1,
      submitted: 0,
    });
    expect(weeksWithoutPatrols).toHaveLength(1);
    expect(DEMO_GAPS.map((gap) => gap.schoolId)).toEqual(
      expect.arrayContaining(['hy-gyx', 'hy-mjcx', 'hy-hlx', 'hy-xkz']),
    );
  });

  it('raises the planned hazards through the forms’ own rules, and no others', () => {
    // Act
    const raised = history.submissions.flatMap((submission) => {
      const form = findForm(submission.formType)!;
      return hazardsRaisedBy(form, form.answers.parse(submission.answers)).map((hazard) =>
        hazardIdFor('huaying', submission.schoolId, submission.submissionId, hazard.ruleId),
      );
    });
    // Assess
    expect(raised.sort()).toEqual(history.hazards.map((hazard) => hazard.hazardId).sort());
  });

  it('plans hazards in every state: open (some overdue), rectified, verified, and one reopened', () => {
    // Act
    const count = (outcome: string) => history.hazards.filter((hazard) => hazard.outcome === outcome).length;
    // Assess
    expect(count('open')).toBeGreaterThanOrEqual(3);
    expect(count('rectified')).toBeGreaterThanOrEqual(2);
    expect(count('verified')).toBeGreaterThanOrEqual(2);
    expect(count('reopened')).toBe(1);
    expect(history.hazards.filter((hazard) => hazard.overdue).length).toBeGreaterThanOrEqual(2);
    expect(history.hazards.some((hazard) => hazard.outcome === 'open' && !hazard.overdue)).toBe(true);
  });

  it('moves each hazard only by allowed steps, after it was raised and before now', () => {
    // Prepare
    const raisedAt = new Map(
      history.submissions.map((submission) => [submission.submissionId, Date.parse(submission.receivedAt)]),
    );
    const allowed = {
      rectified: ['rectify'],
      verified: ['rectify', 'accept'],
      reopened: ['rectify', 'reject'],
      open: [],
    } as const;
    // Act
    const wrong = history.hazards.filter((hazard) => {
      const times = [
        raisedAt.get(hazard.submissionId)!,
        ...hazard.steps.map((step) => Date.parse(step.at)),
        NOW.getTime(),
      ];
      const ordered = times.every((time, index) => index === 0 || time > times[index - 1]!);
      return (
        !ordered || JSON.stringify(hazard.steps.map((step) => step.command)) !== JSON.stringify(allowed[hazard.outcome])
      );
    });
    // Assess
    expect(wrong).toEqual([]);
  });

  it('raises exactly one critical hazard, on the last school night, and leaves it open', () => {
    // Act
    const critical = history.hazards.filter((hazard) => hazard.severity === 'critical');
    // Assess
    expect(critical).toHaveLength(1);
    expect(critical[0]).toBe(history.critical);
    expect(critical[0]).toMatchObject({
      foundOn: '2026-11-27',
      outcome: 'open',
      overdue: false,
      formType: 'dormitory-patrol',
      ruleId: 'students-unaccounted',
    });
  });

  it('plans a correction that supersedes an earlier submission of the same school, form and day', () => {
    // Act
    const correction = history.submissions.find(
      (submission) => submission.submissionId === history.correction.submissionId,
    )!;
    const corrected = history.submissions.find(
      (submission) => submission.submissionId === history.correction.supersedes,
    )!;
    // Assess
    expect(correction.supersedes).toBe(corrected.submissionId);
    expect([correction.schoolId, correction.formType, correction.date]).toEqual([
      corrected.schoolId,
      corrected.formType,
      corrected.date,
    ]);
    expect(Date.parse(correction.receivedAt)).toBeGreaterThan(Date.parse(corrected.receivedAt));
    expect(Number(corrected.answers.mealsServed)).toBe(Number(correction.answers.mealsServed) * 10);
  });

  it('plans exactly one suspicious but valid answer: a work-study total that is not the sum of its parts', () => {
    // Act
    const flagged = history.submissions.filter(
      (submission) => qualityFlagsOf(findForm(submission.formType), submission.answers, []).length > 0,
    );
    // Assess
    expect(flagged.map((submission) => submission.submissionId)).toEqual([history.qualityFlagged]);
  });

  it('still plans every incident when the start falls in the summer holidays', () => {
    // Act
    const summer = plan(new Date('2026-08-20T02:00:00Z'));
    // Assess
    expect(summer.hazards.filter((hazard) => hazard.severity === 'critical')).toHaveLength(1);
    expect(new Set(summer.hazards.map((hazard) => hazard.outcome))).toEqual(
      new Set(['open', 'rectified', 'verified', 'reopened']),
    );
  });
});
