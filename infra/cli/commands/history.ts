import { FORMS } from '../../../shared/forms/catalogue';
import { HistoryUsageError, runHistoryImport, runHistoryTemplate } from '../history';
import type { Output } from '../output';
import { UsageError } from '../runner';
import { defineGroup } from './command';

/*
 * `history template | import`: last year's records (the work is in infra/cli/history.ts and
 * shared/history/).
 */

const OPTIONS = {
  district: { type: 'string' },
  form: { type: 'string' },
  out: { type: 'string' },
} as const;

/** The form type the usage's examples take: the catalogue's first monthly form (every form type has a template). */
const EXAMPLE = FORMS.find((form) => !form.retired && form.cadence === 'monthly') ?? FORMS[0]!;

/** Runs a `history` command (infra/cli/history.ts), its usage mistakes as the CLI's own. */
async function historyCommand(run: () => Promise<Output>): Promise<Output> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HistoryUsageError) throw new UsageError(error.text);
    throw error;
  }
}

export const historyCommands = defineGroup({
  options: OPTIONS,
  commands: {
    'history import': {
      options: ['district', 'form'],
      required: ['district'],
      args: ['<file.xlsx|file.csv>'],
      run: ({ values, args, locale }) =>
        historyCommand(() => runHistoryImport(values.district!, args[0]!, values.form, locale)),
    },
    // The workbook of one form type's past records: needs no table.
    'history template': {
      options: ['form', 'out'],
      required: ['form', 'out'],
      args: [],
      offline: true,
      run: ({ values, locale }) => historyCommand(() => runHistoryTemplate(values.form!, values.out!, locale)),
    },
  },
  usage: {
    zh: `历史记录（导入去年的数据，用于同比和目标对照）
  history template --form <表单类型> --out <模板.xlsx>
             生成一种表单的历史记录模板：表头为学校编号、日期和各字段（单位在括号中），选项为下拉列表；
             不需要本地栈或 --stack
  history import --district <编号> [--form <表单类型>] <文件.xlsx|文件.csv>
             导入 2020-01-01 至今天的历史记录（每个文件最多 50,000 行）：逐行按表单规则检查，
             有任何问题则逐行逐列列出且一条都不导入；重复导入同一文件不会产生变化；
             导入的记录计入月报、同比、目标和完成率，不产生隐患、不发邮件`,
    en: `History (last year's records, for year-on-year figures and targets)
  history template --form <formType> --out <template.xlsx>
             writes the template of one form type: school id, date and the form's fields (units in
             brackets), options as drop-down lists. Needs no stack
  history import --district <id> [--form <formType>] <file.xlsx|file.csv>
             loads records dated 2020-01-01 to today (up to 50,000 rows a file), each row checked as
             a submission is; any problem is listed by row and column and nothing is imported;
             importing the same file again changes nothing. Imported records count in reports,
             year-on-year figures, targets and compliance, raise no hazard and send no mail`,
  },
  examples: {
    zh: `  npm run admin -- history template --form ${EXAMPLE.id} --out ${EXAMPLE.title.zh}-历史.xlsx
  npm run admin -- history import --district huaying ${EXAMPLE.title.zh}-历史.xlsx`,
    en: `  npm run admin -- history template --form ${EXAMPLE.id} --out ${EXAMPLE.id}-history.xlsx
  npm run admin -- history import --district huaying ${EXAMPLE.id}-history.xlsx`,
  },
});
