import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Principal } from '../auth/principal';
import { complianceFor } from '../compliance/compliance';
import { dueTodayMissing } from '../compliance/due-today';
import { complianceView, refuseFutureMonth, type ComplianceQuery } from '../compliance/get-compliance';
import { loadDistrictMonth } from '../compliance/load';
import { HazardEntity } from '../db/entities';
import { districtHazardsPartition } from '../db/keys';
import { HouqinTable } from '../db/table';
import { HAZARD_CATEGORIES, SEVERITIES } from '../forms/types';
import { daysOverdue } from '../hazards/views';
import type { Locale } from '../i18n';
import { monthOf } from '../time';
import type { Overview, OverviewSchool } from './overview-types';

/*
 * GET /v1/overview?month= (functions/get-overview): the officials' console's first screen in one
 * request (issue 18). Every figure comes from the code that serves the other routes, never a
 * second copy of a rule: compliance from `complianceFor`/`complianceView` over the same load as
 * GET /v1/compliance, overdue from `daysOverdue` (shared/hazards/views.ts) as GET /v1/hazards
 * computes it, today's missing checks from the compliance expectations (shared/compliance/due-today.ts).
 */

type Official = Extract<Principal, { role: 'official' }>;

/** What the overview reads of a hazard: its two live statuses only (verified ones are done). */
const HAZARD_ATTRIBUTES = ['hazardId', 'schoolId', 'status', 'severity', 'category', 'dueDate'] as const;

interface LiveHazard {
  hazardId: string;
  schoolId: string;
  status: string;
  severity: string;
  category: string;
  dueDate: string;
}

/** Every open and every rectified hazard of the district (gsi2, both partitions, every page). */
async function liveHazards(districtId: string): Promise<LiveHazard[]> {
  const pages = await Promise.all(
    (['open', 'rectified'] as const).map(async (status) => {
      const { Items = [] } = await HouqinTable.build(QueryCommand)
        .entities(HazardEntity)
        .query({ index: 'gsi2', partition: districtHazardsPartition(districtId, status) })
        .options({ attributes: [...HAZARD_ATTRIBUTES], maxPages: Infinity })
        .send();
      return Items;
    }),
  );
  return pages.flat();
}

export type { Overview, OverviewSchool };

/** Worst first: lowest rate, then nothing expected last; ties by school id. */
function worstFirst(a: OverviewSchool, b: OverviewSchool): number {
  if (a.rate === null || b.rate === null)
    return a.rate === b.rate ? a.schoolId.localeCompare(b.schoolId) : a.rate === null ? 1 : -1;
  return a.rate - b.rate || a.schoolId.localeCompare(b.schoolId);
}

/** GET /v1/overview?month=: the district's month so far, for its officials. */
export async function getOverview(
  principal: Official,
  query: ComplianceQuery,
  locale: Locale,
  now: Date = new Date(),
): Promise<Overview> {
  const [loaded, hazards] = await Promise.all([
    loadDistrictMonth(principal.districtId, query.month, { now }),
    liveHazards(principal.districtId),
  ]);
  refuseFutureMonth(loaded.month, loaded.today);
  const compliance = complianceView(
    complianceFor(loaded.district, loaded.schools, loaded.submissions, loaded.month, undefined, {
      today: loaded.today,
    }),
    'official',
  );
  const current = loaded.month === monthOf(loaded.today);

  const lastSubmission = new Map<string, string>();
  for (const submission of loaded.submissions) {
    if (submission.supersededBy || submission.date.slice(0, 7) !== loaded.month) continue;
    if ((lastSubmission.get(submission.schoolId) ?? '') < submission.date)
      lastSubmission.set(submission.schoolId, submission.date);
  }
  const perSchool = new Map<string, { open: number; overdue: number; rectified: number }>();
  const bySeverity = new Map<string, { open: number; awaitingVerification: number }>(
    SEVERITIES.map((s) => [s, { open: 0, awaitingVerification: 0 }]),
  );
  const byCategory = new Map<string, { open: number; awaitingVerification: number }>(
    HAZARD_CATEGORIES.map((c) => [c, { open: 0, awaitingVerification: 0 }]),
  );
  const totals = { open: 0, overdue: 0, awaitingVerification: 0, critical: 0 };
  for (const hazard of hazards) {
    const school = perSchool.get(hazard.schoolId) ?? { open: 0, overdue: 0, rectified: 0 };
    perSchool.set(hazard.schoolId, school);
    const overdue = daysOverdue(hazard, loaded.today) > 0;
    const key = hazard.status === 'open' ? 'open' : 'awaitingVerification';
    if (hazard.status === 'open') {
      totals.open += 1;
      school.open += 1;
    } else {
      totals.awaitingVerification += 1;
      school.rectified += 1;
    }
    if (overdue) {
      totals.overdue += 1;
      school.overdue += 1;
    }
    if (hazard.severity === 'critical') totals.critical += 1;
    const severity = bySeverity.get(hazard.severity) ?? { open: 0, awaitingVerification: 0 };
    severity[key] += 1;
    bySeverity.set(hazard.severity, severity);
    const category = byCategory.get(hazard.category) ?? { open: 0, awaitingVerification: 0 };
    category[key] += 1;
    byCategory.set(hazard.category, category);
  }

  const below = new Set(compliance.belowThreshold.map((school) => school.schoolId));
  const schools = compliance.schools
    .map((school): OverviewSchool => {
      const counts = perSchool.get(school.schoolId) ?? { open: 0, overdue: 0, rectified: 0 };
      return {
        schoolId: school.schoolId,
        name: school.name,
        expected: school.expected,
        submitted: school.submitted,
        rate: school.rate,
        belowThreshold: below.has(school.schoolId),
        openHazards: counts.open,
        overdueHazards: counts.overdue,
        awaitingVerification: counts.rectified,
        lastSubmission: lastSubmission.get(school.schoolId) ?? null,
      };
    })
    .sort(worstFirst);

  return {
    month: loaded.month,
    today: loaded.today,
    current,
    threshold: compliance.threshold,
    schoolDays: compliance.schoolDays,
    district: compliance.district,
    schools,
    byFormType: compliance.byFormType,
    dueToday: current
      ? dueTodayMissing(loaded.district.calendar, loaded.schools, loaded.submissions, loaded.today)
      : null,
    hazards: {
      ...totals,
      bySeverity: [...bySeverity.entries()].map(([severity, counts]) => ({ severity, ...counts })),
      byCategory: [...byCategory.entries()].map(([category, counts]) => ({ category, ...counts })),
    },
  };
}
