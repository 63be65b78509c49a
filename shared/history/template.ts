import ExcelJS from 'exceljs';
import { AppError } from '../errors';
import { findForm } from '../forms/catalogue';
import { choicesOf, headerOf, HISTORY_EARLIEST_DATE, historyColumns, MAX_HISTORY_ROWS } from './columns';
import { workbookBytes } from '../spreadsheets/write-workbook';

/*
 * The workbook a bureau fills in with last year's records of one form type
 * (`npm run admin -- history template --form <formType> --out <file.xlsx>`): one sheet whose
 * header row names each column by its zh-CN label (学校编号, 日期, then the form's fields, units
 * in brackets), drop-down lists for yes/no and option fields, a date check on the date column,
 * and a hidden sheet holding the lists, named by the form type (also the workbook's title), so
 * the import knows the form without being told; a CSV saved from it is recognised by its headers.
 */

const FONT_NAME = 'Microsoft YaHei';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
/**
 * The hidden sheet that holds the drop-down lists is named by the form type: the import reads the
 * form from it (a streaming read sees sheet names, not the workbook's properties).
 */
export const choicesSheetName = (formType: string): string => formType;

/** Excel's forbidden sheet-name characters and its 31-character limit. */
const sheetName = (name: string) =>
  name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31) || 'Sheet';

/** A data validation over a range (exceljs writes it as one rule; its typings name only per-cell ones). */
function validate(sheet: ExcelJS.Worksheet, range: string, validation: ExcelJS.DataValidation): void {
  (
    sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }
  ).dataValidations.add(range, validation);
}

const columnLetter = (index: number): string => {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
};

/** The template of `formType` as .xlsx bytes; UNKNOWN_FORM_TYPE for a form the catalogue does not have. */
export async function historyTemplate(formType: string, now: Date = new Date()): Promise<Buffer> {
  const form = findForm(formType);
  if (!form) throw new AppError('UNKNOWN_FORM_TYPE', { field: 'form', value: formType.slice(0, 64) });
  const columns = historyColumns(form);
  const workbook = new ExcelJS.Workbook();
  workbook.title = form.id;
  workbook.subject = `${form.title.zh} / ${form.title.en}`;
  workbook.creator = 'Houqin';
  workbook.created = now;
  workbook.modified = now;

  const sheet = workbook.addWorksheet(sheetName(form.title.zh), {
    views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  const choices = workbook.addWorksheet(choicesSheetName(form.id), { state: 'hidden' });
  const header = sheet.addRow(columns.map(headerOf));
  header.font = { name: FONT_NAME, bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  const lastRow = MAX_HISTORY_ROWS + 1;
  let choiceColumn = 0;
  columns.forEach((column, index) => {
    const letter = columnLetter(index + 1);
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = Math.min(Math.max(headerOf(column).length * 2 + 2, 12), 40);
    const range = `${letter}2:${letter}${lastRow}`;
    const required = column.optional ? '' : '（必填）';
    if (column.kind === 'date') {
      sheetColumn.numFmt = 'yyyy-mm-dd';
      validate(sheet, range, {
        type: 'date',
        operator: 'between',
        allowBlank: false,
        showErrorMessage: true,
        formulae: [new Date(`${HISTORY_EARLIEST_DATE}T00:00:00Z`), new Date('2099-12-31T00:00:00Z')],
        errorTitle: '日期',
        error: `请填写 ${HISTORY_EARLIEST_DATE} 以后的日期（YYYY-MM-DD）`,
      });
      return;
    }
    const list = choicesOf(column);
    if (list) {
      choiceColumn += 1;
      const choiceLetter = columnLetter(choiceColumn);
      choices.getCell(`${choiceLetter}1`).value = column.key;
      list.forEach((choice, row) => {
        choices.getCell(`${choiceLetter}${row + 2}`).value = choice;
      });
      validate(sheet, range, {
        type: 'list',
        allowBlank: column.optional,
        showErrorMessage: true,
        formulae: [`'${choices.name}'!$${choiceLetter}$2:$${choiceLetter}$${list.length + 1}`],
        errorTitle: column.label.zh,
        error: `请从下拉列表中选择${required}`,
      });
    } else if (column.kind === 'number') {
      validate(sheet, range, {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        allowBlank: column.optional,
        showErrorMessage: true,
        formulae: [0],
        errorTitle: column.label.zh,
        error: `请填写不小于 0 的数${column.unit ? `（${column.unit.zh}）` : ''}${required}`,
      });
    }
  });
  return workbookBytes(workbook);
}
