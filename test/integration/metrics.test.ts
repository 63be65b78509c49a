import { randomUUID } from 'node:crypto';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import type { ApiResponse } from '../../shared/http/api-handler';
import { localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext, type ApiEventOptions } from '../support/events';
import { domainEmf, emfOf, useMetricsEnabled } from '../support/metrics';
import { validAnswers } from '../unit/forms/examples';

type Handler = (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>;

/** Calls the handler and returns its status and the EMF lines (the domain metrics) it wrote to stdout. */
async function withMetrics(act: () => Promise<ApiResponse>) {
  let response: ApiResponse | undefined;
  const metrics = await emfOf(async () => {
    response = await act();
  });
  return { status: response!.statusCode, metrics };
}

describe('domain metrics of the handlers (EMF log lines)', () => {
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  useMetricsEnabled();

  beforeAll(async () => {
    district = await createTestDistrict([{ schoolId: 's-canteen', hasCanteen: true, boarding: false }]);
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
      domainEmf({ SubmissionsRecorded: 1 }, { formType: 'hazard-report' }),
      domainEmf({ HazardsRaised: 1 }, { severity: 'high' }),
    ]);
    expect(replay.status).toBe(200);
    expect(replay.metrics).toEqual([domainEmf({ SubmissionReplays: 1 }, { formType: 'hazard-report' })]);
  });
});
