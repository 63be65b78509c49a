import { mailTransport, type MailTransport } from '../../email/transport';
import { isPeriodId } from '../annual/period';
import { annualMailContent } from '../annual/mail-content';
import { logger } from '../../logger';
import { photoLinker } from '../../photos/links';
import { renderReportCharts } from '../render/charts';
import { composeReportMime, photoIdsOf, renderReportEmail } from '../render/email';
import type { DistrictReport } from '../types';
import {
  classifySendError,
  claimReportMail,
  dueReportMail,
  isDue,
  markFailed,
  markSent,
  markSkipped,
  REPORT_MAIL_RETRY,
  REPORT_MAIL_TAGS,
  type ReportMailRecord,
  type ReportMailStatus,
  type RetryPolicy,
} from './outbox';
import { getStoredReport, readReportJson, readReportWorkbook, reportContentHash, type StoredReport } from './store';
import { suppressedAmong } from './suppression';

/*
 * Sending a report's mail: each official gets their own message (the mail transport, the MIME from
 * the renderer, the workbook attached), so one address that fails or bounces holds up no other,
 * and each has its own state in the outbox. What is mailed is the stored report, read back from
 * S3 when the caller does not have it at hand: a retry hours later mails the same figures.
 */

/** One raw message to one address. */
export interface RawMail {
  from: string;
  to: string;
  raw: Buffer;
  /** SES message tags (letters, digits, _ and - only). */
  tags: Record<string, string>;
}

/** Sends one raw message; resolves to its message id. Injected in tests (a failing SES). */
export type SendRawMail = (mail: RawMail) => Promise<string>;

/**
 * Sends each report mail through the mail transport (shared/email/transport.ts: SES in the
 * stack's region or another, or SMTP; by default the one the environment selects). Through SES
 * with a configuration set (SES_CONFIGURATION_SET on AWS) the message carries its tags, and SES
 * publishes its bounces and complaints to the stack's feedback topic.
 */
export function rawMailSender(transport: MailTransport = mailTransport()): SendRawMail {
  return (mail) => transport.send({ from: mail.from, to: [mail.to], raw: mail.raw, tags: mail.tags });
}

/** What sending needs. */
export interface MailDeps {
  /** The bucket the report's objects are in. */
  bucket: string;
  /** The address the mail is sent from (SENDER_ADDRESS: the verified SES identity, or the SMTP account's). */
  senderAddress: string;
  sendRawMail: SendRawMail;
  now: () => Date;
  /** The API's public URL: hazard photos in the mail link to it (signed links, shared/photos/links.ts). */
  publicApiUrl?: string;
  policy?: RetryPolicy;
  /**
   * Milliseconds the invocation has left (Lambda's getRemainingTimeInMillis). Mail is not claimed
   * with less than `minTimeToSendMs` left: it stays due and the next run sends it.
   */
  timeLeftMs?: () => number;
  /** @default MIN_TIME_TO_SEND_MS */
  minTimeToSendMs?: number;
}

/** Below this, no new send is started: rendering and SES must fit in what is left. */
export const MIN_TIME_TO_SEND_MS = 20_000;

/** What became of one mail in a run. */
export interface MailOutcome {
  delivery: number;
  recipient: string;
  /** The item's status after the run; `busy`: another invocation holds it; `deferred`: left for the next run (out of time). */
  status: ReportMailStatus | 'busy' | 'deferred';
  attempts: number;
  nextAttemptAt?: string;
  lastErrorCode?: string;
}

const outcomeOf = (record: ReportMailRecord): MailOutcome => ({
  delivery: record.delivery,
  recipient: record.recipient,
  status: record.status,
  attempts: record.attempts,
  ...(record.nextAttemptAt && record.status !== 'sent' ? { nextAttemptAt: record.nextAttemptAt } : {}),
  ...(record.lastErrorCode ? { lastErrorCode: record.lastErrorCode } : {}),
});

/** The report as mailed, rendered once per run. */
interface MailContent {
  contentHash: string;
  rendered: Awaited<ReturnType<typeof renderReportEmail>>;
}

/** The report and workbook of `stored`, when the caller has them at hand (it just produced them). */
export interface PreloadedReport {
  report: DistrictReport;
  workbook?: Buffer;
}

async function renderContent(
  stored: StoredReport,
  deps: MailDeps,
  preloaded: PreloadedReport | undefined,
): Promise<MailContent> {
  // A year-end summary is kept under its period (2026, 2025-26) and mailed through this same outbox.
  if (isPeriodId(stored.month)) return annualMailContent(deps.bucket, stored);
  const report = preloaded?.report ?? (await readReportJson(deps.bucket, stored));
  const locale = report.district.locale;
  // The links are signed up front (a MAC request each): those of every hazard photo the mail may list.
  const { critical, overdue } = report.sections.hazards;
  const photoIds = [...critical, ...overdue].flatMap(photoIdsOf);
  const [workbook, charts, photoUrl] = await Promise.all([
    preloaded?.workbook ?? readReportWorkbook(deps.bucket, stored),
    renderReportCharts(report, locale),
    photoLinker(deps.publicApiUrl, stored.districtId, deps.now(), photoIds),
  ]);
  const rendered = await renderReportEmail(report, { locale, workbook, charts, ...(photoUrl ? { photoUrl } : {}) });
  return { contentHash: reportContentHash(report), rendered };
}

/**
 * Sends the mail among `records` that is due at `now`, each to its own address: skipped when the
 * address is suppressed, otherwise claimed, sent, and marked sent or failed (with the back-off).
 * A failure is recorded, not thrown: the outbox retries it. The content is rendered at the first
 * claim, once.
 */
export async function sendDueMailOfReport(
  stored: StoredReport,
  records: readonly ReportMailRecord[],
  deps: MailDeps,
  preloaded?: PreloadedReport,
): Promise<MailOutcome[]> {
  const policy = deps.policy ?? REPORT_MAIL_RETRY;
  const due = records.filter((record) => isDue(record, deps.now()));
  if (due.length === 0) return [];
  const suppressed = await suppressedAmong(due.map((record) => record.recipient));
  let content: Promise<MailContent> | undefined;
  const outcomes: MailOutcome[] = [];
  for (const record of due) {
    const suppression = suppressed.get(record.recipient);
    if (suppression) {
      const skipped = await markSkipped(record, suppression.reason);
      outcomes.push(skipped ? outcomeOf(skipped) : { ...outcomeOf(record), status: 'busy' });
      continue;
    }
    if ((deps.timeLeftMs?.() ?? Number.POSITIVE_INFINITY) < (deps.minTimeToSendMs ?? MIN_TIME_TO_SEND_MS)) {
      outcomes.push({ ...outcomeOf(record), status: 'deferred' });
      continue;
    }
    const claimed = await claimReportMail(record, deps.now(), policy);
    if (!claimed) {
      outcomes.push({ ...outcomeOf(record), status: 'busy' });
      continue;
    }
    try {
      content ??= renderContent(stored, deps, preloaded);
      const { rendered, contentHash } = await content;
      const raw = await composeReportMime({
        ...rendered,
        from: deps.senderAddress,
        to: claimed.recipient,
        headers: { ...rendered.headers, 'X-Houqin-Report-Delivery': String(claimed.delivery) },
      });
      const messageId = await deps.sendRawMail({
        from: deps.senderAddress,
        to: claimed.recipient,
        raw,
        tags: {
          [REPORT_MAIL_TAGS.district]: stored.districtId,
          [REPORT_MAIL_TAGS.month]: stored.month,
          [REPORT_MAIL_TAGS.delivery]: String(claimed.delivery),
        },
      });
      outcomes.push(outcomeOf(await markSent(claimed, { messageId, contentHash, at: deps.now() })));
    } catch (error) {
      const failure = classifySendError(error, { recipient: claimed.recipient, sender: deps.senderAddress });
      logger.warn('A report mail could not be sent', {
        districtId: stored.districtId,
        month: stored.month,
        delivery: claimed.delivery,
        attempt: claimed.attempts,
        code: failure.code,
        retryable: failure.retryable,
        error: error as Error,
      });
      outcomes.push(outcomeOf(await markFailed(claimed, failure, deps.now(), policy)));
    }
  }
  return outcomes;
}

/** What one run of the retry schedule did. */
export interface DueMailRun {
  /** Reports whose mail was due. */
  reports: { districtId: string; month: string; outcomes: MailOutcome[] }[];
}

/**
 * The retry schedule's run: every report mail whose next attempt is due (gsi2, across every
 * district), grouped by report, sent as `sendDueMailOfReport` does. Mail of a report that no
 * longer exists is given up.
 */
export async function sendDueReportMail(deps: MailDeps, limit?: number): Promise<DueMailRun> {
  const due = await dueReportMail(deps.now(), limit);
  const groups = new Map<string, ReportMailRecord[]>();
  for (const record of due) {
    const key = `${record.districtId}#${record.month}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const run: DueMailRun = { reports: [] };
  for (const records of groups.values()) {
    const { districtId, month } = records[0]!;
    const stored = await getStoredReport(districtId, month);
    if (!stored) {
      const outcomes: MailOutcome[] = [];
      for (const record of records) {
        const claimed = await claimReportMail(record, deps.now(), deps.policy);
        if (claimed)
          outcomes.push(
            outcomeOf(
              await markFailed(
                claimed,
                { retryable: false, code: 'ReportMissing', message: 'ReportMissing: the report is no longer stored' },
                deps.now(),
                deps.policy,
              ),
            ),
          );
      }
      run.reports.push({ districtId, month, outcomes });
      continue;
    }
    run.reports.push({ districtId, month, outcomes: await sendDueMailOfReport(stored, records, deps) });
  }
  return run;
}
