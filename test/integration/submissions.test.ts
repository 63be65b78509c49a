import { randomUUID } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { handler as getSubmission } from '../../functions/get-submission/handler';
import { handler as listSubmissions } from '../../functions/list-submissions/handler';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import type { Principal } from '../../shared/auth/principal';
import { HazardEntity, SubmissionEntity } from '../../shared/db/entities';
import { HouqinTable } from '../../shared/db/table';
import { addDays, localDate } from '../../shared/time';
import { createNeighbourDistricts, type createTestDistrict } from '../support/directory-fixtures';
import { callRoute, type ApiEventOptions } from '../support/events';
import { validAnswers } from '../unit/forms/examples';

const post = (principal: Principal | null, body: unknown, extra: ApiEventOptions = {}) =>
  callRoute(recordSubmission, 'record-submission', { principal, body, ...extra });

const today = localDate('Asia/Shanghai');

/** A valid body of `formType` for today (its example answers), with `overrides`. */
function submissionOf(formType: keyof typeof validAnswers, overrides: Record<string, unknown> = {}) {
  return { submissionId: randomUUID(), formType, date: today, answers: validAnswers[formType], ...overrides };
}

/** A hazard report of a high electrical hazard, with `overrides`. */
const hazardReport = (overrides: Record<string, unknown> = {}) =>
  submissionOf('hazard-report', {
    answers: { ...validAnswers['hazard-report'], severity: 'high', category: 'electrical' },
    ...overrides,
  });

describe('submissions (handlers against DynamoDB Local)', () => {
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  let other: Awaited<ReturnType<typeof createTestDistrict>>;
  let canteenSchool: Principal;
  let boardingSchool: Principal;
  let neighbourSchool: Principal;

  beforeAll(async () => {
    ({
      district,
      other,
      canteen: canteenSchool,
      boarding: boardingSchool,
      farSchool: neighbourSchool,
    } = await createNeighbourDistricts('s-canteen', 's-boarding'));
  });

  describe('POST /v1/submissions', () => {
    it('returns 201 with the raised hazard and stores both in one go', async () => {
      // Prepare
      const body = hazardReport();
      // Act
      const response = await post(canteenSchool, body);
      // Assess
      expect(response.status).toBe(201);
      expect(response.body.submission).toMatchObject({
        submissionId: body.submissionId,
        schoolId: 's-canteen',
        formType: 'hazard-report',
        date: today,
      });
      expect(response.body.hazards).toHaveLength(1);
      const [hazard] = response.body.hazards;
      expect(hazard).toMatchObject({
        severity: 'high',
        category: 'electrical',
        status: 'open',
        foundOn: today,
        dueDate: addDays(today, 3),
      });
      const stored = await HazardEntity.build(GetItemCommand)
        .key({ districtId: district.districtId, hazardId: hazard.hazardId })
        .send();
      expect(stored.Item?.submissionId).toBe(body.submissionId);
      expect(JSON.stringify(response.body)).not.toMatch(/"(pk|sk|gsi\dpk|bodyHash|responseBody)"/);
    });

    it('answers an identical replay with 200 and the first response, storing nothing twice', async () => {
      // Prepare
      const body = hazardReport();
      const first = await post(canteenSchool, body);
      // Act
      const replay = await post(canteenSchool, JSON.parse(JSON.stringify(body)));
      // Assess
      expect(first.status).toBe(201);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      const { Items = [] } = await HouqinTable.build(QueryCommand)
        .entities(HazardEntity)
        .query({ index: 'gsi1', partition: `SCHOOL#${district.districtId}#s-canteen#HAZARDS` })
        .send();
      expect(Items.filter((h) => h.submissionId === body.submissionId)).toHaveLength(1);
    });

    it('returns 409 when the same id arrives with another body, and keeps the first', async () => {
      // Prepare
      const body = hazardReport();
      await post(canteenSchool, body);
      // Act
      const response = await post(canteenSchool, { ...body, note: '不同的内容' });
      // Assess
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('SUBMISSION_CONFLICT');
      const stored = await SubmissionEntity.build(GetItemCommand)
        .key({ districtId: district.districtId, schoolId: 's-canteen', submissionId: body.submissionId })
        .send();
      expect(stored.Item?.note).toBeUndefined();
    });

    it('lets two schools use the same client id independently', async () => {
      // Prepare
      const body = hazardReport();
      // Act
      const mine = await post(canteenSchool, body);
      const theirs = await post(boardingSchool, body);
      // Assess
      expect([mine.status, theirs.status]).toEqual([201, 201]);
    });

    it('stores exactly one of 16 concurrent identical submissions', async () => {
      // Prepare
      const body = hazardReport();
      // Act
      const responses = await Promise.all(Array.from({ length: 16 }, () => post(canteenSchool, body)));
      // Assess
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(15);
      for (const r of responses) expect(r.body).toEqual(responses[0]?.body);
    });

    it('refuses invalid answers naming each field, in Chinese by default', async () => {
      // Prepare
      const body = hazardReport({
        answers: { ...validAnswers['hazard-report'], severity: 'apocalyptic', category: 42 },
      });
      // Act
      const response = await post(canteenSchool, body);
      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      const fields = response.body.error.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['answers.severity', 'answers.category']));
      const stored = await SubmissionEntity.build(GetItemCommand)
        .key({ districtId: district.districtId, schoolId: 's-canteen', submissionId: body.submissionId })
        .send();
      expect(stored.Item).toBeUndefined();
    });

    it('speaks English when the caller asks for it', async () => {
      // Prepare
      const body = hazardReport({ date: 'yesterday' });
      // Act
      const response = await post(canteenSchool, body, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe('The request is invalid; fix the listed fields and retry.');
      expect(response.body.error.details[0]).toMatchObject({ field: 'date' });
      expect(response.headers['content-language']).toBe('en');
    });

    it('refuses a canteen check from a school without a canteen', async () => {
      // Prepare
      const body = submissionOf('canteen-daily');
      // Act
      const refused = await post(boardingSchool, body);
      const accepted = await post(canteenSchool, body);
      // Assess
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('FORM_NOT_APPLICABLE');
      expect(accepted.status).toBe(201);
    });

    it('refuses a date in the future or more than a year back', async () => {
      // Act
      const future = await post(canteenSchool, hazardReport({ date: addDays(today, 1) }));
      const old = await post(canteenSchool, hazardReport({ date: addDays(today, -400) }));
      const yearAgo = await post(canteenSchool, hazardReport({ date: addDays(today, -360) }));
      // Assess
      expect(future.body.error.code).toBe('DATE_IN_FUTURE');
      expect(old.body.error.code).toBe('DATE_TOO_OLD');
      expect(yearAgo.status).toBe(201);
    });

    it('refuses unknown form types and versions', async () => {
      // Act
      const unknownType = await post(canteenSchool, hazardReport({ formType: 'no-such-form' }));
      const unknownVersion = await post(canteenSchool, hazardReport({ formVersion: 99 }));
      // Assess
      expect(unknownType.body.error.code).toBe('UNKNOWN_FORM_TYPE');
      expect(unknownVersion.body.error.code).toBe('UNKNOWN_FORM_VERSION');
    });

    it('bounds the body: size, content type and JSON syntax', async () => {
      // Act
      const tooLarge = await post(canteenSchool, hazardReport({ note: 'x'.repeat(70 * 1024) }));
      const wrongType = await post(canteenSchool, hazardReport(), { headers: { 'content-type': 'text/plain' } });
      const broken = await post(canteenSchool, undefined, { rawBody: '{"submissionId":' });
      const longNote = await post(canteenSchool, hazardReport({ note: '字'.repeat(2001) }));
      // Assess
      expect(tooLarge.status).toBe(413);
      expect(wrongType.status).toBe(415);
      expect(broken.body.error.code).toBe('INVALID_JSON');
      expect(longNote.body.error.details[0].field).toBe('note');
    });

    it('answers 401 without a principal and 403 naming the school role to an official', async () => {
      // Act
      const anonymous = await post(null, hazardReport());
      const official = await post(district.official, hazardReport());
      // Assess
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(official.status).toBe(403);
      expect(official.body.error).toMatchObject({
        code: 'ROLE_NOT_ALLOWED',
        details: { requiredRoles: ['school'], role: 'official' },
      });
    });
  });

  describe('GET /v1/submissions and /v1/submissions/{id}', () => {
    const month = today.slice(0, 7);
    let mineId: string;

    beforeAll(async () => {
      const mine = hazardReport();
      mineId = mine.submissionId;
      await post(canteenSchool, mine);
      await post(canteenSchool, hazardReport());
      await post(boardingSchool, hazardReport());
      await post(neighbourSchool, hazardReport());
    });

    const list = (principal: Principal, query: Record<string, string>) =>
      callRoute(listSubmissions, 'list-submissions', { principal, query });
    const get = (principal: Principal, id: string, query?: Record<string, string>) =>
      callRoute(getSubmission, 'get-submission', {
        principal,
        pathParameters: { id },
        ...(query ? { query } : {}),
      });

    it('lists a school its own submissions only', async () => {
      // Act
      const response = await list(canteenSchool, { month });
      // Assess
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeGreaterThanOrEqual(2);
      expect(new Set(response.body.items.map((i: { schoolId: string }) => i.schoolId))).toEqual(new Set(['s-canteen']));
      expect(response.body.items[0]).not.toHaveProperty('answers');
    });

    it('lists an official their whole district, narrowed by school and form type on request', async () => {
      // Act
      const all = await list(district.official, { month });
      const one = await list(district.official, { month, schoolId: 's-boarding' });
      const canteen = await list(district.official, { month, formType: 'canteen-daily' });
      // Assess
      expect(new Set(all.body.items.map((i: { schoolId: string }) => i.schoolId))).toEqual(
        new Set(['s-canteen', 's-boarding']),
      );
      expect(one.body.items.every((i: { schoolId: string }) => i.schoolId === 's-boarding')).toBe(true);
      expect(canteen.body.items.every((i: { formType: string }) => i.formType === 'canteen-daily')).toBe(true);
    });

    it('pages with a cursor and refuses a cursor into another partition', async () => {
      // Act
      const first = await list(canteenSchool, { month, limit: '1' });
      const second = await list(canteenSchool, { month, limit: '1', cursor: first.body.nextCursor });
      const foreign = await list(boardingSchool, { month, limit: '1', cursor: first.body.nextCursor });
      // Assess
      expect(first.body.items).toHaveLength(1);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].submissionId).not.toBe(first.body.items[0].submissionId);
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.code).toBe('INVALID_CURSOR');
    });

    it('answers 404 to a school asking for another school', async () => {
      // Act
      const response = await list(canteenSchool, { month, schoolId: 's-boarding' });
      // Assess
      expect(response.status).toBe(404);
    });

    it('shows one submission with its hazards to its school and its district only', async () => {
      // Act
      const owner = await get(canteenSchool, mineId);
      const sameDistrictSchool = await get(boardingSchool, mineId);
      const official = await get(district.official, mineId);
      const otherOfficial = await get(other.official, mineId);
      const otherSchool = await get(neighbourSchool, mineId);
      const unknown = await get(canteenSchool, randomUUID());
      // Assess
      expect(owner.status).toBe(200);
      expect(owner.body.submission.answers).toEqual(expect.objectContaining({ severity: 'high' }));
      expect(owner.body.hazards).toHaveLength(1);
      expect(official.status).toBe(200);
      expect(official.body).toEqual(owner.body);
      expect([sameDistrictSchool.status, otherOfficial.status, otherSchool.status, unknown.status]).toEqual([
        404, 404, 404, 404,
      ]);
      expect(otherOfficial.body.error.code).toBe('NOT_FOUND');
    });
  });
});
