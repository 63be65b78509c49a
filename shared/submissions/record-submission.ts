import type { Principal } from '../auth/principal';
import { hashOf } from '../canonical-json';
import { retryOnConflict } from '../db/retry';
import { cancellationCodes } from '../db/writes';
import { AppError } from '../errors';
import { fieldLabels, findForm, formAppliesTo, hazardsRaisedBy } from '../forms/catalogue';
import type { SchoolFlags, Severity } from '../forms/types';
import { readDistrictSettings } from '../directory/district-settings';
import { toNewHazards, type NewHazard } from '../hazards/raise-hazards';
import { localDate, minusOneYear, monthOf } from '../time';
import { parseInput } from '../validation';
import { earlierAnswers, needsHistory, qualityFlagsFor, type QualityFlag } from './quality-flags';
import { readSchoolFlags, readSubmission, writeSubmission } from './store';
import type { SubmissionInput, SubmissionRequest } from './submission-request';
import { hazardView, submissionView } from './views';

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

/** What a submission is checked against, loaded before it is prepared. */
export interface SubmissionContext {
  timezone: string;
  school: SchoolFlags;
  /** Days to rectify by severity: the district's override or the defaults. */
  dueDays: Record<Severity, number>;
  /** The submission named by `supersedes`, if the request names one (undefined: not found). */
  superseded?: { formType: string; supersededBy?: string };
  /** The school's earlier readings of the same form, latest first (for the outlier check). */
  history: Record<string, unknown>[];
}

/** A submission ready to store: the item, the hazards it raises and the view the route answers. */
export interface PreparedSubmission {
  submission: {
    districtId: string;
    schoolId: string;
    submissionId: string;
    formType: string;
    formVersion: number;
    date: string;
    month: string;
    answers: Record<string, unknown>;
    note?: string;
    supersedes?: string;
    qualityFlags?: QualityFlag[];
    submittedBy: string;
    receivedAt: string;
    bodyHash: string;
    hazardIds: string[];
    responseBody: string;
  };
  hazards: NewHazard[];
}

/**
 * Checks a submission and works out everything it writes, without I/O: form and version,
 * applies-to, the correction it names, date window (not in the future, not more than a year
 * back, school-local), answers, hazards and data-quality flags. Every refusal is an AppError
 * with its code and parameters (the answers' field reasons in every locale): the HTTP adapter
 * words it in the caller's language.
 */
export function prepareSubmission(
  { request, body }: SubmissionInput,
  principal: SchoolPrincipal,
  context: SubmissionContext,
  now: Date,
): PreparedSubmission {
  const form = findForm(request.formType, request.formVersion);
  if (!form) {
    const known = findForm(request.formType);
    throw new AppError(known ? 'UNKNOWN_FORM_VERSION' : 'UNKNOWN_FORM_TYPE', {
      field: known ? 'formVersion' : 'formType',
      value: known ? request.formVersion : request.formType.slice(0, 64),
    });
  }
  if (!formAppliesTo(form, context.school))
    throw new AppError('FORM_NOT_APPLICABLE', { field: 'formType', appliesTo: form.appliesTo });
  if (request.supersedes !== undefined) {
    if (!context.superseded || context.superseded.formType !== form.id)
      throw new AppError('SUPERSEDED_NOT_FOUND', { field: 'supersedes' });
    const by = context.superseded.supersededBy;
    if (by !== undefined && by !== request.submissionId)
      throw new AppError('ALREADY_SUPERSEDED', { field: 'supersedes', supersededBy: by });
  }

  const today = localDate(context.timezone, now);
  if (request.date > today) throw new AppError('DATE_IN_FUTURE', { field: 'date', today });
  if (request.date < minusOneYear(today))
    throw new AppError('DATE_TOO_OLD', { field: 'date', earliest: minusOneYear(today) });

  const answers = parseInput(form.answers, request.answers, fieldLabels(form), 'answers') as Record<string, unknown>;
  const raised = hazardsRaisedBy(form, answers);
  const qualityFlags = qualityFlagsFor(form.id, answers, context.history);

  const receivedAt = now.toISOString();
  const source = {
    districtId: principal.districtId,
    schoolId: principal.schoolId,
    submissionId: request.submissionId,
    formType: form.id,
    date: request.date,
    receivedAt,
    submittedBy: principal.tokenId,
  };
  const hazards = toNewHazards(raised, source, context.dueDays);
  const submission = {
    ...source,
    formVersion: form.version,
    month: monthOf(request.date),
    answers,
    ...(request.note ? { note: request.note } : {}),
    ...(request.supersedes ? { supersedes: request.supersedes } : {}),
    ...(qualityFlags.length > 0 ? { qualityFlags } : {}),
    // The body as the client sent it (before defaults and trimming): an identical replay hashes the same.
    bodyHash: hashOf(body),
    hazardIds: hazards.map((h) => h.hazardId),
  };
  const responseBody = JSON.stringify({ submission: submissionView(submission), hazards: hazards.map(hazardView) });
  return { submission: { ...submission, responseBody }, hazards };
}

/**
 * The outcome of recording: created now, or an identical replay of an earlier one; `body` is the
 * view of the submission and its hazards (the replay's as first answered). The HTTP adapter
 * answers them 201 and 200.
 */
export interface RecordOutcome {
  kind: 'created' | 'replayed';
  body: unknown;
}

/**
 * What every submission of one school is checked against: its district's timezone and due days,
 * its own flags. The HTTP path keeps it per school for SCHOOL_CONTEXT_TTL_MS in a warm function;
 * a trusted in-process caller recording many submissions (the demo seeder) loads it once per
 * school and passes it to `recordSubmissionInContext`.
 */
export interface SchoolContext extends Pick<SubmissionContext, 'timezone' | 'school' | 'dueDays'> {
  /** Whose context it is: `recordSubmissionInContext` refuses it for another school. */
  districtId: string;
  schoolId: string;
}

/** Loads a school's context; UNAUTHENTICATED when its district or the school is gone. */
export async function loadSchoolContext(principal: SchoolPrincipal): Promise<SchoolContext> {
  const { districtId, schoolId } = principal;
  const [district, school] = await Promise.all([
    readDistrictSettings(districtId),
    readSchoolFlags(districtId, schoolId),
  ]);
  // A token whose school is gone is as good as no token.
  if (!district || !school) throw new AppError('UNAUTHENTICATED');
  return {
    districtId,
    schoolId,
    timezone: district.timezone,
    school,
    dueDays: district.hazardDueDays,
  };
}

/** The submission the request names in `supersedes`, if any and found (read consistently). */
async function loadSuperseded(
  principal: SchoolPrincipal,
  request: SubmissionRequest,
): Promise<SubmissionContext['superseded']> {
  if (!request.supersedes) return undefined;
  const superseded = await readSubmission(principal.districtId, principal.schoolId, request.supersedes);
  return superseded && { formType: superseded.formType, supersededBy: superseded.supersededBy };
}

/** The school's earlier answers when the form's quality check needs them, else none (no read). */
async function loadHistory(
  principal: SchoolPrincipal,
  request: SubmissionRequest,
): Promise<SubmissionContext['history']> {
  return needsHistory(request.formType) ? earlierAnswers(principal, request.formType, request.date) : [];
}

/**
 * How long a warm function reuses a school's context (its district's timezone and due days, its
 * own flags): those change a few times a year, and reading them costs two GetItems per
 * submission. A roster re-import or a district setting takes effect within this time; the
 * token itself is checked by the authorizer on every request, uncached.
 */
export const SCHOOL_CONTEXT_TTL_MS = 60_000;
/** At most this many schools' contexts are kept (the oldest loaded goes first). */
const SCHOOL_CONTEXT_CACHE_SIZE = 2_000;
const schoolContexts = new Map<string, { context: Promise<SchoolContext>; expiresAt: number }>();

/** The school's context from this function's cache, or loaded (a failed load is not kept). */
function cachedSchoolContext(principal: SchoolPrincipal): Promise<SchoolContext> {
  const key = `${principal.districtId}/${principal.schoolId}`;
  const now = Date.now();
  const cached = schoolContexts.get(key);
  if (cached && cached.expiresAt > now) return cached.context;
  schoolContexts.delete(key);
  if (schoolContexts.size >= SCHOOL_CONTEXT_CACHE_SIZE) schoolContexts.delete(schoolContexts.keys().next().value!);
  const context = loadSchoolContext(principal);
  schoolContexts.set(key, { context, expiresAt: now + SCHOOL_CONTEXT_TTL_MS });
  context.catch(() => {
    if (schoolContexts.get(key)?.context === context) schoolContexts.delete(key);
  });
  return context;
}

/** Forgets every cached school context (tests that change a school or its district, then submit). */
export function forgetSchoolContexts(): void {
  schoolContexts.clear();
}

/** The whole context, per request: school context (cached) and superseded submission at once, then the history. */
async function loadContext(principal: SchoolPrincipal, request: SubmissionRequest): Promise<SubmissionContext> {
  const [school, superseded] = await Promise.all([cachedSchoolContext(principal), loadSuperseded(principal, request)]);
  const history = await loadHistory(principal, request);
  return {
    timezone: school.timezone,
    school: school.school,
    dueDays: school.dueDays,
    ...(superseded ? { superseded } : {}),
    history,
  };
}

/** Answers a submission whose id is already taken: the same body is a replay, another is a conflict. */
async function answerExisting(prepared: PreparedSubmission): Promise<RecordOutcome | undefined> {
  const { districtId, schoolId, submissionId } = prepared.submission;
  const existing = await readSubmission(districtId, schoolId, submissionId);
  if (!existing) return undefined;
  if (existing.bodyHash !== prepared.submission.bodyHash)
    throw new AppError('SUBMISSION_CONFLICT', { field: 'submissionId', submissionId });
  return { kind: 'replayed', body: JSON.parse(existing.responseBody) };
}

const MAX_CONFLICT_RETRIES = 4;

/**
 * Records one submission exactly once: the submission and the hazards it raises are written in
 * one transaction, each item conditional on not existing, so retries and concurrent duplicates
 * can never double-count.
 */
export async function recordSubmission(
  input: SubmissionInput,
  principal: SchoolPrincipal,
  now: Date = new Date(),
): Promise<RecordOutcome> {
  const context = await loadContext(principal, input.request);
  return storeSubmission(prepareSubmission(input, principal, context, now));
}

/**
 * Records one submission as `recordSubmission` does (same checks, hazards, quality flags and
 * conditional transaction, so the same stored items), for a trusted in-process caller recording
 * many: the school's context is the caller's, loaded once with `loadSchoolContext`, so a
 * submission costs its transaction alone, plus the read of the submission it corrects or of the
 * history its quality check needs. A change to the district or school after the context was
 * loaded is not seen: the caller keeps it only for one batch. Not for request handlers.
 */
export async function recordSubmissionInContext(
  input: SubmissionInput,
  principal: SchoolPrincipal,
  school: SchoolContext,
  now: Date = new Date(),
): Promise<RecordOutcome> {
  if (school.districtId !== principal.districtId || school.schoolId !== principal.schoolId) {
    throw new Error(
      `The context of school ${school.districtId}/${school.schoolId} was passed for ${principal.districtId}/${principal.schoolId}`,
    );
  }
  const { request } = input;
  const [superseded, history] = await Promise.all([
    loadSuperseded(principal, request),
    loadHistory(principal, request),
  ]);
  const context: SubmissionContext = {
    timezone: school.timezone,
    school: school.school,
    dueDays: school.dueDays,
    ...(superseded ? { superseded } : {}),
    history,
  };
  return storeSubmission(prepareSubmission(input, principal, context, now));
}

/** Writes a prepared submission and its hazards in one conditional transaction; an identical replay is `replayed`. */
async function storeSubmission(prepared: PreparedSubmission): Promise<RecordOutcome> {
  const { supersedes } = prepared.submission;
  return retryOnConflict<RecordOutcome>(
    async () => {
      try {
        await writeSubmission(prepared.submission, prepared.hazards);
        return { kind: 'created', body: JSON.parse(prepared.submission.responseBody) };
      } catch (error) {
        const codes = cancellationCodes(error);
        // Someone (a retry of this very request, most likely) got there first.
        if (codes?.includes('ConditionalCheckFailed')) {
          const existing = await answerExisting(prepared);
          if (existing) return existing;
          // The correction's own update is last: someone corrected that submission meanwhile.
          if (supersedes && codes.at(-1) === 'ConditionalCheckFailed')
            throw new AppError('ALREADY_SUPERSEDED', { field: 'supersedes' });
        }
        throw error;
      }
    },
    {
      // A concurrent transaction on the same items: wait a little and try again.
      attempts: MAX_CONFLICT_RETRIES + 1,
      isConflict: (error) => cancellationCodes(error) !== undefined,
      exhausted: () => new AppError('SERVICE_UNAVAILABLE'),
    },
  );
}
