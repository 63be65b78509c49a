import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { planDemoHistory, type DemoHistoryPlan } from '../../infra/local/demo/history-plan';
import { DEMO_DISTRICT, DEMO_SCHOOLS } from '../../infra/local/demo/district';
import type { DistrictCalendar } from '../../shared/calendar/school-calendar';
import { DEFAULT_DUE_DAYS } from '../../shared/directory/district-settings';
import { localDate } from '../../shared/time';
import { startLocalStack, type LocalStack } from './local-stack';

/*
 * Issue 21: the local stack is stopped at several points of its first start's demo seeding and
 * started again in the same folder; each time the second start says "demo history resumed" and
 * the demo ends with exactly the planned submissions and hazards, the same photos, one critical
 * alert and one report, and one mail of each across both starts. The interruption points are
 * the stack's test hook (HOUQIN_DEMO_PAUSE_AT: the seeding stops for good at that point and
 * says so), then the test stops the stack there by Ctrl-C (SIGINT) or kills it (SIGKILL).
 *
 * Each scenario records the whole history once (some 1,300–1,600 submissions), so the file takes
 * a few minutes on a busy two-core machine.
 */

const PROJECT_ROOT = resolve(__dirname, '..', '..');
const TIMEZONE = DEMO_DISTRICT.timezone;

/** The demo's clock for every start of this file: 10:00 in Huaying on the 2nd of this month (last month's if today is the 1st), so last month is all of the history but one day. */
function demoNow(): Date {
  const today = localDate(TIMEZONE, new Date());
  const month =
    today.slice(8) < '02' ? localDate(TIMEZONE, new Date(Date.now() - 3 * 86_400_000)).slice(0, 7) : today.slice(0, 7);
  return new Date(`${month}-02T02:00:00Z`);
}
const NOW = demoNow();
const ENV = { HOUQIN_DEMO_NOW: NOW.toISOString() };
/** A stack's first start and the seeding after it, on a busy machine. */
const SCENARIO_TIMEOUT_MS = 600_000;
const SEEDED = /houqin: demo photos \d+ verified/;

interface StoredMail {
  subject: string;
  destination: { to: string[] };
}

/** The mail the stack's aws-ses-v2-local holds (it keeps it in memory: a stopped stack's mail is gone, so each start's is read before it stops). */
async function mailOf(stack: LocalStack): Promise<StoredMail[]> {
  const store = (await (await fetch(`${stack.credentials.mailViewerUrl}store`)).json()) as { emails: StoredMail[] };
  return store.emails;
}
const isCriticalAlert = (mail: StoredMail) => mail.subject.startsWith('【重大隐患】');
const isReport = (mail: StoredMail) => mail.subject.includes('学校后勤月报');

type Item = Record<string, unknown> & { entity?: string };

/** Every item of the stack's table, by entity. */
async function tableOf(stack: LocalStack): Promise<Map<string, Item[]>> {
  const description = JSON.parse(readFileSync(join(stack.dir, 'local-stack.json'), 'utf8')) as {
    dynamodbEndpoint: string;
    tableName: string;
    region: string;
  };
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: description.dynamodbEndpoint,
      region: description.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const byEntity = new Map<string, Item[]>();
  for await (const page of paginateScan({ client }, { TableName: description.tableName })) {
    for (const item of (page.Items ?? []) as Item[])
      byEntity.set(String(item.entity), [...(byEntity.get(String(item.entity)) ?? []), item]);
  }
  client.destroy();
  return byEntity;
}

/** What the demo holds, without what differs from one start to another (generated ids, wall-clock times). */
async function demoAsStored(stack: LocalStack) {
  const table = await tableOf(stack);
  const of = (entity: string) => table.get(entity) ?? [];
  const photos = of('Photo');
  const ownerOfPhoto = new Map(
    photos.map((photo) => [photo.photoId, `${String(photo.ownerKind)}/${String(photo.ownerId)}`]),
  );
  const sorted = (lines: string[]) => [...lines].sort();
  return {
    // The hourly overdue sweep may or may not have run (its marks and digests are left out).
    counts: Object.fromEntries(
      [...table]
        .filter(([entity]) => entity !== 'Alert')
        .map(([entity, items]) => [entity, items.length])
        .sort(),
    ),
    submissions: sorted(
      of('Submission').map(
        (s) => `${String(s.schoolId)}/${String(s.submissionId)} ${String(s.supersededBy ?? '')} ${String(s.bodyHash)}`,
      ),
    ),
    hazards: sorted(
      of('Hazard').map(
        (h) =>
          `${String(h.hazardId)} ${String(h.status)} ${(h.history as { action: string; at: string }[])
            .filter((entry) => entry.action !== 'overdue')
            .map((entry) => `${entry.action}@${entry.at}`)
            .join(',')}`,
      ),
    ),
    photos: sorted(
      photos.map(
        (p) =>
          `${String(p.ownerKind)}/${String(p.ownerId)} ${String(p.status)} ${String(p.sha256 ?? '')} ${p.duplicateOf ? `duplicate of ${ownerOfPhoto.get(p.duplicateOf)}` : ''} ${String(p.quarantineReason ?? '')}`,
      ),
    ),
    photoOwners: sorted(
      of('PhotoOwner').map((o) => `${String(o.ownerKind)}/${String(o.ownerId)} ${(o.photoIds as string[]).length}`),
    ),
    alerts: sorted(
      of('Alert')
        .filter((a) => a.kind === 'critical-hazard')
        .map((a) => `${String(a.kind)} ${String(a.alertId)} ${String(a.status)} ${(a.messageIds as string[]).length}`),
    ),
    reports: sorted(of('Report').map((r) => `${String(r.month)}`)),
    reportMail: sorted(
      of('ReportMail').map(
        (m) => `${String(m.month)} ${String(m.delivery)} ${String(m.recipient)} ${String(m.status)}`,
      ),
    ),
  };
}

/** The demo's plan for NOW, as the stack makes it. */
function demoPlan(): DemoHistoryPlan {
  const calendar = JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'infra/local/demo-calendar.json'), 'utf8'),
  ) as DistrictCalendar;
  // In the order the stack reads them from the table (by id): the plan's shared events follow it.
  const schools = DEMO_SCHOOLS.map((school) => ({
    ...school,
    nutritionProgramme: school.nutritionProgramme ?? false,
  })).sort((a, b) => (a.schoolId < b.schoolId ? -1 : 1)) as unknown as Parameters<typeof planDemoHistory>[0]['schools'];
  return planDemoHistory({
    now: NOW,
    districtId: DEMO_DISTRICT.districtId,
    schools,
    timezone: TIMEZONE,
    calendar,
    dueDays: DEFAULT_DUE_DAYS,
  });
}

const STATUS_OF_OUTCOME = { open: 'open', reopened: 'open', rectified: 'rectified', verified: 'verified' } as const;

describe('a first start stopped part-way through the demo history, started again (issue 21)', () => {
  const plan = demoPlan();
  const previousMonth = plan.window.months.at(-2) ?? plan.window.months[0]!;
  const previousMonthCount = plan.submissions.filter((s) => s.date.startsWith(previousMonth)).length;
  const outcomes = new Map<string, Awaited<ReturnType<typeof demoAsStored>>>();
  let stacks: LocalStack[] = [];

  afterEach(async () => {
    // The last stack of a scenario removes the folder they shared.
    for (const stack of stacks.reverse()) await stack.stop();
    stacks = [];
  }, 60_000);

  /**
   * Starts the stack with the seeding paused at `point`, waits for `before` (mail that must have
   * gone out before the stop), stops it with `signal`, starts it again in the same folder and
   * waits until the demo is complete. Returns both starts' mail and what the demo holds.
   */
  async function interruptAndResume(
    point: string,
    signal: 'SIGINT' | 'SIGKILL',
    before: (mail: StoredMail[]) => boolean,
  ) {
    const first = await startLocalStack({ env: { ...ENV, HOUQIN_DEMO_PAUSE_AT: point } });
    stacks.push(first);
    await first.waitForOutput(/houqin: demo seeding paused at/, SCENARIO_TIMEOUT_MS);
    let firstMail = await mailOf(first);
    for (
      const deadline = Date.now() + 60_000;
      !before(firstMail) && Date.now() < deadline;
      firstMail = await mailOf(first)
    )
      await new Promise((r) => setTimeout(r, 250));
    expect(before(firstMail)).toBe(true);
    const progressAtStop = JSON.parse(readFileSync(join(first.dir, 'data', 'demo-progress.json'), 'utf8')) as {
      done: Record<string, string>;
    };
    await first.interrupt(signal);

    const second = await startLocalStack({ dir: first.dir, env: ENV });
    stacks.push(second);
    await second.waitForOutput(SEEDED, SCENARIO_TIMEOUT_MS);
    // The line that says the demo is complete comes after the progress file says so.
    await new Promise((r) => setTimeout(r, 200));
    const progress = JSON.parse(readFileSync(join(first.dir, 'data', 'demo-progress.json'), 'utf8')) as {
      done: Record<string, string>;
      resumed: number;
    };
    // Mail the asynchronous paths may still be sending (the critical alert, the report).
    let secondMail = await mailOf(second);
    const all = () => [...firstMail, ...secondMail];
    for (
      const deadline = Date.now() + 60_000;
      !(all().some(isCriticalAlert) && all().some(isReport)) && Date.now() < deadline;
      secondMail = await mailOf(second)
    ) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const stored = await demoAsStored(second);
    outcomes.set(point, stored);
    return { first, second, firstMail, secondMail, progressAtStop, progress, stored };
  }

  /** What the plan says the demo holds, and one mail of each kind over both starts. */
  function expectAsPlanned(result: Awaited<ReturnType<typeof interruptAndResume>>) {
    const { stored, firstMail, secondMail, progress, second } = result;
    expect(second.output()).toMatch(/houqin: demo history resumed: .*done: district/);
    expect(second.output().match(/demo history resumed/g)).toHaveLength(1);
    expect(Object.keys(progress.done).sort()).toEqual(['district', 'history', 'photos', 'previous-month', 'report']);
    expect(progress.resumed).toBe(1);
    // Exactly the planned submissions (each once, the correction superseding its original).
    expect(stored.submissions).toHaveLength(plan.submissions.length);
    expect(stored.submissions.map((line) => line.split(' ')[0]).sort()).toEqual(
      plan.submissions.map((s) => `${s.schoolId}/${s.submissionId}`).sort(),
    );
    expect(stored.submissions.filter((line) => line.split(' ')[1] !== '')).toEqual([
      expect.stringMatching(new RegExp(` ${plan.correction.submissionId} `)),
    ]);
    // The planned hazards, each at its planned step, each step once.
    expect(stored.hazards.map((line) => line.split(' ').slice(0, 2).join(' ')).sort()).toEqual(
      plan.hazards.map((h) => `${h.hazardId} ${STATUS_OF_OUTCOME[h.outcome]}`).sort(),
    );
    for (const hazard of plan.hazards) {
      const line = stored.hazards.find((candidate) => candidate.startsWith(`${hazard.hazardId} `))!;
      const actions = line
        .split(' ')[2]!
        .split(',')
        .map((entry) => entry.split('@')[0]);
      expect(actions).toEqual([
        'raised',
        ...hazard.steps.map((step) => ({ rectify: 'rectified', accept: 'verified', reject: 'rejected' })[step.command]),
      ]);
    }
    // One critical alert, sent once; one report of last month, mailed once to each official.
    expect(stored.alerts).toEqual([`critical-hazard ${plan.critical.hazardId} sent 1`]);
    const allMail = [...firstMail, ...secondMail];
    expect(allMail.filter(isCriticalAlert)).toHaveLength(1);
    expect(stored.reports).toEqual([previousMonth]);
    expect(
      allMail
        .filter(isReport)
        .flatMap((mail) => mail.destination.to)
        .sort(),
    ).toEqual([...DEMO_DISTRICT.officialEmails].sort());
    // Each photographed submission has one photo, judged (the one asked for and never uploaded aside).
    expect(stored.photoOwners.every((line) => line.endsWith(' 1'))).toBe(true);
    expect(stored.photos.filter((line) => line.includes(' requested '))).toHaveLength(1);
  }

  it(
    `Ctrl-C after the district: the next start records the whole history`,
    async () => {
      // Act
      const result = await interruptAndResume('district', 'SIGINT', () => true);
      // Assess
      expect(Object.keys(result.progressAtStop.done)).toEqual(['district']);
      expect(result.firstMail.filter((mail) => isCriticalAlert(mail) || isReport(mail))).toEqual([]);
      expect(result.second.output()).toMatch(
        /recorded now, 0 stored by an earlier start|demo history [\d,]+ submissions/,
      );
      expectAsPlanned(result);
    },
    SCENARIO_TIMEOUT_MS * 2,
  );

  it(
    `killed in the middle of last month (its critical alert sent): the next start records the rest and mails nothing again`,
    async () => {
      // Act
      const result = await interruptAndResume(`submissions:${Math.floor(previousMonthCount / 3)}`, 'SIGKILL', (mail) =>
        mail.some(isCriticalAlert),
      );
      // Assess
      expect(Object.keys(result.progressAtStop.done)).toEqual(['district']);
      const [, created, existing] = /\(([\d,]+) recorded now, ([\d,]+) stored by an earlier start\)/.exec(
        result.second.output(),
      )!;
      expect(Number(existing!.replace(/,/g, ''))).toBeGreaterThanOrEqual(Math.floor(previousMonthCount / 3));
      expect(Number(created!.replace(/,/g, '')) + Number(existing!.replace(/,/g, ''))).toBe(plan.submissions.length);
      expect(result.secondMail.filter(isCriticalAlert)).toEqual([]);
      expectAsPlanned(result);
    },
    SCENARIO_TIMEOUT_MS * 2,
  );

  it(
    `killed during the photos (the report mailed): the next start adds the other photos and mails nothing again`,
    async () => {
      // Act
      const result = await interruptAndResume(
        'photos:3',
        'SIGKILL',
        (mail) => mail.some(isCriticalAlert) && mail.some(isReport),
      );
      // Assess
      expect(Object.keys(result.progressAtStop.done).sort()).toEqual([
        'district',
        'history',
        'previous-month',
        'report',
      ]);
      expect(result.second.output()).toMatch(/\(0 recorded now, [\d,]+ stored by an earlier start\)/);
      expect(result.secondMail.filter((mail) => isCriticalAlert(mail) || isReport(mail))).toEqual([]);
      expectAsPlanned(result);
      // A start that finds the history complete does nothing more.
      await result.second.interrupt('SIGTERM');
      const third = await startLocalStack({ dir: result.first.dir, env: ENV });
      stacks.push(third);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(third.output()).not.toMatch(/demo history (resumed|recording)|demo seeding/);
      expect(await demoAsStored(third)).toEqual(result.stored);
    },
    SCENARIO_TIMEOUT_MS * 2,
  );

  it('ends each time with the same submissions, hazards, photos, alerts and reports', () => {
    // Assess
    const [first, ...others] = [...outcomes.values()];
    expect(outcomes.size).toBe(3);
    for (const other of others) expect(other).toEqual(first);
  });
});
