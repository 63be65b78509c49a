import { bySubmission, groupBy } from './figures';
import { compareText } from './comparison';
import type { ReportSubmission } from './input';
import { ONE_PER_SCHOOL_FORMS } from './sections';
import type { OutsideRosterReason, SubmissionCounts } from './types';

/* A month of submissions sorted out: current, counted, left outside the roster, repeated statements (rollup.ts's header comment). */

/** One month's submissions, sorted out. */
export interface MonthSubmissions {
  counts: SubmissionCounts;
  /** Current submissions of roster schools, every one (before the once-a-month rule). */
  current: ReportSubmission[];
  /** What the figures count: `current` with only the latest of each once-a-month statement. */
  counted: ReportSubmission[];
  /** Current submissions left out (see `Exclusion`), per school. */
  outsideRoster: Map<
    string,
    { reason: OutsideRosterReason; archivedOn: string | null; count: number; formTypes: Set<string> }
  >;
  /** Once-a-month statements a school sent more than once: the counted one, and how many. */
  repeats: { counted: ReportSubmission; count: number }[];
}

function latestFirst(a: ReportSubmission, b: ReportSubmission): number {
  return (
    compareText(b.date, a.date) ||
    compareText(b.receivedAt, a.receivedAt) ||
    compareText(b.submissionId, a.submissionId)
  );
}

/** Why a current submission is left out of the figures; null when it counts. */
export type Exclusion = (
  submission: ReportSubmission,
) => { reason: OutsideRosterReason; archivedOn: string | null } | null;

export function sortOutMonth(
  submissions: readonly ReportSubmission[],
  month: string,
  excluded: Exclusion,
): MonthSubmissions {
  const stored = submissions.filter((s) => s.date.slice(0, 7) === month);
  const currentAll = stored.filter((s) => !s.supersededBy);
  const current: ReportSubmission[] = [];
  const outsideRoster: MonthSubmissions['outsideRoster'] = new Map();
  for (const s of currentAll) {
    const why = excluded(s);
    if (!why) {
      current.push(s);
      continue;
    }
    let entry = outsideRoster.get(s.schoolId);
    if (!entry) {
      entry = { ...why, count: 0, formTypes: new Set() };
      outsideRoster.set(s.schoolId, entry);
    }
    entry.count += 1;
    entry.formTypes.add(s.formType);
  }
  current.sort(bySubmission);

  const repeats: MonthSubmissions['repeats'] = [];
  const counted: ReportSubmission[] = [];
  for (const group of groupBy(current, (s) => `${s.schoolId}\u0000${s.formType}`).values()) {
    if (!ONE_PER_SCHOOL_FORMS.has(group[0]!.formType) || group.length === 1) {
      counted.push(...group);
      continue;
    }
    const latest = [...group].sort(latestFirst)[0]!;
    counted.push(latest);
    repeats.push({ counted: latest, count: group.length });
  }
  counted.sort(bySubmission);
  return {
    counts: {
      stored: stored.length,
      current: currentAll.length,
      superseded: stored.length - currentAll.length,
      outsideRoster: currentAll.length - current.length,
    },
    current,
    counted,
    outsideRoster,
    repeats,
  };
}
