import type { ReportMailRecord } from './outbox';
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
  /** The last SES error's code (Throttling, MessageRejected, …). */
  lastErrorCode?: string;
  /** Why it was skipped: the address bounced (bounce) or complained (complaint). */
  skippedReason?: string;
  bouncedAt?: string;
}

/**
 * A delivery's state: in-progress while any recipient may still be sent (pending, sending, or
 * failed and retried later); sent when every recipient not skipped was sent; partly-sent when
 * some were and others failed for good; failed when none was.
 */
export type DeliveryState = 'in-progress' | 'sent' | 'partly-sent' | 'failed';

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

function recipientView(record: ReportMailRecord): RecipientView {
  const retrying = record.status === 'pending' || record.status === 'sending' || record.status === 'failed';
  return {
    address: record.recipient,
    status: record.status,
    attempts: record.attempts,
    ...(record.sentAt ? { sentAt: record.sentAt } : {}),
    ...(retrying && record.nextAttemptAt ? { nextAttemptAt: record.nextAttemptAt } : {}),
    ...(record.lastErrorCode && record.status !== 'sent' ? { lastErrorCode: record.lastErrorCode } : {}),
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

/** Every delivery of a month's mail, oldest first, and the latest one's state. */
export function sendStateView(records: readonly ReportMailRecord[]): SendStateView {
  const byDelivery = new Map<number, ReportMailRecord[]>();
  for (const record of records) byDelivery.set(record.delivery, [...(byDelivery.get(record.delivery) ?? []), record]);
  const deliveries = [...byDelivery.entries()]
    .sort(([a], [b]) => a - b)
    .map(([delivery, items]): DeliveryView => ({
      delivery,
      requestedBy: items[0]!.requestedBy,
      createdAt: items[0]!.createdAt,
      state: deliveryState(items),
      recipients: [...items].sort((a, b) => a.recipient.localeCompare(b.recipient)).map(recipientView),
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
