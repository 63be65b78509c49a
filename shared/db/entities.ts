import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { set } from 'dynamodb-toolbox/schema/set';
import { string } from 'dynamodb-toolbox/schema/string';
import {
  districtKey,
  DISTRICTS_PARTITION,
  ENTITY_NAMES,
  hazardIndexKeys,
  hazardKey,
  SCHEMA_VERSIONS,
  schoolKey,
  submissionIndexKeys,
  submissionKey,
  TIMESTAMP_ATTRIBUTES,
} from './keys';
import { HouqinTable } from './table';

/*
 * Every item the system stores, declared once. Keys are derived here and nowhere else.
 * Access patterns (DESIGN.md § Data) and where each is served:
 *  1. submission by client id ........ Submission pk SUB#<district>#<school>#<id>
 *  2. a school's month of submissions  Submission gsi1 SCHOOL#<d>#<s>#MONTH#<yyyy-mm> / <date>#<form>#<id>
 *  3. a district's month (rollup) .... Submission gsi2 DISTRICT#<d>#MONTH#<yyyy-mm> / <school>#<date>#<id>
 *     an official's lookup by id ..... Submission gsi3 DISTRICT#<d>#SUBID#<id> / <school>
 *     a district's month of one form . Submission gsi4 DISTRICT#<d>#MONTH#<yyyy-mm>#FORM#<form> / <school>#<date>#<id>
 *  4. a school's hazards ............. Hazard gsi1 SCHOOL#<d>#<s>#HAZARDS / <raisedAt>#<id>
 *     a district's hazards by status . Hazard gsi2 DISTRICT#<d>#HAZARDS#<status> / <due>#<id>
 *     all open hazards by due date ... Hazard gsi3 HAZARDS#OPEN / <due>#<d>#<id> (sparse: open only)
 *     … of one status and school ..... Hazard gsi4 DISTRICT#<d>#HAZARDS#<status>#SCHOOL#<s> / <due>#<id>
 *     … of one status and severity ... Hazard gsi5 DISTRICT#<d>#HAZARDS#<status>#SEVERITY#<sev> / <due>#<id>
 *     … of one status and category ... Hazard gsi6 DISTRICT#<d>#HAZARDS#<status>#CATEGORY#<cat> / <due>#<id>
 *  5. the photos of a submission/hazard Photo gsi1 PHOTOS#<d>#<s>#<kind>#<owner> / <requestedAt>#<photoId>
 *     a photo by id .................. Photo pk PHOTO#<d>#<photoId>
 *     same content by a school ....... Photo gsi2 SCHOOL#<d>#<s>#SHA256#<sha256> / <evidenceDate>#<photoId> (sparse: verified only)
 *     a district's photos of a month . Photo gsi3 DISTRICT#<d>#PHOTOS#<yyyy-mm> / <school>#<requestedAt>#<photoId> (evidence month)
 *     photo requests of one owner .... PhotoOwner pk PHOTOS#<d>#<s>#<kind>#<owner> (serializes the limit of 12)
 *     a school's uploads of a day .... PhotoUploadDay pk PHOTOS#<d>#<s>#day#<yyyy-mm-dd> (the daily cap)
 *  6. token hash → principal ......... Token pk TOKEN#<sha256>; TokenId pk TOKENID#<id> → hash
 *  7. a district with its schools .... District and School share pk DISTRICT#<d>
 *     every district ................. District gsi1 DISTRICTS / <d>
 *  8. a district's reports by month .. Report pk REPORT#<d>#<yyyy-mm> sk REPORT; gsi1 DISTRICT#<d>#REPORTS / <yyyy-mm>
 *     a report's mail (send state) ... ReportMail pk REPORT#<d>#<yyyy-mm> sk MAIL#<delivery>#<address> (same partition)
 *     the e-mails still to be sent ... ReportMail gsi2 REPORTMAIL#DUE / <nextAttemptAt>#… (sparse: unsent only)
 *     an address that bounced ........ SuppressedRecipient pk SUPPRESSED#<address>; gsi1 SUPPRESSED / <address>
 * Every item carries `entity` (the toolbox's entity attribute) and `schemaVersion`. The keys of
 * the items a submission reads and writes are derived in keys.ts (the submission path uses them
 * without the toolbox); the others here.
 */

/**
 * Builds a top-level entity or schema in a call esbuild may drop: a bundle then keeps only the
 * entities its function uses, instead of building all of them (and checking their schemas) on
 * every cold start. `build` must do nothing but build.
 */
/* @__NO_SIDE_EFFECTS__ */
function built<T>(build: () => T): T {
  return build();
}

const timestamps = {
  created: { name: TIMESTAMP_ATTRIBUTES.created, savedAs: TIMESTAMP_ATTRIBUTES.created },
  modified: { name: TIMESTAMP_ATTRIBUTES.modified, savedAs: TIMESTAMP_ATTRIBUTES.modified },
} as const;

const text = () => map({ zh: string(), en: string() });

const districtSchema = built(() =>
  item({
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
    /**
     * The district's targets the monthly report compares with (shared/reports/input.ts
     * DistrictTargets): energy in kWh and m³ a month, reductions in % year on year, rates 0–1.
     */
    targets: map({
      electricityKwh: number().optional(),
      waterM3: number().optional(),
      electricityReductionPercent: number().optional(),
      waterReductionPercent: number().optional(),
      insuranceRate: number().optional(),
      complianceRate: number().optional(),
    }).optional(),
    /**
     * Critical-hazard alert mails an hour may carry one by one, per school and for the whole
     * district (shared/hazards/alert-budget.ts); past them alerts wait for the hour's digest.
     */
    alertBudget: map({ school: number(), district: number() }).optional(),
    /** Days a new school token works unless its issuer says otherwise. @default 365 */
    schoolTokenDays: number().optional(),
    /** Photo uploads a school may ask for a day (shared/photos/upload-requests.ts). @default 200 */
    photoUploadsPerDay: number().optional(),
    schemaVersion: number().const(1),
  }),
);
export const DistrictEntity = built(
  () =>
    new Entity({
      name: ENTITY_NAMES.district,
      table: HouqinTable,
      timestamps,
      schema: districtSchema.and((_prev) => ({
        gsi1pk: string()
          .hidden()
          .link<typeof _prev>(() => DISTRICTS_PARTITION),
        gsi1sk: string()
          .hidden()
          .link<typeof _prev>(({ districtId }) => districtId),
      })),
      computeKey: districtKey,
    }),
);

export const SchoolEntity = built(
  () =>
    new Entity({
      name: ENTITY_NAMES.school,
      table: HouqinTable,
      timestamps,
      schema: item({
        districtId: string().key(),
        schoolId: string().key(),
        name: string(),
        kind: string().enum('primary', 'middle', 'nine-year', 'vocational', 'kindergarten', 'special'),
        students: number(),
        staff: number(),
        hasCanteen: boolean(),
        /** Whether the school has boarders at all (so its dormitory forms are due); see partlyBoarding. */
        boarding: boolean(),
        /** A boarding school where only some students board (寄宿：部分); only set with boarding. */
        partlyBoarding: boolean().optional(),
        nutritionProgramme: boolean().default(false),
        /** School-local date from which the school is expected to submit. */
        registeredOn: string(),
        /**
         * School-local date from which the school is archived (removed from the roster): it owes
         * nothing from that day on and its tokens stop working; its history stays and past months
         * still count it. Absent for a school on the roster.
         */
        archivedOn: string().optional(),
        schemaVersion: number().const(1),
      }),
      computeKey: schoolKey,
    }),
);

const tokenSchema = built(() =>
  item({
    tokenHash: string().key(),
    tokenId: string(),
    role: string().enum('school', 'official', 'admin'),
    districtId: string().optional(),
    schoolId: string().optional(),
    label: string(),
    revokedAt: string().optional(),
    /** When the token stops working (ISO-8601 UTC); absent: it never expires. A rotation brings it forward to the end of the grace period. */
    expiresAt: string().optional(),
    /** The token id of the token this one was rotated to (`token rotate`). */
    rotatedTo: string().optional(),
    schemaVersion: number().const(1),
  }),
);
/** The gsi1 partition listing a district's tokens (or, with no district, the admin tokens). */
export function tokenListPartition(districtId: string | undefined): string {
  return `TOKENS#${districtId ?? 'ADMIN'}`;
}

export const TokenEntity = built(
  () =>
    new Entity({
      name: 'Token',
      table: HouqinTable,
      timestamps,
      schema: tokenSchema.and((_prev) => ({
        gsi1pk: string()
          .hidden()
          .link<typeof _prev>(({ districtId }) => tokenListPartition(districtId)),
        gsi1sk: string()
          .hidden()
          .link<typeof _prev>(({ tokenId }) => tokenId),
      })),
      computeKey: ({ tokenHash }) => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' }),
    }),
);

/** Points a token's public id (what admins revoke by) to its hash. */
export const TokenIdEntity = built(
  () =>
    new Entity({
      name: 'TokenId',
      table: HouqinTable,
      timestamps,
      schema: item({
        tokenId: string().key(),
        tokenHash: string(),
        schemaVersion: number().const(1),
      }),
      computeKey: ({ tokenId }) => ({ pk: `TOKENID#${tokenId}`, sk: 'TOKENID' }),
    }),
);

const submissionSchema = built(() =>
  item({
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
    /** Its verified photos, kept by the photo store in the transaction that verifies or quarantines one (absent: none). */
    photoCount: number().optional(),
    /** The exact body of the first 201 response, returned again on an identical replay. */
    responseBody: string(),
    /** The earlier submission (same school and form) this one corrects. */
    supersedes: string().optional(),
    /** Set on the earlier submission when a correction arrives: counts use the latest only. */
    supersededBy: string().optional(),
    /** Suspicious but accepted answers, for the report's data-quality section. */
    qualityFlags: list(
      map({ code: string(), field: string().optional(), message: text(), details: any().optional() }),
    ).optional(),
    /** Set on a past record loaded by `history import` (shared/history): when, and from which file. It raised no hazard and sent no mail. */
    importedAt: string().optional(),
    importedFrom: string().optional(),
    schemaVersion: number().const(SCHEMA_VERSIONS.submission),
  }),
);
export const SubmissionEntity = built(
  () =>
    new Entity({
      name: ENTITY_NAMES.submission,
      table: HouqinTable,
      timestamps,
      schema: submissionSchema.and((_prev) => ({
        gsi1pk: string().hidden().link<typeof _prev>(submissionIndexKeys.gsi1pk),
        gsi1sk: string().hidden().link<typeof _prev>(submissionIndexKeys.gsi1sk),
        gsi2pk: string().hidden().link<typeof _prev>(submissionIndexKeys.gsi2pk),
        gsi2sk: string().hidden().link<typeof _prev>(submissionIndexKeys.gsi2sk),
        gsi3pk: string().hidden().link<typeof _prev>(submissionIndexKeys.gsi3pk),
        gsi3sk: string().hidden().link<typeof _prev>(submissionIndexKeys.gsi3sk),
        gsi4pk: string().hidden().link<typeof _prev>(submissionIndexKeys.gsi4pk),
        gsi4sk: string().hidden().link<typeof _prev>(submissionIndexKeys.gsi4sk),
      })),
      computeKey: submissionKey,
    }),
);

/** One step of a hazard's life: who did what, when, with which note and photos. */
const hazardEventSchema = built(() =>
  map({
    action: string().enum('raised', 'rectified', 'verified', 'rejected', 'overdue'),
    /** The status after the step. */
    status: string(),
    at: string(),
    /** Token id of who did it ('system' for the sweep). */
    by: string(),
    note: string().optional(),
    photoIds: list(string()).optional(),
  }),
);

const hazardSchema = built(() =>
  item({
    districtId: string().key(),
    hazardId: string().key(),
    schoolId: string(),
    /** Submission that raised it, and the rule (`reported` for a school's own hazard report). */
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
    schemaVersion: number().const(SCHEMA_VERSIONS.hazard),
  }),
);
export const HazardEntity = built(
  () =>
    new Entity({
      name: ENTITY_NAMES.hazard,
      table: HouqinTable,
      timestamps,
      schema: hazardSchema.and((_prev) => ({
        gsi1pk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi1pk),
        gsi1sk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi1sk),
        gsi2pk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi2pk),
        gsi2sk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi2sk),
        gsi3pk: string().hidden().optional().link<typeof _prev>(hazardIndexKeys.gsi3pk),
        gsi3sk: string().hidden().optional().link<typeof _prev>(hazardIndexKeys.gsi3sk),
        gsi4pk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi4pk),
        gsi4sk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi4sk),
        gsi5pk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi5pk),
        gsi5sk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi5sk),
        gsi6pk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi6pk),
        gsi6sk: string().hidden().link<typeof _prev>(hazardIndexKeys.gsi6sk),
      })),
      computeKey: hazardKey,
    }),
);

// ---------------------------------------------------------------------------------------------
// Photo evidence (shared/photos/: keys.ts makes the object keys, store.ts reads and writes these)

/** What a photo is evidence for: a submission, or a hazard's rectification. */
export const PHOTO_OWNER_KINDS = ['submission', 'hazard'] as const;
/** requested (upload allowed until expiresAt) → verified, or → quarantined; nothing else moves. */
export const PHOTO_STATUSES = ['requested', 'verified', 'quarantined'] as const;

/** The partition of gsi1 holding the photos of one submission or hazard (also the PhotoOwner's pk). */
export function photoOwnerPartition(owner: {
  districtId: string;
  schoolId: string;
  ownerKind: string;
  ownerId: string;
}): string {
  return `PHOTOS#${owner.districtId}#${owner.schoolId}#${owner.ownerKind}#${owner.ownerId}`;
}

/** The partition of gsi2 holding a school's verified photos with one content (SHA-256, hex). */
export function photoContentPartition(districtId: string, schoolId: string, sha256: string): string {
  return `SCHOOL#${districtId}#${schoolId}#SHA256#${sha256}`;
}

/** The partition of gsi3 holding a district's photos whose evidence date falls in `month` (YYYY-MM). */
export function districtPhotoMonthPartition(districtId: string, month: string): string {
  return `DISTRICT#${districtId}#PHOTOS#${month}`;
}

const photoSchema = built(() =>
  item({
    districtId: string().key(),
    /** A UUID made by the server when the upload is asked for. */
    photoId: string().key(),
    schoolId: string(),
    ownerKind: string().enum(...PHOTO_OWNER_KINDS),
    /** The submission id, or the hazard id. */
    ownerId: string(),
    /**
     * The school-local date the photo is evidence for: the submission's date, or the district's
     * date when a rectification photo was asked for. "The same photo on another day" compares it.
     */
    evidenceDate: string(),
    /** Where the upload must land (shared/photos/keys.ts), pinned in the presigned POST's policy. */
    objectKey: string(),
    /** Declared by the school, pinned in the policy. */
    contentType: string(),
    /** Declared by the school (the policy allows 1 byte to 10 MiB whatever is declared). */
    bytes: number(),
    status: string().enum(...PHOTO_STATUSES),
    requestedAt: string(),
    /** Token id of who asked. */
    requestedBy: string(),
    /** When the presigned POST stops working. */
    expiresAt: string(),
    // Set by verification (the S3 ObjectCreated handler):
    verifiedAt: string().optional(),
    /** Real size in bytes, read from S3. */
    size: number().optional(),
    /** Hex SHA-256 of the content. */
    sha256: string().optional(),
    /** MIME type found from the content's first bytes. */
    detectedType: string().optional(),
    /**
     * The S3 version id of the object verification read (a versioned bucket names one): every
     * download names it, so bytes posted to the same key later are never served.
     */
    versionId: string().optional(),
    quarantinedAt: string().optional(),
    /** A code of PHOTO_QUARANTINE_REASONS (shared/photos/records.ts). */
    quarantineReason: string().optional(),
    /** Where the object was moved to (quarantine/…). */
    quarantineKey: string().optional(),
    /** An earlier verified photo of the same school with the same content, for another day. */
    duplicateOf: string().optional(),
    schemaVersion: number().const(1),
  }),
);
export const PhotoEntity = built(
  () =>
    new Entity({
      name: 'Photo',
      table: HouqinTable,
      timestamps,
      schema: photoSchema.and((_prev) => ({
        gsi1pk: string()
          .hidden()
          .link<typeof _prev>((photo) => photoOwnerPartition(photo)),
        gsi1sk: string()
          .hidden()
          .link<typeof _prev>(({ requestedAt, photoId }) => `${requestedAt}#${photoId}`),
        gsi2pk: string()
          .hidden()
          .optional()
          .link<typeof _prev>(({ status, sha256, districtId, schoolId }) =>
            status === 'verified' && sha256 ? photoContentPartition(districtId, schoolId, sha256) : undefined,
          ),
        gsi2sk: string()
          .hidden()
          .optional()
          .link<typeof _prev>(({ status, sha256, evidenceDate, photoId }) =>
            status === 'verified' && sha256 ? `${evidenceDate}#${photoId}` : undefined,
          ),
        gsi3pk: string()
          .hidden()
          .link<typeof _prev>(({ districtId, evidenceDate }) =>
            districtPhotoMonthPartition(districtId, evidenceDate.slice(0, 7)),
          ),
        gsi3sk: string()
          .hidden()
          .link<typeof _prev>(({ schoolId, requestedAt, photoId }) => `${schoolId}#${requestedAt}#${photoId}`),
      })),
      computeKey: ({ districtId, photoId }) => ({ pk: `PHOTO#${districtId}#${photoId}`, sk: 'PHOTO' }),
    }),
);

/**
 * The photo requests of one submission or hazard, in order. Every request rewrites it on
 * condition that `revision` is unchanged, so concurrent requests are serialized and the limit
 * of photos per owner holds.
 */
export const PhotoOwnerEntity = built(
  () =>
    new Entity({
      name: 'PhotoOwner',
      table: HouqinTable,
      timestamps,
      schema: item({
        districtId: string().key(),
        schoolId: string().key(),
        ownerKind: string()
          .key()
          .enum(...PHOTO_OWNER_KINDS),
        ownerId: string().key(),
        photoIds: list(string()),
        revision: number(),
        schemaVersion: number().const(1),
      }),
      computeKey: (owner) => ({ pk: photoOwnerPartition(owner), sk: 'PHOTOOWNER' }),
    }),
);

/**
 * How many photo uploads one school asked for on one day (the district's date): the daily cap
 * (`photoUploadsPerDay`) is a condition on it, in the same transaction as the Photo item. Expires
 * (table TTL, `expiresAt` in epoch seconds) a few days later.
 */
export const PhotoUploadDayEntity = built(
  () =>
    new Entity({
      name: 'PhotoUploadDay',
      table: HouqinTable,
      timestamps,
      schema: item({
        districtId: string().key(),
        schoolId: string().key(),
        date: string().key(),
        uploads: number(),
        expiresAt: number(),
        schemaVersion: number().const(1),
      }),
      computeKey: ({ districtId, schoolId, date }) => ({
        pk: `PHOTOS#${districtId}#${schoolId}#day#${date}`,
        sk: 'PHOTOUPLOADDAY',
      }),
    }),
);

// ---------------------------------------------------------------------------------------------
// Monthly reports and their mail (shared/reports/pipeline/: store.ts, outbox.ts, suppression.ts)

/** The partition of one district's month: the report's index item and every mail of it. */
export function reportPartition(districtId: string, month: string): string {
  return `REPORT#${districtId}#${month}`;
}

/** The gsi1 partition listing a district's reports by month. */
export function districtReportsPartition(districtId: string): string {
  return `DISTRICT#${districtId}#REPORTS`;
}

/** The gsi2 partition of report mail still to be sent (sorted by when the next attempt is due). */
export const REPORT_MAIL_DUE_PARTITION = 'REPORTMAIL#DUE';

/** The sort key of one mail in its report's partition: deliveries in order, then addresses. */
export function reportMailSortKey(delivery: number, recipient: string): string {
  return `MAIL#${String(delivery).padStart(4, '0')}#${recipient}`;
}

/**
 * A month's report as stored: where its JSON and workbook are in S3, the hash of its figures
 * (the JSON without producedAt: the same figures give the same hash), a summary for lists, and
 * how many mail deliveries were made of it.
 */
export const ReportEntity = built(
  () =>
    new Entity({
      name: 'Report',
      table: HouqinTable,
      timestamps,
      schema: item({
        districtId: string().key(),
        month: string().key(),
        reportVersion: number(),
        /** When the stored figures were produced (kept while a new run finds the same figures). */
        producedAt: string(),
        /** SHA-256 (hex) of the report's canonical JSON without producedAt. */
        contentHash: string(),
        /** 1 for the first figures of the month, one more each time they changed. */
        revision: number(),
        jsonKey: string(),
        workbookKey: string(),
        jsonBytes: number(),
        workbookBytes: number(),
        /** The S3 object versions of this revision (the bucket is versioned): earlier ones stay readable. */
        jsonVersionId: string().optional(),
        workbookVersionId: string().optional(),
        /** A few headline figures, for lists and the API's answers without reading S3. */
        summary: map({
          schoolsRegistered: number(),
          schoolsReporting: number(),
          /** Overall compliance rate 0–1; absent when nothing was due. */
          complianceRate: number().optional(),
          hazardsFound: number(),
          hazardsOpenAtMonthEnd: number(),
          hazardsOverdueAtMonthEnd: number(),
          criticalHazards: number(),
        }),
        /** Mail deliveries created (1: the scheduled one; one more each time it is sent again). */
        deliveries: number(),
        /** Who produced the stored revision: schedule, api:<tokenId> or cli. */
        producedBy: string(),
        schemaVersion: number().const(1),
      }).and((_prev) => ({
        gsi1pk: string()
          .hidden()
          .link<typeof _prev>(({ districtId }) => districtReportsPartition(districtId)),
        gsi1sk: string()
          .hidden()
          .link<typeof _prev>(({ month }) => month),
      })),
      computeKey: ({ districtId, month }) => ({ pk: reportPartition(districtId, month), sk: 'REPORT' }),
    }),
);

/** pending → sending (a lease) → sent | failed (retried at nextAttemptAt, or given up without it); skipped: suppressed; bounced: sent, then bounced. */
export const REPORT_MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped', 'bounced'] as const;

/**
 * The mail outbox of reports: one item per delivery and recipient, written before anything is
 * sent. While unsent it is listed on gsi2 by the time its next attempt is due, which is how the
 * retry schedule finds it.
 */
export const ReportMailEntity = built(
  () =>
    new Entity({
      name: 'ReportMail',
      table: HouqinTable,
      // createdAt is ours (kept on every write); updatedAt is set by the toolbox.
      timestamps: { created: false, modified: { name: 'updatedAt', savedAs: 'updatedAt' } },
      schema: item({
        districtId: string().key(),
        month: string().key(),
        /** 1 for the scheduled mail of the month, 2… for each time it was asked again. */
        delivery: number().key(),
        /** The official's address, lower-cased. */
        recipient: string().key(),
        status: string().enum(...REPORT_MAIL_STATUSES),
        /** Send attempts so far; each claim adds one and later writes are conditional on it. */
        attempts: number(),
        /** Who asked for the delivery: schedule, api:<tokenId> or cli. */
        requestedBy: string(),
        createdAt: string(),
        /** While unsent: when the next attempt is due (a `sending` claim: when its lease ends). */
        nextAttemptAt: string().optional(),
        claimedAt: string().optional(),
        sentAt: string().optional(),
        /** SES's message id of the mail sent. */
        messageId: string().optional(),
        /** The report figures mailed (Report.contentHash at the time). */
        contentHash: string().optional(),
        /** The last failure, shortened; its SES error code apart. */
        lastError: string().optional(),
        lastErrorCode: string().optional(),
        /** Why it was not sent: the address is suppressed (bounce, complaint). */
        skippedReason: string().optional(),
        bouncedAt: string().optional(),
        schemaVersion: number().const(1),
      }).and((_prev) => ({
        gsi2pk: string()
          .hidden()
          .optional()
          .link<typeof _prev>(({ status, nextAttemptAt }) =>
            nextAttemptAt && ['pending', 'sending', 'failed'].includes(status) ? REPORT_MAIL_DUE_PARTITION : undefined,
          ),
        gsi2sk: string()
          .hidden()
          .optional()
          .link<typeof _prev>(({ status, nextAttemptAt, districtId, month, delivery, recipient }) =>
            nextAttemptAt && ['pending', 'sending', 'failed'].includes(status)
              ? `${nextAttemptAt}#${districtId}#${month}#${delivery}#${recipient}`
              : undefined,
          ),
      })),
      computeKey: ({ districtId, month, delivery, recipient }) => ({
        pk: reportPartition(districtId, month),
        sk: reportMailSortKey(delivery, recipient),
      }),
    }),
);

/**
 * An address no mail goes to any more, whatever the district: it bounced permanently or its
 * owner complained (SES notifications, recorded by record-bounce).
 */
/** The gsi1 partition that holds every suppressed address (`suppression list` queries it). */
export const SUPPRESSED_PARTITION = 'SUPPRESSED';

export const SuppressedRecipientEntity = built(
  () =>
    new Entity({
      name: 'SuppressedRecipient',
      table: HouqinTable,
      timestamps,
      schema: item({
        /** Lower-cased. */
        address: string().key(),
        /** The latest notification's reason and time (what the list shows). */
        reason: string().enum('bounce', 'complaint'),
        /** When it bounced (the notification's timestamp). */
        at: string(),
        /**
         * Version 1 only: the one notification's details, flat. Version 2 keeps every notification
         * in `events` instead; shared/reports/pipeline/suppression.ts reads both, and
         * `npm run admin -- table migrate suppressed-recipient-v2` upgrades 1 to 2 in place.
         */
        kind: string().optional(),
        subKind: string().optional(),
        diagnostic: string().optional(),
        messageId: string().optional(),
        feedbackId: string().optional(),
        /** Version 2: the notifications recorded for the address, oldest first. */
        events: list(
          map({
            reason: string().enum('bounce', 'complaint'),
            at: string(),
            /** SES's bounce type and subtype (Permanent/General, …) or the complaint's feedback type. */
            kind: string().optional(),
            subKind: string().optional(),
            /** The receiving server's diagnostic, shortened. */
            diagnostic: string().optional(),
            /** The SES message that bounced, and SES's id of the notification. */
            messageId: string().optional(),
            feedbackId: string().optional(),
          }),
        ).optional(),
        schemaVersion: number().enum(1, 2),
      }).and((_prev) => ({
        gsi1pk: string()
          .hidden()
          .link<typeof _prev>(() => SUPPRESSED_PARTITION),
        gsi1sk: string()
          .hidden()
          .link<typeof _prev>(({ address }) => address),
      })),
      computeKey: ({ address }) => ({ pk: `SUPPRESSED#${address}`, sk: 'SUPPRESSED' }),
    }),
);

/**
 * The critical-hazard alerts mailed one by one in an hour (UTC clock hour) of a district: one item
 * for the whole district (`scope` = `district`) and one per school (`school#<id>`). The size of
 * `mailed` is what the district's alert budget caps (shared/hazards/alert-budget.ts).
 */
export const AlertWindowEntity = built(
  () =>
    new Entity({
      name: 'AlertWindow',
      table: HouqinTable,
      timestamps,
      schema: item({
        districtId: string().key(),
        windowStart: string().key(),
        scope: string().key(),
        /** The hazards whose alert was mailed on its own in this window. */
        mailed: set(string()),
        schemaVersion: number().const(1),
      }),
      computeKey: ({ districtId, windowStart, scope }) => ({
        pk: `ALERTWINDOW#${districtId}#${windowStart}`,
        sk: scope,
      }),
    }),
);

/**
 * A critical hazard's alert held past the budget of its hour, for the digest mailed when the hour
 * ends (shared/hazards/alert-budget.ts). Kept after the digest (`digestId` set), for the monthly
 * report's count of held alerts: pk ALERTHELD#<district>, sk <windowStart>#<hazardId>, so a month
 * is a key range. gsi1 ALERTS#HELD / <windowStart>#<district>#<hazardId> lists every held alert
 * not yet in a sent digest (sparse).
 */
/** The partition of a district's held alerts (sorted by `<windowStart>#<hazardId>`: a month is a key range). */
export function heldAlertsPartition(districtId: string): string {
  return `ALERTHELD#${districtId}`;
}

/** The gsi1 partition listing every held alert not yet in a sent digest (sparse). */
export const HELD_ALERTS_AWAITING_DIGEST_PARTITION = 'ALERTS#HELD';

export const HeldAlertEntity = built(
  () =>
    new Entity({
      name: 'HeldAlert',
      table: HouqinTable,
      timestamps,
      schema: item({
        districtId: string().key(),
        windowStart: string().key(),
        hazardId: string().key(),
        schoolId: string(),
        /** Which budget the hour had spent: the school's or the whole district's. */
        reason: string().enum('school-budget', 'district-budget'),
        heldAt: string(),
        /** The digest (its outbox alert id) that carried it; absent until that digest is sent. */
        digestId: string().optional(),
        schemaVersion: number().const(1),
      }).and((_prev) => ({
        gsi1pk: string()
          .hidden()
          .optional()
          .link<typeof _prev>(({ digestId }) => (digestId ? undefined : HELD_ALERTS_AWAITING_DIGEST_PARTITION)),
        gsi1sk: string()
          .hidden()
          .optional()
          .link<typeof _prev>(({ digestId, windowStart, districtId, hazardId }) =>
            digestId ? undefined : `${windowStart}#${districtId}#${hazardId}`,
          ),
      })),
      computeKey: ({ districtId, windowStart, hazardId }) => ({
        pk: heldAlertsPartition(districtId),
        sk: `${windowStart}#${hazardId}`,
      }),
    }),
);

/**
 * The mail outbox (shared/email/alert-log.ts): one item per e-mail the system owes a district — a
 * critical hazard's alert (alertId: the hazard's id), a day's digest of overdue hazards
 * (`overdue#<date>#<n>`) or the digest of alerts held past an hour's budget
 * (`alert-digest#<hour>#<n>`) — written before the mail is sent and marked when SES took it.
 * pk ALERT#<district>#<alertId>, sk ALERT; gsi1 ALERTS#UNSENT#<district> / <alertId> lists the
 * district's mail not yet sent (sparse: only while not sent).
 */
export const ALERT_KINDS = ['critical-hazard', 'overdue-digest', 'alert-digest'] as const;
export const ALERT_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

/** The gsi1 partition listing a district's mail not yet sent. */
export function unsentAlertsPartition(districtId: string): string {
  return `ALERTS#UNSENT#${districtId}`;
}

export const AlertEntity = built(
  () =>
    new Entity({
      name: 'Alert',
      table: HouqinTable,
      // createdAt is ours (kept on every write); updatedAt is set by the toolbox.
      timestamps: { created: false, modified: timestamps.modified },
      schema: item({
        districtId: string().key(),
        alertId: string().key(),
        kind: string().enum(...ALERT_KINDS),
        /** The hazards the mail is about. */
        hazardIds: list(string()),
        status: string().enum(...ALERT_STATUSES),
        /** Send attempts so far; every claim increments it, and later writes are conditional on it. */
        attempts: number(),
        /** When the outbox item was first written (kept across its later writes). */
        createdAt: string(),
        schemaVersion: number().const(1),
        /** When the current attempt started: a `sending` claim older than the lease may be taken over. */
        claimedAt: string().optional(),
        sentAt: string().optional(),
        recipients: list(string()).optional(),
        /** SES message ids of the sent mail. */
        messageIds: list(string()).optional(),
        /** The last send failure, shortened (never a recipient's data beyond the address). */
        lastError: string().optional(),
      }).and((_prev) => ({
        gsi1pk: string()
          .hidden()
          .optional()
          .link<typeof _prev>(({ districtId, status }) =>
            status === 'sent' ? undefined : unsentAlertsPartition(districtId),
          ),
        gsi1sk: string()
          .hidden()
          .optional()
          .link<typeof _prev>(({ status, alertId }) => (status === 'sent' ? undefined : alertId)),
      })),
      computeKey: ({ districtId, alertId }) => ({ pk: `ALERT#${districtId}#${alertId}`, sk: 'ALERT' }),
    }),
);
