import { readFileSync } from 'node:fs';
import {
  BEGIN_MARKER,
  END_MARKER,
  generatedPart,
  LATEST_RESULTS,
  PERFORMANCE_DOC,
  renderPerformanceTables,
  withPerformanceTables,
} from '../../../bench/performance-doc';
import type { BenchReport } from '../../../bench/types';

const latest = JSON.parse(readFileSync(LATEST_RESULTS, 'utf8')) as BenchReport;

/** A two-section report with round numbers. */
const report: BenchReport = {
  startedAt: '2026-12-01T03:04:05.000Z',
  durationSeconds: 1_500,
  quick: false,
  machine: {
    node: 'v20.1.0',
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    cpuModel: 'Test CPU',
    totalMemoryMb: 1,
    loadAverage: [0, 0, 0],
  },
  sections: [
    {
      id: 'alpha',
      title: 'Alpha module',
      rows: [
        {
          id: 'alpha.x',
          name: 'x import',
          value: 120,
          unit: 'ms',
          baseline: 100,
          ratio: 1.2,
          budget: { kind: 'maxRatio', max: 1.5, description: '' },
          pass: true,
        },
      ],
    },
    { id: 'beta', title: 'Beta module', rows: [{ id: 'beta.y', name: 'y', value: 3, unit: 'count' }] },
  ],
  failures: [],
};

describe('docs/performance.md', () => {
  it('carries the tables of bench/results/latest.json, exactly as `npm run bench -- --write-docs` writes them', () => {
    // Prepare
    const doc = readFileSync(PERFORMANCE_DOC, 'utf8');
    // Act
    const part = generatedPart(doc);
    // Assess
    expect(part).toBe(renderPerformanceTables(latest));
  });

  it('shows one run only: no other run date than latest.json', () => {
    // Prepare
    const doc = readFileSync(PERFORMANCE_DOC, 'utf8');
    // Act
    const runDates = new Set(doc.match(/(?:Full|Quick) run of \d{4}-\d{2}-\d{2}/g) ?? []);
    // Assess
    expect([...runDates]).toEqual([`Full run of ${latest.startedAt.slice(0, 10)}`]);
  });
});

describe('withPerformanceTables', () => {
  it('writes a heading and a table per module between the markers and keeps the prose around them', () => {
    // Prepare
    const doc = `# Performance\n\nProse before.\n\n${BEGIN_MARKER}\nstale table\n${END_MARKER}\n\nProse after.\n`;
    // Act
    const written = withPerformanceTables(doc, report);
    // Assess
    expect(written.startsWith('# Performance\n\nProse before.\n\n')).toBe(true);
    expect(written.endsWith(`${END_MARKER}\n\nProse after.\n`)).toBe(true);
    expect(written).not.toContain('stale table');
    expect(generatedPart(written)).toBe(
      [
        'Full run of 2026-12-01 03:04 UTC on 2 × Test CPU cores, Node 20.1.0, 25 min (`bench/results/latest.json`). Every budget met.',
        '',
        '### Alpha module',
        '',
        '| figure | value | baseline | ratio | budget |',
        '|---|---:|---:|---:|---|',
        '| x import | 120 ms | 100 ms | 1.20× | ≤ 1.5× pass |',
        '',
        '### Beta module',
        '',
        '| figure | value | baseline | ratio | budget |',
        '|---|---:|---:|---:|---|',
        '| y | 3 count |  |  |  |',
      ].join('\n'),
    );
  });

  it('is idempotent: writing the same report twice changes nothing', () => {
    // Prepare
    const once = withPerformanceTables(`${BEGIN_MARKER}\n${END_MARKER}\n`, report);
    // Act
    const twice = withPerformanceTables(once, report);
    // Assess
    expect(twice).toBe(once);
  });

  it('names the failed budgets of a run that had some', () => {
    // Act
    const part = renderPerformanceTables({ ...report, failures: ['alpha.x'] });
    // Assess
    expect(part).toContain('Budgets failed or modules broken: `alpha.x`.');
  });

  it('refuses a page without the markers rather than guessing where the tables go', () => {
    // Act / Assess
    expect(() => withPerformanceTables('# Performance\n\nNo markers here.\n', report)).toThrow(/no generated part/);
  });
});
