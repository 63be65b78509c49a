import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { getDocumentClient } from '../../shared/clients';
import { ANNOUNCED_ENTITIES, copyTable, type CopyCursor, type CopyCounts } from '../../shared/db/copy-table';
import { AlertEntity, DistrictEntity, HazardEntity, SchoolEntity } from '../../shared/db/entities';
import { suppressedRecipientV2 } from '../../shared/db/migrations';
import { runMigration, type MigrationCounts } from '../../shared/db/migrations/runner';
import { createTableInput } from '../../shared/db/table';
import {
  listSuppressedRecipients,
  suppressedAmong,
  suppressRecipient,
} from '../../shared/reports/pipeline/suppression';
import { runAdmin, writeStackFile } from '../support/admin-cli';
import { testSchool, testSchoolItem } from '../support/directory-fixtures';

/*
 * Restore and migrate, rehearsed against DynamoDB Local (docs/operations.md § Restore and migrate):
 *  - the item migration suppressed-recipient-v2: version 1 items read as they were, the dry run
 *    writing nothing, a run interrupted and resumed from its cursor, an item changed under the
 *    migration's feet left as its writer wrote it;
 *  - the copy-back of a restore: DynamoDB Local has no point-in-time restore, so the "restored"
 *    table is a second local table holding the earlier state (made with the same copy tool); it
 *    is copied back into the live table, putting back what was lost and keeping what changed since.
 */

const client = getDocumentClient();
const TABLE = process.env.TABLE_NAME!;

/** A version 1 SuppressedRecipient as the code before version 2 stored it. */
async function putV1(address: string, extra: Record<string, unknown> = {}): Promise<void> {
  const at = '2026-11-02T03:04:05.000Z';
  await client.send(
    new PutCommand({
      TableName: TABLE,
      Item: {
        pk: `SUPPRESSED#${address}`,
        sk: 'SUPPRESSED',
        gsi1pk: 'SUPPRESSED',
        gsi1sk: address,
        entity: 'SuppressedRecipient',
        address,
        reason: 'bounce',
        at,
        kind: 'Permanent',
        subKind: 'General',
        diagnostic: 'smtp; 550 5.1.1 user unknown',
        messageId: `msg-${address}`,
        createdAt: at,
        updatedAt: at,
        schemaVersion: 1,
        ...extra,
      },
    }),
  );
}

const raw = async (address: string) =>
  (await client.send(new GetCommand({ TableName: TABLE, Key: { pk: `SUPPRESSED#${address}`, sk: 'SUPPRESSED' } })))
    .Item;

const newAddress = () => `mig-${randomUUID().slice(0, 8)}@example.cn`;

/** The bounce event a version 1 suppression of `address` (putV1) becomes in version 2. */
const bounceEventOf = (address: string) => ({
  reason: 'bounce',
  at: '2026-11-02T03:04:05.000Z',
  kind: 'Permanent',
  subKind: 'General',
  diagnostic: 'smtp; 550 5.1.1 user unknown',
  messageId: `msg-${address}`,
});

describe('item migration suppressed-recipient-v2 (against DynamoDB Local)', () => {
  it('reads a version 1 item as it was, and upgrades it when a new notification is written', async () => {
    // Prepare
    const address = newAddress();
    await putV1(address);
    // Act
    const read = (await suppressedAmong([address])).get(address);
    const listed = (await listSuppressedRecipients()).find((entry) => entry.address === address);
    await suppressRecipient({ address, reason: 'complaint', at: '2026-11-20T00:00:00.000Z', feedbackId: 'fb-1' });
    await suppressRecipient({ address, reason: 'complaint', at: '2026-11-20T00:00:00.000Z', feedbackId: 'fb-1' });
    // Assess
    expect(read).toMatchObject({ address, reason: 'bounce', kind: 'Permanent', subKind: 'General' });
    expect(listed?.events).toEqual([bounceEventOf(address)]);
    const stored = await raw(address);
    expect(stored).toMatchObject({ schemaVersion: 2, reason: 'complaint', at: '2026-11-20T00:00:00.000Z' });
    expect(stored?.kind).toBeUndefined();
    expect((stored?.events as unknown[]).length).toBe(2);
  });

  it('previews with --dry-run, writing nothing', async () => {
    // Prepare
    const address = newAddress();
    await putV1(address);
    // Act
    const outcome = await runMigration(suppressedRecipientV2, { dryRun: true, samples: 1000 });
    // Assess
    expect(outcome.done).toBe(true);
    expect(outcome.counts.matched).toBeGreaterThanOrEqual(1);
    expect(outcome.counts.upgraded).toBe(outcome.counts.matched);
    const sample = outcome.samples.find((s) => s.before.address === address);
    expect(sample?.after).toMatchObject({ schemaVersion: 2, events: [expect.objectContaining({ reason: 'bounce' })] });
    expect(sample?.after.kind).toBeUndefined();
    expect(await raw(address)).toMatchObject({ schemaVersion: 1, kind: 'Permanent' });
  });

  it('upgrades in place, resumed from its cursor after an interruption, each item once', async () => {
    // Prepare
    const addresses = [newAddress(), newAddress(), newAddress()];
    for (const address of addresses) await putV1(address);
    const before = await suppressedAmong(addresses);
    const saved: { cursor?: Record<string, unknown>; counts: MigrationCounts }[] = [];
    // Act: the first run stops after one page (as if interrupted), the second carries on from the cursor.
    const first = await runMigration(suppressedRecipientV2, {
      dryRun: false,
      pageSize: 2,
      maxPages: 1,
      onPage: (progress) => void saved.push(progress),
    });
    const resumed = await runMigration(suppressedRecipientV2, {
      dryRun: false,
      pageSize: 50,
      cursor: saved.at(-1)!.cursor!,
      counts: saved.at(-1)!.counts,
    });
    const again = await runMigration(suppressedRecipientV2, { dryRun: false });
    // Assess
    expect(first.done).toBe(false);
    expect(first.cursor).toBeDefined();
    expect(resumed.done).toBe(true);
    expect(resumed.counts.upgraded).toBeGreaterThanOrEqual(3);
    expect(again.counts.matched).toBe(0);
    for (const address of addresses) {
      const stored = await raw(address);
      expect(stored).toMatchObject({ schemaVersion: 2, entity: 'SuppressedRecipient', gsi1pk: 'SUPPRESSED' });
      expect(stored?.events).toEqual([bounceEventOf(address)]);
      expect(stored?.messageId).toBeUndefined();
    }
    expect(await suppressedAmong(addresses)).toEqual(
      new Map(
        [...before].map(([address, entry]) => [
          address,
          expect.objectContaining({ ...entry, events: [expect.anything()] }),
        ]),
      ),
    );
  });

  it('never overwrites an item changed between its read and its write: a conflict, left for the next run', async () => {
    // Prepare
    const address = newAddress();
    await putV1(address);
    // Act: a bounce arrives for the address while the migration holds its version 1 read.
    const outcome = await runMigration(suppressedRecipientV2, {
      dryRun: false,
      beforeWrite: async (item) => {
        if (item.address === address)
          await suppressRecipient({ address, reason: 'bounce', at: '2026-12-01T00:00:00.000Z', messageId: 'later' });
      },
    });
    // Assess
    expect(outcome.counts.conflicts).toBeGreaterThanOrEqual(1);
    const stored = await raw(address);
    expect(stored).toMatchObject({ schemaVersion: 2, at: '2026-12-01T00:00:00.000Z' });
    expect((stored?.events as { messageId?: string }[]).map((e) => e.messageId)).toEqual([`msg-${address}`, 'later']);
  });
});

describe('restore rehearsal: copy-back from a restored table (against DynamoDB Local)', () => {
  const dynamodb = new DynamoDBClient({});
  const suffix = randomUUID().slice(0, 8);
  const live = `houqin-rehearsal-live-${suffix}`;
  const restored = `houqin-rehearsal-restored-${suffix}`;

  beforeAll(async () => {
    for (const name of [live, restored]) await dynamodb.send(new CreateTableCommand(createTableInput(name)));
  });

  afterAll(async () => {
    for (const name of [live, restored]) await dynamodb.send(new DeleteTableCommand({ TableName: name }));
  });

  /** The raw item an entity writes (keys, index attributes, timestamps), for a table of our own. */
  const itemOf = (command: { params(): { Item?: Record<string, unknown> } }) => command.params().Item!;

  async function scanAll(table: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let key: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: key }));
      items.push(...(page.Items ?? []));
      key = page.LastEvaluatedKey;
    } while (key);
    return items;
  }

  it('puts back what was lost, keeps what changed since, outbox items before the hazards, resumably', async () => {
    // Prepare: the live table as it was at the restore point…
    const districtId = `rh-${suffix}`;
    const items = [
      itemOf(
        DistrictEntity.build(PutItemCommand).item({
          districtId,
          name: '恢复演练区',
          timezone: 'Asia/Shanghai',
          locale: 'zh-CN',
          officialEmails: ['ops@example.cn'],
          schemaVersion: 1,
        }),
      ),
      ...Array.from({ length: 30 }, (_, i) =>
        itemOf(
          SchoolEntity.build(PutItemCommand).item({
            ...testSchoolItem(districtId, { ...testSchool(`s${i}`, 'canteen'), name: `第${i}小学` }),
            schemaVersion: 1,
          }),
        ),
      ),
      itemOf(
        HazardEntity.build(PutItemCommand).item({
          districtId,
          hazardId: 'hz_lost',
          schoolId: 's1',
          submissionId: 'sub-1',
          formType: 'hazard-report',
          ruleId: 'reported',
          severity: 'critical',
          category: 'security',
          title: { zh: '安全隐患', en: 'Security hazard' },
          status: 'open',
          foundOn: '2026-11-01',
          dueDate: '2026-11-02',
          raisedAt: '2026-11-01T02:00:00.000Z',
          history: [{ action: 'raised', status: 'open', at: '2026-11-01T02:00:00.000Z', by: 'tok_x' }],
          schemaVersion: 1,
        }),
      ),
      itemOf(
        AlertEntity.build(PutItemCommand).item({
          districtId,
          alertId: 'hz_lost',
          kind: 'critical-hazard',
          hazardIds: ['hz_lost'],
          status: 'sent',
          attempts: 1,
          createdAt: '2026-11-01T02:00:01.000Z',
          sentAt: '2026-11-01T02:00:02.000Z',
          schemaVersion: 1,
        }),
      ),
    ];
    for (const item of items) await client.send(new PutCommand({ TableName: live, Item: item }));
    // …saved as the restored table would hold it (the copy tool, overwrite)…
    await copyTable({ from: live, to: restored, mode: 'overwrite' });
    // …then, after the restore point: the hazard and its alert deleted by mistake, a school renamed.
    const key = (item: Record<string, unknown>) => ({ pk: item.pk, sk: item.sk });
    const hazard = items.find((item) => item.entity === 'Hazard')!;
    const alert = items.find((item) => item.entity === 'Alert')!;
    const school = items.find((item) => item.entity === 'School')!;
    await client.send(new DeleteCommand({ TableName: live, Key: key(hazard) }));
    await client.send(new DeleteCommand({ TableName: live, Key: key(alert) }));
    await client.send(new PutCommand({ TableName: live, Item: { ...school, name: '改名后的小学' } }));
    const written: string[] = [];
    const saved: { cursor?: CopyCursor; counts: CopyCounts }[] = [];

    // Act: the copy-back, interrupted after two pages of 10 and resumed from its cursor.
    const first = await copyTable({
      from: restored,
      to: live,
      mode: 'missing',
      pageSize: 10,
      maxPages: 2,
      onPage: (progress) => void saved.push(progress),
    });
    const resumed = await copyTable({
      from: restored,
      to: live,
      mode: 'missing',
      pageSize: 10,
      cursor: saved.at(-1)!.cursor!,
      counts: saved.at(-1)!.counts,
      onPage: async () => {
        for (const item of await scanAll(live))
          if (!written.includes(String(item.entity)) && (item.entity === 'Alert' || item.entity === 'Hazard'))
            written.push(String(item.entity));
      },
    });

    // Assess
    expect(first.done).toBe(false);
    expect(resumed.done).toBe(true);
    expect(resumed.counts).toEqual({ scanned: items.length, written: 2, present: items.length - 2 });
    const after = await scanAll(live);
    expect(after).toHaveLength(items.length);
    expect(after.find((item) => item.pk === hazard.pk)).toEqual(hazard);
    expect(after.find((item) => item.pk === alert.pk)).toEqual(alert);
    expect(after.find((item) => item.pk === school.pk && item.sk === school.sk)?.name).toBe('改名后的小学');
    expect(written).toEqual(['Alert', 'Hazard']);
    expect(ANNOUNCED_ENTITIES).toContain('Hazard');
  });

  it('refuses to copy a table into itself', async () => {
    // Act / Assess
    await expect(copyTable({ from: live, to: live, mode: 'missing' })).rejects.toThrow('the same table');
  });
});

describe('admin CLI: table migrations | migrate | copy (child process against DynamoDB Local)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'houqin-table-cli-'));
  const stackFile = join(workDir, 'local-stack.json');
  const env = { HOUQIN_LOCAL_STACK_FILE: stackFile };

  beforeAll(() => {
    writeStackFile(stackFile, { tableName: TABLE });
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('lists the migrations, previews one with --dry-run, then runs it to the end and removes its checkpoint', async () => {
    // Prepare
    const address = newAddress();
    await putV1(address);
    const checkpoint = join(workDir, 'migrate.checkpoint.json');
    // Act
    const list = await runAdmin(['table', 'migrations'], env);
    const preview = await runAdmin(['table', 'migrate', 'suppressed-recipient-v2', '--dry-run', '--lang', 'en'], env);
    const storedAfterPreview = await raw(address);
    const run = await runAdmin(
      ['table', 'migrate', 'suppressed-recipient-v2', '--checkpoint', checkpoint, '--page-size', '5'],
      env,
    );
    // Assess
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('suppressed-recipient-v2  SuppressedRecipient 1 → 2');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('Dry run: nothing was written');
    expect(storedAfterPreview).toMatchObject({ schemaVersion: 1 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已升级 [1-9]\d* 项/);
    expect(await raw(address)).toMatchObject({ schemaVersion: 2 });
    expect(existsSync(checkpoint)).toBe(false);
  }, 120_000);

  it('refuses an unknown migration, a checkpoint of another operation and an unknown copy mode (exit code 2)', async () => {
    // Prepare
    const foreign = join(workDir, 'foreign.checkpoint.json');
    writeFileSync(foreign, JSON.stringify({ operation: 'copy a b missing', cursor: {}, counts: {}, updatedAt: 'x' }));
    // Act
    const unknown = await runAdmin(['table', 'migrate', 'no-such-migration', '--lang', 'en'], env);
    const wrongCheckpoint = await runAdmin(
      ['table', 'migrate', 'suppressed-recipient-v2', '--checkpoint', foreign, '--lang', 'en'],
      env,
    );
    const mode = await runAdmin(['table', 'copy', '--from', 'elsewhere', '--mode', 'sideways'], env);
    // Assess
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No such migration: no-such-migration; known: suppressed-recipient-v2');
    expect(wrongCheckpoint.code).toBe(2);
    expect(wrongCheckpoint.stderr).toContain('belongs to another operation');
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain('--mode 应为 missing');
  }, 120_000);
});
