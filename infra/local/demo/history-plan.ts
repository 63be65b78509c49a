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
import { isRoutineForm, routineAnswers, type DemoSchoolProfile, type RoutineForm } from './answers';
import { pick, randomFor, sample, wholeBetween } from './random';

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

type Gap =
  | { kind: 'share-of-days'; schoolId: string; formTypes: readonly string[]; share: number; description: Text }
  | { kind: 'first-month'; schoolId: string; formTypes: readonly string[]; description: Text }
  | { kind: 'first-weeks'; schoolId: string; formTypes: readonly string[]; weeks: number; description: Text }
  | { kind: 'one-week'; schoolId: string; formTypes: readonly string[]; description: Text };

/** The demo's gaps. The first two schools fall under the 90 % threshold in the previous month. */
export const DEMO_GAPS: readonly Gap[] = [
  {
    kind: 'share-of-days',
    schoolId: 'hy-gyx',
    formTypes: ['canteen-daily', 'nutrition-meals'],
    share: 0.3,
    description: {
      zh: '观音溪镇中心小学：约三成上课日未填食堂每日检查和营养餐供餐',
      en: 'Guanyinxi town central primary: no canteen check or nutrition-meal record on about 30 % of school days',
    },
  },
  {
    kind: 'share-of-days',
    schoolId: 'hy-mjcx',
    formTypes: ['health-morning-check', 'nutrition-meals'],
    share: 0.25,
    description: {
      zh: '牟家村小学：约四分之一上课日未填晨检和营养餐',
      en: 'Moujia village primary: no morning check or nutrition-meal record on about 25 % of school days',
    },
  },
  {
    kind: 'first-weeks',
    schoolId: 'hy-mjcx',
    formTypes: ['security-gate', 'sanitation'],
    weeks: 2,
    description: {
      zh: '牟家村小学：上月头两周未做门卫安防和环境卫生检查',
      en: 'Moujia village primary: no gate or sanitation check in the first two weeks of last month',
    },
  },
  {
    kind: 'first-month',
    schoolId: 'hy-hlx',
    formTypes: ['electrical-fire'],
    description: {
      zh: '华龙小学：上月未做用电与消防安全检查',
      en: 'Hualong primary: no electrical and fire check last month',
    },
  },
  {
    kind: 'one-week',
    schoolId: 'hy-xkz',
    formTypes: ['dormitory-patrol'],
    description: {
      zh: '溪口镇中心学校：最近有一整周没有宿舍夜间巡查记录',
      en: 'Xikou town central school: no dormitory night patrol for a whole recent week',
    },
  },
];

/** Other schools miss now and then: a daily check forgotten on a busy day. */
const OCCASIONAL_MISS = 0.015;

// ---------------------------------------------------------------------------------------------
// Incidents: answers that raise a hazard through a real rule (or a hazard report), and what the
// school and the district did about it afterwards.

/** A date relative to the window: the i-th school day from its start, or k school days before its last. */
type Anchor = { early: number } | { recent: number };

interface IncidentStep {
  command: PlannedStep['command'];
  /** Calendar days after the hazard was found. */
  afterDays: number;
  note: string;
}

interface Incident {
  id: string;
  schoolId: string;
  formType: string;
  /** The day it happens; a weekly, monthly or term form uses the school's own occasion nearest to it. */
  anchor: Anchor;
  /** The answers, from the school's everyday answers of that day. */
  answers: (routine: Record<string, unknown>) => Record<string, unknown>;
  note?: string;
  /** The rule the answers must raise (the plan fails loudly if they do not). */
  ruleId: string;
  steps: IncidentStep[];
}

/** The demo's hazards: four verified, two awaiting verification, one reopened, six open (three overdue), one critical. */
export const INCIDENTS: readonly Incident[] = [
  // Verified: found early in the window, rectified, accepted by the bureau.
  {
    id: 'expired-extinguishers',
    schoolId: 'hy-zx',
    formType: 'electrical-fire',
    anchor: { early: 0 },
    answers: (a) => ({ ...a, extinguishersExpired: 6, extinguishersReplaced: 0 }),
    note: '实验楼、图书馆共 6 具灭火器压力不足或过期',
    ruleId: 'expired-extinguishers',
    steps: [
      {
        command: 'rectify',
        afterDays: 2,
        note: '已更换 6 具过期灭火器（4 kg 干粉），重新张贴检查标签并更新灭火器台账。',
      },
      { command: 'accept', afterDays: 4, note: '安全股现场复查：灭火器已全部更换，压力正常，验收通过。' },
    ],
  },
  {
    id: 'uncertified-canteen-staff',
    schoolId: 'hy-sy',
    formType: 'canteen-daily',
    anchor: { early: 3 },
    answers: (a) => ({ ...a, staffWithHealthCertificate: Number(a.staffOnDuty) - 1 }),
    note: '新招帮厨 1 人健康证未办理完毕即上岗',
    ruleId: 'staff-without-certificate',
    steps: [
      { command: 'rectify', afterDays: 1, note: '该员工已停岗，已到市疾控中心体检，健康证已补办（照片附后）。' },
      { command: 'accept', afterDays: 3, note: '核对健康证原件，验收通过。' },
    ],
  },
  {
    id: 'ceiling-falling',
    schoolId: 'hy-lsz',
    formType: 'hazard-report',
    anchor: { early: 5 },
    answers: () => ({
      place: '教学楼三楼东侧走廊',
      category: 'building',
      severity: 'medium',
      description: '走廊吊顶石膏板局部脱落约 1 平方米，下方已拉警戒线，学生绕行。',
    }),
    ruleId: 'reported',
    steps: [
      { command: 'rectify', afterDays: 4, note: '已请施工单位更换吊顶龙骨和石膏板，并检查整层吊顶，未发现其他松动。' },
      { command: 'accept', afterDays: 6, note: '后勤办复查：吊顶已修复牢固，验收通过。' },
    ],
  },
  {
    id: 'liability-insurance-gap',
    schoolId: 'hy-gyx',
    formType: 'insurance-enrolment',
    anchor: { early: 1 },
    answers: (a) => ({ ...a, schoolLiabilityCovered: Number(a.studentsEnrolled) - 12 }),
    note: '本学期转入 12 名学生尚未纳入校方责任险',
    ruleId: 'school-liability-incomplete',
    steps: [
      { command: 'rectify', afterDays: 5, note: '已为 12 名转入学生补办校方责任险，保单附后。' },
      { command: 'accept', afterDays: 7, note: '核对保单：参保率 100%，验收通过。' },
    ],
  },
  // Rectified, awaiting the bureau's verification.
  {
    id: 'sample-underweight',
    schoolId: 'hy-shz',
    formType: 'canteen-daily',
    anchor: { recent: 6 },
    answers: (a) => ({ ...a, sampleGramsPerDish: 100 }),
    note: '午餐留样每个品种约 100 克',
    ruleId: 'sample-underweight',
    steps: [
      {
        command: 'rectify',
        afterDays: 1,
        note: '已对食堂从业人员开展留样培训，配备电子秤，每餐每个品种留样不少于 125 克、冷藏 48 小时。',
      },
    ],
  },
  {
    id: 'dormitory-appliances',
    schoolId: 'hy-zj',
    formType: 'dormitory-patrol',
    anchor: { recent: 4 },
    answers: (a) => ({ ...a, place: '女生宿舍 2 栋 4 楼', prohibitedAppliances: 3 }),
    note: '查出电热毯 2 件、“热得快” 1 件',
    ruleId: 'prohibited-appliances',
    steps: [{ command: 'rectify', afterDays: 1, note: '违章电器已全部收缴，已通知班主任和家长，并在晨会上全校通报。' }],
  },
  // Reopened: the bureau rejected the rectification; open again and past its due date.
  {
    id: 'gas-hose',
    schoolId: 'hy-tcz',
    formType: 'hazard-report',
    anchor: { recent: 12 },
    answers: () => ({
      place: '食堂后厨',
      category: 'fire',
      severity: 'high',
      description: '液化气钢瓶连接软管老化开裂，减压阀锈蚀，未安装燃气泄漏报警装置。',
    }),
    ruleId: 'reported',
    steps: [
      { command: 'rectify', afterDays: 2, note: '已更换液化气连接软管。' },
      { command: 'reject', afterDays: 3, note: '复查：减压阀仍为旧件，燃气泄漏报警器未安装。请彻底整改后再申请验收。' },
    ],
  },
  // Open and overdue: nobody has done anything yet.
  {
    id: 'ageing-wiring',
    schoolId: 'hy-yxz',
    formType: 'electrical-fire',
    anchor: { early: 0 },
    answers: (a) => ({ ...a, ageingWiresFound: 4 }),
    note: '食堂和旧教学楼共 4 处线路老化、绝缘层破损',
    ruleId: 'ageing-wiring',
    steps: [],
  },
  {
    id: 'cctv-retention',
    schoolId: 'hy-gqx',
    formType: 'security-gate',
    anchor: { recent: 10 },
    answers: (a) => ({ ...a, cctvRetentionDays: 15 }),
    note: '监控硬盘容量不足，录像只能保存 15 天',
    ruleId: 'cctv-retention-short',
    steps: [],
  },
  // Open, still within their time.
  {
    id: 'loose-wiring',
    schoolId: 'hy-sh2x',
    formType: 'sanitation',
    anchor: { recent: 0 },
    answers: (a) => ({ ...a, looseWiring: 2 }),
    note: '功能室和门卫室各有一处网线、电线乱拉',
    ruleId: 'loose-wiring',
    steps: [],
  },
  {
    id: 'school-gate-traffic',
    schoolId: 'hy-myx',
    formType: 'hazard-report',
    anchor: { recent: 1 },
    answers: () => ({
      place: '校门口',
      category: 'traffic',
      severity: 'medium',
      description: '上下学时段接送车辆在校门口乱停，缺少减速带和“前方学校”警示标志。',
    }),
    ruleId: 'reported',
    steps: [],
  },
  {
    id: 'toilet-score',
    schoolId: 'hy-hycx',
    formType: 'sanitation',
    anchor: { recent: 3 },
    answers: (a) => ({ ...a, toiletScore: 56 }),
    note: '旱厕清掏不及时，异味较重',
    ruleId: 'toilet-score-low',
    steps: [],
  },
  // The critical hazard: on the last school night, a student is missing from the dormitory.
  {
    id: 'student-unaccounted',
    schoolId: 'hy-gxz',
    formType: 'dormitory-patrol',
    anchor: { recent: 0 },
    answers: (a) => ({ ...a, place: '男生宿舍 2 栋 3 楼', studentsUnaccounted: 1 }),
    note: '22:40 点名发现初二（3）班 1 名男生未归寝，已电话联系家长和班主任，值班领导正组织寻找。',
    ruleId: 'students-unaccounted',
    steps: [],
  },
];

/** The correction: a canteen check whose meals were typed with one zero too many, corrected the same day. */
const CORRECTION = { schoolId: 'hy-sh1x', formType: 'canteen-daily', anchor: { early: 4 } as Anchor };
/** The suspicious answer: a work-study total that is not the sum of its parts (flagged, accepted). */
const QUALITY_FLAG = { schoolId: 'hy-zj', formType: 'work-study' };

// ---------------------------------------------------------------------------------------------
// Times of day

/** When in the (local) day each form is usually filled in, in minutes from midnight. */
const TIME_OF_DAY: Record<string, readonly [number, number]> = {
  'health-morning-check': [7 * 60 + 40, 8 * 60 + 30],
  'security-gate': [8 * 60 + 30, 10 * 60],
  'hazard-report': [9 * 60, 16 * 60],
  'nutrition-meals': [12 * 60 + 20, 13 * 60 + 20],
  'canteen-daily': [12 * 60 + 30, 13 * 60 + 40],
  sanitation: [16 * 60, 17 * 60 + 30],
  'dormitory-patrol': [22 * 60 + 5, 23 * 60 + 20],
};
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
  const [from, to] = TIME_OF_DAY[formType] ?? DAYTIME;
  return instant(timezone, date, wholeBetween(random, from, to), wholeBetween(random, 0, 59));
}

// ---------------------------------------------------------------------------------------------
// Occasions: the dates a dutiful school submits each form.

/** The school day of a month a monthly form is usually done (0-based), before a school's own jitter. */
const MONTHLY_DAY: Record<string, number> = {
  'drinking-water': 2,
  'electrical-fire': 6,
  'safety-drill': 10,
  'work-study': 14,
  'energy-meter': 16,
};

/** The form types with everyday occasions, in catalogue order (event forms come from eventOccasions and INCIDENTS). */
const FORM_ORDER: readonly RoutineForm[] = [
  ...new Set(FORMS.filter((form) => !form.retired && form.cadence !== 'event').map((form) => form.id)),
].filter(isRoutineForm);

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
      // The gate is checked at the start of the week, the campus cleaned up at its end.
      return window.months.flatMap((month) =>
        weeksOfMonth(month).flatMap((week) => {
          const days = week.dates.filter((date) => inWindow.has(date));
          if (days.length === 0) return [];
          const shift = Math.min(days.length - 1, wholeBetween(random, 0, 1));
          return [formType === 'security-gate' ? days[shift]! : days[days.length - 1 - shift]!];
        }),
      );
    case 'monthly':
      return window.months.flatMap((month) => {
        const days = schoolDays(month, calendar);
        if (days.length === 0) return [];
        const date = days[Math.min(days.length - 1, (MONTHLY_DAY[formType] ?? 8) + wholeBetween(random, 0, 2))]!;
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

/** Safety education a month or two at each school, greening at a few: the event forms of a normal month. */
function eventOccasions(
  schools: readonly DemoSchoolProfile[],
  window: DemoWindow,
): { schoolId: string; formType: 'safety-education' | 'greening'; date: string }[] {
  const events: { schoolId: string; formType: 'safety-education' | 'greening'; date: string }[] = [];
  for (const school of schools) {
    for (const month of window.months) {
      const days = window.schoolDays.filter((date) => monthOf(date) === month);
      const random = randomFor(school.schoolId, 'safety-education', month);
      for (const date of sample(random, days, wholeBetween(random, 1, 2)))
        events.push({ schoolId: school.schoolId, formType: 'safety-education', date });
    }
  }
  const planting = randomFor('greening', window.from);
  for (const school of sample(planting, schools, 4))
    events.push({ schoolId: school.schoolId, formType: 'greening', date: pick(planting, window.schoolDays) });
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
    isRoutineForm(formType) ? (routineAnswers(formType, school, date) as Record<string, unknown>) : {};

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
    const form = findForm(incident.formType)!;
    if (!formAppliesTo(form, school))
      throw new Error(
        `The demo incident ${incident.id} needs ${incident.formType}, which does not apply to ${school.schoolId}`,
      );
    const day = anchorDate(incident.anchor, window.schoolDays);
    const daily = form.cadence === 'school-day' || form.cadence === 'school-night' || form.cadence === 'event';
    const date = daily ? day : nearest(occasionsOf.get(`${school.schoolId}|${incident.formType}`) ?? [], day);
    if (!date) throw new Error(`The demo incident ${incident.id} finds no ${incident.formType} occasion in the window`);
    const submission = add(
      school,
      incident.formType,
      date,
      incident.answers(answersOf(incident.formType, school, date)),
      incident.note ? { note: incident.note } : {},
    );
    incidentOf.set(submission.submissionId, incident);
  }

  // The correction: the wrong one first, then the right one, superseding it 50 minutes later.
  const corrected = schoolOf(CORRECTION.schoolId, 'the correction');
  const correctionDate = anchorDate(CORRECTION.anchor, window.schoolDays);
  const right = answersOf(CORRECTION.formType, corrected, correctionDate);
  const wrong = add(corrected, CORRECTION.formType, correctionDate, {
    ...right,
    mealsServed: Number(right.mealsServed) * 10,
  });
  const correction = add(corrected, CORRECTION.formType, correctionDate, right, {
    submissionId: `${wrong.submissionId}-fix`,
    receivedAt: new Date(Date.parse(wrong.receivedAt) + 50 * 60_000).toISOString(),
    note: `更正：供餐数误多输入一个 0，应为 ${String(right.mealsServed)} 份。`,
    supersedes: wrong.submissionId,
  });

  // The suspicious answer: the first month's work-study total, as the school has long stated it.
  const flaggedSchool = schoolOf(QUALITY_FLAG.schoolId, 'the quality flag');
  const flaggedDate = (occasionsOf.get(`${flaggedSchool.schoolId}|${QUALITY_FLAG.formType}`) ?? [])[0];
  if (!flaggedDate) throw new Error(`The demo's quality flag finds no ${QUALITY_FLAG.formType} occasion in the window`);
  const base = answersOf(QUALITY_FLAG.formType, flaggedSchool, flaggedDate);
  const flagged = add(
    flaggedSchool,
    QUALITY_FLAG.formType,
    flaggedDate,
    { ...base, totalAreaMu: Math.round(Number(base.totalAreaMu) * 0.8) },
    {
      note: '劳动实践基地总面积沿用 2019 年统计口径',
    },
  );

  // Check every answer with its form, and that only the incidents raise hazards, each its own rule.
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
    if (raised.length !== 1 || raised[0]!.ruleId !== incident.ruleId) {
      throw new Error(
        `The demo incident ${incident.id} should raise ${incident.ruleId}, not ${raised.map((h) => h.ruleId).join(', ') || 'nothing'}`,
      );
    }
    const severity = raised[0]!.severity;
    const steps = stepsOf(incident, submission, timezone, window);
    const outcome = outcomeOf(steps);
    const dueDate = addDays(submission.date, dueDays[severity]);
    hazards.push({
      hazardId: hazardIdFor(input.districtId, submission.schoolId, submission.submissionId, incident.ruleId),
      incident: incident.id,
      schoolId: submission.schoolId,
      submissionId: submission.submissionId,
      formType: submission.formType,
      ruleId: incident.ruleId,
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
    gaps: DEMO_GAPS.map(({ schoolId, formTypes, description }) => ({ schoolId, formTypes, description })),
    critical: criticals[0]!,
    correction: { submissionId: correction.submissionId, supersedes: wrong.submissionId },
    qualityFlagged: flagged.submissionId,
  };
}
