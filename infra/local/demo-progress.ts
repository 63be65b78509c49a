import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as z from 'zod';

/*
 * The demo history's progress on the local stack: `<HOUQIN_LOCAL_DIR>/data/demo-progress.json`,
 * written when the first start has seeded the district (its calendar and its credentials file)
 * and after each later step of the background seeding, and marked complete after its last one.
 * A start that finds it incomplete (the first start was stopped, killed or failed part-way)
 * records the rest in the background exactly as the first start would have, with the first
 * start's clock (`now`), so the plan, its fixed submission ids and its times are the same:
 * what is stored already is answered as a replay, a hazard's steps already taken are skipped, a
 * photo already there is left alone, and the report is asked for again (producing is
 * idempotent and its mail goes once). Nothing is counted twice.
 *
 * It lives in the data folder, so `--reset` (or a new table) starts it afresh with the data.
 */

/** The steps of the first start's demo seeding, in order. */
export const DEMO_STEPS = ['district', 'previous-month', 'report', 'history', 'photos'] as const;
export type DemoStep = (typeof DEMO_STEPS)[number];

/** What a step stands for, in the start's lines. */
const STEP_TEXT: Record<DemoStep, string> = {
  district: 'district, calendar and tokens',
  'previous-month': 'last month with its hazards’ photos',
  report: 'last month’s report asked for',
  history: 'this month so far',
  photos: 'demo photos',
};

const progressSchema = z.object({
  districtId: z.string().min(1),
  /** The first start's clock: the history is planned for it on every start that resumes it. */
  now: z.iso.datetime(),
  /** When each step finished (ISO-8601). */
  done: z.partialRecord(z.enum(DEMO_STEPS), z.iso.datetime()),
  /** Starts that resumed it. */
  resumed: z.number().int().nonnegative().default(0),
});

export type DemoProgress = z.infer<typeof progressSchema>;

/** The recorded progress; undefined when there is none (no demo, or data from before it was recorded). */
export function readDemoProgress(path: string): DemoProgress | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = progressSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${path} is not a demo progress file (${parsed.error.issues[0]?.message ?? 'invalid'}); \`npm start -- --reset\` starts afresh`,
    );
  return parsed.data;
}

/** Writes the progress whole (a temporary file renamed over it), so a killed start never leaves half a file. */
export function writeDemoProgress(path: string, progress: DemoProgress): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(temporary, path);
}

export function removeDemoProgress(path: string): void {
  rmSync(path, { force: true });
}

/** Records `step` as done (and writes the file). */
export function markDemoStep(path: string, progress: DemoProgress, step: DemoStep, at: Date = new Date()): void {
  progress.done[step] = at.toISOString();
  writeDemoProgress(path, progress);
}

export function isDemoComplete(progress: DemoProgress): boolean {
  return DEMO_STEPS.every((step) => progress.done[step]);
}

/** The "demo history resumed: …" line's text: what is done and what is left. */
export function describeResume(progress: DemoProgress): string {
  const done = DEMO_STEPS.filter((step) => progress.done[step]).map((step) => STEP_TEXT[step]);
  const left = DEMO_STEPS.filter((step) => !progress.done[step]).map((step) => STEP_TEXT[step]);
  return `the first start (${progress.now}) was stopped before it finished; done: ${done.join(', ') || 'nothing'}; recording in the background: ${left.join(', ')} (what is stored already is a replay, nothing is counted twice)`;
}

/**
 * The demo's clock on a first start: now, or HOUQIN_DEMO_NOW (an ISO-8601 instant) when set, so
 * tests get the same history whatever the day. Resumed starts use the recorded one instead.
 */
export function demoNow(env: NodeJS.ProcessEnv, now: Date = new Date()): Date {
  const fixed = env.HOUQIN_DEMO_NOW;
  if (!fixed) return now;
  const parsed = new Date(fixed);
  if (Number.isNaN(parsed.getTime()))
    throw new Error(`HOUQIN_DEMO_NOW="${fixed}" is not an ISO-8601 instant (e.g. 2026-11-02T02:00:00Z)`);
  return parsed;
}

/**
 * Test hook: HOUQIN_DEMO_PAUSE_AT=district | submissions:<n> | photos:<n> stops the demo's
 * background seeding for good at that point (after the district; after n submissions recorded
 * by this start; after n of the last step's demo photos) and prints one line saying so, so a
 * test can kill the stack at a known point of the first seeding. Unset, it does nothing.
 */
export interface DemoPauseHook {
  /** Called at a point: never resolves when the pause is set there. */
  at(point: 'district'): Promise<void>;
  /** Called after each unit (submission or photo) of a counted stage. */
  after(stage: 'submissions' | 'photos', count: number): Promise<void>;
}

const PAUSE_POINT = /^(?:(district)|(submissions|photos):(\d+))$/;

export function demoPauseHook(env: NodeJS.ProcessEnv, log: (line: string) => void = console.log): DemoPauseHook {
  const setting = env.HOUQIN_DEMO_PAUSE_AT;
  const match = setting ? PAUSE_POINT.exec(setting) : null;
  if (setting && !match)
    throw new Error(`HOUQIN_DEMO_PAUSE_AT="${setting}": expected district, submissions:<n> or photos:<n>`);
  let paused: Promise<void> | undefined;
  const pause = (where: string) => {
    if (!paused) {
      log(`houqin: demo seeding paused at ${where} (HOUQIN_DEMO_PAUSE_AT)`);
      paused = new Promise<void>(() => undefined);
    }
    return paused;
  };
  return {
    at: async (point) => {
      if (match?.[1] === point) await pause(point);
    },
    after: async (stage, count) => {
      if (paused || (match?.[2] === stage && count >= Number(match[3]))) await pause(`${stage}:${match![3]}`);
    },
  };
}
