import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import * as z from 'zod';
import type { Principal } from '../auth/principal';
import { HazardEntity, SubmissionEntity } from '../db/entities';
import {
  districtMonthFormPartition,
  districtMonthPartition,
  schoolMonthPartition,
  submissionIdPartition,
} from '../db/keys';
import { HouqinTable } from '../db/table';
import { AppError } from '../errors';
import { DEFAULT_LOCALE, type Locale } from '../i18n';
import { DEFAULT_PAGE_SIZE, MAX_CURSOR_CHARS, MAX_NAME_CHARS, MAX_PAGE_SIZE } from '../http/limits';
import { isMonth, localDate, monthOf } from '../time';
import { photoViewsOf } from '../photos/views';
import { SUBMISSION_ID_PATTERN } from './submission-request';
import { hazardView, submissionSummaryView, submissionView } from './views';
import { decodeCursor, encodeCursor } from '../db/cursor';
import { districtTimezone } from '../directory/district-settings';
import { readerNames, schoolNames } from '../directory/names';
import { canonicalId } from '../ids';

type Reader = Extract<Principal, { role: 'school' | 'official' }>;

export const listQuerySchema = z
  .object({
    month: z
      .string()
      .refine(isMonth, { params: { text: { zh: '应为月份，格式 YYYY-MM', en: 'Expected a month written YYYY-MM' } } })
      .optional(),
    formType: z.string().min(1).max(MAX_NAME_CHARS).optional(),
    schoolId: z.string().min(1).max(MAX_NAME_CHARS).overwrite(canonicalId).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    cursor: z.string().max(MAX_CURSOR_CHARS).optional(),
  })
  .strict();

/** GET /v1/submissions's query as its core takes it (parsed by the route's apiHandler). */
export type SubmissionListQuery = z.output<typeof listQuerySchema>;

/**
 * GET /v1/submissions/{id}'s query: `schoolId` (an official's choice between schools that used the
 * same id), bounded before it reaches a key condition (a longer key than DynamoDB takes was a
 * 500); other keys are ignored.
 */
export const getQuerySchema = z.object({
  schoolId: z.string().min(1).max(MAX_NAME_CHARS).overwrite(canonicalId).optional(),
});

/** GET /v1/submissions/{id}'s query as its core takes it. */
export type SubmissionGetQuery = z.output<typeof getQuerySchema>;

/**
 * A month of submissions the caller may see: a school its own (its partition of gsi1), an
 * official their district's (gsi2, narrowed to one school by `schoolId`); of one form type, from
 * gsi4. Paginated; each item carries what a list shows (views.ts submissionSummaryView).
 */
export async function listSubmissions(principal: Reader, query: SubmissionListQuery) {
  if (principal.role === 'school' && query.schoolId !== undefined && query.schoolId !== principal.schoolId)
    throw new AppError('NOT_FOUND');
  const month = query.month ?? monthOf(localDate(await districtTimezone(principal.districtId)));
  // Every filter is a key condition, so a page is never short of matches: a form type is its own
  // partition of gsi4 (narrowed to one school by the sort key's prefix), a school's month is gsi1,
  // a district's month gsi2 (narrowed to one school the same way).
  const schoolId = principal.role === 'school' ? principal.schoolId : query.schoolId;
  const index = query.formType ? 'gsi4' : principal.role === 'school' ? 'gsi1' : 'gsi2';
  const partition = query.formType
    ? districtMonthFormPartition(principal.districtId, month, query.formType)
    : principal.role === 'school'
      ? schoolMonthPartition(principal.districtId, principal.schoolId, month)
      : districtMonthPartition(principal.districtId, month);
  const range = schoolId && index !== 'gsi1' ? { beginsWith: `${schoolId}#` } : undefined;

  const { Items = [], LastEvaluatedKey } = await HouqinTable.build(QueryCommand)
    .entities(SubmissionEntity)
    .query({ index, partition, ...(range ? { range } : {}) })
    .options({
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      maxPages: 1,
      exclusiveStartKey: decodeCursor(query.cursor, index, partition),
    })
    .send();
  const names = await schoolNames(
    principal.districtId,
    Items.map((item) => item.schoolId),
  );
  return {
    month,
    items: Items.map((item) => ({ ...submissionSummaryView(item), schoolName: names.get(item.schoolId) ?? null })),
    nextCursor: encodeCursor(LastEvaluatedKey) ?? null,
  };
}

/**
 * One submission with its hazards, if the caller may see it; otherwise NOT_FOUND (never a
 * different answer for "exists but not yours", so ids do not leak).
 */
export async function getSubmission(
  principal: Reader,
  submissionId: string | undefined,
  query: SubmissionGetQuery = {},
  locale: Locale = DEFAULT_LOCALE,
) {
  // An id that cannot be one is not found (not a validation failure: ids do not leak either way).
  if (!submissionId || !SUBMISSION_ID_PATTERN.test(submissionId)) throw new AppError('NOT_FOUND');
  const wantedSchool = query.schoolId;
  let item;
  if (principal.role === 'school') {
    if (wantedSchool !== undefined && wantedSchool !== principal.schoolId) throw new AppError('NOT_FOUND');
    ({ Item: item } = await SubmissionEntity.build(GetItemCommand)
      .key({ districtId: principal.districtId, schoolId: principal.schoolId, submissionId })
      .send());
  } else {
    // Ids are unique per school; within a district two schools may have used the same one.
    const { Items = [] } = await HouqinTable.build(QueryCommand)
      .entities(SubmissionEntity)
      .query({
        index: 'gsi3',
        partition: submissionIdPartition(principal.districtId, submissionId),
        ...(wantedSchool ? { range: { eq: wantedSchool } } : {}),
      })
      .options({ limit: 10, maxPages: 1 })
      .send();
    if (Items.length > 1) throw new AppError('SUBMISSION_ID_AMBIGUOUS', { schoolIds: Items.map((i) => i.schoolId) });
    item = Items[0];
  }
  if (!item) throw new AppError('NOT_FOUND');

  const [hazards, corrections, photos, names] = await Promise.all([
    Promise.all(
      item.hazardIds.map(
        async (hazardId) =>
          (await HazardEntity.build(GetItemCommand).key({ districtId: principal.districtId, hazardId }).send()).Item,
      ),
    ),
    correctionHistory(principal.districtId, item),
    photoViewsOf(principal.districtId, item.schoolId, { kind: 'submission', id: item.submissionId }),
    readerNames(principal.districtId, { schoolIds: [item.schoolId], tokenIds: [item.submittedBy] }, locale),
  ]);
  return {
    submission: submissionView(item, names),
    corrections,
    hazards: hazards.flatMap((h) => (h ? [hazardView(h)] : [])),
    photos,
  };
}

/** A correction chain is short; the bound keeps a corrupt chain from looping. */
const MAX_CHAIN = 50;

/**
 * The versions of a submission, oldest first, when it was corrected or is a correction (empty
 * otherwise): each with its id, date, when received and whether it is the one that counts.
 */
async function correctionHistory(
  districtId: string,
  item: {
    schoolId: string;
    submissionId: string;
    supersedes?: string;
    supersededBy?: string;
    date: string;
    receivedAt: string;
  },
) {
  if (!item.supersedes && !item.supersededBy) return [];
  const fetch = async (submissionId: string) =>
    (await SubmissionEntity.build(GetItemCommand).key({ districtId, schoolId: item.schoolId, submissionId }).send())
      .Item;
  const before: (typeof item)[] = [];
  const after: (typeof item)[] = [];
  for (let id = item.supersedes; id && before.length < MAX_CHAIN;) {
    const earlier = await fetch(id);
    if (!earlier) break;
    before.unshift(earlier);
    id = earlier.supersedes;
  }
  for (let id = item.supersededBy; id && after.length < MAX_CHAIN;) {
    const later = await fetch(id);
    if (!later) break;
    after.push(later);
    id = later.supersededBy;
  }
  return [...before, item, ...after].map((version) => ({
    submissionId: version.submissionId,
    date: version.date,
    receivedAt: version.receivedAt,
    current: !version.supersededBy,
  }));
}
