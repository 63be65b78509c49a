/*
 * `npm run bench [-- --quick] [--strict] [--only bundles,submission-path]`: every benchmark of
 * issue 7 in one go on this machine. Starts the emulators once (DynamoDB Local, s3rver,
 * aws-ses-v2-local on free ports of 127.0.0.1), runs each bench module in turn, prints one
 * table and writes it as JSON to bench/results/latest.json and bench/results/<timestamp>.json.
 * Each figure is stated as a ratio to a baseline measured in the same run: absolute times on a
 * shared machine drift, ratios far less. Exits 1 only with --strict and a budget that fails
 * (or a module that could not run).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { StackNames } from '../infra/local/emulators';
import { writePerformanceDoc } from './performance-doc';
import { withEmf } from './support/emf';
import { markdownTable } from './support/table';
import type { BenchContext, BenchModule, BenchReport, BenchSection } from './types';

const ROOT = resolve(__dirname, '..');
const RESULTS_DIR = join(__dirname, 'results');

/** The modules in the order they run; a module whose file is not there yet is skipped. */
const MODULES = [
  'bundles',
  'submission-path',
  'http-throughput',
  'rollup-scale',
  'history-import',
  'annual-rollup',
  'web',
  'console',
  'sweep',
  'cost-model',
] as const;

/** Resource names of the bench's emulators (its own, so nothing else's data is touched). */
export const BENCH_NAMES: StackNames = {
  tableName: 'houqin-bench',
  bucketName: 'houqin-bench',
  eventBusName: 'houqin-bench',
  senderAddress: 'houqin-bench@example.com',
};

const USAGE = `Usage: npm run bench [-- --quick] [--strict] [--only <module,…>]
       npm run bench -- --write-docs

  --quick       short runs for development (also BENCH_QUICK=1): indicative figures only
  --strict      exit 1 when a budget fails or a module cannot run
  --only        run only these modules (${MODULES.join(', ')})
  --write-docs  run nothing: rewrite docs/performance.md's tables from bench/results/latest.json
  --help        show this text

Writes bench/results/<timestamp>.json (git-ignored) and, for a full run of every module,
bench/results/latest.json (committed) and docs/performance.md's tables from it.`;

export interface BenchOptions {
  quick: boolean;
  strict: boolean;
  only?: string[];
  /** Run nothing; rewrite docs/performance.md's tables from latest.json. */
  writeDocs: boolean;
  help: boolean;
}

/** Parses the command line; an unknown flag is an error. */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const options: BenchOptions = { quick: env.BENCH_QUICK === '1', strict: false, writeDocs: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--strict') options.strict = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--write-docs') options.writeDocs = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const list = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!list) throw new Error('--only needs a list of modules');
      options.only = list.split(',').map((name) => name.trim());
      const unknown = options.only.filter((name) => !(MODULES as readonly string[]).includes(name));
      if (unknown.length) throw new Error(`unknown module(s): ${unknown.join(', ')} (known: ${MODULES.join(', ')})`);
    } else throw new Error(`unknown argument ${arg}\n\n${USAGE}`);
  }
  return options;
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function loadModule(name: string): Promise<BenchModule | undefined> {
  const file = join(__dirname, `${name}.ts`);
  if (!existsSync(file)) return undefined;
  const module = (await import(file)) as { run?: BenchModule };
  if (typeof module.run !== 'function') throw new Error(`bench/${name}.ts exports no run function`);
  return module.run;
}

function machine(): BenchReport['machine'] {
  const cpu = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 2 ** 20),
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Runs the selected modules against one set of emulators and returns the report. */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date();
  // Node 20 is supported; the SDK's notice about Node 22 would interleave with the table.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const { applyEnvironment, emulatorEnvironment, startEmulators } = await import('../infra/local/emulators');

  log(
    `${options.quick ? 'quick' : 'full'} run on ${cpus().length} CPUs (load ${loadavg()[0]?.toFixed(2)}, ${Math.round(freemem() / 2 ** 20)} MB free); starting the emulators…`,
  );
  const emulators = await startEmulators({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    tableName: BENCH_NAMES.tableName,
    bucketName: BENCH_NAMES.bucketName,
  });
  const env = emulatorEnvironment(emulators, BENCH_NAMES);
  applyEnvironment(env);
  const workDir = mkdtempSync(join(tmpdir(), 'houqin-bench-'));
  const ctx: BenchContext = { quick: options.quick, emulators, names: BENCH_NAMES, env, root: ROOT, workDir, log };

  const sections: BenchSection[] = [];
  try {
    for (const name of MODULES) {
      if (options.only && !options.only.includes(name)) continue;
      const run = await loadModule(name);
      if (!run) {
        log(`${name}: bench/${name}.ts is not there yet, skipped`);
        continue;
      }
      log(`${name}: running…`);
      const began = performance.now();
      try {
        // Handlers called in-process write their domain metrics (EMF lines) to stdout: counted, not printed.
        const { result: section, emf } = await withEmf(() => run(ctx, [...sections]));
        sections.push(section);
        const metrics = emf.lines ? `, ${emf.lines.toLocaleString('en')} metric lines (EMF) kept off stdout` : '';
        log(`${name}: done in ${((performance.now() - began) / 1000).toFixed(1)} s${metrics}`);
      } catch (error) {
        log(`${name}: FAILED: ${(error as Error).stack ?? String(error)}`);
        sections.push({ id: name, title: `${name} (failed)`, rows: [], details: { error: (error as Error).message } });
      }
    }
  } finally {
    await emulators.stop();
    rmSync(workDir, { recursive: true, force: true });
  }

  const failures = sections.flatMap((section) => [
    ...section.rows.filter((row) => row.pass === false).map((row) => row.id),
    ...(section.details?.error ? [`${section.id}: ${String(section.details.error)}`] : []),
  ]);
  return {
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 100) / 10,
    quick: options.quick,
    machine: machine(),
    sections,
    failures,
  };
}

/**
 * Writes <timestamp>.json and, for a full run of every module, latest.json (the committed
 * table); a quick or partial run never replaces it. Returns the paths written.
 */
export function writeReport(report: BenchReport, options: { latest: boolean }, dir = RESULTS_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const stamped = join(
    dir,
    `${report.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}${report.quick ? '-quick' : ''}.json`,
  );
  writeFileSync(stamped, json);
  if (!options.latest) return [stamped];
  const latest = join(dir, 'latest.json');
  writeFileSync(latest, json);
  return [latest, stamped];
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.writeDocs) {
    const changed = writePerformanceDoc();
    log(`docs/performance.md ${changed ? 'rewritten' : 'already matches'} bench/results/latest.json`);
    return;
  }
  const report = await runBench(options);
  console.log(markdownTable(report.sections));
  console.log(
    `\n${report.quick ? 'Quick run (indicative only). ' : ''}${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, ${report.durationSeconds} s.`,
  );
  const latest = !report.quick && !options.only;
  const written = writeReport(report, { latest });
  log(`written ${written.map((path) => path.slice(ROOT.length + 1)).join(' and ')}`);
  // The documented tables follow latest.json, and only it: a quick or partial run changes neither.
  if (latest && writePerformanceDoc(report)) log('written docs/performance.md (its tables)');
  if (report.failures.length) {
    log(`budgets failed or modules broken: ${report.failures.join('; ')}`);
    if (options.strict) process.exit(1);
  }
  // Handlers' SDK clients keep sockets open; the work is done.
  process.exit(0);
}

if (require.main === module) void main();
