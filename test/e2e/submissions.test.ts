import { randomUUID } from 'node:crypto';
import { DEMO_SCHOOLS } from '../../infra/local/demo/district';
import { localDate } from '../../shared/time';
import { validAnswers } from '../unit/forms/examples';
import { callApi, type CallOptions } from '../support/api-client';
import { startLocalStack, type LocalStack } from './local-stack';

// A school client's view of the API: the real local stack (`npm start`) on free ports, its demo
// district, plain fetch with bearer tokens. Nothing here reaches past HTTP.

describe('submitting a canteen check through the local stack', () => {
  let stack: LocalStack;
  let canteenSchool: { schoolId: string; token: string };
  let otherSchool: { schoolId: string; token: string };

  beforeAll(async () => {
    stack = await startLocalStack();
    // The demo's data says which schools have a canteen; its credentials give their tokens.
    const withCanteen = new Set(DEMO_SCHOOLS.filter((school) => school.hasCanteen).map((school) => school.schoolId));
    const [first, second] = stack.credentials.tokens.schools.filter((school) => withCanteen.has(school.schoolId));
    if (!first || !second) throw new Error('the demo district needs two schools with a canteen');
    [canteenSchool, otherSchool] = [first, second];
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 30_000);

  const call = (method: string, path: string, options: Omit<CallOptions, 'language' | 'headers'> = {}) =>
    callApi(stack.apiUrl, method, path, options);

  const canteenCheck = (overrides: Record<string, unknown> = {}) => ({
    submissionId: randomUUID(),
    formType: 'canteen-daily',
    date: localDate('Asia/Shanghai'),
    answers: { ...validAnswers['canteen-daily'] },
    ...overrides,
  });

  it('serves the form catalogue to a school (GET /v1/forms → 200)', async () => {
    // Act
    const reply = await call('GET', '/v1/forms', { token: canteenSchool.token });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('canteen-daily');
  });

  it('records a canteen check once: 201, an identical replay 200 with the same JSON, the same id with another body 409', async () => {
    // Prepare
    const submission = canteenCheck();
    // Act
    const first = await call('POST', '/v1/submissions', { token: canteenSchool.token, body: submission });
    const replay = await call('POST', '/v1/submissions', { token: canteenSchool.token, body: submission });
    const conflict = await call('POST', '/v1/submissions', {
      token: canteenSchool.token,
      body: { ...submission, answers: { ...submission.answers, mealsServed: submission.answers.mealsServed + 1 } },
    });
    // Assess
    expect(first.status).toBe(201);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('refuses an invalid submission with 400 and the error shape naming the field', async () => {
    // Prepare
    const { ledgerKept: _missing, ...answers } = validAnswers['canteen-daily'];
    // Act
    const reply = await call('POST', '/v1/submissions', {
      token: canteenSchool.token,
      body: canteenCheck({ answers }),
    });
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: { code: expect.any(String), message: expect.any(String), details: expect.anything() },
    });
    expect(JSON.stringify(reply.body)).toContain('ledgerKept');
  });

  it("refuses a submission without a token with 401 (the gateway's own: no Authorization header, nothing invoked)", async () => {
    // Act
    const reply = await call('POST', '/v1/submissions', { body: canteenCheck() });
    // Assess
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ message: 'Unauthorized' });
  });

  it("answers 404 to a school asking for another school's submission, and 200 to the district official", async () => {
    // Prepare
    const submission = canteenCheck();
    const created = await call('POST', '/v1/submissions', { token: canteenSchool.token, body: submission });
    expect(created.status).toBe(201);
    // Act
    const asOtherSchool = await call('GET', `/v1/submissions/${submission.submissionId}`, { token: otherSchool.token });
    const asOfficial = await call('GET', `/v1/submissions/${submission.submissionId}`, {
      token: stack.credentials.tokens.official,
    });
    // Assess
    expect(asOtherSchool.status).toBe(404);
    expect(asOfficial.status).toBe(200);
    expect(asOfficial.text).toContain(submission.submissionId);
  });

  it('answers as API Gateway does where no handler runs: 404 for an unknown route, 413 over 10 MB', async () => {
    // Act
    const unknown = await call('GET', '/v1/nothing-here', { token: canteenSchool.token });
    const tooLarge = await call('POST', '/v1/submissions', {
      token: canteenSchool.token,
      rawBody: new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20),
    });
    // Assess
    expect(unknown).toMatchObject({ status: 404, body: { message: 'Not Found' } });
    expect(tooLarge.status).toBe(413);
  });
});
