import { DEFAULT_LOCALE, localize, type Locale, type Text } from '../../i18n';
import { UNVERIFIED_SEND_CODES, type ReportMailRecord } from './outbox';
import type { DeliveryState } from './list-types';
import type { ReportSummary, StoredReport } from './store';

/*
 * What the API and the CLI show of a stored report and its mail, by explicit whitelist: no keys,
 * no S3 keys, no SES error text (its code only).
 */

/** One recipient of one delivery. */
export interface RecipientView {
  address: string;
  status: ReportMailRecord['status'];
  attempts: number;
  sentAt?: string;
  /** While it may still be sent: when the next attempt is due. */
  nextAttemptAt?: string;
  /** The last SES error's code (Throttling, MessageRejected, RecipientNotVerified, …). */
  lastErrorCode?: string;
  /** Why the mail waits or failed, in the caller's language, when someone can act on it (an address SES has not verified). */
  reason?: string;
  /** Why it was skipped: the address bounced (bounce) or complained (complaint). */
  skippedReason?: string;
  bouncedAt?: string;
}

export type { DeliveryState };

export interface DeliveryView {
  delivery: number;
  requestedBy: string;
  createdAt: string;
  state: DeliveryState;
  recipients: RecipientView[];
}

/** The mail of a month's report: the state of the latest delivery, and every delivery. */
export interface SendStateView {
  state: DeliveryState | 'not-sent';
  deliveries: DeliveryView[];
}

/** The stored report as lists and answers show it. */
export interface ReportHeaderView {
  districtId: string;
  month: string;
  producedAt: string;
  /** 1 for the month's first figures, one more each time they changed. */
  revision: number;
  /** SHA-256 of the figures (the JSON without producedAt). */
  contentHash: string;
  summary: ReportSummary;
  workbook: { bytes: number; href: string };
}

/** What a send error code means for the people who can fix it (the others speak for themselves). */
const SEND_ERROR_REASONS: Record<string, Text> = {
  [UNVERIFIED_SEND_CODES.recipient]: {
    zh: 'SES 拒收：收件地址未验证。账号仍在 SES 沙盒中，只能发往已验证的地址。请在 SES 中验证该地址，或申请移出沙盒（见 docs/deploying.md）；邮件会自动重试，最长 14 天。',
    en: "SES refused the mail: the recipient's address is not verified. The account is still in the SES sandbox, where mail goes to verified addresses only. Verify the address in SES or ask AWS to leave the sandbox (docs/deploying.md); the mail is retried automatically for up to 14 days.",
  },
  [UNVERIFIED_SEND_CODES.sender]: {
    zh: 'SES 拒收：发件身份尚未验证（域名的 DKIM 记录未发布，或发件地址未确认）。请按部署输出发布 DKIM 记录（见 docs/deploying.md）；邮件会自动重试，最长 14 天。',
    en: "SES refused the mail: the sender identity is not verified yet (the domain's DKIM records are not published, or the address is not confirmed). Publish the DKIM records from the stack's outputs (docs/deploying.md); the mail is retried automatically for up to 14 days.",
  },
};

/** The reason of a send error code in `locale`, when there is one to tell. */
export function sendErrorReason(code: string | undefined, locale: Locale): string | undefined {
  const reason = code === undefined ? undefined : SEND_ERROR_REASONS[code];
  return reason ? localize(reason, locale) : undefined;
}

function recipientView(record: ReportMailRecord, locale: Locale): RecipientView {
  const retrying = record.status === 'pending' || record.status === 'sending' || record.status === 'failed';
  return {
    address: record.recipient,
    status: record.status,
    attempts: record.attempts,
    ...(record.sentAt ? { sentAt: record.sentAt } : {}),
    ...(retrying && record.nextAttemptAt ? { nextAttemptAt: record.nextAttemptAt } : {}),
    ...(record.lastErrorCode && record.status !== 'sent' ? { lastErrorCode: record.lastErrorCode } : {}),
    ...(record.status === 'failed' && sendErrorReason(record.lastErrorCode, locale)
      ? { reason: sendErrorReason(record.lastErrorCode, locale) }
      : {}),
    ...(record.skippedReason ? { skippedReason: record.skippedReason } : {}),
    ...(record.bouncedAt ? { bouncedAt: record.bouncedAt } : {}),
  };
}

/** The state of one delivery from its recipients (see DeliveryState). */
export function deliveryState(records: readonly Pick<ReportMailRecord, 'status' | 'nextAttemptAt'>[]): DeliveryState {
  const inProgress = records.some(
    (r) => r.status === 'pending' || r.status === 'sending' || (r.status === 'failed' && r.nextAttemptAt !== undefined),
  );
  if (inProgress) return 'in-progress';
  const reached = records.filter((r) => r.status === 'sent' || r.status === 'bounced').length;
  const failed = records.filter((r) => r.status === 'failed').length;
  if (reached === 0) return 'failed';
  return failed > 0 ? 'partly-sent' : 'sent';
}

/** Every delivery of a month's mail, oldest first, and the latest one's state; reasons in `locale`. */
export function sendStateView(records: readonly ReportMailRecord[], locale: Locale = DEFAULT_LOCALE): SendStateView {
  const byDelivery = new Map<number, ReportMailRecord[]>();
  for (const record of records) byDelivery.set(record.delivery, [...(byDelivery.get(record.delivery) ?? []), record]);
  const deliveries = [...byDelivery.entries()]
    .sort(([a], [b]) => a - b)
    .map(([delivery, items]): DeliveryView => ({
      delivery,
      requestedBy: items[0]!.requestedBy,
      createdAt: items[0]!.createdAt,
      state: deliveryState(items),
      recipients: [...items]
        .sort((a, b) => a.recipient.localeCompare(b.recipient))
        .map((record) => recipientView(record, locale)),
    }));
  return { state: deliveries.at(-1)?.state ?? 'not-sent', deliveries };
}

/** The stored report's header: when, which figures, the headline numbers, where the workbook is. */
export function reportHeaderView(stored: StoredReport): ReportHeaderView {
  return {
    districtId: stored.districtId,
    month: stored.month,
    producedAt: stored.producedAt,
    revision: stored.revision,
    contentHash: stored.contentHash,
    summary: { ...stored.summary },
    workbook: { bytes: stored.workbookBytes, href: `/v1/reports/${stored.month}/workbook` },
  };
}
