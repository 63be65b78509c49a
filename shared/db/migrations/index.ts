import { suppressionEvents, SUPPRESSED_SCHEMA_VERSION } from '../../reports/pipeline/suppression';
import type { Migration, StoredItem } from './runner';

/*
 * Every item migration the code knows, by name (`npm run admin -- table migrate <name>`). Add one
 * when an entity's `schemaVersion` goes up: the entity reads both versions, every write is the new
 * one, and this upgrades what is stored (runner.ts). Keep a migration until no stored item of the
 * old version can be left anywhere (every environment migrated, backups older than the change
 * expired): a restored backup may bring old items back.
 */

/** The flat fields of a version 1 SuppressedRecipient that version 2 keeps in `events`. */
const SUPPRESSED_V1_FIELDS = ['kind', 'subKind', 'diagnostic', 'messageId', 'feedbackId'] as const;

export const suppressedRecipientV2: Migration = {
  name: 'suppressed-recipient-v2',
  entity: 'SuppressedRecipient',
  from: 1,
  to: SUPPRESSED_SCHEMA_VERSION,
  description: {
    zh: '邮件抑制名单：把单次通知的扁平字段（kind、subKind、diagnostic、messageId、feedbackId）移入通知列表 events（第 2 版）',
    en: 'Mail suppression list: the one notification’s flat fields (kind, subKind, diagnostic, messageId, feedbackId) move into the list of notifications, events (version 2)',
  },
  upgrade(item: StoredItem): StoredItem {
    const events = suppressionEvents(item as Parameters<typeof suppressionEvents>[0]);
    const upgraded: StoredItem = { ...item, events, schemaVersion: 2 };
    for (const field of SUPPRESSED_V1_FIELDS) delete upgraded[field];
    return upgraded;
  },
};

export const MIGRATIONS: readonly Migration[] = [suppressedRecipientV2];

/** The migration called `name`, or undefined. */
export function migrationNamed(name: string): Migration | undefined {
  return MIGRATIONS.find((migration) => migration.name === name);
}
