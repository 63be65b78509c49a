import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { canonicalId } from '../../shared/ids';
import { AppError, ERRORS } from '../../shared/errors';
import type { Locale, Text } from '../../shared/i18n';
import { localize } from '../../shared/i18n';
import { parseRoster, rosterFormatOf, toKind } from '../../shared/directory/roster';
import type { District } from '../../shared/directory/districts';
import {
  DEFAULT_COMPLIANCE_THRESHOLD,
  DIRECTORY_FIELD_LABELS,
  DISTRICT_TARGET_KEYS,
  DISTRICT_TARGETS,
  SCHOOL_KIND_NAMES,
  type DistrictSetting,
  type DistrictSettingsInput,
  type DistrictTargetKey,
  type SchoolKind,
  type TargetsInput,
} from '../../shared/directory/schemas';
import { say } from '../../shared/directory/messages';
import { DEFAULT_TERMS } from '../../shared/calendar/school-calendar';
import { calendarWarnings } from '../../shared/calendar/coverage';
import { describeLoadedYear, loadNationalYearFile, NationalCalendarFileError, parseYear } from './national-calendar';
import { SEVERITIES, SEVERITY_LABELS, type Severity } from '../../shared/forms/types';
import { DEFAULT_DUE_DAYS } from '../../shared/hazards/raise-hazards';
import type { DistrictSweep } from '../../shared/hazards/sweep';
import { isCalendarDate, localDate } from '../../shared/time';
import { HistoryUsageError, runHistoryImport, runHistoryTemplate } from './history';
import { applyTarget, describeTarget, probeLocal, resolveTarget, TargetError, type Target } from './target';

/*
 * The admin CLI: `npm run admin -- <command> [options]`. Districts (with their settings and
 * targets), schools (one by one or from an Excel/CSV roster), tokens and the mail suppression
 * list, against the local stack or a deployed one (see target.ts). Output
 * is for people, in zh-CN unless `--lang en` or LANG=en*; `--json` prints the result for scripts.
 * Exit codes: 0 done, 1 refused or failed (the reason is printed), 2 a usage mistake.
 */

/** The modules that touch DynamoDB: loaded only once the target's environment is set. */
async function loadDirectory() {
  const [districts, schools, importing, tokens, changes] = await Promise.all([
    import('../../shared/directory/districts'),
    import('../../shared/directory/schools'),
    import('../../shared/directory/import-roster'),
    import('../../shared/directory/tokens'),
    import('../../shared/directory/school-changes'),
  ]);
  return { ...districts, ...schools, ...importing, ...tokens, ...changes };
}
type Directory = Awaited<ReturnType<typeof loadDirectory>>;

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  timezone: { type: 'string' },
  locale: { type: 'string' },
  official: { type: 'string', multiple: true },
  district: { type: 'string' },
  kind: { type: 'string' },
  students: { type: 'string' },
  staff: { type: 'string' },
  canteen: { type: 'boolean' },
  boarding: { type: 'boolean' },
  nutrition: { type: 'boolean' },
  'no-canteen': { type: 'boolean' },
  'no-boarding': { type: 'boolean' },
  'partly-boarding': { type: 'boolean' },
  'no-nutrition': { type: 'boolean' },
  update: { type: 'boolean' },
  from: { type: 'string' },
  'registered-on': { type: 'string' },
  form: { type: 'string' },
  out: { type: 'string' },
  'due-days': { type: 'string' },
  threshold: { type: 'string' },
  calendar: { type: 'string' },
  year: { type: 'string' },
  targets: { type: 'string' },
  reset: { type: 'string', multiple: true },
  address: { type: 'string' },
  date: { type: 'string' },
  send: { type: 'boolean' },
  role: { type: 'string' },
  school: { type: 'string', multiple: true },
  replace: { type: 'boolean' },
  'app-url': { type: 'string' },
  label: { type: 'string' },
  admin: { type: 'boolean' },
  stack: { type: 'string' },
  table: { type: 'string' },
  region: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type OptionName = keyof typeof OPTIONS;
type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Options every command takes. */
const COMMON: OptionName[] = ['stack', 'table', 'region', 'lang', 'json', 'help'];

/** What a command prints: lines for people, data for --json. */
interface Output {
  lines: string[];
  data: unknown;
}

interface Context {
  values: Values;
  args: string[];
  locale: Locale;
  directory: Directory;
  target: Target;
  env: NodeJS.ProcessEnv;
}

interface Command {
  options: OptionName[];
  required: OptionName[];
  /** The positional arguments after the command, by name (for the usage message). */
  args: string[];
  /** A usage rule beyond required options, checked before anything is read or written. */
  check?(values: Values): Text | undefined;
  run(context: Context): Promise<Output>;
}

const t = (text: Text, locale: Locale) => localize(text, locale);

const ROLE_NAMES: Record<string, Text> = {
  school: { zh: '学校', en: 'school' },
  official: { zh: '官员', en: 'official' },
  admin: { zh: '管理员', en: 'admin' },
};
const yes = (value: boolean, locale: Locale) =>
  value ? t({ zh: '是', en: 'yes' }, locale) : t({ zh: '否', en: 'no' }, locale);
const kindName = (kind: SchoolKind, locale: Locale) => t(SCHOOL_KIND_NAMES[kind], locale);

/** A yes/no field of `school update`: --x sets it, --no-x clears it, neither leaves it. */
function flagChange(values: Values, on: OptionName, off: OptionName): boolean | undefined {
  return values[on] ? true : values[off] ? false : undefined;
}

/** Options of `school update` that contradict each other. */
function contradictoryFlags(values: Values): Text | undefined {
  const pairs: OptionName[][] = [
    ['canteen', 'no-canteen'],
    ['boarding', 'no-boarding', 'partly-boarding'],
    ['nutrition', 'no-nutrition'],
  ];
  const both = pairs.find((names) => names.filter((name) => values[name]).length > 1);
  if (!both) return undefined;
  const list = both.map((name) => `--${name}`).join(' / ');
  return { zh: `${list} 只能给出其中一个`, en: `give only one of ${list}` };
}

/** Columns a terminal gives a character: CJK and full-width forms take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char)
      ? 2
      : 1;
  return width;
}

/** Rows aligned in columns under a header. */
function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - displayWidth(cell)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

/** A number option as a number (NaN when it is not one: the directory's validation says why). */
const numberOption = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? Number.NaN : Number(value);

/**
 * Where the sweep's e-mail goes: the local stack's mail viewer and sender (from its stack file),
 * or on AWS the SENDER_ADDRESS of the environment.
 */
async function prepareMail(target: Target, env: NodeJS.ProcessEnv): Promise<string> {
  if (target.kind === 'local') {
    const stack = JSON.parse(await readFile(target.file, 'utf8')) as { sesEndpoint?: string; senderAddress?: string };
    if (!stack.sesEndpoint || !stack.senderAddress) {
      throw new UsageError({
        zh: `本地栈文件 ${target.file} 没有邮件设置：请重新运行 npm start。`,
        en: `The local stack file ${target.file} has no mail settings: run npm start again.`,
      });
    }
    env.AWS_ENDPOINT_URL_SES = stack.sesEndpoint;
    return stack.senderAddress;
  }
  const sender = env.SENDER_ADDRESS?.trim();
  if (!sender) {
    throw new UsageError({
      zh: '对 AWS 上的部署执行 --send 需要发件地址：请设置 SENDER_ADDRESS=<已验证的 SES 地址>（与部署时的 senderAddress 相同）。',
      en: 'Running --send against AWS needs the sender: set SENDER_ADDRESS=<the verified SES address> (the senderAddress the stack was deployed with).',
    });
  }
  return sender;
}

/** What `--reset` takes, and the setting each clears. */
const RESET_NAMES: Record<string, DistrictSetting> = {
  'due-days': 'hazardDueDays',
  threshold: 'complianceThreshold',
  calendar: 'calendar',
  targets: 'targets',
};

/** The severities as `--due-days` takes them: critical, high, medium, low, or 重大, 较大, 一般, 轻微. */
function severityOf(key: string): Severity | undefined {
  const wanted = key.trim().toLowerCase();
  return SEVERITIES.find((severity) => severity === wanted || SEVERITY_LABELS[severity].zh === wanted);
}

/**
 * `--due-days critical=1,high=3` as days by severity (those not named keep their value). A
 * value that is not a whole number goes through as NaN: the directory says why it is refused.
 */
export function parseDueDays(value: string): Partial<Record<Severity, number>> {
  const days: Partial<Record<Severity, number>> = {};
  for (const pair of value.split(/[,，]/)) {
    if (!pair.trim()) continue;
    const match = /^([^=＝]+)[=＝](.*)$/.exec(pair.trim());
    const severity = match ? severityOf(match[1]!) : undefined;
    if (!match || !severity) {
      throw new UsageError({
        zh: `--due-days 应形如 critical=1,high=3,medium=7,low=30（也可用 重大、较大、一般、轻微）：${pair.trim()}`,
        en: `--due-days must look like critical=1,high=3,medium=7,low=30 (or 重大, 较大, 一般, 轻微): ${pair.trim()}`,
      });
    }
    if (days[severity] !== undefined)
      throw new UsageError({ zh: `--due-days 中 ${severity} 出现了两次`, en: `--due-days names ${severity} twice` });
    days[severity] = numberOption(match[2]);
  }
  if (!Object.keys(days).length)
    throw new UsageError({
      zh: '--due-days 至少要给出一个风险等级的天数',
      en: '--due-days needs the days of at least one severity',
    });
  return days;
}

/** `--threshold 85` (a percentage, `85%` too) as the rate 0.85. */
export function parseThreshold(value: string): number {
  const percent = numberOption(value.trim().replace(/[%％]$/, ''));
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new UsageError({
      zh: `--threshold 应为 0 到 100 之间的百分数（例如 85）：${value}`,
      en: `--threshold must be a percentage from 0 to 100 (e.g. 85): ${value}`,
    });
  }
  return percent / 100;
}

/** `--targets` names a target by its key, in any case. */
function targetKeyOf(name: string): DistrictTargetKey | undefined {
  const wanted = name.trim().toLowerCase();
  return DISTRICT_TARGET_KEYS.find((key) => key.toLowerCase() === wanted);
}

/** What `--targets key=none` (or 无) says: clear that target. */
const CLEAR_WORDS = ['none', '无'];

/**
 * `--targets electricityKwh=120000,insuranceRate=98` as the targets to change (those not named
 * keep their value; `key=none` clears one). Energy amounts are taken as they are, reductions as
 * % (15 means −15 %), rates as percentages (`98` or `98%`) and passed on as the rate 0.98. A value
 * that is not a number goes through as NaN, a negative one or a percentage over 100 as it is: the
 * directory refuses them, field by field.
 */
export function parseTargets(value: string): TargetsInput {
  const targets: TargetsInput = {};
  const keys = DISTRICT_TARGET_KEYS.join(', ');
  for (const pair of value.split(/[,，]/)) {
    if (!pair.trim()) continue;
    const match = /^([^=＝]+)[=＝](.*)$/.exec(pair.trim());
    if (!match) {
      throw new UsageError({
        zh: `--targets 应形如 electricityKwh=120000,insuranceRate=98（清除一项：electricityKwh=none）：${pair.trim()}`,
        en: `--targets must look like electricityKwh=120000,insuranceRate=98 (to clear one: electricityKwh=none): ${pair.trim()}`,
      });
    }
    const key = targetKeyOf(match[1]!);
    if (!key) {
      throw new UsageError({
        zh: `--targets 中没有这项目标：${match[1]!.trim()}（应为 ${keys} 之一）`,
        en: `--targets has no target ${match[1]!.trim()} (it must be one of ${keys})`,
      });
    }
    if (key in targets)
      throw new UsageError({ zh: `--targets 中 ${key} 出现了两次`, en: `--targets names ${key} twice` });
    const raw = match[2]!.trim();
    if (CLEAR_WORDS.includes(raw.toLowerCase())) {
      targets[key] = null;
      continue;
    }
    const { unit } = DISTRICT_TARGETS[key];
    const number = numberOption(unit === 'amount' ? raw : raw.replace(/[%％]$/, ''));
    // A percentage becomes a rate without the float noise of a bare division (95.1 / 100).
    targets[key] = unit === 'rate' ? Math.round(number * 1e6) / 1e8 : number;
  }
  if (!Object.keys(targets).length)
    throw new UsageError({ zh: '--targets 至少要给出一项目标', en: '--targets needs at least one target' });
  return targets;
}

/** `--reset due-days --reset calendar` (or `--reset due-days,calendar`) as the settings to clear. */
export function parseReset(values: readonly string[]): DistrictSetting[] {
  const names = values
    .flatMap((value) => value.split(/[,，]/))
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(name in RESET_NAMES));
  if (unknown.length || !names.length) {
    throw new UsageError({
      zh: `--reset 应为 due-days、threshold、calendar 或 targets：${unknown.join(', ')}`,
      en: `--reset takes due-days, threshold, calendar or targets: ${unknown.join(', ')}`,
    });
  }
  return [...new Set(names.map((name) => RESET_NAMES[name]!))];
}

/** The settings `district configure` asks for, the calendar file aside (it is read when the command runs). */
export function settingsFromOptions(
  values: Pick<Values, 'due-days' | 'threshold' | 'calendar' | 'targets' | 'reset'>,
): DistrictSettingsInput {
  if (
    values['due-days'] === undefined &&
    values.threshold === undefined &&
    values.calendar === undefined &&
    values.targets === undefined &&
    values.reset === undefined
  ) {
    throw new UsageError({
      zh: 'district configure 需要 --due-days、--threshold、--calendar、--targets 或 --reset 中的至少一个',
      en: 'district configure needs at least one of --due-days, --threshold, --calendar, --targets, --reset',
    });
  }
  const reset = values.reset ? parseReset(values.reset) : [];
  const given: [string, DistrictSetting, boolean][] = [
    ['due-days', 'hazardDueDays', values['due-days'] !== undefined],
    ['threshold', 'complianceThreshold', values.threshold !== undefined],
    ['calendar', 'calendar', values.calendar !== undefined],
    ['targets', 'targets', values.targets !== undefined],
  ];
  const both = given.filter(([, setting, isGiven]) => isGiven && reset.includes(setting)).map(([option]) => option);
  if (both.length) {
    throw new UsageError({
      zh: `不能同时设置又清除：${both.map((o) => `--${o}`).join(' ')}`,
      en: `Cannot both set and clear: ${both.map((o) => `--${o}`).join(' ')}`,
    });
  }
  return {
    ...(values['due-days'] !== undefined ? { hazardDueDays: parseDueDays(values['due-days']) } : {}),
    ...(values.threshold !== undefined ? { complianceThreshold: parseThreshold(values.threshold) } : {}),
    ...(values.targets !== undefined ? { targets: parseTargets(values.targets) } : {}),
    ...(reset.length ? { reset } : {}),
  };
}

/** A calendar file's JSON (see infra/local/demo-calendar.json); its content is checked by the directory. */
export async function readCalendarFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError({
      zh: `无法读取校历文件 ${file}：${(error as Error).message}`,
      en: `Cannot read the calendar file ${file}: ${(error as Error).message}`,
    });
  }
  try {
    // Editors on Windows often start UTF-8 files with a byte-order mark, which JSON does not allow.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new UsageError({
      zh: `校历文件 ${file} 不是有效的 JSON：${(error as Error).message}`,
      en: `The calendar file ${file} is not valid JSON: ${(error as Error).message}`,
    });
  }
}

/** `09-01` as 9月1日 or 1 Sep. */
function monthDay(value: string, locale: Locale): string {
  const [month, day] = value.split('-').map(Number) as [number, number];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return locale === 'en' ? `${day} ${months[month - 1]}` : `${month}月${day}日`;
}

/** How `district show` states each target: what, which way it must go, its unit. */
const TARGET_LINES: Record<DistrictTargetKey, { what: Text; unit: Text }> = {
  electricityKwh: { what: { zh: '月用电量', en: 'electricity a month' }, unit: { zh: ' 千瓦时', en: ' kWh' } },
  waterM3: { what: { zh: '月用水量', en: 'water a month' }, unit: { zh: ' 立方米', en: ' m³' } },
  electricityReductionPercent: {
    what: { zh: '用电量同比降低', en: 'electricity reduction year on year' },
    unit: { zh: '%', en: '%' },
  },
  waterReductionPercent: {
    what: { zh: '用水量同比降低', en: 'water reduction year on year' },
    unit: { zh: '%', en: '%' },
  },
  insuranceRate: {
    what: { zh: '校方责任险参保率', en: 'school liability insurance coverage' },
    unit: { zh: '%', en: '%' },
  },
  complianceRate: { what: { zh: '合规率', en: 'compliance rate' }, unit: { zh: '%', en: '%' } },
};

/** The district's targets, one line each, with the key `--targets` takes. */
export function targetLines(targets: District['targets'], locale: Locale): string[] {
  const set = DISTRICT_TARGET_KEYS.filter((key) => typeof targets?.[key] === 'number');
  if (!set.length) return [t({ zh: '  月报目标：未设置', en: '  report targets: none' }, locale)];
  return [
    t({ zh: '  月报目标：', en: '  report targets:' }, locale),
    ...set.map((key) => {
      const value = targets![key]!;
      const { unit } = DISTRICT_TARGETS[key];
      const shown = unit === 'rate' ? Math.round(value * 1e6) / 1e4 : value;
      // An energy amount is a ceiling; a reduction or a rate a floor (as the report compares them).
      const sign = unit === 'amount' ? '≤' : '≥';
      const line = `    ${t(TARGET_LINES[key].what, locale)} ${sign} ${shown}${t(TARGET_LINES[key].unit, locale)}`;
      return locale === 'en' ? `${line} (${key})` : `${line}（${key}）`;
    }),
  ];
}

/** A district and the settings in effect for it, as the operator reads them. */
export function districtLines(district: District, locale: Locale): string[] {
  const en = locale === 'en';
  const dueDays = district.hazardDueDays ?? DEFAULT_DUE_DAYS;
  const threshold = district.complianceThreshold ?? DEFAULT_COMPLIANCE_THRESHOLD;
  const byDefault = t({ zh: '（默认）', en: ' (the default)' }, locale);
  const days = SEVERITIES.map((severity) => {
    const label = t(SEVERITY_LABELS[severity], locale);
    return en ? `${label.toLowerCase()} ${dueDays[severity]}` : `${label} ${dueDays[severity]} 天`;
  }).join(en ? ', ' : '，');
  const daysAreDefault = SEVERITIES.every((severity) => dueDays[severity] === DEFAULT_DUE_DAYS[severity]);
  const percent = `${Math.round(threshold * 1000) / 10}%`;
  const calendar = district.calendar;
  const none = t({ zh: '无', en: 'none' }, locale);
  const { autumn, spring } = DEFAULT_TERMS;
  const calendarLines = calendar
    ? [
        t(
          {
            zh: `  校历：${calendar.terms?.length ?? 0} 个学期`,
            en: `  school calendar: ${calendar.terms?.length ?? 0} terms`,
          },
          locale,
        ),
        ...(calendar.terms ?? []).map((term) =>
          en ? `    ${term.name}  ${term.start} to ${term.end}` : `    ${term.name}  ${term.start} 至 ${term.end}`,
        ),
        t(
          {
            zh: `    额外假日：${calendar.extraHolidays?.join(', ') || none}`,
            en: `    extra holidays: ${calendar.extraHolidays?.join(', ') || none}`,
          },
          locale,
        ),
        t(
          {
            zh: `    额外上课日：${calendar.extraSchoolDays?.join(', ') || none}`,
            en: `    extra school days: ${calendar.extraSchoolDays?.join(', ') || none}`,
          },
          locale,
        ),
      ]
    : [
        t(
          {
            zh: `  校历：未设置，按默认学年（秋季学期 ${monthDay(autumn.start, locale)}至${monthDay(autumn.end, locale)}，春季学期 ${monthDay(spring.start, locale)}至${monthDay(spring.end, locale)}）和国家法定节假日`,
            en: `  school calendar: none of its own: the default school year (autumn term ${monthDay(autumn.start, locale)} to ${monthDay(autumn.end, locale)}, spring term ${monthDay(spring.start, locale)} to ${monthDay(spring.end, locale)}) and the national holidays`,
          },
          locale,
        ),
      ];
  return [
    t(
      {
        zh: `区县 ${district.districtId}（${district.name}）`,
        en: `District ${district.districtId} (${district.name})`,
      },
      locale,
    ),
    t(
      {
        zh: `  时区：${district.timezone}  语言：${district.locale}`,
        en: `  time zone: ${district.timezone}  locale: ${district.locale}`,
      },
      locale,
    ),
    t(
      {
        zh: `  官员邮箱：${district.officialEmails.join(', ')}`,
        en: `  officials: ${district.officialEmails.join(', ')}`,
      },
      locale,
    ),
    t(
      {
        zh: `  隐患整改天数：${days}${daysAreDefault ? byDefault : ''}`,
        en: `  days to rectify: ${days}${daysAreDefault ? ' (the defaults)' : ''}`,
      },
      locale,
    ),
    t(
      {
        zh: `  合规率阈值：${percent}${threshold === DEFAULT_COMPLIANCE_THRESHOLD ? byDefault : ''}`,
        en: `  compliance threshold: ${percent}${threshold === DEFAULT_COMPLIANCE_THRESHOLD ? byDefault : ''}`,
      },
      locale,
    ),
    ...calendarLines,
    // A term that runs into a year without national holidays counts them as school days.
    ...calendarWarnings(calendar, locale).map((warning) =>
      t({ zh: `  注意：${warning.message}`, en: `  Warning: ${warning.message}` }, locale),
    ),
    ...targetLines(district.targets, locale),
  ];
}

/** One district's sweep as the operator reads it. */
function sweepLines(result: DistrictSweep, locale: Locale): string[] {
  const en = locale === 'en';
  const marked = result.marked.map(
    (h) =>
      `    ${h.hazardId}  ${h.schoolId}  ${t(h.title, locale)}${h.place ? ` (${h.place})` : ''}  ${en ? 'due' : '整改期限'} ${h.dueDate}`,
  );
  const markedHeading = result.applied
    ? t(
        {
          zh: `  新标记逾期 ${result.marked.length} 项${result.marked.length ? '：' : ''}`,
          en: `  marked overdue now: ${result.marked.length}`,
        },
        locale,
      )
    : t(
        {
          zh: `  将标记逾期 ${result.marked.length} 项${result.marked.length ? '：' : ''}`,
          en: `  would mark overdue: ${result.marked.length}`,
        },
        locale,
      );
  const digests = result.digests.map((digest) => {
    const n = digest.hazardIds.length;
    const hazards = n === 1 ? '1 hazard' : `${n} hazards`;
    const to = (digest.recipients ?? []).join(', ');
    switch (digest.status) {
      case 'sent':
        return t(
          {
            zh: `  已发送逾期汇总邮件（${digest.date}，${n} 项）给 ${to}`,
            en: `  sent the overdue digest (${digest.date}, ${hazards}) to ${to}`,
          },
          locale,
        );
      case 'already-sent':
        return t(
          {
            zh: `  逾期汇总邮件（${digest.date}，${n} 项）此前已发送`,
            en: `  the overdue digest (${digest.date}, ${hazards}) was sent before`,
          },
          locale,
        );
      case 'would-send':
        return t(
          {
            zh: `  将发送逾期汇总邮件（${digest.date}，${n} 项）`,
            en: `  would send the overdue digest (${digest.date}, ${hazards})`,
          },
          locale,
        );
      case 'no-recipients':
        return t(
          {
            zh: `  区县没有官员邮箱，不发送汇总邮件（${n} 项）`,
            en: `  the district has no officials' addresses: no digest (${hazards})`,
          },
          locale,
        );
    }
  });
  return [
    t(
      {
        zh: `区县 ${result.districtId}（${result.districtName}），日期 ${result.date}：`,
        en: `District ${result.districtId} (${result.districtName}), date ${result.date}:`,
      },
      locale,
    ),
    markedHeading,
    ...marked,
    t(
      { zh: `  此前已标记逾期 ${result.alreadyMarked} 项`, en: `  marked overdue before: ${result.alreadyMarked}` },
      locale,
    ),
    ...(digests.length ? digests : [t({ zh: '  无需发送邮件', en: '  no e-mail to send' }, locale)]),
  ];
}

const COMMANDS: Record<string, Command> = {
  'district add': {
    options: ['id', 'name', 'timezone', 'locale', 'official'],
    required: ['id', 'name', 'official'],
    args: [],
    async run({ values, locale, directory }) {
      const district = await directory.createDistrict(
        {
          districtId: values.id!,
          name: values.name!,
          officialEmails: values.official ?? [],
          ...(values.timezone ? { timezone: values.timezone } : {}),
          ...(values.locale ? { locale: values.locale as 'zh-CN' | 'en' } : {}),
        },
        { locale },
      );
      return {
        data: district,
        lines: [
          t(
            {
              zh: `已创建区县 ${district.districtId}（${district.name}）`,
              en: `Created district ${district.districtId} (${district.name})`,
            },
            locale,
          ),
          t(
            {
              zh: `  时区：${district.timezone}  语言：${district.locale}`,
              en: `  time zone: ${district.timezone}  locale: ${district.locale}`,
            },
            locale,
          ),
          t(
            {
              zh: `  官员邮箱：${district.officialEmails.join(', ')}`,
              en: `  officials: ${district.officialEmails.join(', ')}`,
            },
            locale,
          ),
        ],
      };
    },
  },
  'district configure': {
    options: ['id', 'due-days', 'threshold', 'calendar', 'targets', 'reset'],
    required: ['id'],
    args: [],
    check: (values) => usageMistakeOf(() => settingsFromOptions(values)),
    async run({ values, locale, directory }) {
      const settings = settingsFromOptions(values);
      if (values.calendar !== undefined)
        settings.calendar = (await readCalendarFile(values.calendar)) as DistrictSettingsInput['calendar'];
      const district = await directory.configureDistrict(values.id!, settings, { locale });
      return {
        data: district,
        lines: [
          t(
            {
              zh: `已更新区县 ${district.districtId} 的设置：`,
              en: `Updated the settings of district ${district.districtId}:`,
            },
            locale,
          ),
          ...districtLines(district, locale),
        ],
      };
    },
  },
  'district show': {
    options: ['id'],
    required: ['id'],
    args: [],
    async run({ values, locale, directory }) {
      const district = await directory.requireDistrict(values.id!, locale);
      return { data: district, lines: districtLines(district, locale) };
    },
  },
  'school add': {
    options: [
      'district',
      'id',
      'name',
      'kind',
      'students',
      'staff',
      'canteen',
      'boarding',
      'partly-boarding',
      'nutrition',
      'registered-on',
    ],
    required: ['district', 'id', 'name', 'kind', 'students', 'staff'],
    args: [],
    check: contradictoryFlags,
    async run({ values, locale, directory }) {
      const school = await directory.addSchool(
        values.district!,
        {
          schoolId: values.id!,
          name: values.name!,
          kind: toKind(values.kind!) as SchoolKind,
          students: numberOption(values.students),
          staff: numberOption(values.staff),
          hasCanteen: values.canteen ?? false,
          boarding: values['partly-boarding'] ? 'partly' : (values.boarding ?? false),
          nutritionProgramme: values.nutrition ?? false,
          ...(values['registered-on'] ? { registeredOn: values['registered-on'] } : {}),
        },
        { locale },
      );
      return {
        data: school,
        lines: [
          t(
            {
              zh: `已添加学校 ${school.schoolId}（${school.name}，${kindName(school.kind, locale)}）到区县 ${school.districtId}`,
              en: `Added school ${school.schoolId} (${school.name}, ${kindName(school.kind, locale)}) to district ${school.districtId}`,
            },
            locale,
          ),
          t(
            {
              zh: `  学生 ${school.students}，教职工 ${school.staff}，食堂：${yes(school.hasCanteen, locale)}，寄宿：${directory.boardingText(school, locale)}，营养餐：${yes(school.nutritionProgramme, locale)}，登记日期 ${school.registeredOn}`,
              en: `  ${school.students} students, ${school.staff} staff, canteen: ${yes(school.hasCanteen, locale)}, boarding: ${directory.boardingText(school, locale)}, nutrition programme: ${yes(school.nutritionProgramme, locale)}, registered on ${school.registeredOn}`,
            },
            locale,
          ),
        ],
      };
    },
  },
  'school import': {
    options: ['district', 'update', 'registered-on'],
    required: ['district'],
    args: ['<roster.xlsx|roster.csv>'],
    async run({ values, args, locale, directory }) {
      const file = args[0]!;
      const format = rosterFormatOf(file);
      if (!format)
        throw new UsageError({
          zh: `无法识别花名册格式：${file}（应为 .xlsx 或 .csv）`,
          en: `Unknown roster format: ${file} (use .xlsx or .csv)`,
        });
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new UsageError({
          zh: `无法读取文件 ${file}：${(error as Error).message}`,
          en: `Cannot read ${file}: ${(error as Error).message}`,
        });
      }
      const roster = await parseRoster(bytes, format, { locale });
      const result = await directory.importRoster(values.district!, roster, {
        locale,
        update: values.update ?? false,
        ...(values['registered-on'] ? { registeredOn: values['registered-on'] } : {}),
      });
      return { data: result, lines: directory.importSummaryLines(result, file, locale) };
    },
  },
  'school update': {
    options: [
      'district',
      'id',
      'name',
      'kind',
      'students',
      'staff',
      'canteen',
      'no-canteen',
      'boarding',
      'no-boarding',
      'partly-boarding',
      'nutrition',
      'no-nutrition',
      'registered-on',
    ],
    required: ['district', 'id'],
    args: [],
    check: contradictoryFlags,
    async run({ values, locale, directory }) {
      const boarding = values['partly-boarding'] ? ('partly' as const) : flagChange(values, 'boarding', 'no-boarding');
      const changes = {
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values.kind !== undefined ? { kind: toKind(values.kind) as SchoolKind } : {}),
        ...(values.students !== undefined ? { students: numberOption(values.students) } : {}),
        ...(values.staff !== undefined ? { staff: numberOption(values.staff) } : {}),
        ...(flagChange(values, 'canteen', 'no-canteen') !== undefined
          ? { hasCanteen: flagChange(values, 'canteen', 'no-canteen') }
          : {}),
        ...(boarding !== undefined ? { boarding } : {}),
        ...(flagChange(values, 'nutrition', 'no-nutrition') !== undefined
          ? { nutritionProgramme: flagChange(values, 'nutrition', 'no-nutrition') }
          : {}),
        ...(values['registered-on'] !== undefined ? { registeredOn: values['registered-on'] } : {}),
      };
      const { school, changes: changed } = await directory.updateSchool(values.district!, values.id!, changes, {
        locale,
      });
      const what = changed.map((change) => directory.changeText(change, locale)).join(locale === 'en' ? '; ' : '；');
      return {
        data: { school, changes: changed },
        lines: [
          changed.length
            ? t(
                {
                  zh: `已修改学校 ${school.schoolId}（${school.name}）：${what}`,
                  en: `Updated school ${school.schoolId} (${school.name}): ${what}`,
                },
                locale,
              )
            : t(
                {
                  zh: `学校 ${school.schoolId}（${school.name}）已是这样，没有修改`,
                  en: `School ${school.schoolId} (${school.name}) is already so; nothing changed`,
                },
                locale,
              ),
        ],
      };
    },
  },
  'school remove': {
    options: ['district', 'id', 'from'],
    required: ['district', 'id'],
    args: [],
    async run({ values, locale, directory }) {
      const removal = await directory.removeSchool(values.district!, values.id!, {
        locale,
        ...(values.from !== undefined ? { from: values.from } : {}),
      });
      const { school, archivedOn } = removal;
      return {
        data: removal,
        lines: removal.alreadyArchived
          ? [
              t(
                {
                  zh: `学校 ${school.schoolId}（${school.name}）已于 ${archivedOn} 撤销，没有修改`,
                  en: `School ${school.schoolId} (${school.name}) was already removed from ${archivedOn}; nothing changed`,
                },
                locale,
              ),
            ]
          : [
              t(
                {
                  zh: `已从花名册撤销学校 ${school.schoolId}（${school.name}），自 ${archivedOn} 起：`,
                  en: `Removed school ${school.schoolId} (${school.name}) from the roster from ${archivedOn}:`,
                },
                locale,
              ),
              t(
                {
                  zh: '  从这一天起不再要求它上报，它的令牌停止使用；它的历史记录和以前月份的统计保留不变。',
                  en: '  from that day it owes no forms and its tokens stop working; its records and the figures of earlier months stay.',
                },
                locale,
              ),
            ],
      };
    },
  },
  'history import': {
    options: ['district', 'form'],
    required: ['district'],
    args: ['<file.xlsx|file.csv>'],
    run: ({ values, args, locale }) =>
      historyCommand(() => runHistoryImport(values.district!, args[0]!, values.form, locale)),
  },
  'school list': {
    options: ['district'],
    required: ['district'],
    args: [],
    async run({ values, locale, directory }) {
      const schools = await directory.listSchools(values.district!, { locale });
      const header =
        locale === 'en'
          ? [
              'id',
              'name',
              'kind',
              'students',
              'staff',
              'canteen',
              'boarding',
              'nutrition',
              'registered',
              'removed from',
            ]
          : ['编号', '名称', '类型', '学生', '教职工', '食堂', '寄宿', '营养餐', '登记日期', '撤销日期'];
      const rows = schools.map((school) => [
        school.schoolId,
        school.name,
        kindName(school.kind, locale),
        String(school.students),
        String(school.staff),
        yes(school.hasCanteen, locale),
        directory.boardingText(school, locale),
        yes(school.nutritionProgramme, locale),
        school.registeredOn,
        school.archivedOn ?? '',
      ]);
      const archived = schools.filter((school) => school.archivedOn).length;
      const count = t(
        {
          zh: `区县 ${values.district} 共 ${schools.length} 所学校${archived ? `（其中 ${archived} 所已撤销）` : ''}`,
          en: `${schools.length} schools in district ${values.district}${archived ? ` (${archived} removed from the roster)` : ''}`,
        },
        locale,
      );
      return { data: schools, lines: schools.length ? [...formatTable(header, rows), '', count] : [count] };
    },
  },
  'token issue': {
    options: ['role', 'district', 'school', 'label'],
    required: ['role'],
    args: [],
    check: (values) =>
      (values.school?.length ?? 0) > 1
        ? { zh: 'token issue 只接受一个 --school', en: 'token issue takes one --school' }
        : undefined,
    async run({ values, locale, directory }) {
      const request = {
        role: values.role as 'school' | 'official' | 'admin',
        ...(values.district ? { districtId: values.district } : {}),
        ...(values.school?.[0] ? { schoolId: values.school[0] } : {}),
        ...(values.label ? { label: values.label } : {}),
      };
      const issued = await directory.issueToken(request, { locale });
      const scope = [request.districtId, request.schoolId].filter(Boolean).join(' / ');
      return {
        data: {
          ...issued,
          role: request.role,
          ...(request.districtId ? { districtId: request.districtId } : {}),
          ...(request.schoolId ? { schoolId: request.schoolId } : {}),
        },
        lines: [
          t(
            {
              zh: `已签发${t(ROLE_NAMES[request.role]!, locale)}令牌${scope ? `（${scope}）` : ''}。令牌只显示这一次，请立即妥善保存：`,
              en: `Issued a ${t(ROLE_NAMES[request.role]!, locale)} token${scope ? ` (${scope})` : ''}. It is shown this once only; keep it safe now:`,
            },
            locale,
          ),
          '',
          `  ${issued.token}`,
          '',
          t(
            {
              zh: `令牌编号：${issued.tokenId}（列出或吊销时使用）`,
              en: `Token id: ${issued.tokenId} (to list or revoke it)`,
            },
            locale,
          ),
        ],
      };
    },
  },
  'token revoke': {
    options: [],
    required: [],
    args: ['<tokenId>'],
    async run({ args, locale, directory }) {
      const revocation = await directory.revokeToken(args[0]!, { locale });
      return {
        data: revocation,
        lines: [
          revocation.alreadyRevoked
            ? t(
                {
                  zh: `令牌 ${revocation.tokenId} 已于 ${revocation.revokedAt} 吊销（无需再次吊销）`,
                  en: `Token ${revocation.tokenId} was already revoked at ${revocation.revokedAt}`,
                },
                locale,
              )
            : t(
                {
                  zh: `已吊销令牌 ${revocation.tokenId}（${revocation.revokedAt}），它立即失效`,
                  en: `Revoked token ${revocation.tokenId} (${revocation.revokedAt}); it stops working at once`,
                },
                locale,
              ),
        ],
      };
    },
  },
  'token sheet': {
    options: ['district', 'school', 'replace', 'app-url', 'out'],
    required: ['district', 'out'],
    args: [],
    async run({ values, locale, target }) {
      // The logic is in shared/directory/token-sheet.ts; this is only its command line.
      const { issueTokenSheet, tokenSheetWorkbook } = await import('../../shared/directory/token-sheet');
      const { requireDistrict } = await import('../../shared/directory/districts');
      const { resolveAppUrl } = await import('./app-url');
      const { writeFile } = await import('node:fs/promises');
      const { resolve: resolvePath } = await import('node:path');
      const appUrl = await resolveAppUrl(target, values['app-url']);
      const district = await requireDistrict(values.district!, locale);
      const rows = await issueTokenSheet({
        districtId: district.districtId,
        schoolIds: values.school,
        replace: values.replace,
        appUrl,
        locale,
      });
      const out = resolvePath(values.out!);
      await writeFile(out, await tokenSheetWorkbook(rows, district.name, locale), { mode: 0o600 });
      const revoked = rows.reduce((sum, row) => sum + row.revoked.length, 0);
      return {
        data: {
          out,
          appUrl,
          rows: rows.map(({ schoolId, name, tokenId, revoked: ids }) => ({ schoolId, name, tokenId, revoked: ids })),
        },
        lines: [
          t(
            {
              zh: `已为 ${rows.length} 所学校签发新令牌${values.replace ? `，吊销旧令牌 ${revoked} 个` : '（旧令牌未吊销）'}。`,
              en: `Issued new tokens for ${rows.length} schools${values.replace ? `; revoked ${revoked} earlier tokens` : ' (earlier tokens left as they are)'}.`,
            },
            locale,
          ),
          t(
            {
              zh: `登录链接与二维码已写入 ${out}（含令牌，请妥善保管）。`,
              en: `Login links and QR codes written to ${out} (it holds the tokens: keep it safe).`,
            },
            locale,
          ),
        ],
      };
    },
  },
  'token list': {
    options: ['district', 'admin'],
    required: [],
    args: [],
    check: (values) =>
      Boolean(values.district) === Boolean(values.admin)
        ? {
            zh: 'token list 需要 --district <编号> 或 --admin（二选一）',
            en: 'token list needs --district <id> or --admin (one of them)',
          }
        : undefined,
    async run({ values, locale, directory }) {
      const tokens = await directory.listTokens(values.admin ? 'admin' : values.district!, { locale });
      const header =
        locale === 'en'
          ? ['token id', 'role', 'school', 'label', 'created', 'revoked']
          : ['令牌编号', '角色', '学校', '标签', '签发时间', '吊销时间'];
      const rows = tokens.map((token) => [
        token.tokenId,
        t(ROLE_NAMES[token.role]!, locale),
        token.schoolId ?? '',
        token.label,
        token.createdAt,
        token.revokedAt ?? '',
      ]);
      const count = t({ zh: `共 ${tokens.length} 个令牌`, en: `${tokens.length} tokens` }, locale);
      return { data: tokens, lines: tokens.length ? [...formatTable(header, rows), '', count] : [count] };
    },
  },
  'hazards sweep': {
    options: ['district', 'date', 'send'],
    required: [],
    args: [],
    check: (values) =>
      values.date !== undefined && !isCalendarDate(values.date)
        ? {
            zh: `--date 应为 YYYY-MM-DD 格式的日期：${values.date}`,
            en: `--date must be a date written YYYY-MM-DD: ${values.date}`,
          }
        : undefined,
    async run({ values, locale, directory, target, env }) {
      const apply = values.send ?? false;
      const senderAddress = apply ? await prepareMail(target, env) : undefined;
      const { listDistricts, sweepDistrict } = await import('../../shared/hazards/sweep');
      const districts = values.district
        ? [await directory.requireDistrict(values.district, locale)]
        : await listDistricts();
      const results: DistrictSweep[] = [];
      for (const district of districts) {
        const today = localDate(district.timezone);
        const date = values.date ?? today;
        if (date > today) {
          throw new UsageError({
            zh: `--date ${date} 晚于区县 ${district.districtId} 的今天（${today}）：只能按今天或以前的日期检查逾期。`,
            en: `--date ${date} is after today in district ${district.districtId} (${today}): sweep for today or an earlier date.`,
          });
        }
        results.push(await sweepDistrict(district, date, { apply, ...(senderAddress ? { senderAddress } : {}) }));
      }
      const footer = apply
        ? []
        : [
            '',
            t(
              {
                zh: '预览：没有写入任何数据，也没有发送邮件。加 --send 标记逾期并发送汇总邮件。',
                en: 'Preview: nothing was written and no e-mail was sent. Add --send to mark the hazards and send the digests.',
              },
              locale,
            ),
          ];
      const none = t({ zh: '没有区县。', en: 'No districts.' }, locale);
      return {
        data: results,
        lines: results.length ? [...results.flatMap((r) => sweepLines(r, locale)), ...footer] : [none],
      };
    },
  },
  'suppression list': {
    options: [],
    required: [],
    args: [],
    async run({ locale }) {
      const { listSuppressedRecipients } = await import('../../shared/reports/pipeline/suppression');
      const entries = await listSuppressedRecipients();
      const header = locale === 'en' ? ['address', 'reason', 'kind', 'since'] : ['邮箱地址', '原因', '类型', '时间'];
      const rows = entries.map((entry) => [
        entry.address,
        suppressionReason(entry.reason, locale),
        [entry.kind, entry.subKind].filter(Boolean).join('/'),
        entry.at,
      ]);
      const count = entries.length
        ? t(
            { zh: `共 ${entries.length} 个地址不再收到邮件`, en: `${entries.length} addresses receive no mail` },
            locale,
          )
        : t(
            { zh: '抑制名单为空：没有地址被停发邮件', en: 'The suppression list is empty: mail goes to every address' },
            locale,
          );
      return { data: entries, lines: entries.length ? [...formatTable(header, rows), '', count] : [count] };
    },
  },
  'suppression remove': {
    options: ['address'],
    required: ['address'],
    args: [],
    check: (values) =>
      values.address !== undefined && !values.address.trim()
        ? { zh: '--address 不能为空', en: '--address must not be empty' }
        : undefined,
    async run({ values, locale }) {
      const { normalizeAddress, removeSuppressedRecipient } = await import('../../shared/reports/pipeline/suppression');
      const address = normalizeAddress(values.address!);
      const removed = await removeSuppressedRecipient(address);
      if (!removed) {
        const label = localize(DIRECTORY_FIELD_LABELS.address!, locale);
        throw new AppError('NOT_FOUND', [
          { field: 'address', label, reason: say('suppressedMissing', locale, { address }) },
        ]);
      }
      return {
        data: removed,
        lines: [
          t(
            {
              zh: `已将 ${removed.address} 移出抑制名单（原因：${suppressionReason(removed.reason, locale)}，${removed.at}），此后的邮件会再发给它`,
              en: `Removed ${removed.address} from the suppression list (${suppressionReason(removed.reason, locale)}, ${removed.at}); mail goes to it again from now on`,
            },
            locale,
          ),
        ],
      };
    },
  },
};

/** Runs a `history` command (infra/cli/history.ts), its usage mistakes as the CLI's own. */
async function historyCommand(run: () => Promise<Output>): Promise<Output> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HistoryUsageError) throw new UsageError(error.text);
    throw error;
  }
}

/** Why an address is suppressed, as the operator reads it. */
function suppressionReason(reason: string, locale: Locale): string {
  const names: Record<string, Text> = {
    bounce: { zh: '退信', en: 'bounce' },
    complaint: { zh: '投诉', en: 'complaint' },
  };
  return names[reason] ? t(names[reason], locale) : reason;
}

const USAGE: Text = {
  zh: `用法：npm run admin -- <命令> [选项]

区县
  district add --id <编号> --name <名称> --official <邮箱> [--official <邮箱> …]
               [--timezone Asia/Shanghai] [--locale zh-CN|en]
  district configure --id <编号> [--due-days critical=1,high=3,medium=7,low=30] [--threshold 90]
               [--calendar <校历.json>] [--targets electricityKwh=120000,insuranceRate=98,…]
               [--reset due-days|threshold|calendar|targets]
             设置区县自己的隐患整改天数（按风险等级，可只给其中几个，也可写 重大=1,较大=3）、
             合规率阈值（百分数）和校历（JSON 文件，格式见 infra/local/demo-calendar.json）；
             --targets 设置月报对照的目标，可只给其中几项，其余不变，写 <目标>=none 清除一项：
               electricityKwh 月用电量上限（千瓦时）  waterM3 月用水量上限（立方米）
               electricityReductionPercent、waterReductionPercent 用电量、用水量同比至少降低的百分数
               insuranceRate 校方责任险参保率、complianceRate 合规率（百分数，例如 98）
             --reset 清除某项设置，恢复默认值（1/3/7/30 天、90%、默认学年、无目标）
  district show --id <编号>
             显示区县及其生效的设置和目标
学校
  school add --district <编号> --id <编号> --name <名称> --kind <类型> --students <人数> --staff <人数>
             [--canteen] [--boarding | --partly-boarding] [--nutrition] [--registered-on YYYY-MM-DD]
             （类型：小学/primary、中学/middle、九年制/nine-year、职中/vocational、幼儿园/kindergarten、
             特殊教育学校/special）
  school import --district <编号> [--update] [--registered-on YYYY-MM-DD] <花名册.xlsx|花名册.csv>
             导入花名册（全部成功或全部不导入）；--update 按文件更新已有学校并新增其余学校，
             列出新增、修改（逐项）和未变的学校；--registered-on 是新学校的登记日期（默认今天；
             花名册的“注册日期/启用日期”列优先）
  school update --district <编号> --id <编号> [--name …] [--kind …] [--students …] [--staff …]
             [--canteen | --no-canteen] [--boarding | --partly-boarding | --no-boarding]
             [--nutrition | --no-nutrition] [--registered-on YYYY-MM-DD]
             修改一所学校的花名册信息，只改给出的项
  school remove --district <编号> --id <编号> [--from YYYY-MM-DD]
             把学校从花名册撤销（默认今天起）：此后不再要求它上报，它的令牌停止使用，历史记录保留
  school list --district <编号>
历史记录（导入去年的数据，用于同比和目标对照）
  history template --form <表单类型> --out <模板.xlsx>
             生成一种表单的历史记录模板：表头为学校编号、日期和各字段（单位在括号中），选项为下拉列表；
             不需要本地栈或 --stack
  history import --district <编号> [--form <表单类型>] <文件.xlsx|文件.csv>
             导入 2020-01-01 至今天的历史记录（每个文件最多 50,000 行）：逐行按表单规则检查，
             有任何问题则逐行逐列列出且一条都不导入；重复导入同一文件不会产生变化；
             导入的记录计入月报、同比、目标和完成率，不产生隐患、不发邮件
令牌
  token issue --role school|official|admin [--district <编号>] [--school <编号>] [--label <说明>]
  token revoke <令牌编号>
  token list --district <编号> | --admin
  token sheet --district <编号> [--school <编号> ...] [--replace] [--app-url <网址>] --out <文件.xlsx>
隐患
  hazards sweep [--district <编号>] [--date YYYY-MM-DD] [--send]
             逾期检查（与每天 9:00 的定时任务相同）：标记已过整改期限仍未整改的隐患，并给区县官员
             发送一封逾期汇总邮件。默认是所有区县、各自时区的今天；不加 --send 只预览，不写入也不发邮件
邮件抑制名单（退信或投诉的地址不再收到任何邮件）
  suppression list
             列出每个被停发的地址、原因（退信/投诉）、类型和时间
  suppression remove --address <邮箱>
             把地址移出名单，此后的邮件会再发给它
全国节假日
  calendar national --year <年份> <节假日.json>
             载入一年的全国法定节假日和调休上班日（国务院通知；chinese-days 包还没有该年数据时），
             优先于包中该年的数据；文件格式见 README.md。写入 shared/calendar/national-years.json，
             本地栈下次启动、AWS 部署下次部署后生效。不需要本地栈或 --stack
  help

目标（默认是本地栈，读取 .local/local-stack.json；先运行 npm start）
  --stack <栈名>    AWS 上已部署的栈（读取其 CloudFormation 输出 TableName）
  --table <表名>    直接使用 AWS 上的 DynamoDB 表
  --region <区域>   AWS 区域（默认取 AWS_REGION 或配置文件）
其他
  --lang zh-CN|en   输出语言（默认中文；LANG=en* 时为英文）
  --json            以 JSON 输出结果，便于脚本处理

环境变量
  HOUQIN_LOCAL_DIR         本地栈的数据目录（默认 .local/）：与启动本地栈时的设置相同，才能找到它
  HOUQIN_LOCAL_STACK_FILE  直接指定本地栈文件（local-stack.json），优先于 HOUQIN_LOCAL_DIR
  AWS_REGION, AWS_DEFAULT_REGION  --stack / --table 的区域（--region 优先）
  AWS_PROFILE 及其他 AWS 凭证变量  --stack / --table 使用的凭证（本地栈不需要）
  SENDER_ADDRESS           对 AWS 执行 hazards sweep --send 时的发件地址
  LC_ALL, LC_MESSAGES, LANG  输出语言（en* 为英文；--lang 优先）

示例
  npm run admin -- district add --id huaying --name 华蓥市教育局 --official houqin@huaying.example --official anquan@huaying.example
  npm run admin -- district configure --id huaying --due-days high=2,medium=5 --threshold 85 --calendar infra/local/demo-calendar.json
  npm run admin -- district configure --id huaying --targets electricityKwh=120000,electricityReductionPercent=15,insuranceRate=100
  npm run admin -- district configure --id huaying --targets waterM3=none
  npm run admin -- school import --district huaying 学校花名册.xlsx
  npm run admin -- history template --form energy-meter --out 水电抄表-历史.xlsx
  npm run admin -- history import --district huaying 水电抄表-历史.xlsx
  npm run admin -- token issue --role school --district huaying --school hy-zx --label "总务处 张老师"
  npm run admin -- token list --district huaying --stack Houqin
  npm run admin -- hazards sweep --district huaying              # 预览
  npm run admin -- hazards sweep --district huaying --send
  npm run admin -- suppression remove --address houqin@huaying.example`,
  en: `Usage: npm run admin -- <command> [options]

Districts
  district add --id <id> --name <name> --official <e-mail> [--official <e-mail> …]
               [--timezone Asia/Shanghai] [--locale zh-CN|en]
  district configure --id <id> [--due-days critical=1,high=3,medium=7,low=30] [--threshold 90]
               [--calendar <calendar.json>] [--targets electricityKwh=120000,insuranceRate=98,…]
               [--reset due-days|threshold|calendar|targets]
             sets the district's own days to rectify hazards (by severity; some of them only is
             fine), compliance threshold (a percentage) and school calendar (a JSON file, see
             infra/local/demo-calendar.json); --targets sets the targets the monthly report
             compares with, some of them only if you like (the others stay), <target>=none clears one:
               electricityKwh  most electricity a month (kWh)   waterM3  most water a month (m³)
               electricityReductionPercent, waterReductionPercent  least reduction year on year (%)
               insuranceRate  school liability insurance, complianceRate  compliance (percentages, e.g. 98)
             --reset clears a setting back to the default (1/3/7/30 days, 90%, the default school
             year, no targets)
  district show --id <id>
             shows the district, the settings in effect and its targets
Schools
  school add --district <id> --id <id> --name <name> --kind <kind> --students <n> --staff <n>
             [--canteen] [--boarding | --partly-boarding] [--nutrition] [--registered-on YYYY-MM-DD]
             (kind: primary, middle, nine-year, vocational, kindergarten, special, or 小学, 中学,
             九年制, 职中, 幼儿园, 特殊教育学校)
  school import --district <id> [--update] [--registered-on YYYY-MM-DD] <roster.xlsx|roster.csv>
             imports a roster, all or nothing; --update updates the schools already there from the
             file and adds the others, listing what was added, changed (field by field) and left;
             --registered-on is the new schools' registration date (default today; a roster's
             注册日期/启用日期 column wins)
  school update --district <id> --id <id> [--name …] [--kind …] [--students …] [--staff …]
             [--canteen | --no-canteen] [--boarding | --partly-boarding | --no-boarding]
             [--nutrition | --no-nutrition] [--registered-on YYYY-MM-DD]
             changes a school's roster fields, only those given
  school remove --district <id> --id <id> [--from YYYY-MM-DD]
             takes a school off the roster (from today by default): it owes nothing from then, its
             tokens stop working, its records stay
  school list --district <id>
History (last year's records, for year-on-year figures and targets)
  history template --form <formType> --out <template.xlsx>
             writes the template of one form type: school id, date and the form's fields (units in
             brackets), options as drop-down lists. Needs no stack
  history import --district <id> [--form <formType>] <file.xlsx|file.csv>
             loads records dated 2020-01-01 to today (up to 50,000 rows a file), each row checked as
             a submission is; any problem is listed by row and column and nothing is imported;
             importing the same file again changes nothing. Imported records count in reports,
             year-on-year figures, targets and compliance, raise no hazard and send no mail
Tokens
  token issue --role school|official|admin [--district <id>] [--school <id>] [--label <text>]
  token revoke <tokenId>
  token list --district <id> | --admin
  token sheet --district <id> [--school <id> ...] [--replace] [--app-url <url>] --out <file.xlsx>
Hazards
  hazards sweep [--district <id>] [--date YYYY-MM-DD] [--send]
             the overdue sweep (what the 09:00 schedule runs): marks hazards past their due date and
             not rectified, and e-mails the district's officials one digest. Every district, each on
             its own today, unless narrowed; without --send only a preview: nothing written or sent
Mail suppression list (addresses that bounced or complained get no mail at all)
  suppression list
             every suppressed address with its reason (bounce/complaint), kind and when
  suppression remove --address <e-mail>
             takes the address off the list: mail goes to it again
National holidays
  calendar national --year <YYYY> <holidays.json>
             loads a year's statutory holidays and make-up working days (the State Council's notice,
             while the chinese-days package lacks that year), taking precedence over the package for
             that year; file format in README.md. Written to shared/calendar/national-years.json: the
             local stack uses it from its next start, AWS from the next deploy. Needs no stack
  help

Target (the local stack by default, found through .local/local-stack.json: run npm start first)
  --stack <name>    a stack deployed on AWS (its CloudFormation output TableName)
  --table <name>    a DynamoDB table on AWS, named directly
  --region <region> the AWS region (default: AWS_REGION or your AWS config)
Other
  --lang zh-CN|en   output language (Chinese unless LANG=en*)
  --json            print the result as JSON, for scripts

Environment
  HOUQIN_LOCAL_DIR         the local stack's data folder (default .local/): the same as the stack was started with
  HOUQIN_LOCAL_STACK_FILE  the local stack file (local-stack.json) itself; wins over HOUQIN_LOCAL_DIR
  AWS_REGION, AWS_DEFAULT_REGION  the region of --stack / --table (--region wins)
  AWS_PROFILE and the other AWS credential variables  the credentials of --stack / --table (not needed locally)
  SENDER_ADDRESS           the sender of hazards sweep --send against AWS
  LC_ALL, LC_MESSAGES, LANG  the output language (en* for English; --lang wins)

Examples
  npm run admin -- district add --id huaying --name 华蓥市教育局 --official houqin@huaying.example --official anquan@huaying.example
  npm run admin -- district configure --id huaying --due-days high=2,medium=5 --threshold 85 --calendar infra/local/demo-calendar.json
  npm run admin -- district configure --id huaying --targets electricityKwh=120000,electricityReductionPercent=15,insuranceRate=100
  npm run admin -- district configure --id huaying --targets waterM3=none
  npm run admin -- school import --district huaying schools.xlsx
  npm run admin -- history template --form energy-meter --out energy-history.xlsx
  npm run admin -- history import --district huaying energy-history.xlsx
  npm run admin -- token issue --role school --district huaying --school hy-zx --label "Logistics office"
  npm run admin -- token list --district huaying --stack Houqin
  npm run admin -- hazards sweep --district huaying              # preview
  npm run admin -- hazards sweep --district huaying --send
  npm run admin -- suppression remove --address houqin@huaying.example`,
};

/** A mistake in how the CLI was called (exit code 2). */
export class UsageError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'UsageError';
  }
}

/** The mistake a check throws as a UsageError, or undefined when there is none. */
function usageMistakeOf(check: () => unknown): Text | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.text;
    throw error;
  }
}

/** The output language: --lang, else English when the environment's locale is English, else zh-CN. */
export function pickLocale(argv: readonly string[], env: NodeJS.ProcessEnv): Locale {
  const index = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  const flag =
    index < 0 ? undefined : argv[index]!.includes('=') ? argv[index]!.slice('--lang='.length) : argv[index + 1];
  const chosen = flag ?? (env.LC_ALL || env.LC_MESSAGES || env.LANG || '');
  return /^en\b|^en[-_]/i.test(chosen) ? 'en' : 'zh-CN';
}

interface IssueLike {
  line?: number;
  field?: string;
  column?: string;
  label?: string;
  reason?: string;
}

/** One refusal detail as a line: a roster issue by line, a field issue by label. */
function formatIssue(issue: IssueLike, locale: Locale): string {
  // `officialEmails.1` is labelled like `officialEmails`.
  const label = issue.label ?? (issue.field ? DIRECTORY_FIELD_LABELS[issue.field.split('.')[0]!] : undefined);
  const what =
    issue.column ?? (label ? `${typeof label === 'string' ? label : t(label, locale)} (${issue.field})` : issue.field);
  const where =
    issue.line === undefined
      ? ''
      : issue.line === 0
        ? t({ zh: '文件', en: 'file' }, locale)
        : t({ zh: `第 ${issue.line} 行`, en: `line ${issue.line}` }, locale);
  const subject = [where, what && !what.startsWith('(') ? what : ''].filter(Boolean).join(locale === 'en' ? ', ' : ' ');
  return `  ${subject}${locale === 'en' ? ': ' : '：'}${issue.reason ?? ''}`;
}

/** An error as the operator reads it: the catalogue's message, then every detail. */
export function formatError(error: unknown, locale: Locale): string[] {
  if (error instanceof AppError) {
    const issues = Array.isArray(error.details) ? (error.details as IssueLike[]) : [];
    const byLine = issues.some((issue) => issue.line !== undefined);
    const heading =
      error.code === 'HISTORY_IMPORT_INVALID'
        ? t(
            {
              zh: `文件有 ${issues.length} 处问题，没有导入任何记录：`,
              en: `The file has ${issues.length} problems; nothing was imported:`,
            },
            locale,
          )
        : byLine
          ? t(
              {
                zh: `花名册有 ${issues.length} 处问题，没有导入任何学校：`,
                en: `The roster has ${issues.length} problems; no school was imported:`,
              },
              locale,
            )
          : localize(ERRORS[error.code].message, locale);
    return [heading, ...issues.map((issue) => formatIssue(issue, locale))];
  }
  if (error instanceof TargetError || error instanceof UsageError) return [localize(error.text, locale)];
  const {
    name = 'Error',
    message = String(error),
    code,
  } = (error ?? {}) as { name?: string; message?: string; code?: string };
  if (code === 'ECONNREFUSED')
    return [t({ zh: `无法连接 DynamoDB：${message}`, en: `Cannot reach DynamoDB: ${message}` }, locale)];
  if (name === 'CredentialsProviderError') {
    return [
      t(
        {
          zh: `找不到可用的 AWS 凭证（请设置 AWS_PROFILE，或先运行 aws configure / aws sso login）：${message}`,
          en: `No usable AWS credentials (set AWS_PROFILE, or run aws configure / aws sso login): ${message}`,
        },
        locale,
      ),
    ];
  }
  if (name === 'ResourceNotFoundException')
    return [t({ zh: `找不到 DynamoDB 表：${message}`, en: `DynamoDB table not found: ${message}` }, locale)];
  return [t({ zh: `失败：${name}：${message}`, en: `Failed: ${name}: ${message}` }, locale)];
}

/** Where the CLI writes. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

/**
 * Commands on the code's own data, not on a table: no target is resolved.
 * `calendar national --year <YYYY> <file>` loads a year's national holidays (national-calendar.ts).
 */
const OFFLINE_COMMANDS: Record<
  string,
  Omit<Command, 'run'> & { offline(context: Omit<Context, 'directory' | 'target'>): Promise<Output> }
> = {
  'calendar national': {
    options: ['year'],
    required: ['year'],
    args: ['<file.json>'],
    check: (values) =>
      parseYear(values.year) === undefined
        ? {
            zh: `--year 应为四位年份，例如 2027，收到 ${values.year ?? ''}`,
            en: `--year takes a four-digit year, e.g. 2027, got ${values.year ?? ''}`,
          }
        : undefined,
    async offline({ values, args, locale }) {
      const result = await loadNationalYearFile(args[0]!, parseYear(values.year)!);
      return { data: result.stored, lines: describeLoadedYear(result, locale) };
    },
  },
  // `history template --form <formType> --out <file.xlsx>`: the workbook of one form type's past records (infra/cli/history.ts).
  'history template': {
    options: ['form', 'out'],
    required: ['form', 'out'],
    args: [],
    offline: ({ values, locale }) => runHistoryTemplate(values.form!, values.out!, locale),
  },
};

/** Checks a command's options and arguments; returns the mistake, if any. */
function usageMistake(name: string, command: Omit<Command, 'run'>, values: Values, args: string[]): Text | undefined {
  const given = (Object.keys(values) as OptionName[]).filter((option) => values[option] !== undefined);
  const foreign = given.filter((option) => !command.options.includes(option) && !COMMON.includes(option));
  if (foreign.length)
    return {
      zh: `${name} 不接受选项 ${foreign.map((o) => `--${o}`).join(' ')}`,
      en: `${name} takes no ${foreign.map((o) => `--${o}`).join(' ')}`,
    };
  const missing = command.required.filter((option) => values[option] === undefined);
  if (missing.length)
    return {
      zh: `${name} 缺少选项 ${missing.map((o) => `--${o}`).join(' ')}`,
      en: `${name} needs ${missing.map((o) => `--${o}`).join(' ')}`,
    };
  if (args.length !== command.args.length) {
    const expected = command.args.join(' ') || '-';
    return { zh: `${name} 的参数应为：${expected}`, en: `${name} expects the arguments: ${expected}` };
  }
  return command.check?.(values);
}

/** Runs the CLI with these arguments; resolves to the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = consoleIo): Promise<number> {
  const locale = pickLocale(argv, env);
  const usage = (text: Text) => {
    io.err(localize(text, locale));
    io.err(t({ zh: '运行 npm run admin -- help 查看用法。', en: 'Run npm run admin -- help for usage.' }, locale));
    return 2;
  };

  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    return usage({ zh: `参数有误：${(error as Error).message}`, en: `Bad arguments: ${(error as Error).message}` });
  }
  // Ids are looked up in the one canonical form (shared/ids.ts) the API and a roster use too.
  for (const key of ['id', 'district'] as const) {
    const value = values[key];
    if (typeof value === 'string') values[key] = canonicalId(value);
  }
  // --school may be given more than once (token sheet).
  if (values.school) values.school = values.school.map(canonicalId);
  const [group, action, ...args] = positionals;
  if (group === 'help' || values.help) {
    io.out(localize(USAGE, locale));
    return 0;
  }
  if (!group) {
    io.err(localize(USAGE, locale));
    return 2;
  }
  const name = `${group} ${action ?? ''}`.trim();
  const offline = OFFLINE_COMMANDS[name];
  const command = COMMANDS[name];
  if (!command && !offline) return usage({ zh: `没有这个命令：${name}`, en: `No such command: ${name}` });
  const mistake = usageMistake(name, (command ?? offline)!, values, args);
  if (mistake) return usage(mistake);
  if (offline) {
    try {
      const output = await offline.offline({ values, args, locale, env });
      if (values.json) io.out(JSON.stringify(output.data, null, 2));
      else output.lines.forEach((line) => io.out(line));
      return 0;
    } catch (error) {
      if (error instanceof HistoryUsageError) return usage(error.text);
      if (!(error instanceof NationalCalendarFileError)) throw error;
      error.lines(locale).forEach((line) => io.err(line));
      return 1;
    }
  }
  if (!command) return 2;

  try {
    const target = await resolveTarget({ stack: values.stack, table: values.table, region: values.region }, env);
    applyTarget(target, env);
    if (target.kind === 'local') await probeLocal(target, undefined, env);
    io.err(describeTarget(target, locale));
    const directory = await loadDirectory();
    const output = await command.run({ values, args, locale, directory, target, env });
    if (values.json) io.out(JSON.stringify(output.data, null, 2));
    else output.lines.forEach((line) => io.out(line));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return usage(error.text);
    formatError(error, locale).forEach((line) => io.err(line));
    return 1;
  }
}

if (require.main === module) {
  // The CLI states Node >= 20 in package.json; the SDK's Node 22 notice would only add noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
