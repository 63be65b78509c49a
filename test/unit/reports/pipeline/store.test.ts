import type { AppError } from '../../../../shared/errors';
import { attachmentDisposition } from '../../../../shared/http/api-handler';
import { workbookFileName } from '../../../../shared/reports/pipeline/read-api';
import { reportMonthPathSchema, requireEndedMonth } from '../../../../shared/reports/pipeline/month';
import { parseOrThrow } from '../../../../shared/validation';
import { reportContentHash, reportObjectKeys, reportSummary } from '../../../../shared/reports/pipeline/store';
import { makeReport } from '../render/fixture';

describe('reportObjectKeys', () => {
  it('keeps a report under reports/<district>/<month>/, never under evidence/', () => {
    // Assess
    expect(reportObjectKeys('huaying', '2026-10')).toEqual({
      json: 'reports/huaying/2026-10/report.json',
      workbook: 'reports/huaying/2026-10/report.xlsx',
    });
  });
});

describe('reportContentHash', () => {
  it('is the same for the same figures produced at another time', () => {
    // Prepare
    const report = makeReport();
    // Assess
    expect(reportContentHash({ ...report, producedAt: '2030-01-01T00:00:00.000Z' })).toBe(reportContentHash(report));
  });

  it('changes with any figure', () => {
    // Prepare
    const report = makeReport();
    const changed = structuredClone(report);
    changed.sections.compliance.schoolsReporting += 1;
    // Assess
    expect(reportContentHash(changed)).not.toBe(reportContentHash(report));
  });
});

describe('reportSummary', () => {
  it('takes the headline figures from the sections', () => {
    // Prepare
    const report = makeReport();
    const { compliance, hazards } = report.sections;
    // Assess
    expect(reportSummary(report)).toEqual({
      schoolsRegistered: compliance.schoolsRegistered,
      schoolsReporting: compliance.schoolsReporting,
      ...(compliance.overall.current.rate === null ? {} : { complianceRate: compliance.overall.current.rate }),
      hazardsFound: hazards.found.total,
      hazardsOpenAtMonthEnd: hazards.openAtMonthEnd.total,
      hazardsOverdueAtMonthEnd: hazards.overdueAtMonthEnd.total,
      criticalHazards: hazards.critical.length,
    });
  });
});

describe('the month of a report route', () => {
  /** The `month` path parameter as the report routes' apiHandler parses it. */
  const parseReportMonth = (month: string | undefined, locale: 'zh-CN' | 'en') =>
    parseOrThrow(reportMonthPathSchema, { month }, locale).month;
  const refusal = (run: () => unknown): AppError => {
    try {
      run();
    } catch (error) {
      return error as AppError;
    }
    throw new Error('not refused');
  };

  it('refuses what is not a month, with the reason in zh-CN and en', () => {
    // Act
    const zh = refusal(() => parseReportMonth('2026-4', 'zh-CN'));
    const en = refusal(() => parseReportMonth(undefined, 'en'));
    // Assess
    expect(zh).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: [{ field: 'month', reason: '应为月份，格式 YYYY-MM（例如 2026-04）' }],
    });
    expect(en).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'month' }] });
  });

  it('refuses a month before 2020', () => {
    // Assess
    expect(refusal(() => parseReportMonth('2019-12', 'en'))).toMatchObject({
      details: [{ field: 'month', reason: 'The month cannot be before 2020-01' }],
    });
  });

  it('refuses the current month with 422, naming it', () => {
    // Act
    const error = refusal(() => requireEndedMonth('2026-11', 'Asia/Shanghai', new Date('2026-11-15T00:00:00Z')));
    // Assess
    expect(error).toMatchObject({
      code: 'REPORT_MONTH_NOT_ENDED',
      status: 422,
      details: { month: '2026-11', currentMonth: '2026-11' },
    });
  });
});

describe('the workbook download', () => {
  it('names the file as the e-mail attachment does, with an ASCII fallback for old clients', () => {
    // Act
    const name = workbookFileName('华蓥市教育局', '2026-10', 'zh-CN');
    const disposition = attachmentDisposition(name, 'houqin-report-huaying-2026-10.xlsx');
    // Assess
    expect(name).toBe('华蓥市教育局-2026年10月-学校后勤月报.xlsx');
    expect(disposition).toBe(
      `attachment; filename="houqin-report-huaying-2026-10.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
  });
});
