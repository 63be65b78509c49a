import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import * as z from 'zod';
import type { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../db/cursor';
import { HazardEntity } from '../db/entities';
import {
  districtHazardsByCategoryPartition,
  districtHazardsBySchoolPartition,
  districtHazardsBySeverityPartition,
  districtHazardsPartition,
  schoolHazardsPartition,
} from '../db/keys';
import { HAZARD_CATEGORIES, SEVERITIES } from '../forms/types';
import { HouqinTable } from '../db/table';
import { AppError } from '../errors';
import { DEFAULT_PAGE_SIZE, MAX_CURSOR_CHARS, MAX_NAME_CHARS, MAX_PAGE_SIZE } from '../http/limits';
import type { Locale } from '../i18n';
import { districtToday, HAZARD_STATUSES, type HazardStatus } from './lifecycle';
import { photoViewsById } from '../photos/views';
import { readerNames } from '../directory/names';
import { canonicalId } from '../ids';
import { hazardDetailView, hazardNameIds, hazardPhotoIds, type HazardDetailView } from './views';

type Reader = Extract<Principal, { role: 'school' | 'official' }>;

/** GET /v1/hazards?status=&schoolId=&overdue=&severity=&category=&limit=&cursor= */
export const hazardListQuerySchema = z
  .object({
    status: z.enum(HAZARD_STATUSES).optional(),
    schoolId: z.string().min(1).max(MAX_NAME_CHARS).overwrite(canonicalId).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    severity: z.enum(SEVERITIES).optional(),
    category: z.enum(HAZARD_CATEGORIES).optional(),
    cursor: z.string().max(MAX_CURSOR_CHARS).optional(),
  })
  .strict();

export type HazardListQuery = z.output<typeof hazardListQuerySchema>;

/**
 * The index partitions hazards are listed from (shared/db/keys.ts, as the Hazard entity derives
 * them): a school's hazards (gsi1) and a district's hazards of one status (gsi2).
 */
export function hazardPartitions(
  districtId: string,
  schoolId: string,
  status: HazardStatus,
): { school: string; districtStatus: string } {
  return {
    school: schoolHazardsPartition(districtId, schoolId),
    districtStatus: districtHazardsPartition(districtId, status),
  };
}

/** The filter of a school's list: status, severity, category, and overdue (open and due before today). */
function schoolFilter(query: HazardListQuery, today: string) {
  const { status, overdue } = query;
  const conditions = [
    ...(status ? [{ attr: 'status' as const, eq: status }] : []),
    ...(overdue === 'true'
      ? [
          { attr: 'status' as const, eq: 'open' as const },
          { attr: 'dueDate' as const, lt: today },
        ]
      : []),
    ...(query.severity ? [{ attr: 'severity' as const, eq: query.severity }] : []),
    ...(query.category ? [{ attr: 'category' as const, eq: query.category }] : []),
    ...(overdue === 'false'
      ? [
          {
            or: [
              { attr: 'status' as const, ne: 'open' as const },
              { attr: 'dueDate' as const, gte: today },
            ],
          },
        ]
      : []),
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
      ...schoolFilter(query, today),
    })
    .send();
  return { items: Items, nextCursor: encodeCursor(LastEvaluatedKey) ?? null };
}

/**
 * Where a district's list is read from: gsi2 (a partition per status), or, narrowed to one school,
 * severity or category, gsi4, gsi5 or gsi6 (a partition per status and that value). All are
 * sorted by due date, so overdue is a key condition too. When several are named, the first of
 * school, category, severity is the key and the others are filters (the console names one).
 */
function districtIndex(
  districtId: string,
  query: HazardListQuery,
): { index: 'gsi2' | 'gsi4' | 'gsi5' | 'gsi6'; partition: (status: HazardStatus) => string; filters: object } {
  const rest = (...names: ('severity' | 'category')[]) => {
    const conditions = names.flatMap((name) => (query[name] ? [{ attr: name, eq: query[name] as string }] : []));
    return conditions.length > 0 ? { filters: { Hazard: { and: conditions } } } : {};
  };
  if (query.schoolId) {
    const schoolId = query.schoolId;
    return {
      index: 'gsi4',
      partition: (status) => districtHazardsBySchoolPartition(districtId, status, schoolId),
      filters: rest('category', 'severity'),
    };
  }
  if (query.category) {
    const category = query.category;
    return {
      index: 'gsi6',
      partition: (status) => districtHazardsByCategoryPartition(districtId, status, category),
      filters: rest('severity'),
    };
  }
  if (query.severity) {
    const severity = query.severity;
    return {
      index: 'gsi5',
      partition: (status) => districtHazardsBySeverityPartition(districtId, status, severity),
      filters: {},
    };
  }
  return {
    index: 'gsi2',
    partition: (status) => districtHazardsPartition(districtId, status),
    filters: {},
  };
}

/**
 * A district's hazards (see districtIndex: one partition per status), by due date, earliest
 * first; with no status, open then rectified then verified. A page is filled across partitions
 * in that order, and the cursor is the last key read, whose partition says which status to go on
 * with. Overdue is a key condition on the open partition (due date before today), so with a
 * status (or overdue) and at most one of school, severity and category no page is short and the
 * first page is one request.
 */
async function districtPage(districtId: string, query: HazardListQuery, today: string) {
  const statuses: readonly HazardStatus[] = query.status
    ? [query.status]
    : query.overdue === 'true'
      ? ['open']
      : HAZARD_STATUSES;
  const { index, partition, filters } = districtIndex(districtId, query);
  const partitions = statuses.map(partition);
  const startKey = decodeCursor(query.cursor, index, partitions);
  const first = startKey ? partitions.indexOf(startKey[`${index}pk`] as string) : 0;

  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const items: Awaited<ReturnType<typeof queryDistrictStatus>>['Items'] = [];
  for (let position = first; position < statuses.length; position += 1) {
    const status = statuses[position] as HazardStatus;
    const range =
      status === 'open' && query.overdue === 'true'
        ? { lt: today }
        : status === 'open' && query.overdue === 'false'
          ? { gte: today }
          : undefined;
    const page = await queryDistrictStatus(
      index,
      partitions[position] as string,
      range,
      limit - items.length,
      position === first ? startKey : undefined,
      filters,
    );
    items.push(...page.Items);
    // DynamoDB returns a LastEvaluatedKey whenever it stopped at the limit, so without one this
    // partition is done and the page still has room: go on with the next status.
    if (page.LastEvaluatedKey) return { items, nextCursor: encodeCursor(page.LastEvaluatedKey) ?? null };
  }
  return { items, nextCursor: null };
}

async function queryDistrictStatus(
  index: 'gsi2' | 'gsi4' | 'gsi5' | 'gsi6',
  partition: string,
  range: { lt: string } | { gte: string } | undefined,
  limit: number,
  startKey: Record<string, string> | undefined,
  filters: object,
) {
  const { Items = [], LastEvaluatedKey } = await HouqinTable.build(QueryCommand)
    .entities(HazardEntity)
    .query({ index, partition, ...(range ? { range } : {}) })
    .options({ limit, maxPages: 1, exclusiveStartKey: startKey, ...filters })
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
  query: HazardListQuery,
  locale: Locale,
  now: Date = new Date(),
): Promise<{ items: HazardDetailView[]; nextCursor: string | null }> {
  if (principal.role === 'school' && query.schoolId !== undefined && query.schoolId !== principal.schoolId)
    throw new AppError('NOT_FOUND');
  // Only open hazards are ever overdue.
  if (query.overdue === 'true' && query.status !== undefined && query.status !== 'open')
    return { items: [], nextCursor: null };

  const today = await districtToday(principal.districtId, now);
  const schoolId = principal.role === 'school' ? principal.schoolId : query.schoolId;
  // An official's list of one school by status or overdue is read like the district's (gsi4, by
  // due date); a school's own list, and an official's of one school with neither, newest first.
  const byDueDate = principal.role === 'official' && (query.status !== undefined || query.overdue === 'true');
  const page =
    schoolId && !byDueDate
      ? await schoolPage(principal.districtId, schoolId, query, today)
      : await districtPage(principal.districtId, { ...query, ...(schoolId ? { schoolId } : {}) }, today);
  const [photos, names] = await Promise.all([
    photoViewsById(principal.districtId, page.items.flatMap(hazardPhotoIds), now),
    readerNames(principal.districtId, hazardNameIds(page.items), locale),
  ]);
  return {
    items: page.items.map((hazard) => hazardDetailView(hazard, today, photos, names)),
    nextCursor: page.nextCursor,
  };
}
