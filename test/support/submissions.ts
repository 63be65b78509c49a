import { randomUUID } from 'node:crypto';
import type { Principal } from '../../shared/auth/principal';
import { recordSubmission } from '../../shared/submissions/record-submission';
import type { SubmissionToStore } from '../../shared/submissions/store';
import { submissionInput } from '../../shared/submissions/submission-request';
import { localDate } from '../../shared/time';
import { validAnswers } from '../unit/forms/examples';

/** The body of POST /v1/submissions for a valid hazard report of today (Asia/Shanghai). */
export function todaysHazardReport(submissionId: string = randomUUID()) {
  return {
    submissionId,
    formType: 'hazard-report',
    date: localDate('Asia/Shanghai'),
    answers: validAnswers['hazard-report'],
  };
}

/**
 * A stored submission of `formType` for `date`, with nothing in its answers, body hash or response
 * that a test of lists and counts reads: override what the test is about.
 */
export function submissionToStore(
  districtId: string,
  schoolId: string,
  formType: string,
  date: string,
  overrides: Partial<SubmissionToStore> = {},
): SubmissionToStore {
  return {
    districtId,
    schoolId,
    submissionId: randomUUID(),
    formType,
    formVersion: 1,
    date,
    month: date.slice(0, 7),
    answers: {},
    submittedBy: `tok_${schoolId}`,
    receivedAt: `${date}T03:00:00.000Z`,
    bodyHash: 'f'.repeat(64),
    hazardIds: [],
    responseBody: '{}',
    ...overrides,
  };
}

/**
 * Records a `formType` submission of `school` for `date` through the domain core, as POST
 * /v1/submissions does: the form's valid example answers with `answers` over them, a new id
 * unless `submissionId` is given, received `now`. Returns its id and the core's outcome.
 */
export async function recordExample(
  school: Principal,
  formType: keyof typeof validAnswers,
  date: string,
  options: { answers?: Record<string, unknown>; submissionId?: string; now?: Date } = {},
) {
  const submissionId = options.submissionId ?? randomUUID();
  const answers = { ...validAnswers[formType], ...options.answers };
  const outcome = await recordSubmission(
    submissionInput({ submissionId, formType, date, answers }),
    school as Extract<Principal, { role: 'school' }>,
    options.now,
  );
  return { submissionId, outcome };
}
