import { handler as authorize } from '../../functions/authorizer/handler';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import { countRequest } from '../../shared/auth/rate-limit';
import { issueToken } from '../../shared/directory/tokens';
import type { ApiResponse } from '../../shared/http/api-handler';
import { rateLimitClassOf, TOKEN_RATE_LIMITS } from '../../shared/http/limits';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, authorizerEvent, lambdaContext } from '../support/events';

/*
 * Issue 19, point 3: the per-token rate limit. The authorizer counts each request of a write or
 * report route against its token's budget (one conditional update of a fixed-window counter);
 * past it, the route answers 429 RATE_LIMITED with Retry-After, and other tokens are untouched.
 */
describe('per-token rate limit (against DynamoDB Local)', () => {
  let districtId: string;

  beforeAll(async () => {
    ({ districtId } = await createTestDistrict([{ schoolId: 's1', hasCanteen: true, boarding: false }]));
  });

  const at = (iso: string) => new Date(iso);

  it('classes the routes: POSTs are writes, everything under the report paths is a report, other GETs are free', () => {
    // Assess
    expect(rateLimitClassOf('POST /v1/submissions')).toBe('write');
    expect(rateLimitClassOf('POST /v1/hazards/{id}/photos')).toBe('write');
    expect(rateLimitClassOf('POST /v1/reports/{month}')).toBe('report');
    expect(rateLimitClassOf('GET /v1/reports/{month}/workbook')).toBe('report');
    expect(rateLimitClassOf('GET /v1/annual-reports/{period}/document')).toBe('report');
    expect(rateLimitClassOf('GET /v1/submissions')).toBeUndefined();
    expect(rateLimitClassOf('GET /v1/me')).toBeUndefined();
  });

  it("lets a token spend its window's budget, refuses the next request until the window ends, and counts each token apart", async () => {
    // Prepare
    const { requests, windowSeconds } = TOKEN_RATE_LIMITS.write;
    const start = at('2026-12-07T05:00:00.000Z');
    const late = at(`2026-12-07T05:00:${String(windowSeconds - 15).padStart(2, '0')}.000Z`);
    const decisions = [];
    // Act
    for (let i = 0; i < requests; i += 1) decisions.push(await countRequest('tok_ratelimit_a', 'write', start));
    const over = await countRequest('tok_ratelimit_a', 'write', late);
    const stillOver = await countRequest('tok_ratelimit_a', 'write', late);
    const otherToken = await countRequest('tok_ratelimit_b', 'write', late);
    const otherClass = await countRequest('tok_ratelimit_a', 'report', late);
    const nextWindow = await countRequest('tok_ratelimit_a', 'write', new Date(start.getTime() + windowSeconds * 1000));
    // Assess
    expect(decisions.every((decision) => decision.allowed)).toBe(true);
    expect(over).toEqual({ allowed: false, retryAfterSeconds: 15 });
    expect(stillOver).toEqual({ allowed: false, retryAfterSeconds: 15 });
    expect(otherToken).toEqual({ allowed: true });
    expect(otherClass).toEqual({ allowed: true });
    expect(nextWindow).toEqual({ allowed: true });
  }, 60_000);

  it('marks the request in the authorizer context past the budget, and the route answers 429 with Retry-After in the caller language', async () => {
    // Prepare
    const { requests, windowSeconds } = TOKEN_RATE_LIMITS.write;
    const windowOf = () => Math.floor(Date.now() / 1000 / windowSeconds);
    const event = (token: string) => authorizerEvent(`Bearer ${token}`); // POST /v1/submissions
    const spendBudget = async () => {
      const token = await issueToken({ role: 'school', districtId, schoolId: 's1' });
      const window = windowOf();
      for (let i = 0; i < requests; i += 1) {
        const result = await authorize(event(token.token));
        if (result.context.rateLimited) throw new Error(`refused after ${i} requests`);
      }
      return { token, refused: await authorize(event(token.token)), sameWindow: window === windowOf() };
    };
    const fresh = await issueToken({ role: 'school', districtId, schoolId: 's1' });
    // Act: spent within one window (a run that crossed a window's end is repeated once, in the new window).
    let run = await spendBudget();
    if (!run.sameWindow) run = await spendBudget();
    const { token: spent, refused } = run;
    const other = await authorize(event(fresh.token));
    const answer = async (context: Record<string, unknown>, language: string): Promise<ApiResponse> => {
      const routeEvent = apiEvent('record-submission', { headers: { 'accept-language': language } });
      routeEvent.requestContext.authorizer = { lambda: context };
      return (await recordSubmission(routeEvent, lambdaContext())) as ApiResponse;
    };
    const zh = await answer(refused.context as unknown as Record<string, unknown>, 'zh-CN');
    const en = await answer(refused.context as unknown as Record<string, unknown>, 'en');
    // Assess
    expect(refused.context).toMatchObject({ authenticated: 'true', tokenId: spent.tokenId, rateLimited: 'write' });
    const retryAfter = Number(refused.context.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(TOKEN_RATE_LIMITS.write.windowSeconds);
    expect(other.context).toMatchObject({ authenticated: 'true', tokenId: fresh.tokenId });
    expect(other.context).not.toHaveProperty('rateLimited');
    for (const reply of [zh, en]) {
      expect(reply.statusCode).toBe(429);
      expect(reply.headers?.['retry-after']).toBe(String(retryAfter));
    }
    expect(JSON.parse(zh.body as string).error).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining(`请 ${retryAfter} 秒后再试`),
      details: { routeClass: 'write', retryAfterSeconds: retryAfter, limit: requests },
    });
    expect(JSON.parse(en.body as string).error.message).toContain(`retry in ${retryAfter} seconds`);
  }, 60_000);

  it('counts no route outside the classes (a GET of submissions is never refused for the budget)', async () => {
    // Prepare
    const { token } = await issueToken({ role: 'official', districtId });
    const read = { ...authorizerEvent(`Bearer ${token}`), routeKey: 'GET /v1/submissions' };
    // Act
    const results = [];
    for (let i = 0; i < TOKEN_RATE_LIMITS.report.requests + 1; i += 1) results.push(await authorize(read));
    // Assess
    expect(results.some((result) => result.context.rateLimited)).toBe(false);
  }, 60_000);
});
