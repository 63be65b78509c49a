/*
 * Bulk generation of a district's month for the rollup bench (issue 7, point 4): a roster of
 * schools and officials, every submission the schools make in a month by the forms' cadences
 * (≈ 100 per school), the hazards they raise at every step of their lifecycle, photo records, and
 * the same for the same month a year earlier. Written straight to DynamoDB with BatchWriteItem
 * (25 items a request, several requests in flight, unprocessed items retried), but every item is
 * built by the code the real write path uses: `prepareSubmission` (validation, hazards by the
 * forms' rules, quality flags, body hash, stored response) and the toolbox entities' own parser
 * (keys, index attributes, timestamps), `applyTransition` for the hazard steps and the photo
 * store's key layout. So the loader reads what it would read in production; only the conditional
 * transaction of each submission is traded for batches (the submission-path bench times that).
 *
 * The plan is pure and seeded (shared/forms/demo-kit.ts): the same district id gives the same
 * schools, submissions, hazards and photos on every run. What each form contributes (its everyday
 * answers, the findings injected now and then, how often an event form happens, what is reported
 * ad hoc) is its folder's demo.ts (`bench`); nothing here names a form.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { addDays, shiftMonth, weekStart } from '../shared/time';
import { schoolDays } from '../shared/calendar/school-calendar';
import { expectation } from '../shared/compliance/expected';
import {
  DistrictEntity,
  HazardEntity,
  PhotoEntity,
  PhotoOwnerEntity,
  SchoolEntity,
  SubmissionEntity,
} from '../shared/db/entities';
import { indexKeysOf, submissionIndexKeys, submissionKey } from '../shared/db/keys';
import { demoOf, routineAnswers, type DemoSchoolProfile } from '../infra/local/demo/answers';
import { chance, pick, randomFor, wholeBetween, type Random } from '../shared/forms/demo-kit';
import type { SchoolKind } from '../shared/directory/schemas';
import { FORMS, findForm } from '../shared/forms/catalogue';
import {
  applyTransition,
  type HazardHistoryEntry,
  type HazardStatus,
  type TransitionStep,
} from '../shared/hazards/lifecycle';
import { DEFAULT_DUE_DAYS } from '../shared/directory/district-settings';
import type { NewHazard } from '../shared/hazards/raise-hazards';
import { photoObjectKey, quarantineKeyFor } from '../shared/photos/keys';
import { prepareSubmission, type PreparedSubmission } from '../shared/submissions/record-submission';
import { submissionInput } from '../shared/submissions/submission-request';

/** The month the bench reports on: December has 23 school days and no national holiday. */
export const BENCH_MONTH = '2025-12';
/** When the report is produced: the 1st of the next month, 08:00 Asia/Shanghai (the schedule). */
export const BENCH_NOW = new Date('2026-01-01T00:00:00.000Z');
export const BENCH_TIMEZONE = 'Asia/Shanghai';
/** Photos a school takes as evidence in a month (also an assumption of the cost model). */
export const PHOTOS_PER_SCHOOL_MONTH = 10;
/** Officials of a district who receive the report (one mail each). */
export const OFFICIALS_PER_DISTRICT = 3;
/** Items a BatchWriteItem request takes at most. */
export const BATCH_SIZE = 25;

type SchoolPrincipal = { role: 'school'; tokenId: string; districtId: string; schoolId: string };

/** A generated school: the demo's answer profile and its registration date. */
export interface BenchSchool extends DemoSchoolProfile {
  registeredOn: string;
}

/** Which share of the days a school forgets: most are dutiful, a few clearly are not. */
function missRateOf(random: Random): number {
  const draw = random();
  return draw < 0.85 ? 0.01 : draw < 0.95 ? 0.1 : 0.35;
}

const KINDS: readonly SchoolKind[] = [
  'primary',
  'primary',
  'primary',
  'primary',
  'primary',
  'middle',
  'middle',
  'nine-year',
  'nine-year',
  'kindergarten',
  'vocational',
];

/** A bench school as the table stores it (a batch-put item of the school entity). */
export function benchSchoolItem(districtId: string, school: BenchSchool): Record<string, unknown> {
  const { schoolId, name, kind, students, staff, hasCanteen, boarding, nutritionProgramme, registeredOn } = school;
  return SchoolEntity.build(BatchPutRequest)
    .item({
      districtId,
      schoolId,
      name,
      kind,
      students,
      staff,
      hasCanteen,
      boarding,
      nutritionProgramme,
      registeredOn,
      schemaVersion: 1,
    })
    .params().PutRequest!.Item!;
}

/**
 * The district's schools, a rural county's mix (营养改善计划 counties: most schools have a canteen,
 * many board, most primary and middle schools are in the nutrition programme).
 */
export function benchSchools(districtId: string, count: number): BenchSchool[] {
  return Array.from({ length: count }, (_, index) => {
    const schoolId = `s${String(index + 1).padStart(4, '0')}`;
    const random = randomFor('bench', districtId, schoolId, 'profile');
    const kind = pick(random, KINDS);
    const students =
      kind === 'kindergarten'
        ? wholeBetween(random, 80, 400)
        : kind === 'vocational'
          ? wholeBetween(random, 800, 3000)
          : wholeBetween(random, 150, 2200);
    const boardingShare: Record<SchoolKind, number> = {
      primary: 0.7,
      middle: 0.9,
      'nine-year': 0.85,
      vocational: 0.95,
      kindergarten: 0,
      special: 0.8,
    };
    return {
      schoolId,
      name: `基准学校 ${districtId} ${schoolId}`,
      kind,
      students,
      staff: Math.max(8, Math.round(students / 13)),
      hasCanteen: kind !== 'primary' || chance(random, 0.9),
      boarding: chance(random, boardingShare[kind]),
      nutritionProgramme: (kind === 'primary' || kind === 'middle' || kind === 'nine-year') && chance(random, 0.85),
      registeredOn: '2024-09-01',
    };
  });
}

/** One submission to prepare: the body a school's client sends, and when it arrived. */
export interface BenchSubmission {
  schoolId: string;
  body: { submissionId: string; formType: string; date: string; answers: Record<string, unknown>; note?: string };
  receivedAt: string;
}

/** The current form types, in catalogue order (a form's earlier versions share its id). */
const CURRENT_FORMS: readonly string[] = [...new Set(FORMS.filter((form) => !form.retired).map((form) => form.id))];

/** The forms a school reports hazards on ad hoc (their demo's `bench.reports`), with what they report. */
const AD_HOC = CURRENT_FORMS.flatMap((formType) => {
  const reports = demoOf(formType).bench?.reports;
  return reports ? [{ formType, ...reports }] : [];
});

/** What a school reports ad hoc (a hazard report's answers: place, category, severity, description). */
export const REPORTED: readonly Record<string, unknown>[] = AD_HOC.flatMap((form) => form.answers);

/** A school-local time of day on `date` as UTC (the district is UTC+8): `hour` local, `minute`. */
function at(date: string, hour: number, minute = 0): string {
  const utc = new Date(`${date}T00:00:00.000Z`);
  utc.setUTCHours(hour - 8, minute);
  return utc.toISOString();
}

/** Answers of a routine form, now and then with a finding that raises a hazard through the form's own rule. */
function answersOf(
  formType: string,
  school: BenchSchool,
  date: string,
  random: Random,
): Record<string, unknown> | undefined {
  const answers = routineAnswers(formType, school, date);
  const demo = demoOf(formType);
  const finding = demo.bench?.finding;
  if (!answers || !finding || !chance(random, finding.chance)) return answers;
  const inject = demo.findings?.[finding.id];
  if (!inject) throw new Error(`The bench injects ${formType}'s finding ${finding.id}, which its demo does not have`);
  return inject(answers);
}

/**
 * Everything one school submits in `month`: each occasion its forms are due (by cadence and the
 * default calendar: every school day, school night, week, month or term), less the days it
 * forgets; event forms now and then; hazard reports. A few arrive days late.
 */
export function benchSchoolMonth(districtId: string, school: BenchSchool, month: string): BenchSubmission[] {
  const random = randomFor('bench', districtId, school.schoolId, month);
  const missRate = missRateOf(randomFor('bench', districtId, school.schoolId, 'diligence'));
  const days = schoolDays(month).filter((date) => date >= school.registeredOn);
  if (days.length === 0) return [];
  const submissions: BenchSubmission[] = [];
  const add = (formType: string, date: string, answers: Record<string, unknown>, note?: string) => {
    const late = chance(random, 0.02) ? wholeBetween(random, 2, 4) : 0;
    const lastDay = days[days.length - 1]!;
    const receivedDate = addDays(date, late) > lastDay ? lastDay : addDays(date, late);
    // The nightly check at night, the rest in the afternoon or evening.
    const hour = findForm(formType)!.cadence === 'school-night' ? 22 : wholeBetween(random, 16, 20);
    submissions.push({
      schoolId: school.schoolId,
      body: {
        submissionId: `${month}-${formType}-${date}-${submissions.length}`,
        formType,
        date,
        answers,
        ...(note ? { note } : {}),
      },
      receivedAt: at(receivedDate < date ? date : receivedDate, hour, wholeBetween(random, 0, 59)),
    });
  };
  for (const form of FORMS) {
    if (form.cadence === 'event') continue;
    for (const slot of expectation(form, school, month).slots) {
      if (chance(random, missRate)) continue;
      const inWeek = form.cadence === 'weekly' ? days.filter((day) => weekStart(day) === slot) : [];
      const date =
        form.cadence === 'school-day' || form.cadence === 'school-night'
          ? slot
          : pick(random, inWeek.length > 0 ? inWeek : days);
      const answers = answersOf(form.id, school, date, random);
      if (answers) add(form.id, date, answers);
    }
  }
  for (const formType of CURRENT_FORMS) {
    const probability = demoOf(formType).bench?.eventChance;
    if (probability === undefined || !chance(random, probability)) continue;
    const date = pick(random, days);
    const answers = answersOf(formType, school, date, random);
    if (answers) add(formType, date, answers);
  }
  for (const form of AD_HOC) {
    if (!chance(random, form.chance)) continue;
    add(form.formType, pick(random, days), { ...pick(random, form.answers) }, form.note);
  }
  return submissions;
}

/** A hazard as stored after its lifecycle steps. */
export type BenchHazard = Omit<NewHazard, 'status' | 'history'> & {
  status: HazardStatus;
  history: HazardHistoryEntry[];
  overdueAt?: string;
};

/** A hazard after what the school and the district did about it up to `now` (the plan's steps, the sweep's overdue mark). */
export function hazardAtNow(hazard: NewHazard, now: Date, official: string): BenchHazard {
  const random = randomFor('bench', hazard.hazardId, 'steps');
  const steps: TransitionStep[] = [];
  if (chance(random, 0.8)) {
    const rectifiedOn = addDays(hazard.foundOn, wholeBetween(random, 0, DEFAULT_DUE_DAYS[hazard.severity] + 2));
    steps.push({ command: 'rectify', at: at(rectifiedOn, 16), by: hazard.history[0]!.by, note: '已整改，照片附后。' });
    if (chance(random, 0.85)) {
      const checkedOn = addDays(rectifiedOn, wholeBetween(random, 1, 4));
      steps.push({
        command: chance(random, 0.9) ? 'accept' : 'reject',
        at: at(checkedOn, 10),
        by: official,
        note: '现场复查。',
      });
    }
  }
  // Only what happened before the report is produced.
  let state: BenchHazard = hazard;
  for (const step of steps.filter((step) => new Date(step.at) <= now)) state = applyTransition(state, step);
  const overdueAt = at(addDays(hazard.dueDate, 1), 1);
  if (state.status === 'open' && new Date(overdueAt) <= now) {
    state = {
      ...state,
      overdueAt,
      history: [...state.history, { action: 'overdue', status: 'open', at: overdueAt, by: 'system' }],
    };
  }
  return state;
}

/** Counts of what a district's generation wrote. */
export interface GeneratedCounts {
  schools: number;
  officials: number;
  /** Submissions of the report month and of the same month a year earlier. */
  submissions: { month: number; previousYear: number };
  byForm: Record<string, number>;
  hazards: Record<'open' | 'rectified' | 'verified', number>;
  photos: Record<'verified' | 'requested' | 'quarantined', number>;
  /** Photos whose evidence date is in the report month, and photo-owner items (both months). */
  photosMonth: number;
  photoOwners: number;
  /** Hazards raised by the report month's submissions and by the previous year's. */
  hazardsTotal: number;
  /** Every item written (district, schools, submissions, hazards, photos, photo owners). */
  items: number;
}

/** Writes items with BatchWriteItem: 25 a request, `concurrency` requests in flight, unprocessed items sent again. */
export class BatchWriter {
  readonly stats = { items: 0, requests: 0, retriedItems: 0 };
  private buffer: Record<string, unknown>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly concurrency = 8,
  ) {}

  /** Queues one item; waits when `concurrency` requests are in flight. */
  async put(item: Record<string, unknown>): Promise<void> {
    this.buffer.push(item);
    if (this.buffer.length >= BATCH_SIZE) await this.dispatch();
  }

  /** Sends what is queued and waits for every request. */
  async flush(): Promise<void> {
    if (this.buffer.length) await this.dispatch();
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  private async dispatch(): Promise<void> {
    if (this.failure) throw this.failure;
    const items = this.buffer;
    this.buffer = [];
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    const request = this.write(items).catch((error: unknown) => {
      this.failure ??= error;
    });
    const tracked = request.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async write(items: Record<string, unknown>[]): Promise<void> {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 10)
        throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${attempt} attempts`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const { UnprocessedItems } = await this.client.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
      );
      this.stats.requests += 1;
      const left = (UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      this.stats.items += pending.length - left.length;
      this.stats.retriedItems += left.length;
      pending = left;
    }
  }
}

/** Every how many submissions the fast builder is checked against the entity's own parser. */
const CHECK_EVERY = 100;

/**
 * A submission item as SubmissionEntity's parser builds it (keys of shared/db/entities.ts,
 * `entity`, `schemaVersion`, timestamps), without the parser's cost: the toolbox takes ~1 ms of
 * CPU per submission, which would make the generation, not DynamoDB Local, the bench's limit.
 * `checkedSubmissionItem` compares it with the parser's item now and then, so a change to the
 * entity fails the bench instead of generating items the real path would not write.
 */
export function submissionItem(
  submission: PreparedSubmission['submission'],
  timestamp: string,
): Record<string, unknown> {
  const { districtId, schoolId, submissionId, month, date, formType } = submission;
  return {
    ...submission,
    schemaVersion: 1,
    ...indexKeysOf({ districtId, schoolId, submissionId, month, date, formType }, submissionIndexKeys),
    entity: SubmissionEntity.entityName,
    createdAt: timestamp,
    updatedAt: timestamp,
    ...submissionKey({ districtId, schoolId, submissionId }),
  };
}

const canonical = (item: Record<string, unknown>) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = item;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
};

/** `submissionItem`, compared with SubmissionEntity's own parser on every `CHECK_EVERY`-th call. */
function checkedSubmissionItem(
  submission: PreparedSubmission['submission'],
  timestamp: string,
  index: number,
): Record<string, unknown> {
  const fast = submissionItem(submission, timestamp);
  if (index % CHECK_EVERY === 0) {
    const parsed = SubmissionEntity.build(BatchPutRequest).item(submission).params().PutRequest!.Item!;
    if (canonical(parsed) !== canonical(fast)) {
      throw new Error(
        `bench/generate-district.ts builds submission items unlike SubmissionEntity (shared/db/entities.ts changed?):\n  entity: ${canonical(parsed)}\n  bench:  ${canonical(fast)}`,
      );
    }
  }
  return fast;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A UUID-shaped id derived from `seed` (photo ids are UUIDs; these are the same on every run). */
function uuidOf(seed: string): string {
  const hex = sha256(seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The photo and photo-owner items of one piece of evidence, as the photo store leaves them after verification. */
function photoItems(
  districtId: string,
  submission: { schoolId: string; submissionId: string; date: string; receivedAt: string; submittedBy: string },
  index: number,
  previousVerified: string | undefined,
) {
  const photoId = uuidOf(`${districtId}/${submission.schoolId}/${submission.submissionId}/${index}`);
  const random = randomFor('bench', photoId);
  const requestedAt = new Date(new Date(submission.receivedAt).getTime() + 60_000);
  const owner = { kind: 'submission' as const, id: submission.submissionId };
  const objectKey = photoObjectKey({
    districtId,
    schoolId: submission.schoolId,
    owner,
    evidenceDate: submission.date,
    photoId,
    contentType: 'image/jpeg',
  });
  const bytes = wholeBetween(random, 300_000, 2_500_000);
  const draw = random();
  const status: 'verified' | 'requested' | 'quarantined' =
    draw < 0.92 ? 'verified' : draw < 0.96 ? 'requested' : 'quarantined';
  const later = (seconds: number) => new Date(requestedAt.getTime() + seconds * 1000).toISOString();
  const photo = {
    districtId,
    photoId,
    schoolId: submission.schoolId,
    ownerKind: owner.kind,
    ownerId: owner.id,
    evidenceDate: submission.date,
    objectKey,
    contentType: 'image/jpeg',
    bytes,
    status,
    requestedAt: requestedAt.toISOString(),
    requestedBy: submission.submittedBy,
    expiresAt: later(15 * 60),
    ...(status === 'verified'
      ? {
          verifiedAt: later(90),
          size: bytes,
          sha256: sha256(photoId),
          detectedType: 'image/jpeg',
          ...(previousVerified && chance(random, 0.03) ? { duplicateOf: previousVerified } : {}),
        }
      : {}),
    ...(status === 'quarantined'
      ? {
          quarantinedAt: later(90),
          quarantineReason: 'TYPE_MISMATCH',
          quarantineKey: quarantineKeyFor(objectKey),
          size: bytes,
          detectedType: 'application/pdf',
        }
      : {}),
    schemaVersion: 1 as const,
  };
  const ownerItem = {
    districtId,
    schoolId: submission.schoolId,
    ownerKind: owner.kind,
    ownerId: owner.id,
    photoIds: [photoId],
    revision: 1,
    schemaVersion: 1 as const,
  };
  return { photo, ownerItem, status };
}

/** Options of `generateDistrict`. */
export interface GenerateOptions {
  /** A document client (its own, so the loader's counters do not see the generation). */
  client: DynamoDBDocumentClient;
  tableName: string;
  /** BatchWriteItem requests in flight. @default 8 */
  concurrency?: number;
  month?: string;
  now?: Date;
}

/** What one district's generation did. */
export interface GeneratedDistrict {
  districtId: string;
  month: string;
  schools: BenchSchool[];
  counts: GeneratedCounts;
  /** Wall-clock milliseconds, and BatchWriteItem requests sent. */
  elapsedMs: number;
  requests: number;
}

/**
 * Generates and writes one district of `schools` schools: the district and its roster, the
 * month's and the previous year's same month's submissions with their hazards (moved through
 * their lifecycle up to `now`) and photos.
 */
export async function generateDistrict(
  districtId: string,
  schoolCount: number,
  options: GenerateOptions,
): Promise<GeneratedDistrict> {
  const started = performance.now();
  const month = options.month ?? BENCH_MONTH;
  const now = options.now ?? BENCH_NOW;
  const writer = new BatchWriter(options.client, options.tableName, options.concurrency ?? 8);
  const counts: GeneratedCounts = {
    schools: schoolCount,
    officials: OFFICIALS_PER_DISTRICT,
    submissions: { month: 0, previousYear: 0 },
    byForm: {},
    hazards: { open: 0, rectified: 0, verified: 0 },
    photos: { verified: 0, requested: 0, quarantined: 0 },
    photosMonth: 0,
    photoOwners: 0,
    hazardsTotal: 0,
    items: 0,
  };
  const put = async (item: Record<string, unknown>) => {
    counts.items += 1;
    await writer.put(item);
  };
  const official = `tok_bench_official_${districtId}`;

  await put(
    DistrictEntity.build(BatchPutRequest)
      .item({
        districtId,
        name: `基准测试区 ${districtId}`,
        timezone: BENCH_TIMEZONE,
        locale: 'zh-CN',
        officialEmails: Array.from(
          { length: OFFICIALS_PER_DISTRICT },
          (_, i) => `official-${i + 1}@${districtId}.bench.example`,
        ),
        complianceThreshold: 0.9,
        schemaVersion: 1,
      })
      .params().PutRequest!.Item!,
  );
  const schools = benchSchools(districtId, schoolCount);
  for (const school of schools) await put(benchSchoolItem(districtId, school));

  const months = [month, shiftMonth(month, -12)];
  const timestamp = new Date().toISOString();
  let submissionIndex = 0;
  for (const school of schools) {
    const principal: SchoolPrincipal = {
      role: 'school',
      tokenId: `tok_bench_${districtId}_${school.schoolId}`,
      districtId,
      schoolId: school.schoolId,
    };
    const context = { timezone: BENCH_TIMEZONE, school, dueDays: DEFAULT_DUE_DAYS, history: [] };
    for (const [monthIndex, generatedMonth] of months.entries()) {
      const planned = benchSchoolMonth(districtId, school, generatedMonth);
      const photoOwners = new Set(
        planned
          .map((submission, index) => ({
            index,
            key: randomFor('bench', districtId, school.schoolId, submission.body.submissionId, 'photo')(),
          }))
          .sort((a, b) => a.key - b.key)
          .slice(0, PHOTOS_PER_SCHOOL_MONTH)
          .map((entry) => entry.index),
      );
      let previousVerified: string | undefined;
      for (const [index, { body, receivedAt }] of planned.entries()) {
        const prepared = prepareSubmission(submissionInput(body), principal, context, new Date(receivedAt));
        // The photo first: a verified one is counted on its submission, as the photo store's transaction does.
        const evidence = photoOwners.has(index)
          ? photoItems(districtId, prepared.submission, 0, previousVerified)
          : undefined;
        const submission =
          evidence?.status === 'verified' ? { ...prepared.submission, photoCount: 1 } : prepared.submission;
        await put(checkedSubmissionItem(submission, timestamp, submissionIndex++));
        if (monthIndex === 0) counts.submissions.month += 1;
        else counts.submissions.previousYear += 1;
        counts.byForm[body.formType] = (counts.byForm[body.formType] ?? 0) + 1;
        for (const raised of prepared.hazards) {
          const hazard = hazardAtNow(raised, now, official);
          counts.hazards[hazard.status as 'open' | 'rectified' | 'verified'] += 1;
          counts.hazardsTotal += 1;
          await put(HazardEntity.build(BatchPutRequest).item(hazard).params().PutRequest!.Item!);
        }
        if (evidence) {
          const { photo, ownerItem, status } = evidence;
          if (status === 'verified') previousVerified = photo.photoId;
          counts.photos[status] += 1;
          if (monthIndex === 0) counts.photosMonth += 1;
          counts.photoOwners += 1;
          await put(PhotoEntity.build(BatchPutRequest).item(photo).params().PutRequest!.Item!);
          await put(PhotoOwnerEntity.build(BatchPutRequest).item(ownerItem).params().PutRequest!.Item!);
        }
      }
    }
  }
  await writer.flush();
  return {
    districtId,
    month,
    schools,
    counts,
    elapsedMs: performance.now() - started,
    requests: writer.stats.requests,
  };
}
