import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  type Dirent,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { FUNCTIONS } from '../../functions/manifest';
import { EXAMPLE_ENVIRONMENT } from '../../infra/environment';
import { PROJECT_ROOT } from '../../infra/constructs/houqin-function';

/*
 * The same commit synthesized from two different folders must give the same asset hashes:
 * otherwise every deploy from another machine (or another CI checkout) uploads and redeploys
 * every function. Two copies of the project's files at different paths and depths, sharing
 * node_modules by a symlink as two checkouts on one machine would share nothing else, are
 * synthesized as `cdk synth -c env=example` does (infra/app.ts with the CLI's context), and the
 * web app is built in each; the templates, the asset hashes and the web files must be identical.
 */

/** Folders never copied (when git cannot list the project's files). */
const NOT_COPIED = new Set(['.git', 'node_modules', 'cdk.out', '.local', 'coverage', 'dist']);

/** The project's files, relative to its root: what git tracks or would track, else a walk. */
function projectFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  const listed =
    git.status === 0
      ? git.stdout.split('\0').filter(Boolean)
      : (function walk(dir: string): string[] {
          return readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) return NOT_COPIED.has(entry.name) ? [] : walk(path);
            return entry.isFile() ? [path] : [];
          });
        })('');
  // A file deleted in the working tree but still in git's index is not part of the project.
  return listed.filter((file) => {
    try {
      return lstatSync(join(PROJECT_ROOT, file)).isFile();
    } catch {
      return false;
    }
  });
}

/** Copies the project's files to `copy`, with node_modules a symlink to the real one. */
function copyProject(files: string[], copy: string): void {
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, file), join(copy, file));
  }
  symlinkSync(realpathSync(join(PROJECT_ROOT, 'node_modules')), join(copy, 'node_modules'), 'dir');
}

/** Runs `args` with the copy's tsx in the copy; rejects with its output if it fails. */
function tsx(copy: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(copy, 'node_modules', '.bin', 'tsx'), args, {
      cwd: copy,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`tsx ${args[0]} in ${copy} exited ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

/** What one copy produced: the template, each asset's hash by its construct, and the web files' digests. */
interface Build {
  template: string;
  assets: Record<string, string>;
  web: Record<string, string>;
}

/** Synthesizes the copy as `cdk synth -c env=example -o <outdir>` would, and builds its web app. */
async function build({ copy, outdir }: { copy: string; outdir: string }): Promise<Build> {
  const cdkJson = JSON.parse(readFileSync(join(copy, 'cdk.json'), 'utf8'));
  const webOut = join(copy, 'web', 'dist');
  const runs = await Promise.allSettled([
    // The CDK CLI runs the app with its context (cdk.json's and the -c values) and the output folder in the environment.
    tsx(copy, ['infra/app.ts'], {
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, env: EXAMPLE_ENVIRONMENT }),
      CDK_OUTDIR: outdir,
    }),
    tsx(
      copy,
      [
        '--eval',
        "import('./web/build.ts').then((m) => (m.buildWeb ?? m.default.buildWeb)({ outdir: process.env.WEB_OUT }))",
      ],
      {
        WEB_OUT: webOut,
      },
    ),
  ]);
  // Both finish before a failure is reported: no synth is left running behind the test.
  for (const run of runs) if (run.status === 'rejected') throw run.reason;
  const manifest = JSON.parse(readFileSync(join(outdir, 'Houqin.assets.json'), 'utf8')) as {
    files: Record<string, { displayName?: string; source: { path: string } }>;
  };
  const assets = Object.fromEntries(
    Object.entries(manifest.files).map(([hash, file]) => [file.displayName ?? file.source.path, hash]),
  );
  const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const web = Object.fromEntries(
    (readdirSync(webOut, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = join(entry.parentPath, entry.name);
        return [relative(webOut, file), digest(file)];
      }),
  );
  return { template: readFileSync(join(outdir, 'Houqin.template.json'), 'utf8'), assets, web };
}

describe('reproducible assets', () => {
  let base: string;
  let firstBuild: Build;
  let secondBuild: Build;

  beforeAll(async () => {
    // Prepare: two copies at different paths and depths; one synthesizes into its own cdk.out (the
    // default), the other into a folder outside it (`cdk synth -o …`, as CI pipelines do). esbuild
    // writes source paths relative to that folder, so both layouts must give the same bundles.
    base = mkdtempSync(join(tmpdir(), 'houqin-reproducible-'));
    const first = join(base, 'a', 'houqin');
    const second = join(base, 'second', 'checkout', 'houqin-copy');
    const copies = [
      { copy: first, outdir: join(first, 'cdk.out') },
      { copy: second, outdir: join(base, 'second', 'synth-output') },
    ];
    const files = projectFiles();
    for (const { copy } of copies) copyProject(files, copy);
    // Act: both at once (each bundles every function with esbuild).
    [firstBuild, secondBuild] = (await Promise.all(copies.map(build))) as [Build, Build];
  }, 1_200_000);

  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('bundles every function (the comparison below is not vacuous)', () => {
    // Assess: one code asset per function, plus the template.
    const code = Object.keys(firstBuild.assets).filter((name) => name.includes('/Function/Code'));
    expect(code).toHaveLength(FUNCTIONS.length);
  });

  it('gives every asset the same hash from both folders', () => {
    // Assess
    expect(secondBuild.assets).toEqual(firstBuild.assets);
  });

  it('synthesizes the same template from both folders', () => {
    // Assess: the template references the assets by hash, so a deploy from either changes nothing.
    expect(secondBuild.template).toBe(firstBuild.template);
  });

  it('builds the same web app files from both folders', () => {
    // Assess
    expect(Object.keys(firstBuild.web).length).toBeGreaterThan(3);
    expect(secondBuild.web).toEqual(firstBuild.web);
  });
});
