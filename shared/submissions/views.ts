import type { Text } from '../i18n';

/*
 * What leaves the system about submissions and hazards: explicit whitelists, so no key,
 * hash or internal field is ever serialized by accident.
 */

export interface HazardSource {
  hazardId: string;
  schoolId: string;
  submissionId: string;
  formType: string;
  ruleId: string;
  severity: string;
  category: string;
  title: Text;
  place?: string;
  description?: string;
  status: string;
  foundOn: string;
  dueDate: string;
  raisedAt: string;
}

export function hazardView(hazard: HazardSource) {
  return {
    hazardId: hazard.hazardId,
    schoolId: hazard.schoolId,
    submissionId: hazard.submissionId,
    formType: hazard.formType,
    ruleId: hazard.ruleId,
    severity: hazard.severity,
    category: hazard.category,
    title: { zh: hazard.title.zh, en: hazard.title.en },
    place: hazard.place ?? null,
    description: hazard.description ?? null,
    status: hazard.status,
    foundOn: hazard.foundOn,
    dueDate: hazard.dueDate,
    raisedAt: hazard.raisedAt,
  };
}

export interface SubmissionSource {
  submissionId: string;
  schoolId: string;
  formType: string;
  formVersion: number;
  date: string;
  answers?: unknown;
  note?: string;
  receivedAt: string;
  submittedBy: string;
  hazardIds: string[];
  supersedes?: string;
  supersededBy?: string;
  qualityFlags?: { code: string; field?: string; message: Text; details?: unknown }[];
}

/** One submission in a list: no answers. */
export function submissionSummaryView(submission: SubmissionSource) {
  return {
    submissionId: submission.submissionId,
    schoolId: submission.schoolId,
    formType: submission.formType,
    formVersion: submission.formVersion,
    date: submission.date,
    receivedAt: submission.receivedAt,
    hazardCount: submission.hazardIds.length,
    note: submission.note ?? null,
    /** The earlier submission this one corrects, and the later one that corrected it. */
    supersedes: submission.supersedes ?? null,
    supersededBy: submission.supersededBy ?? null,
  };
}

/** One submission in full. */
export function submissionView(submission: SubmissionSource) {
  return {
    ...submissionSummaryView(submission),
    answers: submission.answers ?? {},
    submittedBy: submission.submittedBy,
    qualityFlags: (submission.qualityFlags ?? []).map((flag) => ({
      code: flag.code,
      field: flag.field ?? null,
      message: { zh: flag.message.zh, en: flag.message.en },
      details: flag.details ?? null,
    })),
  };
}
