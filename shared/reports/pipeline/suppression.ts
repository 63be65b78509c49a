import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { SuppressedRecipientEntity } from '../../db/entities';
import { chunk } from '../../directory/storage';

/*
 * Addresses no mail goes to any more, whatever the district: an address that bounced
 * permanently, or whose owner marked our mail as spam. SES tells us through SNS (record-bounce);
 * every report mail checks the list before it is sent and records the recipient as `skipped`,
 * so the send state shows who was left out and why. An administrator removes an address from
 * the list when it is fixed (it is one item: SUPPRESSED#<address>).
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
    const items = await Promise.all(group.map(async (address) => (await SuppressedRecipientEntity.build(GetItemCommand).key({ address }).send()).Item));
    for (const item of items) if (item) found.set(item.address, item);
  }
  return found;
}
