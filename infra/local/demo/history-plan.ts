import { addDays, localDate, monthOf, shiftMonth, weekStart } from '../../../shared/time';
import {
  firstSchoolDayOfTerm,
  schoolDays,
  termsBetween,
  weeksOfMonth,
  type DistrictCalendar,
} from '../../../shared/calendar/school-calendar';
import { FORMS, findForm, formAppliesTo, hazardsRaisedBy } from '../../../shared/forms/catalogue';
import type { Cadence, Severity } from '../../../shared/forms/types';
import type { Text } from '../../../shared/i18n';
import { DEFAULT_DUE_DAYS, DEFAULT_TIMEZONE } from '../../../shared/directory/district-settings';
import { hazardIdFor } from '../../../shared/hazards/raise-hazards';
import { pick, randomFor, sample, wholeBetween, type Anchor, type DemoGap } from '../../../shared/forms/demo-kit';
import { demoOf, isRoutineForm, routineAnswers, type DemoSchoolProfile } from './answers';
import { INCIDENTS, type Incident } from './incidents';

/*
 * The demo district's recent past, planned without I/O: what each school submitted over the
 * previous calendar month and the current month up to yesterday (district time), so that a
 * newcomer opening the local stack sees what an official sees on a real Monday morning — mostly
 * dutiful schools, a few clear compliance gaps, hazards at every step of their lifecycle and one
 * critical hazard whose alert has just gone out. seed-history.ts records the plan through the
 * real submission and hazard code.
 *
 * Everything is derived from `now` and seeded streams (random.ts): the same `now` gives the same
 * plan, ids and bodies, so seeding twice writes nothing new.
 */

/** Fewest school days the history covers: a start in the holidays reaches back further. */
export const MIN_SCHOOL_DAYS = 15;
/** Most months the history reaches back (a submission may be at most a year old). */
const MAX_MONTHS = 11;

/** The days the history covers. */
export interface DemoWindow {
  /** First day (the first of the previous month, or earlier when that has too few school days). */
  from: string;
  /** Last day: yesterday in district time. */
  to: string;
  /** The months it touches, in order. */
  months: string[];
  /** Its school days, in order. */
  schoolDays: string[];
}

/**
 * The previous full calendar month and the current month up to yesterday, in the district's
 * time. When those hold fewer than 15 school days (a start in the summer or winter holidays),
 * the window reaches back a whole month at a time until they do, so the demo is never empty.
 */
export function demoWindow(now: Date, timezone: string, calendar?: DistrictCalendar): DemoWindow {
  const today = localDate(timezone, now);
  const to = addDays(today, -1);
  const last = monthOf(to);
  let first = shiftMonth(monthOf(today), -1);
  for (;;) {
    const months: string[] = [];
    for (let month = first; month <= last; month = shiftMonth(month, 1)) months.push(month);
    const from = `${first}-01`;
    const days = months.flatMap((month) => schoolDays(month, calendar)).filter((date) => date >= from && date <= to);
    if (days.length >= MIN_SCHOOL_DAYS || months.length >= MAX_MONTHS) return { from, to, months, schoolDays: days };
    first = shiftMonth(first, -1);
  }
}

/** One submission to record, exactly as a school's client would send it, and when it arrived. */
export interface PlannedSubmission {
  schoolId: string;
  submissionId: string;
  formType: string;
  date: string;
  /** When it is recorded (ISO-8601 UTC): the `now` its recording runs with. */
  receivedAt: string;
  answers: Record<string, unknown>;
  note?: string;
  /** The earlier submission this one corrects. */
  supersedes?: string;
}

/** Where a planned hazard ends up. `reopened`: rectified, rejected, open again. */
export type HazardOutcome = 'open' | 'rectified' | 'verified' | 'reopened';

/** One lifecycle step: by the school (rectify) or a district official (accept, reject). */
export interface PlannedStep {
  command: 'rectify' | 'accept' | 'reject';
  /** When (ISO-8601 UTC). */
  at: string;
  note: string;
}

/** A hazard the plan's answers raise through the form's own rule, and what happens to it. */
export interface PlannedHazard {
  hazardId: string;
  /** The incident that raises it (see INCIDENTS). */
  incident: string;
  schoolId: string;
  submissionId: string;
  formType: string;
  ruleId: string;
  severity: Severity;
  foundOn: string;
  dueDate: string;
  outcome: HazardOutcome;
  /** Open and past its due date at the end of the window. */
  overdue: boolean;
  steps: PlannedStep[];
}

/** A compliance gap the plan leaves on purpose, described for docs/local-stack.md and the start line. */
export interface PlannedGap {
  schoolId: string;
  formTypes: readonly string[];
  description: Text;
}

/** The whole demo history. */
export interface DemoHistoryPlan {
  districtId: string;
  window: DemoWindow;
  /** The schools' registration date that makes the whole window count: its first day. */
  registeredOn: string;
  /** In recording order (by receivedAt; a correction after what it corrects). */
  submissions: PlannedSubmission[];
  hazards: PlannedHazard[];
  gaps: PlannedGap[];
  /** The one critical hazard, raised on the window's last school night and left open. */
  critical: PlannedHazard;
  /** The correction and the suspicious-but-accepted answer, by submission id. */
  correction: { submissionId: string; supersedes: string };
  qualityFlagged: string;
}

// ---------------------------------------------------------------------------------------------
// Gaps: a few schools that clearly do not inspect on schedule (个别学校未按规定按期进行检查).

/** A gap of one school, over the forms whose demo names it (one gap of a form folder's demo.ts, or several alike). */
type Gap = DemoGap & { formTypes: readonly string[]; description: Text };

/** The current form types, in catalogue order (a form's earlier versions share its id). */
const CURRENT_FORMS: readonly string[] = [...new Set(FORMS.filter((form) => !form.retired).map((form) => form.id))];

/** What a gap misses, as the start line and docs/local-stack.md describe it. */
function describeGap(gap: DemoGap, formTypes: readonly string[]): Text {
  const titles = formTypes.map((formType) => findForm(formType)!.title);
  const zh = titles.map((title) => title.zh).join('、');
  const en = titles.map((title) => title.en).join(', ');
  switch (gap.kind) {
    case 'share-of-days': {
      const percent = Math.round(gap.share * 100);
      return { zh: `约 ${percent}% 的上课日未填${zh}`, en: `no ${en} on about ${percent} % of school days` };
    }
    case 'first-month':
      return { zh: `上月未做${zh}`, en: `no ${en} last month` };
    case 'first-weeks':
      return { zh: `上月头 ${gap.weeks} 周未做${zh}`, en: `no ${en} in the first ${gap.weeks} weeks of last month` };
    case 'one-week':
      return { zh: `最近有一整周没有${zh}记录`, en: `no ${en} for a whole recent week` };
  }
}

/**
 * The demo's gaps, from the forms' demos (`gaps`): the same gap of one school named by several
 * forms is one gap over them all. The schools with a share-of-days gap of daily checks fall under
 * the 90 % threshold in the previous month.
 */
export const DEMO_GAPS: readonly Gap[] = (() => {
  const gaps = new Map<string, { gap: DemoGap; formTypes: string[] }>();
  for (const formType of CURRENT_FORMS) {
    for (const gap of demoOf(formType).gaps ?? []) {
      const key = JSON.stringify(gap);
      const entry = gaps.get(key) ?? { gap, formTypes: [] };
      entry.formTypes.push(formType);
      gaps.set(key, entry);
    }
  }
  return [...gaps.values()].map(({ gap, formTypes }) => ({
    ...gap,
    formTypes,
    description: describeGap(gap, formTypes),
  }));
})();

/** Other schools miss now and then: a daily check forgotten on a busy day. */
const OCCASIONAL_MISS = 0.015;

// ---------------------------------------------------------------------------------------------
// Incidents (incidents.ts): the forms' findings, at a school on a day, and what followed.

/** The form whose demo has the finding, and its answers; throws when none or several have it. */
function findingOf(id: string): {
  formType: string;
  answers: (routine: Record<string, unknown>) => Record<string, unknown>;
} {
  const found = CURRENT_FORMS.flatMap((formType) => {
    const answers = demoOf(formType).findings?.[id];
    return answers ? [{ formType, answers }] : [];
  });
  if (found.length !== 1)
    throw new Error(`The demo incident ${id} needs one form's finding ${id}, not ${found.length}`);
  return found[0]!;
}

/** The one form whose demo declares `what` (the correction, the suspicious answer), with it. */
function theOne<K extends 'correction' | 'suspicious'>(
  what: K,
): { formType: string } & NonNullable<ReturnType<typeof demoOf>[K]> {
  const found = CURRENT_FORMS.flatMap((formType) => {
    const declared = demoOf(formType)[what];
    return declared ? [{ formType, ...declared }] : [];
  });
  if (found.length !== 1) throw new Error(`The demo plans one ${what}, but ${found.length} forms' demos declare one`);
  return found[0]!;
}

// ---------------------------------------------------------------------------------------------
// Times of day

/** When in the (local) day a form is filled in when its demo does not say (`timeOfDay`). */
const DAYTIME: readonly [number, number] = [14 * 60, 17 * 60 + 30];

const offsets = new Map<string, number>();

/** The timezone's offset from UTC on a date, in minutes (Asia/Shanghai: +480). */
function utcOffsetMinutes(timezone: string, date: string): number {
  const key = `${timezone}|${date}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const noon = new Date(`${date}T12:00:00Z`);
    const name =
      new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
        .formatToParts(noon)
        .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
    offsets.set(key, offset);
  }
  return offset;
}

/** A local date and time of day (minutes, seconds) as an ISO-8601 UTC timestamp. */
function instant(timezone: string, date: string, minutes: number, seconds = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 0, minutes - utcOffsetMinutes(timezone, date), seconds)).toISOString();
}

/** When a school usually sends a form on a date: a time in the form's part of the day. */
function receivedAt(timezone: string, schoolId: string, formType: string, date: string): string {
  const random = randomFor(schoolId, formType, date, 'time');
  const [from, to] = demoOf(formType).timeOfDay ?? DAYTIME;
  return instant(timezone, date, wholeBetween(random, from, to), wholeBetween(random, 0, 59));
}

// ---------------------------------------------------------------------------------------------
// Occasions: the dates a dutiful school submits each form.

/** The school day of a month a monthly form is done when its demo does not say (`monthlyDay`), before a school's own jitter. */
const MONTHLY_DAY = 8;

/** The form types with everyday occasions, in catalogue order (event forms come from eventOccasions and INCIDENTS). */
const FORM_ORDER: readonly string[] = CURRENT_FORMS.filter(
  (formType) => findForm(formType)!.cadence !== 'event' && isRoutineForm(formType),
);

function occasions(
  formType: string,
  cadence: Cadence,
  school: DemoSchoolProfile,
  window: DemoWindow,
  calendar: DistrictCalendar | undefined,
): string[] {
  const inWindow = new Set(window.schoolDays);
  const random = randomFor(school.schoolId, formType, 'occasions', window.from);
  switch (cadence) {
    case 'school-day':
    case 'school-night':
      return [...window.schoolDays];
    case 'weekly':
      // At the start of the week (the gate) or at its end (the campus cleaned up), as the form's demo says.
      return window.months.flatMap((month) =>
        weeksOfMonth(month).flatMap((week) => {
          const days = week.dates.filter((date) => inWindow.has(date));
          if (days.length === 0) return [];
          const shift = Math.min(days.length - 1, wholeBetween(random, 0, 1));
          return [demoOf(formType).weekStart ? days[shift]! : days[days.length - 1 - shift]!];
        }),
      );
    case 'monthly':
      return window.months.flatMap((month) => {
        const days = schoolDays(month, calendar);
        if (days.length === 0) return [];
        const date =
          days[Math.min(days.length - 1, (demoOf(formType).monthlyDay ?? MONTHLY_DAY) + wholeBetween(random, 0, 2))]!;
        return date >= window.from && date <= window.to ? [date] : [];
      });
    case 'term': {
      // Once: a week into a term that starts in the window, or else early in the window.
      const starts = termsBetween(window.from, window.to, calendar).flatMap(
        (term) => firstSchoolDayOfTerm(term, calendar) ?? [],
      );
      const start = starts.find((date) => inWindow.has(date));
      const from = start ? window.schoolDays.indexOf(start) : 0;
      const date = window.schoolDays[Math.min(window.schoolDays.length - 1, from + wholeBetween(random, 1, 4))];
      return date ? [date] : [];
    }
    case 'event':
      return [];
  }
}

/** The event forms of a normal month, as their demos say (`events`): a few a month at each school, or one at a few schools. */
function eventOccasions(
  schools: readonly DemoSchoolProfile[],
  window: DemoWindow,
): { schoolId: string; formType: string; date: string }[] {
  const events: { schoolId: string; formType: string; date: string }[] = [];
  for (const formType of CURRENT_FORMS) {
    const { events: often, answers } = demoOf(formType);
    if (!often || !answers || findForm(formType)!.cadence !== 'event') continue;
    if (often.kind === 'per-school-month') {
      for (const school of schools) {
        for (const month of window.months) {
          const days = window.schoolDays.filter((date) => monthOf(date) === month);
          const random = randomFor(school.schoolId, formType, month);
          for (const date of sample(random, days, wholeBetween(random, often.min, often.max)))
            events.push({ schoolId: school.schoolId, formType, date });
        }
      }
    } else {
      const random = randomFor(formType, window.from);
      for (const school of sample(random, schools, often.schools))
        events.push({ schoolId: school.schoolId, formType, date: pick(random, window.schoolDays) });
    }
  }
  return events;
}

// ---------------------------------------------------------------------------------------------
// The plan

/** Inputs of `planDemoHistory`. */
export interface DemoHistoryInput {
  now: Date;
  districtId: string;
  schools: readonly DemoSchoolProfile[];
  timezone?: string;
  calendar?: DistrictCalendar;
  /** Days to rectify by severity (the district's override, or the defaults). */
  dueDays?: Record<Severity, number>;
}

const submissionIdOf = (schoolId: string, formType: string, date: string) => `demo-${schoolId}-${formType}-${date}`;

/** The date an anchor names: clamped to the window's school days. */
function anchorDate(anchor: Anchor, days: readonly string[]): string {
  const index =
    'early' in anchor ? Math.min(anchor.early, days.length - 1) : Math.max(0, days.length - 1 - anchor.recent);
  return days[index]!;
}

/** The occasion nearest a date: the latest on or before it, else the first after it. */
function nearest(dates: readonly string[], date: string): string | undefined {
  return [...dates].reverse().find((d) => d <= date) ?? dates.find((d) => d > date);
}

/** The days a `share-of-days` gap misses: that share of each month's school days. */
function missedDays(gap: Extract<Gap, { kind: 'share-of-days' }>, window: DemoWindow): Set<string> {
  return new Set(
    window.months.flatMap((month) => {
      const days = window.schoolDays.filter((date) => monthOf(date) === month);
      return sample(randomFor(gap.schoolId, 'gap', month), days, Math.round(days.length * gap.share));
    }),
  );
}

/** Whether a gap leaves out a school's form on a date. */
function gapMisses(gap: Gap, window: DemoWindow, missed: Set<string> | undefined, date: string): boolean {
  switch (gap.kind) {
    case 'share-of-days':
      return missed!.has(date);
    case 'first-month':
      return monthOf(date) === window.months[0];
    case 'first-weeks': {
      const firstMonth = window.schoolDays.filter((d) => monthOf(d) === window.months[0]);
      const mondays = [...new Set(firstMonth.map(weekStart))].slice(0, gap.weeks);
      return mondays.includes(weekStart(date));
    }
    case 'one-week': {
      // The week seven school days before the last: recent, complete, clear of the critical night.
      const anchor = anchorDate({ recent: 7 }, window.schoolDays);
      return weekStart(anchor) === weekStart(date);
    }
  }
}

/** Steps at their times: after the hazard was raised, in order, never after the window's last evening. */
function stepsOf(
  incident: Incident,
  submission: PlannedSubmission,
  timezone: string,
  window: DemoWindow,
): PlannedStep[] {
  let previous = Date.parse(submission.receivedAt);
  return incident.steps.map((step, index) => {
    const day = addDays(submission.date, step.afterDays);
    const date = day > window.to ? window.to : day;
    // The school answers in the afternoon, the bureau at the end of the day.
    let at = Date.parse(
      instant(timezone, date, step.command === 'rectify' ? 15 * 60 + 10 * index : 17 * 60 + 10 * index),
    );
    if (at <= previous) at = previous + 20 * 60_000;
    previous = at;
    return { command: step.command, at: new Date(at).toISOString(), note: step.note };
  });
}

function outcomeOf(steps: readonly PlannedStep[]): HazardOutcome {
  const last = steps.at(-1)?.command;
  return last === 'rectify' ? 'rectified' : last === 'accept' ? 'verified' : last === 'reject' ? 'reopened' : 'open';
}

/**
 * Plans the demo history of a district's schools for the window ending yesterday (see
 * `demoWindow`): every form type by its cadence on the district's school days, only where it
 * applies, with answers in proportion to each school; the gaps of DEMO_GAPS and occasional
 * misses; the INCIDENTS' hazards (raised by the forms' own rules, which the plan checks) with
 * their lifecycle steps; one correction and one suspicious-but-accepted answer. Pure and
 * deterministic. Throws when the schools lack one the gaps or incidents name, or when an
 * answer does not parse or raises a hazard no incident planned (a form changed under the demo).
 */
export function planDemoHistory(input: DemoHistoryInput): DemoHistoryPlan {
  const timezone = input.timezone ?? DEFAULT_TIMEZONE;
  const window = demoWindow(input.now, timezone, input.calendar);
  const dueDays = input.dueDays ?? DEFAULT_DUE_DAYS;
  const schools = new Map(input.schools.map((school) => [school.schoolId, school]));
  const schoolOf = (schoolId: string, why: string) => {
    const school = schools.get(schoolId);
    if (!school) throw new Error(`The demo history needs school ${schoolId} (${why}), which is not registered`);
    return school;
  };

  // Everyday occasions of each school and form, before anyone misses one.
  const byKey = new Map<string, PlannedSubmission>();
  const occasionsOf = new Map<string, string[]>();
  const add = (
    school: DemoSchoolProfile,
    formType: string,
    date: string,
    answers: Record<string, unknown>,
    extra: Partial<PlannedSubmission> = {},
  ) => {
    const submission: PlannedSubmission = {
      schoolId: school.schoolId,
      submissionId: submissionIdOf(school.schoolId, formType, date),
      formType,
      date,
      receivedAt: receivedAt(timezone, school.schoolId, formType, date),
      answers,
      ...extra,
    };
    byKey.set(submission.submissionId, submission);
    return submission;
  };
  const answersOf = (formType: string, school: DemoSchoolProfile, date: string) =>
    routineAnswers(formType, school, date) ?? {};

  const gapsBySchool = new Map<string, { gap: Gap; missed?: Set<string> }[]>();
  for (const gap of DEMO_GAPS) {
    const school = schoolOf(gap.schoolId, 'a planned gap');
    const list = gapsBySchool.get(school.schoolId) ?? [];
    list.push({ gap, ...(gap.kind === 'share-of-days' ? { missed: missedDays(gap, window) } : {}) });
    gapsBySchool.set(school.schoolId, list);
  }

  for (const school of input.schools) {
    const gaps = gapsBySchool.get(school.schoolId) ?? [];
    for (const formType of FORM_ORDER) {
      const form = findForm(formType)!;
      if (!formAppliesTo(form, school)) continue;
      const dates = occasions(formType, form.cadence, school, window, input.calendar);
      occasionsOf.set(`${school.schoolId}|${formType}`, dates);
      const daily = form.cadence === 'school-day' || form.cadence === 'school-night';
      for (const date of dates) {
        if (gaps.some(({ gap, missed }) => gap.formTypes.includes(formType) && gapMisses(gap, window, missed, date)))
          continue;
        // Only schools without a planned gap forget the odd daily check.
        if (daily && gaps.length === 0 && randomFor(school.schoolId, formType, date, 'miss')() < OCCASIONAL_MISS)
          continue;
        add(school, formType, date, answersOf(formType, school, date));
      }
    }
  }
  for (const event of eventOccasions(input.schools, window)) {
    const school = schools.get(event.schoolId)!;
    add(school, event.formType, event.date, answersOf(event.formType, school, event.date));
  }

  // Incidents: the occasion's everyday answers changed so a rule fires (it happens whatever the gaps say).
  const incidentOf = new Map<string, Incident>();
  for (const incident of INCIDENTS) {
    const school = schoolOf(incident.schoolId, `incident ${incident.id}`);
    const finding = findingOf(incident.id);
    const form = findForm(finding.formType)!;
    if (!formAppliesTo(form, school))
      throw new Error(
        `The demo incident ${incident.id} needs ${finding.formType}, which does not apply to ${school.schoolId}`,
      );
    const day = anchorDate(incident.anchor, window.schoolDays);
    const daily = form.cadence === 'school-day' || form.cadence === 'school-night' || form.cadence === 'event';
    const date = daily ? day : nearest(occasionsOf.get(`${school.schoolId}|${finding.formType}`) ?? [], day);
    if (!date) throw new Error(`The demo incident ${incident.id} finds no ${finding.formType} occasion in the window`);
    const submission = add(
      school,
      finding.formType,
      date,
      finding.answers(answersOf(finding.formType, school, date)),
      incident.note ? { note: incident.note } : {},
    );
    incidentOf.set(submission.submissionId, incident);
  }

  // The correction: the wrong one first, then the right one, superseding it 50 minutes later.
  const toCorrect = theOne('correction');
  const corrected = schoolOf(toCorrect.schoolId, 'the correction');
  const correctionDate = anchorDate(toCorrect.anchor, window.schoolDays);
  const right = answersOf(toCorrect.formType, corrected, correctionDate);
  const wrong = add(corrected, toCorrect.formType, correctionDate, toCorrect.wrong(right));
  const correction = add(corrected, toCorrect.formType, correctionDate, right, {
    submissionId: `${wrong.submissionId}-fix`,
    receivedAt: new Date(Date.parse(wrong.receivedAt) + 50 * 60_000).toISOString(),
    note: toCorrect.note(right),
    supersedes: wrong.submissionId,
  });

  // The suspicious answer: on the school's first occasion of its form in the window.
  const suspicious = theOne('suspicious');
  const flaggedSchool = schoolOf(suspicious.schoolId, 'the quality flag');
  const flaggedDate = (occasionsOf.get(`${flaggedSchool.schoolId}|${suspicious.formType}`) ?? [])[0];
  if (!flaggedDate) throw new Error(`The demo's quality flag finds no ${suspicious.formType} occasion in the window`);
  const base = answersOf(suspicious.formType, flaggedSchool, flaggedDate);
  const flagged = add(flaggedSchool, suspicious.formType, flaggedDate, suspicious.answers(base), {
    note: suspicious.note,
  });

  // Check every answer with its form, and that only the incidents raise hazards, each one.
  const hazards: PlannedHazard[] = [];
  for (const submission of byKey.values()) {
    const form = findForm(submission.formType)!;
    const raised = hazardsRaisedBy(form, form.answers.parse(submission.answers));
    const incident = incidentOf.get(submission.submissionId);
    if (!incident) {
      if (raised.length > 0)
        throw new Error(
          `The demo's ${submission.submissionId} raises ${raised.map((h) => h.ruleId).join(', ')}, which no incident planned`,
        );
      continue;
    }
    if (raised.length !== 1) {
      throw new Error(
        `The demo incident ${incident.id} should raise one hazard, not ${raised.map((h) => h.ruleId).join(', ') || 'none'}`,
      );
    }
    const { ruleId, severity } = raised[0]!;
    const steps = stepsOf(incident, submission, timezone, window);
    const outcome = outcomeOf(steps);
    const dueDate = addDays(submission.date, dueDays[severity]);
    hazards.push({
      hazardId: hazardIdFor(input.districtId, submission.schoolId, submission.submissionId, ruleId),
      incident: incident.id,
      schoolId: submission.schoolId,
      submissionId: submission.submissionId,
      formType: submission.formType,
      ruleId,
      severity,
      foundOn: submission.date,
      dueDate,
      outcome,
      overdue: (outcome === 'open' || outcome === 'reopened') && dueDate <= window.to,
      steps,
    });
  }
  const criticals = hazards.filter((hazard) => hazard.severity === 'critical');
  if (criticals.length !== 1) throw new Error(`The demo plans ${criticals.length} critical hazards, not one`);

  const submissions = [...byKey.values()].sort((a, b) =>
    a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.submissionId < b.submissionId ? -1 : 1,
  );
  return {
    districtId: input.districtId,
    window,
    registeredOn: window.from,
    submissions,
    hazards: hazards.sort(
      (a, b) => INCIDENTS.findIndex((i) => i.id === a.incident) - INCIDENTS.findIndex((i) => i.id === b.incident),
    ),
    gaps: DEMO_GAPS.map(({ schoolId, formTypes, description }) => ({
      schoolId,
      formTypes,
      description: {
        zh: `${schoolOf(schoolId, 'a planned gap').name}：${description.zh}`,
        en: `${schoolOf(schoolId, 'a planned gap').name}: ${description.en}`,
      },
    })),
    critical: criticals[0]!,
    correction: { submissionId: correction.submissionId, supersedes: wrong.submissionId },
    qualityFlagged: flagged.submissionId,
  };
}
