import type { Rotation, TokenSummary } from '../../shared/directory/tokens';
import type { AlertBudget } from '../../shared/directory/districts';
import { localize, type Locale, type Text } from '../../shared/i18n';

/*
 * What the admin CLI says about token expiry and rotation, and the district settings of issue 19
 * (alert budget, school token validity): `token issue --expires-in`, `token rotate`, the expiry
 * column of `token list`, `district configure --alert-budget/--school-token-days` and their lines
 * in `district show`. Only wording and option parsing; the rules are in shared/directory.
 */

const say = (text: Text, locale: Locale) => localize(text, locale);

/** A usage mistake in one of these options (the runner prints it and exits 2). */
export class LifecycleOptionError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'LifecycleOptionError';
  }
}

/** The line after an issued token: when it stops working. */
export function expiryLine(expiresAt: string | undefined, locale: Locale): string {
  return expiresAt
    ? say(
        {
          zh: `有效期至 ${expiresAt}（UTC），到期后停止使用`,
          en: `Valid until ${expiresAt} (UTC); it stops working then`,
        },
        locale,
      )
    : say({ zh: '永不过期（可随时吊销）', en: 'It never expires (revoke it when it is no longer needed)' }, locale);
}

/** What `token rotate` prints: the new token once, its id and expiry, and until when the old one works. */
export function rotationLines(rotation: Rotation, locale: Locale): string[] {
  return [
    say(
      {
        zh: `已轮换令牌 ${rotation.previous.tokenId}。新令牌只显示这一次，请立即妥善保存：`,
        en: `Rotated token ${rotation.previous.tokenId}. The new token is shown this once only; keep it safe now:`,
      },
      locale,
    ),
    '',
    `  ${rotation.token}`,
    '',
    say({ zh: `新令牌编号：${rotation.tokenId}`, en: `New token id: ${rotation.tokenId}` }, locale),
    expiryLine(rotation.expiresAt, locale),
    say(
      {
        zh: `旧令牌 ${rotation.previous.tokenId} 在 ${rotation.previous.expiresAt}（UTC）前仍可使用，之后停止使用`,
        en: `The old token ${rotation.previous.tokenId} keeps working until ${rotation.previous.expiresAt} (UTC), then stops`,
      },
      locale,
    ),
  ];
}

const STATE_NAMES: Record<TokenSummary['state'], Text> = {
  active: { zh: '有效', en: 'active' },
  expired: { zh: '已过期', en: 'expired' },
  revoked: { zh: '已吊销', en: 'revoked' },
};

/** The `token list` columns these add: expiry and state (with the token a rotation replaced it by). */
export function expiryColumns(locale: Locale): string[] {
  return locale === 'en' ? ['expires', 'state'] : ['到期时间', '状态'];
}

export function expiryCells(token: TokenSummary, locale: Locale): string[] {
  const state = say(STATE_NAMES[token.state], locale);
  const rotated = token.rotatedTo
    ? say({ zh: `（已轮换为 ${token.rotatedTo}）`, en: ` (rotated to ${token.rotatedTo})` }, locale)
    : '';
  return [token.expiresAt ?? say({ zh: '永不过期', en: 'never' }, locale), `${state}${rotated}`];
}

/** `--alert-budget school=5,district=20` (either part alone too; 学校/区县 as keys) as a partial budget. */
export function parseAlertBudget(value: string): Partial<AlertBudget> {
  const budget: Partial<Record<keyof AlertBudget, number>> = {};
  for (const part of value.split(/[,，]/)) {
    const match = /^\s*(school|district|学校|区县)\s*[=＝]\s*(\S+)\s*$/i.exec(part);
    if (!match) {
      throw new LifecycleOptionError({
        zh: `--alert-budget 应写作 school=<每所学校每小时封数>,district=<全区县每小时封数>（可只写一项）：${value}`,
        en: `--alert-budget takes school=<mails per school per hour>,district=<mails per district per hour> (either alone): ${value}`,
      });
    }
    const key = /^(school|学校)$/i.test(match[1]!) ? 'school' : 'district';
    // Numbers are checked by the district settings schema (whole, 1–max), with their field name.
    budget[key] = Number(match[2]);
  }
  return budget;
}

/** `--school-token-days 365` (or `365d`) as days; the range is checked by the settings schema. */
export function parseSchoolTokenDays(value: string): number {
  const match = /^\s*(\S+?)\s*[dD天]?\s*$/.exec(value);
  return Number(match?.[1] ?? Number.NaN);
}

/** The lines `district show` adds: the hourly alert budget and the school token validity in effect. */
export function districtLifecycleLines(
  district: { alertBudget: AlertBudget; schoolTokenDays: number },
  defaults: { alertBudget: AlertBudget; schoolTokenDays: number },
  locale: Locale,
): string[] {
  const byDefault = say({ zh: '（默认）', en: ' (the default)' }, locale);
  const budgetDefault =
    district.alertBudget.school === defaults.alertBudget.school &&
    district.alertBudget.district === defaults.alertBudget.district;
  return [
    say(
      {
        zh: `  重大隐患提醒上限：每所学校每小时 ${district.alertBudget.school} 封，全区县每小时 ${district.alertBudget.district} 封，超出部分并入整点汇总邮件${budgetDefault ? byDefault : ''}`,
        en: `  critical alert budget: ${district.alertBudget.school} mails per school and ${district.alertBudget.district} per district an hour; the rest go in the hour's digest${budgetDefault ? byDefault : ''}`,
      },
      locale,
    ),
    say(
      {
        zh: `  学校令牌有效期：${district.schoolTokenDays} 天${district.schoolTokenDays === defaults.schoolTokenDays ? byDefault : ''}`,
        en: `  school token validity: ${district.schoolTokenDays} days${district.schoolTokenDays === defaults.schoolTokenDays ? byDefault : ''}`,
      },
      locale,
    ),
  ];
}
