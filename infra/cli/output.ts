import type { Locale, Text } from '../../shared/i18n';
import { localize } from '../../shared/i18n';

/*
 * How the CLI's programs print: lines for people (tables aligned by display width, yes/no in the
 * operator's language), or the result as JSON for scripts (--json).
 */

/** Where the CLI writes. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** What a command prints: lines for people, data for --json. */
export interface Output {
  lines: string[];
  data: unknown;
  /** The exit code when the command ran but did not do everything (e.g. a message that failed again). @default 0 */
  exitCode?: number;
}

/** Prints a command's output: its data as JSON with --json, else its lines. */
export function printOutput(io: Io, output: Output, json: boolean | undefined): void {
  if (json) io.out(JSON.stringify(output.data, null, 2));
  else output.lines.forEach((line) => io.out(line));
}

export const t = (text: Text, locale: Locale) => localize(text, locale);

export const yes = (value: boolean, locale: Locale) =>
  value ? t({ zh: '是', en: 'yes' }, locale) : t({ zh: '否', en: 'no' }, locale);

/** Columns a terminal gives a character: CJK and full-width forms take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char)
      ? 2
      : 1;
  return width;
}

/** Rows aligned in columns under a header. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - displayWidth(cell)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

/** A table with a count line under it, or the count line alone when there are no rows. */
export function tableWithCount(header: string[], rows: string[][], count: string): string[] {
  return rows.length ? [...formatTable(header, rows), '', count] : [count];
}
