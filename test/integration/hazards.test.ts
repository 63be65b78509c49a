import { randomUUID } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { $append, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { handler as listHazards } from '../../functions/list-hazards/handler';
import { handler as rectifyHazard } from '../../functions/rectify-hazard/handler';
import { handler as verifyHazard } from '../../functions/verify-hazard/handler';
import type { Principal } from '../../shared/auth/principal';
import { HazardEntity } from '../../shared/db/entities';
import { ACTOR_TEXTS } from '../../shared/directory/names';
import { HouqinTable } from '../../shared/db/table';
import type { Severity } from '../../shared/forms/types';
import { toNewHazards } from '../../shared/hazards/raise-hazards';
import { quarantineKeyFor } from '../../shared/photos/keys';
import { recordQuarantined, recordVerified } from '../../shared/photos/outcomes';
import { getPhoto } from '../../shared/photos/records';
import { requestPhotoUpload } from '../../shared/photos/upload-requests';
import { addDays, localDate } from '../../shared/time';
import {
  canteenSchools,
  createNeighbourDistricts,
  createTestDistrict,
  testSchool,
} from '../support/directory-fixtures';
import { callRoute, type ApiEventOptions } from '../support/events';

type District = Awaited<ReturnType<typeof createTestDistrict>>;
interface HazardItem {
  hazardId: string;
  schoolId: string;
  status: string;
  dueDate: string;
  overdue: boolean;
  daysOverdue: number;
  history: { action: string; status: string; by: string; note: string | null; photoIds: string[] }[];
}

const rectify = (principal: Principal | null, hazardId: string, body: unknown, extra: ApiEventOptions = {}) =>
  callRoute(rectifyHazard, 'rectify-hazard', { principal, pathParameters: { id: hazardId }, body, ...extra });
const verify = (principal: Principal | null, hazardId: string, body: unknown, extra: ApiEventOptions = {}) =>
  callRoute(verifyHazard, 'verify-hazard', { principal, pathParameters: { id: hazardId }, body, ...extra });
const list = (principal: Principal | null, query: Record<string, string> = {}, extra: ApiEventOptions = {}) =>
  callRoute(listHazards, 'list-hazards', { principal, query, ...extra });

const today = localDate('Asia/Shanghai');
/** How a history names an actor whose token is not on record (zh-CN: the requests send no Accept-Language). */
const UNKNOWN_ACTOR = ACTOR_TEXTS.unknown.zh;

/**
 * Stores one open hazard as a hazard-report submission raises it (through `toNewHazards`), found
 * `ageDays` ago with the given severity; `status` and `dueDate` override for list set-ups.
 */
async function raiseHazard(
  district: District,
  schoolId: string,
  options: {
    severity?: Severity;
    ageDays?: number;
    dueDate?: string;
    status?: 'open' | 'rectified' | 'verified';
    raisedAt?: string;
  } = {},
): Promise<string> {
  const date = addDays(today, -(options.ageDays ?? 0));
  const [hazard] = toNewHazards(
    [
      {
        ruleId: 'report',
        severity: options.severity ?? 'high',
        category: 'electrical',
        title: { zh: '插座破损', en: 'Broken socket' },
        place: '教学楼二楼',
      },
    ],
    {
      districtId: district.districtId,
      schoolId,
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date,
      receivedAt: options.raisedAt ?? new Date().toISOString(),
      submittedBy: `tok_${schoolId}`,
    },
  );
  if (!hazard) throw new Error('no hazard raised');
  await HazardEntity.build(PutItemCommand)
    .item({
      ...hazard,
      ...(options.dueDate ? { dueDate: options.dueDate } : {}),
      ...(options.status ? { status: options.status } : {}),
    })
    .send();
  return hazard.hazardId;
}

/** Asks for one rectification photo upload of the hazard (the photo stays pending: never uploaded). */
async function askRectificationPhoto(principal: Principal, hazardId: string, now?: Date): Promise<string> {
  if (principal.role !== 'school') throw new Error('only a school asks for photos');
  const grant = await requestPhotoUpload({
    principal,
    owner: { kind: 'hazard', id: hazardId },
    request: { contentType: 'image/jpeg', bytes: 1024 },
    bucket: 'houqin-photos-test',
    ...(now ? { now } : {}),
  });
  return grant.photo.photoId;
}

async function stored(district: District, hazardId: string) {
  const { Item } = await HazardEntity.build(GetItemCommand)
    .key({ districtId: district.districtId, hazardId })
    .options({ consistent: true })
    .send();
  return Item;
}

/** The ids on the sweep's index of open hazards (gsi3) for a district. */
async function openIndexIds(district: District): Promise<string[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(HazardEntity)
    .query({ index: 'gsi3', partition: 'HAZARDS#OPEN' })
    .options({ maxPages: Infinity })
    .send();
  return Items.filter((item) => item.districtId === district.districtId).map((item) => item.hazardId);
}

/** Marks a hazard overdue the way the daily sweep does: its own conditional update, status untouched. */
async function markOverdue(district: District, hazardId: string) {
  const at = new Date().toISOString();
  await HazardEntity.build(UpdateItemCommand)
    .item({
      districtId: district.districtId,
      hazardId,
      overdueAt: at,
      history: $append([{ action: 'overdue', status: 'open', at, by: 'system' }]),
    })
    .options({ condition: { attr: 'status', eq: 'open' } })
    .send();
}

const ids = (items: HazardItem[]) => items.map((item) => item.hazardId);

describe('hazards (handlers against DynamoDB Local)', () => {
  let district: District;
  let other: District;
  let school: Principal;
  let neighbour: Principal;
  let farSchool: Principal;

  beforeAll(async () => {
    ({
      district,
      other,
      canteen: school,
      boarding: neighbour,
      farSchool,
    } = await createNeighbourDistricts('s-one', 's-two'));
  });

  describe('POST /v1/hazards/{id}/rectification', () => {
    it('returns 200 with the hazard rectified and the step in its history', async () => {
      // Prepare
      const hazardId = await raiseHazard(district, 's-one');
      const photoIds = [await askRectificationPhoto(school, hazardId), await askRectificationPhoto(school, hazardId)];
      // Act
      const response = await rectify(school, hazardId, { note: '已更换插座面板', photoIds });
      // Assess
      expect(response.status).toBe(200);
      expect(response.body.hazard).toMatchObject({ hazardId, status: 'rectified', overdue: false, daysOverdue: 0 });
      expect(response.body.hazard.history).toEqual([
        expect.objectContaining({ action: 'raised', status: 'open' }),
        // The test's token ids are on no token: the history says so rather than show the id.
        {
          action: 'rectified',
          status: 'rectified',
          at: expect.any(String),
          by: UNKNOWN_ACTOR,
          note: '已更换插座面板',
          photoIds,
        },
      ]);
      expect(JSON.stringify(response.body)).not.toMatch(/"(pk|sk|gsi\dpk|gsi\dsk|districtId)"/);
      const item = await stored(district, hazardId);
      expect(item?.status).toBe('rectified');
      expect(item?.history).toHaveLength(2);
    });

    it('moves the hazard out of the open indexes and into the rectified one', async () => {
      // Prepare
      const hazardId = await raiseHazard(district, 's-one');
      expect(await openIndexIds(district)).toContain(hazardId);
      // Act
      await rectify(school, hazardId, { note: '已整改' });
      // Assess
      expect(await openIndexIds(district)).not.toContain(hazardId);
      const rectified = await list(district.official, { status: 'rectified', limit: '500' });
      const open = await list(district.official, { status: 'open', limit: '500' });
      expect(ids(rectified.body.items)).toContain(hazardId);
      expect(ids(open.body.items)).not.toContain(hazardId);
    });

    it('answers 404 to another school of the district, and to a school of another district', async () => {
      // Prepare
      const hazardId = await raiseHazard(district, 's-one');
      // Act
      const sameDistrict = await rectify(neighbour, hazardId, { note: '已整改' });
      const otherDistrict = await rectify(farSchool, hazardId, { note: '已整改' });
      // Assess
      expect([sameDistrict.status, otherDistrict.status]).toEqual([404, 404]);
      expect(sameDistrict.body.error.code).toBe('NOT_FOUND');
      expect((await stored(district, hazardId))?.status).toBe('open');
    });

    it('answers 404 for an unknown or malformed id, 403 to an official and 401 without a principal', async () => {
      // Prepare
      const hazardId = await raiseHazard(district, 's-one');
      // Act
      const unknown = await rectify(school, 'hz_000000000000000000000000', { note: 'x' });
      const malformed = await rectify(school, '../HAZARD', { note: 'x' });
      const official = await rectify(district.official, hazardId, { note: 'x' });
      const anonymous = await rectify(null, hazardId, { note: 'x' });
      // Assess
      expect([unknown.status, malformed.status, official.status, anonymous.status]).toEqual([404, 404, 403, 401]);
      expect((await stored(district, hazardId))?.status).toBe('open');
    });

    it('returns 409 naming the current status when the hazard is rectified already', async () => {
      // Prepare
      const hazardId = await raiseHazard(district, 's-one');
      await rectify(school, hazardId, { note: '第一次' });
      // Act
      const again = await rectify(school, hazardId, { note: '第二次' });
      // Assess
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({
        code: 'HAZARD_TRANSITION_NOT_ALLOWED',
        details: { status: 'rectified' },
      });
      expect((await stored(district, hazardId))?.history).toHaveLength(2);
    });

    it('lets exactly one of concurrent rectifications win; the others get 409', async () => {
      // Prepare
      const hazardId = await raiseHazard(district, 's-one');
      // Act
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) => rectify(school, hazardId, { note: `整改 ${i}` })),
      );
      // Assess
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 409)).toHaveLength(5);
      const item = await stored(district, hazardId);
      expect(item?.history.map((entry) => entry.action)).toEqual(['raised', 'rectified']);
      expect(item?.history[1]?.note).toBe(responses.find((r) => r.status === 200)?.body.hazard.history[1].note);
    });

    it('clears the overdue mark but keeps it in the history', async () => {
      // Prepare
      const hazardId = await raiseHazard(district, 's-one', { ageDays: 10 });
      await markOverdue(district, hazardId);
      // Act
      const response = await rectify(school, hazardId, { note: '迟到的整改' });
      // Assess
      expect(response.status).toBe(200);
      expect(response.body.hazard).toMatchObject({
        status: 'rectified',
        overdue: false,
        daysOverdue: 0,
        overdueAt: null,
      });
      expect(response.body.hazard.history.map((entry: { action: string }) => entry.action)).toEqual([
        'raised',
        'overdue',
        'rectified',
      ]);
      expect((await stored(district, hazardId))?.overdueAt).toBeUndefined();
    });

    it('retries from a fresh read when the sweep marks the hazard between the read and the write', async () => {
      // Prepare: the sweep's update lands just before the rectification's conditional put.
      const hazardId = await raiseHazard(district, 's-one', { ageDays: 10 });
      const originalSend = PutItemCommand.prototype.send;
      const send = jest.spyOn(PutItemCommand.prototype, 'send').mockImplementationOnce(async function (
        this: PutItemCommand,
        ...args
      ) {
        await markOverdue(district, hazardId);
        return originalSend.apply(this, args);
      });
      // Act
      let response: Awaited<ReturnType<typeof rectify>>;
      let puts: number;
      try {
        response = await rectify(school, hazardId, { note: '整改' });
        puts = send.mock.calls.length;
      } finally {
        send.mockRestore();
      }
      // Assess: the first put lost to the sweep, the retry won, and the sweep's step is kept.
      expect(response.status).toBe(200);
      expect(puts).toBe(2);
      const item = await stored(district, hazardId);
      expect(item?.status).toBe('rectified');
      expect(item?.history.map((entry) => entry.action)).toEqual(['raised', 'overdue', 'rectified']);
      expect(item?.overdueAt).toBeUndefined();
    });

    it('refuses invalid bodies naming each field, in Chinese by default and in English on request', async () => {
      // Prepare
      const hazardId = await raiseHazard(district, 's-one');
      const body = { note: '', photoIds: ['ok_1', 'bad id'], extra: true };
      // Act
      const zh = await rectify(school, hazardId, body);
      const en = await rectify(school, hazardId, body, { headers: { 'accept-language': 'en' } });
      const tooMany = await rectify(school, hazardId, {
        note: 'x',
        photoIds: Array.from({ length: 13 }, (_, i) => `ph_${i}`),
      });
      const empty = await rectify(school, hazardId, undefined, { rawBody: '' });
      // Assess
      expect(zh.status).toBe(400);
      expect(zh.body.error.code).toBe('VALIDATION_FAILED');
      expect(zh.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'extra',
        'note',
        'photoIds.1',
      ]);
      expect(zh.body.error.details.find((d: { field: string }) => d.field === 'note')).toMatchObject({
        label: '说明',
        reason: expect.stringMatching(/[\u4e00-\u9fff]/),
      });
      expect(en.body.error.message).toBe('The request is invalid; fix the listed fields and retry.');
      expect(en.body.error.details.find((d: { field: string }) => d.field === 'photoIds.1')).toMatchObject({
        label: 'Rectification photo',
      });
      expect(tooMany.body.error.details[0].field).toBe('photoIds');
      expect(empty.status).toBe(400);
      expect(empty.body.error.details[0].field).toBe('(body)');
      expect((await stored(district, hazardId))?.status).toBe('open');
    });
  });

  describe('POST /v1/hazards/{id}/verification', () => {
    async function rectifiedHazard(options: Parameters<typeof raiseHazard>[2] = {}) {
      const hazardId = await raiseHazard(district, 's-one', options);
      const response = await rectify(school, hazardId, { note: '已整改' });
      expect(response.status).toBe(200);
      return hazardId;
    }

    it('verifies a rectified hazard when the official accepts it', async () => {
      // Prepare
      const hazardId = await rectifiedHazard();
      // Act
      const response = await verify(district.official, hazardId, { accepted: true, note: '现场复核合格' });
      // Assess
      expect(response.status).toBe(200);
      expect(response.body.hazard.status).toBe('verified');
      expect(response.body.hazard.history.at(-1)).toEqual({
        action: 'verified',
        status: 'verified',
        at: expect.any(String),
        by: UNKNOWN_ACTOR,
        note: '现场复核合格',
        photoIds: [],
      });
      expect((await stored(district, hazardId))?.status).toBe('verified');
    });

    it('reopens a rejected hazard with the reason, keeping its due date', async () => {
      // Prepare
      const hazardId = await rectifiedHazard();
      const dueDate = (await stored(district, hazardId))?.dueDate;
      // Act
      const response = await verify(district.official, hazardId, { accepted: false, note: '照片未显示电线穿管' });
      // Assess
      expect(response.status).toBe(200);
      expect(response.body.hazard).toMatchObject({ status: 'open', dueDate });
      expect(response.body.hazard.history.map((entry: { action: string }) => entry.action)).toEqual([
        'raised',
        'rectified',
        'rejected',
      ]);
      expect(response.body.hazard.history.at(-1)).toMatchObject({ status: 'open', note: '照片未显示电线穿管' });
      expect(await openIndexIds(district)).toContain(hazardId);
    });

    it('reopens a hazard already past its due date as overdue at once', async () => {
      // Prepare: high severity, found 5 days ago, so due 2 days ago.
      const hazardId = await rectifiedHazard({ ageDays: 5 });
      // Act
      const response = await verify(district.official, hazardId, { accepted: false, note: '未整改到位' });
      // Assess
      expect(response.body.hazard).toMatchObject({
        status: 'open',
        dueDate: addDays(today, -2),
        overdue: true,
        daysOverdue: 2,
      });
    });

    it('lets the school rectify a reopened hazard again', async () => {
      // Prepare
      const hazardId = await rectifiedHazard();
      await verify(district.official, hazardId, { accepted: false, note: '重做' });
      // Act
      const response = await rectify(school, hazardId, { note: '已重新整改' });
      // Assess
      expect(response.status).toBe(200);
      expect(response.body.hazard.history.map((entry: { action: string }) => entry.action)).toEqual([
        'raised',
        'rectified',
        'rejected',
        'rectified',
      ]);
    });

    it('requires a note when rejecting, and says so in both languages', async () => {
      // Prepare
      const hazardId = await rectifiedHazard();
      // Act
      const zh = await verify(district.official, hazardId, { accepted: false });
      const en = await verify(
        district.official,
        hazardId,
        { accepted: false },
        { headers: { 'accept-language': 'en-US' } },
      );
      const noDecision = await verify(district.official, hazardId, { note: '好' });
      // Assess
      expect(zh.status).toBe(400);
      expect(zh.body.error.details).toEqual([{ field: 'note', label: '说明', reason: '不通过验收时必须说明原因' }]);
      expect(en.body.error.details).toEqual([
        { field: 'note', label: 'Note', reason: 'Say why when rejecting a rectification' },
      ]);
      expect(noDecision.body.error.details[0]).toMatchObject({ field: 'accepted', label: '是否通过验收' });
      expect((await stored(district, hazardId))?.status).toBe('rectified');
    });

    it("answers 404 to another district's official and 403 to a school (even the owner)", async () => {
      // Prepare
      const hazardId = await rectifiedHazard();
      // Act
      const otherOfficial = await verify(other.official, hazardId, { accepted: true });
      const owner = await verify(school, hazardId, { accepted: true });
      const anonymous = await verify(null, hazardId, { accepted: true });
      // Assess
      expect([otherOfficial.status, owner.status, anonymous.status]).toEqual([404, 403, 401]);
      expect((await stored(district, hazardId))?.status).toBe('rectified');
    });

    it('returns 409 for an open hazard and for a verified one', async () => {
      // Prepare
      const openId = await raiseHazard(district, 's-one');
      const verifiedId = await rectifiedHazard();
      await verify(district.official, verifiedId, { accepted: true });
      // Act
      const open = await verify(district.official, openId, { accepted: true });
      const verifiedAgain = await verify(district.official, verifiedId, { accepted: false, note: '再看看' });
      const rectifyVerified = await rectify(school, verifiedId, { note: '再次整改' });
      // Assess
      expect(open.status).toBe(409);
      expect(open.body.error).toMatchObject({ code: 'HAZARD_TRANSITION_NOT_ALLOWED', details: { status: 'open' } });
      expect(verifiedAgain.body.error.details).toEqual({ status: 'verified' });
      expect(rectifyVerified.body.error.details).toEqual({ status: 'verified' });
    });

    it('lets exactly one of an acceptance and a rejection racing each other win', async () => {
      // Prepare
      const hazardId = await rectifiedHazard();
      // Act
      const responses = await Promise.all([
        verify(district.official, hazardId, { accepted: true }),
        verify(district.official, hazardId, { accepted: false, note: '不合格' }),
      ]);
      // Assess
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await stored(district, hazardId))?.history).toHaveLength(3);
    });
  });

  describe('GET /v1/hazards', () => {
    let listed: District;
    let a: Principal;
    let b: Principal;
    const hazard: Record<string, string> = {};
    /** The district's hazards as an official's list orders them: open by due date, then rectified, then verified. */
    const officialOrder = () => [
      hazard.aLate,
      hazard.bLate,
      hazard.aDueToday,
      hazard.bSoon,
      hazard.aRectified,
      hazard.aVerified,
    ];

    beforeAll(async () => {
      listed = await createTestDistrict([testSchool('s-a', 'canteen'), testSchool('s-b', 'day')]);
      a = listed.schoolPrincipal('s-a');
      b = listed.schoolPrincipal('s-b');
      const t = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes)).toISOString();
      // Raised in this order (raisedAt), with these due dates and statuses.
      hazard.aLate = await raiseHazard(listed, 's-a', { dueDate: addDays(today, -3), raisedAt: t(1) });
      hazard.aDueToday = await raiseHazard(listed, 's-a', { dueDate: today, raisedAt: t(2) });
      hazard.aRectified = await raiseHazard(listed, 's-a', {
        dueDate: addDays(today, -10),
        status: 'rectified',
        raisedAt: t(3),
      });
      hazard.aVerified = await raiseHazard(listed, 's-a', {
        dueDate: addDays(today, -20),
        status: 'verified',
        raisedAt: t(4),
      });
      hazard.bSoon = await raiseHazard(listed, 's-b', { dueDate: addDays(today, 2), raisedAt: t(5) });
      hazard.bLate = await raiseHazard(listed, 's-b', { dueDate: addDays(today, -1), raisedAt: t(6) });
      await raiseHazard(other, 's-one', { dueDate: addDays(today, -5) });
    });

    it('lists a school its own hazards only, newest raised first, with history and overdue flags', async () => {
      // Act
      const response = await list(a);
      // Assess
      expect(response.status).toBe(200);
      expect(ids(response.body.items)).toEqual([hazard.aVerified, hazard.aRectified, hazard.aDueToday, hazard.aLate]);
      expect(response.body.nextCursor).toBeNull();
      const late = response.body.items.find((item: HazardItem) => item.hazardId === hazard.aLate);
      expect(late).toMatchObject({ status: 'open', overdue: true, daysOverdue: 3 });
      expect(late.history[0]).toEqual({
        action: 'raised',
        status: 'open',
        at: expect.any(String),
        by: UNKNOWN_ACTOR,
        note: null,
        photoIds: [],
      });
      const dueToday = response.body.items.find((item: HazardItem) => item.hazardId === hazard.aDueToday);
      expect(dueToday).toMatchObject({ overdue: false, daysOverdue: 0 });
      const rectified = response.body.items.find((item: HazardItem) => item.hazardId === hazard.aRectified);
      expect(rectified).toMatchObject({ overdue: false, daysOverdue: 0 });
      expect(JSON.stringify(response.body)).not.toMatch(/"(pk|sk|gsi\dpk|gsi\dsk|districtId)"/);
    });

    it('filters a school list by status and by overdue', async () => {
      // Act
      const open = await list(a, { status: 'open' });
      const overdue = await list(a, { overdue: 'true' });
      const notOverdue = await list(a, { overdue: 'false' });
      const own = await list(a, { schoolId: 's-a', status: 'verified' });
      // Assess
      expect(ids(open.body.items)).toEqual([hazard.aDueToday, hazard.aLate]);
      expect(ids(overdue.body.items)).toEqual([hazard.aLate]);
      expect(ids(notOverdue.body.items)).toEqual([hazard.aVerified, hazard.aRectified, hazard.aDueToday]);
      expect(ids(own.body.items)).toEqual([hazard.aVerified]);
    });

    it('answers 404 to a school naming another school', async () => {
      // Act
      const response = await list(a, { schoolId: 's-b' });
      // Assess
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    });

    it('lists an official their district: open, rectified, verified, each by due date', async () => {
      // Act
      const response = await list(listed.official);
      // Assess
      expect(ids(response.body.items)).toEqual(officialOrder());
      expect(response.body.nextCursor).toBeNull();
    });

    it("narrows an official's list by status, school and overdue", async () => {
      // Act
      const rectified = await list(listed.official, { status: 'rectified' });
      const schoolB = await list(listed.official, { schoolId: 's-b' });
      const overdue = await list(listed.official, { overdue: 'true' });
      const overdueOfB = await list(listed.official, { overdue: 'true', schoolId: 's-b' });
      const notOverdueOpen = await list(listed.official, { overdue: 'false', status: 'open' });
      const overdueVerified = await list(listed.official, { overdue: 'true', status: 'verified' });
      const unknownSchool = await list(listed.official, { schoolId: 's-none' });
      // Assess
      expect(ids(rectified.body.items)).toEqual([hazard.aRectified]);
      expect(ids(schoolB.body.items)).toEqual([hazard.bLate, hazard.bSoon]);
      expect(ids(overdue.body.items)).toEqual([hazard.aLate, hazard.bLate]);
      expect(overdue.body.items.map((item: HazardItem) => item.daysOverdue)).toEqual([3, 1]);
      expect(ids(overdueOfB.body.items)).toEqual([hazard.bLate]);
      expect(ids(notOverdueOpen.body.items)).toEqual([hazard.aDueToday, hazard.bSoon]);
      expect(overdueVerified.body.items).toEqual([]);
      expect(unknownSchool.body.items).toEqual([]);
    });

    it("pages an official's list across statuses without losing or repeating a hazard", async () => {
      for (const limit of ['1', '2', '4']) {
        // Act
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await list(listed.official, { limit, ...(cursor ? { cursor } : {}) });
          expect(page.status).toBe(200);
          expect(page.body.items.length).toBeLessThanOrEqual(Number(limit));
          seen.push(...ids(page.body.items));
          cursor = page.body.nextCursor ?? undefined;
          pages += 1;
        } while (cursor && pages < 20);
        // Assess
        expect(seen).toEqual(officialOrder());
      }
    });

    it("pages a school's list and refuses a cursor into another partition", async () => {
      // Act
      const first = await list(a, { limit: '3' });
      const second = await list(a, { limit: '3', cursor: first.body.nextCursor });
      const foreignSchool = await list(b, { limit: '3', cursor: first.body.nextCursor });
      const officialPage = await list(listed.official, { limit: '1' });
      const foreignDistrict = await list(other.official, { cursor: officialPage.body.nextCursor });
      // Assess
      expect(ids(first.body.items)).toEqual([hazard.aVerified, hazard.aRectified, hazard.aDueToday]);
      expect(ids(second.body.items)).toEqual([hazard.aLate]);
      expect(foreignSchool.status).toBe(400);
      expect(foreignSchool.body.error.code).toBe('INVALID_CURSOR');
      expect(foreignDistrict.body.error.code).toBe('INVALID_CURSOR');
    });

    it('refuses an unknown status or parameter naming it, in English on request', async () => {
      // Act
      const response = await list(
        listed.official,
        { status: 'closed', sort: 'asc' },
        { headers: { 'accept-language': 'en' } },
      );
      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe('The request is invalid; fix the listed fields and retry.');
      expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['sort', 'status']);
    });

    it('answers 401 without a principal and 403 to an admin', async () => {
      // Act
      const anonymous = await list(null);
      const admin = await list({ role: 'admin', tokenId: 'tok_admin' });
      // Assess
      expect([anonymous.status, admin.status]).toEqual([401, 403]);
    });
  });
});

describe('rectification photos (handlers against DynamoDB Local)', () => {
  let district: District;
  let school: Principal;

  beforeAll(async () => {
    district = await createTestDistrict(canteenSchools('s-one', 's-two'));
    school = district.schoolPrincipal('s-one');
  });

  /** The keys of a stored photo that an outcome names. */
  async function storedPhoto(photoId: string) {
    const photo = await getPhoto(district.districtId, photoId);
    if (!photo) throw new Error(`no photo ${photoId}`);
    return { districtId: district.districtId, photoId, objectKey: photo.objectKey };
  }

  async function verifyPhoto(photoId: string) {
    await recordVerified({
      ...(await storedPhoto(photoId)),
      size: 1024,
      sha256: randomUUID().replace(/-/g, ''),
      detectedType: 'image/jpeg',
      verifiedAt: new Date(),
    });
  }

  async function quarantinePhoto(photoId: string) {
    const photo = await storedPhoto(photoId);
    await recordQuarantined({
      ...photo,
      reason: 'TYPE_MISMATCH',
      quarantineKey: quarantineKeyFor(photo.objectKey),
      quarantinedAt: new Date(),
    });
  }

  it('shows the rectification photos with their status in the hazard, in the answer and in the list', async () => {
    // Prepare
    const hazardId = await raiseHazard(district, 's-one');
    const verified = await askRectificationPhoto(school, hazardId);
    const pending = await askRectificationPhoto(school, hazardId);
    await verifyPhoto(verified);
    // Act
    const response = await rectify(school, hazardId, { note: '已整改', photoIds: [verified, pending] });
    const listed = await list(district.official, { status: 'rectified' });
    // Assess
    expect(response.status).toBe(200);
    expect(response.body.hazard.photos).toEqual([
      expect.objectContaining({ photoId: verified, status: 'verified', url: `/v1/photos/${verified}` }),
      expect.objectContaining({ photoId: pending, status: 'pending', url: null }),
    ]);
    const inList = (listed.body.items as { hazardId: string; photos: { photoId: string; status: string }[] }[]).find(
      (h) => h.hazardId === hazardId,
    );
    expect(inList?.photos.map((p) => [p.photoId, p.status])).toEqual([
      [verified, 'verified'],
      [pending, 'pending'],
    ]);
  });

  it('refuses with 422 a photo of another hazard, of a submission or unknown, naming each field in English on request', async () => {
    // Prepare
    const hazardId = await raiseHazard(district, 's-one');
    const otherHazard = await raiseHazard(district, 's-one');
    const ofOtherHazard = await askRectificationPhoto(school, otherHazard);
    const own = await askRectificationPhoto(school, hazardId);
    // Act
    const response = await rectify(
      school,
      hazardId,
      { note: '已整改', photoIds: [own, ofOtherHazard, randomUUID()] },
      { headers: { 'accept-language': 'en' } },
    );
    // Assess
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('PHOTO_NOT_USABLE');
    expect(response.body.error.details).toEqual([
      { field: 'photoIds.1', label: 'Rectification photo', reason: 'Not a photo asked for this hazard' },
      { field: 'photoIds.2', label: 'Rectification photo', reason: 'Not a photo asked for this hazard' },
    ]);
    expect((await stored(district, hazardId))?.status).toBe('open');
  });

  it('refuses a quarantined photo and one that never arrived, in Chinese by default', async () => {
    // Prepare
    const hazardId = await raiseHazard(district, 's-one');
    const refused = await askRectificationPhoto(school, hazardId);
    await quarantinePhoto(refused);
    const neverUploaded = await askRectificationPhoto(school, hazardId, new Date(Date.now() - 60 * 60 * 1000));
    // Act
    const response = await rectify(school, hazardId, { note: '已整改', photoIds: [refused, neverUploaded] });
    // Assess
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([
      { field: 'photoIds.0', label: '整改照片', reason: '照片未通过核验，已被隔离：文件的实际类型与声明的类型不符' },
      { field: 'photoIds.1', label: '整改照片', reason: '照片未在上传截止时间前收到' },
    ]);
  });

  it("answers 404, not 422, for another school's hazard whatever the photos", async () => {
    // Prepare
    const hazardId = await raiseHazard(district, 's-two');
    // Act
    const response = await rectify(school, hazardId, { note: '已整改', photoIds: [randomUUID()] });
    // Assess
    expect(response.status).toBe(404);
  });

  it('answers 409, not 422, for a hazard no longer open', async () => {
    // Prepare
    const hazardId = await raiseHazard(district, 's-one', { status: 'rectified' });
    // Act
    const response = await rectify(school, hazardId, { note: '已整改', photoIds: [randomUUID()] });
    // Assess
    expect(response.status).toBe(409);
  });
});
