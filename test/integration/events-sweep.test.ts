import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { handler as dispatchHandler } from '../../functions/dispatch-overdue-sweeps/handler';
import { handler as sweepHandler } from '../../functions/sweep-overdue-hazards/handler';
import { DistrictEntity, HazardEntity, SchoolEntity } from '../../shared/db/entities';
import { HouqinTable } from '../../shared/db/table';
import type { District } from '../../shared/directory/districts';
import { recordPendingAlert, unsentAlerts } from '../../shared/email/alert-log';
import { digestAlertId, MARK_BATCH_SIZE, markOverdueInBatches, sweepDistrict } from '../../shared/hazards/sweep';
import type { OverdueSweepRequest } from '../../shared/hazards/sweep-dispatch';
import { runAdmin, useStackFile, type AdminRun } from '../support/admin-cli';
import { useRecordingBus } from '../support/local-bus';
import { testSchool, testSchoolItem } from '../support/directory-fixtures';

/*
 * The overdue sweep against the emulators: marking (conditional, once, in batched transactions),
 * the digest through the mail outbox (one mail, none on a second run, a failed send delivered by
 * the next run, a run that died half-way finished by the next), the schedule fanned out over the
 * bus (dispatcher → one OverdueSweepRequested per district → sweep-overdue-hazards), and the admin
 * CLI command.
 */

const ROOT = resolve(__dirname, '..', '..');
const SENDER = process.env.SENDER_ADDRESS!;

interface StoredMail {
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

async function mailTo(address: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.some((to) => to.includes(address)));
}

/** A district (its own id and official) with two schools, in `timezone`. */
async function district(
  timezone = 'Asia/Shanghai',
  locale: 'zh-CN' | 'en' = 'zh-CN',
): Promise<District & { official: string }> {
  const districtId = `sw-${randomUUID().slice(0, 8)}`;
  const official = `${districtId}@example.cn`;
  const item = { districtId, name: `扫描测试区 ${districtId}`, timezone, locale, officialEmails: [official] };
  await DistrictEntity.build(PutItemCommand).item(item).send();
  for (const [schoolId, name] of [
    ['s-1', '第一小学'],
    ['s-2', '第二中学'],
  ] as const) {
    await SchoolEntity.build(PutItemCommand)
      .item(testSchoolItem(districtId, { ...testSchool(schoolId, 'canteen'), name }))
      .send();
  }
  return { ...item, createdAt: new Date().toISOString(), official };
}

/** A hazard as record-submission stores it (open unless told), due on `dueDate`. */
async function hazard(
  districtId: string,
  dueDate: string,
  extra: { status?: 'open' | 'rectified'; overdueAt?: string; schoolId?: string } = {},
): Promise<string> {
  const hazardId = `hz_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  const raisedAt = '2026-05-01T02:00:00.000Z';
  await HazardEntity.build(PutItemCommand)
    .item({
      districtId,
      hazardId,
      schoolId: extra.schoolId ?? 's-1',
      submissionId: randomUUID(),
      formType: 'electrical-fire',
      ruleId: 'expired-extinguishers',
      severity: 'high',
      category: 'fire',
      title: { zh: '灭火器过期', en: 'Expired extinguishers' },
      place: '实验楼',
      status: extra.status ?? 'open',
      foundOn: '2026-05-01',
      dueDate,
      raisedAt,
      ...(extra.overdueAt ? { overdueAt: extra.overdueAt } : {}),
      history: [{ action: 'raised', status: 'open', at: raisedAt, by: 'tok_x' }],
    })
    .send();
  return hazardId;
}

const stored = async (districtId: string, hazardId: string) =>
  (await HazardEntity.build(GetItemCommand).key({ districtId, hazardId }).send()).Item;

describe('overdue sweep (against the emulators)', () => {
  it('marks each open hazard past its due date once, and mails the officials one digest of them', async () => {
    // Prepare: two overdue; one due today; one rectified; one marked by an earlier sweep.
    const d = await district();
    const overdue = [
      await hazard(d.districtId, '2026-05-08'),
      await hazard(d.districtId, '2026-05-10', { schoolId: 's-2' }),
    ];
    const dueToday = await hazard(d.districtId, '2026-05-11');
    await hazard(d.districtId, '2026-05-01', { status: 'rectified' });
    await hazard(d.districtId, '2026-05-02', { overdueAt: '2026-05-03T01:00:00.000Z' });
    // Act
    const result = await sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER });
    // Assess
    expect(result.marked.map((h) => h.hazardId).sort()).toEqual([...overdue].sort());
    expect(result.alreadyMarked).toBe(1);
    expect(result.digests).toEqual([
      expect.objectContaining({ status: 'sent', date: '2026-05-11', recipients: [d.official] }),
    ]);
    const marked = await stored(d.districtId, overdue[0]!);
    expect(marked?.overdueAt).toEqual(expect.any(String));
    expect(marked?.history.at(-1)).toEqual({ action: 'overdue', status: 'open', at: marked?.overdueAt, by: 'system' });
    expect((await stored(d.districtId, dueToday))?.overdueAt).toBeUndefined();
    const mails = await mailTo(d.official);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`【隐患逾期】${d.name}：2 项隐患逾期未整改（2026年5月11日）`);
    expect(mails[0]!.body.text).toContain(
      '1. 第一小学：灭火器过期（实验楼）；较大；整改期限 2026年5月8日，已逾期 3 天',
    );
    expect(mails[0]!.body.text).toContain(
      '2. 第二中学：灭火器过期（实验楼）；较大；整改期限 2026年5月10日，已逾期 1 天',
    );
  });

  it('marks nothing twice and sends nothing on a second run', async () => {
    // Prepare
    const d = await district();
    await hazard(d.districtId, '2026-05-08');
    await sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER });
    // Act
    const second = await sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER });
    const nextDay = await sweepDistrict(d, '2026-05-12', { apply: true, senderAddress: SENDER });
    // Assess
    expect(second).toMatchObject({ marked: [], alreadyMarked: 1, digests: [] });
    expect(nextDay).toMatchObject({ marked: [], digests: [] });
    expect(await mailTo(d.official)).toHaveLength(1);
  });

  it('keeps a marked hazard in the district’s open hazards (the index keys are untouched)', async () => {
    // Prepare
    const d = await district();
    const hazardId = await hazard(d.districtId, '2026-05-08');
    // Act
    await sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER });
    const { Items = [] } = await HouqinTable.build(QueryCommand)
      .entities(HazardEntity)
      .query({ index: 'gsi3', partition: 'HAZARDS#OPEN', range: { beginsWith: '2026-05-08#' } })
      .options({ maxPages: Infinity })
      .send();
    // Assess
    expect(Items.map((h) => h.hazardId)).toContain(hazardId);
    expect(Items.find((h) => h.hazardId === hazardId)).toMatchObject({ status: 'open', overdueAt: expect.any(String) });
  });

  it('previews without writing or sending anything', async () => {
    // Prepare
    const d = await district();
    const hazardId = await hazard(d.districtId, '2026-05-08');
    // Act
    const preview = await sweepDistrict(d, '2026-05-11', { apply: false });
    // Assess
    expect(preview).toMatchObject({
      applied: false,
      marked: [{ hazardId }],
      digests: [{ status: 'would-send', hazardIds: [hazardId] }],
    });
    expect((await stored(d.districtId, hazardId))?.overdueAt).toBeUndefined();
    expect(await unsentAlerts(d.districtId)).toEqual([]);
    expect(await mailTo(d.official)).toEqual([]);
  });

  it('keeps the digest of a failed send, and the next run sends it (once)', async () => {
    // Prepare
    const d = await district();
    const hazardId = await hazard(d.districtId, '2026-05-08');
    const failingMail = async () => {
      throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
    };
    // Act
    const failed = sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER, sendMail: failingMail });
    await expect(failed).rejects.toThrow('Maximum sending rate exceeded.');
    const unsent = await unsentAlerts(d.districtId);
    const retry = await sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER });
    // Assess
    expect(unsent).toEqual([
      expect.objectContaining({
        kind: 'overdue-digest',
        status: 'failed',
        attempts: 1,
        hazardIds: [hazardId],
        lastError: 'Throttling: Maximum sending rate exceeded.',
      }),
    ]);
    expect(retry).toMatchObject({ marked: [], digests: [{ status: 'sent', hazardIds: [hazardId] }] });
    expect(await unsentAlerts(d.districtId)).toEqual([]);
    expect(await mailTo(d.official)).toHaveLength(1);
  });

  it('sends nothing when nothing is overdue', async () => {
    // Prepare
    const d = await district();
    await hazard(d.districtId, '2026-05-11');
    // Act
    const result = await sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER });
    // Assess
    expect(result).toMatchObject({ marked: [], digests: [] });
    expect(await mailTo(d.official)).toEqual([]);
  });

  it('marks more hazards than one batch holds, each once, and lists them all in one digest', async () => {
    // Prepare
    const d = await district();
    const count = MARK_BATCH_SIZE * 2 + 3;
    const ids = await Promise.all(Array.from({ length: count }, () => hazard(d.districtId, '2026-05-08')));
    // Act
    const result = await sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER });
    // Assess
    expect(result.marked.map((h) => h.hazardId).sort()).toEqual([...ids].sort());
    expect(result.digests).toEqual([expect.objectContaining({ status: 'sent' })]);
    expect(result.digests[0]!.hazardIds).toHaveLength(count);
    for (const hazardId of ids)
      expect((await stored(d.districtId, hazardId))?.history.filter((e) => e.action === 'overdue')).toHaveLength(1);
    const mails = await mailTo(d.official);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(`${count} 项隐患逾期未整改`);
  });

  it('marks the rest of a batch when one of its hazards was rectified since it was read, and nothing twice', async () => {
    // Prepare: the sweep read three open hazards; then the school rectified one of them.
    const d = await district();
    const ids = [
      await hazard(d.districtId, '2026-05-08'),
      await hazard(d.districtId, '2026-05-08'),
      await hazard(d.districtId, '2026-05-08'),
    ];
    const read = await Promise.all(ids.map(async (hazardId) => (await stored(d.districtId, hazardId))!));
    // As the lifecycle writes a transition: the whole item put back (its status-keyed indexes follow).
    await HazardEntity.build(PutItemCommand)
      .item({ ...read[1]!, status: 'rectified' })
      .send();
    // Act
    const marked = await markOverdueInBatches(read, new Date('2026-05-11T01:00:00Z'));
    const again = await markOverdueInBatches(read, new Date('2026-05-11T02:00:00Z'));
    // Assess
    expect(marked.map((h) => h.hazardId)).toEqual([ids[0], ids[2]]);
    expect(again).toEqual([]);
    expect((await stored(d.districtId, ids[1]!))?.overdueAt).toBeUndefined();
    expect((await stored(d.districtId, ids[0]!))?.overdueAt).toBe('2026-05-11T01:00:00.000Z');
  });

  it('finishes a run that died half-way: the rest marked, the digest it recorded sent once with every hazard', async () => {
    // Prepare: what a run leaves when it dies after recording its digest and marking one batch of two.
    const d = await district();
    const ids = [await hazard(d.districtId, '2026-05-08'), await hazard(d.districtId, '2026-05-09')];
    const alertId = digestAlertId('2026-05-11', ids);
    await recordPendingAlert(d.districtId, alertId, 'overdue-digest', ids, new Date('2026-05-11T01:00:00Z'));
    await markOverdueInBatches([(await stored(d.districtId, ids[0]!))!], new Date('2026-05-11T01:00:00Z'));
    // Act
    const retry = await sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER });
    const third = await sweepDistrict(d, '2026-05-11', { apply: true, senderAddress: SENDER });
    // Assess
    expect(retry.marked.map((h) => h.hazardId)).toEqual([ids[1]]);
    expect(retry.digests).toEqual([expect.objectContaining({ alertId, status: 'sent', hazardIds: ids })]);
    expect(third).toMatchObject({ marked: [], digests: [] });
    const mails = await mailTo(d.official);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('2 项隐患逾期未整改');
  });

  it('refuses a scheduled invocation without its scheduled time (a wiring error: retried, then dead-lettered)', async () => {
    // Act / Assess
    await expect(
      dispatchHandler({ scheduleArn: 'arn:aws:scheduler:x', executionId: 'e', attemptNumber: '1' }),
    ).rejects.toThrow();
  });

  it('sweep-overdue-hazards takes the OverdueSweepRequested fixture and ignores a district that is not registered', async () => {
    // Prepare
    const event = JSON.parse(
      readFileSync(join(ROOT, 'events', 'eventbridge', 'overdue-sweep-requested.json'), 'utf8'),
    ) as EventBridgeEvent<'OverdueSweepRequested', OverdueSweepRequest>;
    event.detail = { ...event.detail, districtId: `gone-${randomUUID().slice(0, 8)}` };
    // Act / Assess
    await expect(sweepHandler(event)).resolves.toBeUndefined();
    await expect(sweepHandler({ ...event, detail: { ...event.detail, date: '2026-02-30' } })).rejects.toThrow();
  });
});

describe('the schedule fanned out (dispatcher → bus → one sweep per district → SES)', () => {
  const log: string[] = [];
  const bus = useRecordingBus(log);

  it('sweeps the districts where it is 09:00 at the scheduled time, each in its own run, for their local date', async () => {
    // Prepare: Lima is UTC−5 all year, so the run scheduled for 14:00 UTC is 09:00 there (and 22:00
    // in Shanghai, where every other test district is: none of them is swept).
    const lima = [await district('America/Lima', 'en'), await district('America/Lima', 'en')];
    const shanghai = await district('Asia/Shanghai');
    for (const d of lima) await hazard(d.districtId, '2026-05-10');
    await hazard(shanghai.districtId, '2026-05-10');
    const event = JSON.parse(
      readFileSync(join(ROOT, 'events', 'scheduler', 'overdue-hazard-sweep.json'), 'utf8'),
    ) as Record<string, unknown>;
    // Act: the run, and Scheduler's retry of it.
    await dispatchHandler({ ...event, scheduledTime: '2026-05-11T14:00:00Z' });
    await dispatchHandler({ ...event, scheduledTime: '2026-05-11T14:00:00Z', attemptNumber: '2' });
    await bus().idle();
    // Assess
    const runs = log.filter((line) =>
      /^event OverdueSweepRequested → sweep-overdue-hazards \(rule overdue-sweep-requested\) ok/.test(line),
    );
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (const d of lima) {
      const mails = await mailTo(d.official);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`[Overdue hazards] ${d.name}: 1 hazard is past the due date (11 May 2026)`);
    }
    expect(await mailTo(shanghai.official)).toEqual([]);
  });
});

describe('admin CLI: hazards sweep (child process against the emulators)', () => {
  // What `npm start` writes: the DynamoDB and SES endpoints, the sender.
  const { stackFile } = useStackFile('houqin-sweep-cli-', {
    sesEndpoint: process.env.AWS_ENDPOINT_URL_SES,
    senderAddress: SENDER,
  });

  /** `npm run admin -- …` with nothing of the target in its environment but the stack file. */
  const admin = (args: string[]): Promise<AdminRun> => runAdmin(args, { HOUQIN_LOCAL_STACK_FILE: stackFile });

  it('previews by default, then marks and mails with --send, then has nothing left to do', async () => {
    // Prepare
    const d = await district();
    const hazardId = await hazard(d.districtId, '2026-05-08');
    const sweep = (...options: string[]) =>
      admin(['hazards', 'sweep', '--district', d.districtId, '--date', '2026-05-11', ...options]);
    // Act
    const preview = await sweep();
    const sent = await sweep('--send', '--lang', 'en');
    const again = await sweep('--send', '--json');
    // Assess
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain(`区县 ${d.districtId}（${d.name}），日期 2026-05-11：`);
    expect(preview.stdout).toContain('将标记逾期 1 项');
    expect(preview.stdout).toContain(hazardId);
    expect(preview.stdout).toContain('预览：没有写入任何数据，也没有发送邮件');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('marked overdue now: 1');
    expect(sent.stdout).toContain(`sent the overdue digest (2026-05-11, 1 hazard) to ${d.official}`);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([
      expect.objectContaining({ districtId: d.districtId, marked: [], alreadyMarked: 1, digests: [] }),
    ]);
    expect(await mailTo(d.official)).toHaveLength(1);
  }, 120_000);

  it('refuses a date after the district’s today, and a malformed one, with exit code 2', async () => {
    // Prepare
    const d = await district();
    // Act
    const future = await admin([
      'hazards',
      'sweep',
      '--district',
      d.districtId,
      '--date',
      '2999-01-01',
      '--lang',
      'en',
    ]);
    const malformed = await admin(['hazards', 'sweep', '--date', '2026-02-30']);
    // Assess
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('is after today in district');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--date 应为 YYYY-MM-DD 格式的日期');
  }, 120_000);

  it('names a district that does not exist (exit code 1)', async () => {
    // Act
    const run = await admin(['hazards', 'sweep', '--district', 'no-such-district']);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no-such-district');
  }, 60_000);
});
