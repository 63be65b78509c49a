import { reportFigures } from '../../../../shared/reports/render/figures';
import {
  formatChangePercent,
  formatCount,
  formatMonth,
  formatPoints,
  formatQuantity,
  formatRate,
  reportTitle,
  valueAtPath,
} from '../../../../shared/reports/render/format';
import { REPORT_SECTIONS } from '../../../../shared/reports/types';
import { makeEmptyReport, makeReport } from './fixture';

describe('report number formats', () => {
  it('writes rates as percentages with one decimal, and a rate of nothing as a dash', () => {
    // Assess
    expect(formatRate(0.959, 'zh-CN')).toBe('95.9%');
    expect(formatRate(1, 'en')).toBe('100.0%');
    expect(formatRate(null, 'zh-CN')).toBe('—');
  });

  it('writes counts and quantities with thousands separators', () => {
    // Assess
    expect(formatCount(53_694, 'zh-CN')).toBe('53,694');
    expect(formatQuantity(1_284.5, 'en')).toBe('1,284.5');
    expect(formatQuantity(31_250.75, 'zh-CN')).toBe('31,250.75');
  });

  it('signs changes: in % for values, in percentage points for rates', () => {
    // Assess
    expect(formatChangePercent(-12.34, 'zh-CN')).toBe('-12.3%');
    expect(formatChangePercent(8, 'en')).toBe('+8.0%');
    expect(formatChangePercent(0, 'en')).toBe('0.0%');
    expect(formatPoints(1.23, 'zh-CN')).toBe('+1.2 个百分点');
    expect(formatPoints(-5.51, 'en')).toBe('-5.5 pp');
  });

  it('names the month and the report as its readers write them', () => {
    // Prepare
    const report = makeReport();
    // Assess
    expect(formatMonth('2026-10', 'zh-CN')).toBe('2026年10月');
    expect(formatMonth('2026-02', 'en')).toBe('February 2026');
    expect(reportTitle(report, 'zh-CN')).toBe('华蓥市教育局 2026年10月 学校后勤月报');
    expect(reportTitle(report, 'en')).toBe('华蓥市教育局 school logistics report, October 2026');
  });
});

describe('valueAtPath', () => {
  it('reads nested fields, list items and list lengths', () => {
    // Prepare
    const report = makeReport();
    // Assess
    expect(valueAtPath(report, 'sections.compliance.schools.0.name')).toBe(report.sections.compliance.schools[0]!.name);
    expect(valueAtPath(report, 'sections.hazards.overdue.length')).toBe(3);
    expect(valueAtPath(report, 'sections.nothing.here')).toBeUndefined();
  });
});

describe('reportFigures', () => {
  it('gives every section, in the report order, rows whose values are read from their paths', () => {
    // Prepare
    const report = makeReport();
    // Act
    const sections = reportFigures(report, 'zh-CN');
    // Assess
    expect(sections.map((section) => section.section)).toEqual([...REPORT_SECTIONS]);
    const rows = sections.flatMap((section) => section.groups.flatMap((group) => group.rows));
    for (const row of rows) {
      for (const figure of [
        row.current,
        row.previousYear,
        row.change,
        row.parts?.numerator,
        row.parts?.denominator,
        row.target?.target,
      ]) {
        if (!figure) continue;
        const value = valueAtPath(report, figure.path);
        expect([figure.path, value === undefined]).toEqual([figure.path, false]);
        expect([figure.path, figure.value]).toEqual([figure.path, value]);
      }
    }
  });

  it('reads null rates of an empty month as null, not 0', () => {
    // Act
    const [compliance] = reportFigures(makeEmptyReport(), 'en');
    // Assess
    const overall = compliance!.groups[0]!.rows[0]!;
    expect(overall.label).toBe('Compliance (submitted of expected)');
    expect(overall.current).toEqual({ path: 'sections.compliance.overall.current.rate', value: null });
    expect(overall.target).toBeUndefined();
  });
});
