import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import * as z from 'zod';
import type { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../db/cursor';
import { HazardEntity } from '../db/entities';
import { districtHazardsPartition, schoolHazardsPartition } from '../db/keys';
import { HouqinTable } from '../db/table';
import { AppError } from '../errors';
import { DEFAULT_PAGE_SIZE, MAX_CURSOR_CHARS, MAX_NAME_CHARS, MAX_PAGE_SIZE } from '../http/limits';
import type { Locale } from '../i18n';
import { parseOrThrow } from '../validation';
import { districtToday, HAZARD_STATUSES, type HazardStatus } from './lifecycle';
import { photoViewsById } from '../photos/store';
import { readerNames } from '../directory/names';
import { hazardDetailView, hazardNameIds, hazardPhotoIds, type HazardDetailView } from './views';

type Reader = Extract<Principal, { role: 'school' | 'official' }>;

/** GET /v1/hazards?status=&schoolId=&overdue=&limit=&cursor= */
export const hazardListQuerySchema = z
  .object({
    status: z.enum(HAZARD_STATUSES).optional(),
    schoolId: z.string().min(1).max(MAX_NAME_CHARS).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    cursor: z.string().max(MAX_CURSOR_CHARS).optional(),
  })
  .strict();

export type HazardListQuery = z.output<typeof hazardListQuerySchema>;

/**
 * The index partitions hazards are listed from (shared/db/keys.ts, as the Hazard entity derives
 * them): a school's hazards (gsi1) and a district's hazards of one status (gsi2).
 */
export function hazardPartitions(districtId: string, schoolId: string, status: HazardStatus): { school: string; districtStatus: string } {
  return { school: schoolHazardsPartition(districtId, schoolId), districtStatus: districtHazardsPartition(districtId, status) };
}

type OverdueFilter = 'true' | 'false' | undefined;

/** The filter of a school's list: status, and overdue (open and due before today). */
function schoolFilter(status: HazardStatus | undefined, overdue: OverdueFilter, today: string) {
  const conditions = [
    ...(status ? [{ attr: 'status' as const, eq: status }] : []),
    ...(overdue === 'true' ? [{ attr: 'status' as const, eq: 'open' as const }, { attr: 'dueDate' as const, lt: today }] : []),
    ...(overdue === 'false' ? [{ or: [{ attr: 'status' as const, ne: 'open' as const }, { attr: 'dueDate' as const, gte: today }] }] : []),
  ];
  return conditions.length > 0 ? { filters: { Hazard: { and: conditions } } } : {};
}

/**
 * One school's hazards (gsi1), newest raised first. Status and overdue are filters, so a page
 * may hold fewer than `limit` items: page on while `nextCursor` is not null.
 */
async function schoolPage(districtId: string, schoolId: string, query: HazardListQuery, today: string) {
  const partition = hazardPartitions(districtId, schoolId, 'open').school;
  const { Items = [], LastEvaluatedKey } = await HouqinTable.build(QueryCommand)
    .entities(HazardEntity)
    .query({ index: 'gsi1', partition })
    .options({
      reverse: true,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      maxPages: 1,
      exclusiveStartKey: decodeCursor(query.cursor, 'gsi1', partition),
      ...schoolFilter(query.status, query.overdue, today),
    })
    .send();
  return { items: Items, nextCursor: encodeCursor(LastEvaluatedKey) ?? null };
}

/**
 * A district's hazards (gsi2, one partition per status), by due date, earliest first; with no
 * status, open then rectified then verified. A page is filled across partitions in that order,
 * and the cursor is the last key read, whose partition says which status to go on with. Overdue
 * is a key condition on the open partition (due date before today), so no page is short.
 */
async function districtPage(districtId: string, query: HazardListQuery, today: string) {
  const statuses: readonly HazardStatus[] = query.status ? [query.status] : query.overdue === 'true' ? ['open'] : HAZARD_STATUSES;
  const partitions = statuses.map((status) => hazardPartitions(districtId, '-', status).districtStatus);
  const startKey = decodeCursor(query.cursor, 'gsi2', partitions);
  const first = startKey ? partitions.indexOf(startKey.gsi2pk as string) : 0;

  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const items: Awaited<ReturnType<typeof queryDistrictStatus>>['Items'] = [];
  for (let index = first; index < statuses.length; index += 1) {
    const status = statuses[index] as HazardStatus;
    const range = status === 'open' && query.overdue === 'true' ? { lt: today } : status === 'open' && query.overdue === 'false' ? { gte: today } : undefined;
    const page = await queryDistrictStatus(partitions[index] as string, range, limit - items.length, index === first ? startKey : undefined);
    items.push(...page.Items);
    // DynamoDB returns a LastEvaluatedKey whenever it stopped at the limit, so without one this
    // partition is done and the page still has room: go on with the next status.
    if (page.LastEvaluatedKey) return { items, nextCursor: encodeCursor(page.LastEvaluatedKey) ?? null };
  }
  return { items, nextCursor: null };
}

async function queryDistrictStatus(partition: string, range: { lt: string } | { gte: string } | undefined, limit: number, startKey: Record<string, string> | undefined) {
  const { Items = [], LastEvaluatedKey } = await HouqinTable.build(QueryCommand)
    .entities(HazardEntity)
    .query({ index: 'gsi2', partition, ...(range ? { range } : {}) })
    .options({ limit, maxPages: 1, exclusiveStartKey: startKey })
    .send();
  return { Items, LastEvaluatedKey };
}

/**
 * GET /v1/hazards: the hazards the caller may see, each with its history and overdue flags.
 *
 * - A school: its own (naming another school in `schoolId` is 404), newest raised first.
 * - An official: their district by due date, earliest first (open, then rectified, then
 *   verified when no status is given); `schoolId` narrows to one school, listed as that school
 *   sees it (newest raised first).
 * - `overdue=true`: open and due before today (district time); `overdue=false`: the others.
 */
export async function listHazards(
  principal: Reader,
  rawQuery: Record<string, string | undefined>,
  locale: Locale,
  now: Date = new Date(),
): Promise<{ items: HazardDetailView[]; nextCursor: string | null }> {
  const query = parseOrThrow(hazardListQuerySchema, rawQuery, locale);
  if (principal.role === 'school' && query.schoolId !== undefined && query.schoolId !== principal.schoolId) throw new AppError('NOT_FOUND');
  // Only open hazards are ever overdue.
  if (query.overdue === 'true' && query.status !== undefined && query.status !== 'open') return { items: [], nextCursor: null };

  const today = await districtToday(principal.districtId, now);
  const schoolId = principal.role === 'school' ? principal.schoolId : query.schoolId;
  const page = schoolId ? await schoolPage(principal.districtId, schoolId, query, today) : await districtPage(principal.districtId, query, today);
  const [photos, names] = await Promise.all([
    photoViewsById(principal.districtId, page.items.flatMap(hazardPhotoIds), now),
    readerNames(principal.districtId, hazardNameIds(page.items), locale),
  ]);
  return { items: page.items.map((hazard) => hazardDetailView(hazard, today, photos, names)), nextCursor: page.nextCursor };
}
