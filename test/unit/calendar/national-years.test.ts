import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../infra/cli/admin';
import { loadNationalYearFile, NATIONAL_YEARS_FILE } from '../../../infra/cli/national-calendar';
import { calendarWarnings, monthWarnings } from '../../../shared/calendar/coverage';
import {
  isNationalWorkday,
  nationalCalendarKnown,
  nationalCalendarSource,
  nationalDayName,
  useNationalYear,
} from '../../../shared/calendar/national';
import { NationalYearError, parseNationalYear } from '../../../shared/calendar/national-years';
import { schoolDays, type DistrictCalendar } from '../../../shared/calendar/school-calendar';

/** The first year from 2027 on that neither the package nor national-years.json knows (2027 today). */
const YEAR = (() => {
  let year = 2027;
  while (nationalCalendarKnown(year)) year += 1;
  return year;
})();
const y = (monthDay: string) => `${YEAR}-${monthDay}`;

/** The first Monday of May of YEAR (the last day off of May Day below) and the last Sunday of April (its make-up working day). */
const mayMonday = (() => {
  let day = 1;
  while (new Date(`${y('05')}-${String(day).padStart(2, '0')}T00:00:00Z`).getUTCDay() !== 1) day += 1;
  return y(`05-${String(day).padStart(2, '0')}`);
})();
const sundayBefore = (() => {
  const date = new Date(`${y('04-30')}T00:00:00Z`);
  while (date.getUTCDay() !== 0) date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
})();

/** A file as an administrator writes it from the State Council's notice (dates made up for the test). */
const NOTICE = {
  year: YEAR,
  source: '测试用通知',
  holidays: [
    { name: '元旦', from: y('01-01') },
    { name: '劳动节', from: y('05-01'), to: mayMonday },
  ],
  workdays: [{ name: '劳动节', date: sundayBefore }],
};

/** A district calendar whose spring term runs into YEAR. */
const CALENDAR: DistrictCalendar = { terms: [{ name: `${YEAR}年春季学期`, start: y('02-24'), end: y('07-04') }] };

describe('a year of national holidays loaded from a file (issue 23 point 3)', () => {
  it('turns the notice into the package’s form, every day of each holiday', () => {
    // Act
    const year = parseNationalYear(NOTICE, YEAR, new Date('2026-12-07T00:00:00Z'));
    // Assess
    expect(year.holidays[y('01-01')]).toBe("New Year's Day,元旦");
    expect(year.holidays[y('05-01')]).toBe('Labour Day,劳动节');
    expect(year.holidays[mayMonday]).toBe('Labour Day,劳动节');
    expect(Object.keys(year.holidays)).toHaveLength(1 + Number(mayMonday.slice(8)));
    expect(year.workdays).toEqual({ [sundayBefore]: 'Labour Day,劳动节' });
    expect(year).toMatchObject({ year: YEAR, source: '测试用通知', loadedAt: '2026-12-07T00:00:00.000Z' });
  });

  it('refuses a wrong file with every problem named by field, in Chinese and in English', () => {
    // Prepare
    const wrong = {
      year: YEAR - 1,
      holidays: [
        { name: '国庆节', from: y('10-01'), to: y('10-32') },
        { name: '', from: y('05-01') },
        { name: '春节', from: y('02-10'), to: y('02-05') },
        { name: '端午节', from: `${YEAR + 1}-06-01` },
      ],
      workdays: [
        { name: '劳动节', date: mayMonday },
        { name: '', date: sundayBefore },
      ],
    };
    // Act
    let error: NationalYearError | undefined;
    try {
      parseNationalYear(wrong, YEAR);
    } catch (caught) {
      error = caught as NationalYearError;
    }
    // Assess
    expect(error).toBeInstanceOf(NationalYearError);
    expect(error!.issues.map((issue) => issue.field)).toEqual([
      'year',
      'holidays[0].to',
      'holidays[1].name',
      'holidays[2].to',
      'holidays[3].from',
      'workdays[0].date',
      'workdays[1].name',
    ]);
    const zh = error!.lines('zh-CN').join('\n');
    expect(zh).toContain(`year：应为 ${YEAR}（与 --year 相同），收到 ${YEAR - 1}`);
    expect(zh).toContain(`holidays[0].to：应为日期，格式 YYYY-MM-DD，收到 "${y('10-32')}"`);
    expect(zh).toContain(`workdays[0].date：调休上班日应为周六或周日，${mayMonday} 是工作日`);
    expect(zh).not.toMatch(/string|boolean|number|Expected/);
    expect(error!.lines('en').join('\n')).toContain(
      `holidays[2].to: The last day ${y('02-05')} is before the first day ${y('02-10')}`,
    );
    expect(() => parseNationalYear({ ...NOTICE, holidays: [] }, YEAR)).toThrow(/holidays/);
    expect(() => parseNationalYear('2027', YEAR)).toThrow(/JSON object/);
  });

  it('warns while the year is unknown, and counts its holidays as days off once it is loaded', () => {
    // Prepare: unknown, May's national holidays are ordinary weekdays and a term runs into the year.
    expect(nationalCalendarKnown(YEAR)).toBe(false);
    expect(isNationalWorkday(mayMonday)).toBe(true);
    expect(schoolDays(y('05'), CALENDAR)).toContain(mayMonday);
    expect(calendarWarnings(CALENDAR, 'zh-CN').map((warning) => warning.message)).toEqual([
      `${YEAR}年春季学期（${y('02-24')} 至 ${y('07-04')}）跨入 ${YEAR} 年，系统还没有 ${YEAR} 年的全国法定节假日和调休数据：这一年的节假日按周一至周五计为上学日。国务院公布安排后，用 npm run admin -- calendar national --year ${YEAR} <文件> 载入。`,
    ]);
    expect(monthWarnings(y('05'), CALENDAR, 'en')).toEqual([
      expect.objectContaining({
        code: 'NATIONAL_CALENDAR_MISSING',
        year: YEAR,
        message: expect.stringContaining(`runs into ${YEAR}`),
      }),
    ]);
    // The summer holidays are not in a term: nothing to warn about.
    expect(monthWarnings(y('08'), CALENDAR, 'en')).toEqual([]);
    // Act
    useNationalYear(parseNationalYear(NOTICE, YEAR));
    // Assess
    expect(nationalCalendarKnown(YEAR)).toBe(true);
    expect(nationalCalendarSource(YEAR)).toMatchObject({ kind: 'loaded', source: '测试用通知' });
    expect(isNationalWorkday(mayMonday)).toBe(false);
    expect(isNationalWorkday(sundayBefore)).toBe(true);
    expect(nationalDayName(mayMonday)).toEqual({ zh: '劳动节', en: 'Labour Day' });
    expect(schoolDays(y('05'), CALENDAR)).not.toContain(mayMonday);
    expect(schoolDays(y('04'), CALENDAR)).toContain(sundayBefore);
    expect(calendarWarnings(CALENDAR, 'zh-CN')).toEqual([]);
    expect(monthWarnings(y('05'), CALENDAR, 'zh-CN')).toEqual([]);
  });
});

describe('npm run admin -- calendar national', () => {
  const folder = mkdtempSync(join(tmpdir(), 'houqin-national-'));
  const file = (name: string, content: unknown) => {
    const path = join(folder, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {}, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err };
  };

  it('stores the year beside the others it holds, and writes it whole', async () => {
    // Prepare
    const store = file('store.json', {
      years: { 2030: { year: 2030, source: 'x', loadedAt: '2026-01-01T00:00:00.000Z', holidays: {}, workdays: {} } },
    });
    // Act
    const result = await loadNationalYearFile(file('notice.json', NOTICE), YEAR, { store });
    // Assess
    const stored = JSON.parse(readFileSync(store, 'utf8')) as { years: Record<string, unknown> };
    expect(Object.keys(stored.years)).toEqual([String(YEAR), '2030']);
    expect(stored.years[String(YEAR)]).toEqual(result.stored);
    expect(result.replaced).toBeUndefined();
  });

  it('refuses a wrong file with its problems and writes nothing (zh-CN by default, en on request)', async () => {
    // Prepare
    const before = readFileSync(NATIONAL_YEARS_FILE, 'utf8');
    const wrong = file('wrong.json', { ...NOTICE, workdays: [{ name: '劳动节', date: mayMonday }] });
    // Act
    const zh = await run(['calendar', 'national', '--year', String(YEAR), wrong]);
    const en = await run(['calendar', 'national', '--year', String(YEAR), wrong, '--lang', 'en']);
    const notJson = await run(['calendar', 'national', '--year', String(YEAR), file('broken.json', '{ "year": ')]);
    const badYear = await run(['calendar', 'national', '--year', '27', wrong]);
    const noFile = await run(['calendar', 'national', '--year', String(YEAR)]);
    // Assess
    expect(zh).toEqual({
      code: 1,
      out: [],
      err: [
        `节假日文件 ${wrong} 有误，未载入任何内容：`,
        `  workdays[0].date：调休上班日应为周六或周日，${mayMonday} 是工作日`,
      ],
    });
    expect(en.err[1]).toBe(
      `  workdays[0].date: A make-up working day is a Saturday or Sunday; ${mayMonday} is a weekday`,
    );
    expect(notJson.code).toBe(1);
    expect(notJson.err[0]).toMatch(/^节假日文件 .*broken\.json 不是有效的 JSON/);
    expect(badYear).toMatchObject({
      code: 2,
      err: ['--year 应为四位年份，例如 2027，收到 27', '运行 npm run admin -- help 查看用法。'],
    });
    expect(noFile.code).toBe(2);
    expect(readFileSync(NATIONAL_YEARS_FILE, 'utf8')).toBe(before);
  });
});
