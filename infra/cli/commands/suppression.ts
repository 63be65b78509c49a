import { AppError } from '../../../shared/errors';
import type { Locale, Text } from '../../../shared/i18n';
import { localize } from '../../../shared/i18n';
import { DIRECTORY_FIELD_LABELS } from '../../../shared/directory/schemas';
import { say } from '../../../shared/directory/messages';
import { formatTable, t } from '../output';
import { defineGroup } from './command';

/* `suppression list | remove`: the addresses that bounced or complained and get no mail. */

const OPTIONS = {
  address: { type: 'string' },
} as const;

/** Why an address is suppressed, as the operator reads it. */
function suppressionReason(reason: string, locale: Locale): string {
  const names: Record<string, Text> = {
    bounce: { zh: '退信', en: 'bounce' },
    complaint: { zh: '投诉', en: 'complaint' },
  };
  return names[reason] ? t(names[reason], locale) : reason;
}

export const suppressionCommands = defineGroup({
  options: OPTIONS,
  commands: {
    'suppression list': {
      options: [],
      required: [],
      args: [],
      async run({ locale }) {
        const { listSuppressedRecipients } = await import('../../../shared/reports/pipeline/suppression');
        const entries = await listSuppressedRecipients();
        const header = locale === 'en' ? ['address', 'reason', 'kind', 'since'] : ['邮箱地址', '原因', '类型', '时间'];
        const rows = entries.map((entry) => [
          entry.address,
          suppressionReason(entry.reason, locale),
          [entry.kind, entry.subKind].filter(Boolean).join('/'),
          entry.at,
        ]);
        const count = entries.length
          ? t(
              { zh: `共 ${entries.length} 个地址不再收到邮件`, en: `${entries.length} addresses receive no mail` },
              locale,
            )
          : t(
              {
                zh: '抑制名单为空：没有地址被停发邮件',
                en: 'The suppression list is empty: mail goes to every address',
              },
              locale,
            );
        return { data: entries, lines: entries.length ? [...formatTable(header, rows), '', count] : [count] };
      },
    },
    'suppression remove': {
      options: ['address'],
      required: ['address'],
      args: [],
      check: (values) =>
        values.address !== undefined && !values.address.trim()
          ? { zh: '--address 不能为空', en: '--address must not be empty' }
          : undefined,
      async run({ values, locale }) {
        const { normalizeAddress, removeSuppressedRecipient } =
          await import('../../../shared/reports/pipeline/suppression');
        const address = normalizeAddress(values.address!);
        const removed = await removeSuppressedRecipient(address);
        if (!removed) {
          const label = localize(DIRECTORY_FIELD_LABELS.address!, locale);
          throw new AppError('NOT_FOUND', [
            { field: 'address', label, reason: say('suppressedMissing', locale, { address }) },
          ]);
        }
        return {
          data: removed,
          lines: [
            t(
              {
                zh: `已将 ${removed.address} 移出抑制名单（原因：${suppressionReason(removed.reason, locale)}，${removed.at}），此后的邮件会再发给它`,
                en: `Removed ${removed.address} from the suppression list (${suppressionReason(removed.reason, locale)}, ${removed.at}); mail goes to it again from now on`,
              },
              locale,
            ),
          ],
        };
      },
    },
  },
  usage: {
    zh: `邮件抑制名单（退信或投诉的地址不再收到任何邮件）
  suppression list
             列出每个被停发的地址、原因（退信/投诉）、类型和时间
  suppression remove --address <邮箱>
             把地址移出名单，此后的邮件会再发给它`,
    en: `Mail suppression list (addresses that bounced or complained get no mail at all)
  suppression list
             every suppressed address with its reason (bounce/complaint), kind and when
  suppression remove --address <e-mail>
             takes the address off the list: mail goes to it again`,
  },
  examples: {
    zh: `  npm run admin -- suppression remove --address houqin@huaying.example`,
    en: `  npm run admin -- suppression remove --address houqin@huaying.example`,
  },
});
