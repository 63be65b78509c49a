import { randomUUID } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { handler as getSubmission } from '../../functions/get-submission/handler';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import { forgetSchoolContexts } from '../../shared/submissions/record-submission';
import type { Principal } from '../../shared/auth/principal';
import { SubmissionEntity } from '../../shared/db/entities';
import { configureDistrict } from '../../shared/directory/districts';
import type { ApiResponse } from '../../shared/http/api-handler';
import { addDays, localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext, type ApiEventOptions } from '../support/events';
import { validAnswers } from '../unit/forms/examples';

type Handler = (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>;

async function call(handler: Handler, fixture: string, options: ApiEventOptions) {
  const response = await handler(apiEvent(fixture, options), lambdaContext(fixture));
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
}

const today = localDate('Asia/Shanghai');

describe('corrections and district rules at submission (against DynamoDB Local)', () => {
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  let school: Principal;
  let neighbour: Principal;
  const post = (principal: Principal, body: unknown) =>
    call(recordSubmission as Handler, 'record-submission', { principal, body });
  const get = (principal: Principal, id: string) =>
    call(getSubmission as Handler, 'get-submission', { principal, pathParameters: { id } });
  const canteen = (overrides: Record<string, unknown> = {}) => ({
    submissionId: randomUUID(),
    formType: 'canteen-daily',
    date: today,
    answers: validAnswers['canteen-daily'],
    ...overrides,
  });

  beforeAll(async () => {
    district = await createTestDistrict([
      { schoolId: 's1', hasCanteen: true, boarding: false },
      { schoolId: 's2', hasCanteen: true, boarding: false },
    ]);
    school = district.schoolPrincipal('s1');
    neighbour = district.schoolPrincipal('s2');
  });

  it('keeps both versions, links them, and shows the history from either side', async () => {
    // Prepare
    const original = canteen();
    await post(school, original);
    // Act
    const correction = canteen({ supersedes: original.submissionId, note: '供餐数填错，更正' });
    const created = await post(school, correction);
    const fromOld = await get(school, original.submissionId);
    const fromNew = await get(district.official, correction.submissionId);
    // Assess
    expect(created.status).toBe(201);
    expect(created.body.submission.supersedes).toBe(original.submissionId);
    expect(fromOld.body.submission.supersededBy).toBe(correction.submissionId);
    expect(fromOld.body.corrections).toEqual([
      expect.objectContaining({ submissionId: original.submissionId, current: false }),
      expect.objectContaining({ submissionId: correction.submissionId, current: true }),
    ]);
    expect(fromNew.body.corrections).toEqual(fromOld.body.corrections);
  });

  it('answers a replayed correction with 200', async () => {
    // Prepare
    const original = canteen();
    await post(school, original);
    const correction = canteen({ supersedes: original.submissionId });
    // Act
    const first = await post(school, correction);
    const replay = await post(school, correction);
    // Assess
    expect([first.status, replay.status]).toEqual([201, 200]);
    expect(replay.body).toEqual(first.body);
  });

  it('refuses a second correction of the same version, and one of another school or form', async () => {
    // Prepare
    const original = canteen();
    await post(school, original);
    await post(school, canteen({ supersedes: original.submissionId }));
    const hazard = {
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: today,
      answers: validAnswers['hazard-report'],
    };
    await post(school, hazard);
    // Act
    const again = await post(school, canteen({ supersedes: original.submissionId }));
    const foreign = await post(neighbour, canteen({ supersedes: original.submissionId }));
    const otherForm = await post(school, canteen({ supersedes: hazard.submissionId }));
    const self = canteen();
    const itself = await post(school, { ...self, supersedes: self.submissionId });
    // Assess
    expect(again.body.error.code).toBe('ALREADY_SUPERSEDED');
    expect(foreign.body.error.code).toBe('SUPERSEDED_NOT_FOUND');
    expect(otherForm.body.error.code).toBe('SUPERSEDED_NOT_FOUND');
    expect(itself.body.error.details[0].field).toBe('supersedes');
  });

  it('lets only one of two concurrent corrections of the same version win', async () => {
    // Prepare
    const original = canteen();
    await post(school, original);
    // Act
    const results = await Promise.all([
      post(school, canteen({ supersedes: original.submissionId })),
      post(school, canteen({ supersedes: original.submissionId })),
    ]);
    // Assess
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const stored = await SubmissionEntity.build(GetItemCommand)
      .key({ districtId: district.districtId, schoolId: 's1', submissionId: original.submissionId })
      .send();
    expect(results.find((r) => r.status === 201)?.body.submission.submissionId).toBe(stored.Item?.supersededBy);
  });

  it("sets due dates by the district's own days to rectify", async () => {
    // Prepare
    await configureDistrict(district.districtId, { hazardDueDays: { critical: 1, high: 2, medium: 5, low: 20 } });
    // A warm function sees the change once its cached school context expires (school-context-cache.test.ts); not waited for here.
    forgetSchoolContexts();
    // Act
    const response = await post(school, {
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: today,
      answers: { ...validAnswers['hazard-report'], severity: 'high' },
    });
    // Assess
    expect(response.body.hazards[0].dueDate).toBe(addDays(today, 2));
  });
});
