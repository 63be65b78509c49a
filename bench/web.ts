/*
 * Bench module `web` (issue 17): what the school app costs a village school on the wire.
 * - the shell a school downloads on first open (index.html, JS, CSS), gzipped: budget 60 KB;
 * - a 4,000 × 3,000 camera photo of about 4 MB, put through the app's own photo code in Chromium
 *   (EXIF orientation, 1,600 px long side, JPEG re-encode): budget 400 KB sent;
 * - the bytes of a first open plus a canteen daily check with two such photos (every request the
 *   app makes, the API's answers measured by the local API adapter in this process, JSON gzipped
 *   as CloudFront compresses it, 500 bytes of HTTP headers per exchange), and the time that takes
 *   at 400 kbit/s (one bar of 3G), latency not counted.
 * Needs Chromium (/usr/bin/chromium, or CHROMIUM_PATH), like the browser tests.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createRequestHandler } from '../infra/local/http-adapter';
import { issueToken } from '../shared/directory/tokens';
import { localDate } from '../shared/time';
import { cameraJpeg } from '../test/browser/support';
import { BROWSER_TARGETS, buildWeb } from '../web/build';
import { row } from './support/rows';
import { round } from './support/stats';
import { BENCH_TIMEZONE, createBenchDistrict, exampleOf, WORKLOAD_FORMS } from './support/workload';
import type { BenchContext, BenchSection } from './types';

const KB = 1024;
/** HTTP/1.1 request and response headers of one exchange, roughly (HTTP/2 compresses them further). */
const HEADER_BYTES = 500;
const LINK_BITS_PER_SECOND = 400_000;

const gz = (bytes: Buffer | string) => gzipSync(bytes).byteLength;

/** Runs the app's photo code (web/src/offline/photo.ts) in Chromium on `photo`; returns the JPEG it would send. */
async function sendablePhoto(
  ctx: BenchContext,
  photo: Buffer,
): Promise<{ bytes: number; width: number; height: number; ms: number }> {
  const { launchChromium } = await import('../test/browser/support');
  const bundle = await build({
    stdin: {
      contents:
        "import { preparePhoto } from './web/src/offline/photo';\n(globalThis as any).preparePhoto = preparePhoto;",
      resolveDir: ctx.root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    target: BROWSER_TARGETS,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>photo</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    return await page.evaluate(`(async () => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(photo.toString('base64'))}), (c) => c.charCodeAt(0));
      const started = performance.now();
      const result = await preparePhoto(new Blob([bytes], { type: 'image/jpeg' }));
      return { bytes: result.blob.size, width: result.width, height: result.height, ms: performance.now() - started };
    })()`);
  } finally {
    await browser.close();
  }
}

/** A multipart body of the presigned POST: the signed fields, then the file. */
async function multipartBytes(fields: Record<string, string>, fileBytes: number): Promise<number> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(fileBytes)], { type: 'image/jpeg' }), 'photo.jpg');
  return (await new Response(form).arrayBuffer()).byteLength;
}

export async function run(ctx: BenchContext): Promise<BenchSection> {
  // The shell.
  const built = await buildWeb({ outdir: join(ctx.workDir, 'web') });
  const file = (path: string) => readFileSync(join(built.outdir, path));
  const shellGz = built.shell.reduce((sum, path) => sum + gz(file(path)), 0);
  const shellRaw = built.shell.reduce((sum, path) => sum + file(path).byteLength, 0);
  ctx.log(`web: shell ${built.shell.join(', ')}: ${round(shellRaw / KB, 1)} KB, ${round(shellGz / KB, 1)} KB gzipped`);

  // The photo: about 4 MB at 4,000 × 3,000, as a phone camera writes it.
  const original = cameraJpeg(4000, 3000, 7, 88);
  const sent = await sendablePhoto(ctx, original);
  ctx.log(
    `web: photo ${round(original.byteLength / KB / KB, 2)} MB → ${round(sent.bytes / KB, 1)} KB (${sent.width}×${sent.height}) in ${round(sent.ms, 0)} ms`,
  );

  // A first open and a canteen daily check with two such photos, through the local API adapter.
  const district = await createBenchDistrict('web', 1);
  const schoolId = district.schoolIds[0]!;
  const { token } = await issueToken({ role: 'school', districtId: district.districtId, schoolId });
  const handle = createRequestHandler({
    log: () => undefined,
    logError: (message, error) => ctx.log(`${message}: ${String(error)}`),
  });
  const exchanges: { what: string; up: number; down: number }[] = [];
  const call = async (what: string, method: string, url: string, body?: unknown) => {
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
    const answer = await handle({
      method,
      url,
      rawHeaders: [
        'authorization',
        `Bearer ${token}`,
        'accept-language',
        'zh-CN',
        'content-type',
        'application/json',
        'host',
        'app.example',
      ],
      body: payload,
      sourceIp: '127.0.0.1',
      httpVersion: '1.1',
    });
    if (answer.statusCode >= 400) throw new Error(`${what}: ${answer.statusCode} ${answer.body.toString()}`);
    exchanges.push({ what, up: HEADER_BYTES / 2 + gz(payload), down: HEADER_BYTES / 2 + gz(answer.body) });
    return JSON.parse(answer.body.toString()) as Record<string, unknown>;
  };
  const asset = (what: string, path: string) =>
    exchanges.push({ what, up: HEADER_BYTES / 2, down: HEADER_BYTES / 2 + gz(file(path)) });
  for (const path of built.shell) asset(path, path);
  asset('sw.js', 'sw.js');
  asset('manifest.webmanifest', 'manifest.webmanifest');
  asset('icon.svg', 'icon.svg');
  // The service worker's install revalidates what is not hashed (index.html, manifest, icon); hashed assets come from the HTTP cache.
  for (const path of ['index.html', 'manifest.webmanifest', 'icon.svg']) asset(`precache ${path}`, path);
  const month = localDate(BENCH_TIMEZONE).slice(0, 7);
  await call('GET /v1/me', 'GET', '/v1/me');
  await call('GET /v1/forms', 'GET', '/v1/forms');
  await call('GET /v1/compliance', 'GET', `/v1/compliance?month=${month}`);
  await call('GET /v1/submissions', 'GET', `/v1/submissions?month=${month}&limit=100`);
  await call('GET /v1/hazards', 'GET', '/v1/hazards?status=open&limit=50');
  const submissionId = randomUUID();
  await call('POST /v1/submissions', 'POST', '/v1/submissions', {
    submissionId,
    formType: WORKLOAD_FORMS.daily.id,
    formVersion: WORKLOAD_FORMS.daily.version,
    date: localDate(BENCH_TIMEZONE),
    answers: exampleOf(WORKLOAD_FORMS.daily),
  });
  for (const n of [1, 2]) {
    const grant = (await call(`POST photo grant ${n}`, 'POST', `/v1/submissions/${submissionId}/photos`, {
      contentType: 'image/jpeg',
      bytes: sent.bytes,
    })) as { upload: { fields: Record<string, string> } };
    // The JPEG is sent as it is (S3 uploads are not compressed); S3 answers 204.
    exchanges.push({
      what: `S3 upload ${n}`,
      up: HEADER_BYTES / 2 + (await multipartBytes(grant.upload.fields, sent.bytes)),
      down: HEADER_BYTES / 2,
    });
  }
  const totalBytes = exchanges.reduce((sum, exchange) => sum + exchange.up + exchange.down, 0);
  const seconds = (totalBytes * 8) / LINK_BITS_PER_SECOND;
  const naiveBytes = totalBytes - 2 * sent.bytes + 2 * original.byteLength;
  ctx.log(
    `web: first open + canteen check with two photos: ${round(totalBytes / KB, 1)} KB in ${exchanges.length} exchanges, ${round(seconds, 1)} s at 400 kbit/s`,
  );

  return {
    id: 'web',
    title: 'School app on the wire (issue 17)',
    rows: [
      row({
        id: 'web.shell-gzip-kb',
        name: 'app shell on first open (HTML + JS + CSS), gzipped',
        value: round(shellGz / KB, 1),
        unit: 'KiB',
        budget: { kind: 'maxValue', max: 60, description: '≤ 60 KB' },
      }),
      row({
        id: 'web.photo-sent-kb',
        name: `a ${round(original.byteLength / KB / KB, 1)} MB 4,000×3,000 photo as sent (${sent.width}×${sent.height} JPEG)`,
        value: round(sent.bytes / KB, 1),
        unit: 'KiB',
        baseline: round(original.byteLength / KB, 1),
        note: 'baseline: the camera file',
        budget: { kind: 'maxValue', max: 400, description: '≤ 400 KB' },
      }),
      row({
        id: 'web.canteen-check-kb',
        name: 'first open + canteen daily check with two such photos, on the wire',
        value: round(totalBytes / KB, 1),
        unit: 'KiB',
        baseline: round(naiveBytes / KB, 1),
        note: 'baseline: the same with the camera files sent as they are',
      }),
      row({
        id: 'web.canteen-check-seconds',
        name: 'the same at 400 kbit/s (latency not counted)',
        value: round(seconds, 1),
        unit: 's',
      }),
    ],
    details: {
      shell: Object.fromEntries(
        built.shell.map((path) => [path, { bytes: file(path).byteLength, gzip: gz(file(path)) }]),
      ),
      photo: {
        originalBytes: original.byteLength,
        sentBytes: sent.bytes,
        width: sent.width,
        height: sent.height,
        prepareMs: round(sent.ms, 0),
      },
      exchanges,
      headerBytesPerExchange: HEADER_BYTES,
      linkBitsPerSecond: LINK_BITS_PER_SECOND,
    },
  };
}
