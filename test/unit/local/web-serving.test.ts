import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumWarning } from '../../../infra/local/prerequisites';
import { addLoginLinks } from '../../../infra/local/web-app';
import { serveStatic } from '../../../infra/local/web-static';
import { cacheControlOf, contentSecurityPolicy } from '../../../web/headers';

/*
 * `npm start` and the app: the built files at the API's origin with the cache and security headers
 * CloudFront gives them, /v1/* left to the API, login links in the demo credentials, Chromium named.
 */

describe('serving the app locally', () => {
  const dir = mkdtempSync(join(tmpdir(), 'houqin-web-'));
  let server: Server;
  let base: string;

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'assets', 'app-ABC.js'), 'console.log(1)');
    server = createServer((request, response) => {
      void serveStatic({ dir, uploadOrigins: ['http://127.0.0.1:4569'] }, request, response).then((served) => {
        if (!served) response.writeHead(299).end('api');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / never cached, hashed assets immutable, with the strict CSP', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:4569");
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    const asset = await fetch(`${base}/assets/app-ABC.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('leaves /v1/* and every non-GET to the API; refuses paths out of the folder', async () => {
    expect((await fetch(`${base}/v1/forms`)).status).toBe(299);
    expect((await fetch(`${base}/`, { method: 'POST', body: 'x' })).status).toBe(299);
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });

  it('has no inline script or style in its policy, and caches only what is hashed', () => {
    const csp = contentSecurityPolicy([]);
    expect(csp).not.toMatch(/unsafe-/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(cacheControlOf('sw.js')).toBe(cacheControlOf('index.html'));
  });
});

describe('demo credentials and prerequisites', () => {
  it('writes appUrl and a login link beside every token, the token in the fragment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'houqin-cred-'));
    try {
      const path = join(dir, 'demo-credentials.json');
      writeFileSync(
        path,
        JSON.stringify({
          apiUrl: 'http://127.0.0.1:3000',
          tokens: { admin: 'hq_a', official: 'hq_o', schools: [{ schoolId: 's1', name: '一小', token: 'hq_s/1' }] },
        }),
      );
      expect(addLoginLinks(path, 'http://127.0.0.1:3000/')).toEqual({
        school: '一小',
        link: 'http://127.0.0.1:3000/#/login?token=hq_s%2F1',
      });
      const written = JSON.parse(readFileSync(path, 'utf8'));
      expect(written.appUrl).toBe('http://127.0.0.1:3000/');
      expect(written.tokens.schools[0].loginLink).toBe('http://127.0.0.1:3000/#/login?token=hq_s%2F1');
      expect(written.loginLinks).toEqual({
        official: 'http://127.0.0.1:3000/#/login?token=hq_o',
        admin: 'http://127.0.0.1:3000/#/login?token=hq_a',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names Chromium and how to install it when none is found', () => {
    expect(chromiumWarning(() => false, {})).toMatch(/apt-get install chromium[\s\S]*未找到 Chromium/);
    expect(chromiumWarning((path) => path === '/usr/bin/chromium', {})).toBeUndefined();
    expect(chromiumWarning((path) => path === '/opt/chrome', { CHROMIUM_PATH: '/opt/chrome' })).toBeUndefined();
  });
});

describe('deploying the app', () => {
  it('uploads hashed assets first and index.html last', async () => {
    const { uploadOrder } = await import('../../../web/deploy');
    expect(uploadOrder(['index.html', 'sw.js', 'assets/app-B.js', 'icon.svg', 'assets/app-A.css'])).toEqual([
      'assets/app-A.css',
      'assets/app-B.js',
      'icon.svg',
      'sw.js',
      'index.html',
    ]);
  });
});
