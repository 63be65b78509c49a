import { readFile } from 'node:fs/promises';
import type { Locale, Text } from '../../../shared/i18n';
import type { District } from '../../../shared/directory/districts';
import { DEFAULT_SCHOOL_TOKEN_DAYS } from '../../../shared/directory/token-expiry';
import {
  DEFAULT_ALERT_BUDGET,
  DEFAULT_COMPLIANCE_THRESHOLD,
  DISTRICT_TARGET_KEYS,
  DISTRICT_TARGETS,
  type DistrictSetting,
  type DistrictSettingsInput,
  type DistrictTargetKey,
  parseDistrictInput,
  type TargetsInput,
} from '../../../shared/directory/schemas';
import { DEFAULT_TERMS } from '../../../shared/calendar/school-calendar';
import { calendarWarnings } from '../../../shared/calendar/coverage';
import { SEVERITIES, SEVERITY_LABELS, type Severity } from '../../../shared/forms/types';
import { DEFAULT_DUE_DAYS } from '../../../shared/directory/district-settings';
import { t } from '../output';
import { DEFAULT_PHOTO_UPLOADS_PER_DAY } from '../../../shared/http/limits';
import {
  districtLifecycleLines,
  LifecycleOptionError,
  parseAlertBudget,
  parseSchoolTokenDays,
} from '../token-lifecycle';
import { UsageError, usageMistakeOf } from '../runner';
import { defineGroup, numberOption, type ValuesOf } from './command';

/** The `district show` line of the daily photo upload cap in effect. */
function photoUploadsLine(uploads: number, locale: Locale): string {
  const byDefault = uploads === DEFAULT_PHOTO_UPLOADS_PER_DAY;
  return t(
    {
      zh: `  照片上传上限：每所学校每天 ${uploads} 张${byDefault ? '（默认）' : ''}`,
      en: `  photo upload cap: ${uploads} per school a day${byDefault ? ' (the default)' : ''}`,
    },
    locale,
  );
}

/*
 * `district add | configure | show`: a district, its settings (days to rectify, compliance
 * threshold, school calendar) and its report targets.
 */

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  timezone: { type: 'string' },
  locale: { type: 'string' },
  official: { type: 'string', multiple: true },
  'due-days': { type: 'string' },
  threshold: { type: 'string' },
  calendar: { type: 'string' },
  targets: { type: 'string' },
  reset: { type: 'string', multiple: true },
  'alert-budget': { type: 'string' },
  'school-token-days': { type: 'string' },
  'photo-uploads-per-day': { type: 'string' },
} as const;
type Values = ValuesOf<typeof OPTIONS>;

/** What `--reset` takes, and the setting each clears. */
const RESET_NAMES: Record<string, DistrictSetting> = {
  'due-days': 'hazardDueDays',
  threshold: 'complianceThreshold',
  calendar: 'calendar',
  targets: 'targets',
  'alert-budget': 'alertBudget',
  'school-token-days': 'schoolTokenDays',
  'photo-uploads-per-day': 'photoUploadsPerDay',
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
      zh: `--reset 应为 due-days、threshold、calendar、targets、alert-budget、school-token-days 或 photo-uploads-per-day：${unknown.join(', ')}`,
      en: `--reset takes due-days, threshold, calendar, targets, alert-budget, school-token-days or photo-uploads-per-day: ${unknown.join(', ')}`,
    });
  }
  return [...new Set(names.map((name) => RESET_NAMES[name]!))];
}

/** `--alert-budget school=5,district=20`; a value it cannot read is a usage mistake. */
function alertBudgetOption(value: string) {
  try {
    return parseAlertBudget(value);
  } catch (error) {
    if (error instanceof LifecycleOptionError) throw new UsageError(error.text);
    throw error;
  }
}

/** The settings `district configure` asks for, the calendar file aside (it is read when the command runs). */
export function settingsFromOptions(
  values: Pick<
    Values,
    | 'due-days'
    | 'threshold'
    | 'calendar'
    | 'targets'
    | 'reset'
    | 'alert-budget'
    | 'school-token-days'
    | 'photo-uploads-per-day'
  >,
): DistrictSettingsInput {
  if (
    values['due-days'] === undefined &&
    values.threshold === undefined &&
    values.calendar === undefined &&
    values.targets === undefined &&
    values['alert-budget'] === undefined &&
    values['school-token-days'] === undefined &&
    values['photo-uploads-per-day'] === undefined &&
    values.reset === undefined
  ) {
    throw new UsageError({
      zh: 'district configure 需要 --due-days、--threshold、--calendar、--targets、--alert-budget、--school-token-days、--photo-uploads-per-day 或 --reset 中的至少一个',
      en: 'district configure needs at least one of --due-days, --threshold, --calendar, --targets, --alert-budget, --school-token-days, --photo-uploads-per-day, --reset',
    });
  }
  const reset = values.reset ? parseReset(values.reset) : [];
  const given: [string, DistrictSetting, boolean][] = [
    ['due-days', 'hazardDueDays', values['due-days'] !== undefined],
    ['threshold', 'complianceThreshold', values.threshold !== undefined],
    ['calendar', 'calendar', values.calendar !== undefined],
    ['targets', 'targets', values.targets !== undefined],
    ['alert-budget', 'alertBudget', values['alert-budget'] !== undefined],
    ['school-token-days', 'schoolTokenDays', values['school-token-days'] !== undefined],
    ['photo-uploads-per-day', 'photoUploadsPerDay', values['photo-uploads-per-day'] !== undefined],
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
    ...(values['alert-budget'] !== undefined ? { alertBudget: alertBudgetOption(values['alert-budget']) } : {}),
    ...(values['school-token-days'] !== undefined
      ? { schoolTokenDays: parseSchoolTokenDays(values['school-token-days']) }
      : {}),
    ...(values['photo-uploads-per-day'] !== undefined
      ? { photoUploadsPerDay: numberOption(values['photo-uploads-per-day']) }
      : {}),
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

const PERCENT: Text = { zh: '%', en: '%' };

/** How `district show` states each target: what, which way it must go, its unit. */
const TARGET_LINES: Record<DistrictTargetKey, { what: Text; unit: Text }> = {
  electricityKwh: { what: { zh: '月用电量', en: 'electricity a month' }, unit: { zh: ' 千瓦时', en: ' kWh' } },
  waterM3: { what: { zh: '月用水量', en: 'water a month' }, unit: { zh: ' 立方米', en: ' m³' } },
  electricityReductionPercent: {
    what: { zh: '用电量同比降低', en: 'electricity reduction year on year' },
    unit: PERCENT,
  },
  waterReductionPercent: { what: { zh: '用水量同比降低', en: 'water reduction year on year' }, unit: PERCENT },
  insuranceRate: { what: { zh: '校方责任险参保率', en: 'school liability insurance coverage' }, unit: PERCENT },
  complianceRate: { what: { zh: '合规率', en: 'compliance rate' }, unit: PERCENT },
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

/** A district's time zone, locale and officials' addresses, as `district show` and `district create` print them. */
function districtContactLines(district: Pick<District, 'timezone' | 'locale' | 'officialEmails'>, locale: Locale) {
  return [
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
    ...districtContactLines(district, locale),
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
    ...districtLifecycleLines(
      {
        alertBudget: district.alertBudget ?? DEFAULT_ALERT_BUDGET,
        schoolTokenDays: district.schoolTokenDays ?? DEFAULT_SCHOOL_TOKEN_DAYS,
      },
      { alertBudget: DEFAULT_ALERT_BUDGET, schoolTokenDays: DEFAULT_SCHOOL_TOKEN_DAYS },
      locale,
    ),
    photoUploadsLine(district.photoUploadsPerDay ?? DEFAULT_PHOTO_UPLOADS_PER_DAY, locale),
  ];
}

export const districtCommands = defineGroup({
  options: OPTIONS,
  commands: {
    'district add': {
      options: ['id', 'name', 'timezone', 'locale', 'official'],
      required: ['id', 'name', 'official'],
      args: [],
      async run({ values, locale, directory }) {
        const input = parseDistrictInput(
          {
            districtId: values.id!,
            name: values.name!,
            officialEmails: values.official ?? [],
            ...(values.timezone ? { timezone: values.timezone } : {}),
            ...(values.locale ? { locale: values.locale } : {}),
          },
          locale,
        );
        const district = await directory.createDistrict(input, { locale });
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
            ...districtContactLines(district, locale),
          ],
        };
      },
    },
    'district configure': {
      options: [
        'id',
        'due-days',
        'threshold',
        'calendar',
        'targets',
        'alert-budget',
        'school-token-days',
        'photo-uploads-per-day',
        'reset',
      ],
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
  },
  usage: {
    zh: `区县
  district add --id <编号> --name <名称> --official <邮箱> [--official <邮箱> …]
               [--timezone Asia/Shanghai] [--locale zh-CN|en]
  district configure --id <编号> [--due-days critical=1,high=3,medium=7,low=30] [--threshold 90]
               [--calendar <校历.json>] [--targets electricityKwh=120000,insuranceRate=98,…]
               [--alert-budget school=5,district=20] [--school-token-days 365] [--photo-uploads-per-day 200]
               [--reset due-days|threshold|calendar|targets|alert-budget|school-token-days|photo-uploads-per-day]
             --alert-budget 每小时逐条发送的重大隐患提醒邮件上限（每所学校 / 全区县，默认 5 / 20），
             超出的提醒并入整点汇总邮件；--school-token-days 新学校令牌的有效天数（默认 365）；
             --photo-uploads-per-day 每所学校每天可申请上传的照片数（默认 200）；
             设置区县自己的隐患整改天数（按风险等级，可只给其中几个，也可写 重大=1,较大=3）、
             合规率阈值（百分数）和校历（JSON 文件，格式见 infra/local/demo-calendar.json）；
             --targets 设置月报对照的目标，可只给其中几项，其余不变，写 <目标>=none 清除一项：
               electricityKwh 月用电量上限（千瓦时）  waterM3 月用水量上限（立方米）
               electricityReductionPercent、waterReductionPercent 用电量、用水量同比至少降低的百分数
               insuranceRate 校方责任险参保率、complianceRate 合规率（百分数，例如 98）
             --reset 清除某项设置，恢复默认值（1/3/7/30 天、90%、默认学年、无目标）
  district show --id <编号>
             显示区县及其生效的设置和目标`,
    en: `Districts
  district add --id <id> --name <name> --official <e-mail> [--official <e-mail> …]
               [--timezone Asia/Shanghai] [--locale zh-CN|en]
  district configure --id <id> [--due-days critical=1,high=3,medium=7,low=30] [--threshold 90]
               [--calendar <calendar.json>] [--targets electricityKwh=120000,insuranceRate=98,…]
               [--alert-budget school=5,district=20] [--school-token-days 365] [--photo-uploads-per-day 200]
               [--reset due-days|threshold|calendar|targets|alert-budget|school-token-days|photo-uploads-per-day]
             --alert-budget: critical-hazard alert mails sent one by one per hour (per school /
             for the district, default 5 / 20), the rest go in the hour's digest; --school-token-days:
             how long a new school token works (default 365 days); --photo-uploads-per-day: photo
             uploads each school may ask for a day (default 200);
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
             shows the district, the settings in effect and its targets`,
  },
  examples: {
    zh: `  npm run admin -- district add --id huaying --name 华蓥市教育局 --official houqin@huaying.example --official anquan@huaying.example
  npm run admin -- district configure --id huaying --due-days high=2,medium=5 --threshold 85 --calendar infra/local/demo-calendar.json
  npm run admin -- district configure --id huaying --targets electricityKwh=120000,electricityReductionPercent=15,insuranceRate=100
  npm run admin -- district configure --id huaying --targets waterM3=none`,
    en: `  npm run admin -- district add --id huaying --name 华蓥市教育局 --official houqin@huaying.example --official anquan@huaying.example
  npm run admin -- district configure --id huaying --due-days high=2,medium=5 --threshold 85 --calendar infra/local/demo-calendar.json
  npm run admin -- district configure --id huaying --targets electricityKwh=120000,electricityReductionPercent=15,insuranceRate=100
  npm run admin -- district configure --id huaying --targets waterM3=none`,
  },
});
