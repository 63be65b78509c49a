import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cacheControlOf, contentTypeOf, securityHeaders } from '../../web/headers';

/*
 * The app's files at the API's origin, as CloudFront serves them on AWS: `/` and every path not
 * under `/v1/` come from web/dist (index.html for `/`), with the same cache and security headers.
 */

export interface StaticSite {
  /** The built app (web/dist). */
  dir: string;
  /** Where photos are uploaded (the presigned POST's origin): allowed in connect-src. */
  uploadOrigins: string[];
}

/** Serves a GET/HEAD for the app; false when the request is not the app's (an API route). */
export async function serveStatic(
  site: StaticSite,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const method = request.method ?? 'GET';
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://local').pathname);
  if (pathname.startsWith('/v1/') || pathname === '/v1' || (method !== 'GET' && method !== 'HEAD')) return false;
  const relativePath = pathname === '/' ? 'index.html' : normalize(pathname.slice(1));
  const file = join(site.dir, relativePath);
  if (relativePath.startsWith('..') || !file.startsWith(site.dir + sep))
    return send(response, 404, 'not found', 'index.html', site);
  try {
    const body = await readFile(file);
    response.writeHead(200, {
      ...securityHeaders(site.uploadOrigins),
      'content-type': contentTypeOf(relativePath),
      'cache-control': cacheControlOf(relativePath),
      'content-length': String(body.byteLength),
    });
    response.end(method === 'HEAD' ? undefined : body);
  } catch {
    send(response, 404, 'not found', relativePath, site);
  }
  return true;
}

function send(response: ServerResponse, status: number, text: string, path: string, site: StaticSite): true {
  response.writeHead(status, {
    ...securityHeaders(site.uploadOrigins),
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': cacheControlOf(path),
  });
  response.end(text);
  return true;
}
