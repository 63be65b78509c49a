import type { FormattedItem } from 'dynamodb-toolbox';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { SUPPRESSED_PARTITION, SuppressedRecipientEntity } from '../../db/entities';
import { HouqinTable } from '../../db/table';
import { retryOnConflict } from '../../db/retry';
import { chunk, isConditionalCheckFailed } from '../../db/writes';

/*
 * Addresses no mail goes to any more, whatever the district: an address that bounced
 * permanently, or whose owner marked our mail as spam. SES tells us through SNS (record-bounce);
 * every report mail checks the list before it is sent and records the recipient as `skipped`,
 * so the send state shows who was left out and why. An administrator lists the addresses and
 * removes one when it is fixed (`npm run admin -- suppression list|remove`).
 */

export type SuppressionReason = 'bounce' | 'complaint';

/** An address as stored and compared: trimmed, lower-cased. */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** One notification that suppressed an address: a permanent bounce or a complaint, with SES's details. */
export interface SuppressionEvent {
  reason: SuppressionReason;
  /** When it bounced (the notification's timestamp). */
  at: string;
  /** SES's bounce type and subtype (Permanent/General, …) or the complaint's feedback type. */
  kind?: string;
  subKind?: string;
  /** The receiving server's diagnostic, shortened. */
  diagnostic?: string;
  /** The SES message that bounced, and SES's id of the notification. */
  messageId?: string;
  feedbackId?: string;
}

/** A suppressed address: the latest notification's details, flat (what the list and the senders use). */
export type SuppressedRecipient = SuppressionEvent & { address: string };

/*
 * Schema versions of the stored item (SuppressedRecipientEntity). Version 1 held one
 * notification, flat: an address that bounced again was overwritten, and whoever looked at it
 * could not tell one bounce from twenty. Version 2 keeps the notifications in `events` (oldest
 * first, the last SUPPRESSION_EVENTS_KEPT), the latest reason and time on top for the list. Every
 * write is version 2; `readSuppressed` reads both, and the migration `suppressed-recipient-v2`
 * (`npm run admin -- table migrate suppressed-recipient-v2`) upgrades stored items in place.
 */
export const SUPPRESSED_SCHEMA_VERSION = 2;
/** Notifications kept per address (the oldest are dropped). */
export const SUPPRESSION_EVENTS_KEPT = 20;

type StoredSuppressed = FormattedItem<typeof SuppressedRecipientEntity>;

function event(fields: SuppressionEvent): SuppressionEvent {
  const { reason, at, kind, subKind, diagnostic, messageId, feedbackId } = fields;
  return {
    reason,
    at,
    ...(kind ? { kind } : {}),
    ...(subKind ? { subKind } : {}),
    ...(diagnostic ? { diagnostic: diagnostic.slice(0, 500) } : {}),
    ...(messageId ? { messageId } : {}),
    ...(feedbackId ? { feedbackId } : {}),
  };
}

/**
 * The notifications of a stored item of either version, oldest first: a version 1 item's flat
 * fields are its one notification. Pure; also what the migration writes.
 */
export function suppressionEvents(
  item: Pick<StoredSuppressed, 'reason' | 'at' | 'schemaVersion'> & Partial<StoredSuppressed>,
): SuppressionEvent[] {
  if (item.schemaVersion === 1 || !item.events) return [event(item as SuppressionEvent)];
  return item.events.map((stored) => event(stored as SuppressionEvent));
}

/** A stored item of either version as the code uses it: the address and its latest notification. */
export function readSuppressed(item: StoredSuppressed): SuppressedRecipient & { events: SuppressionEvent[] } {
  const events = suppressionEvents(item);
  return { address: item.address, ...events[events.length - 1]!, events };
}

/** Whether two notifications are the same one (SNS delivers at least once). */
function sameEvent(a: SuppressionEvent, b: SuppressionEvent): boolean {
  if (a.feedbackId || b.feedbackId) return a.feedbackId === b.feedbackId;
  return a.reason === b.reason && a.at === b.at && a.messageId === b.messageId;
}

/** Attempts of the read-and-write of one address before a stream of concurrent notifications wins. */
const SUPPRESS_ATTEMPTS = 5;

/**
 * Records an address as suppressed, or adds the notification to its list (once: a notification
 * delivered again is not added twice). Writes version 2, upgrading a version 1 item on the way.
 * Read, then written on condition that nobody wrote in between (its updatedAt), else read again.
 */
export async function suppressRecipient(entry: SuppressedRecipient): Promise<void> {
  const address = normalizeAddress(entry.address);
  const notice = event(entry);
  await retryOnConflict(
    async () => {
      const { Item: current } = await SuppressedRecipientEntity.build(GetItemCommand)
        .key({ address })
        .options({ consistent: true })
        .send();
      const known = current ? suppressionEvents(current) : [];
      if (known.some((seen) => sameEvent(seen, notice))) return;
      const events = [...known, notice]
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
        .slice(-SUPPRESSION_EVENTS_KEPT);
      const latest = events[events.length - 1]!;
      await SuppressedRecipientEntity.build(PutItemCommand)
        .item({ address, reason: latest.reason, at: latest.at, events, schemaVersion: SUPPRESSED_SCHEMA_VERSION })
        .options({
          condition: current
            ? { attr: 'updatedAt', eq: (current as { updatedAt: string }).updatedAt }
            : { attr: 'address', exists: false },
        })
        .send();
    },
    { attempts: SUPPRESS_ATTEMPTS, isConflict: isConditionalCheckFailed },
  );
}

/** Reads in flight at once: a district has a handful of officials, a province's CLI run a few hundred. */
const PARALLEL_READS = 25;

/** Which of `addresses` are suppressed, by normalized address (one Get by key each). */
export async function suppressedAmong(addresses: readonly string[]): Promise<Map<string, SuppressedRecipient>> {
  const wanted = [...new Set(addresses.map(normalizeAddress))];
  const found = new Map<string, SuppressedRecipient>();
  for (const group of chunk(wanted, PARALLEL_READS)) {
    const items = await Promise.all(
      group.map(
        async (address) => (await SuppressedRecipientEntity.build(GetItemCommand).key({ address }).send()).Item,
      ),
    );
    for (const item of items) if (item) found.set(item.address, readSuppressed(item));
  }
  return found;
}

/** What an administrator sees of a suppressed address: the latest entry, every notification, and when it was recorded. */
export type SuppressedRecipientView = SuppressedRecipient & {
  events: SuppressionEvent[];
  createdAt: string;
  updatedAt: string;
};

function suppressedView(item: StoredSuppressed): SuppressedRecipientView {
  const { createdAt, updatedAt } = item as StoredSuppressed & { createdAt: string; updatedAt: string };
  return { ...readSuppressed(item), createdAt, updatedAt };
}

/** Every suppressed address, by address: one Query of gsi1, paged to the end (never a Scan). */
export async function listSuppressedRecipients(): Promise<SuppressedRecipientView[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(SuppressedRecipientEntity)
    .query({ index: 'gsi1', partition: SUPPRESSED_PARTITION })
    .options({ maxPages: Infinity })
    .send();
  return Items.map(suppressedView);
}

/**
 * Takes an address off the list, so mail goes to it again (mail already `skipped` stays so).
 * Returns the entry removed, or undefined when the address was not on the list.
 */
export async function removeSuppressedRecipient(address: string): Promise<SuppressedRecipientView | undefined> {
  try {
    const { Attributes } = await SuppressedRecipientEntity.build(DeleteItemCommand)
      .key({ address: normalizeAddress(address) })
      .options({ condition: { attr: 'address', exists: true }, returnValues: 'ALL_OLD' })
      .send();
    return Attributes ? suppressedView(Attributes) : undefined;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}
