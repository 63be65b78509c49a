import { localize, type Locale, type Text } from '../i18n';

/*
 * How who acted reads (shared/directory/names.ts reads the labels): no I/O here, so the views of
 * the submission path can use it without loading the table's toolbox.
 */

/** Who acted, when it was no token: the overdue sweep. */
export const SYSTEM_ACTOR = 'system';
/** Who sent a past record loaded by `history import` (shared/history). */
export const HISTORY_IMPORT_ACTOR = 'history-import';

/** How the sweep and a token no longer on record read in a history. */
export const ACTOR_TEXTS = {
  system: { zh: '系统（逾期检查）', en: 'System (overdue check)' },
  historyImport: { zh: '历史记录导入', en: 'History import' },
  unknown: { zh: '（令牌已不在记录中）', en: '(token no longer on record)' },
} as const satisfies Record<string, Text>;

/** The names a view shows for the ids it holds, and the locale of the texts it makes up itself. */
export interface ReaderNames {
  locale: Locale;
  /** School names by school id. */
  schools: ReadonlyMap<string, string>;
  /** Token labels by token id. */
  actors: ReadonlyMap<string, string>;
}

/** How an actor (a token id, SYSTEM_ACTOR or HISTORY_IMPORT_ACTOR) reads: the token's label, never the token id. */
export function actorName(by: string, names: ReaderNames): string {
  if (by === SYSTEM_ACTOR) return localize(ACTOR_TEXTS.system, names.locale);
  if (by === HISTORY_IMPORT_ACTOR) return localize(ACTOR_TEXTS.historyImport, names.locale);
  return names.actors.get(by) ?? localize(ACTOR_TEXTS.unknown, names.locale);
}
