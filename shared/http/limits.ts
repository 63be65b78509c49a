/*
 * Every bound the public API enforces, in one place. Each is checked where the input is parsed
 * (the middleware stack or a route's zod schema) and refused with a clear 4xx; nothing unbounded
 * reaches the table, the bucket or a response. test/integration/limits.test.ts tries each at
 * the bound and one past it; the API stage's throttling is asserted in test/infra/limits.test.ts.
 *
 * No imports on purpose: the middleware, the schemas and the CDK stack all read this file.
 */

/** A request body (any route): a submission's answers are small, photos never pass through the API. 413 past it. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A client-made id (submissionId, supersedes) and a hazard or photo id: 1–80 of `[A-Za-z0-9._:-]`. */
export const MAX_ID_CHARS = 80;

/** formType in a body or a query string; schoolId in a query string. */
export const MAX_NAME_CHARS = 64;

/** A key of a submission's `answers`. */
export const MAX_ANSWER_KEY_CHARS = 64;

/** Keys in a submission's `answers` (the largest form has 17 fields). */
export const MAX_ANSWERS = 100;

/** A submission's note, a rectification's or a verification's note (characters, after trimming). */
export const MAX_NOTE_CHARS = 2000;

/** Photos that count per submission or per hazard at a time (verified, or still awaited). */
export const MAX_PHOTOS_PER_OWNER = 12;

/** Upload requests per submission or hazard in all (expired and quarantined ones included). */
export const MAX_PHOTO_REQUESTS_PER_OWNER = 4 * MAX_PHOTOS_PER_OWNER;

/**
 * Photo uploads a school may ask for in one day (the district's day), unless its district sets
 * `photoUploadsPerDay`: a busy school files a few dozen a day; this bounds what junk can pile up.
 */
export const DEFAULT_PHOTO_UPLOADS_PER_DAY = 200;

/** Photo ids named by one rectification. */
export const MAX_RECTIFICATION_PHOTOS = MAX_PHOTOS_PER_OWNER;

/** One photo's declared size (bytes); the presigned POST pins it too. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/**
 * Entries in a hazard's history. Each rectification or rejection adds one (a note of up to 2,000
 * characters, up to 12 photo ids): past this a hazard item would approach DynamoDB's 400 KB
 * item limit, so a further transition is refused with 409 HAZARD_HISTORY_FULL.
 */
export const MAX_HAZARD_HISTORY = 50;

/** Page size of the lists (`limit`): default and maximum. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** A page cursor (`cursor`), as the API hands it out. */
export const MAX_CURSOR_CHARS = 2048;

/** A district id an admin names in a body. */
export const MAX_DISTRICT_ID_CHARS = 40;

/**
 * The API stage's default route throttling (every route, every caller together): steady requests
 * per second and burst. HTTP APIs have no usage plans, so there is no per-token quota; the stack
 * settings `apiRateLimit` / `apiBurstLimit` override these defaults.
 */
export const API_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

/**
 * Per-route throttling below the stage default, for the routes that do the most work per request
 * (a report produced within the request: up to 2 GB and 29 s of Lambda).
 */
export const EXPENSIVE_ROUTE_THROTTLE = { rateLimit: 2, burstLimit: 5 } as const;

/** Routes (`METHOD /path` as the manifest writes them) throttled below the stage default. */
export const ROUTE_THROTTLES: Readonly<Record<string, { readonly rateLimit: number; readonly burstLimit: number }>> = {
  'POST /v1/reports/{month}': EXPENSIVE_ROUTE_THROTTLE,
};

/**
 * Per-token budgets (issue 19, point 3): requests one token may make to a class of routes in a
 * fixed window of `windowSeconds`. Past it the token gets 429 RATE_LIMITED with `Retry-After`
 * (the seconds to the window's end); other tokens, and the token's other route classes, are
 * untouched. The authorizer counts (one conditional DynamoDB update per request of a limited
 * route, shared/auth/rate-limit.ts); the stage throttling above stays the ceiling of all callers.
 *
 * Sized for honest use with room to spare: a school app replaying a week offline (a few forms a
 * day, photos with each) within a few minutes, retrying 429s later; an official's console
 * opening a dozen reports in a minute. A leaked token is held to these, not to the stage's 100/s.
 */
export const TOKEN_RATE_LIMITS = {
  /** Every POST outside the report routes: submissions, photo requests, rectifications, verifications. */
  write: { requests: 120, windowSeconds: 60 },
  /** The report routes (GET and POST under /v1/reports and /v1/annual-reports): each reads or renders a month or a year. */
  report: { requests: 60, windowSeconds: 60 },
} as const;

export type RateLimitClass = keyof typeof TOKEN_RATE_LIMITS;

/** The budget a route (`METHOD /path` as the manifest writes it, API Gateway's routeKey) draws from; undefined: none. */
export function rateLimitClassOf(routeKey: string): RateLimitClass | undefined {
  const [method, path = ''] = routeKey.split(' ');
  if (/^\/v1\/(reports|annual-reports)(\/|$)/.test(path)) return 'report';
  if (method === 'POST') return 'write';
  return undefined;
}
