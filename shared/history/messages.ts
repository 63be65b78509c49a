import { localize, type Locale, type Text } from '../i18n';

/** What the history template and import say, in every locale; `{name}` is filled from `values`. */
const MESSAGES = {
  unreadable: { zh: '无法读取文件：{message}', en: 'Cannot read the file: {message}' },
  noHeader: {
    zh: '前 {rows} 行中找不到表头（需要“学校编号”和“日期”两列）',
    en: 'No header row in the first {rows} rows (a "School id" and a "Date" column are needed)',
  },
  unknownForm: { zh: '没有这种表单类型：{form}', en: 'Unknown form type: {form}' },
  formNotRecognised: {
    zh: '无法从表头判断表单类型；请使用 history template 生成的模板，或用 --form 指明表单类型',
    en: 'Cannot tell the form type from the headers; use a workbook made by history template, or name the form with --form',
  },
  formAmbiguous: {
    zh: '表头同时符合多种表单，请用 --form 指明表单类型',
    en: 'The headers fit more than one form; name the form with --form',
  },
  unknownColumn: { zh: '“{column}”不是“{form}”的字段', en: '"{column}" is not a field of "{form}"' },
  repeatedColumn: { zh: '“{column}”与“{other}”是同一字段', en: '"{column}" is the same field as "{other}"' },
  missingColumn: { zh: '缺少“{column}”列', en: 'The column "{column}" is missing' },
  empty: { zh: '文件中没有记录', en: 'The file has no records' },
  tooManyRows: {
    zh: '记录过多：每个文件最多 {max} 行，本文件 {rows} 行；请分成多个文件导入',
    en: 'Too many rows: at most {max} a file, this one has {rows}; split it into several files',
  },
  noSchoolId: { zh: '缺少学校编号', en: 'The school id is missing' },
  unknownSchool: { zh: '区县名册中没有学校“{schoolId}”', en: 'No school "{schoolId}" in the district’s roster' },
  notApplicable: {
    zh: '该表单不适用于学校“{schoolId}”（{appliesTo}）',
    en: 'This form does not apply to school "{schoolId}" ({appliesTo})',
  },
  badDate: { zh: '“{value}”不是有效日期（YYYY-MM-DD）', en: '"{value}" is not a valid date (YYYY-MM-DD)' },
  dateOutOfRange: {
    zh: '日期须在 {earliest} 至 {today}（今天）之间',
    en: 'The date must be from {earliest} to {today} (today)',
  },
  duplicateRow: {
    zh: '与第 {line} 行是同一学校同一期（{occasion}）的记录',
    en: 'Same school and occasion ({occasion}) as line {line}',
  },
  liveSubmission: {
    zh: '该校该期（{occasion}）已有在线提交的记录（{submissionId}），不能再导入',
    en: 'The school already submitted this occasion ({occasion}) online ({submissionId}); it cannot be imported as well',
  },
  importedDifferently: {
    zh: '该记录此前已导入，但内容不同；导入的记录不能被覆盖',
    en: 'This record was imported before with other values; an imported record is not overwritten',
  },
} satisfies Record<string, Text>;

export type HistoryMessage = keyof typeof MESSAGES;

/** A message in the locale, with its values filled in. */
export function historyText(key: HistoryMessage, locale: Locale, values: Record<string, string | number> = {}): string {
  return localize(MESSAGES[key], locale).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
