import { alertMetrics, photoMetrics, reportMailMetrics, submissionMetrics } from '../../shared/metrics';
import { useMetricsEnabled } from '../support/metrics';

/** The EMF lines written to stdout while `act` runs. */
function emfLinesOf(act: () => void): Record<string, unknown>[] {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** One EMF line reduced to what CloudWatch reads: namespace, dimension names, metric names and units, values. */
function read(line: Record<string, unknown>) {
  const aws = line._aws as {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  const directive = aws.CloudWatchMetrics[0];
  if (!directive) throw new Error('No metric directive');
  const values = Object.fromEntries(
    [...(directive.Dimensions[0] ?? []), ...directive.Metrics.map((m) => m.Name)].map((key) => [key, line[key]]),
  );
  return {
    namespace: directive.Namespace,
    dimensions: directive.Dimensions,
    metrics: directive.Metrics,
    values,
    timestamp: typeof aws.Timestamp,
  };
}

describe('domain metrics in the embedded metric format', () => {
  useMetricsEnabled();

  it('counts a recorded submission by form type and its hazards by severity', () => {
    // Prepare: the body POST /v1/submissions answers.
    const body = {
      submission: { formType: 'canteen-daily' },
      hazards: [{ severity: 'critical' }, { severity: 'high' }, { severity: 'critical' }],
    };
    // Act
    const lines = emfLinesOf(() => submissionMetrics(201, body)).map(read);
    // Assess
    expect(lines).toEqual([
      {
        namespace: 'Houqin',
        dimensions: [['service', 'formType']],
        metrics: [{ Name: 'SubmissionsRecorded', Unit: 'Count' }],
        values: { service: 'houqin', formType: 'canteen-daily', SubmissionsRecorded: 1 },
        timestamp: 'number',
      },
      {
        namespace: 'Houqin',
        dimensions: [['service', 'severity']],
        metrics: [{ Name: 'HazardsRaised', Unit: 'Count' }],
        values: { service: 'houqin', severity: 'critical', HazardsRaised: 2 },
        timestamp: 'number',
      },
      {
        namespace: 'Houqin',
        dimensions: [['service', 'severity']],
        metrics: [{ Name: 'HazardsRaised', Unit: 'Count' }],
        values: { service: 'houqin', severity: 'high', HazardsRaised: 1 },
        timestamp: 'number',
      },
    ]);
  });

  it('counts a replay as a replay, not as a second submission', () => {
    // Act
    const lines = emfLinesOf(() =>
      submissionMetrics(200, { submission: { formType: 'morning-check' }, hazards: [{ severity: 'high' }] }),
    ).map(read);
    // Assess
    expect(lines.map((l) => l.values)).toEqual([
      { service: 'houqin', formType: 'morning-check', SubmissionReplays: 1 },
    ]);
  });

  it('counts alerts, photos and report mail by outcome', () => {
    // Act
    const lines = emfLinesOf(() => {
      alertMetrics('sent');
      alertMetrics('no-recipients');
      photoMetrics('verified');
      photoMetrics('quarantined');
      reportMailMetrics([
        { status: 'sent' },
        { status: 'sent' },
        { status: 'failed', nextAttemptAt: '2026-12-01T08:05:00.000Z' },
        { status: 'failed' },
        { status: 'skipped' },
      ]);
    }).map((line) => read(line).values);
    // Assess
    expect(lines).toEqual([
      { service: 'houqin', AlertsSent: 1 },
      { service: 'houqin', reason: 'no-recipients', AlertsHeldBack: 1 },
      { service: 'houqin', PhotosVerified: 1 },
      { service: 'houqin', PhotosQuarantined: 1 },
      { service: 'houqin', ReportMailsSent: 2 },
      { service: 'houqin', final: 'no', ReportMailFailures: 1 },
      { service: 'houqin', final: 'yes', ReportMailFailures: 1 },
    ]);
  });

  it('writes nothing when POWERTOOLS_METRICS_DISABLED is true', () => {
    // Prepare
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    // Act
    const lines = emfLinesOf(() => submissionMetrics(201, { submission: { formType: 'canteen-daily' }, hazards: [] }));
    // Assess
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    expect(lines).toEqual([]);
  });
});
