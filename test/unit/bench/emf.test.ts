import { PassThrough } from 'node:stream';
import { routeEmfLines, withEmf } from '../../../bench/support/emf';
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

  it('sums the EMF lines of a child process’s stdout and prints its other lines', async () => {
    // Prepare
    const printed: string[] = [];
    const terminal = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const child = new PassThrough();
    const totals = { lines: 0, metrics: {} };
    try {
      // Act
      routeEmfLines(child, totals);
      const closed = new Promise((resolve) => child.on('end', resolve));
      child.end(
        '{"_aws":{"CloudWatchMetrics":[{"Metrics":[{"Name":"SubmissionsRecorded"}]}]},"SubmissionsRecorded":1}\n' +
          'houqin: ready\n' +
          '{"_aws":{"CloudWatchMetrics":[{"Metrics":[{"Name":"SubmissionsRecorded"}]}]},"SubmissionsRecorded":1}\n',
      );
      await closed;
      await new Promise((resolve) => setImmediate(resolve));
      // Assess
      expect(totals).toEqual({ lines: 2, metrics: { SubmissionsRecorded: 2 } });
      expect(printed).toEqual(['houqin: ready\n']);
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
