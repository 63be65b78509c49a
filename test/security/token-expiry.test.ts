import { useLocalStack } from './support';

/*
 * Tokens that never expire (issue 19 point 5), replayed as an attacker holding a leaked school
 * token: once the administrator rotates it (`token rotate`), the leaked token stops working after
 * the grace period (401 TOKEN_EXPIRED, in the caller's language) while the school's new token
 * works; a token issued with `--expires-in` shows its expiry in `token list`.
 */

const DISTRICT = 'huaying';

describe('token expiry and rotation against the local stack', () => {
  const target = useLocalStack();

  async function issue(args: string[]): Promise<{ token: string; tokenId: string; expiresAt?: string }> {
    const run = await target.admin(['token', 'issue', '--json', ...args]);
    expect(run).toMatchObject({ code: 0 });
    return JSON.parse(run.stdout) as { token: string; tokenId: string; expiresAt?: string };
  }

  it('refuses a leaked token with 401 TOKEN_EXPIRED once it is rotated (grace 0h), in English and Chinese', async () => {
    // Prepare: the leaked token works.
    const school = target.tokens.schools[0]!;
    const leaked = await issue(['--role', 'school', '--district', DISTRICT, '--school', school.schoolId]);
    const before = await target.call('GET', '/v1/me', { token: leaked.token });
    // Act
    const rotate = await target.admin(['token', 'rotate', leaked.tokenId, '--grace', '0h', '--json']);
    const replayEn = await target.call('GET', '/v1/me', { token: leaked.token });
    const replayZh = await target.call('GET', '/v1/submissions', { token: leaked.token, language: 'zh-CN' });
    const successor = JSON.parse(rotate.stdout) as { token: string; tokenId: string; previous: { expiresAt: string } };
    const fresh = await target.call('GET', '/v1/me', { token: successor.token });
    // Assess
    expect(before.status).toBe(200);
    expect(rotate.code).toBe(0);
    expect(replayEn.status).toBe(401);
    expect(replayEn.body).toEqual({
      error: {
        code: 'TOKEN_EXPIRED',
        message: `This access token expired at ${successor.previous.expiresAt} (UTC) and no longer works; ask the district bureau or an administrator for a new one.`,
        details: { expiredAt: successor.previous.expiresAt },
      },
    });
    expect(replayZh.status).toBe(401);
    expect((replayZh.body as { error: { message: string } }).error.message).toContain('该访问令牌已于');
    expect(fresh.status).toBe(200);
    expect(fresh.text).toContain(school.schoolId);
  }, 180_000);

  it('keeps a rotated token working through the default grace period, and lists expiry and state', async () => {
    // Prepare
    const school = target.tokens.schools[1]!;
    const old = await issue(['--role', 'school', '--district', DISTRICT, '--school', school.schoolId]);
    const timed = await issue(['--role', 'official', '--district', DISTRICT, '--expires-in', '30d']);
    // Act
    const rotate = await target.admin(['token', 'rotate', old.tokenId, '--json']);
    const during = await target.call('GET', '/v1/me', { token: old.token });
    const again = await target.admin(['token', 'rotate', old.tokenId], { LANG: 'en_US.UTF-8' });
    const list = await target.admin(['token', 'list', '--district', DISTRICT, '--json']);
    // Assess
    const rotation = JSON.parse(rotate.stdout) as { tokenId: string; previous: { expiresAt: string } };
    const graceDays = (Date.parse(rotation.previous.expiresAt) - Date.now()) / 86_400_000;
    expect(graceDays).toBeGreaterThan(6.9);
    expect(graceDays).toBeLessThanOrEqual(7);
    expect(during.status).toBe(200);
    expect(again.code).toBe(1);
    expect(again.stderr + again.stdout).toContain(`was already rotated to ${rotation.tokenId}`);
    const tokens = JSON.parse(list.stdout) as {
      tokenId: string;
      expiresAt?: string;
      state: string;
      rotatedTo?: string;
    }[];
    expect(tokens.find((t) => t.tokenId === old.tokenId)).toMatchObject({
      state: 'active',
      rotatedTo: rotation.tokenId,
      expiresAt: rotation.previous.expiresAt,
    });
    expect(tokens.find((t) => t.tokenId === timed.tokenId)).toMatchObject({
      state: 'active',
      expiresAt: timed.expiresAt,
    });
    expect(Date.parse(timed.expiresAt!) - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
  }, 180_000);
});
