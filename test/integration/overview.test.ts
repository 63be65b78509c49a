import { handler as overviewHandler } from '../../functions/get-overview/handler';
import type { Principal } from '../../shared/auth/principal';
import { getCompliance, type ComplianceViewForOfficial } from '../../shared/compliance/get-compliance';
import { getOverview } from '../../shared/console/overview';
import { listHazards } from '../../shared/hazards/query-hazards';
import type { ApiResponse } from '../../shared/http/api-handler';
import { writeSubmission } from '../../shared/submissions/store';
import { addDays } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext } from '../support/events';
import { storeHazard, type HazardState } from '../support/hazards';
import { submissionToStore } from '../support/submissions';

/*
 * GET /v1/overview (issue 18): the console's first screen in one request. Its figures equal what
 * GET /v1/compliance and GET /v1/hazards say for the same district and day.
 */

/** A Wednesday in term (Asia/Shanghai noon): a school day under the national calendar. */
const NOW = new Date('2026-11-18T04:00:00.000Z');
const TODAY = '2026-11-18';
const MONTH = '2026-11';
type Official = Extract<Principal, { role: 'official' }>;

describe('GET /v1/overview (against DynamoDB Local)', () => {
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  let official: Official;

  const submit = (schoolId: string, formType: string, date: string) =>
    writeSubmission(submissionToStore(district.districtId, schoolId, formType, date), []);

  const raise = (...hazard: HazardState) =>
    storeHazard(district.districtId, { date: '2026-11-02', receivedAt: '2026-11-02T03:00:00.000Z' }, ...hazard);

  beforeAll(async () => {
    district = await createTestDistrict([
      { schoolId: 'a', hasCanteen: true, boarding: false },
      { schoolId: 'b', hasCanteen: true, boarding: false },
      { schoolId: 'c', hasCanteen: false, boarding: false },
    ]);
    official = district.official as Official;
    for (const day of ['2026-11-16', '2026-11-17', TODAY]) await submit('a', 'canteen-daily', day);
    await submit('b', 'canteen-daily', '2026-11-16');
    await submit('c', 'safety-education', '2026-11-10');
    await raise('a', 'critical', 'food', 'open', addDays(TODAY, -3));
    await raise('a', 'high', 'electrical', 'open', addDays(TODAY, 5));
    await raise('b', 'medium', 'building', 'open', addDays(TODAY, -1));
    await raise('b', 'critical', 'fire', 'rectified', addDays(TODAY, 2));
    await raise('c', 'low', 'other', 'rectified', addDays(TODAY, -4));
    await raise('c', 'high', 'food', 'verified', addDays(TODAY, -9));
  });

  /** Every item of a hazard list, page by page, as the console would read it. */
  async function allHazards(query: Record<string, string>) {
    const items = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listHazards>> = await listHazards(
        official,
        { ...query, ...(cursor ? { cursor } : {}) },
        'zh-CN',
        NOW,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  it('has the compliance of GET /v1/compliance: the district, each school, the threshold, worst first', async () => {
    const overview = await getOverview(official, { month: MONTH }, 'zh-CN', NOW);
    const compliance = (await getCompliance(official, { month: MONTH }, 'zh-CN', {
      now: NOW,
    })) as ComplianceViewForOfficial;
    expect(overview.district).toEqual(compliance.district);
    expect(overview.threshold).toBe(compliance.threshold);
    expect(overview.byFormType).toEqual(compliance.byFormType);
    for (const school of compliance.schools) {
      expect(overview.schools.find((row) => row.schoolId === school.schoolId)).toMatchObject({
        expected: school.expected,
        submitted: school.submitted,
        rate: school.rate,
      });
    }
    const rates = overview.schools.map((school) => school.rate ?? Infinity);
    expect(rates).toEqual([...rates].sort((x, y) => x - y));
    expect(
      overview.schools
        .filter((s) => s.belowThreshold)
        .map((s) => s.schoolId)
        .sort(),
    ).toEqual(compliance.belowThreshold.map((s) => s.schoolId).sort());
    expect(overview.schools.find((s) => s.schoolId === 'a')?.lastSubmission).toBe(TODAY);
    expect(overview.schools.find((s) => s.schoolId === 'b')?.lastSubmission).toBe('2026-11-16');
  });

  it('counts hazards as GET /v1/hazards lists them', async () => {
    const { hazards, schools } = await getOverview(official, { month: MONTH }, 'zh-CN', NOW);
    const open = await allHazards({ status: 'open' });
    const overdue = await allHazards({ overdue: 'true' });
    const rectified = await allHazards({ status: 'rectified' });
    expect(hazards).toMatchObject({
      open: open.length,
      overdue: overdue.length,
      awaitingVerification: rectified.length,
    });
    expect(hazards).toMatchObject({ open: 3, overdue: 2, awaitingVerification: 2, critical: 2 });
    expect(hazards.critical).toBe([...open, ...rectified].filter((h) => h.severity === 'critical').length);
    expect(hazards.byCategory.find((c) => c.category === 'food')).toEqual({
      category: 'food',
      open: 1,
      awaitingVerification: 0,
    });
    expect(schools.find((s) => s.schoolId === 'b')).toMatchObject({
      openHazards: 1,
      overdueHazards: 1,
      awaitingVerification: 1,
    });
  });

  it('lists what is due today and not in yet, by school, with the compliance rules (a school without a canteen owes no canteen check)', async () => {
    const { dueToday, current } = await getOverview(official, { month: MONTH }, 'zh-CN', NOW);
    expect(current).toBe(true);
    const of = (schoolId: string) => dueToday?.find((row) => row.schoolId === schoolId)?.formTypes ?? [];
    expect(of('b')).toContain('canteen-daily');
    expect(of('a')).not.toContain('canteen-daily');
    expect(of('c')).not.toContain('canteen-daily');
    const later = await getOverview(official, { month: MONTH }, 'zh-CN', new Date('2026-12-07T04:00:00.000Z'));
    expect(later.dueToday).toBeNull();
  });

  it('answers the official in one request through the handler; a school is refused, another district sees its own', async () => {
    const call = async (principal: Principal | null, query: Record<string, string> = {}) => {
      const response = (await overviewHandler(
        apiEvent('get-overview', { principal, query }),
        lambdaContext('get-overview'),
      )) as ApiResponse;
      return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
    };
    const ok = await call(official, { month: MONTH });
    expect(ok.status).toBe(200);
    expect(ok.body.schools).toHaveLength(3);
    expect([403, 404]).toContain((await call(district.schoolPrincipal('a'), { month: MONTH })).status);
    expect((await call(null)).status).toBe(401);
    const other = await createTestDistrict([{ schoolId: 'z', hasCanteen: false, boarding: false }]);
    const theirs = await call(other.official, { month: MONTH });
    expect(theirs.body.schools.map((s: { schoolId: string }) => s.schoolId)).toEqual(['z']);
    expect(theirs.body.hazards.open).toBe(0);
    expect((await call(official, { month: '2026-13' })).status).toBe(400);
  });
});
