import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { Principal } from '../auth/principal';
import { hashOf } from '../canonical-json';
import { DistrictEntity, HazardEntity, SchoolEntity, SubmissionEntity } from '../db/entities';
import { AppError } from '../errors';
import { fieldLabels, findForm, formAppliesTo, hazardsRaisedBy } from '../forms/catalogue';
import type { SchoolFlags } from '../forms/types';
import { toNewHazards, type NewHazard } from '../hazards/raise-hazards';
import type { Locale } from '../i18n';
import { localDate, minusOneYear, monthOf } from '../time';
import { parseOrThrow } from '../validation';
import { submissionRequestSchema } from './submission-request';
import { hazardView, submissionView } from './views';

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

/** The school and district facts a submission is checked against. */
export interface SchoolContext {
  timezone: string;
  school: SchoolFlags;
}

/** A submission ready to store: the item, the hazards it raises and the 201 body. */
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
    submittedBy: string;
    receivedAt: string;
    bodyHash: string;
    hazardIds: string[];
    responseBody: string;
  };
  hazards: NewHazard[];
}

/**
 * Checks a submission and works out everything it writes, without I/O: envelope, form and version,
 * applies-to, date window (not in the future, not more than a year back, school-local), answers,
 * hazards. Every refusal is an AppError naming its reason in the caller's locale.
 */
export function prepareSubmission(body: unknown, principal: SchoolPrincipal, context: SchoolContext, locale: Locale, now: Date): PreparedSubmission {
  const request = parseOrThrow(submissionRequestSchema, body, locale);
  const form = findForm(request.formType, request.formVersion);
  if (!form) {
    const known = findForm(request.formType);
    throw new AppError(known ? 'UNKNOWN_FORM_VERSION' : 'UNKNOWN_FORM_TYPE', {
      field: known ? 'formVersion' : 'formType',
      value: known ? request.formVersion : request.formType.slice(0, 64),
    });
  }
  if (!formAppliesTo(form, context.school)) throw new AppError('FORM_NOT_APPLICABLE', { field: 'formType', appliesTo: form.appliesTo });

  const today = localDate(context.timezone, now);
  if (request.date > today) throw new AppError('DATE_IN_FUTURE', { field: 'date', today });
  if (request.date < minusOneYear(today)) throw new AppError('DATE_TOO_OLD', { field: 'date', earliest: minusOneYear(today) });

  const answers = parseOrThrow(form.answers, request.answers, locale, fieldLabels(form), 'answers') as Record<string, unknown>;
  const raised = hazardsRaisedBy(form, answers);

  const receivedAt = now.toISOString();
  const source = { districtId: principal.districtId, schoolId: principal.schoolId, submissionId: request.submissionId, formType: form.id, date: request.date, receivedAt, submittedBy: principal.tokenId };
  const hazards = toNewHazards(raised, source);
  const submission = {
    ...source,
    formVersion: form.version,
    month: monthOf(request.date),
    answers,
    ...(request.note ? { note: request.note } : {}),
    // The body as the client sent it (before defaults and trimming): an identical replay hashes the same.
    bodyHash: hashOf(body),
    hazardIds: hazards.map((h) => h.hazardId),
  };
  const responseBody = JSON.stringify({ submission: submissionView(submission), hazards: hazards.map(hazardView) });
  return { submission: { ...submission, responseBody }, hazards };
}

/** The outcome of recording: created now (201) or an identical replay of an earlier one (200). */
export interface RecordOutcome {
  status: 201 | 200;
  body: unknown;
}

async function loadSchoolContext(principal: SchoolPrincipal): Promise<SchoolContext> {
  const [district, school] = await Promise.all([
    DistrictEntity.build(GetItemCommand).key({ districtId: principal.districtId }).send(),
    SchoolEntity.build(GetItemCommand).key({ districtId: principal.districtId, schoolId: principal.schoolId }).send(),
  ]);
  // A token whose school is gone is as good as no token.
  if (!district.Item || !school.Item) throw new AppError('UNAUTHENTICATED');
  return { timezone: district.Item.timezone, school: school.Item };
}

function cancellationCodes(error: unknown): string[] | undefined {
  if (!error || typeof error !== 'object' || (error as { name?: string }).name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

/** Answers a submission whose id is already taken: the same body is a replay, another is a conflict. */
async function answerExisting(prepared: PreparedSubmission): Promise<RecordOutcome | undefined> {
  const { districtId, schoolId, submissionId } = prepared.submission;
  const { Item } = await SubmissionEntity.build(GetItemCommand).key({ districtId, schoolId, submissionId }).options({ consistent: true }).send();
  if (!Item) return undefined;
  if (Item.bodyHash !== prepared.submission.bodyHash) throw new AppError('SUBMISSION_CONFLICT', { field: 'submissionId', submissionId });
  return { status: 200, body: JSON.parse(Item.responseBody) };
}

const MAX_CONFLICT_RETRIES = 4;

/**
 * Records one submission exactly once: the submission and the hazards it raises are written in
 * one transaction, each item conditional on not existing, so retries and concurrent duplicates
 * can never double-count.
 */
export async function recordSubmission(body: unknown, principal: SchoolPrincipal, locale: Locale, now: Date = new Date()): Promise<RecordOutcome> {
  const context = await loadSchoolContext(principal);
  const prepared = prepareSubmission(body, principal, context, locale, now);
  const transactions = [
    SubmissionEntity.build(PutTransaction).item(prepared.submission).options({ condition: { attr: 'submissionId', exists: false } }),
    ...prepared.hazards.map((hazard) => HazardEntity.build(PutTransaction).item(hazard).options({ condition: { attr: 'hazardId', exists: false } })),
  ];
  for (let attempt = 0; ; attempt += 1) {
    try {
      await execute(...transactions);
      return { status: 201, body: JSON.parse(prepared.submission.responseBody) };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      // Someone (a retry of this very request, most likely) got there first.
      if (codes.includes('ConditionalCheckFailed')) {
        const existing = await answerExisting(prepared);
        if (existing) return existing;
      }
      // A concurrent transaction on the same items: wait a little and try again.
      if (attempt >= MAX_CONFLICT_RETRIES) throw new AppError('SERVICE_UNAVAILABLE');
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt + Math.random() * 20));
    }
  }
}
