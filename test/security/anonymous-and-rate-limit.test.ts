import { TOKEN_RATE_LIMITS } from '../../shared/http/limits';
import { useLocalStack, type Reply } from './support';

/*
 * Anonymous requests and per-token floods (issue 19, point 3), replayed against the local stack:
 * a request without an Authorization header is answered 401 by the gateway itself (the
 * authorizer's identity source), nothing invoked; a token past its budget of write or report
 * requests gets 429 RATE_LIMITED with Retry-After in the caller's language, while another token
 * goes on as before; a revoked token stops at once (no cached authorizer answer). And least
 * privilege (point 4): no function of the stack touched a table partition outside its IAM scope.
 */

const DISTRICT = 'huaying';

/** Waits until at least `seconds` remain in the current fixed window, so a burst stays in one window. */
async function roomInWindow(windowSeconds: number, seconds: number): Promise<void> {
  const left = windowSeconds - ((Date.now() / 1000) % windowSeconds);
  if (left < seconds) await new Promise((resolve) => setTimeout(resolve, (left + 0.5) * 1000));
}

/** `count` requests, `parallel` at a time, in order of sending. */
async function burst(count: number, parallel: number, send: () => Promise<Reply>): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let sent = 0; sent < count; sent += parallel)
    replies.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - sent) }, send))));
  return replies;
}

describe('anonymous requests and the per-token rate limit against the local stack', () => {
  const target = useLocalStack();

  it('answers a request without an Authorization header 401 at the gateway, on every kind of route, invoking nothing', async () => {
    // Act
    const replies = await Promise.all([
      target.call('POST', '/v1/submissions', { body: { formType: 'hazard-report' } }),
      target.call('GET', '/v1/me'),
      target.call('GET', '/v1/reports/2026-11/workbook'),
      target.call('POST', '/v1/hazards/hz_1/verification', { body: { outcome: 'verified' } }),
      target.call('GET', '/v1/me', { headers: { authorization: '' } }),
    ]);
    const link = await target.call('GET', '/v1/photo-links/ph_nothing?d=huaying&e=1&s=abc');
    // Assess
    for (const reply of replies) {
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ message: 'Unauthorized' });
      // A route's answer always names its language: this one never reached a function.
      expect(reply.headers.get('content-language')).toBeNull();
    }
    // The signed photo link needs no token: its route runs (and refuses this made-up link itself).
    expect(link.status).not.toBe(401);
    expect(link.headers.get('content-language')).toBe('en');
  });

  it('holds a flooding school token to its write budget with 429 and Retry-After, in English and Chinese; another school is untouched', async () => {
    // Prepare
    const { requests, windowSeconds } = TOKEN_RATE_LIMITS.write;
    const flooder = target.tokens.schools[0]!;
    const neighbour = target.tokens.schools[1]!;
    // An invalid submission is cheap and still a write request: the authorizer counts it.
    const post = (token: string, language = 'en') =>
      target.call('POST', '/v1/submissions', { token, language, body: { formType: 'no-such-form' } });
    await roomInWindow(windowSeconds, 40);
    // Act
    const within = await burst(requests, 8, () => post(flooder.token));
    const past = await post(flooder.token);
    const pastZh = await post(flooder.token, 'zh-CN');
    const other = await post(neighbour.token);
    // Assess
    expect(within.filter((reply) => reply.status === 429)).toEqual([]);
    expect(within.every((reply) => reply.status === 400)).toBe(true);
    expect(past.status).toBe(429);
    const retryAfter = Number(past.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
    expect(past.body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: `Too many requests with this token: these routes take at most ${requests} per ${windowSeconds} seconds per token; retry in ${retryAfter} seconds. Other tokens are not affected.`,
        details: { routeClass: 'write', retryAfterSeconds: retryAfter, limit: requests },
      },
    });
    expect(pastZh.status).toBe(429);
    expect(pastZh.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((pastZh.body as { error: { message: string } }).error.message).toContain('该令牌请求过于频繁');
    expect(other.status).toBe(400);
    // Reads outside the limited classes still answer the flooding token.
    expect((await target.call('GET', '/v1/me', { token: flooder.token })).status).toBe(200);
  }, 180_000);

  it('holds an official token to its report budget, the other route classes unaffected', async () => {
    // Prepare
    const { requests, windowSeconds } = TOKEN_RATE_LIMITS.report;
    const official = target.tokens.official;
    await roomInWindow(windowSeconds, 40);
    // Act
    const within = await burst(requests, 8, () => target.call('GET', '/v1/reports/2020-01', { token: official }));
    const past = await target.call('GET', '/v1/reports/2020-01/workbook', { token: official });
    const list = await target.call('GET', '/v1/submissions', { token: official });
    // Assess
    expect(within.filter((reply) => reply.status === 429)).toEqual([]);
    expect(past.status).toBe(429);
    expect(past.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((past.body as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(list.status).toBe(200);
  }, 180_000);

  it('stops a revoked token at its next request (no cached authorizer answer)', async () => {
    // Prepare
    const school = target.tokens.schools[2] ?? target.tokens.schools[0]!;
    const issued = await target.admin([
      'token',
      'issue',
      '--json',
      '--role',
      'school',
      '--district',
      DISTRICT,
      '--school',
      school.schoolId,
    ]);
    const { token, tokenId } = JSON.parse(issued.stdout) as { token: string; tokenId: string };
    const before = await target.call('GET', '/v1/me', { token });
    // Act
    const revoked = await target.admin(['token', 'revoke', tokenId]);
    const after = await target.call('GET', '/v1/me', { token });
    // Assess
    expect(before.status).toBe(200);
    expect(revoked.code).toBe(0);
    expect(after.status).toBe(401);
    expect((after.body as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  }, 180_000);

  it('saw no function touch a table partition outside its IAM key scope', () => {
    // Assess: the local runtime reports each such request (infra/local/table-access.ts).
    expect(target.stack.output().match(/.*outside its table key scope.*/g) ?? []).toEqual([]);
  });
});
