import ExcelJS from 'exceljs';
import { asPlainText, looksLikeFormula } from './formula-text';

/*
 * The one way the server writes a workbook (monthly report, year-end summary, history template,
 * token sheet): every text cell of every sheet passed through `asPlainText` (formula-text.ts),
 * then the bytes. Writers fill their cells as they like and call `workbookBytes` at the end, so a
 * new sheet or column cannot forget the rule; test/unit/spreadsheets/formula-text.test.ts fails
 * when a module calls exceljs's writeBuffer itself.
 */

/** Puts an apostrophe before every text in `workbook` that a spreadsheet program could take for a formula; returns how many. */
export function neutraliseFormulaText(workbook: ExcelJS.Workbook): number {
  let changed = 0;
  for (const sheet of workbook.worksheets) {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        // A merged cell's other cells show the first one's value: only the first one is rewritten.
        if (cell.type === ExcelJS.ValueType.String) {
          const text = cell.value as string;
          if (!looksLikeFormula(text)) return;
          cell.value = asPlainText(text);
        } else if (cell.type === ExcelJS.ValueType.RichText) {
          const { richText } = cell.value as ExcelJS.CellRichTextValue;
          const first = richText[0];
          if (!first || !looksLikeFormula(first.text)) return;
          cell.value = { richText: [{ ...first, text: asPlainText(first.text) }, ...richText.slice(1)] };
        } else if (cell.type === ExcelJS.ValueType.Hyperlink) {
          const link = cell.value as ExcelJS.CellHyperlinkValue;
          if (!looksLikeFormula(link.text)) return;
          cell.value = { ...link, text: asPlainText(link.text) };
        } else return;
        changed += 1;
      });
    });
  }
  return changed;
}

/** The workbook's .xlsx bytes, its formula-like text made plain first. */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  neutraliseFormulaText(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
