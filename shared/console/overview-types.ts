import type { DueToday, TallyView } from '../compliance/view-types';

/*
 * What GET /v1/overview returns (overview.ts), in a module that imports only types of modules
 * that import nothing: the web console uses these very types (web/src/console/types.ts).
 */

export interface OverviewSchool extends TallyView {
  schoolId: string;
  name: string;
  belowThreshold: boolean;
  openHazards: number;
  overdueHazards: number;
  awaitingVerification: number;
  /** The date of the school's latest current submission this month; null when none. */
  lastSubmission: string | null;
}

export interface Overview {
  month: string;
  today: string;
  /** Whether the month is the current one (today's missing checks are shown only then). */
  current: boolean;
  threshold: number;
  schoolDays: number;
  district: TallyView;
  /** Every school on the roster this month, worst rate first (nothing expected last). */
  schools: OverviewSchool[];
  byFormType: { formType: string; cadence: string; expected: number; submitted: number; rate: number | null }[];
  /** Today's occasions not in yet, by school (null for a past month). */
  dueToday: DueToday[] | null;
  hazards: {
    /** As GET /v1/hazards?status=open, ?overdue=true, ?status=rectified list them. */
    open: number;
    overdue: number;
    awaitingVerification: number;
    /** Open or awaiting verification, of severity critical. */
    critical: number;
    bySeverity: { severity: string; open: number; awaitingVerification: number }[];
    byCategory: { category: string; open: number; awaitingVerification: number }[];
  };
}
