import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initWasm } from '@resvg/resvg-wasm';

/*
 * The two binary files chart rendering needs: resvg's WebAssembly module and a CJK font that
 * ships with the project (Noto Sans SC, SIL OFL), so the PNGs look the same on a laptop and in
 * Lambda, which has no Chinese fonts. Each is read once per process.
 *
 * Where they are found, first match wins:
 *  1. the `assetDir` a caller passes (tests, a bench);
 *  2. the directory in REPORT_ASSET_DIR, read once at import (the Lambda bundle: the CDK
 *     bundling copies both files there);
 *  3. node_modules, through require.resolve (local runs, jest);
 *  4. the directory of the running bundle (a Lambda bundle that copied them next to index.js).
 */

/** The files a report asset directory holds, by the names they have in their npm packages. */
export const REPORT_ASSET_FILES = {
  /** resvg's WebAssembly module (@resvg/resvg-wasm, MPL-2.0), 2.4 MB. */
  wasm: { file: 'index_bg.wasm', module: '@resvg/resvg-wasm/index_bg.wasm' },
  /** Noto Sans SC Regular (@expo-google-fonts/noto-sans-sc, SIL OFL 1.1), 10 MB. */
  font: {
    file: 'NotoSansSC_400Regular.ttf',
    module: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  },
} as const;
export type ReportAsset = keyof typeof REPORT_ASSET_FILES;

/** The font family name inside the bundled TTF: charts ask for it by this name. */
export const REPORT_FONT_FAMILY = 'Noto Sans SC';

/** Read at cold start, as configuration should be (STYLE.md), not on each render. */
const ENV_ASSET_DIR = process.env.REPORT_ASSET_DIR || undefined;

/** The candidate paths of `asset`, in the order they are tried. */
export function reportAssetCandidates(asset: ReportAsset, assetDir: string | undefined = ENV_ASSET_DIR): string[] {
  const { file, module } = REPORT_ASSET_FILES[asset];
  const candidates: string[] = [];
  if (assetDir) candidates.push(join(assetDir, file));
  try {
    candidates.push(require.resolve(module));
  } catch {
    // Not in node_modules (a Lambda bundle): the bundle's own directory is the last resort.
  }
  candidates.push(join(__dirname, file));
  return candidates;
}

/** Reads the first candidate of `asset` that exists; the error lists every place it looked. */
export async function readReportAsset(asset: ReportAsset, assetDir?: string): Promise<Buffer> {
  const candidates = reportAssetCandidates(asset, assetDir);
  for (const path of candidates) {
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(
    `Report asset ${REPORT_ASSET_FILES[asset].file} not found; looked in: ${candidates.join(', ')} (set REPORT_ASSET_DIR)`,
  );
}

/** What chart rendering needs, ready: resvg initialised and the font's bytes. */
export interface ChartRuntime {
  font: Uint8Array;
}

let runtime: Promise<ChartRuntime> | undefined;

/**
 * Initialises resvg and reads the font, once per process (resvg refuses a second initWasm), so
 * the first call's `assetDir` is the one used; a failure is not kept, so the next call tries again.
 * Keeping the font's bytes matters: reading the 10 MB file for each chart costs more than
 * drawing it.
 */
export function loadChartRuntime(assetDir?: string): Promise<ChartRuntime> {
  runtime ??= (async () => {
    const [wasm, font] = await Promise.all([readReportAsset('wasm', assetDir), readReportAsset('font', assetDir)]);
    await initWasm(wasm);
    return { font: new Uint8Array(font.buffer, font.byteOffset, font.byteLength) };
  })().catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}
