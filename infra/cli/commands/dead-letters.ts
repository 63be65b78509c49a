import type { Locale, Text } from '../../../shared/i18n';
import { awsBackend, localBackend, redriveQueue, type DeadLetterBackend, type QueueSummary } from '../dead-letters';
import { formatTable, t } from '../output';
import { UsageError } from '../runner';
import { localStackFile } from '../target';
import { defineGroup } from './command';

/*
 * `dead-letters list | redrive <queue> [--dry-run]`: the failure queue of each asynchronous
 * function (one per function, named by it), on a deployed stack (--stack) or locally
 * (.local/data/dead-letters.jsonl). The work is in infra/cli/dead-letters.ts.
 */

const OPTIONS = { 'dry-run': { type: 'boolean' } } as const;

/** The backend the common options point at: --stack (SQS), else the local stack's file. */
async function backendOf(
  values: { stack?: string | undefined; table?: string | undefined; region?: string | undefined },
  env: NodeJS.ProcessEnv,
): Promise<DeadLetterBackend> {
  if (values.table !== undefined && values.stack === undefined) {
    throw new UsageError({
      zh: 'dead-letters 用 --stack <栈名> 指向 AWS 上的部署（失败队列由栈的资源列出），不接受只有 --table',
      en: 'dead-letters takes --stack <name> for a deployment on AWS (the stack lists its failure queues), not --table alone',
    });
  }
  if (values.stack !== undefined) {
    const region = values.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);
    return awsBackend(values.stack, region);
  }
  return localBackend(localStackFile(env));
}

/** `2 天 3 小时` / `2 d 3 h`: how long a message has waited. */
export function waited(since: string, now: Date, locale: Locale): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (locale === 'en') return days ? `${days} d ${hours} h` : hours ? `${hours} h ${rest} min` : `${rest} min`;
  return days ? `${days} 天 ${hours} 小时` : hours ? `${hours} 小时 ${rest} 分` : `${rest} 分`;
}

/** An error on one line, at most 100 characters. */
const short = (error: string) => {
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
};

function listLines(where: Text, summaries: QueueSummary[], locale: Locale, now: Date): string[] {
  const header =
    locale === 'en'
      ? ['queue (function)', 'messages', 'oldest', 'waited', 'its error']
      : ['队列（函数）', '消息数', '最早一条', '已等待', '它的错误'];
  const rows = summaries.map((s) => [
    s.queue,
    String(s.count),
    s.oldestAt ?? '',
    s.oldestAt ? waited(s.oldestAt, now, locale) : '',
    short(s.oldestError ?? ''),
  ]);
  const total = summaries.reduce((sum, s) => sum + s.count, 0);
  const holding = summaries.filter((s) => s.count > 0).length;
  const count = total
    ? t(
        {
          zh: `共 ${total} 条死信，在 ${holding} 个队列中。修复原因后用 dead-letters redrive <队列> 重新投递。`,
          en: `${total} dead letters in ${holding} queues. Mend the cause, then dead-letters redrive <queue>.`,
        },
        locale,
      )
    : t({ zh: '没有死信：每个失败队列都是空的。', en: 'No dead letters: every failure queue is empty.' }, locale);
  return [
    t({ zh: `死信：${t(where, locale)}`, en: `Dead letters: ${t(where, locale)}` }, locale),
    '',
    ...formatTable(header, rows),
    '',
    count,
  ];
}

export const deadLetterCommands = defineGroup({
  options: OPTIONS,
  commands: {
    'dead-letters list': {
      options: [],
      required: [],
      args: [],
      // The target is resolved here: listing the local file needs no running stack.
      offline: true,
      async run({ values, locale, env }) {
        const backend = await backendOf(values, env);
        try {
          const summaries = await backend.summaries();
          return { data: summaries, lines: listLines(backend.where, summaries, locale, new Date()) };
        } finally {
          backend.close();
        }
      },
    },
    'dead-letters redrive': {
      options: ['dry-run'],
      required: [],
      args: ['<queue>'],
      offline: true,
      async run({ values, args, locale, env }) {
        const queue = args[0]!;
        const backend = await backendOf(values, env);
        try {
          if (!backend.queues().includes(queue)) {
            throw new UsageError({
              zh: `没有这个失败队列：${queue}（可选：${backend.queues().join(', ')}）`,
              en: `No such failure queue: ${queue} (one of ${backend.queues().join(', ')})`,
            });
          }
          const dryRun = values['dry-run'] === true;
          const report = await redriveQueue(backend, queue, dryRun);
          const lines = [
            t({ zh: `死信：${t(backend.where, locale)}`, en: `Dead letters: ${t(backend.where, locale)}` }, locale),
          ];
          if (dryRun) {
            lines.push(
              t(
                {
                  zh: `预览：${queue} 的 ${report.redriven.length} 条死信将重新投递给函数 ${queue}（没有做任何改动）`,
                  en: `Preview: ${report.redriven.length} dead letters of ${queue} would be sent to the function ${queue} again (nothing was changed)`,
                },
                locale,
              ),
              ...report.redriven.map((r) => `  ${r.at}  ${r.id}  ${short(r.error)}`),
            );
          } else {
            lines.push(
              t(
                {
                  zh: `已重新投递 ${queue} 的 ${report.redriven.length + report.failed.length} 条死信：${report.redriven.length} 条成功（已移出队列），${report.failed.length} 条再次失败（仍在队列中）`,
                  en: `Redrove ${report.redriven.length + report.failed.length} dead letters of ${queue}: ${report.redriven.length} succeeded (removed from the queue), ${report.failed.length} failed again (still in the queue)`,
                },
                locale,
              ),
              ...report.failed.map((f) =>
                t(
                  {
                    zh: `  再次失败 ${f.id}（${f.at}）：${short(f.error)}`,
                    en: `  failed again ${f.id} (${f.at}): ${short(f.error)}`,
                  },
                  locale,
                ),
              ),
            );
          }
          lines.push(
            ...report.skipped.map((s) =>
              t(
                {
                  zh: `  未投递 ${s.id}（${s.at}），仍在队列中：${t(s.reason, locale)}`,
                  en: `  not sent ${s.id} (${s.at}), still in the queue: ${t(s.reason, locale)}`,
                },
                locale,
              ),
            ),
          );
          if (!report.redriven.length && !report.failed.length && !report.skipped.length)
            lines.push(t({ zh: `${queue} 的队列是空的。`, en: `The queue of ${queue} is empty.` }, locale));
          // Anything left in the queue is a failure of the command: scripts see it in the exit code.
          return { data: report, lines, exitCode: report.failed.length || report.skipped.length ? 1 : 0 };
        } finally {
          backend.close();
        }
      },
    },
  },
  usage: {
    zh: `死信（每个异步函数的失败队列：重试后仍失败的事件）
  dead-letters list
             列出每个失败队列、其中的消息数、最早一条的时间、已等待多久和它的错误
  dead-letters redrive <队列> [--dry-run]
             把队列中的消息逐条重新交给它的函数（同步调用）：成功的移出队列，再次失败的留在队列中；
             --dry-run 只列出将重新投递的消息。队列以函数命名（如 produce-report）。默认是本地栈的
             .local/data/dead-letters.jsonl；--stack <栈名> 为 AWS 上的 SQS 失败队列`,
    en: `Dead letters (each asynchronous function's failure queue: events that failed after their retries)
  dead-letters list
             each failure queue with its message count, its oldest message's time, how long it has
             waited and its error
  dead-letters redrive <queue> [--dry-run]
             hands the queue's messages back to its function one by one (a synchronous invocation):
             those that succeed leave the queue, those that fail again stay in it; --dry-run only
             lists what would be sent. Queues are named by their function (e.g. produce-report).
             The local stack's .local/data/dead-letters.jsonl by default; --stack <name> for the
             SQS failure queues on AWS`,
  },
  examples: {
    zh: `  npm run admin -- dead-letters list --stack Houqin
  npm run admin -- dead-letters redrive produce-report --dry-run`,
    en: `  npm run admin -- dead-letters list --stack Houqin
  npm run admin -- dead-letters redrive produce-report --dry-run`,
  },
});
