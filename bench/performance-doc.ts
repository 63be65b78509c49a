import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sectionTable } from './support/table';
import type { BenchReport } from './types';

/*
 * docs/performance.md's tables are written from bench/results/latest.json, never by hand: a full
 * `npm run bench` rewrites them after writing latest.json, and `npm run bench -- --write-docs`
 * rewrites them alone. Only the part between the two markers is generated; the prose around it
 * (what each module measures, how to read it) is the page's own. The tables show one run, the
 * latest: earlier runs are in the history of latest.json.
 */

const ROOT = resolve(__dirname, '..');
export const PERFORMANCE_DOC = join(ROOT, 'docs', 'performance.md');
export const LATEST_RESULTS = join(ROOT, 'bench', 'results', 'latest.json');

export const BEGIN_MARKER =
  '<!-- bench:tables:begin (written by `npm run bench` from bench/results/latest.json; do not edit) -->';
export const END_MARKER = '<!-- bench:tables:end -->';

/** "2026-11-29 09:43 UTC". */
function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The generated part: a line saying which run, then one table per module, in the run's order. */
export function renderPerformanceTables(report: BenchReport): string {
  const { machine } = report;
  const minutes = Math.round(report.durationSeconds / 60);
  const lines = [
    `${report.quick ? 'Quick run (indicative only)' : 'Full run'} of ${utcMinute(report.startedAt)} on ${machine.cpus} × ${machine.cpuModel} cores, Node ${machine.node.replace(/^v/, '')}, ${minutes} min (\`bench/results/latest.json\`). ` +
      (report.failures.length
        ? `Budgets failed or modules broken: ${report.failures.map((failure) => `\`${failure}\``).join(', ')}.`
        : 'Every budget met.'),
  ];
  for (const section of report.sections) {
    lines.push('', `### ${section.title}`, '');
    lines.push(
      section.rows.length
        ? sectionTable(section)
        : `No figures: ${String(section.details?.error ?? 'the module did not run')}.`,
    );
  }
  return lines.join('\n');
}

/** `doc` with the part between the markers replaced by the tables of `report`. */
export function withPerformanceTables(doc: string, report: BenchReport): string {
  const begin = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (begin < 0 || end < begin)
    throw new Error(
      `docs/performance.md has no generated part: put the lines\n${BEGIN_MARKER}\n${END_MARKER}\nwhere the tables go`,
    );
  return `${doc.slice(0, begin + BEGIN_MARKER.length)}\n\n${renderPerformanceTables(report)}\n\n${doc.slice(end)}`;
}

/** The generated part of `doc` as it stands (between the markers, trimmed), or undefined without markers. */
export function generatedPart(doc: string): string | undefined {
  const begin = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (begin < 0 || end < begin) return undefined;
  return doc.slice(begin + BEGIN_MARKER.length, end).trim();
}

/** Rewrites docs/performance.md's tables from latest.json (or the given report); returns whether the file changed. */
export function writePerformanceDoc(
  report: BenchReport = JSON.parse(readFileSync(LATEST_RESULTS, 'utf8')) as BenchReport,
  docPath = PERFORMANCE_DOC,
): boolean {
  const before = readFileSync(docPath, 'utf8');
  const after = withPerformanceTables(before, report);
  if (after === before) return false;
  writeFileSync(docPath, after);
  return true;
}
