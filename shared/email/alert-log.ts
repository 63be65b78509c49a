import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { AlertEntity, unsentAlertsPartition, type ALERT_KINDS, type ALERT_STATUSES } from '../db/entities';
import { retryOnConflict } from '../db/retry';
import { HouqinTable } from '../db/table';
import { writtenUnlessConditionFails } from '../db/writes';

/*
 * The mail outbox: one item per e-mail the system owes a district — a critical hazard's alert,
 * or a day's digest of overdue hazards — written before the mail is sent and marked when SES
 * took it. It makes sending idempotent (a redelivered event or a second sweep finds the mail
 * `sent` and sends nothing) and durable (a failed send leaves the item `failed`, listed under
 * the district's unsent mail until a retry sends it). The item is the Alert entity of
 * shared/db/entities.ts (its keys and the unsent-mail index are described there).
 */

export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An outbox item as stored. */
export interface AlertRecord {
  districtId: string;
  alertId: string;
  kind: AlertKind;
  hazardIds: string[];
  status: AlertStatus;
  attempts: number;
  createdAt: string;
  claimedAt?: string;
  sentAt?: string;
  recipients?: string[];
  messageIds?: string[];
  lastError?: string;
}

/** Another invocation is sending this mail right now: retry later rather than send it twice. */
export class MailInProgressError extends Error {
  constructor(readonly alertId: string) {
    super(`Mail ${alertId} is being sent by another invocation`);
    this.name = 'MailInProgressError';
  }
}

function stored(record: AlertRecord): AlertRecord {
  const {
    districtId,
    alertId,
    kind,
    hazardIds,
    status,
    attempts,
    createdAt,
    claimedAt,
    sentAt,
    recipients,
    messageIds,
    lastError,
  } = record;
  return {
    districtId,
    alertId,
    kind,
    hazardIds: [...hazardIds],
    status,
    attempts,
    createdAt,
    ...(claimedAt ? { claimedAt } : {}),
    ...(sentAt ? { sentAt } : {}),
    ...(recipients ? { recipients: [...recipients] } : {}),
    ...(messageIds ? { messageIds: [...messageIds] } : {}),
    ...(lastError ? { lastError } : {}),
  };
}

/** The outbox item, read consistently (it was perhaps just written). */
export async function getAlert(districtId: string, alertId: string): Promise<AlertRecord | undefined> {
  const { Item } = await AlertEntity.build(GetItemCommand)
    .key({ districtId, alertId })
    .options({ consistent: true })
    .send();
  return Item ? stored(Item as AlertRecord) : undefined;
}

/** The put of a new item, conditional on there being none (it fails with ConditionalCheckFailedException). */
function putNewItem(record: AlertRecord) {
  return AlertEntity.build(PutItemCommand)
    .item(stored(record))
    .options({ condition: { attr: 'districtId', exists: false } });
}

/** Writes the item unless it exists; true when it was written now. */
async function putNew(record: AlertRecord): Promise<boolean> {
  return writtenUnlessConditionFails(putNewItem(record).send());
}

/** Replaces the item if no one else has written it since we read `previous` (its attempts and status unchanged). */
async function replace(previous: AlertRecord, next: AlertRecord): Promise<boolean> {
  return writtenUnlessConditionFails(
    AlertEntity.build(PutItemCommand)
      .item(stored(next))
      .options({
        condition: {
          and: [
            { attr: 'attempts', eq: previous.attempts },
            { attr: 'status', eq: previous.status },
          ],
        },
      })
      .send(),
  );
}

/** Records a mail to send later (a digest: written before anything is sent); false when it is recorded already. */
export async function recordPendingAlert(
  districtId: string,
  alertId: string,
  kind: AlertKind,
  hazardIds: readonly string[],
  now: Date,
): Promise<boolean> {
  return putNew({
    districtId,
    alertId,
    kind,
    hazardIds: [...hazardIds],
    status: 'pending',
    attempts: 0,
    createdAt: now.toISOString(),
  });
}

/** The district's mail not yet sent (pending, failed, or a send in progress), oldest id first. */
export async function unsentAlerts(districtId: string, kind?: AlertKind): Promise<AlertRecord[]> {
  const records: AlertRecord[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await HouqinTable.build(QueryCommand)
      .entities(AlertEntity)
      .query({ index: 'gsi1', partition: unsentAlertsPartition(districtId) })
      .options({ ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
      .send();
    records.push(...((page.Items ?? []) as AlertRecord[]).map(stored));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return kind ? records.filter((record) => record.kind === kind) : records;
}

export interface DeliveryOptions {
  now?: () => Date;
  /**
   * How long a `sending` claim holds before another invocation may take it over (the sender
   * died mid-send). Longer than the function's timeout, so two live invocations never both send.
   */
  leaseMs: number;
}

export type DeliveryOutcome = { status: 'sent'; record: AlertRecord } | { status: 'already-sent'; record: AlertRecord };

type ClaimOutcome = DeliveryOutcome | { status: 'claimed'; record: AlertRecord };

/** Claims the mail for this invocation: `sending`, one more attempt. */
async function claim(
  districtId: string,
  alertId: string,
  kind: AlertKind,
  hazardIds: readonly string[],
  options: DeliveryOptions,
): Promise<ClaimOutcome> {
  const now = (options.now ?? (() => new Date()))();
  // Someone may write a new item between our read and our write: then read it again, once.
  return retryOnConflict<ClaimOutcome>(
    async () => {
      const existing = await getAlert(districtId, alertId);
      if (!existing) {
        const record: AlertRecord = {
          districtId,
          alertId,
          kind,
          hazardIds: [...hazardIds],
          status: 'sending',
          attempts: 1,
          createdAt: now.toISOString(),
          claimedAt: now.toISOString(),
        };
        await putNewItem(record).send();
        return { status: 'claimed', record };
      }
      if (existing.status === 'sent') return { status: 'already-sent', record: existing };
      const heldUntil = existing.claimedAt ? Date.parse(existing.claimedAt) + options.leaseMs : 0;
      if (existing.status === 'sending' && heldUntil > now.getTime()) throw new MailInProgressError(alertId);
      const { lastError: _previousError, ...rest } = existing;
      const record: AlertRecord = {
        ...rest,
        status: 'sending',
        attempts: existing.attempts + 1,
        claimedAt: now.toISOString(),
      };
      if (await replace(existing, record)) return { status: 'claimed', record };
      throw new MailInProgressError(alertId);
    },
    { attempts: 2, exhausted: () => new MailInProgressError(alertId) },
  );
}

/**
 * Sends a mail once: claims its outbox item, calls `send`, and marks it `sent` with the SES
 * message ids; a mail already sent is not sent again. A failed send marks the item `failed`
 * (listed as unsent) and rethrows, so the invocation fails and is retried. If the process dies
 * between SES accepting the mail and the mark, a retry after the lease sends it again: at least
 * once, never never.
 */
export async function deliverOnce(
  key: { districtId: string; alertId: string; kind: AlertKind; hazardIds: readonly string[] },
  send: () => Promise<{ recipients: string[]; messageIds: string[] }>,
  options: DeliveryOptions,
): Promise<DeliveryOutcome> {
  const clock = options.now ?? (() => new Date());
  const claimed = await claim(key.districtId, key.alertId, key.kind, key.hazardIds, options);
  if (claimed.status !== 'claimed') return claimed;
  let sent: { recipients: string[]; messageIds: string[] };
  try {
    sent = await send();
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await replace(claimed.record, { ...claimed.record, status: 'failed', lastError: message.slice(0, 500) });
    throw error;
  }
  const record: AlertRecord = {
    ...claimed.record,
    status: 'sent',
    sentAt: clock().toISOString(),
    recipients: sent.recipients,
    messageIds: sent.messageIds,
  };
  // A lost race here means another invocation took the claim over after our lease ran out: it
  // sends too, and the officials get the mail twice, which is better than not at all.
  await replace(claimed.record, record);
  return { status: 'sent', record };
}
