/*
 * Bench module `console` (issue 18): the officials' console's overview for the bench's generated
 * 300-school district (bench/generate-district.ts, this month so far), in Chromium against the
 * local API adapter serving the built app at its origin, as `npm start` does:
 * - the requests the overview makes (the API's and the app's own files) and their bytes;
 * - the time from opening the login link to the overview on screen, against the time its API
 *   calls were in flight (the union of their intervals, from the browser's resource timing), in
 *   the same page load: budget ≤ 5 API requests, render ≤ 1.5× the API time. The median of
 *   three loads after a warm-up (the adapter's handlers loaded once, as warm Lambdas). DynamoDB
 *   Local is far slower than DynamoDB, so the absolute times are the emulator's; the ratio holds.
 * Needs Chromium (/usr/bin/chromium, or CHROMIUM_PATH), like the browser tests.
 */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FUNCTIONS } from '../functions/manifest';
import { startApiAdapter } from '../infra/local/http-adapter';
import { issueToken } from '../shared/directory/tokens';
import { localDate } from '../shared/time';
import { buildWeb } from '../web/build';
import { generateDistrict } from './generate-district';
import { row } from './support/rows';
import { median, round } from './support/stats';
import { BENCH_TIMEZONE } from './support/workload';
import type { BenchContext, BenchSection } from './types';

const KB = 1024;
const SCHOOLS = 300;
const QUICK_SCHOOLS = 30;
const ROUNDS = 3;

interface Load {
  renderMs: number;
  apiMs: number;
  apiRequests: number;
  requests: number;
  apiBytes: number;
  bytes: number;
  paths: string[];
}

/** The union of [start, end] intervals, in ms. */
function unionMs(intervals: readonly [number, number][]): number {
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

export async function run(ctx: BenchContext): Promise<BenchSection> {
  const schools = ctx.quick ? QUICK_SCHOOLS : SCHOOLS;
  const now = new Date();
  const month = localDate(BENCH_TIMEZONE, now).slice(0, 7);
  const districtId = `bench-console-${now.getTime().toString(36)}`;
  const plain = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5 }), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  const generated = await generateDistrict(districtId, schools, {
    client: plain,
    tableName: ctx.names.tableName,
    concurrency: 16,
    month,
    now,
  });
  ctx.log(
    `console: ${districtId}: ${generated.counts.items.toLocaleString('en')} items (${generated.counts.submissions.month.toLocaleString('en')} submissions in ${month}) in ${round(generated.elapsedMs / 1000, 1)} s`,
  );

  const built = await buildWeb({ outdir: join(ctx.workDir, 'console-web') });
  // DynamoDB Local reads about a thousand items a second (rollup-scale's bare Query), some fifty
  // times slower than DynamoDB: the month's ~27,000 submissions alone take it longer than a
  // Lambda's timeout. The handlers get time enough here; the ratio is what is budgeted.
  const functions = FUNCTIONS.map((spec) => ({ ...spec, timeoutSeconds: 600 }));
  const adapter = await startApiAdapter(0, {
    functions,
    log: () => undefined,
    logError: (message, error) => ctx.log(`${message}: ${String(error)}`),
    site: { dir: built.outdir, uploadOrigins: [] },
  });
  const { token } = await issueToken({ role: 'official', districtId });
  const { launchChromium } = await import('../test/browser/support');
  const browser = await launchChromium();
  try {
    const loadOnce = async (): Promise<Load> => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'zh-CN',
        serviceWorkers: 'block',
      });
      const page = await context.newPage();
      const sizes: { path: string; bytes: number }[] = [];
      page.on('response', (response) => {
        void response.body().then(
          (body) => sizes.push({ path: new URL(response.url()).pathname, bytes: body.byteLength }),
          () => undefined,
        );
      });
      await page.goto(`${adapter.url}/#/login?token=${token}`);
      await page.locator('[data-stat="districtRate"] .stat-value').waitFor({ timeout: 600_000 });
      const timing = (await page.evaluate(`(() => {
        const rendered = performance.now();
        const api = performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname.startsWith('/v1/')).map((entry) => [entry.startTime, entry.responseEnd, new URL(entry.name).pathname]);
        return { rendered, api };
      })()`)) as { rendered: number; api: [number, number, string][] };
      await page.waitForTimeout(300);
      await context.close();
      const apiSizes = sizes.filter((size) => size.path.startsWith('/v1/'));
      return {
        renderMs: timing.rendered,
        apiMs: unionMs(timing.api.map(([start, end]) => [start, end])),
        apiRequests: timing.api.length,
        requests: sizes.length,
        apiBytes: apiSizes.reduce((sum, size) => sum + size.bytes, 0),
        bytes: sizes.reduce((sum, size) => sum + size.bytes, 0),
        paths: timing.api.map(([, , path]) => path),
      };
    };
    await loadOnce();
    const loads: Load[] = [];
    for (let i = 0; i < ROUNDS; i += 1) loads.push(await loadOnce());
    const pick = (f: (load: Load) => number) => median(loads.map(f));
    const renderMs = pick((load) => load.renderMs);
    const apiMs = pick((load) => load.apiMs);
    const ratio = renderMs / apiMs;
    const last = loads.at(-1)!;
    ctx.log(
      `console: overview of ${schools} schools: ${last.apiRequests} API requests (${last.paths.join(', ')}), ${round(last.apiBytes / KB, 1)} KiB from the API, ${last.requests} requests and ${round(last.bytes / KB, 1)} KiB in all; rendered in ${round(renderMs, 0)} ms against ${round(apiMs, 0)} ms of API calls (${round(ratio, 2)}×)`,
    );
    return {
      id: 'console',
      title: `Officials' console overview, ${schools} schools (issue 18)`,
      rows: [
        row({
          id: 'console.overview-api-requests',
          name: 'overview: API requests (GET /v1/me, /v1/overview, /v1/forms)',
          value: last.apiRequests,
          unit: 'count',
          budget: { kind: 'maxValue', max: 5, description: '≤ 5 requests' },
        }),
        row({
          id: 'console.overview-requests',
          name: 'overview: every request of the page (app files included, no service worker)',
          value: last.requests,
          unit: 'count',
        }),
        row({
          id: 'console.overview-api-kb',
          name: 'overview: bytes from the API (uncompressed)',
          value: round(last.apiBytes / KB, 1),
          unit: 'KiB',
        }),
        row({
          id: 'console.overview-kb',
          name: 'overview: bytes of every request (uncompressed)',
          value: round(last.bytes / KB, 1),
          unit: 'KiB',
        }),
        row({
          id: 'console.overview-render-ms',
          name: 'overview on screen (login link → figures shown), median of 3',
          value: round(renderMs, 0),
          unit: 'ms',
          baseline: round(apiMs, 0),
          note: 'baseline: the time its API calls were in flight, same page load',
          budget: { kind: 'maxRatio', max: 1.5, description: '≤ 1.5× its API calls' },
        }),
      ],
      details: {
        districtId,
        month,
        schools,
        loads,
        generated: {
          items: generated.counts.items,
          submissionsThisMonth: generated.counts.submissions.month,
          hazards: generated.counts.hazards,
        },
      },
    };
  } finally {
    await browser.close();
    await adapter.stop();
  }
}
