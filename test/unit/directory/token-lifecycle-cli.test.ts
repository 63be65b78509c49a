import {
  expiryCells,
  LifecycleOptionError,
  parseAlertBudget,
  parseSchoolTokenDays,
  rotationLines,
} from '../../../infra/cli/token-lifecycle';

describe('admin CLI: token expiry, rotation and the issue 19 district settings', () => {
  it('reads --alert-budget with either part, in English or Chinese keys', () => {
    // Act & Assess
    expect(parseAlertBudget('school=3,district=12')).toEqual({ school: 3, district: 12 });
    expect(parseAlertBudget('区县＝50')).toEqual({ district: 50 });
    expect(parseAlertBudget('school=x')).toEqual({ school: Number.NaN });
  });

  it('refuses an --alert-budget it cannot read, saying how to write it', () => {
    // Act
    const attempt = () => parseAlertBudget('county=3');
    // Assess
    expect(attempt).toThrow(LifecycleOptionError);
    expect(attempt).toThrow('--alert-budget takes school=<mails per school per hour>');
  });

  it('reads --school-token-days with or without a unit', () => {
    // Act & Assess
    expect(parseSchoolTokenDays('180')).toBe(180);
    expect(parseSchoolTokenDays('180d')).toBe(180);
    expect(parseSchoolTokenDays('180天')).toBe(180);
    expect(parseSchoolTokenDays('soon')).toBeNaN();
  });

  it('lists expiry and state, naming the successor of a rotated token', () => {
    // Act
    const cells = expiryCells(
      {
        tokenId: 'tok_0000000000000001',
        role: 'school',
        label: '总务处',
        createdAt: '2026-12-01T00:00:00.000Z',
        expiresAt: '2026-12-08T00:00:00.000Z',
        rotatedTo: 'tok_0000000000000002',
        state: 'active',
      },
      'zh-CN',
    );
    const never = expiryCells(
      { tokenId: 'tok_0000000000000003', role: 'admin', label: '运维', createdAt: '-', state: 'revoked' },
      'en',
    );
    // Assess
    expect(cells).toEqual(['2026-12-08T00:00:00.000Z', '有效（已轮换为 tok_0000000000000002）']);
    expect(never).toEqual(['never', 'revoked']);
  });

  it('prints a rotation: the new token once, and until when the old one works', () => {
    // Act
    const lines = rotationLines(
      {
        token: 'hq_secret',
        tokenId: 'tok_0000000000000002',
        expiresAt: '2027-12-01T00:00:00.000Z',
        previous: { tokenId: 'tok_0000000000000001', expiresAt: '2026-12-08T00:00:00.000Z' },
      },
      'en',
    );
    // Assess
    expect(lines.filter((l) => l.includes('hq_secret'))).toEqual(['  hq_secret']);
    expect(lines).toContain(
      'The old token tok_0000000000000001 keeps working until 2026-12-08T00:00:00.000Z (UTC), then stops',
    );
    expect(lines).toContain('Valid until 2027-12-01T00:00:00.000Z (UTC); it stops working then');
  });
});
