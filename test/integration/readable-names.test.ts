import { randomUUID } from 'node:crypto';
import { handler as getSubmission } from '../../functions/get-submission/handler';
import { handler as listHazards } from '../../functions/list-hazards/handler';
import { handler as listSubmissions } from '../../functions/list-submissions/handler';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import { handler as rectifyHazard } from '../../functions/rectify-hazard/handler';
import { handler as verifyHazard } from '../../functions/verify-hazard/handler';
import type { Principal } from '../../shared/auth/principal';

import type { ApiResponse } from '../../shared/http/api-handler';
import { createTestDistrict, requestToken } from '../support/directory-fixtures';
import { apiEvent, lambdaContext, type ApiEventOptions } from '../support/events';
import { todaysHazardReport } from '../support/submissions';

/*
 * Issue 23, point 7: names, not ids, where people read. Lists carry the school's roster name;
 * a hazard's history names who acted by the label of the token they used, never its token id.
 */

type Handler = (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>;

async function call(handler: Handler, fixture: string, options: ApiEventOptions) {
  const response = await handler(apiEvent(fixture, options), lambdaContext(fixture));
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null'), text: response.body ?? '' };
}

describe('names where people read (issue 23, point 7)', () => {
  let school: Principal;
  let official: Principal;
  let hazardId: string;
  let submissionId: string;
  let districtId: string;

  beforeAll(async () => {
    const district = await createTestDistrict([
      { schoolId: 's-one', hasCanteen: true, boarding: false },
      { schoolId: 's-two', hasCanteen: false, boarding: false },
    ]);
    districtId = district.districtId;
    const schoolToken = await requestToken({
      role: 'school',
      districtId: district.districtId,
      schoolId: 's-one',
      label: '总务处 张老师',
    });
    const officialToken = await requestToken({
      role: 'official',
      districtId: district.districtId,
      label: '后勤办 王科长',
    });
    school = { role: 'school', tokenId: schoolToken.tokenId, districtId: district.districtId, schoolId: 's-one' };
    official = { role: 'official', tokenId: officialToken.tokenId, districtId: district.districtId };
    submissionId = randomUUID();
    const body = todaysHazardReport(submissionId);
    const recorded = await call(recordSubmission as Handler, 'record-submission', { principal: school, body });
    expect(recorded.status).toBe(201);
    hazardId = recorded.body.hazards[0].hazardId;
  });

  it('lists submissions with the school’s roster name', async () => {
    // Act
    const response = await call(listSubmissions as Handler, 'list-submissions', { principal: official, query: {} });
    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ schoolId: 's-one', schoolName: '学校 s-one' })]),
    );
    expect(response.body.items.every((item: { schoolName: string | null }) => item.schoolName !== null)).toBe(true);
  });

  it('shows one submission with who sent it by their token’s label and the school’s name, never a token id', async () => {
    // Act
    const response = await call(getSubmission as Handler, 'get-submission', {
      principal: official,
      pathParameters: { id: submissionId },
    });
    // Assess
    expect(response.status).toBe(200);
    expect(response.body.submission).toMatchObject({
      submissionId,
      schoolId: 's-one',
      schoolName: '学校 s-one',
      submittedBy: '总务处 张老师',
    });
    expect(response.text).not.toMatch(/tok_/);
  });

  it('lists hazards with the school’s name and who acted by their token’s label, never a token id', async () => {
    // Prepare
    expect(
      (
        await call(rectifyHazard as Handler, 'rectify-hazard', {
          principal: school,
          pathParameters: { id: hazardId },
          body: { note: '已更换插座面板' },
        })
      ).status,
    ).toBe(200);
    const verified = await call(verifyHazard as Handler, 'verify-hazard', {
      principal: official,
      pathParameters: { id: hazardId },
      body: { accepted: false, note: '未整改到位' },
    });
    // Act
    const forOfficial = await call(listHazards as Handler, 'list-hazards', {
      principal: official,
      query: { schoolId: 's-one' },
    });
    const forSchool = await call(listHazards as Handler, 'list-hazards', {
      principal: school,
      query: {},
      headers: { 'accept-language': 'en' },
    });
    // Assess
    expect(verified.status).toBe(200);
    expect(verified.body.hazard.history.map((entry: { by: string }) => entry.by)).toEqual([
      '总务处 张老师',
      '总务处 张老师',
      '后勤办 王科长',
    ]);
    for (const response of [forOfficial, forSchool]) {
      expect(response.status).toBe(200);
      const [hazard] = response.body.items;
      expect(hazard).toMatchObject({ hazardId, schoolId: 's-one', schoolName: '学校 s-one' });
      expect(hazard.history.map((entry: { action: string; by: string }) => [entry.action, entry.by])).toEqual([
        ['raised', '总务处 张老师'],
        ['rectified', '总务处 张老师'],
        ['rejected', '后勤办 王科长'],
      ]);
      expect(response.text).not.toMatch(/tok_/);
    }
  });

  it('names the holder of a token issued without a label by its school, never by the ids of the default label', async () => {
    // Prepare
    const unlabelled = await requestToken({ role: 'school', districtId, schoolId: 's-two' });
    const principal: Principal = { role: 'school', tokenId: unlabelled.tokenId, districtId, schoolId: 's-two' };
    const body = todaysHazardReport();
    expect((await call(recordSubmission as Handler, 'record-submission', { principal, body })).status).toBe(201);
    // Act
    const response = await call(listHazards as Handler, 'list-hazards', {
      principal: official,
      query: { schoolId: 's-two' },
    });
    // Assess
    expect(response.body.items[0].history[0]).toMatchObject({ action: 'raised', by: '学校 s-two' });
    expect(response.text).not.toMatch(/school:/);
  });

  it('answers a recorded submission without the sender’s token id', async () => {
    // Act
    const body = todaysHazardReport();
    const recorded = await call(recordSubmission as Handler, 'record-submission', { principal: school, body });
    // Assess
    expect(recorded.status).toBe(201);
    expect(recorded.text).not.toContain(school.tokenId);
    expect(recorded.text).not.toMatch(/tok_/);
  });
});
