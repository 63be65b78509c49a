import { randomUUID } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import type { Principal } from '../../shared/auth/principal';
import { getCompliance, type ComplianceViewForOfficial } from '../../shared/compliance/get-compliance';
import { loadDistrictMonth } from '../../shared/compliance/load';
import { SubmissionEntity } from '../../shared/db/entities';
import { seedDemoDistrict } from '../../infra/local/demo/district';
import { listTokens } from '../../shared/directory/tokens';
import { demoWindow } from '../../infra/local/demo/history-plan';
import { seedDemoHistory, type DemoHistorySummary } from '../../infra/local/demo/seed-history';
import { HAZARD_STATUSES } from '../../shared/hazards/lifecycle';
import { listHazards } from '../../shared/hazards/query-hazards';

// Monday 2 November 2026, 10:00 in Huaying: the history is October (18 school days) and 1 November.
const NOW = new Date('2026-11-02T02:00:00Z');
/** Seeding writes some 1,300 submissions through the domain code: generous, for a busy machine. */
const SEEDING_TIMEOUT_MS = 300_000;

type Official = Extract<Principal, { role: 'official' }>;

/** The first instant of November in Huaying: what happened before it belongs to October's report. */
const NOVEMBER_STARTS = '2026-10-31T16:00:00.000Z';

/** What October's report reads: the month's submissions, and each hazard's steps before November. */
async function octoberAsStored(districtId: string, official: Official) {
  const [{ submissions }, hazards] = await Promise.all([
    loadDistrictMonth(districtId, '2026-10'),
    allHazards(official),
  ]);
  return {
    submissions: submissions
      .map(({ schoolId, formType, date, supersededBy }) => `${date} ${schoolId} ${formType} ${supersededBy ?? ''}`)
      .sort(),
    hazards: Object.fromEntries(
      hazards.map((hazard) => [
        hazard.hazardId,
        hazard.history.filter((entry) => entry.at < NOVEMBER_STARTS).map((entry) => entry.action),
      ]),
    ),
  };
}

/** Every hazard of the district, as an official lists them (each status, every page). */
async function allHazards(official: Official) {
  const items = [];
  for (const status of HAZARD_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await listHazards(official, { status, limit: 500, ...(cursor ? { cursor } : {}) }, 'zh-CN', NOW);
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return items;
}

describe('seedDemoHistory (against DynamoDB Local)', () => {
  // A district of its own: test files share one DynamoDB Local.
  const districtId = `demo-${randomUUID().slice(0, 8)}`;
  let official: Official;
  let seeded: DemoHistorySummary;
  /** What the seeding announced as the previous month, and October as read the moment it did. */
  const previousMonthSeeded: { month: string; october: ReturnType<typeof octoberAsStored> }[] = [];

  beforeAll(async () => {
    await seedDemoDistrict({ districtId, now: NOW, registeredOn: demoWindow(NOW, 'Asia/Shanghai').from });
    const token = (await listTokens(districtId)).find((summary) => summary.role === 'official')!;
    official = { role: 'official', tokenId: token.tokenId, districtId };
    seeded = await seedDemoHistory({
      now: NOW,
      districtId,
      onPreviousMonthSeeded: (month) => {
        previousMonthSeeded.push({ month, october: octoberAsStored(districtId, official) });
      },
    });
  }, SEEDING_TIMEOUT_MS);

  it('announces October once, as soon as its submissions and the hazard steps taken in it are all stored', async () => {
    // Act
    const final = await octoberAsStored(districtId, official);
    // Assess
    expect(previousMonthSeeded.map(({ month }) => month)).toEqual(['2026-10']);
    const atAnnouncement = await previousMonthSeeded[0]!.october;
    expect(atAnnouncement.submissions.length).toBeGreaterThan(1000);
    expect(atAnnouncement).toEqual(final);
    expect(seeded.previousMonth.month).toBe('2026-10');
    expect(seeded.previousMonth.elapsedMs).toBeLessThanOrEqual(seeded.elapsedMs);
  });

  it('records every planned submission through the submission code', () => {
    // Assess
    expect(seeded.submissions.total).toBeGreaterThan(1000);
    expect(seeded.submissions).toMatchObject({ created: seeded.submissions.total, existing: 0 });
  });

  it('leaves the schools with gaps under the compliance threshold of the previous month', async () => {
    // Act
    const report = (await getCompliance(official, { month: '2026-10' }, 'zh-CN')) as ComplianceViewForOfficial;
    // Assess
    expect(report.belowThreshold.map((school) => school.schoolId)).toEqual(['hy-mjcx', 'hy-gyx']);
    expect(report.district.rate).toBeGreaterThan(0.9);
  });

  it('leaves hazards open, rectified and verified, some of the open ones overdue', async () => {
    // Act
    const hazards = await allHazards(official);
    const count = (status: string) => hazards.filter((hazard) => hazard.status === status).length;
    // Assess
    expect(hazards).toHaveLength(seeded.hazards.total);
    expect({ open: count('open'), rectified: count('rectified'), verified: count('verified') }).toEqual({
      open: seeded.hazards.open,
      rectified: seeded.hazards.rectified,
      verified: seeded.hazards.verified,
    });
    expect(count('rectified')).toBeGreaterThan(0);
    expect(count('verified')).toBeGreaterThan(0);
    expect(hazards.filter((hazard) => hazard.overdue).length).toBeGreaterThanOrEqual(2);
  });

  it('reopens one hazard: open again, with its rectification and the rejection in its history', async () => {
    // Act
    const reopened = (await allHazards(official)).filter((hazard) =>
      hazard.history.some((entry) => entry.action === 'rejected'),
    );
    // Assess
    expect(reopened).toHaveLength(1);
    expect(reopened[0]!.status).toBe('open');
    expect(reopened[0]!.history.map((entry) => entry.action)).toEqual(['raised', 'rectified', 'rejected']);
  });

  it('raises exactly one critical hazard and leaves it open', async () => {
    // Act
    const critical = (await allHazards(official)).filter((hazard) => hazard.severity === 'critical');
    // Assess
    expect(critical).toHaveLength(1);
    expect(critical[0]).toMatchObject({
      hazardId: seeded.plan.critical.hazardId,
      status: 'open',
      ruleId: 'students-unaccounted',
    });
  });

  it('stores the correction: the earlier submission is marked superseded by it', async () => {
    // Prepare
    const { submissionId, supersedes } = seeded.plan.correction;
    const schoolId = seeded.plan.submissions.find((submission) => submission.submissionId === supersedes)!.schoolId;
    // Act
    const { Item } = await SubmissionEntity.build(GetItemCommand)
      .key({ districtId, schoolId, submissionId: supersedes })
      .options({ consistent: true })
      .send();
    // Assess
    expect(Item?.supersededBy).toBe(submissionId);
  });

  it(
    'writes nothing new when seeded again with the same now',
    async () => {
      // Prepare
      const before = await allHazards(official);
      // Act
      const again = await seedDemoHistory({ now: NOW, districtId });
      // Assess
      expect(again.submissions).toEqual({
        total: seeded.submissions.total,
        created: 0,
        existing: seeded.submissions.total,
      });
      expect(await allHazards(official)).toEqual(before);
    },
    SEEDING_TIMEOUT_MS,
  );
});
