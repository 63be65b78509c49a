import { createHash } from 'node:crypto';
import { DEFAULT_DUE_DAYS } from '../directory/district-settings';
import type { RaisedHazard, Severity } from '../forms/types';
import { addDays } from '../time';

/** A hazard as stored when it is first raised. */
export interface NewHazard extends RaisedHazard {
  districtId: string;
  hazardId: string;
  schoolId: string;
  submissionId: string;
  formType: string;
  status: 'open';
  foundOn: string;
  dueDate: string;
  raisedAt: string;
  history: { action: 'raised'; status: 'open'; at: string; by: string }[];
}

/**
 * A hazard's id is derived from what raised it (school, submission, rule), so a retried
 * submission can never raise the same hazard twice.
 */
export function hazardIdFor(districtId: string, schoolId: string, submissionId: string, ruleId: string): string {
  return (
    'hz_' +
    createHash('sha256').update(`${districtId}\n${schoolId}\n${submissionId}\n${ruleId}`).digest('hex').slice(0, 24)
  );
}

/** Turns the hazards a form's rules raised into hazards to store, open, with due dates. */
export function toNewHazards(
  raised: readonly RaisedHazard[],
  source: {
    districtId: string;
    schoolId: string;
    submissionId: string;
    formType: string;
    date: string;
    receivedAt: string;
    submittedBy: string;
  },
  dueDays: Record<Severity, number> = DEFAULT_DUE_DAYS,
): NewHazard[] {
  return raised.map((hazard) => ({
    ...hazard,
    districtId: source.districtId,
    hazardId: hazardIdFor(source.districtId, source.schoolId, source.submissionId, hazard.ruleId),
    schoolId: source.schoolId,
    submissionId: source.submissionId,
    formType: source.formType,
    status: 'open',
    foundOn: source.date,
    dueDate: addDays(source.date, dueDays[hazard.severity]),
    raisedAt: source.receivedAt,
    history: [{ action: 'raised', status: 'open', at: source.receivedAt, by: source.submittedBy }],
  }));
}
