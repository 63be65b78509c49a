import { annualOutcomeLines, outcomeLines } from '../../../infra/cli/rollup';
import type { AnnualOutcome } from '../../../shared/reports/annual/produce';
import type { ProduceOutcome } from '../../../shared/reports/pipeline/produce';

/*
 * npm run rollup prints each mail's state; a mail SES refused for an unverified address (the SES
 * sandbox) gets the reason under its line, in the operator's language.
 */

const waiting = {
  delivery: 1,
  recipient: 'official@example.cn',
  status: 'failed' as const,
  attempts: 1,
  nextAttemptAt: '2026-12-01T01:01:00.000Z',
  lastErrorCode: 'RecipientNotVerified',
};
const throttled = { ...waiting, recipient: 'other@example.cn', lastErrorCode: 'Throttling' };

const monthly = {
  districtId: 'd1',
  month: '2026-11',
  written: true,
  stored: {
    revision: 1,
    jsonKey: 'reports/d1/2026-11.json',
    workbookKey: 'reports/d1/2026-11.xlsx',
    summary: {
      schoolsReporting: 1,
      schoolsRegistered: 2,
      complianceRate: 0.5,
      hazardsFound: 0,
      hazardsOpenAtMonthEnd: 0,
      hazardsOverdueAtMonthEnd: 0,
    },
  },
  timings: { totalMs: 1, loadMs: 0, rollupMs: 0, renderMs: 0, storeMs: 0, mailMs: 0 },
  reads: { items: 0 },
  mail: [waiting, throttled],
} as unknown as ProduceOutcome;

describe('npm run rollup: the reason of a mail waiting for a verified address', () => {
  it('prints the reason under the mail of the monthly report, in zh-CN and en, and none for other errors', () => {
    // Act
    const zh = outcomeLines(monthly, '测试区', 'zh-CN');
    const en = outcomeLines(monthly, 'Test district', 'en');
    // Assess
    const after = (lines: string[], recipient: string) => lines[lines.findIndex((l) => l.includes(recipient)) + 1];
    expect(after(zh, waiting.recipient)).toContain('SES 沙盒');
    expect(after(en, waiting.recipient)).toContain('SES sandbox');
    expect(en.join('\n')).not.toMatch(/other@example\.cn[^\n]*\n\s+SES refused/);
    expect(en.filter((line) => line.includes('SES refused'))).toHaveLength(1);
  });

  it('prints it for the year-end summary too', () => {
    // Act
    const annual = { ...monthly, period: '2026', mail: [waiting] } as unknown as AnnualOutcome;
    const lines = annualOutcomeLines(annual, 'Test district', 'en');
    // Assess
    expect(lines.some((line) => line.includes('SES sandbox'))).toBe(true);
  });
});
