import { join } from 'node:path';
import { build, stop, type Metafile } from 'esbuild';
import { bundlingOptions } from '../../bench/bundles';
import { FUNCTIONS, REPORT_ASSETS, type FunctionSpec } from '../../functions/manifest';

/*
 * What some bundles must not carry, because it costs a cold start (docs/performance.md): one
 * stray import would bring a library back without failing anything else. Bundled as the stack
 * bundles them (bench/bundles.ts bundlingOptions), in memory.
 */

const ROOT = join(__dirname, '..', '..');
const REPORT_LIBRARIES = ['echarts', 'exceljs', '@resvg/resvg-wasm'];

/** The npm packages a function's bundle takes code from. */
async function packagesIn(spec: FunctionSpec): Promise<Set<string>> {
  return new Set(
    Object.keys((await metafileOf(spec)).inputs).flatMap(
      (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? [],
    ),
  );
}

/** The bytes each input file puts in the bundle (0 when tree shaking dropped it). */
async function bytesByInput(spec: FunctionSpec): Promise<Map<string, number>> {
  const outputs = Object.values((await metafileOf(spec)).outputs);
  return new Map(
    outputs.flatMap((output) =>
      Object.entries(output.inputs).map(([file, { bytesInOutput }]) => [file, bytesInOutput]),
    ),
  );
}

/** Each function's metafile, bundled once for all the checks. */
const metafiles = new Map<string, Promise<Metafile>>();

function metafileOf(spec: FunctionSpec): Promise<Metafile> {
  let metafile = metafiles.get(spec.name);
  if (!metafile) {
    metafile = bundle(spec);
    metafiles.set(spec.name, metafile);
  }
  return metafile;
}

async function bundle(spec: FunctionSpec): Promise<Metafile> {
  const { metafile } = await build({
    ...bundlingOptions(join(ROOT, spec.entry), join(ROOT, '.bundle-check', spec.name, 'index.js')),
    // What goes in is all this asks: the same inputs without the work of minifying and mapping.
    minify: false,
    sourcemap: false,
    write: false,
    metafile: true,
  });
  return metafile;
}

const byName = (name: string) => FUNCTIONS.find((spec) => spec.name === name)!;
const rendersReport = (spec: FunctionSpec) => REPORT_ASSETS.some((asset) => spec.assets?.includes(asset));

describe('bundle contents', () => {
  // esbuild's service would keep jest's worker alive.
  afterAll(() => stop());

  it('keeps dynamodb-toolbox out of the submission function, which reads and writes with the bare document client', async () => {
    // Act
    const packages = await packagesIn(byName('record-submission'));
    // Assess: the check sees packages at all (the SDK is bundled), and not the toolbox.
    expect(packages).toContain('@aws-sdk/lib-dynamodb');
    expect(packages).not.toContain('dynamodb-toolbox');
  });

  it("keeps zod's 40-odd message locales out of a function (`import { z } from 'zod'` took them all: alert-officials 1,241 kB, over its 1,000 kB budget)", async () => {
    // Act
    const bytes = await bytesByInput(byName('alert-officials'));
    // Assess: zod is there, with at most the one locale its classic API configures.
    const kept = (part: string) => [...bytes].filter(([file, size]) => file.includes(part) && size > 0);
    expect(kept('node_modules/zod/').length).toBeGreaterThan(0);
    expect(kept('node_modules/zod/v4/locales/').length).toBeLessThanOrEqual(1);
  });

  it('keeps the report renderers out of every function that does not render the report', async () => {
    // Prepare
    const lean = FUNCTIONS.filter((spec) => !rendersReport(spec));
    // Act
    const found = await Promise.all(
      lean.map(async (spec) => {
        const packages = await packagesIn(spec);
        return [spec.name, REPORT_LIBRARIES.filter((library) => packages.has(library))] as const;
      }),
    );
    // Assess
    expect(lean.map((spec) => spec.name)).toEqual(
      expect.arrayContaining(['get-report', 'get-report-workbook', 'record-bounce', 'record-submission']),
    );
    expect(found.filter(([, libraries]) => libraries.length > 0)).toEqual([]);
    // ~20 s on an idle 2-core machine; a loaded one has taken over 120 s.
  }, 300_000);

  it("keeps the forms' demos (their demo.ts, the demo registry and kit) out of every function: only the local stack and the bench load them", async () => {
    // Act: the bundles of the previous check, read again.
    const inputs = await Promise.all(
      FUNCTIONS.map(async (spec) => [spec.name, Object.keys((await metafileOf(spec)).inputs)] as const),
    );
    // Assess: the check sees the forms' folders at all (the submission function validates by them).
    const isDemo = (file: string) => /shared\/forms\/(demo-registry|demo-kit|[a-z0-9-]+\/demo)\.ts$/.test(file);
    const submission = inputs.find(([name]) => name === 'record-submission')![1];
    expect(submission).toEqual(expect.arrayContaining(['shared/forms/registry.ts', 'shared/forms/greening/index.ts']));
    expect(inputs.filter(([, files]) => files.some(isDemo))).toEqual([]);
  }, 300_000);
});
