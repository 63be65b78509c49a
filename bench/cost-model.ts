/*
 * Bench 5, the cost model (issue 7, point 5): the AWS bill per school per month, for a county
 * (300 schools, one district) and a province (3,000 schools in 10 districts; 20,000 in 100),
 * from what the benches before it measured:
 *  - per submission: write and read units and the handler's GB-seconds (submission-path; when
 *    that section did not run, a few submissions are recorded here and measured the same way);
 *  - per report: read units, produce-report's GB-seconds, S3 puts and SES messages and bytes
 *    (rollup-scale; it must have run);
 *  - submissions and hazards per school and month (rollup-scale's generated district).
 * Everything not measured is an assumption, named in ASSUMPTIONS below, and the prices are
 * public on-demand list prices in PRICES. The figures are estimates to size the system, not a
 * quote. The arithmetic is `monthlyCost`, a pure function (test/unit/bench/cost-model.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { FUNCTIONS } from '../functions/manifest';
import { countDynamoDbUsage, usageBetween } from './support/dynamodb-usage';
import { row } from './support/rows';
import { round } from './support/stats';
import type { BenchContext, BenchRow, BenchSection, BenchUsage } from './types';

/**
 * Public on-demand list prices, USD, region us-east-1 (N. Virginia), as published on the AWS
 * pricing pages in 2026. ap-east-1 (Hong Kong) lists most of these 10–25 % higher; the China
 * regions (cn-north-1, cn-northwest-1, operated by Sinnet and NWCD) bill in CNY at their own
 * rates: scale the result, do not read it as a China price. Free tiers are left out.
 */
export const PRICES = {
  dynamodb: {
    /** https://aws.amazon.com/dynamodb/pricing/on-demand/ (after the November 2024 reduction). */
    writeRequestUnitsPerMillion: 0.625,
    readRequestUnitsPerMillion: 0.125,
    /** Standard table class, per GB-month beyond the first 25 GB. */
    storageGbMonth: 0.25,
  },
  lambda: {
    /** https://aws.amazon.com/lambda/pricing/ : Arm (Graviton2), first 7.5 billion GB-s tier. */
    gbSecond: 0.0000133334,
    requestsPerMillion: 0.2,
  },
  /** https://aws.amazon.com/api-gateway/pricing/ : HTTP APIs, first 300 million requests. */
  apiGatewayHttpPerMillion: 1.0,
  s3: {
    /** https://aws.amazon.com/s3/pricing/ : S3 Standard. */
    storageGbMonth: 0.023,
    putPerThousand: 0.005,
    getPerThousand: 0.0004,
  },
  ses: {
    /** https://aws.amazon.com/ses/pricing/ : outbound e-mail, and attachments per GB. */
    perThousandMessages: 0.1,
    attachmentGb: 0.12,
  },
  /** https://aws.amazon.com/eventbridge/pricing/ : custom events published, per million. */
  eventBridgePerMillion: 1.0,
  /** https://aws.amazon.com/eventbridge/pricing/ (Scheduler): invocations beyond 14 million free, per million. */
  schedulerPerMillion: 1.0,
  /** https://aws.amazon.com/cloudwatch/pricing/ : logs ingested (standard class), per GB. */
  cloudWatchLogsIngestGb: 0.5,
} as const;

export type Prices = typeof PRICES;

/** What the model assumes where nothing was measured (each is written in docs/performance.md). */
export const ASSUMPTIONS = {
  /** Evidence photos per school per month (bench/generate-district.ts generates as many), and their size. */
  photosPerSchoolMonth: 10,
  photoMegabytes: 1.5,
  /** Months of submissions and photos kept: storage is billed on everything kept (steady state after a year). */
  retentionMonths: 12,
  /** Reads by schools and officials per school per month (lists, compliance, hazards, a report), each an API call. */
  readRequestsPerSchoolMonth: 30,
  readRequestUnitsPerRead: 8,
  readHandlerMs: 60,
  readHandlerMemoryMb: 512,
  /** The HTTP API's Lambda authorizer runs on every call (no result caching: the worst case). */
  authorizerMs: 15,
  authorizerMemoryMb: 256,
  /** A photo: the upload request (API + handler + 2 transactional writes), the upload itself (S3 PUT), its verification (S3 event → handler: GET, write). */
  photoRequestHandlerMs: 80,
  photoRequestMemoryMb: 256,
  photoRequestWriteUnits: 8,
  verifyPhotoMs: 400,
  verifyPhotoMemoryMb: 512,
  verifyPhotoWriteUnits: 6,
  /** Domain events per submission on the bus (SubmissionRecorded; hazards add their own, counted apart). */
  eventsPerSubmission: 1,
  /** The stream → bus publisher: records per invocation, and its time per invocation. */
  streamRecordsPerInvocation: 10,
  publisherMs: 150,
  publisherMemoryMb: 1024,
  /** Stored bytes of a submission item with its three all-projected indexes (4 copies), and of a report. */
  submissionStoredKb: 2.2 * 4,
  /** Logs per Lambda invocation (START/END/REPORT and a few lines at WARN). */
  logKbPerInvocation: 1,
  /** Fixed schedules of the stack: hourly report dispatch and overdue sweep, mail retries every 5 minutes. */
  scheduledInvocationsPerMonth: 730 + 730 + 8760,
  scheduledHandlerMs: 200,
  scheduledMemoryMb: 256,
};

export type Assumptions = typeof ASSUMPTIONS;

/** What one submission, one report and one school-month cost in units, measured or assumed. */
export interface UnitUsage {
  submissionsPerSchoolMonth: number;
  hazardsPerSchoolMonth: number;
  submission: { writeUnits: number; readUnits: number; gbSeconds: number };
  /** One district's report, and how many schools it had (its time is taken as linear in schools). */
  report: {
    schools: number;
    readUnits: number;
    writeUnits: number;
    gbSeconds: number;
    s3Puts: number;
    s3PutBytes: number;
    sesMessages: number;
    sesBytes: number;
  };
}

export type Service = 'DynamoDB' | 'Lambda' | 'API Gateway' | 'S3' | 'SES' | 'EventBridge' | 'CloudWatch Logs';
export const SERVICES: readonly Service[] = [
  'DynamoDB',
  'Lambda',
  'API Gateway',
  'S3',
  'SES',
  'EventBridge',
  'CloudWatch Logs',
];

/** A deployment: how many schools in how many districts (one report each per month). */
export interface Shape {
  schools: number;
  districts: number;
}

export interface MonthlyCost {
  /** USD per month for the whole deployment, by service. */
  byService: Record<Service, number>;
  total: number;
  /** USD per school per month. */
  perSchool: number;
  perSchoolByService: Record<Service, number>;
}

const gbSeconds = (ms: number, memoryMb: number) => (ms / 1000) * (memoryMb / 1024);

/** The monthly bill of a deployment of `shape`, from unit usage, ASSUMPTIONS and PRICES. Pure. */
export function monthlyCost(
  usage: UnitUsage,
  shape: Shape,
  assumptions: Assumptions = ASSUMPTIONS,
  prices: Prices = PRICES,
): MonthlyCost {
  const a = assumptions;
  const submissions = shape.schools * usage.submissionsPerSchoolMonth;
  const photos = shape.schools * a.photosPerSchoolMonth;
  const reads = shape.schools * a.readRequestsPerSchoolMonth;
  const hazards = shape.schools * usage.hazardsPerSchoolMonth;
  // A report's work grows with its schools (rollup-scale shows it linear); mail is per district.
  const reportScale = shape.schools / usage.report.schools;

  const apiRequests = submissions + photos + reads;
  const events = submissions * a.eventsPerSubmission + hazards + shape.districts; // + ReportProduced
  const publisherInvocations = events / a.streamRecordsPerInvocation;
  const invocations = {
    api: apiRequests * 2, // handler + authorizer
    verifyPhoto: photos,
    publisher: publisherInvocations,
    reports: shape.districts,
    scheduled: a.scheduledInvocationsPerMonth,
  };
  const lambdaGbSeconds =
    submissions * usage.submission.gbSeconds +
    apiRequests * gbSeconds(a.authorizerMs, a.authorizerMemoryMb) +
    photos *
      (gbSeconds(a.photoRequestHandlerMs, a.photoRequestMemoryMb) + gbSeconds(a.verifyPhotoMs, a.verifyPhotoMemoryMb)) +
    reads * gbSeconds(a.readHandlerMs, a.readHandlerMemoryMb) +
    publisherInvocations * gbSeconds(a.publisherMs, a.publisherMemoryMb) +
    usage.report.gbSeconds * reportScale +
    a.scheduledInvocationsPerMonth * gbSeconds(a.scheduledHandlerMs, a.scheduledMemoryMb);
  const lambdaInvocations = Object.values(invocations).reduce((sum, n) => sum + n, 0);

  const writeUnits =
    submissions * usage.submission.writeUnits +
    photos * (a.photoRequestWriteUnits + a.verifyPhotoWriteUnits) +
    usage.report.writeUnits * shape.districts;
  const readUnits =
    submissions * usage.submission.readUnits + reads * a.readRequestUnitsPerRead + usage.report.readUnits * reportScale;
  const storedGb = (submissions * a.retentionMonths * a.submissionStoredKb) / 1024 ** 2;
  const photoGb = (photos * a.retentionMonths * a.photoMegabytes) / 1024;
  const reportPutBytes = usage.report.s3PutBytes * reportScale;
  const reportGb = (reportPutBytes * a.retentionMonths) / 1024 ** 3;

  const byService: Record<Service, number> = {
    DynamoDB:
      (writeUnits / 1e6) * prices.dynamodb.writeRequestUnitsPerMillion +
      (readUnits / 1e6) * prices.dynamodb.readRequestUnitsPerMillion +
      storedGb * prices.dynamodb.storageGbMonth,
    Lambda: lambdaGbSeconds * prices.lambda.gbSecond + (lambdaInvocations / 1e6) * prices.lambda.requestsPerMillion,
    'API Gateway': (apiRequests / 1e6) * prices.apiGatewayHttpPerMillion,
    S3:
      (photoGb + reportGb) * prices.s3.storageGbMonth +
      ((photos + usage.report.s3Puts * shape.districts) / 1000) * prices.s3.putPerThousand +
      ((photos /* verification reads each photo once */ + photos) /* officials open some */ / 1000) *
        prices.s3.getPerThousand,
    SES:
      ((usage.report.sesMessages * shape.districts) / 1000) * prices.ses.perThousandMessages +
      ((usage.report.sesBytes * shape.districts) / 1024 ** 3) * prices.ses.attachmentGb,
    EventBridge:
      (events / 1e6) * prices.eventBridgePerMillion +
      (a.scheduledInvocationsPerMonth / 1e6) * prices.schedulerPerMillion,
    'CloudWatch Logs': ((lambdaInvocations * a.logKbPerInvocation) / 1024 ** 2) * prices.cloudWatchLogsIngestGb,
  };
  const total = SERVICES.reduce((sum, service) => sum + byService[service], 0);
  const perSchoolByService = Object.fromEntries(
    SERVICES.map((service) => [service, byService[service] / shape.schools]),
  ) as Record<Service, number>;
  return { byService, total, perSchool: total / shape.schools, perSchoolByService };
}

/** The deployments docs/performance.md quotes. */
export const SHAPES: readonly (Shape & { id: string; label: string })[] = [
  { id: 'county', label: 'county: 300 schools, 1 district', schools: 300, districts: 1 },
  { id: 'province', label: 'province: 3,000 schools, 10 districts', schools: 3000, districts: 10 },
  { id: 'large-province', label: 'province: 20,000 schools, 100 districts', schools: 20000, districts: 100 },
];

/** Records a few submissions here (recordSubmission, in-process) when submission-path did not run: units and GB-seconds each. */
async function measureSubmissions(
  ctx: BenchContext,
  count: number,
): Promise<UnitUsage['submission'] & { measured: number }> {
  const { recordSubmission } = await import('../shared/submissions/record-submission');
  const { submissionInput } = await import('../shared/submissions/submission-request');
  const { getDocumentClient } = await import('../shared/clients');
  const { createBenchDistrict, submissionBody } = await import('./support/workload');
  const spec = FUNCTIONS.find((f) => f.name === 'record-submission');
  const counter = countDynamoDbUsage(getDocumentClient());
  const district = await createBenchDistrict('cost', 4);
  const runId = `cm-${randomUUID().slice(0, 8)}`;
  // One untimed call warms the modules and the connection.
  await recordSubmission(submissionInput(submissionBody(runId, 0)), district.schoolPrincipal(district.schoolIds[0]!));
  const before = counter.snapshot();
  let ms = 0;
  for (let i = 1; i <= count; i += 1) {
    const start = performance.now();
    await recordSubmission(
      submissionInput(submissionBody(runId, i)),
      district.schoolPrincipal(district.schoolIds[i % district.schoolIds.length]!),
    );
    ms += performance.now() - start;
  }
  const used = usageBetween(before, counter.snapshot());
  ctx.log(`cost-model: measured ${count} submissions here (submission-path did not run)`);
  return {
    writeUnits: used.writeUnits / count,
    readUnits: used.readUnits / count,
    gbSeconds: gbSeconds(ms / count, spec?.memoryMb ?? 512),
    measured: count,
  };
}

const num = (usage: BenchUsage | undefined, key: string): number | undefined => {
  const value = usage?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

export async function run(ctx: BenchContext, previous: readonly BenchSection[] = []): Promise<BenchSection> {
  const submissionPath = previous.find((section) => section.id === 'submission-path')?.usage;
  const rollup = previous.find((section) => section.id === 'rollup-scale')?.usage;
  if (!rollup || num(rollup, 'reportSchools') === undefined)
    throw new Error('the cost model needs the rollup-scale section (run it before: --only rollup-scale,cost-model)');

  let submission: UnitUsage['submission'];
  let submissionSource: string;
  const measuredCount = num(submissionPath, 'submissions');
  if (submissionPath && measuredCount) {
    submission = {
      writeUnits: (num(submissionPath, 'dynamodbWriteUnits') ?? 0) / measuredCount,
      readUnits: (num(submissionPath, 'dynamodbReadUnits') ?? 0) / measuredCount,
      gbSeconds: (num(submissionPath, 'lambdaGbSeconds') ?? 0) / measuredCount,
    };
    submissionSource = `submission-path (${measuredCount} handler calls)`;
  } else {
    const measured = await measureSubmissions(ctx, ctx.quick ? 20 : 100);
    submission = measured;
    submissionSource = `measured here (${measured.measured} recordSubmission calls)`;
  }

  const usage: UnitUsage = {
    submissionsPerSchoolMonth: num(rollup, 'submissionsPerSchoolMonth') ?? 95,
    hazardsPerSchoolMonth: num(rollup, 'hazardsPerSchoolMonth') ?? 0.5,
    submission,
    report: {
      schools: num(rollup, 'reportSchools')!,
      readUnits: num(rollup, 'dynamodbReadUnits') ?? 0,
      writeUnits: num(rollup, 'dynamodbWriteUnits') ?? 0,
      gbSeconds: num(rollup, 'lambdaGbSeconds') ?? 0,
      s3Puts: num(rollup, 's3Puts') ?? 2,
      s3PutBytes: num(rollup, 's3PutBytes') ?? 0,
      sesMessages: num(rollup, 'sesMessages') ?? 3,
      sesBytes: num(rollup, 'sesBytes') ?? 0,
    },
  };

  const rows: BenchRow[] = [];
  const costs: Record<string, MonthlyCost> = {};
  for (const shape of SHAPES) {
    const cost = monthlyCost(usage, shape);
    costs[shape.id] = cost;
    rows.push(
      row({
        id: `cost-model.${shape.id}.per-school`,
        name: `${shape.label}: per school`,
        value: round(cost.perSchool * 100, 3),
        unit: 'US¢/school/month',
        note: `${round(cost.total, 2).toLocaleString('en')} USD/month in all`,
      }),
    );
  }
  for (const shape of SHAPES.slice(0, 2)) {
    for (const service of SERVICES) {
      rows.push(
        row({
          id: `cost-model.${shape.id}.${service.toLowerCase().replaceAll(' ', '-')}`,
          name: `${shape.id}: ${service}`,
          value: round(costs[shape.id]!.perSchoolByService[service] * 100, 4),
          unit: 'US¢/school/month',
        }),
      );
    }
  }
  rows.push(
    row({
      id: 'cost-model.submission.write-units',
      name: 'write units per submission (DynamoDB Local, table + 3 indexes)',
      value: round(submission.writeUnits, 2),
      unit: 'WRU',
      note: `${submissionSource}; Local counts a transactional write at 4 units per KB, AWS documents 2: an upper bound`,
    }),
    row({
      id: 'cost-model.report.read-units-per-school',
      name: 'read units per school per report',
      value: round(usage.report.readUnits / usage.report.schools, 2),
      unit: 'RRU',
    }),
  );

  return {
    id: 'cost-model',
    title: 'Cost model (US cents per school per month, us-east-1 on-demand list prices, estimates)',
    rows,
    details: { usage, submissionSource, prices: PRICES, assumptions: ASSUMPTIONS, costs },
  };
}
