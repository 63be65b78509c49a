import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import * as z from 'zod';
import type { Principal } from '../../auth/principal';
import { decodeCursor, encodeCursor } from '../../db/cursor';
import { districtReportsPartition, ReportEntity } from '../../db/entities';
import { HouqinTable } from '../../db/table';
import { MAX_CURSOR_CHARS } from '../../http/limits';
import { isMonth } from '../../time';
import { reportMail, type ReportMailRecord } from './outbox';
import type { ReportListItem as ListItem, ReportListState } from './list-types';
import { sendStateView } from './views';

/*
 * GET /v1/reports (functions/list-reports): the months of the official's district that have a
 * report, newest first, each with its headline figures and the state of its mail. The district
 * comes from the token: another district's reports are never read.
 */

type Official = Extract<Principal, { role: 'official' }>;

/** At most this many months in one page (two years). */
export const MAX_REPORTS_PER_PAGE = 24;

export const reportListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_REPORTS_PER_PAGE).optional(),
    cursor: z.string().max(MAX_CURSOR_CHARS).optional(),
  })
  .strict();

export type { ReportListState };
export type ReportListItem = ListItem<ReportMailRecord['status']>;

/** The list state of a month from its mail (sendStateView's latest delivery). */
export function reportListState(mail: readonly ReportMailRecord[]): ReportListState {
  const view = sendStateView(mail);
  const latest = view.deliveries.at(-1);
  if (!latest) return 'produced';
  if (latest.state === 'in-progress') return 'sending';
  if (latest.recipients.some((recipient) => recipient.status === 'bounced')) return 'bounced';
  return latest.state;
}

/** GET /v1/reports?limit=&cursor=: the district's reports, newest month first. */
export async function listReports(
  principal: Official,
  query: z.infer<typeof reportListQuerySchema>,
): Promise<{ items: ReportListItem[]; nextCursor: string | null }> {
  const partition = districtReportsPartition(principal.districtId);
  const { Items = [], LastEvaluatedKey } = await HouqinTable.build(QueryCommand)
    .entities(ReportEntity)
    .query({ index: 'gsi1', partition })
    .options({
      reverse: true,
      limit: query.limit ?? 12,
      maxPages: 1,
      exclusiveStartKey: decodeCursor(query.cursor, 'gsi1', partition),
    })
    .send();
  // The district's year-end summaries share the index (keyed by period, 2026 or 2025-26): they have their own routes.
  const months = Items.filter((report) => isMonth(report.month));
  // One Query per month for its mail (the report's own partition), all at once.
  const mail = await Promise.all(months.map((report) => reportMail(report.districtId, report.month)));
  const items = months.map((report, index): ReportListItem => {
    const records = mail[index] ?? [];
    const latestNumber = Math.max(0, ...records.map((record) => record.delivery));
    const latest = records.filter((record) => record.delivery === latestNumber);
    const recipients: Partial<Record<ReportMailRecord['status'], number>> = {};
    for (const record of latest) recipients[record.status] = (recipients[record.status] ?? 0) + 1;
    return {
      month: report.month,
      producedAt: report.producedAt,
      revision: report.revision,
      state: reportListState(records),
      latestDelivery: latest[0] ? { delivery: latestNumber, createdAt: latest[0].createdAt, recipients } : null,
      summary: {
        schoolsRegistered: report.summary.schoolsRegistered,
        schoolsReporting: report.summary.schoolsReporting,
        complianceRate: report.summary.complianceRate ?? null,
        hazardsFound: report.summary.hazardsFound,
        hazardsOpenAtMonthEnd: report.summary.hazardsOpenAtMonthEnd,
        hazardsOverdueAtMonthEnd: report.summary.hazardsOverdueAtMonthEnd,
        criticalHazards: report.summary.criticalHazards,
      },
      href: `/v1/reports/${report.month}`,
      workbook: { bytes: report.workbookBytes, href: `/v1/reports/${report.month}/workbook` },
    };
  });
  return { items, nextCursor: encodeCursor(LastEvaluatedKey) ?? null };
}
