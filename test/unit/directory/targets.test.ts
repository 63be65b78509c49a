import { main } from '../../../infra/cli/admin';
import { parseTargets, settingsFromOptions, targetLines } from '../../../infra/cli/commands/district';
import type { Io } from '../../../infra/cli/output';
import { settingsChange, type StoredSettings } from '../../../shared/directory/districts';
import { targetsOf } from '../../../shared/reports/load';
import { refusal } from './refusal';
import { ALL_TARGETS_ARGUMENT, ALL_TARGETS_STORED } from '../../support/targets';

const NOTHING_STORED: StoredSettings = {};

/** Runs the CLI in-process with no local stack: anything past the usage checks fails to find one. */
async function run(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const io: Io = { out: (line) => lines.push(line), err: (line) => lines.push(line) };
  const code = await main(argv, { HOUQIN_LOCAL_STACK_FILE: '/nonexistent/stack.json' }, io);
  return { code, lines };
}

describe('admin CLI --targets', () => {
  it('reads every target, taking rates as percentages and storing them as rates', () => {
    // Act
    const targets = parseTargets(ALL_TARGETS_ARGUMENT);
    // Assess
    expect(targets).toEqual(ALL_TARGETS_STORED);
  });

  it('takes keys in any case, full-width separators, a % sign and a fractional percentage without float noise', () => {
    // Act
    const targets = parseTargets('INSURANCERATE＝95.1%，waterReductionPercent=12.5%');
    // Assess
    expect(targets).toEqual({ insuranceRate: 0.951, waterReductionPercent: 12.5 });
  });

  it('reads none (or 无) as clearing that target', () => {
    // Act
    const targets = parseTargets('electricityKwh=none,waterM3=无,complianceRate=NONE');
    // Assess
    expect(targets).toEqual({ electricityKwh: null, waterM3: null, complianceRate: null });
  });

  it('passes a value that is not a number on as NaN, for the directory to refuse', () => {
    // Act
    const targets = parseTargets('waterM3=lots,insuranceRate=');
    // Assess
    expect(targets).toEqual({ waterM3: Number.NaN, insuranceRate: Number.NaN });
  });

  it.each([
    [
      'solarKwh=5',
      '--targets has no target solarKwh (it must be one of electricityKwh, waterM3, electricityReductionPercent, waterReductionPercent, insuranceRate, complianceRate)',
    ],
    [
      'electricityKwh',
      '--targets must look like electricityKwh=120000,insuranceRate=98 (to clear one: electricityKwh=none): electricityKwh',
    ],
    ['waterM3=1,waterm3=2', '--targets names waterM3 twice'],
    [',', '--targets needs at least one target'],
  ])('refuses --targets %j as a usage mistake', (value, message) => {
    // Act
    const attempt = () => parseTargets(value);
    // Assess
    expect(attempt).toThrow(message);
  });

  it('names an unknown target in Chinese too, with exit code 2 before looking for a target', async () => {
    // Act
    const { code, lines } = await run(['district', 'configure', '--id', 'huaying', '--targets', '用电量=5']);
    // Assess
    expect(code).toBe(2);
    expect(lines[0]).toBe(
      '--targets 中没有这项目标：用电量（应为 electricityKwh, waterM3, electricityReductionPercent, waterReductionPercent, insuranceRate, complianceRate 之一）',
    );
  });

  it('refuses setting and clearing the targets in one command', () => {
    // Act
    const attempt = () => settingsFromOptions({ targets: 'waterM3=1', reset: ['targets'] });
    // Assess
    expect(attempt).toThrow('Cannot both set and clear: --targets');
  });
});

describe('settingsChange: targets', () => {
  it('sets the targets given', () => {
    // Act
    const change = settingsChange(NOTHING_STORED, { targets: { electricityKwh: 120000, insuranceRate: 0.98 } }, 'en');
    // Assess
    expect(change).toEqual({ set: { targets: { electricityKwh: 120000, insuranceRate: 0.98 } }, remove: [] });
  });

  it("merges the targets given with the district's own, clearing those given as null", () => {
    // Prepare
    const stored: StoredSettings = { targets: { electricityKwh: 120000, waterM3: 9000, complianceRate: 0.95 } };
    // Act
    const change = settingsChange(
      stored,
      { targets: { waterM3: null, electricityKwh: 110000, waterReductionPercent: 10 } },
      'en',
    );
    // Assess
    expect(change).toEqual({
      set: { targets: { electricityKwh: 110000, waterReductionPercent: 10, complianceRate: 0.95 } },
      remove: [],
    });
  });

  it('removes the targets when the last one is cleared', () => {
    // Act
    const change = settingsChange({ targets: { waterM3: 9000 } }, { targets: { waterM3: null } }, 'en');
    // Assess
    expect(change).toEqual({ set: {}, remove: ['targets'] });
  });

  it('clears every target with reset', () => {
    // Act
    const change = settingsChange({ targets: { waterM3: 9000 } }, { reset: ['targets'] }, 'en');
    // Assess
    expect(change).toEqual({ set: {}, remove: ['targets'] });
  });

  it('accepts the bounds: 0, 100 % reduction and a rate of 1', () => {
    // Act
    const change = settingsChange(
      NOTHING_STORED,
      { targets: { electricityKwh: 0, waterReductionPercent: 100, insuranceRate: 1 } },
      'en',
    );
    // Assess
    expect(change.set.targets).toEqual({ electricityKwh: 0, waterReductionPercent: 100, insuranceRate: 1 });
  });

  it('refuses every bad target at once, naming each field and why (en)', () => {
    // Act
    const issues = refusal(NOTHING_STORED, {
      targets: {
        electricityKwh: -1,
        waterM3: Number.NaN,
        electricityReductionPercent: 120,
        insuranceRate: 1.5,
        complianceRate: -0.1,
      },
    });
    // Assess
    expect(issues).toEqual([
      { field: 'targets.electricityKwh', label: 'monthly electricity target (kWh)', reason: 'must not be negative' },
      { field: 'targets.waterM3', label: 'monthly water target (m³)', reason: 'must be a number' },
      {
        field: 'targets.electricityReductionPercent',
        label: 'electricity reduction target (% year on year)',
        reason: 'must be a percentage from 0 to 100',
      },
      {
        field: 'targets.insuranceRate',
        label: 'school liability insurance target',
        reason: 'must not exceed 100% (stored as a rate from 0 to 1: 0.98 means 98%)',
      },
      { field: 'targets.complianceRate', label: 'compliance rate target', reason: 'must not be negative' },
    ]);
  });

  it('refuses bad targets in Chinese', () => {
    // Act
    const issues = refusal(
      NOTHING_STORED,
      { targets: { waterM3: Number.POSITIVE_INFINITY, waterReductionPercent: -5, complianceRate: 9.5 } },
      'zh-CN',
    );
    // Assess
    expect(issues).toEqual([
      { field: 'targets.waterM3', label: '月用水量目标（立方米）', reason: '应为数字' },
      { field: 'targets.waterReductionPercent', label: '用水量同比降低目标（%）', reason: '不能为负数' },
      {
        field: 'targets.complianceRate',
        label: '合规率目标',
        reason: '不能超过 100%（按比率保存，0 到 1 之间，0.98 表示 98%）',
      },
    ]);
  });

  it('refuses a target it does not know, and an empty set of targets', () => {
    // Act
    const unknown = refusal(NOTHING_STORED, { targets: { waterM3: 1, solarKwh: 5 } as never });
    const empty = refusal(NOTHING_STORED, { targets: {} });
    // Assess
    expect(unknown).toEqual([
      {
        field: 'targets.solarKwh',
        label: 'targets',
        reason:
          'no such target: it must be one of electricityKwh, waterM3, electricityReductionPercent, waterReductionPercent, insuranceRate, complianceRate',
      },
    ]);
    expect(empty).toEqual([{ field: 'targets', label: 'targets', reason: 'give at least one target' }]);
  });

  it('refuses setting and clearing the targets together', () => {
    // Act
    const issues = refusal(NOTHING_STORED, { targets: { waterM3: 1 }, reset: ['targets'] });
    // Assess
    expect(issues).toEqual([
      { field: 'reset', label: 'settings to clear', reason: 'cannot be both set and cleared: targets' },
    ]);
  });
});

describe('admin CLI target lines', () => {
  it('lists each target set with its direction, unit and key, rates as percentages (zh)', () => {
    // Act
    const lines = targetLines(
      { electricityKwh: 120000, waterReductionPercent: 10, insuranceRate: 0.98, complianceRate: 0.951 },
      'zh-CN',
    );
    // Assess
    expect(lines).toEqual([
      '  月报目标：',
      '    月用电量 ≤ 120000 千瓦时（electricityKwh）',
      '    用水量同比降低 ≥ 10%（waterReductionPercent）',
      '    校方责任险参保率 ≥ 98%（insuranceRate）',
      '    合规率 ≥ 95.1%（complianceRate）',
    ]);
  });

  it('says when the district sets none (en)', () => {
    // Act
    const none = targetLines(undefined, 'en');
    const some = targetLines({ waterM3: 9000 }, 'en');
    // Assess
    expect(none).toEqual(['  report targets: none']);
    expect(some).toEqual(['  report targets:', '    water a month ≤ 9000 m³ (waterM3)']);
  });
});

describe('targetsOf (the report loader)', () => {
  it('reads the modelled targets as they are stored', () => {
    // Act
    const targets = targetsOf({ ...ALL_TARGETS_STORED });
    // Assess
    expect(targets).toEqual(ALL_TARGETS_STORED);
  });

  it('keeps only known keys whose value is a number within the model, from an item written by hand', () => {
    // Act
    const targets = targetsOf({
      electricityKwh: 100,
      waterM3: 'lots',
      insuranceRate: 98,
      complianceRate: -0.5,
      electricityReductionPercent: 150,
      waterReductionPercent: 12,
      solarKwh: 3,
    });
    // Assess
    expect(targets).toEqual({ electricityKwh: 100, waterReductionPercent: 12 });
  });

  it.each([[undefined], [null], ['targets'], [[1, 2]], [{}], [{ waterM3: 'lots' }]])(
    'reads %j as no targets',
    (stored) => {
      // Act
      const targets = targetsOf(stored);
      // Assess
      expect(targets).toBeUndefined();
    },
  );
});

describe('admin CLI suppression commands (usage)', () => {
  it('needs --address to remove an address, with exit code 2', async () => {
    // Act
    const { code, lines } = await run(['suppression', 'remove', '--lang', 'en']);
    // Assess
    expect(code).toBe(2);
    expect(lines[0]).toBe('suppression remove needs --address');
  });

  it('refuses an empty --address, and options the list does not take', async () => {
    // Act
    const empty = await run(['suppression', 'remove', '--address', ' ']);
    const foreign = await run(['suppression', 'list', '--district', 'huaying', '--lang', 'en']);
    // Assess
    expect(empty.code).toBe(2);
    expect(empty.lines[0]).toBe('--address 不能为空');
    expect(foreign.code).toBe(2);
    expect(foreign.lines[0]).toBe('suppression list takes no --district');
  });

  it('describes the new commands and --targets in the usage text, in both languages', async () => {
    // Act
    const zh = await run(['help']);
    const en = await run(['help', '--lang', 'en']);
    // Assess
    expect(zh.code).toBe(0);
    expect(zh.lines.join('\n')).toEqual(expect.stringContaining('suppression remove --address <邮箱>'));
    expect(zh.lines.join('\n')).toEqual(
      expect.stringContaining(
        '[--reset due-days|threshold|calendar|targets|alert-budget|school-token-days|photo-uploads-per-day]',
      ),
    );
    expect(en.lines.join('\n')).toEqual(expect.stringContaining('suppression list'));
    expect(en.lines.join('\n')).toEqual(expect.stringContaining('--targets electricityKwh=120000,insuranceRate=98'));
  });
});
