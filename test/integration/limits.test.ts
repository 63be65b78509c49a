import { randomUUID } from 'node:crypto';
import { handler as getSubmission } from '../../functions/get-submission/handler';
import { handler as listSubmissions } from '../../functions/list-submissions/handler';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import { handler as rectifyHazard } from '../../functions/rectify-hazard/handler';
import { handler as requestReport } from '../../functions/request-report/handler';
import { handler as requestSubmissionPhoto } from '../../functions/request-submission-photo/handler';
import { handler as verifyHazard } from '../../functions/verify-hazard/handler';
import type { Principal } from '../../shared/auth/principal';
import { DESCRIPTION_MAX, PLACE_MAX, QUANTITY_MIN_NONZERO } from '../../shared/forms/common';
import type { ApiResponse } from '../../shared/http/api-handler';
import {
  MAX_ANSWER_KEY_CHARS,
  MAX_ANSWERS,
  MAX_BODY_BYTES,
  MAX_CURSOR_CHARS,
  MAX_DISTRICT_ID_CHARS,
  MAX_HAZARD_HISTORY,
  MAX_ID_CHARS,
  MAX_NAME_CHARS,
  MAX_NOTE_CHARS,
  MAX_PAGE_SIZE,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS_PER_OWNER,
  MAX_RECTIFICATION_PHOTOS,
} from '../../shared/http/limits';
import { localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext, type ApiEventOptions } from '../support/events';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * Issue 6, point 5: every bound of shared/http/limits.ts, tried at the bound (accepted, or refused
 * for another reason further on) and one past it (refused with a clear 4xx by that bound).
 */

type Handler = (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>;

async function call(handler: unknown, fixture: string, options: ApiEventOptions) {
  const response = await (handler as Handler)(apiEvent(fixture, options), lambdaContext(fixture));
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
}

const today = localDate('Asia/Shanghai');
const hazardAnswers = { ...allValidAnswers['hazard-report'] };
const submission = (overrides: Record<string, unknown> = {}) => ({
  submissionId: randomUUID(),
  formType: 'hazard-report',
  date: today,
  answers: { ...hazardAnswers },
  ...overrides,
});
const fields = (body: { error?: { details?: { field: string }[] } }) => (body.error?.details ?? []).map((d) => d.field);

describe('limits (at the bound and one past it)', () => {
  let school: Principal;
  let official: Principal;
  let districtId: string;
  const post = (body: unknown, extra: ApiEventOptions = {}) =>
    call(recordSubmission, 'record-submission', { principal: school, body, ...extra });

  beforeAll(async () => {
    const district = await createTestDistrict([{ schoolId: 'lim-a', hasCanteen: true, boarding: false }]);
    districtId = district.districtId;
    school = district.schoolPrincipal('lim-a');
    official = district.official;
  });

  describe(`request body: ${MAX_BODY_BYTES} bytes`, () => {
    const padded = (bytes: number) => {
      const text = JSON.stringify(submission());
      return `${text.slice(0, -1)}${' '.repeat(bytes - Buffer.byteLength(text, 'utf8'))}}`;
    };

    it('accepts a body of exactly the bound', async () => {
      // Act
      const response = await post(undefined, { rawBody: padded(MAX_BODY_BYTES) });
      // Assess
      expect(response.status).toBe(201);
    });

    it('refuses one byte more with 413', async () => {
      // Act
      const response = await post(undefined, { rawBody: padded(MAX_BODY_BYTES + 1) });
      // Assess
      expect(response.status).toBe(413);
      expect(response.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: MAX_BODY_BYTES } });
    });
  });

  describe('string fields', () => {
    it.each([
      ['submissionId', MAX_ID_CHARS, (n: number) => ({ submissionId: `s${'x'.repeat(n - 1)}` })],
      ['note', MAX_NOTE_CHARS, (n: number) => ({ note: '注'.repeat(n) })],
      ['answers.place', PLACE_MAX, (n: number) => ({ answers: { ...hazardAnswers, place: '楼'.repeat(n) } })],
      [
        'answers.description',
        DESCRIPTION_MAX,
        (n: number) => ({ answers: { ...hazardAnswers, description: '述'.repeat(n) } }),
      ],
    ])('%s: %i characters are accepted, one more is refused naming the field', async (field, bound, make) => {
      // Act
      const atBound = await post(submission(make(bound)));
      const past = await post(submission(make(bound + 1)));
      // Assess
      expect(atBound.status).toBe(201);
      expect(past.status).toBe(400);
      expect(past.body.error.code).toBe('VALIDATION_FAILED');
      expect(fields(past.body)).toContain(field);
    });

    it(`formType: ${MAX_NAME_CHARS} characters reach the catalogue (unknown), one more is refused by the envelope`, async () => {
      // Act
      const atBound = await post(submission({ formType: 'f'.repeat(MAX_NAME_CHARS) }));
      const past = await post(submission({ formType: 'f'.repeat(MAX_NAME_CHARS + 1) }));
      // Assess
      expect(atBound.body.error.code).toBe('UNKNOWN_FORM_TYPE');
      expect(past.body.error.code).toBe('VALIDATION_FAILED');
      expect(fields(past.body)).toContain('formType');
    });
  });

  describe('answers', () => {
    const withExtraKeys = (count: number, keyLength = 8) => ({
      ...hazardAnswers,
      ...Object.fromEntries(
        Array.from({ length: count - Object.keys(hazardAnswers).length }, (_, i) => [
          `k${String(i).padStart(keyLength - 1, '0')}`,
          1,
        ]),
      ),
    });

    it(`${MAX_ANSWERS} answers reach the form's own check; one more is refused as too many`, async () => {
      // Act
      const atBound = await post(submission({ answers: withExtraKeys(MAX_ANSWERS) }));
      const past = await post(submission({ answers: withExtraKeys(MAX_ANSWERS + 1) }));
      // Assess: at the bound the form names the unknown answers; past it the envelope refuses the whole.
      expect(atBound.status).toBe(400);
      expect(fields(atBound.body)).toContain('answers.k0000000');
      expect(past.status).toBe(400);
      expect(fields(past.body)).toEqual(['answers']);
    });

    it(`an answer key of ${MAX_ANSWER_KEY_CHARS} characters reaches the form; one more is refused by the envelope`, async () => {
      // Act
      const atBound = await post(submission({ answers: { ...hazardAnswers, ['k'.repeat(MAX_ANSWER_KEY_CHARS)]: 1 } }));
      const past = await post(submission({ answers: { ...hazardAnswers, ['k'.repeat(MAX_ANSWER_KEY_CHARS + 1)]: 1 } }));
      // Assess
      expect(fields(atBound.body)).toEqual([`answers.${'k'.repeat(MAX_ANSWER_KEY_CHARS)}`]);
      expect(past.status).toBe(400);
      expect(fields(past.body)[0]).toMatch(/^answers/);
    });

    it(`a measured quantity of ${QUANTITY_MIN_NONZERO} is stored; a smaller non-zero one is refused, never a 500`, async () => {
      // Prepare
      const canteen = (foodWasteKg: number) =>
        submission({ formType: 'canteen-daily', answers: { ...allValidAnswers['canteen-daily'], foodWasteKg } });
      // Act
      const atBound = await post(canteen(QUANTITY_MIN_NONZERO));
      const past = await post(canteen(QUANTITY_MIN_NONZERO * 0.999));
      const underflow = await post(canteen(5e-324));
      // Assess
      expect(atBound.status).toBe(201);
      expect([past.status, underflow.status]).toEqual([400, 400]);
      expect(fields(underflow.body)).toEqual(['answers.foodWasteKg']);
    });
  });

  describe(`photos: ${MAX_PHOTOS_PER_OWNER} per submission, ${MAX_PHOTO_BYTES} bytes each`, () => {
    it('grants the photos up to the bound and refuses the next with 409', async () => {
      // Prepare
      const body = submission();
      expect((await post(body)).status).toBe(201);
      const ask = (bytes: number) =>
        call(requestSubmissionPhoto, 'request-submission-photo', {
          principal: school,
          pathParameters: { id: body.submissionId },
          body: { contentType: 'image/jpeg', bytes },
        });
      // Act
      const tooLarge = await ask(MAX_PHOTO_BYTES + 1);
      const granted = [];
      for (let i = 0; i < MAX_PHOTOS_PER_OWNER; i += 1)
        granted.push((await ask(i === 0 ? MAX_PHOTO_BYTES : 1000)).status);
      const past = await ask(1000);
      // Assess
      expect(tooLarge.status).toBe(400);
      expect(fields(tooLarge.body)).toEqual(['bytes']);
      expect(granted).toEqual(Array(MAX_PHOTOS_PER_OWNER).fill(201));
      expect(past.status).toBe(409);
      expect(past.body.error).toMatchObject({ code: 'PHOTO_LIMIT_REACHED', details: { limit: MAX_PHOTOS_PER_OWNER } });
    });
  });

  describe('hazards', () => {
    async function raiseHazard(): Promise<string> {
      const response = await post(
        submission({ answers: { ...hazardAnswers, description: '述'.repeat(DESCRIPTION_MAX) } }),
      );
      expect(response.status).toBe(201);
      return response.body.hazards[0].hazardId as string;
    }

    it(`a rectification may name ${MAX_RECTIFICATION_PHOTOS} photos; one more is refused`, async () => {
      // Prepare
      const hazardId = await raiseHazard();
      const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
      // Act
      const atBound = await call(rectifyHazard, 'rectify-hazard', {
        principal: school,
        pathParameters: { id: hazardId },
        body: { note: '已整改', photoIds: ids(MAX_RECTIFICATION_PHOTOS) },
      });
      const past = await call(rectifyHazard, 'rectify-hazard', {
        principal: school,
        pathParameters: { id: hazardId },
        body: { note: '已整改', photoIds: ids(MAX_RECTIFICATION_PHOTOS + 1) },
      });
      // Assess: at the bound the photos are checked (and are not this hazard's); past it the request is.
      expect(atBound.body.error.code).toBe('PHOTO_NOT_USABLE');
      expect(past.body.error.code).toBe('VALIDATION_FAILED');
      expect(fields(past.body)).toContain('photoIds');
    });

    it(`a hazard's history holds ${MAX_HAZARD_HISTORY} entries of the longest notes; the next step is refused with 409, never a 500`, async () => {
      // Prepare: raised (1 entry), then rectified and rejected in turn, each with a 2,000-character note.
      const hazardId = await raiseHazard();
      const note = '注'.repeat(MAX_NOTE_CHARS);
      const step = (n: number) =>
        n % 2 === 1
          ? call(rectifyHazard, 'rectify-hazard', {
              principal: school,
              pathParameters: { id: hazardId },
              body: { note },
            })
          : call(verifyHazard, 'verify-hazard', {
              principal: official,
              pathParameters: { id: hazardId },
              body: { accepted: false, note },
            });
      const statuses: number[] = [];
      // Act
      for (let n = 1; n < MAX_HAZARD_HISTORY; n += 1) statuses.push((await step(n)).status ?? 0);
      const past = await step(MAX_HAZARD_HISTORY);
      // Assess
      expect(statuses).toEqual(Array(MAX_HAZARD_HISTORY - 1).fill(200));
      expect(past.status).toBe(409);
      expect(past.body.error).toMatchObject({ code: 'HAZARD_HISTORY_FULL', details: { limit: MAX_HAZARD_HISTORY } });
    }, 60_000);
  });

  describe('query strings and path ids', () => {
    const list = (query: Record<string, string>, principal: Principal = official) =>
      call(listSubmissions, 'list-submissions', { principal, query });

    it(`limit: ${MAX_PAGE_SIZE} is a page, ${MAX_PAGE_SIZE + 1} is refused`, async () => {
      // Act
      const [atBound, past] = [
        await list({ limit: String(MAX_PAGE_SIZE) }),
        await list({ limit: String(MAX_PAGE_SIZE + 1) }),
      ];
      // Assess
      expect(atBound.status).toBe(200);
      expect(past.status).toBe(400);
      expect(fields(past.body)).toEqual(['limit']);
    });

    it(`schoolId: ${MAX_NAME_CHARS} characters are a (empty) list, one more is refused`, async () => {
      // Act
      const atBound = await list({ schoolId: 's'.repeat(MAX_NAME_CHARS) });
      const past = await list({ schoolId: 's'.repeat(MAX_NAME_CHARS + 1) });
      // Assess
      expect(atBound.status).toBe(200);
      expect(past.status).toBe(400);
      expect(fields(past.body)).toEqual(['schoolId']);
    });

    it(`cursor: ${MAX_CURSOR_CHARS} characters are read (and found invalid), one more is refused unread`, async () => {
      // Act
      const atBound = await list({ cursor: 'c'.repeat(MAX_CURSOR_CHARS) });
      const past = await list({ cursor: 'c'.repeat(MAX_CURSOR_CHARS + 1) });
      // Assess
      expect(atBound.body.error.code).toBe('INVALID_CURSOR');
      expect(past.body.error.code).toBe('VALIDATION_FAILED');
    });

    it(`GET /v1/submissions/{id}: an id of ${MAX_ID_CHARS} characters is found, one more is not; ?schoolId= is bounded (was a 500)`, async () => {
      // Prepare
      const longId = `L${'x'.repeat(MAX_ID_CHARS - 1)}`;
      expect((await post(submission({ submissionId: longId }))).status).toBe(201);
      const get = (id: string, query?: Record<string, string>) =>
        call(getSubmission, 'get-submission', {
          principal: official,
          pathParameters: { id },
          ...(query ? { query } : {}),
        });
      // Act
      const found = await get(longId);
      const tooLong = await get(`${longId}x`);
      const schoolAtBound = await get(longId, { schoolId: 's'.repeat(MAX_NAME_CHARS) });
      const schoolPast = await get(longId, { schoolId: 's'.repeat(2_000) });
      // Assess
      expect(found.status).toBe(200);
      expect(tooLong.status).toBe(404);
      expect(schoolAtBound.status).toBe(404);
      expect(schoolPast.status).toBe(400);
      expect(fields(schoolPast.body)).toEqual(['schoolId']);
    });

    it(`POST /v1/reports/{month}: an admin may name a district of ${MAX_DISTRICT_ID_CHARS} characters (unknown here), not one more`, async () => {
      // Prepare
      const admin: Principal = { role: 'admin', tokenId: 'tok_admin_limits' };
      const ask = (id: string) =>
        call(requestReport, 'request-report', {
          principal: admin,
          pathParameters: { month: '2026-01' },
          body: { districtId: id },
        });
      // Act
      const [atBound, past] = [
        await ask('d'.repeat(MAX_DISTRICT_ID_CHARS)),
        await ask('d'.repeat(MAX_DISTRICT_ID_CHARS + 1)),
      ];
      // Assess
      expect(atBound.status).toBe(404);
      expect(past.status).toBe(400);
      expect(fields(past.body)).toEqual(['districtId']);
      expect(districtId).not.toHaveLength(MAX_DISTRICT_ID_CHARS);
    });
  });
});
