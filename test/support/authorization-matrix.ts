import { randomBytes, randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { TOKEN_PREFIX, generateToken } from '../../shared/auth/tokens';
import { localDate, monthOf, shiftMonth } from '../../shared/time';
import { getDocumentClient } from '../../shared/clients';
import { HazardEntity, SubmissionEntity, photoOwnerPartition, reportPartition } from '../../shared/db/entities';
import { issueToken, revokeToken, type IssuedToken } from '../../shared/directory/tokens';
import { hazardPartitions } from '../../shared/hazards/query-hazards';
import { photoLinker } from '../../shared/photos/links';
import { getS3Client } from '../../shared/photos/s3';
import { recordVerified } from '../../shared/photos/outcomes';
import { getPhoto } from '../../shared/photos/records';
import { previousMonthIn } from '../../shared/reports/pipeline/month';
import { reportObjectKeys } from '../../shared/reports/pipeline/store';
import type { HttpResponse, IncomingApiRequest } from '../../infra/local/api-event';
import { validAnswers } from '../unit/forms/examples';
import { registerDistrict, registerSchool } from './directory-fixtures';

/*
 * The authorization matrix (issue 6, point 1): every HTTP route of the manifest × every kind of
 * caller × the scope of the resource the request names, with the status each cell must get.
 * The test (test/integration/authorization-matrix.test.ts) flattens ROUTES into one jest test
 * per cell and sends each request through the local API adapter, i.e. through the manifest's
 * Lambda authorizer and then the route's handler, as API Gateway does.
 *
 * Callers act from school A1 of district A: `school` holds A1's token, `official` district A's.
 * The scope is whose resource the request names: A1's own (`own-school`), A2's (`same-district`)
 * or B1's (`other-district`).
 */

/** Who calls: the three roles with a live token, and every way of having no principal. */
export const CALLERS = [
  'school',
  'official',
  'admin',
  'no-token',
  'unknown-token',
  'revoked-school',
  'revoked-official',
  'revoked-admin',
  'malformed-garbage',
  'malformed-prefix',
  'malformed-truncated',
  'malformed-scheme',
] as const;
export type Caller = (typeof CALLERS)[number];

/** The callers a token resolves to a principal for. */
export const PRINCIPAL_CALLERS = ['school', 'official', 'admin'] as const satisfies readonly Caller[];
export type PrincipalCaller = (typeof PRINCIPAL_CALLERS)[number];

export function isPrincipalCaller(caller: Caller): caller is PrincipalCaller {
  return (PRINCIPAL_CALLERS as readonly Caller[]).includes(caller);
}

/** Whose resource a request names, seen from school A1 of district A. */
export const SCOPES = ['own-school', 'same-district', 'other-district'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * What a cell must get: a status, or a status that must also be answered exactly as for a target
 * that exists nowhere (so the answer tells the caller nothing about another school's data).
 */
export type Outcome = number | { status: number; sameAsUnknownTarget: true };

/** One outcome per scope, in SCOPES order: [own-school, same-district, other-district]. */
export type PerScope = readonly [Outcome, Outcome, Outcome];

/** A request as a client sends it (the Authorization header is the caller's). */
export interface ApiCall {
  method: 'GET' | 'POST';
  /** Path and query string. */
  url: string;
  body?: unknown;
}

/**
 * How a route names the resource a cell aims at: in its path, its query string or its body;
 * not at all (the answer is always the caller's own, e.g. the form catalogue); or with a signed
 * link that is its own authorization (the report mail's photo links, no token needed).
 */
export type Addressing = 'path' | 'query' | 'body' | 'none' | 'signed-link';

/** One row of the matrix: one route. */
export interface RouteRow {
  /** `METHOD /path` exactly as the manifest declares it. */
  route: string;
  addressing: Addressing;
  /** Whether a 2xx answer is about a school (its `schoolId`s) or a district. */
  level: 'school' | 'district' | 'none';
  /** The request aimed at `target`'s resource. */
  request(world: World, target: SchoolFixture): ApiCall;
  /** The same request aimed at a resource that exists nowhere (for `sameAsUnknownTarget` outcomes). */
  unknownTarget?(world: World): ApiCall;
  expected: { school: PerScope; official: PerScope; admin: PerScope; withoutPrincipal: number };
  /**
   * Reads what a refused request aimed at `target` must leave exactly as it was (POST routes).
   * Unless `sameStateAfterSuccess`, a successful request must change it (so the probe is known to see the route's writes).
   */
  touches?(world: World, target: SchoolFixture): Promise<unknown>;
  /** A success may leave the state as it was (producing a report again with the same figures writes nothing). */
  sameStateAfterSuccess?: true;
  /** The school or district ids a successful answer is about (checked against the target). */
  subjectsOf?(answer: Answer): string[];
}

/** A response as the test reads it. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  /** Parsed JSON, or undefined for a binary body. */
  json: unknown;
  text: string;
}

export interface SchoolFixture {
  key: 'a1' | 'a2' | 'b1' | 'b2';
  districtId: string;
  schoolId: string;
  token: IssuedToken;
  /** A hazard report that raised `mainHazardId`; it has one verified photo, `photoId`. */
  mainSubmissionId: string;
  /** Open: photos are asked for it. */
  mainHazardId: string;
  /** Open: the rectification route's target. */
  rectifyHazardId: string;
  /** Rectified by its school at set-up: the verification route's target. */
  verifyHazardId: string;
  /** The submission POST /v1/submissions names in `supersedes`. */
  correctableSubmissionId: string;
  photoId: string;
  /** The report mail's signed link to `photoId`: path and query string. */
  photoLink: string;
  /** Every id of this school's data (submissions, hazards, photos, its token's id). */
  ids: string[];
}

export interface DistrictFixture {
  districtId: string;
  official: IssuedToken;
  /** The (ended) month this district, and only this district, has a report of. */
  reportMonth: string;
  /** The (ended) year this district, and only this district, has a year-end summary of. */
  annualPeriod: string;
}

export interface World {
  districts: { a: DistrictFixture; b: DistrictFixture };
  schools: Record<SchoolFixture['key'], SchoolFixture>;
  admin: IssuedToken;
  /** The Authorization header each caller sends (undefined: none). */
  authorization: Record<Caller, string | undefined>;
  /** Today in the districts' timezone. */
  today: string;
}

/** The school a cell's request aims at. */
export function targetOf(world: World, scope: Scope): SchoolFixture {
  return { 'own-school': world.schools.a1, 'same-district': world.schools.a2, 'other-district': world.schools.b1 }[
    scope
  ];
}

/** Whether `caller` may reach data of `target`'s school: a school its own, an official their district, an admin everything. */
export function reaches(
  world: World,
  caller: PrincipalCaller,
  target: { districtId: string; schoolId?: string },
): boolean {
  if (caller === 'admin') return true;
  if (target.districtId !== world.districts.a.districtId) return false;
  return caller === 'official' || target.schoolId === undefined || target.schoolId === world.schools.a1.schoolId;
}

/** Ids that must never appear in an answer to `caller` (other schools' and districts' data). */
export function foreignIds(world: World, caller: PrincipalCaller): string[] {
  const schools = Object.values(world.schools).filter((school) => !reaches(world, caller, school));
  const districts = Object.values(world.districts).filter(
    (district) => !reaches(world, caller, { districtId: district.districtId }),
  );
  return [
    ...schools.flatMap((school) => [school.schoolId, ...school.ids]),
    ...districts.flatMap((district) => [district.districtId, district.official.tokenId]),
  ];
}

// ---------------------------------------------------------------------------------------------
// The table

const TIMEZONE = 'Asia/Shanghai';
const JPEG = { contentType: 'image/jpeg', bytes: 48_213 };
const listedSchools = (answer: Answer) => [
  ...new Set(((answer.json as { items?: { schoolId: string }[] }).items ?? []).map((item) => item.schoolId)),
];
const hazardSchool = (answer: Answer) => [(answer.json as { hazard: { schoolId: string } }).hazard.schoolId];
/** The school of a photo's object key (evidence/<district>/<school>/…) in a redirect's Location. */
const redirectedSchool = (answer: Answer) => [
  decodeURIComponent(new URL(String(answer.headers.location)).pathname)
    .split('/evidence/')[1]
    ?.split('/')[1] ?? '',
];

/**
 * 403 for every scope: the role never serves this route (requireRole answers ROLE_NOT_ALLOWED,
 * naming the roles it serves). The same for every target, so it tells nothing about any id.
 */
const NONE: PerScope = [403, 403, 403];
/** Only the caller's own school. */
const OWN: (ok: number) => PerScope = (ok) => [ok, 404, 404];
/** The caller's district (an official): own and sibling school. */
const DISTRICT: (ok: number) => PerScope = (ok) => [ok, ok, 404];
const EVERY: (ok: number) => PerScope = (ok) => [ok, ok, ok];
/** An official filtering a list by a school outside their district: an empty page, exactly as for a school that does not exist. */
const EMPTY_LIKE_UNKNOWN = { status: 200, sameAsUnknownTarget: true } as const;
/** A school naming another school's submission in `supersedes`: refused exactly as an id that does not exist (422 SUPERSEDED_NOT_FOUND). */
const UNKNOWN_REFERENCE = { status: 422, sameAsUnknownTarget: true } as const;

/**
 * Every HTTP route × caller × scope. `withoutPrincipal` is the status of every caller whose
 * token resolves to no principal (none, unknown, revoked, malformed).
 */
export const ROUTES: readonly RouteRow[] = [
  {
    route: 'GET /v1/forms',
    addressing: 'none',
    level: 'none',
    request: () => ({ method: 'GET', url: '/v1/forms' }),
    expected: { school: EVERY(200), official: EVERY(200), admin: EVERY(200), withoutPrincipal: 401 },
  },
  {
    route: 'GET /v1/me',
    addressing: 'none',
    level: 'none',
    request: () => ({ method: 'GET', url: '/v1/me' }),
    expected: { school: EVERY(200), official: EVERY(200), admin: EVERY(200), withoutPrincipal: 401 },
  },
  {
    route: 'POST /v1/submissions',
    addressing: 'body',
    level: 'school',
    request: (world, target) => ({
      method: 'POST',
      url: '/v1/submissions',
      body: {
        submissionId: randomUUID(),
        formType: 'hazard-report',
        date: world.today,
        answers: validAnswers['hazard-report'],
        supersedes: target.correctableSubmissionId,
      },
    }),
    unknownTarget: (world) => ({
      method: 'POST',
      url: '/v1/submissions',
      body: {
        submissionId: randomUUID(),
        formType: 'hazard-report',
        date: world.today,
        answers: validAnswers['hazard-report'],
        supersedes: randomUUID(),
      },
    }),
    expected: {
      school: [201, UNKNOWN_REFERENCE, UNKNOWN_REFERENCE],
      official: NONE,
      admin: NONE,
      withoutPrincipal: 401,
    },
    touches: async (world, target) => {
      const home = world.schools.a1;
      const month = monthOf(world.today);
      return Promise.all([
        submissionItem(target, target.correctableSubmissionId),
        schoolMonthSubmissions(target, month),
        schoolMonthSubmissions(home, month),
        schoolHazards(target),
        schoolHazards(home),
      ]);
    },
    subjectsOf: (answer) => [(answer.json as { submission: { schoolId: string } }).submission.schoolId],
  },
  {
    route: 'GET /v1/submissions',
    addressing: 'query',
    level: 'school',
    request: (_world, target) => ({ method: 'GET', url: `/v1/submissions?schoolId=${target.schoolId}` }),
    unknownTarget: () => ({ method: 'GET', url: `/v1/submissions?schoolId=nowhere-${randomBytes(4).toString('hex')}` }),
    expected: { school: OWN(200), official: [200, 200, EMPTY_LIKE_UNKNOWN], admin: NONE, withoutPrincipal: 401 },
    subjectsOf: listedSchools,
  },
  {
    route: 'GET /v1/submissions/{id}',
    addressing: 'path',
    level: 'school',
    request: (_world, target) => ({ method: 'GET', url: `/v1/submissions/${target.mainSubmissionId}` }),
    expected: { school: OWN(200), official: DISTRICT(200), admin: NONE, withoutPrincipal: 401 },
    subjectsOf: (answer) => [(answer.json as { submission: { schoolId: string } }).submission.schoolId],
  },
  {
    route: 'POST /v1/submissions/{id}/photos',
    addressing: 'path',
    level: 'school',
    request: (_world, target) => ({
      method: 'POST',
      url: `/v1/submissions/${target.mainSubmissionId}/photos`,
      body: JPEG,
    }),
    expected: { school: OWN(201), official: NONE, admin: NONE, withoutPrincipal: 401 },
    touches: (world, target) => photoOwnerState(world, target, 'submission', target.mainSubmissionId),
    subjectsOf: (answer) => {
      const fields = (answer.json as { upload: { fields: Record<string, string> } }).upload.fields;
      return [fields.key?.split('/')[2] ?? ''];
    },
  },
  {
    route: 'GET /v1/photos/{photoId}',
    addressing: 'path',
    level: 'school',
    request: (_world, target) => ({ method: 'GET', url: `/v1/photos/${target.photoId}` }),
    expected: { school: OWN(302), official: DISTRICT(302), admin: NONE, withoutPrincipal: 401 },
    subjectsOf: redirectedSchool,
  },
  {
    route: 'GET /v1/photo-links/{photoId}',
    addressing: 'signed-link',
    level: 'school',
    request: (_world, target) => ({ method: 'GET', url: target.photoLink }),
    // The signed link is the authorization (a mail cannot carry a token): every caller gets the photo it names.
    expected: { school: EVERY(302), official: EVERY(302), admin: EVERY(302), withoutPrincipal: 302 },
    subjectsOf: redirectedSchool,
  },
  {
    route: 'GET /v1/hazards',
    addressing: 'query',
    level: 'school',
    request: (_world, target) => ({ method: 'GET', url: `/v1/hazards?schoolId=${target.schoolId}` }),
    unknownTarget: () => ({ method: 'GET', url: `/v1/hazards?schoolId=nowhere-${randomBytes(4).toString('hex')}` }),
    expected: { school: OWN(200), official: [200, 200, EMPTY_LIKE_UNKNOWN], admin: NONE, withoutPrincipal: 401 },
    subjectsOf: listedSchools,
  },
  {
    route: 'GET /v1/hazards/{id}',
    addressing: 'path',
    level: 'school',
    request: (_world, target) => ({ method: 'GET', url: `/v1/hazards/${target.verifyHazardId}` }),
    expected: { school: OWN(200), official: DISTRICT(200), admin: NONE, withoutPrincipal: 401 },
    subjectsOf: hazardSchool,
  },
  {
    route: 'POST /v1/hazards/{id}/rectification',
    addressing: 'path',
    level: 'school',
    request: (_world, target) => ({
      method: 'POST',
      url: `/v1/hazards/${target.rectifyHazardId}/rectification`,
      body: { note: '已更换破损的插座面板，线路已包扎。' },
    }),
    expected: { school: OWN(200), official: NONE, admin: NONE, withoutPrincipal: 401 },
    touches: (world, target) => hazardState(world, target, target.rectifyHazardId),
    subjectsOf: hazardSchool,
  },
  {
    route: 'POST /v1/hazards/{id}/photos',
    addressing: 'path',
    level: 'school',
    request: (_world, target) => ({ method: 'POST', url: `/v1/hazards/${target.mainHazardId}/photos`, body: JPEG }),
    expected: { school: OWN(201), official: NONE, admin: NONE, withoutPrincipal: 401 },
    touches: (world, target) => photoOwnerState(world, target, 'hazard', target.mainHazardId),
    subjectsOf: (answer) => {
      const fields = (answer.json as { upload: { fields: Record<string, string> } }).upload.fields;
      return [fields.key?.split('/')[2] ?? ''];
    },
  },
  {
    route: 'POST /v1/hazards/{id}/verification',
    addressing: 'path',
    level: 'school',
    request: (_world, target) => ({
      method: 'POST',
      url: `/v1/hazards/${target.verifyHazardId}/verification`,
      body: { accepted: true, note: '现场复查合格。' },
    }),
    expected: { school: NONE, official: DISTRICT(200), admin: NONE, withoutPrincipal: 401 },
    touches: (world, target) => hazardState(world, target, target.verifyHazardId),
    subjectsOf: hazardSchool,
  },
  {
    route: 'GET /v1/compliance',
    addressing: 'none',
    level: 'school',
    request: () => ({ method: 'GET', url: '/v1/compliance' }),
    expected: { school: EVERY(200), official: EVERY(200), admin: NONE, withoutPrincipal: 401 },
    subjectsOf: (answer) =>
      (answer.json as { schools: { schoolId: string }[] }).schools.map((school) => school.schoolId),
  },
  {
    route: 'GET /v1/overview',
    addressing: 'none',
    level: 'district',
    // The overview names no district: an official gets their own (the token's).
    request: () => ({ method: 'GET', url: '/v1/overview' }),
    expected: { school: NONE, official: EVERY(200), admin: NONE, withoutPrincipal: 401 },
    subjectsOf: (answer) =>
      (answer.json as { schools: { schoolId: string }[] }).schools.map((school) => school.schoolId),
  },
  {
    route: 'GET /v1/reports',
    addressing: 'none',
    level: 'district',
    // The list names no district: an official gets their own district's months (the token's).
    request: () => ({ method: 'GET', url: '/v1/reports' }),
    expected: { school: NONE, official: EVERY(200), admin: NONE, withoutPrincipal: 401 },
  },
  {
    route: 'GET /v1/reports/{month}',
    addressing: 'path',
    level: 'district',
    // Each district has a report of its own month only: another district's month is that district's report.
    request: (world, target) => ({ method: 'GET', url: `/v1/reports/${districtOf(world, target).reportMonth}` }),
    expected: { school: NONE, official: DISTRICT(200), admin: NONE, withoutPrincipal: 401 },
    subjectsOf: (answer) => [
      (answer.json as { districtId: string }).districtId,
      (answer.json as { report: { district: { id: string } } }).report.district.id,
    ],
  },
  {
    route: 'GET /v1/reports/{month}/html',
    addressing: 'path',
    level: 'district',
    request: (world, target) => ({ method: 'GET', url: `/v1/reports/${districtOf(world, target).reportMonth}/html` }),
    expected: { school: NONE, official: DISTRICT(200), admin: NONE, withoutPrincipal: 401 },
    subjectsOf: (answer) => [(answer.json as { districtId: string }).districtId],
  },
  {
    route: 'GET /v1/reports/{month}/workbook',
    addressing: 'path',
    level: 'district',
    request: (world, target) => ({
      method: 'GET',
      url: `/v1/reports/${districtOf(world, target).reportMonth}/workbook`,
    }),
    expected: { school: NONE, official: DISTRICT(200), admin: NONE, withoutPrincipal: 401 },
    // The workbook's fallback file name: houqin-report-<district>-<month>.xlsx.
    subjectsOf: (answer) => [
      /filename="houqin-report-(.+)-\d{4}-\d{2}\.xlsx"/.exec(String(answer.headers['content-disposition']))?.[1] ?? '',
    ],
  },
  {
    route: 'POST /v1/reports/{month}',
    addressing: 'body',
    level: 'district',
    request: (world, target) => ({
      method: 'POST',
      url: `/v1/reports/${districtOf(world, target).reportMonth}`,
      body: { districtId: target.districtId },
    }),
    // An admin is not bound to a district: they name it (DESIGN.md: official / admin).
    expected: { school: NONE, official: DISTRICT(200), admin: EVERY(200), withoutPrincipal: 401 },
    touches: (world, target) => reportState(world, districtOf(world, target).reportMonth, target),
    sameStateAfterSuccess: true,
    subjectsOf: (answer) => [(answer.json as { districtId: string }).districtId],
  },
  {
    route: 'GET /v1/annual-reports/{period}',
    addressing: 'path',
    level: 'district',
    // Each district has a summary of its own year only: another district's year is that district's summary.
    request: (world, target) => ({
      method: 'GET',
      url: `/v1/annual-reports/${districtOf(world, target).annualPeriod}`,
    }),
    expected: { school: NONE, official: DISTRICT(200), admin: NONE, withoutPrincipal: 401 },
    subjectsOf: (answer) => [
      (answer.json as { districtId: string }).districtId,
      (answer.json as { report: { district: { id: string } } }).report.district.id,
    ],
  },
  {
    route: 'GET /v1/annual-reports/{period}/workbook',
    addressing: 'path',
    level: 'district',
    request: (world, target) => ({
      method: 'GET',
      url: `/v1/annual-reports/${districtOf(world, target).annualPeriod}/workbook`,
    }),
    expected: { school: NONE, official: DISTRICT(200), admin: NONE, withoutPrincipal: 401 },
    // The fallback file name: houqin-annual-<district>-<period>.xlsx.
    subjectsOf: (answer) => [
      /filename="houqin-annual-(.+)-\d{4}\.xlsx"/.exec(String(answer.headers['content-disposition']))?.[1] ?? '',
    ],
  },
  {
    route: 'GET /v1/annual-reports/{period}/document',
    addressing: 'path',
    level: 'district',
    request: (world, target) => ({
      method: 'GET',
      url: `/v1/annual-reports/${districtOf(world, target).annualPeriod}/document`,
    }),
    expected: { school: NONE, official: DISTRICT(200), admin: NONE, withoutPrincipal: 401 },
    subjectsOf: (answer) => [
      /filename="houqin-annual-(.+)-\d{4}\.docx"/.exec(String(answer.headers['content-disposition']))?.[1] ?? '',
    ],
  },
  {
    route: 'POST /v1/annual-reports/{period}',
    addressing: 'body',
    level: 'district',
    request: (world, target) => ({
      method: 'POST',
      url: `/v1/annual-reports/${districtOf(world, target).annualPeriod}`,
      body: { districtId: target.districtId },
    }),
    expected: { school: NONE, official: DISTRICT(200), admin: EVERY(200), withoutPrincipal: 401 },
    touches: (world, target) => reportState(world, districtOf(world, target).annualPeriod, target),
    sameStateAfterSuccess: true,
    subjectsOf: (answer) => [(answer.json as { districtId: string }).districtId],
  },
];

function districtOf(world: World, school: { districtId: string }): DistrictFixture {
  return school.districtId === world.districts.a.districtId ? world.districts.a : world.districts.b;
}

/** The error code a refusal of `caller` with `status` must carry. */
export function refusalCodes(caller: Caller, status: number): string[] {
  if (status === 401) return caller.startsWith('malformed-') ? ['AUTHORIZATION_MALFORMED'] : ['UNAUTHENTICATED'];
  return (
    {
      403: ['ROLE_NOT_ALLOWED'],
      404: ['NOT_FOUND', 'REPORT_NOT_FOUND', 'ANNUAL_REPORT_NOT_FOUND'],
      422: ['SUPERSEDED_NOT_FOUND'],
    }[status] ?? []
  );
}

/** The outcome the table gives a cell. */
export function expectedOutcome(row: RouteRow, caller: Caller, scope: Scope): Outcome {
  const index = SCOPES.indexOf(scope);
  return isPrincipalCaller(caller) ? (row.expected[caller][index] as Outcome) : row.expected.withoutPrincipal;
}

export function statusOf(outcome: Outcome): number {
  return typeof outcome === 'number' ? outcome : outcome.status;
}

// ---------------------------------------------------------------------------------------------
// What refused requests must leave alone (read straight from the table and the bucket)

const consistentQuery = async (input: {
  IndexName?: string;
  KeyConditionExpression: string;
  ExpressionAttributeValues: Record<string, string>;
}) => {
  const { Items = [] } = await getDocumentClient().send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      ConsistentRead: input.IndexName === undefined,
      ExpressionAttributeNames: { '#pk': input.IndexName ? `${input.IndexName}pk` : 'pk' },
      ...input,
    }),
  );
  return Items;
};

const partitionItems = (pk: string, index?: 'gsi1' | 'gsi2' | 'gsi3') =>
  consistentQuery({
    ...(index ? { IndexName: index } : {}),
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
  });

async function submissionItem(school: SchoolFixture, submissionId: string) {
  return (
    await SubmissionEntity.build(GetItemCommand)
      .key({ districtId: school.districtId, schoolId: school.schoolId, submissionId })
      .options({ consistent: true })
      .send()
  ).Item;
}

/** A school's submissions of a month (gsi1; the partition as shared/db/entities.ts derives it). */
const schoolMonthSubmissions = (school: SchoolFixture, month: string) =>
  partitionItems(`SCHOOL#${school.districtId}#${school.schoolId}#MONTH#${month}`, 'gsi1');

const schoolHazards = (school: SchoolFixture) =>
  partitionItems(hazardPartitions(school.districtId, school.schoolId, 'open').school, 'gsi1');

/** A hazard as stored, read under its own district and under the caller's (a refused request must write neither). */
async function hazardState(world: World, target: SchoolFixture, hazardId: string) {
  const read = async (districtId: string) =>
    (await HazardEntity.build(GetItemCommand).key({ districtId, hazardId }).options({ consistent: true }).send()).Item;
  return Promise.all([read(target.districtId), read(world.districts.a.districtId)]);
}

/**
 * The photo ledger and photos of one owner, under the target's school and under the caller's
 * own school (a photo request is keyed by the caller's school, so a refused request must not
 * have started a ledger there either).
 */
async function photoOwnerState(
  world: World,
  target: SchoolFixture,
  ownerKind: 'submission' | 'hazard',
  ownerId: string,
) {
  const owners = [target, world.schools.a1].map((school) =>
    photoOwnerPartition({ districtId: school.districtId, schoolId: school.schoolId, ownerKind, ownerId }),
  );
  return Promise.all(owners.flatMap((partition) => [partitionItems(partition), partitionItems(partition, 'gsi1')]));
}

async function reportObjects(districtId: string, month: string) {
  const { json } = reportObjectKeys(districtId, month);
  const prefix = json.slice(0, json.lastIndexOf('/') + 1);
  const { Contents = [] } = await getS3Client().send(
    new ListObjectsV2Command({ Bucket: process.env.BUCKET_NAME, Prefix: prefix }),
  );
  return Contents.map((object) => `${object.Key} ${object.ETag} ${object.Size}`).sort();
}

/** A month's report index item, its mail records and its objects, for the target's district and the caller's. */
async function reportState(world: World, month: string, target: SchoolFixture) {
  const districts = [...new Set([target.districtId, world.districts.a.districtId])];
  return Promise.all(
    districts.flatMap((districtId) => [
      partitionItems(reportPartition(districtId, month)),
      reportObjects(districtId, month),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Set-up: two districts of two schools, through the code paths the admin CLI and the API use

/** Sends one request through the local API adapter (authorizer, then route) and reads the answer. */
export type Send = (call: ApiCall, authorization: string | undefined) => Promise<Answer>;

/** The adapter's request for `call` with `authorization`. */
export function incomingRequest(call: ApiCall, authorization: string | undefined): IncomingApiRequest {
  const headers: Record<string, string> = {
    host: 'api.houqin.test',
    'accept-language': 'en',
    'user-agent': 'authorization-matrix',
  };
  if (authorization !== undefined) headers.authorization = authorization;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return {
    method: call.method,
    url: call.url,
    rawHeaders: Object.entries(headers).flat(),
    body: Buffer.from(call.body === undefined ? '' : JSON.stringify(call.body)),
    sourceIp: '127.0.0.1',
    httpVersion: '1.1',
  };
}

/** The adapter's response as the test reads it. */
export function answerOf(response: HttpResponse): Answer {
  const type = String(response.headers['content-type'] ?? '');
  const text = type.startsWith('application/json') ? response.body.toString('utf8') : '';
  return {
    status: response.statusCode,
    headers: response.headers,
    json: text ? (JSON.parse(text) as unknown) : undefined,
    text,
  };
}

async function expectStatus(answer: Answer, status: number, what: string): Promise<Answer> {
  if (answer.status !== status)
    throw new Error(`Set-up: ${what} answered ${answer.status}, not ${status}: ${answer.text}`);
  return answer;
}

/**
 * Builds the world: districts A and B with schools A1, A2, B1, B2 (createDistrict/addSchool, as
 * `npm run admin` does), live, revoked and malformed tokens (issueToken/revokeToken), and per
 * school, recorded through the API with the school's own token: four hazard reports (each
 * raises one hazard), one of whose hazards is rectified, and a photo, verified as the photo
 * verifier records it. Each district's report of its own month is produced through the API by
 * an admin.
 */
export async function buildWorld(send: Send): Promise<World> {
  const tag = randomBytes(3).toString('hex');
  const now = new Date();
  const today = localDate(TIMEZONE, now);
  const months = { a: previousMonthIn(TIMEZONE, now), b: shiftMonth(previousMonthIn(TIMEZONE, now), -1) };
  // Two ended years: last calendar year for A, the calendar year before it for B.
  const periods = { a: String(Number(today.slice(0, 4)) - 1), b: String(Number(today.slice(0, 4)) - 2) };

  const districtIds = { a: `am-${tag}-da`, b: `am-${tag}-db` };
  for (const key of ['a', 'b'] as const) {
    await registerDistrict({
      districtId: districtIds[key],
      name: `矩阵测试区 ${key.toUpperCase()}`,
      officialEmails: [`${districtIds[key]}@example.cn`],
    });
  }
  const keys = ['a1', 'a2', 'b1', 'b2'] as const;
  const schoolIds = Object.fromEntries(keys.map((key) => [key, `am-${tag}-s${key}`])) as Record<
    SchoolFixture['key'],
    string
  >;
  const districtOfKey = (key: SchoolFixture['key']) => districtIds[key.startsWith('a') ? 'a' : 'b'];
  for (const key of keys) {
    await registerSchool(districtOfKey(key), {
      schoolId: schoolIds[key],
      name: `矩阵学校 ${key.toUpperCase()}`,
      kind: 'primary',
      students: 420,
      staff: 36,
      hasCanteen: true,
      boarding: false,
      registeredOn: '2025-09-01',
    });
  }

  const [officialA, officialB, admin, ...schoolTokens] = await Promise.all([
    issueToken({ role: 'official', districtId: districtIds.a }),
    issueToken({ role: 'official', districtId: districtIds.b }),
    issueToken({ role: 'admin' }),
    ...keys.map((key) => issueToken({ role: 'school', districtId: districtOfKey(key), schoolId: schoolIds[key] })),
  ]);
  const revoked = await Promise.all([
    issueToken({ role: 'school', districtId: districtIds.a, schoolId: schoolIds.a1 }),
    issueToken({ role: 'official', districtId: districtIds.a }),
    issueToken({ role: 'admin' }),
  ]);
  await Promise.all(revoked.map((issued) => revokeToken(issued.tokenId)));
  const tokenOf = Object.fromEntries(keys.map((key, index) => [key, schoolTokens[index]!])) as Record<
    SchoolFixture['key'],
    IssuedToken
  >;

  const bearer = (issued: IssuedToken) => `Bearer ${issued.token}`;
  const authorization: Record<Caller, string | undefined> = {
    school: bearer(tokenOf.a1),
    official: bearer(officialA!),
    admin: bearer(admin!),
    'no-token': undefined,
    'unknown-token': `Bearer ${generateToken()}`,
    'revoked-school': bearer(revoked[0]!),
    'revoked-official': bearer(revoked[1]!),
    'revoked-admin': bearer(revoked[2]!),
    'malformed-garbage': 'Bearer not-a-token/../%00',
    // A live token with another prefix, one cut short, one under another scheme: none authenticates.
    'malformed-prefix': `Bearer xq_${tokenOf.a1.token.slice(TOKEN_PREFIX.length)}`,
    'malformed-truncated': `Bearer ${officialA!.token.slice(0, -4)}`,
    'malformed-scheme': `Basic ${admin!.token}`,
  };

  const linkBase = 'https://api.houqin.test';
  const schools = {} as Record<SchoolFixture['key'], SchoolFixture>;
  for (const key of keys) {
    const districtId = districtOfKey(key);
    const schoolAuth = bearer(tokenOf[key]);
    const report = async () => {
      const answer = await send(
        {
          method: 'POST',
          url: '/v1/submissions',
          body: {
            submissionId: randomUUID(),
            formType: 'hazard-report',
            date: today,
            answers: validAnswers['hazard-report'],
          },
        },
        schoolAuth,
      );
      const body = (await expectStatus(answer, 201, `recording a hazard report of ${key}`)).json as {
        submission: { submissionId: string };
        hazards: { hazardId: string }[];
      };
      return { submissionId: body.submission.submissionId, hazardId: body.hazards[0]!.hazardId };
    };
    const main = await report();
    const toRectify = await report();
    const toVerify = await report();
    const correctable = await report();
    await expectStatus(
      await send(
        { method: 'POST', url: `/v1/hazards/${toVerify.hazardId}/rectification`, body: { note: '已整改，待验收。' } },
        schoolAuth,
      ),
      200,
      `rectifying a hazard of ${key}`,
    );
    const granted = await expectStatus(
      await send({ method: 'POST', url: `/v1/submissions/${main.submissionId}/photos`, body: JPEG }, schoolAuth),
      201,
      `asking for a photo of ${key}`,
    );
    const photoId = (granted.json as { photo: { photoId: string } }).photo.photoId;
    const stored = await getPhoto(districtId, photoId);
    if (!stored) throw new Error(`Set-up: photo ${photoId} was not stored`);
    const verified = await recordVerified({
      districtId,
      photoId,
      objectKey: stored.objectKey,
      size: JPEG.bytes,
      sha256: randomBytes(32).toString('hex'),
      detectedType: 'image/jpeg',
      verifiedAt: new Date(),
    });
    if (verified.result !== 'recorded')
      throw new Error(`Set-up: photo ${photoId} was not verified (${verified.result})`);
    const link = (await photoLinker(linkBase, districtId, now, [photoId]))!(photoId);

    schools[key] = {
      key,
      districtId,
      schoolId: schoolIds[key],
      token: tokenOf[key],
      mainSubmissionId: main.submissionId,
      mainHazardId: main.hazardId,
      rectifyHazardId: toRectify.hazardId,
      verifyHazardId: toVerify.hazardId,
      correctableSubmissionId: correctable.submissionId,
      photoId,
      photoLink: link.slice(linkBase.length),
      ids: [
        ...[main, toRectify, toVerify, correctable].flatMap((r) => [r.submissionId, r.hazardId]),
        photoId,
        tokenOf[key].tokenId,
      ],
    };
  }

  for (const key of ['a', 'b'] as const) {
    await expectStatus(
      await send(
        { method: 'POST', url: `/v1/reports/${months[key]}`, body: { districtId: districtIds[key] } },
        bearer(admin!),
      ),
      200,
      `producing the report of district ${key.toUpperCase()}`,
    );
    await expectStatus(
      await send(
        { method: 'POST', url: `/v1/annual-reports/${periods[key]}`, body: { districtId: districtIds[key] } },
        bearer(admin!),
      ),
      200,
      `producing the year-end summary of district ${key.toUpperCase()}`,
    );
  }

  return {
    districts: {
      a: { districtId: districtIds.a, official: officialA!, reportMonth: months.a, annualPeriod: periods.a },
      b: { districtId: districtIds.b, official: officialB!, reportMonth: months.b, annualPeriod: periods.b },
    },
    schools,
    admin: admin!,
    authorization,
    today,
  };
}
