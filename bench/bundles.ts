/*
 * Bench 1, bundles: every function of the manifest bundled as the CDK stack bundles it (esbuild,
 * minified, the AWS SDK inside, Node target, CommonJS), then its minified JS size and its cold
 * import time: a fresh `node` process per measurement requires the bundle and reports the
 * time the require took (hrtime around it, so Node's own start is left out), the median of
 * ≥ 10. Everything is compared with bench/baseline/put-item.ts, one PutItem with lib-dynamodb,
 * bundled the same way in the same run. The measurements are interleaved (one round = every
 * bundle once) so drift on a shared machine spreads over all of them alike.
 *
 * Budgets (issue 7): record-submission's import within 1.5× the baseline's; no bundle over
 * 1 MB (1,000,000 bytes of JS) except the functions that render the report (those with the
 * manifest's report assets: font and .wasm, reported apart).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { FUNCTIONS, REPORT_ASSETS, type FunctionSpec } from '../functions/manifest';
import { row } from './support/rows';
import { median, round } from './support/stats';
import type { BenchContext, BenchRow, BenchSection } from './types';

const execFileAsync = promisify(execFile);

/** The submission function's import-time budget against the baseline's. */
export const SUBMISSION_IMPORT_BUDGET = 1.5;
/** The bundle size ceiling for functions that do not render the report: 1 MB. */
export const BUNDLE_SIZE_BUDGET_KB = 1000;
const SUBMISSION_FUNCTION = 'record-submission';
const BASELINE = { name: 'baseline (PutItem)', entry: 'bench/baseline/put-item.ts' };

/**
 * The esbuild options NodejsFunction uses with the bundling props of
 * infra/constructs/houqin-function.ts (minify, source map without sources, `module` before
 * `main`, nothing external so the AWS SDK is inside, CommonJS for Node). The target is the
 * local Node's major (the deployed runtime is newer; the import is measured on this Node).
 * Keep in step with that construct.
 */
export function bundlingOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    mainFields: ['module', 'main'],
    external: [],
    logLevel: 'warning',
  };
}

/** Whether a function renders the report (its bundle may exceed the size budget). */
function rendersReport(spec: FunctionSpec): boolean {
  return REPORT_ASSETS.some((asset) => spec.assets?.includes(asset));
}

interface Bundle {
  name: string;
  dir: string;
  file: string;
  bytes: number;
  assetBytes: number;
  /** The largest contributors to the JS, by package (or first-party folder), in bytes. */
  largest: Record<string, number>;
  spec?: FunctionSpec;
}

/** Bytes of the output per package (node_modules/<pkg>) or first-party top folder, largest first. */
function largestInputs(metafile: Metafile, top = 6): Record<string, number> {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = match ? match[1]! : input.split('/')[0]!;
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  return Object.fromEntries([...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top));
}

async function bundle(
  ctx: BenchContext,
  name: string,
  entry: string,
  assets: readonly string[] = [],
  spec?: FunctionSpec,
): Promise<Bundle> {
  const dir = join(ctx.workDir, 'bundles', name.replace(/[^a-z0-9-]/gi, '_'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.js');
  const { metafile } = await build({ ...bundlingOptions(join(ctx.root, entry), file), metafile: true });
  let assetBytes = 0;
  for (const asset of assets) {
    const target = join(dir, basename(asset));
    copyFileSync(join(ctx.root, asset), target);
    assetBytes += statSync(target).size;
  }
  return {
    name,
    dir,
    file,
    bytes: statSync(file).size,
    assetBytes,
    largest: largestInputs(metafile),
    ...(spec ? { spec } : {}),
  };
}

/**
 * A fresh Node process that requires the bundle and prints how long the require took (ms).
 * The environment names the bench's table and a dead endpoint: a handler reads its settings at
 * import, and nothing may reach AWS.
 */
const IMPORT_PROBE = `
const started = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
process.exit(0);
`;

async function importMs(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { stdout } = await execFileAsync(process.execPath, ['-e', IMPORT_PROBE, file], { env, timeout: 60_000 });
  const ms = Number(stdout.trim());
  if (!Number.isFinite(ms)) throw new Error(`importing ${file} printed ${stdout}`);
  return ms;
}

export async function run(ctx: BenchContext): Promise<BenchSection> {
  const rounds = ctx.quick ? 3 : 21;
  ctx.log(`bundles: bundling ${FUNCTIONS.length} functions and the baseline…`);
  const baseline = await bundle(ctx, BASELINE.name, BASELINE.entry);
  const bundles: Bundle[] = [];
  for (const spec of FUNCTIONS) bundles.push(await bundle(ctx, spec.name, spec.entry, spec.assets, spec));

  // Settings every handler checks at import; the SDK would fail fast rather than reach AWS.
  const env = { ...process.env, ...ctx.env, NODE_OPTIONS: '' };
  const all = [baseline, ...bundles];
  const samples = new Map<string, number[]>(all.map((b) => [b.name, []]));
  ctx.log(`bundles: ${rounds} rounds of cold imports of ${all.length} bundles…`);
  for (let round = 0; round < rounds; round += 1) {
    for (const b of all) samples.get(b.name)!.push(await importMs(b.file, env));
  }

  const baselineKb = baseline.bytes / 1000;
  const baselineMs = median(samples.get(baseline.name)!);
  const rows: BenchRow[] = [
    row({
      id: 'bundles.baseline.size',
      name: 'baseline bundle size (one PutItem, lib-dynamodb)',
      value: round(baselineKb, 1),
      unit: 'kB',
    }),
    row({
      id: 'bundles.baseline.import',
      name: 'baseline cold import (median)',
      value: round(baselineMs, 1),
      unit: 'ms',
    }),
  ];
  for (const b of bundles) {
    const renderer = b.spec ? rendersReport(b.spec) : false;
    rows.push(
      row({
        id: `bundles.${b.name}.size`,
        name: `${b.name} bundle size`,
        value: round(b.bytes / 1000, 1),
        unit: 'kB',
        baseline: round(baselineKb, 1),
        ...(renderer
          ? { note: `renders the report; + ${round(b.assetBytes / 1e6, 1)} MB of font and .wasm` }
          : {
              budget: {
                kind: 'maxValue',
                max: BUNDLE_SIZE_BUDGET_KB,
                description: 'no bundle over 1 MB except the report renderers',
              },
            }),
      }),
      row({
        id: `bundles.${b.name}.import`,
        name: `${b.name} cold import (median)`,
        value: round(median(samples.get(b.name)!), 1),
        unit: 'ms',
        baseline: round(baselineMs, 1),
        ...(b.name === SUBMISSION_FUNCTION
          ? {
              budget: {
                kind: 'maxRatio',
                max: SUBMISSION_IMPORT_BUDGET,
                description: 'the submission function within 1.5× the baseline’s import time',
              },
            }
          : {}),
      }),
    );
  }
  return {
    id: 'bundles',
    title: `Bundles (minified, AWS SDK inside; cold import = median of ${rounds} fresh processes)`,
    rows,
    details: {
      rounds,
      esbuildTarget: bundlingOptions('x', 'y').target,
      bytes: Object.fromEntries(all.map((b) => [b.name, { js: b.bytes, assets: b.assetBytes, largest: b.largest }])),
      importSamplesMs: Object.fromEntries([...samples].map(([name, values]) => [name, values.map((v) => round(v, 2))])),
    },
  };
}
