import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { findForm } from '../../shared/forms/catalogue';
import { currentForms, headerOf, historyColumns } from '../../shared/history/columns';
import { historyFormatOf, parseHistory, type ParsedHistory } from '../../shared/history/parse';
import {
  HISTORY_FILE_LIMITS,
  readSpreadsheetFile,
  SpreadsheetTooLargeError,
} from '../../shared/spreadsheets/input-limits';
import { historyTemplate } from '../../shared/history/template';
import { localize, type Locale, type Text } from '../../shared/i18n';

/*
 * The admin CLI's `history` commands (infra/cli/commands/history.ts registers them): the template of a form
 * type's past records, and their import into a district. The work is in shared/history.
 */

/** What a command prints: lines for people, data for --json (as output.ts's Output). */
export interface HistoryOutput {
  lines: string[];
  data: unknown;
}

const t = (text: Text, locale: Locale) => localize(text, locale);

/** A mistake in how a history command was called: commands/history.ts turns it into a UsageError (exit code 2). */
export class HistoryUsageError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'HistoryUsageError';
  }
}

/** `history template --form <formType> --out <file.xlsx>`: writes the workbook; needs no table. */
export async function runHistoryTemplate(formType: string, out: string, locale: Locale): Promise<HistoryOutput> {
  const form = findForm(formType);
  if (!form) {
    const known = currentForms()
      .map((candidate) => candidate.id)
      .join(', ');
    throw new HistoryUsageError({
      zh: `没有这种表单类型：${formType}（可选：${known}）`,
      en: `Unknown form type: ${formType} (one of: ${known})`,
    });
  }
  if (!/\.xlsx$/i.test(out))
    throw new HistoryUsageError({ zh: `--out 应为 .xlsx 文件：${out}`, en: `--out must name an .xlsx file: ${out}` });
  await writeFile(out, await historyTemplate(form.id));
  const columns = historyColumns(form).map(headerOf);
  return {
    data: { formType: form.id, file: out, columns },
    lines: [
      t(
        {
          zh: `已写入“${form.title.zh}”的历史记录模板：${out}`,
          en: `Wrote the history template of "${form.title.en}" to ${out}`,
        },
        locale,
      ),
      t({ zh: `  列：${columns.join('、')}`, en: `  Columns: ${columns.join(', ')}` }, locale),
      t(
        {
          zh: `  填好后导入：npm run admin -- history import --district <编号> ${out}`,
          en: `  Once filled in: npm run admin -- history import --district <id> ${out}`,
        },
        locale,
      ),
    ],
  };
}

/** `history import --district <id> [--form <formType>] <file.xlsx|csv>`: all or nothing (the error lists every problem). */
export async function runHistoryImport(
  districtId: string,
  file: string,
  formType: string | undefined,
  locale: Locale,
): Promise<HistoryOutput> {
  const format = historyFormatOf(file);
  if (!format)
    throw new HistoryUsageError({
      zh: `无法识别文件格式：${file}（应为 .xlsx 或 .csv）`,
      en: `Unknown file format: ${file} (use .xlsx or .csv)`,
    });
  // A file over the size limit is refused from its size on disk, never read (issue 19, point 7).
  let bytes: Buffer | undefined;
  let refused: ParsedHistory | undefined;
  try {
    bytes = await readSpreadsheetFile(file, HISTORY_FILE_LIMITS);
  } catch (error) {
    if (!(error instanceof SpreadsheetTooLargeError))
      throw new HistoryUsageError({
        zh: `无法读取文件 ${file}：${(error as Error).message}`,
        en: `Cannot read ${file}: ${(error as Error).message}`,
      });
    refused = {
      rows: [],
      errors: [{ line: 0, field: '(file)', reason: localize(error.reason, locale) }],
      columnTitles: {},
    };
  }
  const parsed = refused ?? (await parseHistory(bytes!, format, { locale, ...(formType ? { formType } : {}) }));
  // Loaded here, once the target's environment is set (it touches DynamoDB).
  const { importHistory } = await import('../../shared/history/import');
  const result = await importHistory(districtId, parsed, { locale, file: basename(file) });
  const title = parsed.form ? t(parsed.form.title, locale) : result.formType;
  return {
    data: result,
    lines: [
      t(
        {
          zh: `已从 ${file} 向区县 ${result.districtId} 导入“${title}”历史记录 ${result.imported} 条（文件共 ${result.rows} 行，此前已导入且相同的 ${result.unchanged} 条未变）`,
          en: `Imported ${result.imported} past records of "${title}" from ${file} into district ${result.districtId} (${result.rows} rows; ${result.unchanged} imported before and unchanged)`,
        },
        locale,
      ),
      ...(result.flagged > 0
        ? [
            t(
              {
                zh: `  其中 ${result.flagged} 条有数据质量提示（见月报的数据质量部分）`,
                en: `  ${result.flagged} of them carry data-quality flags (see the report's data-quality section)`,
              },
              locale,
            ),
          ]
        : []),
    ],
  };
}
