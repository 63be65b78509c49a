import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import {
  REPORT_MAIL_DUE_PARTITION,
  reportPartition,
  ReportMailEntity,
  ReportEntity,
  type REPORT_MAIL_STATUSES,
} from '../../db/entities';
import { HouqinTable } from '../../db/table';
import { retryOnConflict } from '../../db/retry';
import { cancellationCodes, chunk, isConditionalCheckFailed, writtenUnlessConditionFails } from '../../db/writes';
import type { StoredReport } from './store';
import { getStoredReport } from './store';
import { normalizeAddress, suppressedAmong } from './suppression';

/** Message tags the SES event destination hands back with a bounce: they name the mail item. */
export const REPORT_MAIL_TAGS = {
  district: 'houqin-district',
  month: 'houqin-month',
  delivery: 'houqin-delivery',
} as const;

/*
 * The report mail outbox (DESIGN.md: "a report is stored before it is sent, and a failed send is
 * retried, never lost"). A delivery is one mailing of a month's report to the district's
 * officials: delivery 1 is the scheduled one, sent once however often the month is produced;
 * each explicit "send it again" adds the next. A delivery is written, one item per recipient,
 * before anything is sent:
 *
 *   pending ──claim──► sending ──► sent ──(SES bounce)──► bounced
 *      ▲                  │
 *      └── failed ◄───────┘  retried at nextAttemptAt with exponential back-off; a permanent SES
 *                            error, or the last attempt, leaves it failed without nextAttemptAt
 *                            (an address SES has not verified — the sandbox — is not permanent:
 *                            it is retried for up to 14 days, and the state says why)
 *   skipped: the address is suppressed (it bounced, or complained), so nothing is sent to it.
 *
 * While an item may still be sent it carries `nextAttemptAt` and is listed on gsi2 by it: the
 * retry schedule reads that index. A claim (`sending`) moves nextAttemptAt to the end of its
 * lease, so a sender that died mid-send is taken over once the lease has run out. Every write
 * after a read is conditional on the item's attempts and status being what was read.
 */

export type ReportMailStatus = (typeof REPORT_MAIL_STATUSES)[number];

/** One recipient of one delivery, as stored. */
export type ReportMailRecord = Pick<
  FormattedItem<typeof ReportMailEntity>,
  | 'districtId'
  | 'month'
  | 'delivery'
  | 'recipient'
  | 'status'
  | 'attempts'
  | 'requestedBy'
  | 'createdAt'
  | 'nextAttemptAt'
  | 'claimedAt'
  | 'sentAt'
  | 'messageId'
  | 'contentHash'
  | 'lastError'
  | 'lastErrorCode'
  | 'skippedReason'
  | 'bouncedAt'
>;

/** How a failed send is retried. */
export interface RetryPolicy {
  /** The wait after the first failed attempt; each further failure doubles it. */
  firstDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
  /** Attempts before a mail is given up (it stays listed as failed, with its last error). */
  maxAttempts: number;
  /** How long a `sending` claim holds: longer than any sending function's timeout. */
  leaseMs: number;
  /**
   * How long, from the delivery's creation, a mail SES refuses for an unverified address (the SES
   * sandbox, or a sender identity whose DNS records are not yet published) keeps being retried,
   * past `maxAttempts`: leaving the sandbox or verifying takes a person and a day or two.
   * @default VERIFICATION_WAIT_MS
   */
  verificationWaitMs?: number;
}

/** 14 days: AWS answers a request to leave the sandbox within a day or so; a fortnight covers a slow one. */
export const VERIFICATION_WAIT_MS = 14 * 24 * 60 * 60_000;

/** 1, 2, 4, … minutes, at most 4 hours apart, 10 attempts: about 8 hours of SES trouble is ridden out. */
export const REPORT_MAIL_RETRY: RetryPolicy = {
  firstDelayMs: 60_000,
  maxDelayMs: 4 * 60 * 60_000,
  maxAttempts: 10,
  leaseMs: 15 * 60_000,
  verificationWaitMs: VERIFICATION_WAIT_MS,
};

/** The wait before the next attempt after `failedAttempts` failed ones (1 → firstDelayMs). */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy = REPORT_MAIL_RETRY): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * SES errors that the same mail will meet again however long we wait: the message or an address
 * is refused. Anything else — Throttling, a 5xx, a network error, an unknown error — is retried.
 * One MessageRejected is not final: an address SES has not verified (below).
 */
const PERMANENT_SEND_ERRORS = new Set([
  'MessageRejected',
  'InvalidParameterValue',
  'MailFromDomainNotVerifiedException',
  'MailFromDomainNotVerified',
]);

/**
 * Our codes for a mail SES refused because an address is not verified: the recipient while the
 * account is in the SES sandbox, or the sender while its identity awaits its DNS records. Someone
 * can fix either (docs/deploying.md), so the mail waits and is retried (`verificationWaitMs`).
 */
export const UNVERIFIED_SEND_CODES = {
  recipient: 'RecipientNotVerified',
  sender: 'SenderNotVerified',
} as const;
const UNVERIFIED_CODES: ReadonlySet<string> = new Set(Object.values(UNVERIFIED_SEND_CODES));

/** What a failed send came to. */
export interface SendFailure {
  retryable: boolean;
  /** SES's error code (e.g. Throttling, MessageRejected), `SMTP <reply code>`, or the error's name; RecipientNotVerified, SenderNotVerified (above). */
  code: string;
  /** Code and message, shortened. */
  message: string;
}

/**
 * The identities SES names in "Email address is not verified. The following identities failed
 * the check in region EU-WEST-1: a@example.com, b@example.com", lower-cased; none otherwise.
 */
function unverifiedIdentities(message: string): string[] {
  const match = /not verified\.?\s+The following identities failed the check in region [^:]*:\s*(.+)$/is.exec(message);
  return (match?.[1] ?? '')
    .split(',')
    .map((identity) => identity.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Whether a send error is worth retrying, and how to record it. With the mail's addresses, a
 * MessageRejected for an address SES has not verified is told apart (UNVERIFIED_SEND_CODES).
 */
export function classifySendError(error: unknown, mail?: { recipient?: string; sender?: string }): SendFailure {
  const {
    name,
    message,
    Code,
    responseCode,
    code: errorCode,
  } = (error ?? {}) as {
    name?: string;
    message?: string;
    Code?: string;
    responseCode?: number;
    code?: string;
  };
  if (typeof responseCode === 'number') {
    // An SMTP server's reply (nodemailer): 4xx is "try again later", 5xx final — except a refused
    // login, which someone fixes by correcting the secret.
    const smtpCode = `SMTP ${responseCode}`;
    const smtpText = `${smtpCode}: ${message ?? String(error)}`.slice(0, 500);
    return { retryable: responseCode < 500 || errorCode === 'EAUTH', code: smtpCode, message: smtpText };
  }
  const code = Code ?? name ?? 'Error';
  const text = `${code}: ${message ?? String(error)}`.slice(0, 500);
  if (code === 'MessageRejected' && message) {
    const identities = unverifiedIdentities(message);
    const recipient = mail?.recipient?.toLowerCase();
    const sender = mail?.sender?.toLowerCase();
    const senderDomain = sender?.split('@')[1];
    if (recipient && identities.includes(recipient))
      return { retryable: true, code: UNVERIFIED_SEND_CODES.recipient, message: text };
    if (sender && identities.some((identity) => identity === sender || identity === senderDomain))
      return { retryable: true, code: UNVERIFIED_SEND_CODES.sender, message: text };
  }
  return { retryable: !PERMANENT_SEND_ERRORS.has(code), code, message: text };
}

function stored(record: ReportMailRecord): ReportMailRecord {
  const keys = [
    'nextAttemptAt',
    'claimedAt',
    'sentAt',
    'messageId',
    'contentHash',
    'lastError',
    'lastErrorCode',
    'skippedReason',
    'bouncedAt',
  ] as const;
  const result: ReportMailRecord = {
    districtId: record.districtId,
    month: record.month,
    delivery: record.delivery,
    recipient: record.recipient,
    status: record.status,
    attempts: record.attempts,
    requestedBy: record.requestedBy,
    createdAt: record.createdAt,
  };
  for (const key of keys) if (record[key] !== undefined) result[key] = record[key];
  return result;
}

/** Replaces a mail item if nobody wrote it since `previous` was read (same attempts and status). */
async function replace(previous: ReportMailRecord, next: ReportMailRecord): Promise<boolean> {
  const sameAttempts = { attr: 'attempts', eq: previous.attempts } as const;
  const unchanged = { and: [sameAttempts, { attr: 'status', eq: previous.status } as const] };
  return writtenUnlessConditionFails(
    ReportMailEntity.build(PutItemCommand).item(stored(next)).options({ condition: unchanged }).send(),
  );
}

/** Every mail of a district's month, deliveries in order, then addresses (one Query). */
export async function reportMail(districtId: string, month: string): Promise<ReportMailRecord[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(ReportMailEntity)
    .query({ partition: reportPartition(districtId, month), range: { beginsWith: 'MAIL#' } })
    .options({ consistent: true, maxPages: Infinity })
    .send();
  return Items.map((item) => stored(item));
}

/** One mail item (a consistent read), or undefined. */
export async function getReportMail(
  key: Pick<ReportMailRecord, 'districtId' | 'month' | 'delivery' | 'recipient'>,
): Promise<ReportMailRecord | undefined> {
  const { Item } = await ReportMailEntity.build(GetItemCommand).key(key).options({ consistent: true }).send();
  return Item ? stored(Item) : undefined;
}

/** Report mail whose next attempt is due at `now`, oldest first, across every district (gsi2). */
export async function dueReportMail(now: Date, limit = 1_000): Promise<ReportMailRecord[]> {
  const records: ReportMailRecord[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await HouqinTable.build(QueryCommand)
      .entities(ReportMailEntity)
      // Sort keys start with the ISO time of the next attempt: everything up to `now`, inclusive.
      .query({ index: 'gsi2', partition: REPORT_MAIL_DUE_PARTITION, range: { lt: `${now.toISOString()}\uffff` } })
      .options({
        maxPages: 1,
        limit: Math.min(100, limit - records.length),
        ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
      })
      .send();
    records.push(...(page.Items ?? []).map((item) => stored(item)));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey && records.length < limit);
  return records;
}

/** Whether a mail may be attempted at `now`: unsent, and its next attempt (or its claim's lease end) has come. */
export function isDue(record: Pick<ReportMailRecord, 'status' | 'nextAttemptAt'>, now: Date): boolean {
  return (
    ['pending', 'sending', 'failed'].includes(record.status) &&
    record.nextAttemptAt !== undefined &&
    Date.parse(record.nextAttemptAt) <= now.getTime()
  );
}

/** How a delivery was asked for. */
export type DeliveryMode =
  /** The scheduled mail: delivery 1, created once however often the month is produced. */
  | 'once'
  /** Sent again on request: the next delivery, always. */
  | 'again';

export type DeliveryCreation =
  | { status: 'created'; delivery: number; records: ReportMailRecord[] }
  /** 'once', and delivery 1 exists already (its mail was sent, or is being sent or retried). */
  | { status: 'exists'; delivery: number }
  /** The district has no officials' addresses. */
  | { status: 'no-recipients' };

/** Transactions hold at most 100 items: the report's counter and 99 recipients. */
const RECIPIENTS_PER_TRANSACTION = 99;

/**
 * Writes a delivery of `report` to `recipients` before anything is sent: one item per address,
 * `pending` and due now, or `skipped` when the address is suppressed. The report's delivery
 * counter moves in the same transaction, on condition that it is still what was read, so two
 * runs producing the same month never both create delivery 1, and two requests to send again
 * create two deliveries, one each.
 */
export async function createDelivery(
  report: StoredReport,
  recipients: readonly string[],
  options: { mode: DeliveryMode; requestedBy: string; now: Date },
): Promise<DeliveryCreation> {
  const addresses = [...new Set(recipients.map(normalizeAddress).filter(Boolean))];
  if (addresses.length === 0) return { status: 'no-recipients' };
  const suppressed = await suppressedAmong(addresses);
  let current = report;
  return retryOnConflict<DeliveryCreation>(
    async () => {
      if (options.mode === 'once' && current.deliveries >= 1) return { status: 'exists', delivery: 1 };
      const delivery = current.deliveries + 1;
      const at = options.now.toISOString();
      const records: ReportMailRecord[] = addresses.map((recipient) => {
        const base = {
          districtId: current.districtId,
          month: current.month,
          delivery,
          recipient,
          attempts: 0,
          requestedBy: options.requestedBy,
          createdAt: at,
        };
        const suppression = suppressed.get(recipient);
        return suppression
          ? { ...base, status: 'skipped', skippedReason: suppression.reason }
          : { ...base, status: 'pending', nextAttemptAt: at };
      });
      const [first = [], ...rest] = chunk(records, RECIPIENTS_PER_TRANSACTION);
      const put = (record: ReportMailRecord) =>
        ReportMailEntity.build(PutTransaction)
          .item(record)
          .options({ condition: { attr: 'recipient', exists: false } });
      try {
        await execute(
          ReportEntity.build(UpdateTransaction)
            .item({ districtId: current.districtId, month: current.month, deliveries: delivery })
            .options({ condition: { attr: 'deliveries', eq: current.deliveries } }),
          ...first.map(put),
        );
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes?.includes('ConditionalCheckFailed') && !codes?.includes('TransactionConflict')) throw error;
        // Another run moved the counter first: read it again and decide anew.
        const fresh = await getStoredReport(current.districtId, current.month);
        if (!fresh) throw error;
        current = fresh;
        throw new DeliveryRaceLost();
      }
      // The counter is ours: the rest of a very long list of officials follows, each put once.
      for (const record of rest.flat()) {
        try {
          await ReportMailEntity.build(PutItemCommand)
            .item(record)
            .options({ condition: { attr: 'recipient', exists: false } })
            .send();
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
      }
      return { status: 'created', delivery, records };
    },
    {
      attempts: 5,
      isConflict: (error) => error instanceof DeliveryRaceLost,
      exhausted: () =>
        new Error(`Could not create a delivery of ${report.districtId} ${report.month}: the report kept changing`),
    },
  );
}

/** Another run moved a report's delivery counter first (createDelivery reads it again and retries). */
class DeliveryRaceLost extends Error {
  constructor() {
    super('Another run created a delivery of the report first');
    this.name = 'DeliveryRaceLost';
  }
}

/**
 * Claims a due mail for this invocation: `sending`, one more attempt, the next attempt moved to
 * the end of the lease. Undefined when it is not due or another invocation claimed it first.
 */
export async function claimReportMail(
  record: ReportMailRecord,
  now: Date,
  policy: RetryPolicy = REPORT_MAIL_RETRY,
): Promise<ReportMailRecord | undefined> {
  if (!isDue(record, now)) return undefined;
  const claimed: ReportMailRecord = {
    ...record,
    status: 'sending',
    attempts: record.attempts + 1,
    claimedAt: now.toISOString(),
    nextAttemptAt: new Date(now.getTime() + policy.leaseMs).toISOString(),
  };
  return (await replace(record, claimed)) ? claimed : undefined;
}

/** SES took the mail: `sent`, with its message id and the figures it carried; out of the due index. */
export async function markSent(
  claimed: ReportMailRecord,
  sent: { messageId: string; contentHash: string; at: Date },
): Promise<ReportMailRecord> {
  const { nextAttemptAt: _next, lastError: _error, lastErrorCode: _code, ...rest } = claimed;
  const record: ReportMailRecord = {
    ...rest,
    status: 'sent',
    sentAt: sent.at.toISOString(),
    messageId: sent.messageId,
    contentHash: sent.contentHash,
  };
  // A lost race means another invocation took the claim over after our lease ran out and sends
  // too: the official gets the report twice, which is better than not at all.
  await replace(claimed, record);
  return record;
}

/**
 * The send failed: `failed`, with the error, and the next attempt after the back-off — unless the
 * error is permanent or that was the last attempt, when the item leaves the due index for good.
 */
export async function markFailed(
  claimed: ReportMailRecord,
  failure: SendFailure,
  now: Date,
  policy: RetryPolicy = REPORT_MAIL_RETRY,
): Promise<ReportMailRecord> {
  const { nextAttemptAt: _next, ...rest } = claimed;
  // An unverified address waits for a person: retried past maxAttempts, until verificationWaitMs after the delivery was made.
  const waiting =
    UNVERIFIED_CODES.has(failure.code) &&
    now.getTime() - Date.parse(claimed.createdAt) < (policy.verificationWaitMs ?? VERIFICATION_WAIT_MS);
  const again = failure.retryable && (claimed.attempts < policy.maxAttempts || waiting);
  const record: ReportMailRecord = {
    ...rest,
    status: 'failed',
    lastError: failure.message,
    lastErrorCode: failure.code,
    ...(again ? { nextAttemptAt: new Date(now.getTime() + retryDelayMs(claimed.attempts, policy)).toISOString() } : {}),
  };
  await replace(claimed, record);
  return record;
}

/** The address became suppressed before its mail went out: `skipped`, with the reason. */
export async function markSkipped(record: ReportMailRecord, reason: string): Promise<ReportMailRecord | undefined> {
  const { nextAttemptAt: _next, ...rest } = record;
  const skipped: ReportMailRecord = { ...rest, status: 'skipped', skippedReason: reason };
  return (await replace(record, skipped)) ? skipped : undefined;
}

/** SES reported that a mail it took bounced: `bounced` (only a `sent` item changes). */
export async function markBounced(
  key: Pick<ReportMailRecord, 'districtId' | 'month' | 'delivery' | 'recipient'>,
  at: string,
): Promise<boolean> {
  const record = await getReportMail({ ...key, recipient: normalizeAddress(key.recipient) });
  if (!record || record.status !== 'sent') return false;
  return replace(record, { ...record, status: 'bounced', bouncedAt: at });
}
