/*
 * `npm start [-- --no-demo] [--reset]`: the local stack on 127.0.0.1. DynamoDB Local, s3rver and
 * aws-ses-v2-local with the table and bucket in place, the handlers behind an API Gateway
 * stand-in, and on first start a demo district whose tokens are written to
 * `.local/demo-credentials.json`. Data stays under `.local/data/` across restarts. Ctrl-C stops
 * everything.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Emulators, StackNames } from './emulators';
import type { ApiAdapter } from './http-adapter';
import { claimPort, PortInUseError, portFromEnv } from './ports';
import { checkPrerequisites, MIN_NODE_MAJOR, PrerequisiteError } from './prerequisites';

const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** Resource names of the local stack (on AWS the CDK stack names them). */
export const LOCAL_NAMES: StackNames = {
  tableName: 'houqin-local',
  bucketName: 'houqin-photos-local',
  eventBusName: 'houqin-local',
  senderAddress: 'houqin-local@example.com',
};

/** Port variables and their defaults. */
export const PORTS = {
  api: { env: 'PORT', default: 3000 },
  dynamodb: { env: 'DYNAMODB_PORT', default: 8000 },
  s3: { env: 'S3_PORT', default: 4569 },
  ses: { env: 'SES_PORT', default: 8005 },
} as const;

const USAGE = `Usage: npm start [-- --no-demo] [--reset]

  --no-demo   do not seed the demo district on first start
  --reset     delete the local data (tables, photos, demo credentials) and start afresh
  --help      show this text

Environment: PORT (API, 3000), DYNAMODB_PORT (8000), S3_PORT (4569), SES_PORT (8005);
0 picks a free port. HOUQIN_LOCAL_DIR moves the data folder (default .local/).`;

export interface StartOptions {
  demo: boolean;
  reset: boolean;
  help: boolean;
}

/** Parses the command line; an unknown flag is an error, not something to ignore. */
export function parseStartArgs(argv: readonly string[]): StartOptions {
  const options: StartOptions = { demo: true, reset: false, help: false };
  for (const arg of argv) {
    if (arg === '--no-demo') options.demo = false;
    else if (arg === '--reset') options.reset = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
  }
  return options;
}

/** Where the local stack keeps its files. */
export function localPaths(localDir: string) {
  return {
    localDir,
    data: join(localDir, 'data'),
    credentials: join(localDir, 'demo-credentials.json'),
    stackFile: join(localDir, 'local-stack.json'),
  };
}

/** What `.local/demo-credentials.json` holds. */
export interface DemoCredentials {
  apiUrl: string;
  mailViewerUrl: string;
  tokens: { admin: string; official: string; schools: { schoolId: string; name: string; token: string }[] };
}

function writePrivateJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  // The mode of writeFileSync applies only to a new file.
  chmodSync(path, 0o600);
}

/**
 * Seeds the demo district through the directory code (loaded only now: it reads the environment
 * set above). Undefined when the district is there already but its tokens were lost with the
 * credentials file: they are stored only as hashes and cannot be shown again.
 */
async function seedDemo(): Promise<DemoCredentials['tokens'] | undefined> {
  const { DemoDistrictExistsError, seedDemoDistrict } = await import('../../shared/directory/demo');
  try {
    const { tokens } = await seedDemoDistrict();
    return { admin: tokens.admin, official: tokens.official, schools: tokens.schools.map(({ schoolId, name, token }) => ({ schoolId, name, token })) };
  } catch (error) {
    if (!(error instanceof DemoDistrictExistsError)) throw error;
    console.warn(`houqin: warning: ${error.message}\nhouqin: \`npm start -- --reset\` starts afresh with a new demo district and credentials file.`);
    return undefined;
  }
}

/** Keeps the tokens of an earlier start but points the file at this start's URLs (ports may differ). */
function refreshCredentials(path: string, urls: Urls): void {
  const existing = JSON.parse(readFileSync(path, 'utf8')) as DemoCredentials;
  writePrivateJson(path, { ...existing, ...urls });
}

interface RunningStack {
  emulators?: Emulators;
  api?: ApiAdapter;
}

async function stopStack(stack: RunningStack): Promise<void> {
  await Promise.allSettled([stack.api?.stop(), stack.emulators?.stop()]);
}

/** The ports from the environment (defaults in PORTS). */
function portsFromEnv(env: NodeJS.ProcessEnv) {
  return {
    api: portFromEnv(env, PORTS.api.env, PORTS.api.default),
    dynamodb: portFromEnv(env, PORTS.dynamodb.env, PORTS.dynamodb.default),
    s3: portFromEnv(env, PORTS.s3.env, PORTS.s3.default),
    ses: portFromEnv(env, PORTS.ses.env, PORTS.ses.default),
  };
}

type Urls = Pick<DemoCredentials, 'apiUrl' | 'mailViewerUrl'>;

/**
 * Seeds the demo district on a first start (a new table, or no credentials file) and writes its
 * tokens; on later starts keeps the file, with this start's URLs. True when it seeded.
 */
async function provideDemoCredentials(path: string, urls: Urls, tableCreated: boolean, demo: boolean): Promise<boolean> {
  const firstStart = tableCreated || !existsSync(path);
  const tokens = firstStart && demo ? await seedDemo() : undefined;
  if (tokens) {
    writePrivateJson(path, { ...urls, tokens } satisfies DemoCredentials);
    return true;
  }
  // A new, empty table: tokens from an earlier start no longer exist.
  if (tableCreated) rmSync(path, { force: true });
  else if (existsSync(path)) refreshCredentials(path, urls);
  return false;
}

/** `.local/local-stack.json`: how the admin CLI and other tools find the running stack. */
function writeStackFile(path: string, emulators: Emulators, urls: Urls, region: string): void {
  const description = {
    dynamodbEndpoint: emulators.dynamodb.endpoint,
    tableName: LOCAL_NAMES.tableName,
    region,
    s3Endpoint: emulators.s3.endpoint,
    bucketName: LOCAL_NAMES.bucketName,
    sesEndpoint: emulators.ses?.endpoint,
    eventBusName: LOCAL_NAMES.eventBusName,
    senderAddress: LOCAL_NAMES.senderAddress,
    apiUrl: urls.apiUrl,
    mailViewerUrl: urls.mailViewerUrl,
    pid: process.pid,
  };
  writeFileSync(path, `${JSON.stringify(description, null, 2)}\n`);
}

function printSummary(paths: ReturnType<typeof localPaths>, emulators: Emulators, urls: Urls, seeded: boolean): void {
  console.log(
    [
      `houqin: API          ${urls.apiUrl}`,
      `houqin: mail viewer  ${urls.mailViewerUrl}`,
      `houqin: DynamoDB     ${emulators.dynamodb.endpoint} (table ${LOCAL_NAMES.tableName})`,
      `houqin: S3           ${emulators.s3.endpoint} (bucket ${LOCAL_NAMES.bucketName})`,
      existsSync(paths.credentials)
        ? `houqin: demo tokens  ${paths.credentials}${seeded ? ' (demo district seeded)' : ''}`
        : 'houqin: no demo district (--no-demo); add one with `npm run admin`',
      `houqin: data         ${paths.data}`,
      // From process start, so the time tsx takes to load counts too.
      `houqin: ready in ${Math.round(performance.now())} ms (Ctrl-C to stop)`,
    ].join('\n'),
  );
}

async function run(options: StartOptions, stack: RunningStack): Promise<void> {
  // Prerequisites first, before loading the SDK, s3rver and the handlers' code.
  const node = checkPrerequisites().node;
  if (node < 22) {
    console.log('houqin: Node.js 20 works; Node.js 22 is recommended (AWS SDK releases from 2027 on will need it).');
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  }
  const { applyEnvironment, emulatorEnvironment, LOCAL_REGION, startEmulators } = await import('./emulators');
  const { missingEntries, startApiAdapter } = await import('./http-adapter');

  const paths = localPaths(resolve(process.env.HOUQIN_LOCAL_DIR ?? join(PROJECT_ROOT, '.local')));
  if (options.reset) {
    rmSync(paths.data, { recursive: true, force: true });
    rmSync(paths.credentials, { force: true });
    console.log(`houqin: reset: removed ${paths.data}`);
  }
  mkdirSync(paths.data, { recursive: true });

  const ports = portsFromEnv(process.env);
  // A busy API port should stop us before Java has started.
  if (ports.api !== 0) await claimPort(ports.api, PORTS.api.env);
  const emulators = await startEmulators({
    ports,
    portEnvNames: { dynamodb: PORTS.dynamodb.env, s3: PORTS.s3.env, ses: PORTS.ses.env },
    dataDir: paths.data,
    tableName: LOCAL_NAMES.tableName,
    bucketName: LOCAL_NAMES.bucketName,
  });
  stack.emulators = emulators;
  applyEnvironment(emulatorEnvironment(emulators, LOCAL_NAMES));
  // Handlers log JSON lines; the adapter's one line per request is enough unless asked for more.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  if (!emulators.dynamodb.loopbackOnly) {
    console.warn(
      `houqin: warning: no JDK compiler (javac) found, so DynamoDB Local listens on all network interfaces (port ${emulators.dynamodb.port}). Install a JDK 17 to keep it on 127.0.0.1.`,
    );
  }

  stack.api = await startApiAdapter(ports.api, { portEnvName: PORTS.api.env });
  const urls: Urls = { apiUrl: stack.api.url, mailViewerUrl: `${emulators.ses?.endpoint ?? ''}/` };
  const seeded = await provideDemoCredentials(paths.credentials, urls, emulators.tableCreated, options.demo);
  writeStackFile(paths.stackFile, emulators, urls, LOCAL_REGION);

  const missing = missingEntries();
  if (missing.length) console.warn(`houqin: warning: manifest entries not written yet (their routes answer 500): ${missing.join(', ')}`);
  printSummary(paths, emulators, urls, seeded);
}

/** Ctrl-C and SIGTERM stop the API and every emulator, then exit 0. */
function installShutdown(stack: RunningStack): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`houqin: ${signal}: stopping…`);
    const force = setTimeout(() => process.exit(0), 15_000);
    force.unref();
    void stopStack(stack).then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
}

async function main(): Promise<void> {
  let options: StartOptions;
  try {
    options = parseStartArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`houqin: ${(error as Error).message}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const stack: RunningStack = {};
  installShutdown(stack);
  try {
    await run(options, stack);
  } catch (error) {
    const known = error instanceof PrerequisiteError || error instanceof PortInUseError;
    console.error(`houqin: could not start: ${known ? (error as Error).message : ''}`);
    if (!known) console.error(error);
    if (error instanceof PrerequisiteError) console.error(`(Node.js ≥ ${MIN_NODE_MAJOR} and Java ≥ 17 are the prerequisites; see README.md.)`);
    await stopStack(stack);
    process.exit(1);
  }
}

if (require.main === module) void main();
