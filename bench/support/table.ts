import type { BenchRow, BenchSection } from '../types';

/*
 * The results as Markdown tables: one table for the terminal, and one per section for
 * docs/performance.md (bench/performance-doc.ts).
 */

function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function budgetText(row: BenchRow): string {
  if (!row.budget) return '';
  const verdict = row.pass ? 'pass' : '**FAIL**';
  const limit =
    row.budget.kind === 'maxRatio' ? `≤ ${row.budget.max}×` : `≤ ${formatNumber(row.budget.max)} ${row.unit}`;
  return `${limit} ${verdict}`;
}

const HEADER = ['| figure | value | baseline | ratio | budget |', '|---|---:|---:|---:|---|'];

function rowLine(row: BenchRow): string {
  const value = `${formatNumber(row.value)} ${row.unit}`;
  const baseline = row.baseline === undefined ? '' : `${formatNumber(row.baseline)} ${row.unit}`;
  const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`;
  const name = row.note ? `${row.name} (${row.note})` : row.name;
  return `| ${name} | ${value} | ${baseline} | ${ratio} | ${budgetText(row)} |`;
}

/** One Markdown table for all sections: a heading row per section, then its rows. */
export function markdownTable(sections: readonly BenchSection[]): string {
  const lines = [...HEADER];
  for (const section of sections) {
    lines.push(`| **${section.title}** | | | | |`);
    for (const row of section.rows) lines.push(rowLine(row));
  }
  return lines.join('\n');
}

/** One section's rows as a Markdown table of their own (its title goes in a heading above it). */
export function sectionTable(section: BenchSection): string {
  return [...HEADER, ...section.rows.map(rowLine)].join('\n');
}
