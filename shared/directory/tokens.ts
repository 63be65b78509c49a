import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import * as z from 'zod';
import type { Principal, Role } from '../auth/principal';
import { generateToken, hashToken, looksLikeToken, newTokenId } from '../auth/tokens';
import { DistrictEntity, SchoolEntity, TokenEntity, TokenIdEntity } from '../db/entities';
import { HouqinTable } from '../db/table';
import { AppError } from '../errors';
import { DEFAULT_LOCALE, localize, type Locale } from '../i18n';
import { localDate } from '../time';
import { parseOrThrow } from '../validation';
import { districtIdIssue, requireDistrict, type DirectoryOptions } from './districts';
import { say } from './messages';
import { schoolIdIssue } from './schools';
import { DIRECTORY_FIELD_LABELS, directorySchemas, MAX_NAME_LENGTH } from './schemas';
import { tokenListPartition } from './storage';
import { cancellationCodes, isConditionalCheckFailed } from '../db/writes';

/** What a token is for: its role and, for school and official tokens, whose. */
export interface TokenRequest {
  role: Role;
  districtId?: string;
  schoolId?: string;
  /** Who holds it, for the token list (e.g. "总务处 张老师"); a default names the scope. */
  label?: string;
}

/** A newly issued token. `token` is shown once and never stored; `tokenId` is how it is revoked. */
export interface IssuedToken {
  token: string;
  tokenId: string;
}

/** A token as the token list shows it: never its hash, never the token. */
export interface TokenSummary {
  tokenId: string;
  role: Role;
  districtId?: string;
  schoolId?: string;
  label: string;
  createdAt: string;
  revokedAt?: string;
}

export const TOKEN_ID_PATTERN = /^tok_[0-9a-f]{16}$/;

function tokenRequestSchema(locale: Locale) {
  const { id } = directorySchemas(locale);
  return z
    .object({
      role: z.enum(['school', 'official', 'admin'], { error: say('role', locale) }),
      districtId: id.optional(),
      schoolId: id.optional(),
      label: z
        .string()
        .trim()
        .max(MAX_NAME_LENGTH, { error: say('nameFormat', locale, { max: MAX_NAME_LENGTH }) })
        .optional(),
    })
    .superRefine((request, context) => {
      const scopeIssue = (key: 'schoolTokenScope' | 'officialTokenScope' | 'adminTokenScope', path: string) =>
        context.addIssue({ code: 'custom', path: [path], message: say(key, locale) });
      if (request.role === 'school') {
        if (!request.districtId) scopeIssue('schoolTokenScope', 'districtId');
        if (!request.schoolId) scopeIssue('schoolTokenScope', 'schoolId');
      } else if (request.role === 'official') {
        if (!request.districtId) scopeIssue('officialTokenScope', 'districtId');
        if (request.schoolId) scopeIssue('officialTokenScope', 'schoolId');
      } else {
        if (request.districtId) scopeIssue('adminTokenScope', 'districtId');
        if (request.schoolId) scopeIssue('adminTokenScope', 'schoolId');
      }
    });
}

function defaultLabel(request: { role: Role; districtId?: string; schoolId?: string }): string {
  return [request.role, request.districtId, request.schoolId].filter(Boolean).join(':');
}

/**
 * Issues a bearer token. Only its SHA-256 is stored, in the token item and its id pointer, both
 * written in one transaction with `attribute_not_exists`; the same transaction checks that the
 * school (school token) or the district (official token) exists, so a token never outlives a
 * check made a moment before.
 */
export async function issueToken(request: TokenRequest, options: DirectoryOptions = {}): Promise<IssuedToken> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const valid = parseOrThrow(tokenRequestSchema(locale), request, locale, DIRECTORY_FIELD_LABELS);
  const token = generateToken();
  const tokenId = newTokenId();
  const tokenHash = hashToken(token);
  const scope =
    valid.role === 'admin'
      ? {}
      : valid.role === 'official'
        ? { districtId: valid.districtId }
        : { districtId: valid.districtId, schoolId: valid.schoolId };

  const writes = [
    TokenEntity.build(PutTransaction)
      .item({ tokenHash, tokenId, role: valid.role, label: valid.label || defaultLabel(valid), ...scope })
      .options({ condition: { attr: 'tokenHash', exists: false } }),
    TokenIdEntity.build(PutTransaction)
      .item({ tokenId, tokenHash })
      .options({ condition: { attr: 'tokenId', exists: false } }),
  ];
  const owner =
    valid.role === 'school'
      ? SchoolEntity.build(ConditionCheck)
          .key({ districtId: valid.districtId!, schoolId: valid.schoolId! })
          // An archived school gets no new token (its tokens stop working: see resolveToken).
          .condition({
            and: [
              { attr: 'schoolId', exists: true },
              { attr: 'archivedOn', exists: false },
            ],
          })
      : valid.role === 'official'
        ? DistrictEntity.build(ConditionCheck)
            .key({ districtId: valid.districtId! })
            .condition({ attr: 'districtId', exists: true })
        : undefined;

  try {
    await (owner ? execute(...writes, owner) : execute(...writes));
  } catch (error) {
    // Only the owner check can fail: 32 random bytes and 8 random id bytes do not collide.
    if (cancellationCodes(error)?.[2] !== 'ConditionalCheckFailed') throw error;
    if (valid.role === 'official')
      throw new AppError('NOT_FOUND', [
        districtIdIssue(valid.districtId!, say('districtMissing', locale, { id: valid.districtId! }), locale),
      ]);
    const { Item: school } = await SchoolEntity.build(GetItemCommand)
      .key({ districtId: valid.districtId!, schoolId: valid.schoolId! })
      .options({ consistent: true })
      .send();
    if (school?.archivedOn) {
      throw new AppError('VALIDATION_FAILED', [
        schoolIdIssue(
          valid.schoolId!,
          say('schoolArchived', locale, { id: valid.schoolId!, date: school.archivedOn }),
          locale,
        ),
      ]);
    }
    throw new AppError('NOT_FOUND', [
      schoolIdIssue(
        valid.schoolId!,
        say('schoolMissing', locale, { id: valid.schoolId!, district: valid.districtId! }),
        locale,
      ),
    ]);
  }
  return { token, tokenId };
}

function tokenIdIssue(tokenId: string, reason: string, locale: Locale) {
  return { field: 'tokenId', label: localize(DIRECTORY_FIELD_LABELS.tokenId!, locale), value: tokenId, reason };
}

/** The outcome of a revocation: when the token was revoked, and whether it already had been. */
export interface Revocation {
  tokenId: string;
  revokedAt: string;
  alreadyRevoked: boolean;
}

/**
 * Revokes a token by its public id: it stops working at once (the authorizer reads consistently
 * and caches nothing). Idempotent: revoking twice keeps the first `revokedAt`. An unknown id is
 * NOT_FOUND naming it.
 */
export async function revokeToken(
  tokenId: string,
  options: DirectoryOptions & { now?: Date } = {},
): Promise<Revocation> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const id = String(tokenId ?? '').trim();
  if (!TOKEN_ID_PATTERN.test(id))
    throw new AppError('VALIDATION_FAILED', [tokenIdIssue(id, say('tokenIdFormat', locale), locale)]);
  const { Item: pointer } = await TokenIdEntity.build(GetItemCommand)
    .key({ tokenId: id })
    .options({ consistent: true })
    .send();
  if (!pointer) throw new AppError('NOT_FOUND', [tokenIdIssue(id, say('tokenMissing', locale, { id }), locale)]);

  const revokedAt = (options.now ?? new Date()).toISOString();
  try {
    await TokenEntity.build(UpdateItemCommand)
      .item({ tokenHash: pointer.tokenHash, revokedAt })
      // tokenHash exists: an update must never create a half token item.
      .options({
        condition: {
          and: [
            { attr: 'tokenHash', exists: true },
            { attr: 'revokedAt', exists: false },
          ],
        },
      })
      .send();
    return { tokenId: id, revokedAt, alreadyRevoked: false };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  const { Item: token } = await TokenEntity.build(GetItemCommand)
    .key({ tokenHash: pointer.tokenHash })
    .options({ consistent: true })
    .send();
  if (!token?.revokedAt)
    throw new AppError('NOT_FOUND', [tokenIdIssue(id, say('tokenMissing', locale, { id }), locale)]);
  return { tokenId: id, revokedAt: token.revokedAt, alreadyRevoked: true };
}

function tokenSummary(item: TokenSummary): TokenSummary {
  const { tokenId, role, districtId, schoolId, label, createdAt, revokedAt } = item;
  return {
    tokenId,
    role,
    ...(districtId ? { districtId } : {}),
    ...(schoolId ? { schoolId } : {}),
    label,
    createdAt,
    ...(revokedAt ? { revokedAt } : {}),
  };
}

/**
 * The tokens of a district (its official and school tokens) or, with `'admin'`, the admin tokens:
 * ids, roles, labels and dates, by token id. Never a hash.
 */
export async function listTokens(scope: string, options: DirectoryOptions = {}): Promise<TokenSummary[]> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const districtId = scope === 'admin' ? undefined : (await requireDistrict(scope, locale)).districtId;
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(TokenEntity)
    .query({ index: 'gsi1', partition: tokenListPartition(districtId) })
    .options({ maxPages: Infinity })
    .send();
  return Items.map((item) => tokenSummary(item as TokenSummary));
}

/** What a bearer token resolves to: its principal, or why a token that exists no longer works. */
export type TokenResolution =
  { principal: Principal } | { principal?: undefined; refused?: { reason: 'school-archived'; archivedOn: string } };

/**
 * Whether a school archived from `archivedOn` (a date in its district's `timezone`) is off the
 * roster at `now`.
 */
export function isArchivedAt(
  archivedOn: string | undefined,
  timezone: string,
  now: Date = new Date(),
): archivedOn is string {
  return archivedOn !== undefined && archivedOn <= localDate(timezone, now);
}

/**
 * What a bearer token stands for. Unknown, malformed or revoked: nothing. A school token whose
 * school was archived (from that day on, district time): refused, with the date, so the caller
 * is told why. The authorizer calls this on every request: one strongly consistent GetItem of
 * the token (so a revocation takes effect at once) and, for a school token, one of its school (so
 * an archive does too; the district too, for its timezone, only when the school is archived);
 * nothing is cached.
 */
export async function resolveToken(token: string, now: Date = new Date()): Promise<TokenResolution> {
  if (!looksLikeToken(token)) return {};
  const { Item } = await TokenEntity.build(GetItemCommand)
    .key({ tokenHash: hashToken(token) })
    .options({ consistent: true })
    .send();
  if (!Item || Item.revokedAt) return {};
  const { role, tokenId, districtId, schoolId } = Item;
  if (role === 'admin') return { principal: { role, tokenId } };
  if (role === 'official' && districtId) return { principal: { role, tokenId, districtId } };
  if (role !== 'school' || !districtId || !schoolId) return {};
  const { Item: school } = await SchoolEntity.build(GetItemCommand)
    .key({ districtId, schoolId })
    .options({ consistent: true, attributes: ['archivedOn'] })
    .send();
  if (school?.archivedOn) {
    // Only an archived school's district is read, for the timezone its removal day is in.
    const { Item: district } = await DistrictEntity.build(GetItemCommand)
      .key({ districtId })
      .options({ attributes: ['timezone'] })
      .send();
    if (isArchivedAt(school.archivedOn, district?.timezone ?? 'Asia/Shanghai', now))
      return { refused: { reason: 'school-archived', archivedOn: school.archivedOn } };
  }
  return { principal: { role, tokenId, districtId, schoolId } };
}

/** The principal a bearer token stands for, or undefined (see resolveToken). */
export async function resolvePrincipal(token: string): Promise<Principal | undefined> {
  return (await resolveToken(token)).principal;
}
