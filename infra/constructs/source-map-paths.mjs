/**
 * Rewrites the `sources` of a bundle's source map relative to the project root, so the bundle
 * (and the asset hash CDK computes from it) is the same whichever folder the checkout is in.
 *
 *   node infra/constructs/source-map-paths.mjs <output dir>/index.js.map <project root>
 *
 * esbuild writes each source relative to the output folder, which is a temporary folder of the
 * cloud assembly: `../../../home/ci/checkout/functions/x/handler.ts` differs per machine and per
 * folder. After this, sources read `functions/x/handler.ts` and `node_modules/<package>/…`; at run
 * time (NODE_OPTIONS=--enable-source-maps) they resolve next to the bundle, e.g.
 * /var/task/functions/x/handler.ts, which is what a stack trace needs.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `file` relative to the first root that contains it, with forward slashes; undefined if none does. */
function within(roots, file) {
  for (const root of roots) {
    const relative = path.relative(root, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return undefined;
}

/** The stable name of one source: relative to the project, else from its node_modules folder on, else its file name. */
export function stableSource(file, roots) {
  const normalized = file.split(path.sep).join('/');
  const inProject = within(roots, file);
  // A package outside the project (node_modules shared by a symlink, a workspace's hoisted
  // packages) is named from its node_modules folder on, like one inside it.
  if (inProject !== undefined && !inProject.startsWith('node_modules/')) return inProject;
  const packages = normalized.indexOf('/node_modules/');
  if (packages >= 0) return normalized.slice(packages + 1);
  return inProject ?? path.basename(file);
}

/** Rewrites the map at `mapFile` in place. */
export function rewriteSourceMap(mapFile, projectRoot) {
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const base = path.resolve(path.dirname(mapFile), map.sourceRoot ?? '');
  const roots = [...new Set([path.resolve(projectRoot), realpathSync(projectRoot)])];
  map.sources = map.sources.map((source) => stableSource(path.resolve(base, source), roots));
  delete map.sourceRoot;
  writeFileSync(mapFile, JSON.stringify(map));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mapFile, projectRoot] = process.argv.slice(2);
  if (!mapFile || !projectRoot) {
    console.error('usage: node infra/constructs/source-map-paths.mjs <index.js.map> <project root>');
    process.exit(2);
  }
  rewriteSourceMap(mapFile, projectRoot);
}
