import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import { SchoolEntity, TokenEntity, TokenIdEntity } from '../db/entities';
import { HouqinTable } from '../db/table';
import { chunk } from '../db/writes';
import { localize, type Locale } from '../i18n';
import { ACTOR_TEXTS, type ReaderNames } from './actor-names';

export { ACTOR_TEXTS, actorName, SYSTEM_ACTOR, type ReaderNames } from './actor-names';

/*
 * Names where people read: what a list shows instead of a school id or a token id. Schools are
 * named by their roster name, whoever acted on something by the label of the token they used
 * (e.g. 后勤办 王科长). Token ids stay in the stored items and the logs, for the admin's audit.
 */

/** DynamoDB's BatchGetItem takes at most 100 keys. */
const BATCH_SIZE = 100;

/** The roster names of these schools of a district, by school id (a school not found is left out). */
export async function schoolNames(districtId: string, schoolIds: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const ids of chunk([...new Set(schoolIds)], BATCH_SIZE)) {
    const command = HouqinTable.build(BatchGetCommand).requests(
      ...ids.map((schoolId) => SchoolEntity.build(BatchGetRequest).key({ districtId, schoolId })),
    );
    const { Responses } = await executeBatchGet({ maxAttempts: 5 }, command);
    for (const item of Responses[0] ?? []) if (item) names.set(item.schoolId, item.name);
  }
  return names;
}

/** Who holds a token, as far as a reader needs: its label (undefined when the admin gave none), role and school. */
export interface TokenHolder {
  label?: string;
  role: string;
  schoolId?: string;
}

/**
 * The label `token issue` gives a token issued without `--label` (shared/directory/tokens.ts
 * defaultLabel): ids, not a name, so a reader is shown the school's or the role's name instead.
 */
function isDefaultLabel(token: { label: string; role: string; districtId?: string; schoolId?: string }): boolean {
  return token.label === [token.role, token.districtId, token.schoolId].filter(Boolean).join(':');
}

/**
 * A token's label never changes once issued (there is no relabelling), so a warm function keeps
 * the holders it has read. Bounded: the oldest read goes first.
 */
const labelCache = new Map<string, TokenHolder>();
const LABEL_CACHE_SIZE = 2_000;

/** Who holds these tokens, by token id (an id not found is left out). Revoked tokens keep their label. */
export async function tokenLabels(tokenIds: Iterable<string>): Promise<Map<string, TokenHolder>> {
  const labels = new Map<string, TokenHolder>();
  const wanted = [...new Set(tokenIds)].filter((tokenId) => {
    const cached = labelCache.get(tokenId);
    if (cached !== undefined) labels.set(tokenId, cached);
    return cached === undefined && TOKEN_ID.test(tokenId);
  });
  for (const ids of chunk(wanted, BATCH_SIZE)) {
    const pointers = await executeBatchGet(
      { maxAttempts: 5 },
      HouqinTable.build(BatchGetCommand).requests(
        ...ids.map((tokenId) => TokenIdEntity.build(BatchGetRequest).key({ tokenId })),
      ),
    );
    const hashes = (pointers.Responses[0] ?? []).flatMap((pointer) => (pointer ? [pointer.tokenHash] : []));
    if (hashes.length === 0) continue;
    const tokens = await executeBatchGet(
      { maxAttempts: 5 },
      HouqinTable.build(BatchGetCommand).requests(
        ...hashes.map((tokenHash) => TokenEntity.build(BatchGetRequest).key({ tokenHash })),
      ),
    );
    for (const token of tokens.Responses[0] ?? []) {
      if (!token) continue;
      const holder: TokenHolder = {
        role: token.role,
        ...(isDefaultLabel(token) ? {} : { label: token.label }),
        ...(token.schoolId ? { schoolId: token.schoolId } : {}),
      };
      labels.set(token.tokenId, holder);
      if (labelCache.size >= LABEL_CACHE_SIZE) labelCache.delete(labelCache.keys().next().value!);
      labelCache.set(token.tokenId, holder);
    }
  }
  return labels;
}

/** The shape of a token id (shared/directory/tokens.ts TOKEN_ID_PATTERN, which imports more than this module needs). */
const TOKEN_ID = /^tok_[0-9a-f]{16}$/;

/** Reads the names of these schools of a district and the labels of these tokens at once. */
export async function readerNames(
  districtId: string,
  ids: { schoolIds?: Iterable<string>; tokenIds?: Iterable<string> },
  locale: Locale,
): Promise<ReaderNames> {
  const [schools, holders] = await Promise.all([
    ids.schoolIds ? schoolNames(districtId, ids.schoolIds) : new Map<string, string>(),
    ids.tokenIds ? tokenLabels(ids.tokenIds) : new Map<string, TokenHolder>(),
  ]);
  // A school token without a label of its own is named by its school (read too, when not on the page).
  const unnamed = [...holders.values()].flatMap((holder) =>
    !holder.label && holder.schoolId && !schools.has(holder.schoolId) ? [holder.schoolId] : [],
  );
  if (unnamed.length > 0)
    for (const [schoolId, name] of await schoolNames(districtId, unnamed)) schools.set(schoolId, name);
  const actors = new Map(
    [...holders].map(([tokenId, holder]) => [tokenId, holderName(holder, schools, locale)] as const),
  );
  return { locale, schools, actors };
}

/** How a token's holder reads: its label, or (none given) its school's name, or its role's. */
function holderName(holder: TokenHolder, schools: ReadonlyMap<string, string>, locale: Locale): string {
  if (holder.label) return holder.label;
  const school = holder.schoolId ? schools.get(holder.schoolId) : undefined;
  if (school) return school;
  return localize(ROLE_HOLDERS[holder.role as keyof typeof ROLE_HOLDERS] ?? ACTOR_TEXTS.unknown, locale);
}

/** How the holder of an unlabelled token reads, by role. */
const ROLE_HOLDERS = {
  school: { zh: '学校', en: 'School' },
  official: { zh: '区县教育局', en: 'District education bureau' },
  admin: { zh: '管理员', en: 'Administrator' },
} as const;
