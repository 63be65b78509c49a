/*
 * Builds the school app (and the officials' console) into web/dist/ with esbuild:
 *   index.html               never cached (it names the current hashed files)
 *   sw.js                    the service worker, never cached; its precache list is written in
 *   assets/app-<hash>.js|css hashed, immutable
 *   icon.svg, manifest.webmanifest
 * `npx tsx web/build.ts` builds once; `npm start` builds, then rebuilds when web/ changes.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

export const WEB_ROOT = resolve(__dirname);
export const WEB_DIST = join(WEB_ROOT, 'dist');
const STATIC_FILES = ['icon.svg', 'manifest.webmanifest'];
/** WeChat's built-in browser (XWeb, Chromium based), mobile Chrome, Safari 15 (iOS 15) and later. */
export const BROWSER_TARGETS = ['es2020', 'chrome80', 'safari15'];

export interface WebBuild {
  outdir: string;
  /** Every file written, relative to outdir, with its size in bytes. */
  files: { path: string; bytes: number }[];
  /** What a first open downloads: index.html, the JS and the CSS (relative paths). */
  shell: string[];
  /** The precache list the service worker carries. */
  precache: string[];
  ms: number;
}

function listFiles(dir: string, base = dir): { path: string; bytes: number }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory()
      ? listFiles(full, base)
      : [{ path: relative(base, full), bytes: statSync(full).size }];
  });
}

/** Builds into a fresh folder, then swaps it in, so a server never serves half a build. */
export async function buildWeb(options: { outdir?: string; minify?: boolean } = {}): Promise<WebBuild> {
  const started = Date.now();
  const outdir = options.outdir ?? WEB_DIST;
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'assets'), { recursive: true });
  const minify = options.minify ?? true;

  const app = await build({
    entryPoints: { app: join(WEB_ROOT, 'src', 'main.ts') },
    bundle: true,
    minify,
    format: 'esm',
    target: BROWSER_TARGETS,
    outdir: join(staging, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    // The officials' console is a dynamic import: its own chunk, never part of a school's first open.
    splitting: true,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    // Packages are named by the path they are found at (node_modules/…), not where a symlinked
    // node_modules really lives: esbuild's file hashes and module order follow the input paths,
    // and the same commit must give the same files from any folder (test/infra/reproducible-assets.test.ts).
    preserveSymlinks: true,
  });
  const entry = Object.entries(app.metafile.outputs).find(([, output]) => output.entryPoint);
  if (!entry) throw new Error('esbuild wrote no JavaScript');
  const js = `assets/${basename(entry[0])}`;
  // The chunks the entry imports statically load with it: part of the shell.
  const staticChunks = new Set<string>();
  const visit = (output: string) => {
    for (const imported of app.metafile.outputs[output]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !staticChunks.has(imported.path)) {
        staticChunks.add(imported.path);
        visit(imported.path);
      }
    }
  };
  visit(entry[0]);
  const chunks = [...staticChunks].map((path) => `assets/${basename(path)}`);
  // Every stylesheet is linked (esbuild does not load a lazy chunk's CSS): the console's is small.
  const cssFiles = Object.keys(app.metafile.outputs)
    .filter((path) => path.endsWith('.css'))
    .map((path) => `assets/${basename(path)}`)
    .sort((a, b) => (a.startsWith('assets/app-') ? -1 : b.startsWith('assets/app-') ? 1 : a.localeCompare(b)));

  for (const name of STATIC_FILES) copyFileSync(join(WEB_ROOT, name), join(staging, name));
  const template = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8');
  const html = template
    .replace('<!--styles-->', cssFiles.map((css) => `<link rel="stylesheet" href="./${css}">`).join('\n'))
    .replace(
      '<!--scripts-->',
      [
        ...chunks.map((chunk) => `<link rel="modulepreload" href="./${chunk}">`),
        `<script type="module" src="./${js}"></script>`,
      ].join('\n'),
    );
  writeFileSync(join(staging, 'index.html'), html);

  // The entry, its CSS and the static files; other chunks (the console) are cached when first used.
  const precache = [
    './index.html',
    `./${js}`,
    ...chunks.map((chunk) => `./${chunk}`),
    ...cssFiles.map((css) => `./${css}`),
    ...STATIC_FILES.map((name) => `./${name}`),
  ];
  const version = createHash('sha256')
    .update(
      precache
        .map((path) => readFileSync(join(staging, path)))
        .reduce((all, buffer) => Buffer.concat([all, buffer]), Buffer.alloc(0)),
    )
    .digest('hex')
    .slice(0, 12);
  await build({
    entryPoints: [join(WEB_ROOT, 'src', 'sw.ts')],
    bundle: true,
    minify,
    format: 'iife',
    target: BROWSER_TARGETS,
    outfile: join(staging, 'sw.js'),
    define: { __PRECACHE__: JSON.stringify(precache), __VERSION__: JSON.stringify(version) },
    legalComments: 'none',
    logLevel: 'silent',
    preserveSymlinks: true, // as for the app above
  });

  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(dirname(outdir), { recursive: true });
  renameSync(staging, outdir);
  return {
    outdir,
    files: listFiles(outdir),
    shell: ['index.html', js, ...chunks, ...cssFiles],
    precache,
    ms: Date.now() - started,
  };
}

/** Rebuilds whenever a file under web/ (outside dist/) changes; a failed build is reported and the last good one stays. */
export function watchWeb(
  onBuild: (result: WebBuild | Error) => void,
  options: { outdir?: string } = {},
): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      onBuild(await buildWeb(options));
    } catch (error) {
      onBuild(error as Error);
    } finally {
      running = false;
      if (again) {
        again = false;
        void run();
      }
    }
  };
  const watcher = watch(WEB_ROOT, { recursive: true }, (_event, name) => {
    if (!name || name.startsWith('dist') || name.includes('.staging-')) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 150);
  });
  // Never what keeps a process alive.
  watcher.unref();
  return {
    stop: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

if (require.main === module) {
  buildWeb()
    .then((result) => {
      console.log(
        `web: built ${result.files.length} files into ${relative(process.cwd(), result.outdir)} in ${result.ms} ms`,
      );
      for (const file of result.files) console.log(`  ${file.path}  ${file.bytes} bytes`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

export function webBuilt(outdir: string = WEB_DIST): boolean {
  return existsSync(join(outdir, 'index.html'));
}
