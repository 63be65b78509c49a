/*
 * Text that a spreadsheet program could take for a formula. A cell's text that begins with `=`,
 * `+`, `-` or `@` (or a tab or carriage return, which some programs skip before reading one) is a
 * formula once someone edits the cell, pastes it, or saves the sheet as CSV and opens that again,
 * and `=HYPERLINK(…)` or `=cmd|…` from a school's note would then run on an official's computer.
 * The full-width ＝＋－＠ count too: Chinese and Japanese spreadsheet programs convert them as
 * they are typed. Every workbook we write passes its text through `asPlainText`, which puts an
 * apostrophe first (OWASP's advice for CSV injection: every spreadsheet program reads a leading
 * apostrophe as "this is text", and a person sees why the text looks odd). Plain numbers written
 * as text ("-3", "+1.5%") are left alone: they are numbers to any program, never formulas.
 *
 * No imports: the web app's export writer (web/src/console/xlsx.ts) uses it too.
 */

/** What may not come first in a cell's text. */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
/** A number as text: sign, digits with separators, decimals, a percent sign. */
const PLAIN_NUMBER = /^[+-]?\d{1,3}(?:,?\d{3})*(?:\.\d+)?%?$/;

/** Whether a spreadsheet program could take `text` for a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** `text` as a spreadsheet cell can only show it: with an apostrophe first when it looks like a formula. */
export function asPlainText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}
