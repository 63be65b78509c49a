import { readFile } from 'node:fs/promises';
import type { Locale } from '../../../shared/i18n';
import type { DistrictSweep } from '../../../shared/hazards/sweep';
import { isCalendarDate, localDate } from '../../../shared/time';
import { t } from '../output';
import { UsageError } from '../runner';
import type { Target } from '../target';
import { defineGroup } from './command';

/*
 * `hazards sweep`: the overdue sweep the 09:00 schedule runs, by hand (a preview unless --send).
 * `hazards digest`: the digest of alerts held past an hour's alert budget, as the hourly schedule
 * sends it (a list of what waits unless --send).
 */

const OPTIONS = {
  district: { type: 'string' },
  date: { type: 'string' },
  send: { type: 'boolean' },
  at: { type: 'string' },
} as const;

/** `--at` as an instant: an ISO-8601 time with its zone (`2026-12-07T10:00:00+08:00`, `…Z`). */
function instantOf(value: string | undefined): Date | undefined {
  if (value === undefined) return new Date();
  const at = /(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim()) ? new Date(value.trim()) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

/**
 * Where the sweep's e-mail goes: the local stack's mail viewer and sender (from its stack file),
 * or on AWS the SENDER_ADDRESS of the environment.
 */
async function prepareMail(target: Target, env: NodeJS.ProcessEnv): Promise<string> {
  if (target.kind === 'local') {
    const stack = JSON.parse(await readFile(target.file, 'utf8')) as { sesEndpoint?: string; senderAddress?: string };
    if (!stack.sesEndpoint || !stack.senderAddress) {
      throw new UsageError({
        zh: `本地栈文件 ${target.file} 没有邮件设置：请重新运行 npm start。`,
        en: `The local stack file ${target.file} has no mail settings: run npm start again.`,
      });
    }
    env.AWS_ENDPOINT_URL_SES = stack.sesEndpoint;
    return stack.senderAddress;
  }
  const sender = env.SENDER_ADDRESS?.trim();
  if (!sender) {
    throw new UsageError({
      zh: '对 AWS 上的部署执行 --send 需要发件地址：请设置 SENDER_ADDRESS=<已验证的 SES 地址>（与部署时的 senderAddress 相同）。',
      en: 'Running --send against AWS needs the sender: set SENDER_ADDRESS=<the verified SES address> (the senderAddress the stack was deployed with).',
    });
  }
  return sender;
}

/** One district's sweep as the operator reads it. */
function sweepLines(result: DistrictSweep, locale: Locale): string[] {
  const en = locale === 'en';
  const marked = result.marked.map(
    (h) =>
      `    ${h.hazardId}  ${h.schoolId}  ${t(h.title, locale)}${h.place ? ` (${h.place})` : ''}  ${en ? 'due' : '整改期限'} ${h.dueDate}`,
  );
  const markedHeading = result.applied
    ? t(
        {
          zh: `  新标记逾期 ${result.marked.length} 项${result.marked.length ? '：' : ''}`,
          en: `  marked overdue now: ${result.marked.length}`,
        },
        locale,
      )
    : t(
        {
          zh: `  将标记逾期 ${result.marked.length} 项${result.marked.length ? '：' : ''}`,
          en: `  would mark overdue: ${result.marked.length}`,
        },
        locale,
      );
  const digests = result.digests.map((digest) => {
    const n = digest.hazardIds.length;
    const hazards = n === 1 ? '1 hazard' : `${n} hazards`;
    const to = (digest.recipients ?? []).join(', ');
    switch (digest.status) {
      case 'sent':
        return t(
          {
            zh: `  已发送逾期汇总邮件（${digest.date}，${n} 项）给 ${to}`,
            en: `  sent the overdue digest (${digest.date}, ${hazards}) to ${to}`,
          },
          locale,
        );
      case 'already-sent':
        return t(
          {
            zh: `  逾期汇总邮件（${digest.date}，${n} 项）此前已发送`,
            en: `  the overdue digest (${digest.date}, ${hazards}) was sent before`,
          },
          locale,
        );
      case 'would-send':
        return t(
          {
            zh: `  将发送逾期汇总邮件（${digest.date}，${n} 项）`,
            en: `  would send the overdue digest (${digest.date}, ${hazards})`,
          },
          locale,
        );
      case 'no-recipients':
        return t(
          {
            zh: `  区县没有官员邮箱，不发送汇总邮件（${n} 项）`,
            en: `  the district has no officials' addresses: no digest (${hazards})`,
          },
          locale,
        );
    }
  });
  return [
    t(
      {
        zh: `区县 ${result.districtId}（${result.districtName}），日期 ${result.date}：`,
        en: `District ${result.districtId} (${result.districtName}), date ${result.date}:`,
      },
      locale,
    ),
    markedHeading,
    ...marked,
    t(
      { zh: `  此前已标记逾期 ${result.alreadyMarked} 项`, en: `  marked overdue before: ${result.alreadyMarked}` },
      locale,
    ),
    ...(digests.length ? digests : [t({ zh: '  无需发送邮件', en: '  no e-mail to send' }, locale)]),
  ];
}

export const hazardsCommands = defineGroup({
  options: OPTIONS,
  commands: {
    'hazards sweep': {
      options: ['district', 'date', 'send'],
      required: [],
      args: [],
      check: (values) =>
        values.date !== undefined && !isCalendarDate(values.date)
          ? {
              zh: `--date 应为 YYYY-MM-DD 格式的日期：${values.date}`,
              en: `--date must be a date written YYYY-MM-DD: ${values.date}`,
            }
          : undefined,
      async run({ values, locale, directory, target, env }) {
        const apply = values.send ?? false;
        const senderAddress = apply ? await prepareMail(target, env) : undefined;
        const { listDistricts, sweepDistrict } = await import('../../../shared/hazards/sweep');
        const districts = values.district
          ? [await directory.requireDistrict(values.district, locale)]
          : await listDistricts();
        const results: DistrictSweep[] = [];
        for (const district of districts) {
          const today = localDate(district.timezone);
          const date = values.date ?? today;
          if (date > today) {
            throw new UsageError({
              zh: `--date ${date} 晚于区县 ${district.districtId} 的今天（${today}）：只能按今天或以前的日期检查逾期。`,
              en: `--date ${date} is after today in district ${district.districtId} (${today}): sweep for today or an earlier date.`,
            });
          }
          results.push(await sweepDistrict(district, date, { apply, ...(senderAddress ? { senderAddress } : {}) }));
        }
        const footer = apply
          ? []
          : [
              '',
              t(
                {
                  zh: '预览：没有写入任何数据，也没有发送邮件。加 --send 标记逾期并发送汇总邮件。',
                  en: 'Preview: nothing was written and no e-mail was sent. Add --send to mark the hazards and send the digests.',
                },
                locale,
              ),
            ];
        const none = t({ zh: '没有区县。', en: 'No districts.' }, locale);
        return {
          data: results,
          lines: results.length ? [...results.flatMap((r) => sweepLines(r, locale)), ...footer] : [none],
        };
      },
    },
    'hazards digest': {
      options: ['at', 'send'],
      required: [],
      args: [],
      check: (values) =>
        instantOf(values.at) === undefined
          ? {
              zh: `--at 应为带时区的 ISO 8601 时间（例如 2026-12-07T11:00:00+08:00）：${values.at}`,
              en: `--at must be an ISO 8601 time with its zone (e.g. 2026-12-07T11:00:00+08:00): ${values.at}`,
            }
          : undefined,
      async run({ values, locale, target, env }) {
        const at = instantOf(values.at)!;
        const en = locale === 'en';
        if (!values.send) {
          const { alertWindowOf, heldAlertsAwaitingDigest } = await import('../../../shared/hazards/alert-budget');
          const waiting = await heldAlertsAwaitingDigest(alertWindowOf(at).start);
          const byDistrict = new Map<string, number>();
          for (const held of waiting) byDistrict.set(held.districtId, (byDistrict.get(held.districtId) ?? 0) + 1);
          return {
            data: waiting,
            lines: [
              ...[...byDistrict].map(([districtId, count]) =>
                en
                  ? `  ${districtId}: ${count} held alerts would go in one digest`
                  : `  ${districtId}：${count} 条待汇总的重大隐患提醒，将合并为一封汇总邮件`,
              ),
              t(
                {
                  zh: `共 ${waiting.length} 条（截至 ${at.toISOString()} 已结束的整点时段）。预览：没有发送邮件，加 --send 发送。`,
                  en: `${waiting.length} in all (hours ended by ${at.toISOString()}). Preview: no e-mail was sent; add --send to send.`,
                },
                locale,
              ),
            ],
          };
        }
        const senderAddress = await prepareMail(target, env);
        const { sendAlertDigests } = await import('../../../shared/hazards/alert-digest');
        const digests = await sendAlertDigests(at, { senderAddress });
        return {
          data: digests,
          lines: digests.length
            ? digests.map((digest) =>
                en
                  ? `  ${digest.districtId}: digest of ${digest.held.length} held alerts (and ${digest.mailed.length} mailed one by one): ${digest.status}`
                  : `  ${digest.districtId}：汇总邮件含待汇总提醒 ${digest.held.length} 条（另列已逐条提醒 ${digest.mailed.length} 条）：${digest.status}`,
              )
            : [t({ zh: '没有待汇总的提醒。', en: 'No held alerts to send.' }, locale)],
        };
      },
    },
  },
  usage: {
    zh: `隐患
  hazards sweep [--district <编号>] [--date YYYY-MM-DD] [--send]
             逾期检查（与每天 9:00 的定时任务相同）：标记已过整改期限仍未整改的隐患，并给区县官员
             发送一封逾期汇总邮件。默认是所有区县、各自时区的今天；不加 --send 只预览，不写入也不发邮件
  hazards digest [--at <时间>] [--send]
             重大隐患提醒汇总（与每小时整点的定时任务相同）：超出每小时提醒上限而暂缓的提醒，
             截至 --at（默认现在）已结束的时段，每个区县合并为一封汇总邮件；不加 --send 只列出`,
    en: `Hazards
  hazards sweep [--district <id>] [--date YYYY-MM-DD] [--send]
             the overdue sweep (what the 09:00 schedule runs): marks hazards past their due date and
             not rectified, and e-mails the district's officials one digest. Every district, each on
             its own today, unless narrowed; without --send only a preview: nothing written or sent
  hazards digest [--at <time>] [--send]
             the alert digest (what the hourly schedule runs): the critical-hazard alerts held past
             an hour's alert budget, of hours ended by --at (default now), one digest per district;
             without --send only a list`,
  },
  examples: {
    zh: `  npm run admin -- hazards sweep --district huaying              # 预览
  npm run admin -- hazards sweep --district huaying --send`,
    en: `  npm run admin -- hazards sweep --district huaying              # preview
  npm run admin -- hazards sweep --district huaying --send`,
  },
});
