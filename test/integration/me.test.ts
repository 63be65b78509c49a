import { handler as getMe } from '../../functions/get-me/handler';
import type { Principal } from '../../shared/auth/principal';
import type { ApiResponse } from '../../shared/http/api-handler';
import { localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext } from '../support/events';

type Handler = (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => Promise<ApiResponse>;

async function get(principal: Principal | null, headers: Record<string, string> = {}) {
  const response = await (getMe as Handler)(apiEvent('get-me', { principal, headers }), lambdaContext('get-me'));
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
}

describe('GET /v1/me', () => {
  it('tells a school its role, district (name, timezone, locale), school and today', async () => {
    const { districtId, schoolPrincipal } = await createTestDistrict(
      [{ schoolId: 's1', hasCanteen: true, boarding: true }],
      'Asia/Urumqi',
    );
    const { status, body } = await get(schoolPrincipal('s1'));
    expect(status).toBe(200);
    expect(body).toEqual({
      role: 'school',
      tokenId: 'tok_s1',
      district: { districtId, name: `测试区 ${districtId}`, timezone: 'Asia/Urumqi', locale: 'zh-CN' },
      school: {
        schoolId: 's1',
        name: '学校 s1',
        kind: 'primary',
        hasCanteen: true,
        boarding: true,
        nutritionProgramme: false,
      },
      today: { date: localDate('Asia/Urumqi'), schoolDay: expect.any(Boolean) },
    });
  });

  it('tells an official their district and no school; an admin only the role', async () => {
    const { districtId, official } = await createTestDistrict([{ schoolId: 's1', hasCanteen: false, boarding: false }]);
    const asOfficial = await get(official);
    expect(asOfficial.status).toBe(200);
    expect(asOfficial.body.role).toBe('official');
    expect(asOfficial.body.district.districtId).toBe(districtId);
    expect(asOfficial.body.school).toBeUndefined();
    expect(await get({ role: 'admin', tokenId: 'tok_admin' })).toEqual({
      status: 200,
      body: { role: 'admin', tokenId: 'tok_admin' },
    });
  });

  it('is 401 without a principal, in the caller language, and 404 for a school that no longer exists', async () => {
    const anonymous = await get(null, { 'accept-language': 'en' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect(anonymous.body.error.message).toMatch(/[a-z]/);
    const { schoolPrincipal } = await createTestDistrict([]);
    expect((await get(schoolPrincipal('gone'))).status).toBe(404);
  });
});
