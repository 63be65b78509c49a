import { localize, type Locale, type Text } from '../../../shared/i18n';
import { parseRoster, rosterFormatOf, toKind, type ParsedRoster } from '../../../shared/directory/roster';
import {
  readSpreadsheetFile,
  ROSTER_LIMITS,
  SpreadsheetTooLargeError,
} from '../../../shared/spreadsheets/input-limits';
import { parseSchoolInput, SCHOOL_KIND_NAMES, type SchoolKind } from '../../../shared/directory/schemas';
import { formatTable, t, yes } from '../output';
import { UsageError } from '../runner';
import { defineGroup, numberOption, type ValuesOf } from './command';

/*
 * `school add | import | update | remove | list`: a district's roster, school by school or from an
 * Excel/CSV file.
 */

const OPTIONS = {
  district: { type: 'string' },
  id: { type: 'string' },
  name: { type: 'string' },
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
} as const;
type Values = ValuesOf<typeof OPTIONS>;
type OptionName = keyof typeof OPTIONS;

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

/** The options that name a school and its figures (school add and school update begin with them). */
const SCHOOL_OPTIONS = ['district', 'id', 'name', 'kind', 'students', 'staff'] as const;

export const schoolCommands = defineGroup({
  options: OPTIONS,
  commands: {
    'school add': {
      options: [...SCHOOL_OPTIONS, 'canteen', 'boarding', 'partly-boarding', 'nutrition', 'registered-on'],
      required: [...SCHOOL_OPTIONS],
      args: [],
      check: contradictoryFlags,
      async run({ values, locale, directory }) {
        const input = parseSchoolInput(
          {
            schoolId: values.id!,
            name: values.name!,
            kind: toKind(values.kind!),
            students: numberOption(values.students),
            staff: numberOption(values.staff),
            hasCanteen: values.canteen ?? false,
            boarding: values['partly-boarding'] ? 'partly' : (values.boarding ?? false),
            nutritionProgramme: values.nutrition ?? false,
            ...(values['registered-on'] ? { registeredOn: values['registered-on'] } : {}),
          },
          locale,
        );
        const school = await directory.addSchool(values.district!, input, { locale });
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
        // A file over the size limit is refused from its size on disk, never read (issue 19, point 7).
        let bytes: Buffer | undefined;
        let refused: ParsedRoster | undefined;
        try {
          bytes = await readSpreadsheetFile(file, ROSTER_LIMITS);
        } catch (error) {
          if (!(error instanceof SpreadsheetTooLargeError))
            throw new UsageError({
              zh: `无法读取文件 ${file}：${(error as Error).message}`,
              en: `Cannot read ${file}: ${(error as Error).message}`,
            });
          refused = { rows: [], errors: [{ line: 0, field: '(file)', reason: localize(error.reason, locale) }] };
        }
        const roster = refused ?? (await parseRoster(bytes!, format, { locale }));
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
        ...SCHOOL_OPTIONS,
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
        const boarding = values['partly-boarding']
          ? ('partly' as const)
          : flagChange(values, 'boarding', 'no-boarding');
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
  },
  usage: {
    zh: `学校
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
  school list --district <编号>`,
    en: `Schools
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
  school list --district <id>`,
  },
  examples: {
    zh: `  npm run admin -- school import --district huaying 学校花名册.xlsx`,
    en: `  npm run admin -- school import --district huaying schools.xlsx`,
  },
});
