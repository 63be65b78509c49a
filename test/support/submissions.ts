import { randomUUID } from 'node:crypto';
import type { SubmissionToStore } from '../../shared/submissions/store';
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
