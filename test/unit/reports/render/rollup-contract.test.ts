import ExcelJS from 'exceljs';
import { renderReportCharts } from '../../../../shared/reports/render/charts';
import { renderReportEmail } from '../../../../shared/reports/render/email';
import { renderReportWorkbook, summaryFigurePaths } from '../../../../shared/reports/render/workbook';
import { rollUpDistrictMonth } from '../../../../shared/reports/rollup';
import type { DistrictReport } from '../../../../shared/reports/types';
import { allValidAnswers } from '../../forms/examples';
import { hazard, month, photo, school, submission } from '../fixtures';
import { PNG_MAGIC } from './png';

/*
 * The renderers against what the rollup really produces (not the hand-made fixture): a month
 * with every form type, hazards in every state and photos renders, and every figure the e-mail
 * and the workbook show is at its path in that report.
 */

jest.setTimeout(120_000);

const at = (report: DistrictReport, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], report);

function rolledUpMonth(): DistrictReport {
  const formTypes = Object.keys(allValidAnswers) as (keyof typeof allValidAnswers)[];
  const schools = [
    school('s1', { name: '华蓥市第一中学', hasCanteen: true, boarding: true }),
    school('s2', { name: '华蓥市双河第一小学', hasCanteen: true, nutritionProgramme: true }),
    school('s3', { name: '华蓥市明月镇幼儿园' }),
  ];
  return rollUpDistrictMonth(
    month({
      schools,
      submissions: [
        ...formTypes.map((formType) => submission('s1', formType, '2026-03-10')),
        ...formTypes.map((formType) => submission('s2', formType, '2026-03-12')),
        submission('s1', 'canteen-daily', '2026-03-11'),
      ],
      previousYearSubmissions: [
        submission('s1', 'energy-meter', '2025-03-31'),
        submission('s1', 'canteen-daily', '2025-03-10'),
      ],
      hazards: [
        hazard('h-open', 's1', { severity: 'critical', category: 'fire', dueDate: '2026-03-11' }),
        hazard('h-fixed', 's2', {
          rectifiedAt: '2026-03-12T04:00:00.000Z',
        }),
        hazard('h-done', 's2', {
          severity: 'medium',
          category: 'food',
          rectifiedAt: '2026-03-11T04:00:00.000Z',
          verifiedAt: '2026-03-12T04:00:00.000Z',
        }),
      ],
      photos: [photo('p1', 's1'), photo('p2', 's2', { duplicateOf: 'p1' })],
    }),
  );
}

describe('rendering a report the rollup produced', () => {
  it('shows in the e-mail only figures that are at their paths in the report', () => {
    // Prepare
    const report = rolledUpMonth();
    // Act
    const { html, subject } = renderReportEmail(report, { locale: 'zh-CN', workbook: Buffer.from('xlsx'), charts: [] });
    // Assess
    expect(subject).toBe('测试市教育局 2026年3月 学校后勤月报');
    const figures = [...html.matchAll(/data-figure="([^"]+)" data-kind="[^"]+" data-value="([^"]*)"/g)];
    expect(figures.length).toBeGreaterThan(100);
    for (const [, path, value] of figures) expect([path, JSON.parse(value!)]).toEqual([path, at(report, path!)]);
  });

  it('writes a workbook whose summary values are the report values at their paths', async () => {
    // Prepare
    const report = rolledUpMonth();
    // Act
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReportWorkbook(report, 'zh-CN')) as unknown as ArrayBuffer);
    // Assess
    const summary = workbook.getWorksheet('概览')!;
    const paths = summaryFigurePaths(report, 'zh-CN');
    let rows = 0;
    summary.eachRow((row, number) => {
      if (number === 1) return;
      rows++;
      const path = paths[number - 2]!;
      // The production time is shown in the district's timezone, not as the report's ISO instant.
      if (path === 'producedAt') return;
      expect([path, row.getCell(5).value ?? null]).toEqual([path, at(report, path)]);
    });
    expect(rows).toBe(paths.length);
    expect(rows).toBeGreaterThan(80);
    expect(workbook.getWorksheet('完成率明细')!.rowCount).toBe(
      1 + report.sections.compliance.schools.reduce((sum, row) => sum + row.forms.length, 0),
    );
  });

  it('draws its charts', async () => {
    // Act
    const charts = await renderReportCharts(rolledUpMonth(), 'zh-CN');
    // Assess
    expect(charts).toHaveLength(3);
    for (const chart of charts) expect(chart.png.subarray(0, 8)).toEqual(PNG_MAGIC);
  });
});
