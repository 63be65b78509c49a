import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { countDynamoDbUsage } from '../../bench/support/dynamodb-usage';
import type { Principal } from '../../shared/auth/principal';
import { getDocumentClient } from '../../shared/clients';
import { SubmissionEntity } from '../../shared/db/entities';
import { getHazard } from '../../shared/hazards/get-hazard';
import { handler as listRoute } from '../../functions/list-hazards/handler';
import { listHazards, type HazardListQuery } from '../../shared/hazards/query-hazards';
import { recordQuarantined, recordVerified } from '../../shared/photos/outcomes';
import { writeSubmission, type SubmissionToStore } from '../../shared/submissions/store';
import { listSubmissions } from '../../shared/submissions/query-submissions';
import { addDays, localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { storeHazard, type HazardState } from '../support/hazards';
import { apiEvent, lambdaContext } from '../support/events';
import { submissionToStore } from '../support/submissions';
import { requestSubmissionPhoto } from '../support/photos';

/*
 * The officials' console filters lists by keys, not by filtering pages (issue 18): each filter it
 * offers returns a full first page in ONE DynamoDB request, however many other items come
 * before the matches in the unfiltered order. Counted with the bench's request counter.
 */

const usage = countDynamoDbUsage(getDocumentClient());
const MONTH = '2026-10';
const today = localDate('Asia/Shanghai');

function energyOrCanteen(
  districtId: string,
  schoolId: string,
  formType: 'energy-meter' | 'canteen-daily',
  day: number,
): SubmissionToStore {
  const date = `${MONTH}-${String(day).padStart(2, '0')}`;
  return submissionToStore(districtId, schoolId, formType, date, {
    answers: formType === 'energy-meter' ? { electricityKwh: 1200 + day, waterM3: 80 } : { staffOnDuty: 10 },
  });
}

/** Queries, per command, since the last reset. */
const queries = () => usage.snapshot().byCommand.QueryCommand ?? 0;

describe('console lists are served by keys (against DynamoDB Local)', () => {
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  let official: Extract<Principal, { role: 'official' }>;

  beforeAll(async () => {
    district = await createTestDistrict([
      { schoolId: 'a', hasCanteen: true, boarding: false },
      { schoolId: 'b', hasCanteen: true, boarding: false },
      { schoolId: 'c', hasCanteen: true, boarding: false },
    ]);
    official = district.official as Extract<Principal, { role: 'official' }>;
    // 30 canteen checks of schools a and b come before school c's 4 energy readings in every
    // unfiltered order (by school, then date): a filter after the Query would page through them.
    for (const schoolId of ['a', 'b']) {
      for (let day = 1; day <= 15; day += 1)
        await writeSubmission(energyOrCanteen(district.districtId, schoolId, 'canteen-daily', day), []);
    }
    for (let day = 1; day <= 4; day += 1)
      await writeSubmission(energyOrCanteen(district.districtId, 'c', 'energy-meter', day), []);
    await writeSubmission(energyOrCanteen(district.districtId, 'a', 'energy-meter', 20), []);
  });

  beforeEach(() => usage.reset());

  it('lists a month of one form type, the district or one school, in one request', async () => {
    const all = await listSubmissions(official, { month: MONTH, formType: 'energy-meter', limit: 5 });
    expect(all.items).toHaveLength(5);
    expect(all.items.every((item) => item.formType === 'energy-meter')).toBe(true);
    expect(queries()).toBe(1);

    usage.reset();
    const page = await listSubmissions(official, { month: MONTH, formType: 'energy-meter', limit: 3 });
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).not.toBeNull();
    expect(queries()).toBe(1);

    usage.reset();
    const ofC = await listSubmissions(official, { month: MONTH, formType: 'energy-meter', schoolId: 'c' });
    expect(ofC.items.map((item) => item.schoolId)).toEqual(['c', 'c', 'c', 'c']);
    expect(queries()).toBe(1);

    usage.reset();
    const school = await listSubmissions(district.schoolPrincipal('a') as Extract<Principal, { role: 'school' }>, {
      month: MONTH,
      formType: 'energy-meter',
    });
    expect(school.items.map((item) => [item.schoolId, item.date])).toEqual([['a', `${MONTH}-20`]]);
    expect(queries()).toBe(1);
  });

  it('carries the headline figures, quality flags and photo count a list shows', async () => {
    const { items } = await listSubmissions(official, { month: MONTH, formType: 'energy-meter', schoolId: 'a' });
    expect(items[0]).toMatchObject({ flags: [], photoCount: 0 });
    expect(items[0]!.headline.length).toBeGreaterThan(0);
    expect(items[0]!.headline[0]).toEqual(
      expect.objectContaining({
        figureId: expect.any(String),
        label: { zh: expect.any(String), en: expect.any(String) },
        value: expect.any(Number),
      }),
    );
  });

  it("counts a submission's verified photos in the transaction that verifies them, and uncounts a replaced one", async () => {
    const target = energyOrCanteen(district.districtId, 'b', 'energy-meter', 21);
    await writeSubmission(target, []);
    const principal = district.schoolPrincipal('b') as Extract<Principal, { role: 'school' }>;
    const photoIds: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const grant = await requestSubmissionPhoto(principal, target.submissionId, 1024, 'houqin-photos-test');
      photoIds.push(grant.photo.photoId);
    }
    const count = async () =>
      (
        await SubmissionEntity.build(GetItemCommand)
          .key({ districtId: district.districtId, schoolId: 'b', submissionId: target.submissionId })
          .options({ consistent: true })
          .send()
      ).Item?.photoCount;
    const objectKeyOf = async (photoId: string) => {
      const { getPhoto } = await import('../../shared/photos/records');
      return (await getPhoto(district.districtId, photoId))!.objectKey;
    };
    for (const [i, photoId] of photoIds.entries()) {
      const verified = {
        districtId: district.districtId,
        photoId,
        objectKey: await objectKeyOf(photoId),
        size: 1000,
        sha256: String(i).repeat(64),
        detectedType: 'image/jpeg',
        verifiedAt: new Date(),
      };
      expect((await recordVerified(verified)).result).toBe('recorded');
      expect((await recordVerified(verified)).result).toBe('unchanged');
    }
    expect(await count()).toBe(2);
    const replaced = await recordQuarantined({
      districtId: district.districtId,
      photoId: photoIds[0]!,
      objectKey: await objectKeyOf(photoIds[0]!),
      reason: 'REPLACED',
      quarantineKey: `quarantine/${photoIds[0]}`,
      quarantinedAt: new Date(),
    });
    expect(replaced.result).toBe('recorded');
    expect(await count()).toBe(1);
    const { items } = await listSubmissions(official, { month: MONTH, formType: 'energy-meter', schoolId: 'b' });
    expect(items.find((item) => item.submissionId === target.submissionId)?.photoCount).toBe(1);
  });
});

describe('console hazard filters are served by keys (against DynamoDB Local)', () => {
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  let official: Extract<Principal, { role: 'official' }>;

  const raise = (...hazard: HazardState) =>
    storeHazard(district.districtId, { date: addDays(today, -30), receivedAt: new Date().toISOString() }, ...hazard);

  beforeAll(async () => {
    district = await createTestDistrict([
      { schoolId: 'x', hasCanteen: false, boarding: false },
      { schoolId: 'y', hasCanteen: false, boarding: false },
    ]);
    official = district.official as Extract<Principal, { role: 'official' }>;
    // 20 open high electrical hazards of school x, due earliest, come first in the district's
    // open list; then school y's 3 critical food hazards (2 of them overdue); then 3 rectified.
    for (let i = 0; i < 20; i += 1) await raise('x', 'high', 'electrical', 'open', addDays(today, -20 + i));
    await raise('y', 'critical', 'food', 'open', addDays(today, -1));
    await raise('y', 'critical', 'food', 'open', addDays(today, -1));
    await raise('y', 'critical', 'food', 'open', addDays(today, 30));
    for (let i = 0; i < 3; i += 1) await raise('y', 'low', 'building', 'rectified', addDays(today, 30 + i));
  });

  beforeEach(() => usage.reset());

  const cases: [
    string,
    HazardListQuery,
    number,
    (hazard: { schoolId: string; severity: string; category: string; status: string; overdue: boolean }) => boolean,
  ][] = [
    ['status', { status: 'rectified' }, 3, (h) => h.status === 'rectified'],
    ['status and school', { status: 'open', schoolId: 'y' }, 3, (h) => h.schoolId === 'y' && h.status === 'open'],
    ['status and severity', { status: 'open', severity: 'critical' }, 3, (h) => h.severity === 'critical'],
    ['status and category', { status: 'open', category: 'food' }, 3, (h) => h.category === 'food'],
    ['overdue and school', { overdue: 'true', schoolId: 'y' }, 2, (h) => h.schoolId === 'y' && h.overdue],
    [
      'overdue and severity',
      { overdue: 'true', severity: 'critical' },
      2,
      (h) => h.severity === 'critical' && h.overdue,
    ],
    ['overdue and category', { overdue: 'true', category: 'food' }, 2, (h) => h.category === 'food' && h.overdue],
  ];

  it.each(cases)('filters by %s in one request, a full page', async (_name, query, expected, matches) => {
    const { items } = await listHazards(official, { ...query, limit: 10 }, 'zh-CN');
    expect(items).toHaveLength(expected);
    expect(items.every(matches)).toBe(true);
    expect(queries()).toBe(1);
  });

  it('pages a key-served filter with its cursor', async () => {
    const first = await listHazards(official, { status: 'open', schoolId: 'x', limit: 15 }, 'zh-CN');
    expect(first.items).toHaveLength(15);
    expect(queries()).toBe(1);
    const second = await listHazards(
      official,
      { status: 'open', schoolId: 'x', limit: 15, cursor: first.nextCursor! },
      'zh-CN',
    );
    expect(second.items).toHaveLength(5);
    expect(new Set([...first.items, ...second.items].map((h) => h.hazardId)).size).toBe(20);
  });

  it("refuses a severity or category that does not exist, in the caller's language", async () => {
    const list = async (query: Record<string, string>, language: string) => {
      const response = await listRoute(
        apiEvent('list-hazards', { principal: official, query, headers: { 'accept-language': language } }),
        lambdaContext('list-hazards'),
      );
      return {
        status: response.statusCode,
        language: response.headers?.['content-language'],
        body: JSON.parse(response.body ?? 'null'),
      };
    };
    expect(await list({ severity: 'huge' }, 'en')).toMatchObject({
      status: 400,
      language: 'en',
      body: { error: { code: 'VALIDATION_FAILED', details: [{ field: 'severity' }] } },
    });
    expect(await list({ category: 'nope' }, 'zh-CN')).toMatchObject({
      status: 400,
      language: 'zh-CN',
      body: { error: { code: 'VALIDATION_FAILED', details: [{ field: 'category' }] } },
    });
  });

  it("never reads another district's hazards through a filter", async () => {
    const other = await createTestDistrict([{ schoolId: 'y', hasCanteen: false, boarding: false }]);
    const { items } = await listHazards(
      other.official as Extract<Principal, { role: 'official' }>,
      { status: 'open', schoolId: 'y' },
      'zh-CN',
    );
    expect(items).toEqual([]);
  });

  it('opens one hazard by id for its school and its district’s officials, and for nobody else', async () => {
    const [first] = (await listHazards(official, { status: 'open', schoolId: 'y', limit: 1 }, 'zh-CN')).items;
    const { hazard } = await getHazard(official, first!.hazardId, 'zh-CN');
    expect(hazard).toMatchObject({
      hazardId: first!.hazardId,
      schoolId: 'y',
      status: 'open',
      history: [expect.objectContaining({ action: 'raised' })],
    });
    expect(
      (await getHazard(district.schoolPrincipal('y') as Extract<Principal, { role: 'school' }>, first!.hazardId, 'en'))
        .hazard.hazardId,
    ).toBe(first!.hazardId);
    await expect(
      getHazard(district.schoolPrincipal('x') as Extract<Principal, { role: 'school' }>, first!.hazardId, 'zh-CN'),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const other = await createTestDistrict([{ schoolId: 'y', hasCanteen: false, boarding: false }]);
    await expect(
      getHazard(other.official as Extract<Principal, { role: 'official' }>, first!.hazardId, 'zh-CN'),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getHazard(official, 'x'.repeat(200), 'zh-CN')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
