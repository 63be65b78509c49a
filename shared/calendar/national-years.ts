import type { Locale, Text } from '../i18n';
import { localize } from '../i18n';
import { isCalendarDate, isoWeekday } from '../time';

/*
 * A year's national holidays and make-up working days loaded by an administrator
 * (`npm run admin -- calendar national --year <YYYY> <file>`) for a year the chinese-days package
 * does not know yet (the State Council publishes each year's arrangement in November or
 * December; the package follows some time later). The loaded years are kept in
 * `national-years.json` beside this file, bundled with the code like the package's own data, and
 * override the package for their year (national.ts).
 *
 * The file an administrator writes (JSON, UTF-8), from the State Council's notice:
 *
 *   {
 *     "year": 2027,
 *     "source": "国务院办公厅关于2027年部分节假日安排的通知",
 *     "holidays": [
 *       { "name": "元旦", "from": "2027-01-01", "to": "2027-01-03" },
 *       { "name": "劳动节", "from": "2027-05-01", "to": "2027-05-05" }
 *     ],
 *     "workdays": [
 *       { "name": "劳动节", "date": "2027-04-25" }
 *     ]
 *   }
 *
 * `holidays`: each holiday's days off, `from` to `to` inclusive (`to` may be left out for one
 * day); `workdays`: the make-up working days (调休上班, a Saturday or Sunday), each with the
 * holiday it belongs to. `name` is the Chinese name; `nameEn` is optional (the seven statutory
 * holidays have one already). Every date must lie in `year`, and no day may be both.
 */

/** One year as stored in national-years.json: date → "English name,中文名" (the package's order). */
export interface NationalYear {
  year: number;
  source: string;
  loadedAt: string;
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The English names of the statutory holidays, as the chinese-days package writes them. */
const ENGLISH_NAMES: Record<string, string> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明: 'Tomb-sweeping Day',
  清明节: 'Tomb-sweeping Day',
  劳动节: 'Labour Day',
  端午: 'Dragon Boat Festival',
  端午节: 'Dragon Boat Festival',
  中秋: 'Mid-autumn Festival',
  中秋节: 'Mid-autumn Festival',
  国庆节: 'National Day',
};

/** One thing wrong with the file: where (a JSON path) and why, in both languages. */
export interface NationalYearIssue {
  field: string;
  reason: Text;
}

/** The file was refused: every issue found, nothing loaded. */
export class NationalYearError extends Error {
  constructor(readonly issues: NationalYearIssue[]) {
    super(
      `The national calendar file was refused: ${issues.map((issue) => `${issue.field}: ${issue.reason.en}`).join('; ')}`,
    );
    this.name = 'NationalYearError';
  }

  /** One line per issue, in `locale`. */
  lines(locale: Locale): string[] {
    return this.issues.map((issue) =>
      `  ${issue.field}：${localize(issue.reason, locale)}`.replace('：', locale === 'en' ? ': ' : '：'),
    );
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const shown = (value: unknown) => (value === undefined ? '（空）' : JSON.stringify(value));
const shownEn = (value: unknown) => (value === undefined ? '(nothing)' : JSON.stringify(value));

/** The dates from `from` to `to`, inclusive (both valid calendar dates, from ≤ to). */
function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (
    let day = new Date(`${from}T00:00:00Z`);
    day.toISOString().slice(0, 10) <= to;
    day = new Date(day.getTime() + 86_400_000)
  )
    dates.push(day.toISOString().slice(0, 10));
  return dates;
}

/**
 * Checks an administrator's file (already parsed from JSON) for `year` and turns it into the
 * stored form. Throws NationalYearError with every issue when anything is wrong.
 */
export function parseNationalYear(input: unknown, year: number, now: Date = new Date()): NationalYear {
  const issues: NationalYearIssue[] = [];
  const issue = (field: string, zh: string, en: string) => issues.push({ field, reason: { zh, en } });
  if (!isObject(input)) {
    issue(
      '(file)',
      '应为一个 JSON 对象，含 year、holidays 和 workdays',
      'Expected a JSON object with year, holidays and workdays',
    );
    throw new NationalYearError(issues);
  }
  const known = new Set(['year', 'source', 'holidays', 'workdays']);
  for (const key of Object.keys(input))
    if (!known.has(key))
      issue(
        key,
        `未知字段（可用：year、source、holidays、workdays）`,
        `Unknown field (expected year, source, holidays, workdays)`,
      );
  if (input.year !== year)
    issue(
      'year',
      `应为 ${year}（与 --year 相同），收到 ${shown(input.year)}`,
      `Expected ${year} (the same as --year), got ${shownEn(input.year)}`,
    );
  if (input.source !== undefined && (typeof input.source !== 'string' || input.source.trim() === '')) {
    issue(
      'source',
      `应为文字，例如通知的标题，收到 ${shown(input.source)}`,
      `Expected text, e.g. the notice's title, got ${shownEn(input.source)}`,
    );
  }
  const date = (field: string, value: unknown): string | undefined => {
    if (typeof value !== 'string' || !isCalendarDate(value)) {
      issue(
        field,
        `应为日期，格式 YYYY-MM-DD，收到 ${shown(value)}`,
        `Expected a date written YYYY-MM-DD, got ${shownEn(value)}`,
      );
      return undefined;
    }
    if (Number(value.slice(0, 4)) !== year) {
      issue(field, `日期 ${value} 不在 ${year} 年内`, `The date ${value} is not in ${year}`);
      return undefined;
    }
    return value;
  };
  const nameOf = (field: string, entry: Record<string, unknown>): string | undefined => {
    const { name, nameEn } = entry;
    if (typeof name !== 'string' || name.trim() === '') {
      issue(
        `${field}.name`,
        `应为节日的中文名称，例如 春节，收到 ${shown(name)}`,
        `Expected the holiday's Chinese name, e.g. 春节, got ${shownEn(name)}`,
      );
      return undefined;
    }
    if (nameEn !== undefined && (typeof nameEn !== 'string' || nameEn.trim() === '')) {
      issue(
        `${field}.nameEn`,
        `应为节日的英文名称，收到 ${shown(nameEn)}`,
        `Expected the holiday's English name, got ${shownEn(nameEn)}`,
      );
      return undefined;
    }
    const zh = name.trim();
    const en = typeof nameEn === 'string' ? nameEn.trim() : (ENGLISH_NAMES[zh] ?? zh);
    if (en.includes(',') || zh.includes(',')) {
      issue(`${field}.name`, '名称中不能有英文逗号', 'A name cannot contain a comma');
      return undefined;
    }
    return `${en},${zh}`;
  };

  const holidays: Record<string, string> = {};
  const workdays: Record<string, string> = {};
  if (!Array.isArray(input.holidays) || input.holidays.length === 0) {
    issue(
      'holidays',
      `应为放假安排的列表（每项 name、from、to），收到 ${shown(input.holidays)}`,
      `Expected the list of holidays (name, from, to each), got ${shownEn(input.holidays)}`,
    );
  } else {
    input.holidays.forEach((entry: unknown, index) => {
      const field = `holidays[${index}]`;
      if (!isObject(entry))
        return void issue(
          field,
          `应为 { "name", "from", "to" }，收到 ${shown(entry)}`,
          `Expected { "name", "from", "to" }, got ${shownEn(entry)}`,
        );
      const name = nameOf(field, entry);
      const from = date(`${field}.from`, entry.from);
      const to = entry.to === undefined ? from : date(`${field}.to`, entry.to);
      if (!name || !from || !to) return;
      if (to < from)
        return void issue(
          `${field}.to`,
          `结束日期 ${to} 早于开始日期 ${from}`,
          `The last day ${to} is before the first day ${from}`,
        );
      for (const day of datesBetween(from, to)) holidays[day] = name;
    });
  }
  if (!Array.isArray(input.workdays)) {
    issue(
      'workdays',
      `应为调休上班日的列表（每项 name、date；没有则写 []），收到 ${shown(input.workdays)}`,
      `Expected the list of make-up working days (name, date each; [] when there are none), got ${shownEn(input.workdays)}`,
    );
  } else {
    input.workdays.forEach((entry: unknown, index) => {
      const field = `workdays[${index}]`;
      if (!isObject(entry))
        return void issue(
          field,
          `应为 { "name", "date" }，收到 ${shown(entry)}`,
          `Expected { "name", "date" }, got ${shownEn(entry)}`,
        );
      const name = nameOf(field, entry);
      const day = date(`${field}.date`, entry.date);
      if (!name || !day) return;
      if (isoWeekday(day) <= 5)
        return void issue(
          `${field}.date`,
          `调休上班日应为周六或周日，${day} 是工作日`,
          `A make-up working day is a Saturday or Sunday; ${day} is a weekday`,
        );
      if (holidays[day])
        return void issue(`${field}.date`, `${day} 同时被列为放假日`, `${day} is listed as a holiday too`);
      workdays[day] = name;
    });
  }
  if (issues.length) throw new NationalYearError(issues);
  const sortedRecord = (record: Record<string, string>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    year,
    source: typeof input.source === 'string' ? input.source.trim() : '',
    loadedAt: now.toISOString(),
    holidays: sortedRecord(holidays),
    workdays: sortedRecord(workdays),
  };
}
