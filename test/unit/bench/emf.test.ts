import { withEmf } from '../../../bench/support/emf';
import { countMetric, DOMAIN_METRICS } from '../../../shared/metrics';
import { useMetricsEnabled } from '../../support/metrics';

describe('the bench’s domain metrics (EMF lines kept off stdout)', () => {
  useMetricsEnabled();

  it('sums the metrics a module’s handlers write and lets every other line through', async () => {
    // Prepare: what reaches the terminal
    const printed: string[] = [];
    const terminal = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      // Act
      const { result, emf } = await withEmf(async () => {
        countMetric(DOMAIN_METRICS.hazardsMarkedOverdue, { severity: 'high' }, 3);
        process.stdout.write('| a table row |\n');
        countMetric(DOMAIN_METRICS.hazardsMarkedOverdue, { severity: 'low' }, 2);
        countMetric(DOMAIN_METRICS.overdueDigestsSent);
        return 'done';
      });
      // Assess
      expect(result).toBe('done');
      expect(emf).toEqual({ lines: 3, metrics: { HazardsMarkedOverdue: 5, OverdueDigestsSent: 1 } });
      expect(printed).toEqual(['| a table row |\n']);
      expect(process.stdout.write).toBe(terminal);
    } finally {
      terminal.mockRestore();
    }
  });

  it('puts stdout back when the module fails', async () => {
    const write = process.stdout.write;
    await expect(
      withEmf(() => {
        throw new Error('module broke');
      }),
    ).rejects.toThrow('module broke');
    expect(process.stdout.write).toBe(write);
  });
});
