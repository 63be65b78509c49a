import { describeLoadedYear, loadNationalYearFile, NationalCalendarFileError, parseYear } from '../national-calendar';
import { CommandFailure } from '../runner';
import { defineGroup } from './command';

/* `calendar national`: loads a year's national holidays into the code's own data (national-calendar.ts). */

const OPTIONS = {
  year: { type: 'string' },
} as const;

export const calendarCommands = defineGroup({
  options: OPTIONS,
  commands: {
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
      offline: true,
      async run({ values, args, locale }) {
        try {
          const result = await loadNationalYearFile(args[0]!, parseYear(values.year)!);
          return { data: result.stored, lines: describeLoadedYear(result, locale) };
        } catch (error) {
          // The file's problems, each on its own line.
          if (error instanceof NationalCalendarFileError) throw new CommandFailure((locale) => error.lines(locale));
          throw error;
        }
      },
    },
  },
  usage: {
    zh: `全国节假日
  calendar national --year <年份> <节假日.json>
             载入一年的全国法定节假日和调休上班日（国务院通知；chinese-days 包还没有该年数据时），
             优先于包中该年的数据；文件格式见 docs/forms-and-hazards.md。写入 shared/calendar/national-years.json，
             本地栈下次启动、AWS 部署下次部署后生效。不需要本地栈或 --stack`,
    en: `National holidays
  calendar national --year <YYYY> <holidays.json>
             loads a year's statutory holidays and make-up working days (the State Council's notice,
             while the chinese-days package lacks that year), taking precedence over the package for
             that year; file format in docs/forms-and-hazards.md. Written to shared/calendar/national-years.json: the
             local stack uses it from its next start, AWS from the next deploy. Needs no stack`,
  },
});
