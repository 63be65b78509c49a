import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { HouqinTable } from './table';

/*
 * Every item the system stores, declared once. Keys are derived here and nowhere else.
 * Access patterns (DESIGN.md § Data) and where each is served:
 *  1. submission by client id ........ Submission pk SUB#<district>#<school>#<id>
 *  2. a school's month of submissions  Submission gsi1 SCHOOL#<d>#<s>#MONTH#<yyyy-mm> / <date>#<form>#<id>
 *  3. a district's month (rollup) .... Submission gsi2 DISTRICT#<d>#MONTH#<yyyy-mm> / <school>#<date>#<id>
 *     an official's lookup by id ..... Submission gsi3 DISTRICT#<d>#SUBID#<id> / <school>
 *  4. a school's hazards ............. Hazard gsi1 SCHOOL#<d>#<s>#HAZARDS / <raisedAt>#<id>
 *     a district's hazards by status . Hazard gsi2 DISTRICT#<d>#HAZARDS#<status> / <due>#<id>
 *     all open hazards by due date ... Hazard gsi3 HAZARDS#OPEN / <due>#<d>#<id> (sparse: open only)
 *  6. token hash → principal ......... Token pk TOKEN#<sha256>; TokenId pk TOKENID#<id> → hash
 *  7. a district with its schools .... District and School share pk DISTRICT#<d>
 *     every district ................. District gsi1 DISTRICTS / <d>
 * Every item carries `entity` (the toolbox's entity attribute) and `schemaVersion`.
 */

const timestamps = {
  created: { name: 'createdAt', savedAs: 'createdAt' },
  modified: { name: 'updatedAt', savedAs: 'updatedAt' },
} as const;

const text = () => map({ zh: string(), en: string() });

const districtSchema = item({
  districtId: string().key(),
  name: string(),
  timezone: string(),
  locale: string().enum('zh-CN', 'en'),
  officialEmails: list(string()),
  /** Days to rectify by severity, where the district overrides the defaults. */
  hazardDueDays: map({ critical: number(), high: number(), medium: number(), low: number() }).optional(),
  /** Compliance rate under which a school is listed (0–1). @default 0.9 */
  complianceThreshold: number().optional(),
  /** The district's school calendar: terms, and days that differ from the national calendar. */
  calendar: map({
    terms: list(map({ name: string(), start: string(), end: string() })),
    /** Extra days off (e.g. a local holiday, a sports day). */
    extraHolidays: list(string()),
    /** Extra school days (a make-up day the national calendar does not have). */
    extraSchoolDays: list(string()),
  }).optional(),
  schemaVersion: number().const(1),
});
export const DistrictEntity = new Entity({
  name: 'District',
  table: HouqinTable,
  timestamps,
  schema: districtSchema.and((_prev) => ({
    gsi1pk: string().hidden().link<typeof _prev>(() => 'DISTRICTS'),
    gsi1sk: string().hidden().link<typeof _prev>(({ districtId }) => districtId),
  })),
  computeKey: ({ districtId }) => ({ pk: `DISTRICT#${districtId}`, sk: 'DISTRICT' }),
});

export const SchoolEntity = new Entity({
  name: 'School',
  table: HouqinTable,
  timestamps,
  schema: item({
    districtId: string().key(),
    schoolId: string().key(),
    name: string(),
    kind: string().enum('primary', 'middle', 'nine-year', 'vocational', 'kindergarten'),
    students: number(),
    staff: number(),
    hasCanteen: boolean(),
    boarding: boolean(),
    nutritionProgramme: boolean().default(false),
    /** School-local date from which the school is expected to submit. */
    registeredOn: string(),
    schemaVersion: number().const(1),
  }),
  computeKey: ({ districtId, schoolId }) => ({ pk: `DISTRICT#${districtId}`, sk: `SCHOOL#${schoolId}` }),
});

const tokenSchema = item({
  tokenHash: string().key(),
  tokenId: string(),
  role: string().enum('school', 'official', 'admin'),
  districtId: string().optional(),
  schoolId: string().optional(),
  label: string(),
  revokedAt: string().optional(),
  schemaVersion: number().const(1),
});
export const TokenEntity = new Entity({
  name: 'Token',
  table: HouqinTable,
  timestamps,
  schema: tokenSchema.and((_prev) => ({
    gsi1pk: string().hidden().link<typeof _prev>(({ districtId }) => `TOKENS#${districtId ?? 'ADMIN'}`),
    gsi1sk: string().hidden().link<typeof _prev>(({ tokenId }) => tokenId),
  })),
  computeKey: ({ tokenHash }) => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' }),
});

/** Points a token's public id (what admins revoke by) to its hash. */
export const TokenIdEntity = new Entity({
  name: 'TokenId',
  table: HouqinTable,
  timestamps,
  schema: item({
    tokenId: string().key(),
    tokenHash: string(),
    schemaVersion: number().const(1),
  }),
  computeKey: ({ tokenId }) => ({ pk: `TOKENID#${tokenId}`, sk: 'TOKENID' }),
});

const submissionSchema = item({
  districtId: string().key(),
  schoolId: string().key(),
  submissionId: string().key(),
  formType: string(),
  formVersion: number(),
  /** School-local calendar date the submission is about (YYYY-MM-DD). */
  date: string(),
  month: string(),
  answers: any(),
  note: string().optional(),
  submittedBy: string(),
  receivedAt: string(),
  /** SHA-256 of the canonical request body: an identical replay matches it. */
  bodyHash: string(),
  hazardIds: list(string()),
  /** The exact body of the first 201 response, returned again on an identical replay. */
  responseBody: string(),
  /** The earlier submission (same school and form) this one corrects. */
  supersedes: string().optional(),
  /** Set on the earlier submission when a correction arrives: counts use the latest only. */
  supersededBy: string().optional(),
  /** Suspicious but accepted answers, for the report's data-quality section. */
  qualityFlags: list(map({ code: string(), field: string().optional(), message: text(), details: any().optional() })).optional(),
  schemaVersion: number().const(1),
});
export const SubmissionEntity = new Entity({
  name: 'Submission',
  table: HouqinTable,
  timestamps,
  schema: submissionSchema.and((_prev) => ({
    gsi1pk: string().hidden().link<typeof _prev>(({ districtId, schoolId, month }) => `SCHOOL#${districtId}#${schoolId}#MONTH#${month}`),
    gsi1sk: string().hidden().link<typeof _prev>(({ date, formType, submissionId }) => `${date}#${formType}#${submissionId}`),
    gsi2pk: string().hidden().link<typeof _prev>(({ districtId, month }) => `DISTRICT#${districtId}#MONTH#${month}`),
    gsi2sk: string().hidden().link<typeof _prev>(({ schoolId, date, submissionId }) => `${schoolId}#${date}#${submissionId}`),
    gsi3pk: string().hidden().link<typeof _prev>(({ districtId, submissionId }) => `DISTRICT#${districtId}#SUBID#${submissionId}`),
    gsi3sk: string().hidden().link<typeof _prev>(({ schoolId }) => schoolId),
  })),
  computeKey: ({ districtId, schoolId, submissionId }) => ({ pk: `SUB#${districtId}#${schoolId}#${submissionId}`, sk: 'SUB' }),
});

/** One step of a hazard's life: who did what, when, with which note and photos. */
const hazardEventSchema = map({
  action: string().enum('raised', 'rectified', 'verified', 'rejected', 'overdue'),
  /** The status after the step. */
  status: string(),
  at: string(),
  /** Token id of who did it ('system' for the sweep). */
  by: string(),
  note: string().optional(),
  photoIds: list(string()).optional(),
});

const hazardSchema = item({
  districtId: string().key(),
  hazardId: string().key(),
  schoolId: string(),
  /** Submission that raised it, and the rule (or `report` for a hazard-report form). */
  submissionId: string(),
  formType: string(),
  ruleId: string(),
  severity: string().enum('critical', 'high', 'medium', 'low'),
  category: string(),
  title: text(),
  place: string().optional(),
  description: string().optional(),
  status: string().enum('open', 'rectified', 'verified'),
  foundOn: string(),
  dueDate: string(),
  raisedAt: string(),
  /** When the overdue sweep found it past its due date and not rectified. */
  overdueAt: string().optional(),
  history: list(hazardEventSchema),
  schemaVersion: number().const(1),
});
export const HazardEntity = new Entity({
  name: 'Hazard',
  table: HouqinTable,
  timestamps,
  schema: hazardSchema.and((_prev) => ({
    gsi1pk: string().hidden().link<typeof _prev>(({ districtId, schoolId }) => `SCHOOL#${districtId}#${schoolId}#HAZARDS`),
    gsi1sk: string().hidden().link<typeof _prev>(({ raisedAt, hazardId }) => `${raisedAt}#${hazardId}`),
    gsi2pk: string().hidden().link<typeof _prev>(({ districtId, status }) => `DISTRICT#${districtId}#HAZARDS#${status}`),
    gsi2sk: string().hidden().link<typeof _prev>(({ dueDate, hazardId }) => `${dueDate}#${hazardId}`),
    gsi3pk: string().hidden().optional().link<typeof _prev>(({ status }) => (status === 'open' ? 'HAZARDS#OPEN' : undefined)),
    gsi3sk: string().hidden().optional().link<typeof _prev>(({ status, dueDate, districtId, hazardId }) =>
      status === 'open' ? `${dueDate}#${districtId}#${hazardId}` : undefined,
    ),
  })),
  computeKey: ({ districtId, hazardId }) => ({ pk: `HAZARD#${districtId}#${hazardId}`, sk: 'HAZARD' }),
});
