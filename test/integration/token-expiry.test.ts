import { handler as authorize } from '../../functions/authorizer/handler';
import { handler as getCompliance } from '../../functions/get-compliance/handler';
import { configureDistrict } from '../../shared/directory/districts';
import { listTokens, resolveToken, revokeToken } from '../../shared/directory/tokens';
import { AppError } from '../../shared/errors';
import type { ApiResponse } from '../../shared/http/api-handler';
import { createTestDistrict, requestToken, requestRotation } from '../support/directory-fixtures';
import { apiEvent, authorizerEvent, lambdaContext } from '../support/events';

/*
 * Tokens that expire (issue 19 point 5): an optional expiry, a district default for school
 * tokens, rotation with a grace period, expiry in the token list, and TOKEN_EXPIRED (401) in the
 * caller's language.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    },
  );
}

/** Sends the token through the authorizer to GET /v1/compliance, as API Gateway does. */
async function call(token: string, language = 'zh-CN') {
  const { context } = await authorize(authorizerEvent(`Bearer ${token}`));
  const event = apiEvent('get-compliance', { principal: null, headers: { 'accept-language': language } });
  event.requestContext.authorizer = { lambda: { ...context } } as typeof event.requestContext.authorizer;
  const response = (await (
    getCompliance as (e: typeof event, c: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>
  )(event, lambdaContext('get-compliance'))) as ApiResponse;
  return { context, status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
}

describe('token expiry', () => {
  let districtId: string;

  beforeAll(async () => {
    ({ districtId } = await createTestDistrict([{ schoolId: 's1', hasCanteen: true, boarding: false }]));
  });

  it('refuses an expired token with 401 TOKEN_EXPIRED, in Chinese and in English', async () => {
    // Prepare: a token valid for one hour, issued two hours ago.
    const issuedAt = new Date(Date.now() - 2 * HOUR);
    const { token, expiresAt } = await requestToken(
      { role: 'school', districtId, schoolId: 's1', expiresIn: '1h' },
      { now: issuedAt },
    );
    const fresh = await requestToken({ role: 'school', districtId, schoolId: 's1', expiresIn: '1h' });
    // Act
    const zh = await call(token, 'zh-CN');
    const en = await call(token, 'en');
    const working = await call(fresh.token);
    // Assess
    expect(expiresAt).toBe(new Date(issuedAt.getTime() + HOUR).toISOString());
    expect(zh.context).toEqual({ authenticated: 'false', credentials: 'token-expired', expiredAt: expiresAt });
    expect(zh.status).toBe(401);
    expect(zh.body.error).toEqual({
      code: 'TOKEN_EXPIRED',
      message: `该访问令牌已于 ${expiresAt}（UTC）过期，已停止使用；请向区县教育局或管理员领取新令牌。`,
      details: { expiredAt: expiresAt },
    });
    expect(en.status).toBe(401);
    expect(en.body.error.message).toBe(
      `This access token expired at ${expiresAt} (UTC) and no longer works; ask the district bureau or an administrator for a new one.`,
    );
    expect(working.status).toBe(200);
  });

  it('gives a school token its district validity (365 days by default, the district setting otherwise)', async () => {
    // Prepare
    const { districtId: other } = await createTestDistrict([{ schoolId: 's1', hasCanteen: false, boarding: false }]);
    await configureDistrict(other, { schoolTokenDays: 30 });
    const now = new Date();
    // Act
    const byDefault = await requestToken({ role: 'school', districtId, schoolId: 's1' }, { now });
    const bySetting = await requestToken({ role: 'school', districtId: other, schoolId: 's1' }, { now });
    const asked = await requestToken({ role: 'school', districtId: other, schoolId: 's1', expiresIn: '12h' }, { now });
    const never = await requestToken(
      { role: 'school', districtId: other, schoolId: 's1', expiresIn: 'never' },
      { now },
    );
    const official = await requestToken({ role: 'official', districtId }, { now });
    // Assess
    expect(byDefault.expiresAt).toBe(new Date(now.getTime() + 365 * DAY).toISOString());
    expect(bySetting.expiresAt).toBe(new Date(now.getTime() + 30 * DAY).toISOString());
    expect(asked.expiresAt).toBe(new Date(now.getTime() + 12 * HOUR).toISOString());
    expect(never.expiresAt).toBeUndefined();
    expect(official.expiresAt).toBeUndefined();
    expect((await resolveToken(bySetting.token, new Date(now.getTime() + 29 * DAY))).principal).toBeDefined();
    expect((await resolveToken(bySetting.token, new Date(now.getTime() + 31 * DAY))).refused).toEqual({
      reason: 'token-expired',
      expiredAt: bySetting.expiresAt,
    });
  });

  it.each([
    [
      'zh-CN',
      '0h',
      '应为有效期：整数加单位 d（天）或 h（小时），例如 365d、12h，1 小时到 3650 天；或 never（永不过期）',
    ],
    [
      'en',
      '3651d',
      'must be a validity: a whole number with d (days) or h (hours), e.g. 365d or 12h, from 1 hour to 3650 days; or never',
    ],
    [
      'en',
      '1y',
      'must be a validity: a whole number with d (days) or h (hours), e.g. 365d or 12h, from 1 hour to 3650 days; or never',
    ],
  ] as const)('refuses the validity %s %p, naming the field, and issues nothing', async (locale, expiresIn, reason) => {
    // Prepare
    const before = await listTokens(districtId);
    // Act
    const error = await refusal(requestToken({ role: 'school', districtId, schoolId: 's1', expiresIn }, { locale }));
    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      expect.objectContaining({ field: 'expiresIn', label: locale === 'en' ? 'validity' : '有效期', reason }),
    ]);
    expect(await listTokens(districtId)).toHaveLength(before.length);
  });
});

describe('token rotate', () => {
  let districtId: string;

  beforeAll(async () => {
    ({ districtId } = await createTestDistrict([{ schoolId: 's1', hasCanteen: true, boarding: false }]));
  });

  it('issues a successor and keeps the old token working for the grace period only (7 days by default)', async () => {
    // Prepare
    const old = await requestToken({ role: 'school', districtId, schoolId: 's1', label: '总务处', expiresIn: '90d' });
    const now = new Date();
    // Act
    const rotation = await requestRotation(old.tokenId, { now });
    // Assess
    const graceEnd = new Date(now.getTime() + 7 * DAY).toISOString();
    expect(rotation.previous).toEqual({ tokenId: old.tokenId, expiresAt: graceEnd });
    expect(rotation.expiresAt).toBe(new Date(now.getTime() + 90 * DAY).toISOString());
    expect((await call(rotation.token)).status).toBe(200);
    expect((await call(old.token)).status).toBe(200);
    expect((await resolveToken(old.token, new Date(now.getTime() + 6 * DAY))).principal).toMatchObject({
      tokenId: old.tokenId,
    });
    expect((await resolveToken(old.token, new Date(now.getTime() + 7 * DAY + 1))).refused).toEqual({
      reason: 'token-expired',
      expiredAt: graceEnd,
    });
    expect((await resolveToken(rotation.token, new Date(now.getTime() + 8 * DAY))).principal).toEqual({
      role: 'school',
      tokenId: rotation.tokenId,
      districtId,
      schoolId: 's1',
    });
    const listed = new Map((await listTokens(districtId, { now })).map((token) => [token.tokenId, token]));
    expect(listed.get(old.tokenId)).toMatchObject({
      label: '总务处',
      expiresAt: graceEnd,
      rotatedTo: rotation.tokenId,
      state: 'active',
    });
    expect(listed.get(rotation.tokenId)).toMatchObject({
      label: '总务处',
      expiresAt: rotation.expiresAt,
      state: 'active',
    });
  });

  it('with --grace 0h stops the old token at once; the list shows it expired', async () => {
    // Prepare
    const old = await requestToken({ role: 'official', districtId, label: '后勤办' });
    // Act
    const rotation = await requestRotation(old.tokenId, { grace: '0h', expiresIn: '30d' });
    const refused = await call(old.token, 'en');
    // Assess
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('TOKEN_EXPIRED');
    expect((await call(rotation.token)).status).toBe(200);
    const listed = (await listTokens(districtId)).find((token) => token.tokenId === old.tokenId);
    expect(listed).toMatchObject({ state: 'expired', rotatedTo: rotation.tokenId });
  });

  it('never lengthens an expiry: a token expiring before the grace ends keeps its own expiry', async () => {
    // Prepare
    const old = await requestToken({ role: 'school', districtId, schoolId: 's1', expiresIn: '2h' });
    // Act
    const rotation = await requestRotation(old.tokenId, { grace: '7d' });
    // Assess
    expect(rotation.previous.expiresAt).toBe(old.expiresAt);
  });

  it('refuses to rotate a token twice, or a revoked one, in the caller language, changing nothing', async () => {
    // Prepare
    const rotated = await requestToken({ role: 'school', districtId, schoolId: 's1' });
    const { tokenId: next } = await requestRotation(rotated.tokenId);
    const revoked = await requestToken({ role: 'school', districtId, schoolId: 's1' });
    const { revokedAt } = await revokeToken(revoked.tokenId);
    const before = await listTokens(districtId);
    // Act
    const twice = await refusal(requestRotation(rotated.tokenId, { locale: 'en' }));
    const gone = await refusal(requestRotation(revoked.tokenId));
    const unknown = await refusal(requestRotation('tok_0000000000000000'));
    const badGrace = await refusal(requestRotation(revoked.tokenId, { grace: '91d', locale: 'en' }));
    // Assess
    expect(twice.details).toEqual([
      expect.objectContaining({
        field: 'tokenId',
        reason: `token ${rotated.tokenId} was already rotated to ${next}; rotate ${next} instead`,
      }),
    ]);
    expect(gone.details).toEqual([
      expect.objectContaining({
        field: 'tokenId',
        reason: `令牌 ${revoked.tokenId} 已撤销（${revokedAt}），不能轮换；请签发新令牌`,
      }),
    ]);
    expect(unknown.code).toBe('NOT_FOUND');
    expect(badGrace.details).toEqual([
      expect.objectContaining({
        field: 'grace',
        label: 'grace period',
        reason: 'must be a grace period: a whole number with d (days) or h (hours), e.g. 7d or 12h, from 0 to 90 days',
      }),
    ]);
    expect(await listTokens(districtId)).toEqual(before);
  });
});
