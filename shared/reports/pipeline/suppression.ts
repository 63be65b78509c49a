import type { FormattedItem } from 'dynamodb-toolbox';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { SUPPRESSED_PARTITION, SuppressedRecipientEntity } from '../../db/entities';
import { HouqinTable } from '../../db/table';
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

export type SuppressedRecipient = Pick<
  FormattedItem<typeof SuppressedRecipientEntity>,
  'address' | 'reason' | 'kind' | 'subKind' | 'diagnostic' | 'messageId' | 'feedbackId' | 'at'
>;

/** Records (or refreshes) an address as suppressed. */
export async function suppressRecipient(entry: SuppressedRecipient): Promise<void> {
  const { address, reason, kind, subKind, diagnostic, messageId, feedbackId, at } = entry;
  await SuppressedRecipientEntity.build(PutItemCommand)
    .item({
      address: normalizeAddress(address),
      reason,
      at,
      ...(kind ? { kind } : {}),
      ...(subKind ? { subKind } : {}),
      ...(diagnostic ? { diagnostic: diagnostic.slice(0, 500) } : {}),
      ...(messageId ? { messageId } : {}),
      ...(feedbackId ? { feedbackId } : {}),
    })
    .send();
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
    for (const item of items) if (item) found.set(item.address, item);
  }
  return found;
}

/** What an administrator sees of a suppressed address: the entry and when it was recorded. */
export type SuppressedRecipientView = SuppressedRecipient & { createdAt: string; updatedAt: string };

function suppressedView(item: FormattedItem<typeof SuppressedRecipientEntity>): SuppressedRecipientView {
  const { address, reason, kind, subKind, diagnostic, messageId, feedbackId, at, createdAt, updatedAt } = item;
  return {
    address,
    reason,
    at,
    ...(kind ? { kind } : {}),
    ...(subKind ? { subKind } : {}),
    ...(diagnostic ? { diagnostic } : {}),
    ...(messageId ? { messageId } : {}),
    ...(feedbackId ? { feedbackId } : {}),
    createdAt,
    updatedAt,
  };
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
