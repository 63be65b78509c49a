import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  demoNow,
  demoPauseHook,
  describeResume,
  isDemoComplete,
  markDemoStep,
  readDemoProgress,
  writeDemoProgress,
  type DemoProgress,
} from '../../../infra/local/demo-progress';

describe('the demo history progress file (issue 21)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'houqin-demo-progress-'));
  const path = join(folder, 'demo-progress.json');

  it('records each step, whole, and is complete only with every step', () => {
    // Prepare
    const progress: DemoProgress = {
      districtId: 'huaying',
      now: '2026-12-02T02:00:00.000Z',
      done: { district: '2026-12-07T01:00:00.000Z' },
      resumed: 0,
    };
    writeDemoProgress(path, progress);
    // Act
    markDemoStep(path, progress, 'previous-month', new Date('2026-12-07T01:01:00Z'));
    const afterOne = readDemoProgress(path)!;
    for (const step of ['report', 'history', 'photos'] as const) markDemoStep(path, progress, step);
    // Assess
    expect(afterOne.done).toEqual({
      district: '2026-12-07T01:00:00.000Z',
      'previous-month': '2026-12-07T01:01:00.000Z',
    });
    expect(isDemoComplete(afterOne)).toBe(false);
    expect(isDemoComplete(readDemoProgress(path)!)).toBe(true);
    expect(readdirSync(folder)).toEqual(['demo-progress.json']);
    expect(describeResume(afterOne)).toBe(
      'the first start (2026-12-02T02:00:00.000Z) was stopped before it finished; done: district, calendar and tokens, last month with its hazards’ photos; recording in the background: last month’s report asked for, this month so far, demo photos (what is stored already is a replay, nothing is counted twice)',
    );
  });

  it('reads no progress when there is none, and refuses a file that is not one', () => {
    // Prepare
    const other = join(folder, 'other.json');
    writeFileSync(other, '{"now":"yesterday"}');
    // Act / Assess
    expect(readDemoProgress(join(folder, 'missing.json'))).toBeUndefined();
    expect(() => readDemoProgress(other)).toThrow(/is not a demo progress file.*--reset/);
  });

  it('takes the demo clock from HOUQIN_DEMO_NOW, and refuses one that is not an instant', () => {
    // Act / Assess
    expect(demoNow({ HOUQIN_DEMO_NOW: '2026-11-02T02:00:00Z' }).toISOString()).toBe('2026-11-02T02:00:00.000Z');
    expect(demoNow({}, new Date('2026-12-07T00:00:00Z')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(() => demoNow({ HOUQIN_DEMO_NOW: 'monday' })).toThrow(/HOUQIN_DEMO_NOW="monday"/);
  });

  it('pauses the seeding for good at the point HOUQIN_DEMO_PAUSE_AT names, and nowhere else', async () => {
    // Prepare
    const lines: string[] = [];
    const hook = demoPauseHook({ HOUQIN_DEMO_PAUSE_AT: 'submissions:3' }, (line) => lines.push(line));
    const settled = (promise: Promise<void>) =>
      Promise.race([promise.then(() => 'went on'), new Promise((resolve) => setTimeout(() => resolve('paused'), 20))]);
    // Act / Assess
    expect(await settled(hook.at('district'))).toBe('went on');
    expect(await settled(hook.after('submissions', 2))).toBe('went on');
    expect(await settled(hook.after('photos', 5))).toBe('went on');
    expect(await settled(hook.after('submissions', 3))).toBe('paused');
    expect(await settled(hook.after('photos', 1))).toBe('paused');
    expect(lines).toEqual(['houqin: demo seeding paused at submissions:3 (HOUQIN_DEMO_PAUSE_AT)']);
    expect(await settled(demoPauseHook({}).after('submissions', 1_000))).toBe('went on');
    expect(() => demoPauseHook({ HOUQIN_DEMO_PAUSE_AT: 'photos' })).toThrow(
      /expected district, submissions:<n> or photos:<n>/,
    );
  });
});
