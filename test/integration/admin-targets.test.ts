import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../../shared/auth/principal';
import { getDistrict } from '../../shared/directory/districts';
import { loadReportInput } from '../../shared/reports/load';
import { suppressedAmong, suppressRecipient } from '../../shared/reports/pipeline/suppression';
import { rollUpDistrictMonth } from '../../shared/reports/rollup';
import { recordSubmission } from '../../shared/submissions/record-submission';
import { submissionInput } from '../../shared/submissions/submission-request';
import { runAdmin, writeStackFile } from '../support/admin-cli';
import { createTestDistrict } from '../support/directory-fixtures';
import { ALL_TARGETS_ARGUMENT, ALL_TARGETS_STORED } from '../support/targets';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * The admin CLI's district targets and suppression list, run as `npm run admin` runs it (a child
 * process that finds DynamoDB Local through the stack file): targets set, merged, cleared and
 * refused through `district configure`, shown by `district show`, read by the report; suppressed
 * addresses listed and removed.
 */

const MONTH = '2026-03';

const admin = runAdmin;

/** One month's meter reading of a school, recorded through the real submission path. */
async function recordEnergy(principal: Principal, electricityKwh: number, waterM3: number): Promise<void> {
  const answers = { ...(allValidAnswers['energy-meter'] as Record<string, unknown>), electricityKwh, waterM3 };
  const body = {
    submissionId: `it-targets-${randomUUID().slice(0, 8)}`,
    formType: 'energy-meter',
    date: `${MONTH}-31`,
    answers,
  };
  await recordSubmission(
    submissionInput(body),
    principal as Extract<Principal, { role: 'school' }>,
    new Date('2026-04-01T04:00:00.000Z'),
  );
}

describe('admin CLI: district targets (child process against DynamoDB Local)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'houqin-targets-'));
  const stackFile = join(workDir, 'local-stack.json');
  const target = { HOUQIN_LOCAL_STACK_FILE: stackFile };

  beforeAll(() => {
    // What `npm start` writes, pointing at the emulator jest's global set-up started.
    writeStackFile(stackFile);
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('stores every target (rates as rates), shows them, and the report compares the month with them', async () => {
    // Prepare
    const district = await createTestDistrict([{ schoolId: 's1', hasCanteen: false, boarding: false }]);
    await recordEnergy(district.schoolPrincipal('s1'), 100_000, 9_500);
    // Act
    const configured = await admin(
      ['district', 'configure', '--id', district.districtId, '--targets', ALL_TARGETS_ARGUMENT],
      target,
    );
    const shown = await admin(['district', 'show', '--id', district.districtId, '--json'], target);
    const loaded = await loadReportInput(district.districtId, MONTH);
    const report = rollUpDistrictMonth(loaded.input);
    // Assess
    expect(configured.code).toBe(0);
    expect(configured.stdout).toContain(`已更新区县 ${district.districtId} 的设置`);
    expect(configured.stdout).toContain('月用电量 ≤ 120000 千瓦时（electricityKwh）');
    expect(configured.stdout).toContain('校方责任险参保率 ≥ 98%（insuranceRate）');
    const stored = ALL_TARGETS_STORED;
    expect((await getDistrict(district.districtId))?.targets).toEqual(stored);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ districtId: district.districtId, targets: stored });
    expect(loaded.input.district.targets).toEqual(stored);
    const { energy, compliance, insurance } = report.sections;
    expect(energy.targets.electricityKwh).toEqual({ direction: 'atMost', target: 120000, actual: 100000, met: true });
    expect(energy.targets.waterM3).toEqual({ direction: 'atMost', target: 9000, actual: 9500, met: false });
    expect(energy.targets.electricityReductionPercent).toMatchObject({ direction: 'atLeast', target: 15 });
    expect(energy.targets.waterReductionPercent).toMatchObject({ direction: 'atLeast', target: 10 });
    expect(compliance.target).toMatchObject({ direction: 'atLeast', target: 0.95 });
    expect(
      insurance.coverages.find((coverage) => coverage.coverage === 'schoolLiabilityCovered')?.target,
    ).toMatchObject({ direction: 'atLeast', target: 0.98 });
  }, 90_000);

  it('merges targets with those stored, clears one with none, and all of them with --reset targets', async () => {
    // Prepare
    const district = await createTestDistrict([]);
    await admin(
      [
        'district',
        'configure',
        '--id',
        district.districtId,
        '--targets',
        'electricityKwh=120000,waterM3=9000,complianceRate=95',
      ],
      target,
    );
    // Act
    const merged = await admin(
      [
        'district',
        'configure',
        '--id',
        district.districtId,
        '--targets',
        'waterM3=none,electricityKwh=110000,waterReductionPercent=12.5',
        '--lang',
        'en',
      ],
      target,
    );
    const afterMerge = await getDistrict(district.districtId);
    const reset = await admin(['district', 'configure', '--id', district.districtId, '--reset', 'targets'], target);
    const shown = await admin(['district', 'show', '--id', district.districtId], target);
    // Assess
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('    electricity a month ≤ 110000 kWh (electricityKwh)');
    expect(merged.stdout).not.toContain('waterM3)');
    expect(afterMerge?.targets).toEqual({ electricityKwh: 110000, waterReductionPercent: 12.5, complianceRate: 0.95 });
    expect(reset.code).toBe(0);
    expect((await getDistrict(district.districtId))?.targets).toBeUndefined();
    expect(shown.stdout).toContain('  月报目标：未设置');
    expect((await loadReportInput(district.districtId, MONTH)).input.district.targets).toBeUndefined();
  }, 90_000);

  it('refuses bad targets field by field with exit code 1, changing nothing', async () => {
    // Prepare
    const district = await createTestDistrict([]);
    await admin(['district', 'configure', '--id', district.districtId, '--targets', 'waterM3=9000'], target);
    // Act
    const run = await admin(
      [
        'district',
        'configure',
        '--id',
        district.districtId,
        '--targets',
        'waterM3=8000,electricityKwh=-5,insuranceRate=150,waterReductionPercent=lots',
        '--lang',
        'en',
      ],
      target,
    );
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The request is invalid; fix the listed fields and retry.');
    expect(run.stderr).toContain('  monthly electricity target (kWh) (targets.electricityKwh): must not be negative');
    expect(run.stderr).toContain(
      '  water reduction target (% year on year) (targets.waterReductionPercent): must be a number',
    );
    expect(run.stderr).toContain(
      '  school liability insurance target (targets.insuranceRate): must not exceed 100% (stored as a rate from 0 to 1: 0.98 means 98%)',
    );
    expect((await getDistrict(district.districtId))?.targets).toEqual({ waterM3: 9000 });
  }, 90_000);

  it('answers an unknown target as a usage mistake (exit code 2), in Chinese', async () => {
    // Prepare
    const district = await createTestDistrict([]);
    // Act
    const run = await admin(['district', 'configure', '--id', district.districtId, '--targets', 'gasM3=100'], target);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--targets 中没有这项目标：gasM3');
    expect(run.stderr).toContain('npm run admin -- help');
  }, 90_000);
});

describe('admin CLI: the suppression list (child process against DynamoDB Local)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'houqin-suppression-'));
  const stackFile = join(workDir, 'local-stack.json');
  const target = { HOUQIN_LOCAL_STACK_FILE: stackFile };
  const tag = randomUUID().slice(0, 8);
  const bounced = `bounced-${tag}@example.cn`;
  const complained = `complained-${tag}@example.cn`;
  const bounce = {
    address: bounced,
    reason: 'bounce',
    kind: 'Permanent',
    subKind: 'General',
    diagnostic: '550 5.1.1 user unknown',
    at: '2026-04-01T00:05:00.000Z',
  } as const;

  beforeAll(async () => {
    writeStackFile(stackFile);
    await suppressRecipient(bounce);
    await suppressRecipient({
      address: complained,
      reason: 'complaint',
      kind: 'abuse',
      at: '2026-04-02T09:00:00.000Z',
    });
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('lists every suppressed address with its reason, kind and time, as a table and as JSON', async () => {
    // Act
    const table = await admin(['suppression', 'list'], target);
    const json = await admin(['suppression', 'list', '--json'], target);
    // Assess
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${bounced}\\s+退信\\s+Permanent/General\\s+2026-04-01T00:05:00.000Z`));
    expect(table.stdout).toMatch(new RegExp(`${complained}\\s+投诉\\s+abuse\\s+2026-04-02T09:00:00.000Z`));
    expect(table.stdout).toMatch(/共 \d+ 个地址不再收到邮件/);
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as { address: string }[];
    expect(entries).toContainEqual(expect.objectContaining(bounce));
    expect(entries).toContainEqual(
      expect.objectContaining({ address: complained, reason: 'complaint', kind: 'abuse' }),
    );
    expect(entries.map((entry) => entry.address)).toEqual([...entries.map((entry) => entry.address)].sort());
  }, 90_000);

  it('removes an address (whatever its case) so mail goes to it again, and refuses one not on the list with exit code 1', async () => {
    // Prepare
    const address = `fixed-${tag}@example.cn`;
    await suppressRecipient({ address, reason: 'bounce', kind: 'Permanent', at: '2026-04-03T00:00:00.000Z' });
    // Act
    const removed = await admin(['suppression', 'remove', '--address', address.toUpperCase(), '--lang', 'en'], target);
    const again = await admin(['suppression', 'remove', '--address', address], target);
    // Assess
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(
      `Removed ${address} from the suppression list (bounce, 2026-04-03T00:00:00.000Z); mail goes to it again from now on`,
    );
    expect((await suppressedAmong([address])).size).toBe(0);
    expect((await suppressedAmong([bounced])).size).toBe(1);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`  邮箱地址 (address)：抑制名单中没有地址 ${address}`);
  }, 90_000);
});
