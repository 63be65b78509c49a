/*
 * The contract between the bench runner (bench/run.ts) and its modules. Each module exports
 *   export async function run(ctx: BenchContext, previous?: readonly BenchSection[]): Promise<BenchSection>
 * and returns rows whose `ratio` compares a figure with a baseline measured in the same run:
 * absolute times drift on a shared machine, ratios much less.
 */
import type { Emulators, StackNames } from '../infra/local/emulators';

/** A budget on one row: a ceiling on its ratio to the baseline, or on its value itself. */
export type Budget =
  { kind: 'maxRatio'; max: number; description: string } | { kind: 'maxValue'; max: number; description: string };

/** One measured figure. */
export interface BenchRow {
  /** Stable, dotted, e.g. `bundles.record-submission.import-ms`; the JSON is keyed by it. */
  id: string;
  /** What a reader sees in the table. */
  name: string;
  value: number;
  /** `ms`, `KiB`, `req/s`, `count`, `USD/month`, … */
  unit: string;
  /** The same figure for the baseline of this section, measured in the same run (absent when the row has none). */
  baseline?: number;
  /** value / baseline (absent without a baseline). */
  ratio?: number;
  budget?: Budget;
  /** Whether the budget holds; absent when the row has no budget. */
  pass?: boolean;
  /** A short remark printed after the row (e.g. what the baseline is). */
  note?: string;
}

/**
 * What a section consumed, for the cost model. Every field is optional: a section reports what
 * it could count. Counts are totals over the whole section (warm-up excluded where noted).
 */
export interface BenchUsage {
  /** Domain operations the section performed (e.g. submissions recorded, months rolled up). */
  submissions?: number;
  /** Consumed capacity summed from ReturnConsumedCapacity: TOTAL. */
  dynamodbReadUnits?: number;
  dynamodbWriteUnits?: number;
  /** DynamoDB requests sent (any command). */
  dynamodbRequests?: number;
  /** Handler invocations (one per Lambda invocation on AWS, the authorizer counted separately). */
  lambdaInvocations?: number;
  /** Sum of handler durations (ms) times memory (GB) / 1000, from the manifest's memory. */
  lambdaGbSeconds?: number;
  /** HTTP API requests (API Gateway bills per request). */
  apiRequests?: number;
  s3Puts?: number;
  s3Gets?: number;
  sesMessages?: number;
  eventBridgeEvents?: number;
  /** Anything else a module wants the cost model to see. */
  [other: string]: number | undefined;
}

/** The result of one module. */
export interface BenchSection {
  /** Stable id, e.g. `bundles`, `submission-path`, `http-throughput`, `rollup-scale`, `cost-model`. */
  id: string;
  /** Heading in the printed table. */
  title: string;
  rows: BenchRow[];
  /** What the section consumed (see BenchUsage); the cost model reads it. */
  usage?: BenchUsage;
  /** Free-form facts worth keeping in the JSON (sample sizes, settings, counts). */
  details?: Record<string, unknown>;
}

/** What the runner hands to every module. */
export interface BenchContext {
  /** Shorter runs for development (BENCH_QUICK=1 or --quick): figures are indicative only. */
  quick: boolean;
  /** The emulators, started once on free ports of 127.0.0.1 for the whole run; the runner stops them. */
  emulators: Emulators;
  /** Resource names; the table and bucket exist on the emulators. */
  names: StackNames;
  /**
   * The environment that points the SDK and the handlers at the emulators (TABLE_NAME,
   * AWS_ENDPOINT_URL_DYNAMODB, …). The runner has applied it to process.env already.
   */
  env: Record<string, string>;
  /** Project root (absolute). */
  root: string;
  /** A scratch folder for this run (bundles, temporary files), removed at the end. */
  workDir: string;
  /** Progress line on stderr (the table goes to stdout). */
  log(message: string): void;
}

/** The signature of a bench module's `run`; the cost model also receives the sections before it. */
export type BenchModule = (ctx: BenchContext, previous: readonly BenchSection[]) => Promise<BenchSection>;

/** The JSON written to bench/results/. */
export interface BenchReport {
  /** ISO-8601 UTC start of the run. */
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  machine: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    totalMemoryMb: number;
    loadAverage: number[];
  };
  sections: BenchSection[];
  /** Rows with a budget that fails, by id. */
  failures: string[];
}
