import type { Text } from '../engine/types';
import type { ApiPhoto } from './common';

/*
 * What the console reads from the API. The overview's types are the server's own (`import type`:
 * erased by esbuild, nothing of the server is bundled); the others mirror the server's views.
 */

export type { Overview, OverviewSchool } from '../../../shared/console/overview-types';
export type { TallyView as Tally } from '../../../shared/compliance/view-types';
/** An item of GET /v1/reports. */
export type { ReportListItem as ReportItem } from '../../../shared/reports/pipeline/list-types';

export interface HazardHistoryEntry {
  action: string;
  status: string;
  at: string;
  by: string;
  note: string | null;
  photoIds: string[];
}

/** An item of GET /v1/hazards, and GET /v1/hazards/{id}'s `hazard`. */
export interface Hazard {
  hazardId: string;
  schoolId: string;
  schoolName?: string | null;
  submissionId: string;
  formType: string;
  severity: string;
  category: string;
  title: Text;
  place: string | null;
  description: string | null;
  status: 'open' | 'rectified' | 'verified';
  foundOn: string;
  dueDate: string;
  raisedAt: string;
  overdue: boolean;
  daysOverdue: number;
  history: HazardHistoryEntry[];
  photos: ApiPhoto[];
}

/** An item of GET /v1/submissions. */
export interface SubmissionItem {
  submissionId: string;
  schoolId: string;
  schoolName?: string | null;
  formType: string;
  formVersion: number;
  date: string;
  receivedAt: string;
  hazardCount: number;
  note: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  headline: { figureId: string; label: Text; unit: Text | null; value: number }[];
  flags: string[];
  photoCount: number;
}

/** GET /v1/submissions/{id} */
export interface SubmissionDetail {
  submission: SubmissionItem & {
    answers: Record<string, unknown>;
    submittedBy: string;
    qualityFlags: { code: string; field: string | null; message: Text }[];
  };
  corrections: { submissionId: string; date: string; receivedAt: string; current: boolean }[];
  hazards: { hazardId: string; title: Text; status: string; severity: string; dueDate: string }[];
  photos: ApiPhoto[];
}
