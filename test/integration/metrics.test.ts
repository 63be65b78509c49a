import { randomUUID } from 'node:crypto';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import type { ApiResponse } from '../../shared/http/api-handler';
import { localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext, type ApiEventOptions } from '../support/events';
import { validAnswers } from '../unit/forms/examples';

type Handler = (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>;

/** Calls the handler and returns its status and the EMF lines (the domain metrics) it wrote to stdout. */
async function withMetrics(act: () => Promise<ApiResponse>) {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  let response: ApiResponse;
  try {
    response = await act();
  } finally {
    spy.mockRestore();
  }
  const metrics = written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => {
      const emf = JSON.parse(line) as Record<string, unknown> & {
        _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
      };
      const [directive] = emf._aws.CloudWatchMetrics;
      if (!directive) throw new Error('No metric directive');
      const keys = [...(directive.Dimensions[0] ?? []), ...directive.Metrics.map((m) => m.Name)];
      return {
        namespace: directive.Namespace,
        dimensions: directive.Dimensions[0],
        values: Object.fromEntries(keys.map((k) => [k, emf[k]])),
      };
    });
  return { status: response.statusCode, metrics };
}

describe('domain metrics of the handlers (EMF log lines)', () => {
  const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
  let district: Awaited<ReturnType<typeof createTestDistrict>>;

  beforeAll(async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    district = await createTestDistrict([{ schoolId: 's-canteen', hasCanteen: true, boarding: false }]);
  });
  afterAll(() => {
    if (disabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = disabled;
  });

  it('POST /v1/submissions: one SubmissionsRecorded by form type, its hazards by severity; a replay counts as a replay only', async () => {
    // Prepare
    const principal = district.schoolPrincipal('s-canteen');
    const body = {
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: localDate('Asia/Shanghai'),
      answers: { ...validAnswers['hazard-report'], severity: 'high', category: 'electrical' },
    };
    const options: ApiEventOptions = { principal, body };
    const post = () =>
      (recordSubmission as Handler)(apiEvent('record-submission', options), lambdaContext('record-submission'));
    // Act
    const first = await withMetrics(post);
    const replay = await withMetrics(post);
    // Assess
    expect(first.status).toBe(201);
    expect(first.metrics).toEqual([
      {
        namespace: 'Houqin',
        dimensions: ['service', 'formType'],
        values: { service: 'houqin', formType: 'hazard-report', SubmissionsRecorded: 1 },
      },
      {
        namespace: 'Houqin',
        dimensions: ['service', 'severity'],
        values: { service: 'houqin', severity: 'high', HazardsRaised: 1 },
      },
    ]);
    expect(replay.status).toBe(200);
    expect(replay.metrics).toEqual([
      {
        namespace: 'Houqin',
        dimensions: ['service', 'formType'],
        values: { service: 'houqin', formType: 'hazard-report', SubmissionReplays: 1 },
      },
    ]);
  });
});
