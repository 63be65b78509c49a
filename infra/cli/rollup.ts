import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import type { Locale, Text } from '../../shared/i18n';
import { localize } from '../../shared/i18n';
import { mailTransportConfig, type MailTransportConfig } from '../../shared/email/transport';
import { mailConfigurationSetName } from '../../shared/reports/pipeline/config';
import { sendErrorReason } from '../../shared/reports/pipeline/views';
import { isPeriodId } from '../../shared/reports/annual/period';
import type { AnnualOutcome } from '../../shared/reports/annual/produce';
import type { ProduceOutcome } from '../../shared/reports/pipeline/produce';
import { isMonth } from '../../shared/time';
import { COMMON_OPTIONS, type ValuesOf } from './commands/command';
import { consoleIo, type Io } from './output';
import { formatError, parseCommandLine, runAsProgram, runCli, UsageError } from './runner';
import { applyTarget, describeTarget, probeLocal, resolveTarget, TargetError, type Target } from './target';

/*
 * `npm run rollup -- --month YYYY-MM [--district <id>] [--send] [--stack <name> | --table <name> --bucket <name>]`:
 * produces the monthly report of one district (or of every district) as produce-report does —
 * or, with `--year 2026` / `--year 2025-26` instead of --month, the year-end summary as
 * produce-annual-report does (JSON, XLSX and the Word draft) —
 * load, roll up, store JSON and XLSX in the bucket and the index in the table — and with --send
 * mails it again to the district's officials, as POST /v1/reports/{month} with {"send": true}
 * does. Against the local stack by default (its stack file names the table, bucket and mail
 * viewer), or a deployed one (--stack reads the table and bucket from the stack's outputs and
 * sends with its SES configuration set; the sender comes from SENDER_ADDRESS). Exit codes: 0 done, 1 a district
 * failed (the others are still produced), 2 a usage mistake.
 */

/** Its own options; the target, language, --json and --help are the admin CLI's (COMMON_OPTIONS). */
const ROLLUP_OPTIONS = {
  month: { type: 'string' },
  year: { type: 'string' },
  district: { type: 'string' },
  send: { type: 'boolean' },
  bucket: { type: 'string' },
} as const;
const OPTIONS = { ...ROLLUP_OPTIONS, ...COMMON_OPTIONS };

const USAGE: Text = {
  zh: `用法：npm run rollup -- (--month YYYY-MM | --year <年度>) [--district <编号>] [--send] [--stack <栈名> | --table <表名> --bucket <桶名>] [--region <区域>] [--lang en] [--json]

  生成某月的区县月报（与每月1日8时的定时任务相同）：读取数据、汇总、把 JSON 和 Excel 存入桶中并写入索引。
  --month     月份（必须已结束，按区县时区）
  --year      改为生成年度后勤工作总结（数据部分）：自然年写作 2026，学年写作 2025-26（9月至次年8月）；
              与每年1月5日、9月5日8时的定时任务相同，存储 JSON、Excel 和 Word 初稿
  --district  只生成这个区县；默认所有区县
  --send      生成后再次把月报发送给区县官员（与 POST /v1/reports/{month} {"send": true} 相同）
  --stack     AWS 上已部署的栈（读取其输出中的表和桶，用它的 SES 配置集发送）；发送需设置 SENDER_ADDRESS
  --table/--bucket  直接指定 AWS 上的表和桶
  默认目标是本地栈（npm start）。`,
  en: `Usage: npm run rollup -- (--month YYYY-MM | --year <period>) [--district <id>] [--send] [--stack <name> | --table <name> --bucket <name>] [--region <region>] [--lang en] [--json]

  Produces a month's district report (what the schedule does on the 1st at 08:00): loads, rolls up,
  stores the JSON and the workbook in the bucket and indexes them in the table.
  --month     the month (it must have ended, in the district's time)
  --year      produce the year-end summary instead: a calendar year written 2026, or a school year 2025-26
              (September to August); as the schedule does on 5 January and 5 September at 08:00, it stores
              the JSON, the workbook and the Word draft
  --district  only this district; every district by default
  --send      mail the report again to the district's officials (as POST /v1/reports/{month} {"send": true})
  --stack     a deployed stack (its outputs name the table and bucket; mail goes with its SES configuration set); --send needs SENDER_ADDRESS
  --table/--bucket  a table and bucket on AWS, named directly
  The default target is the local stack (npm start).`,
};

/** Where the report objects and mail go, besides the table. */
export interface ReportTarget {
  bucket: string;
  senderAddress?: string;
  /** How the mail goes (SES of the CLI's region by default; MAIL_TRANSPORT, MAIL_REGION, SMTP_SECRET_ID as on the stack). */
  mail: MailTransportConfig;
  /** The API's public URL, for the photo links in the mail. */
  publicApiUrl?: string;
}

const localStackSchema = z.object({
  s3Endpoint: z.url(),
  bucketName: z.string().min(1),
  sesEndpoint: z.url().optional(),
  senderAddress: z.string().min(3).optional(),
  apiUrl: z.url().optional(),
});

/** The local stack's bucket, S3 and mail endpoints (from its stack file), set in `env` for the SDK clients. */
async function localReportTarget(
  target: Extract<Target, { kind: 'local' }>,
  env: NodeJS.ProcessEnv,
): Promise<ReportTarget> {
  const parsed = localStackSchema.safeParse(JSON.parse(await readFile(target.file, 'utf8')) as unknown);
  if (!parsed.success) {
    throw new TargetError({
      zh: `本地栈文件 ${target.file} 没有 S3 或邮件设置：请重新运行 npm start。`,
      en: `The local stack file ${target.file} has no S3 or mail settings: run npm start again.`,
    });
  }
  const stack = parsed.data;
  env.AWS_ENDPOINT_URL_S3 = stack.s3Endpoint;
  env.S3_FORCE_PATH_STYLE = 'true';
  if (stack.sesEndpoint) env.AWS_ENDPOINT_URL_SES = stack.sesEndpoint;
  // s3rver checks signatures against its one key pair; DynamoDB Local and the SES emulator take any.
  env.AWS_ACCESS_KEY_ID = 'S3RVER';
  env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  return {
    bucket: stack.bucketName,
    mail: { kind: 'ses' },
    ...(stack.senderAddress ? { senderAddress: stack.senderAddress } : {}),
    ...(stack.apiUrl ? { publicApiUrl: stack.apiUrl } : {}),
  };
}

/** The outputs of a deployed stack (BucketName names its bucket). */
async function stackOutputs(stack: string, region: string | undefined): Promise<Record<string, string>> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient(region ? { region } : {});
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stack }));
    return Object.fromEntries(
      (Stacks?.[0]?.Outputs ?? []).flatMap((o) => (o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue]] : [])),
    );
  } finally {
    client.destroy();
  }
}

/** Where reports go on AWS: the stack's outputs, or --bucket with --table; the sender from SENDER_ADDRESS. */
async function awsReportTarget(
  target: Extract<Target, { kind: 'aws' }>,
  bucketOption: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<ReportTarget> {
  const outputs = target.stack ? await stackOutputs(target.stack, target.region) : {};
  const bucket = bucketOption ?? outputs.BucketName;
  if (!bucket) {
    throw new UsageError({
      zh: '对 --table 指定的表需要同时用 --bucket 指定桶。',
      en: 'With --table, name the bucket with --bucket too.',
    });
  }
  const sender = env.SENDER_ADDRESS?.trim();
  // The stack sends with its configuration set, named after it (infra/constructs/events.ts).
  const mail = mailTransportConfig(env);
  const apiUrl = env.PUBLIC_API_URL?.trim() || outputs.ApiUrl;
  return {
    bucket,
    mail:
      mail.kind === 'ses' && !mail.configurationSet && target.stack
        ? { ...mail, configurationSet: mailConfigurationSetName(target.stack) }
        : mail,
    ...(sender ? { senderAddress: sender } : {}),
    ...(apiUrl ? { publicApiUrl: apiUrl } : {}),
  };
}

/** A rate 0–1 as a percentage with one decimal. */
const percent = (rate: number | undefined) => (rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** One district's outcome as the operator reads it. */
export function outcomeLines(outcome: ProduceOutcome, districtName: string, locale: Locale): string[] {
  const t = (text: Text) => localize(text, locale);
  const { stored, summary } = { stored: outcome.stored, summary: outcome.stored.summary };
  const state = outcome.written
    ? t({ zh: `已生成并存储（第 ${stored.revision} 版）`, en: `produced and stored (revision ${stored.revision})` })
    : t({
        zh: `数据未变，沿用已存储的第 ${stored.revision} 版`,
        en: `unchanged: the stored revision ${stored.revision} stands`,
      });
  const lines = [
    t({
      zh: `${districtName}（${outcome.districtId}）${outcome.month}：${state}`,
      en: `${districtName} (${outcome.districtId}) ${outcome.month}: ${state}`,
    }),
    t({
      zh: `  学校上报 ${summary.schoolsReporting}/${summary.schoolsRegistered}，合规率 ${percent(summary.complianceRate)}；本月发现隐患 ${summary.hazardsFound} 项，月末未整改 ${summary.hazardsOpenAtMonthEnd} 项（逾期 ${summary.hazardsOverdueAtMonthEnd} 项）`,
      en: `  schools reporting ${summary.schoolsReporting}/${summary.schoolsRegistered}, compliance ${percent(summary.complianceRate)}; hazards found ${summary.hazardsFound}, open at month end ${summary.hazardsOpenAtMonthEnd} (overdue ${summary.hazardsOverdueAtMonthEnd})`,
    }),
    t({
      zh: `  文件：${stored.jsonKey}，${stored.workbookKey}`,
      en: `  objects: ${stored.jsonKey}, ${stored.workbookKey}`,
    }),
    t({
      zh: `  用时 ${outcome.timings.totalMs} 毫秒（读取 ${outcome.timings.loadMs}，汇总 ${outcome.timings.rollupMs}，存储 ${outcome.timings.storeMs}，邮件 ${outcome.timings.mailMs}），读取 ${outcome.reads.items} 条`,
      en: `  took ${outcome.timings.totalMs} ms (load ${outcome.timings.loadMs}, rollup ${outcome.timings.rollupMs}, store ${outcome.timings.storeMs}, mail ${outcome.timings.mailMs}), ${outcome.reads.items} items read`,
    }),
  ];
  if (outcome.delivery?.status === 'no-recipients')
    lines.push(t({ zh: '  区县没有官员邮箱：未发送', en: '  the district has no officials: nothing mailed' }));
  for (const mail of outcome.mail) {
    const extra = mail.lastErrorCode
      ? ` (${mail.lastErrorCode}${mail.nextAttemptAt ? `, ${t({ zh: '下次重试', en: 'next attempt' })} ${mail.nextAttemptAt}` : ''})`
      : '';
    lines.push(
      t({
        zh: `  邮件 #${mail.delivery} → ${mail.recipient}：${mail.status}${extra}`,
        en: `  mail #${mail.delivery} → ${mail.recipient}: ${mail.status}${extra}`,
      }),
    );
    const reason = mail.status === 'failed' ? sendErrorReason(mail.lastErrorCode, locale) : undefined;
    if (reason) lines.push(`    ${reason}`);
  }
  return lines;
}

/** One district's year-end summary as the operator reads it. */
export function annualOutcomeLines(outcome: AnnualOutcome, districtName: string, locale: Locale): string[] {
  const t = (text: Text) => localize(text, locale);
  const { stored } = outcome;
  const summary = stored.summary;
  const state = outcome.written
    ? t({
        zh: `年度总结已生成并存储（第 ${stored.revision} 版）`,
        en: `year-end summary produced and stored (revision ${stored.revision})`,
      })
    : t({
        zh: `数据未变，沿用已存储的第 ${stored.revision} 版`,
        en: `unchanged: the stored revision ${stored.revision} stands`,
      });
  const lines = [
    t({
      zh: `${districtName}（${outcome.districtId}）${outcome.period}：${state}`,
      en: `${districtName} (${outcome.districtId}) ${outcome.period}: ${state}`,
    }),
    t({
      zh: `  学校上报 ${summary.schoolsReporting}/${summary.schoolsRegistered}，全年完成率 ${percent(summary.complianceRate)}；全年发现隐患 ${summary.hazardsFound} 项，年末未整改 ${summary.hazardsOpenAtMonthEnd} 项（逾期 ${summary.hazardsOverdueAtMonthEnd} 项）`,
      en: `  schools reporting ${summary.schoolsReporting}/${summary.schoolsRegistered}, compliance over the year ${percent(summary.complianceRate)}; hazards found ${summary.hazardsFound}, open at the end ${summary.hazardsOpenAtMonthEnd} (overdue ${summary.hazardsOverdueAtMonthEnd})`,
    }),
    t({
      zh: `  文件：${stored.jsonKey}，${stored.workbookKey}，${stored.jsonKey.replace(/\.json$/, '.docx')}`,
      en: `  objects: ${stored.jsonKey}, ${stored.workbookKey}, ${stored.jsonKey.replace(/\.json$/, '.docx')}`,
    }),
    t({
      zh: `  用时 ${outcome.timings.totalMs} 毫秒（读取 ${outcome.timings.loadMs}，汇总 ${outcome.timings.rollupMs}，排版 ${outcome.timings.renderMs}，存储 ${outcome.timings.storeMs}，邮件 ${outcome.timings.mailMs}），读取 ${outcome.reads.items} 条`,
      en: `  took ${outcome.timings.totalMs} ms (load ${outcome.timings.loadMs}, rollup ${outcome.timings.rollupMs}, render ${outcome.timings.renderMs}, store ${outcome.timings.storeMs}, mail ${outcome.timings.mailMs}), ${outcome.reads.items} items read`,
    }),
  ];
  if (outcome.delivery?.status === 'no-recipients')
    lines.push(t({ zh: '  区县没有官员邮箱：未发送', en: '  the district has no officials: nothing mailed' }));
  for (const mail of outcome.mail) {
    lines.push(
      t({
        zh: `  邮件 #${mail.delivery} → ${mail.recipient}：${mail.status}`,
        en: `  mail #${mail.delivery} → ${mail.recipient}: ${mail.status}`,
      }),
    );
    const reason = mail.status === 'failed' ? sendErrorReason(mail.lastErrorCode, locale) : undefined;
    if (reason) lines.push(`    ${reason}`);
  }
  return lines;
}

/** Where the usage is, after a usage mistake. */
const USAGE_HINT: Text = {
  zh: '运行 npm run rollup -- --help 查看用法。',
  en: 'Run npm run rollup -- --help for usage.',
};

/** Runs the CLI with these arguments; resolves to the exit code. */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = consoleIo): Promise<number> {
  return runCli(argv, env, io, USAGE_HINT, async ({ locale, usage }) => {
    const values = parseCommandLine(argv, OPTIONS, false).values as ValuesOf<typeof ROLLUP_OPTIONS>;
    if (values.help) {
      io.out(localize(USAGE, locale));
      return 0;
    }
    if (values.year !== undefined) {
      if (values.month !== undefined)
        return usage({ zh: '--month 与 --year 只能选一个', en: 'Give --month or --year, not both' });
      if (!isPeriodId(values.year))
        return usage({
          zh: `--year 应为年度：自然年写作 2026，学年写作 2025-26：${values.year}`,
          en: `--year must be a year: 2026 (calendar) or 2025-26 (school year): ${values.year}`,
        });
    } else if (!values.month || !isMonth(values.month))
      return usage({
        zh: `--month 应为 YYYY-MM 格式的月份：${values.month ?? ''}`,
        en: `--month must be a month written YYYY-MM: ${values.month ?? ''}`,
      });
    if (values.bucket && !values.table)
      return usage({ zh: '--bucket 只与 --table 一起使用', en: '--bucket goes with --table only' });
    const month = values.month ?? '';
    const year = values.year;

    let failed = false;
    const target = await resolveTarget({ stack: values.stack, table: values.table, region: values.region }, env);
    applyTarget(target, env);
    if (target.kind === 'local') await probeLocal(target);
    const reportTarget =
      target.kind === 'local'
        ? await localReportTarget(target, env)
        : await awsReportTarget(target, values.bucket, env);
    if (values.send && !reportTarget.senderAddress) {
      throw new UsageError({
        zh: '对 AWS 上的部署执行 --send 需要发件地址：请设置 SENDER_ADDRESS=<已验证的 SES 地址>。',
        en: 'Running --send against AWS needs the sender: set SENDER_ADDRESS=<the verified SES address>.',
      });
    }
    io.err(describeTarget(target, locale));

    // Loaded only now: the table's client is made with the environment the target set.
    const [
      { getDistrict },
      { listDistricts },
      { produceReport },
      { monthHasEnded },
      { rawMailSender },
      { mailTransport },
      { produceAnnualReport },
      { parsePeriod, periodHasEnded },
    ] = await Promise.all([
      import('../../shared/directory/districts'),
      import('../../shared/hazards/sweep'),
      import('../../shared/reports/pipeline/produce'),
      import('../../shared/reports/pipeline/month'),
      import('../../shared/reports/pipeline/send'),
      import('../../shared/email/transport'),
      import('../../shared/reports/annual/produce'),
      import('../../shared/reports/annual/period'),
    ]);
    const districts = values.district ? [await getDistrict(values.district)] : await listDistricts();
    if (values.district && !districts[0])
      throw new UsageError({ zh: `没有这个区县：${values.district}`, en: `No such district: ${values.district}` });
    const outcomes: (ProduceOutcome | AnnualOutcome)[] = [];
    const lines: string[] = [];
    const send = values.send ? 'again' : 'none';
    // A mail transport of its own for each district's run.
    const mailOptions = () => ({
      bucket: reportTarget.bucket,
      ...(reportTarget.senderAddress ? { senderAddress: reportTarget.senderAddress } : {}),
      sendRawMail: rawMailSender(mailTransport(reportTarget.mail)),
    });
    for (const district of districts) {
      if (!district) continue;
      const period = year === undefined ? undefined : parsePeriod(year)!;
      const now = new Date();
      if (period ? !periodHasEnded(period, district.timezone, now) : !monthHasEnded(month, district.timezone, now)) {
        const text = period
          ? {
              zh: `${district.name}（${district.districtId}）：${year} 年度尚未结束（${district.timezone}），不能生成年度总结`,
              en: `${district.name} (${district.districtId}): ${year} has not ended yet (${district.timezone}); no summary`,
            }
          : {
              zh: `${district.name}（${district.districtId}）：${month} 尚未结束（${district.timezone}），不能生成月报`,
              en: `${district.name} (${district.districtId}): ${month} has not ended yet (${district.timezone}); no report`,
            };
        if (values.district) throw new UsageError(text);
        lines.push(localize(text, locale));
        continue;
      }
      try {
        if (period) {
          const outcome = await produceAnnualReport(
            { districtId: district.districtId, period: period.id, send, requestedBy: 'cli' },
            mailOptions(),
          );
          outcomes.push(outcome);
          lines.push(...annualOutcomeLines(outcome, district.name, locale));
        } else {
          const outcome = await produceReport(
            { districtId: district.districtId, month, send, requestedBy: 'cli' },
            {
              ...mailOptions(),
              ...(reportTarget.publicApiUrl ? { publicApiUrl: reportTarget.publicApiUrl } : {}),
            },
          );
          outcomes.push(outcome);
          lines.push(...outcomeLines(outcome, district.name, locale));
        }
      } catch (error) {
        failed = true;
        lines.push(
          localize(
            {
              zh: `${district.name}（${district.districtId}）：生成失败`,
              en: `${district.name} (${district.districtId}): failed`,
            },
            locale,
          ),
        );
        lines.push(...formatError(error, locale).map((line) => `  ${line}`));
      }
    }
    if (districts.length === 0) lines.push(localize({ zh: '没有区县。', en: 'No districts.' }, locale));
    if (values.json) io.out(JSON.stringify(outcomes, null, 2));
    else lines.forEach((line) => io.out(line));
    return failed ? 1 : 0;
  });
}

if (require.main === module) runAsProgram(main);
