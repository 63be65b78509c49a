import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import * as z from 'zod';
import type { Principal } from '../auth/principal';
import { HazardEntity } from '../db/entities';
import { retryOnConflict } from '../db/retry';
import { isConditionalCheckFailed } from '../db/writes';
import { AppError, DetailsByLocale, type FieldIssue } from '../errors';
import type { Locale, Text } from '../i18n';
import { localize } from '../i18n';
import { displayStatus, getPhotos, PHOTO_QUARANTINE_REASONS, type QuarantineReason } from '../photos/records';
import { photoViewsById } from '../photos/views';
import { MAX_HAZARD_HISTORY, MAX_ID_CHARS, MAX_NOTE_CHARS, MAX_RECTIFICATION_PHOTOS } from '../http/limits';
import { localDate } from '../time';
import { addTextIssue, type FieldLabels } from '../validation';
import { districtTimezone } from '../directory/district-settings';
import { readerNames } from '../directory/names';
import { canonicalIdOrUndefined } from '../ids';
import { hazardDetailView, hazardNameIds, hazardPhotoIds, type HazardDetailView } from './views';

/*
 * A hazard's life (DOMAIN.md § Hazards and rectification):
 *
 *   open ──rectify (owning school)──► rectified ──accept (district official)──► verified
 *     ▲                                   │
 *     └──────reject (district official)───┘
 *
 * Nothing else moves: verified is final. Every move appends one history entry (who, when, note,
 * photos). The pure rules come first; the I/O (read, check, conditional write) after them.
 */

export const HAZARD_STATUSES = ['open', 'rectified', 'verified'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

/** What a caller asks for: the school rectifies; an official accepts or rejects the rectification. */
export type HazardCommand = 'rectify' | 'accept' | 'reject';

/** How a step is written in the history (`raised` and `overdue` are written by others). */
export type HazardHistoryAction = 'raised' | 'rectified' | 'verified' | 'rejected' | 'overdue';

/** Every allowed transition, once: from which status a command moves to which, and how it is recorded. */
export const TRANSITIONS: Readonly<
  Record<HazardCommand, { from: HazardStatus; to: HazardStatus; recordedAs: HazardHistoryAction }>
> = Object.freeze({
  rectify: { from: 'open', to: 'rectified', recordedAs: 'rectified' },
  accept: { from: 'rectified', to: 'verified', recordedAs: 'verified' },
  reject: { from: 'rectified', to: 'open', recordedAs: 'rejected' },
});

/** Where `command` takes a hazard in status `from`; undefined when it is not allowed from there. */
export function transitionOf(
  command: HazardCommand,
  from: string,
): { to: HazardStatus; recordedAs: HazardHistoryAction } | undefined {
  const transition = TRANSITIONS[command];
  return transition.from === from ? { to: transition.to, recordedAs: transition.recordedAs } : undefined;
}

/** Whether any command moves a hazard from `from` to `to`. */
export function isTransitionAllowed(from: string, to: string): boolean {
  return Object.values(TRANSITIONS).some((transition) => transition.from === from && transition.to === to);
}

/** One history entry as stored. */
export interface HazardHistoryEntry {
  action: HazardHistoryAction;
  status: string;
  at: string;
  by: string;
  note?: string;
  photoIds?: string[];
}

/** The part of a hazard the lifecycle reads and writes. */
export interface LifecycleState {
  status: string;
  history: HazardHistoryEntry[];
  overdueAt?: string;
}

/** One step someone takes: the command, when (ISO-8601 UTC), by whom (token id), note and photos. */
export interface TransitionStep {
  command: HazardCommand;
  at: string;
  by: string;
  note?: string;
  photoIds?: string[];
}

/**
 * The hazard after `step`, or 409 HAZARD_TRANSITION_NOT_ALLOWED (details `{status}`: the current
 * one) when the command is not allowed from the current status. The input is not changed.
 *
 * - The due date never changes: a rejected hazard is open again with its original due date, so
 *   it may be overdue at once (the school has had its time).
 * - `overdueAt` is cleared by every transition: it marks the sweep's finding for the current open
 *   spell. The `overdue` entry stays in the history; a reopened hazard still past due is found
 *   (and reported) again by the next sweep.
 */
export function applyTransition<H extends LifecycleState>(
  hazard: H,
  step: TransitionStep,
): H & { status: HazardStatus } {
  const transition = transitionOf(step.command, hazard.status);
  if (!transition) throw new AppError('HAZARD_TRANSITION_NOT_ALLOWED', { status: hazard.status });
  // Each step adds a history entry of up to a few KB: the bound keeps the item under DynamoDB's 400 KB.
  if (hazard.history.length >= MAX_HAZARD_HISTORY)
    throw new AppError('HAZARD_HISTORY_FULL', { status: hazard.status, limit: MAX_HAZARD_HISTORY });
  const entry: HazardHistoryEntry = {
    action: transition.recordedAs,
    status: transition.to,
    at: step.at,
    by: step.by,
    ...(step.note !== undefined ? { note: step.note } : {}),
    ...(step.photoIds !== undefined && step.photoIds.length > 0 ? { photoIds: [...step.photoIds] } : {}),
  };
  const { overdueAt: _cleared, ...rest } = hazard;
  return { ...(rest as H), status: transition.to, history: [...hazard.history, entry] };
}

// ---------------------------------------------------------------------------------------------
// Requests

/** A hazard id as `hazardIdFor` makes them (and a little room for imported ones). */
export const HAZARD_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_ID_CHARS - 1}}$`);

/** A photo id: photos are asked for through POST /v1/hazards/{id}/photos (a UUID); checked against the photo store on rectification. */
export const PHOTO_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${MAX_ID_CHARS - 1}}$`);

const note = () => z.string().trim().min(1).max(MAX_NOTE_CHARS);

/** POST /v1/hazards/{id}/rectification: what the school did, and the photos that show it. */
export const rectificationRequestSchema = z
  .object({
    note: note(),
    photoIds: z.array(z.string().regex(PHOTO_ID_PATTERN)).max(MAX_RECTIFICATION_PHOTOS).optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    const ids = request.photoIds ?? [];
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) addTextIssue(ctx, ['photoIds', index], { zh: '照片重复', en: 'Duplicate photo' });
    });
  });
export type RectificationRequest = z.infer<typeof rectificationRequestSchema>;

/** POST /v1/hazards/{id}/verification: accepted, or rejected with the reason. */
export const verificationRequestSchema = z
  .object({
    accepted: z.boolean(),
    note: note().optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.accepted === false && request.note === undefined) {
      addTextIssue(ctx, ['note'], { zh: '不通过验收时必须说明原因', en: 'Say why when rejecting a rectification' });
    }
  });
export type VerificationRequest = z.infer<typeof verificationRequestSchema>;

const photoLabel: Text = { zh: '整改照片', en: 'Rectification photo' };

/** Labels shown beside each field of the two requests. */
export const HAZARD_REQUEST_LABELS: FieldLabels = {
  note: { zh: '说明', en: 'Note' },
  accepted: { zh: '是否通过验收', en: 'Accepted' },
  photoIds: { zh: '整改照片', en: 'Rectification photos' },
  ...Object.fromEntries(
    Array.from({ length: MAX_RECTIFICATION_PHOTOS + 1 }, (_, index) => [`photoIds.${index}`, photoLabel]),
  ),
};

// ---------------------------------------------------------------------------------------------
// I/O

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;
type OfficialPrincipal = Extract<Principal, { role: 'official' }>;

/** Today's date in the district's timezone (the default timezone when the district is not found). */
export async function districtToday(districtId: string, now: Date = new Date()): Promise<string> {
  return localDate(await districtTimezone(districtId), now);
}

/** How many times a transition re-reads and retries when a concurrent write (e.g. the sweep's) changed the hazard. */
const MAX_ATTEMPTS = 4;

type StoredHazard = FormattedItem<typeof HazardEntity>;

/**
 * Reads the hazard, checks the caller may act on it (404 otherwise), applies the step and writes
 * the whole item back on condition that nothing changed since the read (status, history length
 * and updatedAt). The whole item is put, not updated, so the status-keyed indexes (gsi2, and the
 * sparse gsi3 of open hazards) are derived again by the entity. A lost race is retried from a
 * fresh read: two concurrent rectifications give one 200 and one 409, while a concurrent overdue
 * mark (which leaves the status alone) only makes the transition try again.
 */
async function transitionHazard(
  districtId: string,
  hazardId: string | undefined,
  mayAct: (hazard: StoredHazard) => boolean,
  step: Omit<TransitionStep, 'at'>,
  now: Date,
  locale: Locale,
  /** Checks run once the caller may act and the transition is allowed (they throw to refuse). */
  check?: (hazard: StoredHazard) => Promise<void>,
): Promise<HazardDetailView> {
  // The system's hazard ids are lowercase: a path that differs only in case names the same hazard.
  hazardId = canonicalIdOrUndefined(hazardId);
  if (!hazardId || !HAZARD_ID_PATTERN.test(hazardId)) throw new AppError('NOT_FOUND');
  return retryOnConflict(
    async () => {
      const { Item: current } = await HazardEntity.build(GetItemCommand)
        .key({ districtId, hazardId })
        .options({ consistent: true })
        .send();
      if (!current || !mayAct(current)) throw new AppError('NOT_FOUND');
      const next = applyTransition(current, { ...step, at: now.toISOString() });
      await check?.(current);
      const { updatedAt: _stale, ...item } = next;
      await HazardEntity.build(PutItemCommand)
        .item(item)
        .options({
          condition: {
            and: [
              { attr: 'status', eq: current.status },
              { size: 'history', eq: current.history.length },
              { attr: 'updatedAt', eq: current.updatedAt },
            ],
          },
        })
        .send();
      const [today, photos, names] = await Promise.all([
        districtToday(districtId, now),
        photoViewsById(districtId, hazardPhotoIds(next), now),
        readerNames(districtId, hazardNameIds([next]), locale),
      ]);
      return hazardDetailView(next, today, photos, names);
    },
    {
      attempts: MAX_ATTEMPTS,
      isConflict: isConditionalCheckFailed,
      exhausted: () => new AppError('SERVICE_UNAVAILABLE'),
    },
  );
}

const PHOTO_ISSUES = {
  notOfHazard: { zh: '不是为本条隐患申请上传的照片', en: 'Not a photo asked for this hazard' },
  missing: { zh: '照片未在上传截止时间前收到', en: 'The photo did not arrive before its upload deadline' },
  quarantined: { zh: '照片未通过核验，已被隔离', en: 'The photo failed verification and was quarantined' },
} as const satisfies Record<string, Text>;

/**
 * Refuses (422 PHOTO_NOT_USABLE, one issue per photo) rectification photos that were not asked
 * for this very hazard by this school, that never arrived (missing) or that verification
 * quarantined. A photo still pending (uploaded, verification not yet done) is accepted: the
 * hazard's view shows its status as it changes.
 */
export async function checkRectificationPhotos(
  hazard: { districtId: string; schoolId: string; hazardId: string },
  photoIds: readonly string[],
  now: Date,
): Promise<void> {
  if (photoIds.length === 0) return;
  const found = new Map(
    (await getPhotos(hazard.districtId, photoIds, { consistent: true })).map((photo) => [photo.photoId, photo]),
  );
  const issues: { field: string; reason: Text }[] = [];
  photoIds.forEach((photoId, index) => {
    const photo = found.get(photoId);
    const field = `photoIds.${index}`;
    if (
      !photo ||
      photo.schoolId !== hazard.schoolId ||
      photo.ownerKind !== 'hazard' ||
      photo.ownerId !== hazard.hazardId
    ) {
      issues.push({ field, reason: PHOTO_ISSUES.notOfHazard });
      return;
    }
    const status = displayStatus(photo, now);
    if (status === 'missing') issues.push({ field, reason: PHOTO_ISSUES.missing });
    if (status === 'quarantined') {
      const why = PHOTO_QUARANTINE_REASONS[photo.quarantineReason as QuarantineReason] as Text | undefined;
      const { zh, en } = PHOTO_ISSUES.quarantined;
      issues.push({
        field,
        reason: why ? { zh: `${zh}：${why.zh}`, en: `${en}: ${why.en}` } : PHOTO_ISSUES.quarantined,
      });
    }
  });
  if (issues.length > 0)
    throw new AppError(
      'PHOTO_NOT_USABLE',
      DetailsByLocale.of((locale): FieldIssue[] =>
        issues.map(({ field, reason }) => ({
          field,
          label: localize(photoLabel, locale),
          reason: localize(reason, locale),
        })),
      ),
    );
}

/**
 * POST /v1/hazards/{id}/rectification: the owning school says what it did (open → rectified).
 * Another school's hazard, or an unknown id, is 404; a hazard not open is 409; photos not of
 * this hazard, missing or quarantined are 422 (checkRectificationPhotos).
 */
export async function rectifyHazard(
  principal: SchoolPrincipal,
  hazardId: string | undefined,
  request: RectificationRequest,
  locale: Locale,
  now: Date = new Date(),
): Promise<{ hazard: HazardDetailView }> {
  const hazard = await transitionHazard(
    principal.districtId,
    hazardId,
    (stored) => stored.schoolId === principal.schoolId,
    {
      command: 'rectify',
      by: principal.tokenId,
      note: request.note,
      ...(request.photoIds ? { photoIds: request.photoIds } : {}),
    },
    now,
    locale,
    (stored) => checkRectificationPhotos(stored, request.photoIds ?? [], now),
  );
  return { hazard };
}

/**
 * POST /v1/hazards/{id}/verification: an official of the hazard's district accepts the
 * rectification (→ verified) or rejects it with a reason (→ open again, original due date).
 * A hazard of another district, or an unknown id, is 404; a hazard not rectified is 409.
 */
export async function verifyHazard(
  principal: OfficialPrincipal,
  hazardId: string | undefined,
  request: VerificationRequest,
  locale: Locale,
  now: Date = new Date(),
): Promise<{ hazard: HazardDetailView }> {
  // The key holds the official's own district, so another district's hazard is simply not found.
  const hazard = await transitionHazard(
    principal.districtId,
    hazardId,
    () => true,
    {
      command: request.accepted ? 'accept' : 'reject',
      by: principal.tokenId,
      ...(request.note !== undefined ? { note: request.note } : {}),
    },
    now,
    locale,
  );
  return { hazard };
}
