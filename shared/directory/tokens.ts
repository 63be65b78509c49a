import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import * as z from 'zod';
import type { Principal, Role } from '../auth/principal';
import { generateToken, hashToken, looksLikeToken, newTokenId } from '../auth/tokens';
import { DistrictEntity, SchoolEntity, TokenEntity, TokenIdEntity, tokenListPartition } from '../db/entities';
import { HouqinTable } from '../db/table';
import { AppError } from '../errors';
import { DEFAULT_LOCALE, localize, type Locale } from '../i18n';
import { localDate } from '../time';
import { parseOrThrow } from '../validation';
import { districtTimezone } from './district-settings';
import { districtIdIssue, getDistrict, requireDistrict, type DirectoryOptions } from './districts';
import { say } from './messages';
import { schoolIdIssue } from './schools';
import { DIRECTORY_FIELD_LABELS, directorySchemas, MAX_NAME_LENGTH } from './schemas';
import {
  daysMs,
  DEFAULT_ROTATION_GRACE,
  DEFAULT_SCHOOL_TOKEN_DAYS,
  durationMs,
  expiryAfter,
  graceSchema,
  HOUR_MS,
  validitySchema,
} from './token-expiry';
import { cancellationCodes, isConditionalCheckFailed } from '../db/writes';

/** What a token is for: its role and, for school and official tokens, whose. */
export interface TokenRequest {
  role: Role;
  districtId?: string;
  schoolId?: string;
  /** Who holds it, for the token list (e.g. "总务处 张老师"); a default names the scope. */
  label?: string;
  /**
   * How long it works: `365d`, `12h`, or `never`. Left out: a school token gets its district's
   * school token validity (default 365 days), an official or admin token never expires.
   */
  expiresIn?: string;
}

/** A newly issued token. `token` is shown once and never stored; `tokenId` is how it is revoked. */
export interface IssuedToken {
  token: string;
  tokenId: string;
  /** When it stops working (ISO-8601 UTC); absent: never. */
  expiresAt?: string;
}

/** Where a token stands at a moment: working, past its expiry, or revoked. */
export type TokenState = 'active' | 'expired' | 'revoked';

/** A token as the token list shows it: never its hash, never the token. */
export interface TokenSummary {
  tokenId: string;
  role: Role;
  districtId?: string;
  schoolId?: string;
  label: string;
  createdAt: string;
  revokedAt?: string;
  /** When it stops (or stopped) working; absent: never. */
  expiresAt?: string;
  /** The token it was rotated to. */
  rotatedTo?: string;
  /** Where it stands when listed. */
  state: TokenState;
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
      expiresIn: validitySchema(locale).optional(),
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

/** A token request checked by parseTokenRequest: what issueToken takes (`expiresIn` in ms, `null`: never). */
export type ValidTokenRequest = z.output<ReturnType<typeof tokenRequestSchema>>;

/**
 * A token request checked at the boundary that received it (the admin CLI's `token issue`):
 * VALIDATION_FAILED naming each bad field in `locale` (role, scope, label, validity).
 */
export function parseTokenRequest(request: unknown, locale: Locale = DEFAULT_LOCALE): ValidTokenRequest {
  return parseOrThrow(tokenRequestSchema(locale), request, locale, DIRECTORY_FIELD_LABELS);
}

function defaultLabel(request: { role: Role; districtId?: string; schoolId?: string }): string {
  return [request.role, request.districtId, request.schoolId].filter(Boolean).join(':');
}

type TokenScope = { role: Role; districtId?: string; schoolId?: string };

/** The write of a new token: its item and id pointer (both `attribute_not_exists`), and its owner's check. */
function newTokenWrites(scope: TokenScope, label: string, expiresAt: string | undefined) {
  const token = generateToken();
  const tokenId = newTokenId();
  const tokenHash = hashToken(token);
  const owned =
    scope.role === 'admin'
      ? {}
      : scope.role === 'official'
        ? { districtId: scope.districtId }
        : { districtId: scope.districtId, schoolId: scope.schoolId };
  const writes = [
    TokenEntity.build(PutTransaction)
      .item({ tokenHash, tokenId, role: scope.role, label, ...owned, ...(expiresAt ? { expiresAt } : {}) })
      .options({ condition: { attr: 'tokenHash', exists: false } }),
    TokenIdEntity.build(PutTransaction)
      .item({ tokenId, tokenHash })
      .options({ condition: { attr: 'tokenId', exists: false } }),
  ];
  const owner =
    scope.role === 'school'
      ? SchoolEntity.build(ConditionCheck)
          .key({ districtId: scope.districtId!, schoolId: scope.schoolId! })
          // An archived school gets no new token (its tokens stop working: see resolveToken).
          .condition({
            and: [
              { attr: 'schoolId', exists: true },
              { attr: 'archivedOn', exists: false },
            ],
          })
      : scope.role === 'official'
        ? DistrictEntity.build(ConditionCheck)
            .key({ districtId: scope.districtId! })
            .condition({ attr: 'districtId', exists: true })
        : undefined;
  return { token, tokenId, writes, owner };
}

/** The refusal when a new token's owner check failed: the district or school is missing, or the school archived. */
async function ownerRefusal(scope: TokenScope, locale: Locale): Promise<AppError> {
  if (scope.role === 'official')
    return new AppError('NOT_FOUND', [
      districtIdIssue(scope.districtId!, say('districtMissing', locale, { id: scope.districtId! }), locale),
    ]);
  const { Item: school } = await SchoolEntity.build(GetItemCommand)
    .key({ districtId: scope.districtId!, schoolId: scope.schoolId! })
    .options({ consistent: true })
    .send();
  if (school?.archivedOn) {
    return new AppError('VALIDATION_FAILED', [
      schoolIdIssue(
        scope.schoolId!,
        say('schoolArchived', locale, { id: scope.schoolId!, date: school.archivedOn }),
        locale,
      ),
    ]);
  }
  return new AppError('NOT_FOUND', [
    schoolIdIssue(
      scope.schoolId!,
      say('schoolMissing', locale, { id: scope.schoolId!, district: scope.districtId! }),
      locale,
    ),
  ]);
}

/**
 * When a new token stops working: the validity asked for (`null`: never), else, for a school
 * token, its district's school token validity (`schoolTokenDays`, default 365 days); an official
 * or admin token asked for without one never expires.
 */
async function newTokenExpiry(scope: TokenScope, asked: number | null | undefined, now: Date) {
  if (asked === null) return undefined;
  if (asked !== undefined) return expiryAfter(now, asked);
  if (scope.role !== 'school') return undefined;
  const district = await getDistrict(scope.districtId!);
  return expiryAfter(now, daysMs(district?.schoolTokenDays ?? DEFAULT_SCHOOL_TOKEN_DAYS));
}

/**
 * Issues a bearer token for a request checked by parseTokenRequest. Only its SHA-256 is stored, in the token item and its id pointer, both
 * written in one transaction with `attribute_not_exists`; the same transaction checks that the
 * school (school token) or the district (official token) exists, so a token never outlives a
 * check made a moment before. Its expiry: see newTokenExpiry.
 */
export async function issueToken(
  valid: ValidTokenRequest,
  options: DirectoryOptions & { now?: Date } = {},
): Promise<IssuedToken> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const now = options.now ?? new Date();
  const expiresAt = await newTokenExpiry(valid, valid.expiresIn, now);
  const { token, tokenId, writes, owner } = newTokenWrites(valid, valid.label || defaultLabel(valid), expiresAt);
  try {
    await (owner ? execute(...writes, owner) : execute(...writes));
  } catch (error) {
    // Only the owner check can fail: 32 random bytes and 8 random id bytes do not collide.
    if (cancellationCodes(error)?.[2] !== 'ConditionalCheckFailed') throw error;
    throw await ownerRefusal(valid, locale);
  }
  return { token, tokenId, ...(expiresAt ? { expiresAt } : {}) };
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

/** The outcome of a rotation: the successor (its token shown once) and the old token's new expiry. */
export interface Rotation extends IssuedToken {
  previous: { tokenId: string; expiresAt: string };
}

/** What `token rotate` asks for: the token, how long it keeps working, how long its successor works. */
export interface RotationRequest {
  tokenId: string;
  /** How long the old token keeps working: `7d`, `12h`, `0h`. @default DEFAULT_ROTATION_GRACE (7 days) */
  grace?: string;
  /** The successor's validity (`365d`, `12h`, `never`); left out: the old token's, else as issueToken. */
  expiresIn?: string;
}

export interface RotateOptions extends DirectoryOptions {
  now?: Date;
}

function rotateSchema(locale: Locale) {
  return z.object({
    tokenId: z
      .string()
      .trim()
      .regex(TOKEN_ID_PATTERN, { error: say('tokenIdFormat', locale) }),
    grace: graceSchema(locale).optional(),
    expiresIn: validitySchema(locale).optional(),
  });
}

/** A rotation request checked by parseRotation: what rotateToken takes (durations in ms). */
export type ValidRotation = z.output<ReturnType<typeof rotateSchema>>;

/**
 * A rotation request checked at the boundary that received it (the admin CLI's `token rotate`):
 * VALIDATION_FAILED naming the token id, grace or validity in `locale`.
 */
export function parseRotation(request: RotationRequest, locale: Locale = DEFAULT_LOCALE): ValidRotation {
  return parseOrThrow(
    rotateSchema(locale),
    { ...request, tokenId: String(request.tokenId ?? '') },
    locale,
    DIRECTORY_FIELD_LABELS,
  );
}

/** The token item behind a token id, read consistently; NOT_FOUND naming the id when there is none. */
async function requireTokenItem(tokenId: string, locale: Locale) {
  const { Item: pointer } = await TokenIdEntity.build(GetItemCommand)
    .key({ tokenId })
    .options({ consistent: true })
    .send();
  const { Item } = pointer
    ? await TokenEntity.build(GetItemCommand).key({ tokenHash: pointer.tokenHash }).options({ consistent: true }).send()
    : { Item: undefined };
  if (!Item)
    throw new AppError('NOT_FOUND', [tokenIdIssue(tokenId, say('tokenMissing', locale, { id: tokenId }), locale)]);
  return Item;
}

/** Why a token cannot be rotated (revoked, or rotated already), or undefined. */
function rotationRefusal(
  item: { tokenId: string; revokedAt?: string; rotatedTo?: string },
  locale: Locale,
): AppError | undefined {
  const reason = item.revokedAt
    ? say('tokenRevokedNoRotate', locale, { id: item.tokenId, date: item.revokedAt })
    : item.rotatedTo
      ? say('tokenRotatedAlready', locale, { id: item.tokenId, next: item.rotatedTo })
      : undefined;
  return reason === undefined
    ? undefined
    : new AppError('VALIDATION_FAILED', [tokenIdIssue(item.tokenId, reason, locale)]);
}

/**
 * Rotates a token (a request checked by parseRotation): issues its successor (same role, district, school and label) and lets the old
 * token work only until the end of the grace period (or its own expiry, if sooner). The successor
 * is valid for `expiresIn`, else as long as the old token was, else as issueToken decides. One
 * transaction writes the successor, checks its owner and updates the old token on condition that
 * it is neither revoked nor rotated meanwhile, so a token is rotated at most once. A revoked or
 * already rotated token is refused (VALIDATION_FAILED naming why); an unknown id is NOT_FOUND.
 */
export async function rotateToken(valid: ValidRotation, options: RotateOptions = {}): Promise<Rotation> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const now = options.now ?? new Date();
  const old = await requireTokenItem(valid.tokenId, locale);
  const refusal = rotationRefusal(old, locale);
  if (refusal) throw refusal;
  const scope: TokenScope = { role: old.role, districtId: old.districtId, schoolId: old.schoolId };
  // Validities are whole hours; createdAt is stamped a moment after the expiry was worked out.
  const oldValidity = old.expiresAt
    ? Math.round((Date.parse(old.expiresAt) - Date.parse(old.createdAt)) / HOUR_MS) * HOUR_MS
    : undefined;
  const expiresAt = await newTokenExpiry(scope, valid.expiresIn !== undefined ? valid.expiresIn : oldValidity, now);
  const graceEnd = expiryAfter(now, valid.grace ?? durationMs(DEFAULT_ROTATION_GRACE)!);
  const oldExpiresAt = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
  const successor = newTokenWrites(scope, old.label, expiresAt);
  const retire = TokenEntity.build(UpdateTransaction)
    .item({ tokenHash: old.tokenHash, expiresAt: oldExpiresAt, rotatedTo: successor.tokenId })
    .options({
      condition: {
        and: [
          { attr: 'tokenHash', exists: true },
          { attr: 'revokedAt', exists: false },
          { attr: 'rotatedTo', exists: false },
        ],
      },
    });
  try {
    await (successor.owner
      ? execute(...successor.writes, retire, successor.owner)
      : execute(...successor.writes, retire));
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[2] === 'ConditionalCheckFailed') {
      // Revoked or rotated by someone else since we read it: say which.
      const again = await requireTokenItem(valid.tokenId, locale);
      throw rotationRefusal(again, locale) ?? error;
    }
    if (codes?.[3] === 'ConditionalCheckFailed') throw await ownerRefusal(scope, locale);
    throw error;
  }
  return {
    token: successor.token,
    tokenId: successor.tokenId,
    ...(expiresAt ? { expiresAt } : {}),
    previous: { tokenId: old.tokenId, expiresAt: oldExpiresAt },
  };
}

function tokenSummary(item: Omit<TokenSummary, 'state'>, now: Date): TokenSummary {
  const { tokenId, role, districtId, schoolId, label, createdAt, revokedAt, expiresAt, rotatedTo } = item;
  return {
    tokenId,
    role,
    ...(districtId ? { districtId } : {}),
    ...(schoolId ? { schoolId } : {}),
    label,
    createdAt,
    ...(revokedAt ? { revokedAt } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    ...(rotatedTo ? { rotatedTo } : {}),
    state: revokedAt ? 'revoked' : isExpiredAt(expiresAt, now) ? 'expired' : 'active',
  };
}

/**
 * The tokens of a district (its official and school tokens) or, with `'admin'`, the admin tokens:
 * ids, roles, labels, dates, expiry and state, by token id. Never a hash.
 */
export async function listTokens(
  scope: string,
  options: DirectoryOptions & { now?: Date } = {},
): Promise<TokenSummary[]> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const now = options.now ?? new Date();
  const districtId = scope === 'admin' ? undefined : (await requireDistrict(scope, locale)).districtId;
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(TokenEntity)
    .query({ index: 'gsi1', partition: tokenListPartition(districtId) })
    .options({ maxPages: Infinity })
    .send();
  return Items.map((item) => tokenSummary(item as Omit<TokenSummary, 'state'>, now));
}

/** What a bearer token resolves to: its principal, or why a token that exists no longer works. */
export type TokenResolution =
  | { principal: Principal; refused?: undefined }
  | {
      principal?: undefined;
      refused?: { reason: 'school-archived'; archivedOn: string } | { reason: 'token-expired'; expiredAt: string };
    };

/** Whether a token that expires at `expiresAt` (ISO-8601 UTC; undefined: never) has expired at `now`. */
export function isExpiredAt(expiresAt: string | undefined, now: Date = new Date()): expiresAt is string {
  return expiresAt !== undefined && Date.parse(expiresAt) <= now.getTime();
}

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
 * What a bearer token stands for. Unknown, malformed or revoked: nothing. Past its `expiresAt`:
 * refused, with the time, so the caller is told it expired. A school token whose
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
  // Expired (by its own expiry, or at the end of a rotation's grace period): refused, saying when.
  if (isExpiredAt(Item.expiresAt, now)) return { refused: { reason: 'token-expired', expiredAt: Item.expiresAt } };
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
    if (isArchivedAt(school.archivedOn, await districtTimezone(districtId), now))
      return { refused: { reason: 'school-archived', archivedOn: school.archivedOn } };
  }
  return { principal: { role, tokenId, districtId, schoolId } };
}

/** The principal a bearer token stands for, or undefined (see resolveToken). */
export async function resolvePrincipal(token: string): Promise<Principal | undefined> {
  return (await resolveToken(token)).principal;
}
