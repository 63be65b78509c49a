import { randomUUID } from 'node:crypto';
import { handler as authorize } from '../../functions/authorizer/handler';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import { generateToken } from '../../shared/auth/tokens';
import { issueToken, revokeToken } from '../../shared/directory/tokens';
import type { ApiResponse } from '../../shared/http/api-handler';
import { localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, authorizerEvent, lambdaContext } from '../support/events';
import { validAnswers } from '../unit/forms/examples';

describe('authorizer (against DynamoDB Local)', () => {
  let districtId: string;

  beforeAll(async () => {
    ({ districtId } = await createTestDistrict([{ schoolId: 's1', hasCanteen: true, boarding: false }]));
  });

  it('resolves a school token to its principal, from the token alone', async () => {
    // Prepare
    const { token, tokenId } = await issueToken({ role: 'school', districtId, schoolId: 's1' });
    // Act
    const result = await authorize(authorizerEvent(`Bearer ${token}`));
    // Assess
    expect(result).toEqual({
      isAuthorized: true,
      context: { authenticated: 'true', role: 'school', tokenId, districtId, schoolId: 's1' },
    });
  });

  it('resolves an official token to their district', async () => {
    // Prepare
    const { token } = await issueToken({ role: 'official', districtId });
    // Act
    const result = await authorize(authorizerEvent(`Bearer ${token}`));
    // Assess
    expect(result.context).toMatchObject({ authenticated: 'true', role: 'official', districtId });
    expect(result.context).not.toHaveProperty('schoolId');
  });

  it.each([
    ['no header', undefined],
    ['an unknown token', `Bearer ${generateToken()}`],
  ])('marks %s as unauthenticated', async (_case, header) => {
    // Act
    const result = await authorize(authorizerEvent(header));
    // Assess
    expect(result).toEqual({ isAuthorized: true, context: { authenticated: 'false' } });
  });

  it.each([
    ['a malformed token', 'Bearer hq_short'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a token without the Bearer prefix', generateToken()],
  ])('marks %s as unauthenticated with malformed credentials', async (_case, header) => {
    // Act
    const result = await authorize(authorizerEvent(header));
    // Assess
    expect(result).toEqual({ isAuthorized: true, context: { authenticated: 'false', credentials: 'malformed' } });
  });

  it('stops honouring a token the moment it is revoked', async () => {
    // Prepare
    const { token, tokenId } = await issueToken({ role: 'school', districtId, schoolId: 's1' });
    const before = await authorize(authorizerEvent(`Bearer ${token}`));
    // Act
    await revokeToken(tokenId);
    const after = await authorize(authorizerEvent(`Bearer ${token}`));
    // Assess
    expect(before.context.authenticated).toBe('true');
    expect(after.context).toEqual({ authenticated: 'false' });
  });

  it('carries the principal through to a route, which answers 401 when there is none', async () => {
    // Prepare
    const { token } = await issueToken({ role: 'school', districtId, schoolId: 's1' });
    const body = {
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: localDate('Asia/Shanghai'),
      answers: validAnswers['hazard-report'],
    };
    const send = async (authorization: string) => {
      const { context } = await authorize(authorizerEvent(authorization));
      const event = apiEvent('record-submission', { body });
      event.requestContext.authorizer = { lambda: { ...context } };
      return (await recordSubmission(event, lambdaContext())) as ApiResponse;
    };
    // Act
    const refused = await send(`Bearer ${generateToken()}`);
    const accepted = await send(`Bearer ${token}`);
    // Assess
    expect(refused.statusCode).toBe(401);
    expect(accepted.statusCode).toBe(201);
    expect(JSON.parse(accepted.body ?? '{}').submission.schoolId).toBe('s1');
  });

  describe('what a refused caller is told (issue 23, point 6)', () => {
    const body = () => ({
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: localDate('Asia/Shanghai'),
      answers: validAnswers['hazard-report'],
    });
    const send = async (authorization: string | undefined, locale: string) => {
      const { context } = await authorize(authorizerEvent(authorization));
      const event = apiEvent('record-submission', { body: body(), headers: { 'accept-language': locale } });
      event.requestContext.authorizer = { lambda: { ...context } };
      const response = (await recordSubmission(event, lambdaContext())) as ApiResponse;
      return {
        status: response.statusCode,
        error: JSON.parse(response.body ?? '{}').error as { code: string; message: string; details?: unknown },
      };
    };

    it('answers an official posting a submission 403, naming the school role the route needs', async () => {
      // Prepare
      const { token } = await issueToken({ role: 'official', districtId });
      // Act
      const zh = await send(`Bearer ${token}`, 'zh-CN');
      const en = await send(`Bearer ${token}`, 'en');
      // Assess
      expect(zh).toEqual({
        status: 403,
        error: {
          code: 'ROLE_NOT_ALLOWED',
          message: '该接口只供学校令牌使用，当前令牌是区县教育局（官员）令牌。',
          details: { requiredRoles: ['school'], role: 'official' },
        },
      });
      expect(en.error.message).toBe('Only school tokens may use this route; the token sent is of role official.');
    });

    it('tells a header without the Bearer prefix how it should look, and a mistyped token that it is unknown', async () => {
      // Prepare
      const { token } = await issueToken({ role: 'school', districtId, schoolId: 's1' });
      const mistyped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      // Act
      const noPrefix = await send(token, 'zh-CN');
      const unknown = await send(`Bearer ${mistyped}`, 'zh-CN');
      const noPrefixEn = await send(token, 'en');
      // Assess
      expect(noPrefix.status).toBe(401);
      expect(noPrefix.error.code).toBe('AUTHORIZATION_MALFORMED');
      expect(noPrefix.error.message).toContain('Authorization: Bearer hq_');
      expect(noPrefixEn.error.message).toContain('it must be "Bearer", one space, then the token');
      expect(unknown).toEqual({ status: 401, error: { code: 'UNAUTHENTICATED', message: '缺少或无效的访问令牌。' } });
    });
  });
});
