import { createApi } from './api';
import { idbStore, readSession } from './offline/db';
import { SYNC_TAG } from './offline/outbox-tag';
import { sendOutbox } from './offline/send';
import { uploadPhoto } from './offline/upload';

/*
 * The service worker, a few named strategies (no framework):
 * - precache: the app shell (index.html, the hashed JS and CSS, icon, manifest), listed by the
 *   build; the app opens with no network;
 * - network-first with a cached fallback for the API's reads the app shows (the catalogue, /v1/me,
 *   hazards, submissions, compliance): offline it shows the last known answer;
 * - cache-first for the hashed assets (immutable);
 * - Background Sync: a `houqin-outbox` sync event sends the outbox from here, with the token kept
 *   in IndexedDB, even when the app is closed.
 */

declare const __PRECACHE__: string[];
declare const __VERSION__: string;

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface SyncEvent extends ExtendableEvent {
  tag: string;
}
interface WorkerScope {
  location: Location;
  registration: { scope: string };
  clients: {
    claim(): Promise<void>;
    matchAll(options?: { includeUncontrolled?: boolean }): Promise<{ postMessage(message: unknown): void }[]>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableEvent & { data: unknown }) => void): void;
}

const worker = self as unknown as WorkerScope;
const SHELL_CACHE = `houqin-shell-${__VERSION__}`;
const API_CACHE = 'houqin-api';
/** The API reads kept for offline use (GET only; never a photo link). */
const API_READS = [
  /^\/v1\/forms$/,
  /^\/v1\/me$/,
  /^\/v1\/hazards$/,
  /^\/v1\/submissions(\/[^/]+)?$/,
  /^\/v1\/compliance$/,
];

const scopeUrl = new URL(worker.registration.scope);
const shellUrls = __PRECACHE__.map((path) => new URL(path, scopeUrl).href);
const indexUrl = new URL('./index.html', scopeUrl).href;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      // Hashed assets come from the HTTP cache the page just filled (immutable); the rest is revalidated.
      .then((cache) =>
        cache.addAll(
          shellUrls.map((url) => new Request(url, { cache: url.includes('/assets/') ? 'default' : 'no-cache' })),
        ),
      )
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('houqin-shell-') && key !== SHELL_CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => worker.clients.claim()),
  );
});

async function networkFirstPage(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    const cached = await caches.match(indexUrl, { ignoreSearch: true });
    return cached ?? new Response('offline', { status: 503, headers: { 'content-type': 'text/plain' } });
  }
}

async function networkFirstApi(request: Request): Promise<Response> {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch {
    const cached = (await cache.match(request)) ?? (await cache.match(request, { ignoreVary: true }));
    if (cached) return cached;
    const body = JSON.stringify({
      error: { code: 'OFFLINE', message: '离线，且本机没有缓存。/ Offline, and nothing cached.' },
    });
    return new Response(body, { status: 503, headers: { 'content-type': 'application/json' } });
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  // A hashed chunk not precached (the console's) is kept once fetched: it never changes.
  if (response.ok) await (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scopeUrl.origin) return;
  if (request.mode === 'navigate') return event.respondWith(networkFirstPage(request));
  if (API_READS.some((pattern) => pattern.test(url.pathname))) return event.respondWith(networkFirstApi(request));
  if (shellUrls.includes(url.href) || url.pathname.startsWith(new URL('./assets/', scopeUrl).pathname))
    return event.respondWith(cacheFirst(request));
});

async function sendFromWorker(): Promise<void> {
  const session = await readSession();
  if (!session) return;
  const api = createApi({
    token: () => session.token,
    locale: () => (navigator.language?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN'),
  });
  // Only the records of the school whose token this is (a phone may hold another school's, waiting for its link).
  if (!session.owner) return;
  const report = await sendOutbox({ api, store: idbStore(), upload: uploadPhoto, owner: session.owner });
  for (const client of await worker.clients.matchAll({ includeUncontrolled: true }))
    client.postMessage({ type: 'outbox-changed', report });
  // Something is still waiting for the network: a rejection makes the browser retry the sync later.
  if (report.retry > 0) throw new Error('outbox not empty yet');
}

worker.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(sendFromWorker());
});
