import { readFile, rename, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Locale, Text } from '../../shared/i18n';
import { localize } from '../../shared/i18n';
import { packageCalendarKnown } from '../../shared/calendar/national';
import { NationalYearError, parseNationalYear, type NationalYear } from '../../shared/calendar/national-years';

/*
 * `npm run admin -- calendar national --year <YYYY> <file>`: loads a year's national holidays
 * and make-up working days from the State Council's notice (the file format is in
 * shared/calendar/national-years.ts and docs/forms-and-hazards.md) into shared/calendar/national-years.json,
 * which is bundled with the code and overrides the chinese-days package for that year. The
 * local stack uses it from its next start, a deployment on AWS from its next deploy.
 */

const PROJECT_ROOT = resolve(__dirname, '..', '..');
/** The loaded years, as national.ts imports them. */
export const NATIONAL_YEARS_FILE = resolve(PROJECT_ROOT, 'shared/calendar/national-years.json');

/** A refusal of the command: its lines, in both languages. */
export class NationalCalendarFileError extends Error {
  constructor(
    readonly heading: Text,
    readonly detail: NationalYearError | undefined = undefined,
  ) {
    super(heading.en);
    this.name = 'NationalCalendarFileError';
  }

  lines(locale: Locale): string[] {
    return [localize(this.heading, locale), ...(this.detail?.lines(locale) ?? [])];
  }
}

/** `--year` as a year the calendar can hold. */
export function parseYear(value: string | undefined): number | undefined {
  if (!value || !/^\d{4}$/.test(value.trim())) return undefined;
  const year = Number(value.trim());
  return year >= 2000 && year <= 2100 ? year : undefined;
}

/**
 * Reads and checks `file` for `year`, then stores it in `store` (every other year kept), written
 * whole. Nothing is written when the file is refused. Returns the year as stored and what it
 * replaces.
 */
export async function loadNationalYearFile(
  file: string,
  year: number,
  options: { store?: string; now?: Date } = {},
): Promise<{ stored: NationalYear; replaced: 'loaded' | 'package' | undefined; store: string }> {
  const store = options.store ?? NATIONAL_YEARS_FILE;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new NationalCalendarFileError({
      zh: `无法读取节假日文件 ${file}：${(error as Error).message}`,
      en: `Cannot read the holiday file ${file}: ${(error as Error).message}`,
    });
  }
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new NationalCalendarFileError({
      zh: `节假日文件 ${file} 不是有效的 JSON：${(error as Error).message}`,
      en: `The holiday file ${file} is not valid JSON: ${(error as Error).message}`,
    });
  }
  let stored: NationalYear;
  try {
    stored = parseNationalYear(input, year, options.now);
  } catch (error) {
    if (!(error instanceof NationalYearError)) throw error;
    throw new NationalCalendarFileError(
      {
        zh: `节假日文件 ${file} 有误，未载入任何内容：`,
        en: `The holiday file ${file} was refused; nothing was loaded:`,
      },
      error,
    );
  }
  const existing = JSON.parse(await readFile(store, 'utf8')) as { years: Record<string, NationalYear> };
  const replaced = existing.years[String(year)] ? 'loaded' : packageCalendarKnown(year) ? 'package' : undefined;
  const years = Object.fromEntries(
    Object.entries({ ...existing.years, [String(year)]: stored }).sort(([a], [b]) => Number(a) - Number(b)),
  );
  const temporary = `${store}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ years }, null, 2)}\n`);
  await rename(temporary, store);
  return { stored, replaced, store };
}

/** The command's lines: what was loaded, what it replaces, and when it takes effect. */
export function describeLoadedYear(result: Awaited<ReturnType<typeof loadNationalYearFile>>, locale: Locale): string[] {
  const { stored, replaced, store } = result;
  const en = locale === 'en';
  const byName = new Map<string, number>();
  for (const name of Object.values(stored.holidays)) {
    const [nameEn = '', nameZh = ''] = name.split(',');
    const key = en ? nameEn : nameZh;
    byName.set(key, (byName.get(key) ?? 0) + 1);
  }
  const holidays = [...byName]
    .map(([name, days]) => (en ? `${name} ${days} day${days === 1 ? '' : 's'}` : `${name} ${days} 天`))
    .join(en ? ', ' : '、');
  const workdays = Object.keys(stored.workdays).join(', ') || (en ? 'none' : '无');
  const file = relative(PROJECT_ROOT, store) || store;
  const replacing: Text =
    replaced === 'package'
      ? {
          zh: '它优先于 chinese-days 包中该年的数据。',
          en: 'It takes precedence over the chinese-days package’s data for that year.',
        }
      : replaced === 'loaded'
        ? { zh: '它替换了之前载入的该年数据。', en: 'It replaces the data loaded for that year before.' }
        : { zh: 'chinese-days 包中还没有该年的数据。', en: 'The chinese-days package has no data for that year yet.' };
  return [
    localize(
      {
        zh: `已载入 ${stored.year} 年全国节假日安排${stored.source ? `（${stored.source}）` : ''}：放假 ${Object.keys(stored.holidays).length} 天（${holidays}），调休上班 ${Object.keys(stored.workdays).length} 天（${workdays}）。`,
        en: `Loaded the national holidays of ${stored.year}${stored.source ? ` (${stored.source})` : ''}: ${Object.keys(stored.holidays).length} days off (${holidays}), ${Object.keys(stored.workdays).length} make-up working days (${workdays}).`,
      },
      locale,
    ),
    localize({ zh: `  写入 ${file}。${replacing.zh}`, en: `  Written to ${file}. ${replacing.en}` }, locale),
    localize(
      {
        zh: '  本地栈在下次启动（npm start）时使用它；AWS 上的部署在下次部署（npx cdk deploy）后使用它。请把该文件提交到代码库。',
        en: '  The local stack uses it from its next start (npm start), a deployment on AWS from its next deploy (npx cdk deploy). Commit the file with the code.',
      },
      locale,
    ),
  ];
}
