import { Duration, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IAlarm,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { encryptedTopic } from './encrypted-topic';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/manifest';
import { DOMAIN_METRICS, METRICS_NAMESPACE } from '../../shared/metrics';
import type { Api } from './api';
import type { FailureQueue } from './failures';
import type { HouqinFunction } from './houqin-function';

/** Where each alarm's description points for "how to mend it" (a section of docs/operations.md). */
export const RUNBOOK = 'docs/operations.md';

/**
 * How strictly a function's errors and throttles are watched. The authorizer guards every route and
 * the submission path is what a school's daily check depends on: one error there already reaches a
 * person. Other routes tolerate a few. Asynchronous functions retry on their own and end in their
 * failure queue (alarmed separately), so their error alarm looks at a longer window.
 */
export type FunctionWatch = 'critical' | 'http' | 'async';

export const FUNCTION_THRESHOLDS: Record<FunctionWatch, { periodMinutes: number; errors: number; throttles: number }> =
  {
    critical: { periodMinutes: 5, errors: 1, throttles: 1 },
    http: { periodMinutes: 5, errors: 5, throttles: 5 },
    async: { periodMinutes: 15, errors: 3, throttles: 5 },
  };

/** HTTP API: share of 5xx answers (percent, over at least API_5XX_MIN_REQUESTS requests in 5 minutes) and p99 latency (ms). */
export const API_THRESHOLDS = { serverErrorPercent: 2, minRequests: 20, p99LatencyMs: 5000 } as const;

/**
 * SES's account reputation (fractions). SES puts an account under review at a 5 % bounce rate or a
 * 0.1 % complaint rate and may pause its sending at about 10 % and 0.5 %: the alarms go off at the
 * review levels, well before a pause.
 */
export const SES_THRESHOLDS = { bounceRate: 0.05, complaintRate: 0.001 } as const;

/** The routes on the submission path (a school's record and its photos). */
const SUBMISSION_PATH = /^\/v1\/submissions(\/|$)/;

/** How strictly a manifest function is watched, from its triggers. */
export function watchOf(spec: FunctionSpec): FunctionWatch {
  if (
    spec.triggers.some(
      (t) => t.kind === 'authorizer' || (t.kind === 'http' && t.method === 'POST' && SUBMISSION_PATH.test(t.path)),
    )
  )
    return 'critical';
  if (spec.triggers.every((t) => t.kind === 'http')) return 'http';
  return 'async';
}

/**
 * How often a schedule expression runs, in minutes: `rate(N minutes|hours|days)`, an hourly
 * `cron(M * * * ? *)` or a daily `cron(M H * * ? *)`. Another shape is an error: the schedule's
 * "did not run" alarm needs its interval, so this is where a new shape is taught.
 */
export function scheduleIntervalMinutes(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2] ?? '';
    return unit.startsWith('minute') ? n : unit.startsWith('hour') ? n * 60 : n * 1440;
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  if (cron) {
    const [, minute, hour, dayOfMonth, month, dayOfWeek] = cron;
    const everyDay =
      (dayOfMonth === '*' || dayOfMonth === '?') && month === '*' && (dayOfWeek === '*' || dayOfWeek === '?');
    if (everyDay && /^\d+$/.test(minute ?? '') && hour === '*') return 60;
    if (everyDay && /^\d+$/.test(minute ?? '') && /^\d+$/.test(hour ?? '')) return 1440;
  }
  throw new Error(
    `Cannot tell how often schedule "${expression}" runs: teach scheduleIntervalMinutes (infra/constructs/operations.ts) its shape`,
  );
}

/** What an alarm means and what to do, in both languages, and the runbook section. */
interface AlarmText {
  zh: string;
  en: string;
  /** The anchor of its section in docs/operations.md. */
  section: string;
}

/** An alarm description: zh-CN first (the default language), then English, then the runbook link. */
export function alarmDescription(text: AlarmText): string {
  const description = `【后勤】${text.zh}\n[Houqin] ${text.en}\n运行手册 / Runbook: ${RUNBOOK}#${text.section}`;
  // CloudWatch's limit for an alarm description.
  if (description.length > 1024)
    throw new Error(`Alarm description longer than 1024 characters: ${description.slice(0, 80)}…`);
  return description;
}

export interface OperationsProps {
  /** Who is told (an e-mail subscription of the operations topic). Required for a deployment (infra/app.ts); tests may leave it out. */
  readonly opsAddress?: string;
  /** Every function of the manifest, by name. */
  readonly functions: ReadonlyMap<string, HouqinFunction>;
  /** Every failure (dead-letter) queue, by the name of its function. */
  readonly failureQueues: ReadonlyMap<string, FailureQueue>;
  readonly api: Api;
  /** Whether the stack sends mail (then SES's reputation is watched). */
  readonly sendsMail: boolean;
  /** Whether that mail goes through SES in the stack's region: its reputation metrics are there (an alarm cannot watch another region's). @default true */
  readonly sesInRegion?: boolean;
  /** The functions' Powertools service name (the `service` dimension of the domain metrics). @default 'houqin' */
  readonly serviceName?: string;
}

/**
 * "A failure reaches a person": an operations SNS topic (encrypted with a key CloudWatch may use,
 * an e-mail subscription to `opsAddress`) and the alarms that publish to it, all derived from what
 * the stack built from the manifest, so a new function, failure queue or schedule gets its alarms
 * without an edit here:
 * - each failure queue holding any message;
 * - each function's errors and throttles (thresholds by `watchOf`);
 * - each schedule's function not invoked for two of its intervals (the schedule did not run);
 * - the HTTP API's 5xx share and p99 latency;
 * - SES's bounce and complaint rates and a report mail given up after its last retry (when the stack sends mail);
 * - a monthly report still missing or unmailed on the 1st at 10:00 district time (when the dispatcher is built).
 * A dashboard shows the alarms' states, the main graphs and the domain metrics (shared/metrics.ts).
 */
export class Operations extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  readonly dashboard: Dashboard;
  /** Every alarm, by a stable name: `queue:<fn>`, `errors:<fn>`, `throttles:<fn>`, `schedule:<id>`, `api:5xx`, `api:p99`, `ses:bounce`, `ses:complaint`, `reports:mail-given-up`, `reports:monthly-late`. */
  readonly alarms = new Map<string, Alarm>();
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    // CloudWatch encrypts the alarm notifications it publishes with the topic's key.
    const { key, topic } = encryptedTopic(this, {
      keyDescription: 'Houqin: encrypts the operations alarms topic',
      publisher: 'cloudwatch.amazonaws.com',
      displayName: 'Houqin operations alarms',
    });
    this.key = key;
    this.topic = topic;
    if (props.opsAddress) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.opsAddress));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'The e-mail subscription of the operations alarms: a notification SNS cannot deliver loses nothing, as the alarm itself stays in ALARM in CloudWatch and on the dashboard; a dead-letter queue of alarm notifications would need an alarm of its own, mailed the same way.',
      });
    }
    this.action = new SnsAction(this.topic);

    const queueAlarms: IAlarm[] = [];
    for (const [name, failures] of props.failureQueues) {
      queueAlarms.push(
        this.alarm(`queue:${name}`, `DeadLetters-${name}`, {
          metric: failures.queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(5),
            statistic: 'Maximum',
          }),
          threshold: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          text: {
            zh: `${name} 的死信队列中有消息：事件在重试后仍处理失败，正等待人工处理（最多保留 14 天）。请查看失败原因，修复后重新投递。`,
            en: `The dead-letter queue of ${name} holds messages: events that still failed after their retries wait for a person (kept 14 days). Read the error, mend the cause, then redrive.`,
            section: 'dead-letter-queues',
          },
        }),
      );
    }

    const functionAlarms: IAlarm[] = [];
    const scheduleAlarms: IAlarm[] = [];
    for (const [name, fn] of props.functions) {
      const watch = watchOf(fn.spec);
      const { periodMinutes, errors, throttles } = FUNCTION_THRESHOLDS[watch];
      const period = Duration.minutes(periodMinutes);
      const kind = {
        critical: { zh: '关键路径（授权或提交）', en: 'critical path (authorizer or submission)' },
        http: { zh: 'API', en: 'API' },
        async: { zh: '异步', en: 'asynchronous' },
      }[watch];
      functionAlarms.push(
        this.alarm(`errors:${name}`, `Errors-${name}`, {
          metric: fn.function.metricErrors({ period, statistic: 'Sum' }),
          threshold: errors,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          text: {
            zh: `函数 ${name}（${kind.zh}）在 ${periodMinutes} 分钟内出错至少 ${errors} 次。请查看其日志中的错误，判断是代码、数据还是依赖服务的问题。`,
            en: `Function ${name} (${kind.en}) failed at least ${errors} time(s) in ${periodMinutes} minutes. Read the errors in its log group; decide whether code, data or a dependency is at fault.`,
            section: 'function-errors',
          },
        }),
        this.alarm(`throttles:${name}`, `Throttles-${name}`, {
          metric: fn.function.metricThrottles({ period, statistic: 'Sum' }),
          threshold: throttles,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          text: {
            zh: `函数 ${name}（${kind.zh}）在 ${periodMinutes} 分钟内被限流至少 ${throttles} 次：账户的 Lambda 并发已用尽。请查看并发用量，必要时申请提高配额。`,
            en: `Function ${name} (${kind.en}) was throttled at least ${throttles} time(s) in ${periodMinutes} minutes: the account's Lambda concurrency ran out. Check concurrency; ask for a higher quota if needed.`,
            section: 'function-throttles',
          },
        }),
      );
      for (const trigger of fn.spec.triggers) {
        if (trigger.kind !== 'schedule') continue;
        const interval = scheduleIntervalMinutes(trigger.expression);
        scheduleAlarms.push(
          this.alarm(`schedule:${trigger.id}`, `ScheduleSilent-${trigger.id}`, {
            metric: fn.function.metricInvocations({ period: Duration.minutes(interval), statistic: 'Sum' }),
            threshold: 1,
            comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
            evaluationPeriods: 2,
            // No data at all is exactly what this alarm is about.
            treatMissingData: TreatMissingData.BREACHING,
            text: {
              zh: `定时任务 ${trigger.id}（${trigger.expression}，${trigger.timezone}）连续两个周期没有调用 ${name}：计划可能被停用、删除或无法启动。`,
              en: `Schedule ${trigger.id} (${trigger.expression}, ${trigger.timezone}) has not invoked ${name} for two of its intervals: it may be disabled, deleted or unable to start.`,
              section: 'schedules',
            },
          }),
        );
      }
    }

    const httpApi = props.api.httpApi;
    const fiveMinutes = Duration.minutes(5);
    const serverErrorRate = new MathExpression({
      expression: `IF(requests >= ${API_THRESHOLDS.minRequests}, 100 * errors / requests, 0)`,
      usingMetrics: {
        errors: httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
        requests: httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
      },
      label: '5xx %',
      period: fiveMinutes,
    });
    const p99 = httpApi.metricLatency({ period: fiveMinutes, statistic: 'p99' });
    const apiAlarms = [
      this.alarm('api:5xx', 'Api-5xxRate', {
        metric: serverErrorRate,
        threshold: API_THRESHOLDS.serverErrorPercent,
        evaluationPeriods: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        text: {
          zh: `HTTP API 连续 10 分钟内 5xx 应答超过 ${API_THRESHOLDS.serverErrorPercent}%（每 5 分钟至少 ${API_THRESHOLDS.minRequests} 个请求时）。请查看 API 访问日志中的 integrationError/authorizerError 和相关函数的错误告警。`,
          en: `The HTTP API answered more than ${API_THRESHOLDS.serverErrorPercent}% 5xx for 10 minutes (with at least ${API_THRESHOLDS.minRequests} requests per 5 minutes). Read integrationError/authorizerError in the API access log and the functions' error alarms.`,
          section: 'api',
        },
      }),
      this.alarm('api:p99', 'Api-LatencyP99', {
        metric: p99,
        threshold: API_THRESHOLDS.p99LatencyMs,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        text: {
          zh: `HTTP API 的 p99 延迟连续 15 分钟超过 ${API_THRESHOLDS.p99LatencyMs} 毫秒。请在 API 访问日志中找出慢的路由，查看其函数的耗时和 DynamoDB 限流。`,
          en: `The HTTP API's p99 latency stayed above ${API_THRESHOLDS.p99LatencyMs} ms for 15 minutes. Find the slow routes in the API access log; check their functions' duration and DynamoDB throttling.`,
          section: 'api',
        },
      }),
    ];

    const mailAlarms: IAlarm[] = [];
    if (props.sendsMail && props.sesInRegion !== false) {
      const reputation = (metricName: string) =>
        new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
      mailAlarms.push(
        this.alarm('ses:bounce', 'Ses-BounceRate', {
          metric: reputation('Reputation.BounceRate'),
          threshold: SES_THRESHOLDS.bounceRate,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          text: {
            zh: `SES 退信率达到 ${SES_THRESHOLDS.bounceRate * 100}%：SES 会审查账户，约 10% 时可能暂停发信（月报和隐患提醒都将无法送达）。请检查各区的收件人地址。`,
            en: `The SES bounce rate reached ${SES_THRESHOLDS.bounceRate * 100}%: SES reviews the account and may pause sending at about 10% (no report or hazard mail would go out). Check the districts' recipient addresses.`,
            section: 'mail-reputation',
          },
        }),
        this.alarm('ses:complaint', 'Ses-ComplaintRate', {
          metric: reputation('Reputation.ComplaintRate'),
          threshold: SES_THRESHOLDS.complaintRate,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          text: {
            zh: `SES 投诉率达到 ${SES_THRESHOLDS.complaintRate * 100}%：SES 会审查账户，约 0.5% 时可能暂停发信。请确认收件人确实需要这些邮件。`,
            en: `The SES complaint rate reached ${SES_THRESHOLDS.complaintRate * 100}%: SES reviews the account and may pause sending at about 0.5%. Make sure the recipients want this mail.`,
            section: 'mail-reputation',
          },
        }),
      );
    }

    // The report outbox gave up on a mail (a permanent SES error or its last attempt): the domain
    // metric send-report-mail and produce-report emit (shared/metrics.ts).
    const service = props.serviceName ?? 'houqin';
    const domain = (metricName: string, dimensionsMap: Record<string, string> = {}, period = Duration.hours(1)) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service, ...dimensionsMap },
        period,
        statistic: 'Sum',
      });
    if (props.sendsMail) {
      mailAlarms.push(
        this.alarm('reports:mail-given-up', 'ReportMailGivenUp', {
          metric: domain(DOMAIN_METRICS.reportMailFailures, { final: 'yes' }, Duration.minutes(15)),
          threshold: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          text: {
            zh: '月报或年报邮件在最后一次重试后仍发送失败（或 SES 拒绝发送），不会再自动重试：相关官员没有收到报告。请查看收件人的发送状态和错误码，修复后重新发送。',
            en: "A report mail failed past its last retry (or SES refused it) and will not be tried again: an official did not receive the report. Read the recipients' send state and error code, mend the cause, then send it again.",
            section: 'reports',
          },
        }),
      );
    }

    // The monthly dispatcher found a district's report of last month missing or unmailed on the 1st
    // at 10:00 district time or later (shared/reports/pipeline/dispatch.ts, REPORT_LATE_LOCAL_HOUR).
    if (props.functions.has('dispatch-monthly-reports')) {
      mailAlarms.push(
        this.alarm('reports:monthly-late', 'MonthlyReportsLate', {
          metric: domain(DOMAIN_METRICS.monthlyReportsLate),
          threshold: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          text: {
            zh: '每月1日当地时间10:00后，仍有区县的上月月报没有生成或没有发出（调度程序已再次请求）。请查看 produce-report 的错误和死信队列，确认报告是否生成并发送。',
            en: "On the 1st at 10:00 district time or later, a district's report of last month was still not produced or not mailed (the dispatcher asked for it again). Check produce-report's errors and dead-letter queue; confirm the report is produced and mailed.",
            section: 'reports',
          },
        }),
      );
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(1) });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# 后勤 Houqin — 运行 / operations\n告警的含义与处理 / What each alarm means and what to do: \`${RUNBOOK}\``,
        width: 24,
        height: 2,
      }),
    );
    // An alarm status widget shows at most 100 alarms: one per group.
    const statusWidget = (title: string, alarms: IAlarm[]) =>
      new AlarmStatusWidget({ title, alarms, width: 24, height: Math.max(2, Math.ceil(alarms.length / 4) + 1) });
    this.dashboard.addWidgets(
      statusWidget('API, schedules, mail / API、定时任务、邮件', [...apiAlarms, ...scheduleAlarms, ...mailAlarms]),
    );
    if (queueAlarms.length) this.dashboard.addWidgets(statusWidget('Dead-letter queues / 死信队列', queueAlarms));
    this.dashboard.addWidgets(statusWidget('Functions / 函数', functionAlarms));
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'API 5xx % / p99 ms', left: [serverErrorRate], right: [p99], width: 12 }),
      new GraphWidget({
        title: 'Dead letters / 死信',
        left: [...props.failureQueues].map(([name, f]) =>
          f.queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum', label: name }),
        ),
        width: 12,
      }),
    );
    // The domain metrics (shared/metrics.ts); SEARCH draws one line per dimension value.
    const search = (metricName: string, dimension: string | undefined, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},service${dimension ? `,${dimension}` : ''}} MetricName="${metricName}" service="${service}"', 'Sum', 3600)`,
        label,
        period: Duration.hours(1),
      });
    const M = DOMAIN_METRICS;
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Submissions by form / 按表单的填报',
        left: [search(M.submissionsRecorded, 'formType', 'recorded')],
        right: [search(M.submissionReplays, 'formType', 'replays')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Hazards raised by severity / 按等级的隐患',
        left: [search(M.hazardsRaised, 'severity', 'raised')],
        right: [search(M.hazardsMarkedOverdue, 'severity', 'marked overdue'), domain(M.overdueDigestsSent)],
        width: 8,
      }),
      new GraphWidget({
        title: 'Alerts / 重大隐患提醒',
        left: [domain(M.alertsSent), domain(M.alertDigestsSent)],
        right: [search(M.alertsHeldBack, 'reason', 'held back'), search(M.alertsOverBudget, 'reason', 'over budget')],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Photos / 照片',
        left: [domain(M.photosVerified), domain(M.photosQuarantined)],
        width: 8,
      }),
      new GraphWidget({
        title: 'Reports / 报告',
        left: [domain(M.reportsProduced), domain(M.annualReportsProduced), domain(M.reportMailsSent)],
        right: [domain(M.monthlyReportsLate)],
        width: 8,
      }),
      new GraphWidget({
        title: 'Report mail failures / 报告邮件失败',
        left: [search(M.reportMailFailures, 'final', 'failures')],
        width: 8,
      }),
    );
  }

  private alarm(
    key: string,
    id: string,
    props: {
      metric: IMetric;
      threshold: number;
      text: AlarmText;
      treatMissingData: TreatMissingData;
      evaluationPeriods?: number;
      comparisonOperator?: ComparisonOperator;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      comparisonOperator: props.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: props.treatMissingData,
      alarmDescription: alarmDescription(props.text),
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.set(key, alarm);
    return alarm;
  }
}
