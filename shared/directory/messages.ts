import type { Locale, Text } from '../i18n';
import { localize } from '../i18n';

/**
 * The reasons directory administration gives for refusing something, in every locale. They
 * become the `reason` of a field issue (or of a roster line), so each one reads on its own.
 * `{name}` placeholders are filled in by `say`.
 */
export const DIRECTORY_TEXTS = {
  required: { zh: '必填', en: 'required' },
  idFormat: {
    zh: '只能用小写字母、数字和连字符，2–40 个字符，不能以连字符开头或结尾',
    en: 'lowercase letters, digits and hyphens only, 2–40 characters, not starting or ending with a hyphen',
  },
  reservedId: { zh: '“{id}” 是保留字，不能用作区县编号', en: '"{id}" is reserved and cannot be a district id' },
  nameFormat: { zh: '不能为空，最多 {max} 个字符', en: 'must not be empty, at most {max} characters' },
  timezone: { zh: '不是有效的 IANA 时区（例如 Asia/Shanghai）', en: 'not a valid IANA time zone (e.g. Asia/Shanghai)' },
  locale: { zh: '应为 zh-CN 或 en', en: 'must be zh-CN or en' },
  email: { zh: '“{value}” 不是有效的电子邮件地址', en: '"{value}" is not a valid e-mail address' },
  officialsRequired: { zh: '至少需要一位官员的电子邮件地址', en: 'at least one official e-mail address is needed' },
  tooMany: { zh: '最多 {max} 个', en: 'at most {max}' },
  kind: {
    zh: '应为 小学、中学、九年制、职中、幼儿园 或 特殊教育学校（或 primary、middle、nine-year、vocational、kindergarten、special）',
    en: 'must be primary, middle, nine-year, vocational, kindergarten or special (or 小学, 中学, 九年制, 职中, 幼儿园, 特殊教育学校)',
  },
  count: { zh: '应为 0 到 {max} 之间的整数', en: 'must be a whole number from 0 to {max}' },
  yesNo: {
    zh: '应填 是 或 否（也可用 有/无、Y/N、1/0、true/false）',
    en: 'must be yes or no (是/否, 有/无, Y/N, 1/0, true/false)',
  },
  boarding: {
    zh: '应填 是、否 或 部分（部分寄宿；也可用 有/无、Y/N、1/0）',
    en: 'must be yes, no or partly (是/否/部分, Y/N, 1/0, partly)',
  },
  nothingToUpdate: {
    zh: '没有要修改的字段：请至少给出一项（名称、类型、学生数……）',
    en: 'nothing to change: give at least one field (name, kind, students, …)',
  },
  schoolChangedMeanwhile: {
    zh: '学校 {id} 刚被他人修改，请重新导入',
    en: 'school {id} was changed by someone else meanwhile; import again',
  },
  schoolArchived: {
    zh: '学校 {id} 已从花名册撤销（自 {date} 起）',
    en: 'school {id} was removed from the roster (from {date})',
  },
  archiveBeforeRegistration: {
    zh: '撤销日期不能早于该校的登记日期 {date}',
    en: "must not be before the school's registration date {date}",
  },
  schoolExistsUpdate: {
    zh: '该区县已有学校使用编号 {id}（要按文件更新已有学校，请加 --update）',
    en: 'the district already has a school with id {id} (add --update to update existing schools from the file)',
  },
  date: { zh: '应为 YYYY-MM-DD 格式的真实日期', en: 'must be a real date written YYYY-MM-DD' },
  districtExists: { zh: '已有区县使用编号 {id}', en: 'a district with id {id} already exists' },
  districtMissing: { zh: '区县 {id} 不存在', en: 'district {id} does not exist' },
  schoolExists: { zh: '该区县已有学校使用编号 {id}', en: 'the district already has a school with id {id}' },
  schoolMissing: { zh: '区县 {district} 中没有学校 {id}', en: 'district {district} has no school {id}' },
  duplicateInFile: { zh: '学校编号 {id} 与第 {line} 行重复', en: 'school id {id} repeats line {line}' },
  noHeader: {
    zh: '找不到表头行：前 {rows} 行中没有一行包含 学校编号、学校名称、类型 等列名',
    en: 'no header row: none of the first {rows} rows names columns such as id, name, kind',
  },
  missingColumn: { zh: '缺少必需的列“{column}”', en: 'the required column "{column}" is missing' },
  repeatedColumn: {
    zh: '列“{column}”与“{other}”表示同一字段',
    en: 'columns "{column}" and "{other}" mean the same field',
  },
  emptyRoster: { zh: '文件中没有学校', en: 'the file lists no schools' },
  tooManyRows: { zh: '一次最多导入 {max} 所学校', en: 'at most {max} schools can be imported at once' },
  unreadableCsv: { zh: 'CSV 格式错误：{detail}', en: 'malformed CSV: {detail}' },
  unreadableXlsx: {
    zh: '无法读取该 Excel 文件（应为 .xlsx 格式）',
    en: 'cannot read this Excel file (it must be .xlsx)',
  },
  role: { zh: '应为 school、official 或 admin', en: 'must be school, official or admin' },
  schoolTokenScope: { zh: '学校令牌需要区县编号和学校编号', en: 'a school token needs a district id and a school id' },
  officialTokenScope: {
    zh: '官员令牌需要区县编号，不能指定学校',
    en: 'an official token needs a district id and no school id',
  },
  adminTokenScope: { zh: '管理员令牌不能指定区县或学校', en: 'an admin token takes no district id or school id' },
  tokenIdFormat: {
    zh: '令牌编号形如 tok_ 加 16 位十六进制数字',
    en: 'a token id is tok_ followed by 16 hexadecimal digits',
  },
  tokenMissing: { zh: '没有编号为 {id} 的令牌', en: 'there is no token with id {id}' },
  expiresIn: {
    zh: '应为有效期：整数加单位 d（天）或 h（小时），例如 365d、12h，1 小时到 {max} 天；或 never（永不过期）',
    en: 'must be a validity: a whole number with d (days) or h (hours), e.g. 365d or 12h, from 1 hour to {max} days; or never',
  },
  grace: {
    zh: '应为宽限期：整数加单位 d（天）或 h（小时），例如 7d、12h，0 到 {max} 天',
    en: 'must be a grace period: a whole number with d (days) or h (hours), e.g. 7d or 12h, from 0 to {max} days',
  },
  tokenRevokedNoRotate: {
    zh: '令牌 {id} 已撤销（{date}），不能轮换；请签发新令牌',
    en: 'token {id} was revoked ({date}) and cannot be rotated; issue a new token',
  },
  tokenRotatedAlready: {
    zh: '令牌 {id} 已轮换为 {next}，不能再次轮换（要轮换请对 {next} 操作）',
    en: 'token {id} was already rotated to {next}; rotate {next} instead',
  },
  dueDays: { zh: '应为 1 到 {max} 之间的整数（天）', en: 'must be a whole number of days from 1 to {max}' },
  dueDaysEmpty: { zh: '至少给出一个风险等级的整改天数', en: 'give the days for at least one severity' },
  dueDaysLonger: {
    zh: '不能多于{other}隐患的 {days} 天：风险越高，整改期限不能越长',
    en: 'must not exceed the {days} days of {other} hazards: a graver hazard cannot get longer',
  },
  dueDaysShorter: {
    zh: '不能少于{other}隐患的 {days} 天：风险越低，整改期限不能越短',
    en: 'must not be under the {days} days of {other} hazards: a lesser hazard cannot get less time',
  },
  threshold: { zh: '应为 0 到 1 之间的数（例如 0.9 表示 90%）', en: 'must be a number from 0 to 1 (0.9 means 90%)' },
  alertBudget: {
    zh: '应为 1 到 {max} 之间的整数（每小时逐条发送的重大隐患提醒邮件数）',
    en: 'must be a whole number from 1 to {max} (critical-hazard alert mails sent one by one per hour)',
  },
  alertBudgetEmpty: {
    zh: '至少给出 school（每所学校）或 district（全区县）的每小时提醒邮件数',
    en: 'give the hourly alert mails for school (each school) or district (the whole district), or both',
  },
  alertBudgetOrder: {
    zh: '每所学校每小时的提醒邮件数（{school}）不能多于全区县的（{district}）',
    en: "a school's hourly alert mails ({school}) cannot exceed the whole district's ({district})",
  },
  schoolTokenDays: {
    zh: '应为 1 到 {max} 之间的整数（天）',
    en: 'must be a whole number of days from 1 to {max}',
  },
  photoUploadsPerDay: {
    zh: '应为 1 到 {max} 之间的整数（张/天）',
    en: 'must be a whole number of uploads a day from 1 to {max}',
  },
  termName: { zh: '不能为空，最多 {max} 个字符', en: 'must not be empty, at most {max} characters' },
  termEnd: { zh: '不能早于开始日期 {start}', en: 'must not be before the start date {start}' },
  termsOverlap: { zh: '与学期“{other}”（{start} 至 {end}）重叠', en: 'overlaps the term "{other}" ({start} to {end})' },
  calendarShape: {
    zh: '应为含 terms、extraHolidays、extraSchoolDays 的对象',
    en: 'must be an object with terms, extraHolidays and extraSchoolDays',
  },
  termShape: {
    zh: '应为学期列表，每个学期形如 {"name": "2026年秋季学期", "start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}',
    en: 'must be a list of terms, each like {"name": "2026 autumn term", "start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}',
  },
  dateList: { zh: '应为 YYYY-MM-DD 格式日期的列表', en: 'must be a list of dates written YYYY-MM-DD' },
  holidayAndSchoolDay: {
    zh: '以下日期同时列为额外假日和额外上课日：{dates}',
    en: 'these dates are listed both as extra holidays and as extra school days: {dates}',
  },
  targetNumber: { zh: '应为数字', en: 'must be a number' },
  targetNegative: { zh: '不能为负数', en: 'must not be negative' },
  targetPercent: { zh: '应为 0 到 100 之间的百分数', en: 'must be a percentage from 0 to 100' },
  targetRate: {
    zh: '不能超过 100%（按比率保存，0 到 1 之间，0.98 表示 98%）',
    en: 'must not exceed 100% (stored as a rate from 0 to 1: 0.98 means 98%)',
  },
  targetsEmpty: { zh: '至少给出一项目标', en: 'give at least one target' },
  targetKey: { zh: '没有这项目标：应为 {keys} 之一', en: 'no such target: it must be one of {keys}' },
  setAndReset: { zh: '不能同时设置又清除：{settings}', en: 'cannot be both set and cleared: {settings}' },
  resetSetting: {
    zh: '应为 hazardDueDays、complianceThreshold、calendar 或 targets',
    en: 'must be hazardDueDays, complianceThreshold, calendar or targets',
  },
  nothingToChange: {
    zh: '没有要修改的设置：请给出整改天数、合规率阈值、校历、目标或要清除的设置',
    en: 'nothing to change: give days to rectify, a compliance threshold, a calendar, targets or settings to clear',
  },
  suppressedMissing: { zh: '抑制名单中没有地址 {address}', en: 'the address {address} is not on the suppression list' },
} as const satisfies Record<string, Text>;

export type DirectoryText = keyof typeof DIRECTORY_TEXTS;

/** The text for `key` in `locale`, with its `{placeholders}` filled in from `values`. */
export function say(key: DirectoryText, locale: Locale, values: Record<string, string | number> = {}): string {
  return localize(DIRECTORY_TEXTS[key], locale).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
