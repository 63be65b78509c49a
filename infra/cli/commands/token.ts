import type { Text } from '../../../shared/i18n';
import { formatTable, t } from '../output';
import { expiryCells, expiryColumns, expiryLine, rotationLines } from '../token-lifecycle';
import { defineGroup } from './command';

/* `token issue | rotate | revoke | list | sheet`: access tokens of schools, officials and admins. */

const OPTIONS = {
  role: { type: 'string' },
  district: { type: 'string' },
  school: { type: 'string', multiple: true },
  label: { type: 'string' },
  admin: { type: 'boolean' },
  replace: { type: 'boolean' },
  'app-url': { type: 'string' },
  out: { type: 'string' },
  'expires-in': { type: 'string' },
  grace: { type: 'string' },
} as const;

const ROLE_NAMES: Record<string, Text> = {
  school: { zh: '学校', en: 'school' },
  official: { zh: '官员', en: 'official' },
  admin: { zh: '管理员', en: 'admin' },
};

export const tokenCommands = defineGroup({
  options: OPTIONS,
  commands: {
    'token issue': {
      options: ['role', 'district', 'school', 'label', 'expires-in'],
      required: ['role'],
      args: [],
      check: (values) =>
        (values.school?.length ?? 0) > 1
          ? { zh: 'token issue 只接受一个 --school', en: 'token issue takes one --school' }
          : undefined,
      async run({ values, locale, directory }) {
        const request = {
          role: values.role as 'school' | 'official' | 'admin',
          ...(values.district ? { districtId: values.district } : {}),
          ...(values.school?.[0] ? { schoolId: values.school[0] } : {}),
          ...(values.label ? { label: values.label } : {}),
          ...(values['expires-in'] !== undefined ? { expiresIn: values['expires-in'] } : {}),
        };
        const issued = await directory.issueToken(directory.parseTokenRequest(request, locale), { locale });
        const scope = [request.districtId, request.schoolId].filter(Boolean).join(' / ');
        return {
          data: {
            ...issued,
            role: request.role,
            ...(request.districtId ? { districtId: request.districtId } : {}),
            ...(request.schoolId ? { schoolId: request.schoolId } : {}),
          },
          lines: [
            t(
              {
                zh: `已签发${t(ROLE_NAMES[request.role]!, locale)}令牌${scope ? `（${scope}）` : ''}。令牌只显示这一次，请立即妥善保存：`,
                en: `Issued a ${t(ROLE_NAMES[request.role]!, locale)} token${scope ? ` (${scope})` : ''}. It is shown this once only; keep it safe now:`,
              },
              locale,
            ),
            '',
            `  ${issued.token}`,
            '',
            t(
              {
                zh: `令牌编号：${issued.tokenId}（列出或吊销时使用）`,
                en: `Token id: ${issued.tokenId} (to list or revoke it)`,
              },
              locale,
            ),
            expiryLine(issued.expiresAt, locale),
          ],
        };
      },
    },
    'token rotate': {
      options: ['grace', 'expires-in'],
      required: [],
      args: ['<tokenId>'],
      async run({ args, values, locale, directory }) {
        const request = directory.parseRotation(
          {
            tokenId: args[0]!,
            ...(values.grace !== undefined ? { grace: values.grace } : {}),
            ...(values['expires-in'] !== undefined ? { expiresIn: values['expires-in'] } : {}),
          },
          locale,
        );
        const rotation = await directory.rotateToken(request, { locale });
        return { data: rotation, lines: rotationLines(rotation, locale) };
      },
    },
    'token revoke': {
      options: [],
      required: [],
      args: ['<tokenId>'],
      async run({ args, locale, directory }) {
        const revocation = await directory.revokeToken(args[0]!, { locale });
        return {
          data: revocation,
          lines: [
            revocation.alreadyRevoked
              ? t(
                  {
                    zh: `令牌 ${revocation.tokenId} 已于 ${revocation.revokedAt} 吊销（无需再次吊销）`,
                    en: `Token ${revocation.tokenId} was already revoked at ${revocation.revokedAt}`,
                  },
                  locale,
                )
              : t(
                  {
                    zh: `已吊销令牌 ${revocation.tokenId}（${revocation.revokedAt}），它立即失效`,
                    en: `Revoked token ${revocation.tokenId} (${revocation.revokedAt}); it stops working at once`,
                  },
                  locale,
                ),
          ],
        };
      },
    },
    'token sheet': {
      options: ['district', 'school', 'replace', 'app-url', 'out'],
      required: ['district', 'out'],
      args: [],
      async run({ values, locale, target }) {
        // The logic is in shared/directory/token-sheet.ts; this is only its command line.
        const { issueTokenSheet, tokenSheetWorkbook } = await import('../../../shared/directory/token-sheet');
        const { requireDistrict } = await import('../../../shared/directory/districts');
        const { resolveAppUrl } = await import('../app-url');
        const { writeFile } = await import('node:fs/promises');
        const { resolve: resolvePath } = await import('node:path');
        const appUrl = await resolveAppUrl(target, values['app-url']);
        const district = await requireDistrict(values.district!, locale);
        const rows = await issueTokenSheet({
          districtId: district.districtId,
          schoolIds: values.school,
          replace: values.replace,
          appUrl,
          locale,
        });
        const out = resolvePath(values.out!);
        await writeFile(out, await tokenSheetWorkbook(rows, district.name, locale), { mode: 0o600 });
        const revoked = rows.reduce((sum, row) => sum + row.revoked.length, 0);
        return {
          data: {
            out,
            appUrl,
            rows: rows.map(({ schoolId, name, tokenId, revoked: ids }) => ({ schoolId, name, tokenId, revoked: ids })),
          },
          lines: [
            t(
              {
                zh: `已为 ${rows.length} 所学校签发新令牌${values.replace ? `，吊销旧令牌 ${revoked} 个` : '（旧令牌未吊销）'}。`,
                en: `Issued new tokens for ${rows.length} schools${values.replace ? `; revoked ${revoked} earlier tokens` : ' (earlier tokens left as they are)'}.`,
              },
              locale,
            ),
            t(
              {
                zh: `登录链接与二维码已写入 ${out}（含令牌，请妥善保管）。`,
                en: `Login links and QR codes written to ${out} (it holds the tokens: keep it safe).`,
              },
              locale,
            ),
          ],
        };
      },
    },
    'token list': {
      options: ['district', 'admin'],
      required: [],
      args: [],
      check: (values) =>
        Boolean(values.district) === Boolean(values.admin)
          ? {
              zh: 'token list 需要 --district <编号> 或 --admin（二选一）',
              en: 'token list needs --district <id> or --admin (one of them)',
            }
          : undefined,
      async run({ values, locale, directory }) {
        const tokens = await directory.listTokens(values.admin ? 'admin' : values.district!, { locale });
        const header =
          locale === 'en'
            ? ['token id', 'role', 'school', 'label', 'created', 'revoked', ...expiryColumns(locale)]
            : ['令牌编号', '角色', '学校', '标签', '签发时间', '吊销时间', ...expiryColumns(locale)];
        const rows = tokens.map((token) => [
          token.tokenId,
          t(ROLE_NAMES[token.role]!, locale),
          token.schoolId ?? '',
          token.label,
          token.createdAt,
          token.revokedAt ?? '',
          ...expiryCells(token, locale),
        ]);
        const count = t({ zh: `共 ${tokens.length} 个令牌`, en: `${tokens.length} tokens` }, locale);
        return { data: tokens, lines: tokens.length ? [...formatTable(header, rows), '', count] : [count] };
      },
    },
  },
  usage: {
    zh: `令牌
  token issue --role school|official|admin [--district <编号>] [--school <编号>] [--label <说明>] [--expires-in 365d|12h|never]
               有效期：学校令牌默认按区县设置（365 天），官员、管理员令牌默认永不过期
  token rotate <令牌编号> [--grace 7d] [--expires-in 365d|12h|never]
               签发接替令牌；旧令牌在宽限期（默认 7 天，0h 立即停用）后停止使用
  token revoke <令牌编号>
  token list --district <编号> | --admin
  token sheet --district <编号> [--school <编号> ...] [--replace] [--app-url <网址>] --out <文件.xlsx>`,
    en: `Tokens
  token issue --role school|official|admin [--district <id>] [--school <id>] [--label <text>] [--expires-in 365d|12h|never]
               validity: a school token gets its district's (365 days by default), others never expire
  token rotate <tokenId> [--grace 7d] [--expires-in 365d|12h|never]
               issues a successor; the old token stops after the grace period (7 days by default, 0h: now)
  token revoke <tokenId>
  token list --district <id> | --admin
  token sheet --district <id> [--school <id> ...] [--replace] [--app-url <url>] --out <file.xlsx>`,
  },
  examples: {
    zh: `  npm run admin -- token issue --role school --district huaying --school hy-zx --label "总务处 张老师"
  npm run admin -- token rotate tok_3f9a1c2b7d4e5f60 --grace 0h
  npm run admin -- token list --district huaying --stack Houqin`,
    en: `  npm run admin -- token issue --role school --district huaying --school hy-zx --label "Logistics office"
  npm run admin -- token rotate tok_3f9a1c2b7d4e5f60 --grace 0h
  npm run admin -- token list --district huaying --stack Houqin`,
  },
});
