/*
 * How the app's files are served, in one place for both servers: the local stack
 * (infra/local/web-static.ts) and CloudFront (infra/constructs/web-app.ts).
 */

/** index.html and sw.js name the current hashed files: never cached. */
export const NEVER_CACHE = 'no-cache, no-store, must-revalidate';
/** Hashed assets change name when they change: cached for a year, never revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Cache-Control of one file of web/dist (path relative to it, no leading slash). */
export function cacheControlOf(path: string): string {
  return path.startsWith('assets/') ? IMMUTABLE : NEVER_CACHE;
}

/**
 * The strict Content-Security-Policy: everything from the app's own origin (the API shares it),
 * photos shown from blobs of the device, uploads to the photo bucket's origin only, no inline
 * script or style, no frames, no plugins.
 */
export function contentSecurityPolicy(uploadOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    `connect-src 'self' ${uploadOrigins.join(' ')}`.trim(),
    "worker-src 'self'",
    "manifest-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The security headers of every file (HSTS is added where the app is served over HTTPS). */
export function securityHeaders(uploadOrigins: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(uploadOrigins),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
};

export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return TYPES[dot >= 0 ? path.slice(dot) : ''] ?? 'application/octet-stream';
}
