/**
 * Every function of the system, declared once. The CDK stack (infra/) builds one Lambda per
 * entry and wires its triggers and bindings from this list; the local runtime (infra/local/)
 * routes HTTP requests, schedules and events to the same handlers from the same list, so what
 * runs locally is routed exactly as what is deployed.
 */

import { PUBLISHABLE_RECORD_FILTERS } from '../shared/events/domain-events';

/** How a function is invoked. */
export type Trigger =
  /**
   * An HTTP API route, behind the Lambda authorizer (identity source: the Authorization header;
   * without one, API Gateway answers 401 and invokes nothing). `public: true`: no authorizer at
   * all, for a route whose request proves itself (a signed photo link from a mail, sent without a token).
   */
  | { kind: 'http'; method: 'GET' | 'POST'; path: `/v1/${string}`; public?: true }
  /** The HTTP API's Lambda authorizer itself. */
  | { kind: 'authorizer' }
  /**
   * An EventBridge Scheduler schedule (retry policy and dead-letter queue on AWS; the in-process
   * scheduler locally). `expression` is a Scheduler `cron(...)`/`rate(...)` in `timezone`.
   */
  | { kind: 'schedule'; id: string; expression: string; timezone: string; description: string }
  /** An EventBridge rule on the domain event bus (retries and a dead-letter queue on AWS). */
  | { kind: 'bus'; rule: string; pattern: { 'detail-type': string[]; detail?: Record<string, unknown> } }
  /**
   * The table's stream (new and old images): the outbox from which domain events are published,
   * so nothing written is ever left unannounced. Retries, bisection and an on-failure queue on AWS.
   * `filters`: Lambda event filter patterns (exact values under the record's `dynamodb` key); only
   * records matching one invoke the function, the rest are passed over (the local poller alike).
   */
  | {
      kind: 'table-stream';
      batchSize: number;
      maxBatchingWindowSeconds: number;
      filters?: readonly Readonly<Record<string, unknown>>[];
    }
  /**
   * New objects in the photo bucket under `prefix`, as S3 announces them to EventBridge (an
   * `Object Created` event; s3rver's notifications locally, converted in-process). Invoked
   * asynchronously: retries, then the function's failure queue.
   */
  | { kind: 's3'; prefix: `${string}/`; events: 'ObjectCreated'[] }
  /**
   * SES bounce and complaint notifications of the mail the stack sends (its configuration set
   * publishes them to an SNS topic, which invokes the function asynchronously: retries, then the
   * function's failure queue). Nothing locally: aws-ses-v2-local has no bounces.
   */
  | { kind: 'mail-feedback' };

/**
 * The table's partitions, as `dynamodb:LeadingKeys` patterns (`*`: any run of characters): the
 * partition key of an item read or written, or of the index partition a Query names. A table
 * binding lists those it reads and those it writes (infra/table-keys.ts turns them into IAM
 * conditions; the local runtime reports any request outside them, infra/local/table-access.ts).
 */
export const PARTITIONS = {
  /** Token by hash (the authorizer's lookup) and by id: written by the admin CLI only. */
  token: 'TOKEN#*',
  tokenId: 'TOKENID#*',
  /** gsi1 of tokens: a district's tokens (the admin CLI's list). */
  tokensOfDistrict: 'TOKENS#*',
  /** A token's request counters (the per-token rate limit): the authorizer's alone. */
  rateCounter: 'RATE#*',
  /** A district and its schools (pk DISTRICT#<d>), and the district-wide index partitions (DISTRICT#<d>#…). */
  district: 'DISTRICT#*',
  /** gsi1 of districts: every district (the hourly dispatchers). */
  allDistricts: 'DISTRICTS',
  /** A submission by id. */
  submission: 'SUB#*',
  /** The index partitions of one school (its months of submissions, its hazards, its photos by content). */
  schoolIndexes: 'SCHOOL#*',
  /** A hazard by id. */
  hazard: 'HAZARD#*',
  /** gsi3 of hazards: every open hazard by due date. */
  openHazards: 'HAZARDS#OPEN',
  /** A photo by id. */
  photo: 'PHOTO#*',
  /** The photos of one submission or hazard (gsi1) and their owner item (the limit of 12). */
  photosOfOwner: 'PHOTOS#*',
  /** A report or year-end summary, with its mail deliveries. */
  report: 'REPORT#*',
  /** gsi2 of report mail: deliveries still to be sent. */
  reportMailDue: 'REPORTMAIL#DUE',
  /** An address that bounced, and (gsi1) all of them. */
  suppressed: 'SUPPRESSED#*',
  allSuppressed: 'SUPPRESSED',
  /** The alert log of a critical hazard's mail. */
  alert: 'ALERT#*',
  /** A district's critical-alert mail budget of one window, and the alerts it held back for the digest. */
  alertWindow: 'ALERTWINDOW#*',
  alertHeld: 'ALERTHELD#*',
  /** gsi1 of held alerts: those not yet in a digest. */
  heldAlerts: 'ALERTS#HELD',
  /** gsi1 of the alert log: a district's alert mail not yet sent. */
  unsentAlerts: 'ALERTS#UNSENT#*',
} as const;

export type Partition = (typeof PARTITIONS)[keyof typeof PARTITIONS];

const P = PARTITIONS;

/** What a function may touch; each binding grants IAM and sets the environment in one go. */
export interface Bindings {
  table?: 'read' | 'readwrite';
  /**
   * The partitions the table binding reaches: `read` those it only reads, `write` those it writes
   * (and may read). Required with `table`; `write` only with `readwrite`.
   */
  tableKeys?: { read?: readonly Partition[]; write?: readonly Partition[] };
  /** `put`: upload only (presigned POSTs), nothing read or deleted. */
  bucket?: 'read' | 'put' | 'readwrite';
  bus?: 'put';
  email?: 'send';
  /**
   * The photo-link key ring (shared/photos/link-keys.ts): `sign` (kms:GenerateMac on the active key)
   * for what mails photo links, `verify` (kms:VerifyMac on the active and verify-only keys) for the
   * link route. Sets PHOTO_LINK_KEYS to the versions the function may use.
   */
  photoLinks?: 'sign' | 'verify';
  /** Limits the bucket binding to object keys under this prefix (e.g. `reports/`), or these prefixes. */
  bucketPrefix?: `${string}/` | readonly `${string}/`[];
}

export interface FunctionSpec {
  /** kebab-case; also the folder under functions/. */
  name: string;
  /** Path of the entry file from the project root; it must export `handler`. */
  entry: string;
  description: string;
  triggers: Trigger[];
  binds: Bindings;
  memoryMb: number;
  timeoutSeconds: number;
  /**
   * Concurrent executions reserved for this function alone (taken from the account's pool): a
   * flood of other functions cannot starve it, and it never runs more than this at once.
   * @default none: the account's unreserved pool
   */
  reservedConcurrency?: number;
  /**
   * Files (paths from the project root) the code reads at run time, copied next to the bundle's
   * index.js when it is bundled (e.g. a font and a .wasm module).
   */
  assets?: string[];
}

/** What rendering a report's charts reads at run time (shared/reports/render/assets.ts finds them beside the bundle). */
export const REPORT_ASSETS = [
  'node_modules/@resvg/resvg-wasm/index_bg.wasm',
  'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
];

/** What producing a report or year-end summary reads: the month's records, the photos it links, the held alerts and who submitted. */
const REPORT_PRODUCER_READS = [
  P.district,
  P.schoolIndexes,
  P.submission,
  P.hazard,
  P.photo,
  P.photosOfOwner,
  P.suppressed,
  P.alertHeld,
  P.heldAlerts,
  P.token,
  P.tokenId,
];

/** A route that reads a stored report or summary (its index item and its files under reports/). */
const REPORT_FILE_READER = {
  binds: { table: 'read', tableKeys: { read: [P.district, P.report] }, bucket: 'read', bucketPrefix: 'reports/' },
  memoryMb: 512,
  timeoutSeconds: 10,
} as const satisfies Pick<FunctionSpec, 'binds' | 'memoryMb' | 'timeoutSeconds'>;

/** What produces a report (monthly or year-end): reads what its rollup reads, writes the report's index item and objects, mails it. */
const REPORT_PRODUCER_BINDS = {
  table: 'readwrite',
  tableKeys: { read: REPORT_PRODUCER_READS, write: [P.report] },
  bucket: 'readwrite',
  bucketPrefix: 'reports/',
  email: 'send',
} as const satisfies FunctionSpec['binds'];

/** The routes that produce a report within the request (and queue a large district's on the bus). */
const REPORT_REQUEST_ROUTE = {
  binds: { ...REPORT_PRODUCER_BINDS, bus: 'put' },
  memoryMb: 2048,
  timeoutSeconds: 29,
  assets: REPORT_ASSETS,
} as const satisfies Pick<FunctionSpec, 'binds' | 'memoryMb' | 'timeoutSeconds' | 'assets'>;

/** The hourly dispatchers of the monthly and year-end reports: they list the districts and put one request each. */
const REPORT_DISPATCHER = {
  binds: { table: 'read', tableKeys: { read: [P.allDistricts, P.district, P.report] }, bus: 'put' },
  memoryMb: 256,
  timeoutSeconds: 60,
} as const satisfies Pick<FunctionSpec, 'binds' | 'memoryMb' | 'timeoutSeconds'>;

const fn = (spec: Omit<FunctionSpec, 'entry'>): FunctionSpec => ({
  ...spec,
  entry: `functions/${spec.name}/handler.ts`,
});

export const FUNCTIONS: readonly FunctionSpec[] = [
  fn({
    name: 'authorizer',
    description: 'Resolves a bearer token to its principal (role, district, school).',
    triggers: [{ kind: 'authorizer' }],
    binds: { table: 'readwrite', tableKeys: { read: [P.token, P.district], write: [P.rateCounter] } },
    memoryMb: 256,
    timeoutSeconds: 5,
    // Every request but a signed photo link runs it: a flood of one route (or of the asynchronous
    // functions) must not starve it. At the stage's 100 requests/s and ~30 ms each it needs about 3.
    reservedConcurrency: 50,
  }),
  fn({
    name: 'list-forms',
    description: 'GET /v1/forms: the form catalogue with a JSON Schema per form.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/forms' }],
    binds: {},
    memoryMb: 256,
    timeoutSeconds: 5,
  }),
  fn({
    name: 'get-me',
    description:
      'GET /v1/me: who the token is (role, district with timezone and locale, school), for the school app and the console.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/me' }],
    binds: { table: 'read', tableKeys: { read: [P.district] } },
    memoryMb: 256,
    timeoutSeconds: 5,
  }),
  fn({
    name: 'record-submission',
    description: 'POST /v1/submissions: validates, stores a submission and the hazards it raises, once.',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/submissions' }],
    binds: { table: 'readwrite', tableKeys: { read: [P.district], write: [P.submission, P.hazard] } },
    memoryMb: 512,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'list-submissions',
    description: 'GET /v1/submissions: a school its own, an official their district, by month.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/submissions' }],
    binds: {
      table: 'read',
      tableKeys: { read: [P.district, P.schoolIndexes, P.submission, P.hazard, P.photosOfOwner, P.token, P.tokenId] },
    },
    memoryMb: 512,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'get-submission',
    description: 'GET /v1/submissions/{id}: one submission with its hazards, to its school or district.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/submissions/{id}' }],
    binds: {
      table: 'read',
      tableKeys: { read: [P.district, P.schoolIndexes, P.submission, P.hazard, P.photosOfOwner, P.token, P.tokenId] },
    },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'request-submission-photo',
    description:
      'POST /v1/submissions/{id}/photos: the owning school asks to upload one photo; a presigned POST pinning key, type, size and 15 minutes.',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/submissions/{id}/photos' }],
    binds: {
      table: 'readwrite',
      tableKeys: { read: [P.district, P.submission, P.hazard], write: [P.photo, P.photosOfOwner] },
      bucket: 'put',
      bucketPrefix: 'evidence/',
    },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'get-photo',
    description:
      "GET /v1/photos/{photoId}: 302 to a 5-minute presigned GET of a verified photo, for its school and its district's officials.",
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/photos/{photoId}' }],
    binds: { table: 'read', tableKeys: { read: [P.photo] }, bucket: 'read', bucketPrefix: 'evidence/' },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'open-photo-link',
    description:
      'GET /v1/photo-links/{photoId}: a signed photo link from a report mail (no token) → 302 to a 5-minute presigned GET of the verified photo.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/photo-links/{photoId}', public: true }],
    binds: {
      table: 'read',
      tableKeys: { read: [P.photo, P.district] },
      bucket: 'read',
      bucketPrefix: 'evidence/',
      photoLinks: 'verify',
    },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'get-hazard',
    description:
      'GET /v1/hazards/{id}: one hazard with its history and rectification photos, to its school or its district’s officials.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/hazards/{id}' }],
    binds: { table: 'read', tableKeys: { read: [P.district, P.hazard, P.photo, P.photosOfOwner, P.token, P.tokenId] } },
    memoryMb: 512,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'list-hazards',
    description: 'GET /v1/hazards: a school its own hazards, an official their district, by status.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/hazards' }],
    binds: {
      table: 'read',
      tableKeys: { read: [P.district, P.schoolIndexes, P.photo, P.photosOfOwner, P.token, P.tokenId] },
    },
    memoryMb: 512,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'rectify-hazard',
    description: 'POST /v1/hazards/{id}/rectification: the owning school says what it did (open → rectified).',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/hazards/{id}/rectification' }],
    binds: {
      table: 'readwrite',
      tableKeys: { read: [P.district, P.photo, P.photosOfOwner, P.token, P.tokenId], write: [P.hazard] },
    },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'request-hazard-photo',
    description:
      'POST /v1/hazards/{id}/photos: the owning school asks to upload one rectification photo of an open hazard (presigned POST).',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/hazards/{id}/photos' }],
    binds: {
      table: 'readwrite',
      tableKeys: { read: [P.district, P.hazard, P.submission], write: [P.photo, P.photosOfOwner] },
      bucket: 'put',
      bucketPrefix: 'evidence/',
    },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'verify-hazard',
    description:
      "POST /v1/hazards/{id}/verification: the district's official accepts (verified) or rejects (open again).",
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/hazards/{id}/verification' }],
    binds: {
      table: 'readwrite',
      tableKeys: { read: [P.district, P.photo, P.photosOfOwner, P.token, P.tokenId], write: [P.hazard] },
    },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'get-compliance',
    description: 'GET /v1/compliance: expected against submitted per school and form type for a month.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/compliance' }],
    binds: { table: 'read', tableKeys: { read: [P.district, P.schoolIndexes] } },
    memoryMb: 1024,
    timeoutSeconds: 20,
  }),
  fn({
    name: 'publish-domain-events',
    description:
      'Table stream → domain events (SubmissionRecorded, HazardRaised, HazardRectified, HazardVerified, HazardReopened, ReportProduced) on the bus.',
    triggers: [
      { kind: 'table-stream', batchSize: 100, maxBatchingWindowSeconds: 1, filters: PUBLISHABLE_RECORD_FILTERS },
    ],
    binds: { bus: 'put' },
    memoryMb: 256,
    timeoutSeconds: 30,
  }),
  fn({
    name: 'alert-officials',
    description: "HazardRaised{critical} → an immediate e-mail to the district's officials, in the district's locale.",
    triggers: [
      {
        kind: 'bus',
        rule: 'critical-hazard-raised',
        pattern: { 'detail-type': ['HazardRaised'], detail: { severity: ['critical'] } },
      },
    ],
    // readwrite: the alert's outbox item and the hour's alert budget (shared/hazards/alert-budget.ts).
    binds: {
      table: 'readwrite',
      tableKeys: { read: [P.district, P.suppressed, P.hazard], write: [P.alert, P.alertWindow, P.alertHeld] },
      email: 'send',
    },
    memoryMb: 256,
    timeoutSeconds: 30,
  }),
  fn({
    name: 'send-alert-digests',
    description:
      "Hourly; mails each district one digest of the critical-hazard alerts held past the last hour's alert budget (per school and per district).",
    triggers: [
      {
        kind: 'schedule',
        id: 'alert-digests',
        expression: 'cron(0 * * * ? *)',
        timezone: 'UTC',
        description:
          'Every hour on the hour: the alerts held past the budget of the hour that ended go out in one digest per district.',
      },
    ],
    binds: {
      table: 'readwrite',
      tableKeys: {
        read: [P.district, P.suppressed, P.hazard, P.heldAlerts],
        write: [P.alert, P.alertWindow, P.alertHeld],
      },
      email: 'send',
    },
    memoryMb: 256,
    timeoutSeconds: 120,
  }),
  fn({
    name: 'verify-photo',
    description:
      'Photo bucket ObjectCreated under evidence/ → checks size and real type, records the photo verified (size, SHA-256) or moves it to quarantine/.',
    triggers: [{ kind: 's3', prefix: 'evidence/', events: ['ObjectCreated'] }],
    binds: {
      table: 'readwrite',
      tableKeys: {
        read: [P.district, P.schoolIndexes, P.submission, P.hazard],
        write: [P.photo, P.photosOfOwner, P.submission],
      },
      bucket: 'readwrite',
      bucketPrefix: ['evidence/', 'quarantine/'],
    },
    memoryMb: 512,
    timeoutSeconds: 60,
  }),
  fn({
    name: 'dispatch-overdue-sweeps',
    description:
      'Hourly; asks for the overdue sweep of each district where it is 09:00 (one OverdueSweepRequested each on the bus, for its local date).',
    triggers: [
      {
        kind: 'schedule',
        id: 'overdue-hazard-sweep',
        expression: 'cron(0 * * * ? *)',
        timezone: 'UTC',
        description: "Every hour on the hour; each district is swept when it is 09:00 in the district's timezone.",
      },
    ],
    binds: { table: 'read', tableKeys: { read: [P.allDistricts, P.district] }, bus: 'put' },
    memoryMb: 256,
    timeoutSeconds: 60,
  }),
  fn({
    name: 'sweep-overdue-hazards',
    description:
      "OverdueSweepRequested → one district's sweep: marks its overdue hazards in batches and e-mails its officials one digest.",
    triggers: [{ kind: 'bus', rule: 'overdue-sweep-requested', pattern: { 'detail-type': ['OverdueSweepRequested'] } }],
    binds: {
      table: 'readwrite',
      tableKeys: {
        read: [P.allDistricts, P.district, P.openHazards, P.suppressed, P.unsentAlerts],
        write: [P.hazard, P.alert],
      },
      email: 'send',
    },
    memoryMb: 512,
    timeoutSeconds: 300,
  }),
  fn({
    name: 'dispatch-monthly-reports',
    description:
      "Hourly; asks for last month's report of each district where it is the 1st at 08:00 (one ReportRequested each on the bus), and catches up later that day.",
    triggers: [
      {
        kind: 'schedule',
        id: 'monthly-reports',
        expression: 'cron(0 * * * ? *)',
        timezone: 'UTC',
        description:
          "Every hour on the hour; a district's report of last month is asked for when it is the 1st at 08:00 in the district's timezone.",
      },
    ],
    ...REPORT_DISPATCHER,
  }),
  fn({
    name: 'produce-report',
    description:
      "ReportRequested → one district's month: load, roll up, store JSON + XLSX under reports/ and the index item, mail it through the outbox.",
    triggers: [{ kind: 'bus', rule: 'report-requested', pattern: { 'detail-type': ['ReportRequested'] } }],
    binds: { ...REPORT_PRODUCER_BINDS, photoLinks: 'sign' },
    memoryMb: 2048,
    timeoutSeconds: 300,
    assets: REPORT_ASSETS,
  }),
  fn({
    name: 'send-report-mail',
    description:
      'Every 5 minutes; sends the report mail whose next attempt is due (failed sends after their back-off, deliveries a crashed run left).',
    triggers: [
      {
        kind: 'schedule',
        id: 'report-mail-retry',
        expression: 'rate(5 minutes)',
        timezone: 'UTC',
        description: 'Every 5 minutes: report mail due for another attempt is sent.',
      },
    ],
    binds: {
      table: 'readwrite',
      tableKeys: { read: [P.district, P.reportMailDue, P.suppressed, P.photo, P.photosOfOwner], write: [P.report] },
      bucket: 'read',
      bucketPrefix: 'reports/',
      email: 'send',
      photoLinks: 'sign',
    },
    memoryMb: 1536,
    timeoutSeconds: 300,
    assets: REPORT_ASSETS,
  }),
  fn({
    name: 'record-bounce',
    description:
      'SES bounce and complaint notifications → the address is suppressed for every district; the report mail it was is marked bounced.',
    triggers: [{ kind: 'mail-feedback' }],
    binds: { table: 'readwrite', tableKeys: { read: [P.allSuppressed], write: [P.suppressed, P.report] } },
    memoryMb: 256,
    timeoutSeconds: 30,
  }),
  fn({
    name: 'get-overview',
    description:
      "GET /v1/overview?month=: the officials' console's overview in one request (compliance by school worst first, today's missing checks, hazard counts), computed with the compliance and hazard code of the other routes.",
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/overview' }],
    binds: {
      table: 'read',
      tableKeys: { read: [P.district, P.schoolIndexes, P.hazard, P.photosOfOwner, P.token, P.tokenId] },
    },
    memoryMb: 1024,
    // A large district's month of submissions is read in full, as GET /v1/compliance reads it.
    timeoutSeconds: 29,
  }),
  fn({
    name: 'list-reports',
    description:
      "GET /v1/reports: the district's monthly reports, newest first, with their mail state (produced, sending, sent, failed, bounced), to its officials.",
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/reports' }],
    binds: { table: 'read', tableKeys: { read: [P.district, P.report] } },
    memoryMb: 512,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'get-report',
    description:
      "GET /v1/reports/{month}: the district's report of the month (JSON) with its send state, to its officials.",
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/reports/{month}' }],
    ...REPORT_FILE_READER,
  }),
  fn({
    name: 'get-report-html',
    description:
      "GET /v1/reports/{month}/html: the report as the HTML of its e-mail (rendered from the stored JSON, in the caller's language, no inline charts), to the district's officials.",
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/reports/{month}/html' }],
    ...REPORT_FILE_READER,
  }),
  fn({
    name: 'get-report-workbook',
    description: "GET /v1/reports/{month}/workbook: the report's XLSX, to the district's officials.",
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/reports/{month}/workbook' }],
    ...REPORT_FILE_READER,
  }),
  fn({
    name: 'request-report',
    description:
      'POST /v1/reports/{month}: produces the report now ({"send": true} mails it again); an admin names the district. Large districts are queued (202).',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/reports/{month}' }],
    ...REPORT_REQUEST_ROUTE,
  }),
  fn({
    name: 'dispatch-annual-reports',
    description:
      'Hourly; asks for the year-end summary of each district where it is 5 January (calendar year) or 5 September (school year) at 08:00 (one AnnualReportRequested each), and catches up later that day.',
    triggers: [
      {
        kind: 'schedule',
        id: 'annual-reports',
        expression: 'cron(0 * * * ? *)',
        timezone: 'UTC',
        description:
          "Every hour on the hour; a district's year-end summary is asked for on 5 January and 5 September at 08:00 in the district's timezone.",
      },
    ],
    ...REPORT_DISPATCHER,
  }),
  fn({
    name: 'produce-annual-report',
    description:
      "AnnualReportRequested → one district's year-end summary: load the period once, twelve monthly rollups composed, store JSON + XLSX + DOCX under reports/, mail it through the report outbox.",
    triggers: [{ kind: 'bus', rule: 'annual-report-requested', pattern: { 'detail-type': ['AnnualReportRequested'] } }],
    binds: REPORT_PRODUCER_BINDS,
    memoryMb: 2048,
    timeoutSeconds: 900,
    assets: REPORT_ASSETS,
  }),
  fn({
    name: 'get-annual-report',
    description:
      "GET /v1/annual-reports/{period}: the district's year-end summary (JSON) with its send state, to its officials.",
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/annual-reports/{period}' }],
    ...REPORT_FILE_READER,
  }),
  fn({
    name: 'get-annual-report-workbook',
    description: "GET /v1/annual-reports/{period}/workbook: the year-end summary's XLSX, to the district's officials.",
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/annual-reports/{period}/workbook' }],
    ...REPORT_FILE_READER,
  }),
  fn({
    name: 'get-annual-report-document',
    description:
      "GET /v1/annual-reports/{period}/document: the year-end summary's Word draft (.docx), to the district's officials.",
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/annual-reports/{period}/document' }],
    ...REPORT_FILE_READER,
  }),
  fn({
    name: 'request-annual-report',
    description:
      'POST /v1/annual-reports/{period}: produces the year-end summary now ({"send": true} mails it again); an admin names the district. Large districts are queued (202).',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/annual-reports/{period}' }],
    ...REPORT_REQUEST_ROUTE,
  }),
];

/** The HTTP routes of the manifest, flattened. */
export function httpRoutes(functions: readonly FunctionSpec[] = FUNCTIONS) {
  return functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) =>
      trigger.kind === 'http'
        ? [{ spec, method: trigger.method, path: trigger.path, public: trigger.public === true }]
        : [],
    ),
  );
}

/** The function that authorizes HTTP requests. */
export function authorizerSpec(functions: readonly FunctionSpec[] = FUNCTIONS): FunctionSpec {
  const spec = functions.find((f) => f.triggers.some((t) => t.kind === 'authorizer'));
  if (!spec) throw new Error('The manifest declares no authorizer');
  return spec;
}
