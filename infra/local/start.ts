/*
 * `npm start [-- --no-demo] [--reset]`: the local stack on 127.0.0.1. DynamoDB Local, s3rver and
 * aws-ses-v2-local with the table and bucket in place, the handlers behind an API Gateway
 * stand-in, the event bus, the table-stream poller and the scheduler in this process (all routed
 * by the manifest), and on first start a demo district whose tokens are written to
 * `.local/demo-credentials.json`. Data stays under `.local/data/` across restarts. Ctrl-C stops
 * everything.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Emulators, StackNames } from './emulators';
import type { LocalEventBus } from './event-bus';
import type { ApiAdapter } from './http-adapter';
import type { DemoHistoryPlan } from './demo/history-plan';
import type { DemoProgress } from './demo-progress';
import type { LocalLambdaEndpoint } from './lambda-endpoint';
import type { S3EventDelivery } from './s3-events';
import type { LocalScheduler } from './scheduler';
import type { StreamPoller } from './stream-poller';
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
  // Only the handlers in this process (and the stack file) need the bus's address: any free
  // port will do, so a second stack (or the e2e tests) never collides with a running one.
  eventbridge: { env: 'EVENTBRIDGE_PORT', default: 0 },
} as const;

/** How often the stream poller reads the table's stream. */
const STREAM_POLL_INTERVAL_MS = 500;

const USAGE = `Usage: npm start [-- --no-demo] [--reset]

  --no-demo   do not seed the demo district on first start
  --reset     delete the local data (tables, photos, demo credentials) and start afresh
  --help      show this text

Environment: PORT (API, 3000), DYNAMODB_PORT (8000), S3_PORT (4569), SES_PORT (8005),
EVENTBRIDGE_PORT (the local bus, a free one by default); 0 picks a free port. HOUQIN_LOCAL_DIR moves the data folder (default .local/).`;

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
    demoProgress: join(localDir, 'data', 'demo-progress.json'),
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

/** The demo district's school calendar (also an example for `npm run admin -- district configure --calendar`). */
const DEMO_CALENDAR = join(__dirname, 'demo-calendar.json');

/**
 * Seeds the demo district through the directory code (loaded only now: it reads the environment
 * set above) with its calendar, planned for `now` (its schools are registered on the history's
 * first day, so compliance counts all of it). Undefined when the district is there already but
 * its tokens were lost with the credentials file: they are stored only as hashes and cannot be
 * shown again.
 */
async function seedDemo(now: Date): Promise<DemoCredentials['tokens'] | undefined> {
  const { DEMO_DISTRICT, DemoDistrictExistsError, seedDemoDistrict } = await import('./demo/district');
  const { configureDistrict } = await import('../../shared/directory/districts');
  const { demoWindow } = await import('./demo/history-plan');
  const calendar = existsSync(DEMO_CALENDAR)
    ? (JSON.parse(readFileSync(DEMO_CALENDAR, 'utf8')) as { terms: { name: string; start: string; end: string }[] })
    : undefined;
  try {
    const { tokens } = await seedDemoDistrict({
      now,
      registeredOn: demoWindow(now, DEMO_DISTRICT.timezone, calendar).from,
    });
    if (calendar) await configureDistrict(DEMO_DISTRICT.districtId, { calendar });
    return {
      admin: tokens.admin,
      official: tokens.official,
      schools: tokens.schools.map(({ schoolId, name, token }) => ({ schoolId, name, token })),
    };
  } catch (error) {
    if (!(error instanceof DemoDistrictExistsError)) throw error;
    console.warn(
      `houqin: warning: ${error.message}\nhouqin: \`npm start -- --reset\` starts afresh with a new demo district and credentials file.`,
    );
    return undefined;
  }
}

/**
 * Records the demo history (last month and this month up to yesterday, through the domain code in
 * infra/local/demo/) in the background, while the stream poller runs, so its critical hazard is mailed;
 * then its photos. Some 2,700 submissions take a while on a laptop, so the stack is ready at once
 * and the history's lines follow. Each step is written to the progress file as it finishes; a
 * start that finds the file incomplete calls this again with the first start's `now`, and every
 * step is idempotent (demo-progress.ts). A failure leaves the district and its tokens standing
 * and the progress incomplete, so the next start tries again.
 */
function recordDemoHistory(progressPath: string, progress: DemoProgress): void {
  void (async () => {
    try {
      const { criticalAlertSent, describeDemoHistory, seedDemoHistory } = await import('./demo/seed-history');
      const { demoPauseHook, markDemoStep } = await import('./demo-progress');
      const { DEMO_DISTRICT } = await import('./demo/district');
      const { timezone } = DEMO_DISTRICT;
      const pause = demoPauseHook(process.env);
      const now = new Date(progress.now);
      await pause.at('district');
      // Last month first, its hazards' photos, then its report, as on the 1st: the report is in
      // the mail viewer while this month is still being recorded.
      let photographed = new Set<string>();
      const history = await seedDemoHistory({
        now,
        districtId: progress.districtId,
        onRecorded: (count) => pause.after('submissions', count),
        onPreviousMonthSeeded: async (month, plan) => {
          // Without them the step stays undone, and the next start adds them.
          const photos = await seedLastMonthPhotos(plan, month);
          if (photos) markDemoStep(progressPath, progress, 'previous-month');
          photographed = photos ?? photographed;
          // Asked for once; asking again after an interruption is harmless (the mail goes once).
          if (!progress.done.report && (await requestDemoReport(timezone, now)))
            markDemoStep(progressPath, progress, 'report');
        },
      });
      const { created, existing } = history.submissions;
      const replayed =
        existing > 0
          ? ` (${created.toLocaleString('en')} recorded now, ${existing.toLocaleString('en')} stored by an earlier start)`
          : '';
      console.log(`houqin: demo history ${describeDemoHistory(history, await criticalAlertSent(history))}${replayed}`);
      markDemoStep(progressPath, progress, 'history');
      if (await seedPhotos(history.plan, photographed, (count) => pause.after('photos', count)))
        markDemoStep(progressPath, progress, 'photos');
    } catch (error) {
      console.warn(
        `houqin: warning: the demo history could not be seeded: ${(error as Error).message}\nhouqin: the next \`npm start\` resumes it; \`npm start -- --reset\` starts afresh.`,
      );
    }
  })();
}

/**
 * Adds the demo photos to the seeded history by the real path (ask, upload to s3rver, verified by
 * verify-photo through the local S3 events): infra/local/demo-photos.ts. A failure leaves the
 * history as it is. True when they are all there.
 */
async function seedPhotos(
  plan: DemoHistoryPlan,
  skip: ReadonlySet<string>,
  onPhoto: (count: number) => Promise<void>,
): Promise<boolean> {
  try {
    const { describeDemoPhotos, seedDemoPhotos } = await import('./demo-photos');
    console.log(
      `houqin: demo photos ${describeDemoPhotos(await seedDemoPhotos({ plan, bucket: LOCAL_NAMES.bucketName, skip, onPhoto }))}`,
    );
    return true;
  } catch (error) {
    console.warn(`houqin: warning: the demo photos could not be added: ${(error as Error).message}`);
    return false;
  }
}

/** The photos of last month's hazards, before its report is asked for; undefined when they could not be added. */
async function seedLastMonthPhotos(plan: DemoHistoryPlan, month: string): Promise<Set<string> | undefined> {
  try {
    const { seedReportPhotos } = await import('./demo-photos');
    const added = await seedReportPhotos({ plan, bucket: LOCAL_NAMES.bucketName, month });
    console.log(
      `houqin: demo history ${month} recorded; ${added.verified} photos of its hazards verified in ${(added.elapsedMs / 1000).toFixed(1)} s`,
    );
    return added.submissionIds;
  } catch (error) {
    console.warn(`houqin: warning: the photos of ${month}'s hazards could not be added: ${(error as Error).message}`);
    return undefined;
  }
}

/** The in-process scheduler, once started: the demo's report is asked for through it. */
let localScheduler: LocalScheduler | undefined;

/**
 * Asks for the demo district's report of last month as the schedule does on the 1st at 08:00:
 * the monthly-reports job runs now as if scheduled for 08:00 on the 1st of this month (district
 * time), so its ReportRequested goes over the local bus to produce-report, and the report's mail
 * (charts and workbook) reaches the mail viewer. A failure leaves the history as it is.
 */
async function requestDemoReport(timezone: string, now: Date): Promise<boolean> {
  const job = localScheduler?.jobs.find((candidate) => candidate.spec.name === 'dispatch-monthly-reports');
  if (!job) return false;
  try {
    const { startOfLocalDay } = await import('../../shared/time');
    const { localDate } = await import('../../shared/time');
    const scheduledFor = new Date(
      startOfLocalDay(`${localDate(timezone, now).slice(0, 7)}-01`, timezone).getTime() + 8 * 3_600_000,
    );
    if (!(await job.runNow(scheduledFor))) throw new Error('the monthly-reports run failed');
    console.log(
      `houqin: demo report of last month requested ${Math.round(performance.now() / 100) / 10} s after start (produce-report mails it to the mail viewer)`,
    );
    return true;
  } catch (error) {
    console.warn(`houqin: warning: the demo report could not be requested: ${(error as Error).message}`);
    return false;
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
  bus?: LocalEventBus;
  poller?: StreamPoller;
  scheduler?: LocalScheduler;
  photoEvents?: S3EventDelivery;
  lambda?: LocalLambdaEndpoint;
}

async function stopStack(stack: RunningStack): Promise<void> {
  // What runs handlers stops first, while DynamoDB and SES still answer them.
  stack.scheduler?.stop();
  stack.photoEvents?.detach();
  await Promise.allSettled([stack.poller?.stop(), stack.api?.stop(), stack.photoEvents?.idle(), stack.lambda?.stop()]);
  await Promise.allSettled([stack.bus?.stop(), stack.emulators?.stop()]);
}

/** The ports from the environment (defaults in PORTS). */
function portsFromEnv(env: NodeJS.ProcessEnv) {
  return {
    api: portFromEnv(env, PORTS.api.env, PORTS.api.default),
    dynamodb: portFromEnv(env, PORTS.dynamodb.env, PORTS.dynamodb.default),
    s3: portFromEnv(env, PORTS.s3.env, PORTS.s3.default),
    ses: portFromEnv(env, PORTS.ses.env, PORTS.ses.default),
    eventbridge: portFromEnv(env, PORTS.eventbridge.env, PORTS.eventbridge.default),
  };
}

type Urls = Pick<DemoCredentials, 'apiUrl' | 'mailViewerUrl'>;

/**
 * Seeds the demo district on a first start (a new table, or no credentials file), writes its
 * tokens and starts recording its history; on later starts keeps the file, with this start's
 * URLs, and resumes a history that an earlier start left incomplete (demo-progress.ts). True
 * when it seeded.
 */
async function provideDemoCredentials(
  paths: ReturnType<typeof localPaths>,
  urls: Urls,
  tableCreated: boolean,
  demo: boolean,
): Promise<boolean> {
  const { path, progressPath } = { path: paths.credentials, progressPath: paths.demoProgress };
  const { demoNow, describeResume, isDemoComplete, readDemoProgress, removeDemoProgress, writeDemoProgress } =
    await import('./demo-progress');
  // A new, empty table: an earlier start's progress no longer applies.
  if (tableCreated) removeDemoProgress(progressPath);
  const firstStart = tableCreated || !existsSync(path);
  const now = firstStart && demo ? demoNow(process.env) : undefined;
  const tokens = now ? await seedDemo(now) : undefined;
  if (now && tokens) {
    writePrivateJson(path, { ...urls, tokens } satisfies DemoCredentials);
    const { DEMO_DISTRICT } = await import('./demo/district');
    const progress = {
      districtId: DEMO_DISTRICT.districtId,
      now: now.toISOString(),
      done: { district: new Date().toISOString() },
      resumed: 0,
    };
    writeDemoProgress(progressPath, progress);
    console.log('houqin: demo history recording last month and this month so far in the background…');
    recordDemoHistory(progressPath, progress);
    return true;
  }
  // A new, empty table: tokens from an earlier start no longer exist.
  if (tableCreated) rmSync(path, { force: true });
  else if (existsSync(path)) refreshCredentials(path, urls);
  // An earlier start stopped before its demo history was complete: finish it as it would have.
  const progress = readDemoProgress(progressPath);
  if (progress && !isDemoComplete(progress)) {
    if (!demo) {
      console.log('houqin: demo history incomplete; not resumed (--no-demo)');
    } else {
      console.log(`houqin: demo history resumed: ${describeResume(progress)}`);
      progress.resumed += 1;
      writeDemoProgress(progressPath, progress);
      recordDemoHistory(progressPath, progress);
    }
  }
  return false;
}

/** `.local/local-stack.json`: how the admin CLI and other tools find the running stack. */
function writeStackFile(
  path: string,
  emulators: Emulators,
  urls: Urls,
  region: string,
  bus: LocalEventBus,
  failures: { lambdaEndpoint: string; deadLetterFile: string },
): void {
  const description = {
    dynamodbEndpoint: emulators.dynamodb.endpoint,
    tableName: LOCAL_NAMES.tableName,
    region,
    s3Endpoint: emulators.s3.endpoint,
    bucketName: LOCAL_NAMES.bucketName,
    sesEndpoint: emulators.ses?.endpoint,
    eventBusEndpoint: bus.url,
    eventBusName: LOCAL_NAMES.eventBusName,
    senderAddress: LOCAL_NAMES.senderAddress,
    apiUrl: urls.apiUrl,
    mailViewerUrl: urls.mailViewerUrl,
    // `npm run admin -- dead-letters`: the letters, and the functions' Invoke API to redrive them.
    lambdaEndpoint: failures.lambdaEndpoint,
    deadLetterFile: failures.deadLetterFile,
    pid: process.pid,
  };
  writeFileSync(path, `${JSON.stringify(description, null, 2)}\n`);
}

/** One line per rule, stream consumer and schedule: where events and timers go. */
function describeAsync(
  bus: LocalEventBus,
  poller: StreamPoller,
  scheduler: LocalScheduler,
  photoEvents: S3EventDelivery,
): string[] {
  return [
    `houqin: event bus    ${bus.url} (${LOCAL_NAMES.eventBusName})`,
    ...bus.rules.map(({ rule, spec }) => `houqin:   rule ${rule} → ${spec.name}`),
    ...photoEvents.routes.map(
      ({ spec, prefix }) =>
        `houqin: S3 events    ${LOCAL_NAMES.bucketName}/${prefix} ObjectCreated → ${spec.name} (dead letters: data/dead-letters.jsonl)`,
    ),
    ...poller.consumers.map((spec) => `houqin: table stream → ${spec.name} (read every ${STREAM_POLL_INTERVAL_MS} ms)`),
    ...scheduler.jobs.map(
      (job) =>
        `houqin: schedule     ${job.id} ${job.expression} ${job.timezone} → ${job.spec.name}, next ${job.nextRun()?.toISOString() ?? 'never'}`,
    ),
  ];
}

function printSummary(
  paths: ReturnType<typeof localPaths>,
  emulators: Emulators,
  urls: Urls,
  seeded: boolean,
  asyncLines: string[],
): void {
  console.log(
    [
      `houqin: API          ${urls.apiUrl}`,
      `houqin: mail viewer  ${urls.mailViewerUrl}`,
      `houqin: DynamoDB     ${emulators.dynamodb.endpoint} (table ${LOCAL_NAMES.tableName})`,
      `houqin: S3           ${emulators.s3.endpoint} (bucket ${LOCAL_NAMES.bucketName})`,
      ...asyncLines,
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
  const { startLocalEventBus } = await import('./event-bus');
  const { startStreamPoller } = await import('./stream-poller');
  const { startLocalScheduler } = await import('./scheduler');

  const paths = localPaths(resolve(process.env.HOUQIN_LOCAL_DIR ?? join(PROJECT_ROOT, '.local')));
  if (options.reset) {
    rmSync(paths.data, { recursive: true, force: true });
    rmSync(paths.credentials, { force: true });
    console.log(`houqin: reset: removed ${paths.data}`);
  }
  mkdirSync(paths.data, { recursive: true });

  const ports = portsFromEnv(process.env);
  // A busy API or bus port should stop us before Java has started.
  if (ports.api !== 0) await claimPort(ports.api, PORTS.api.env);
  if (ports.eventbridge !== 0) await claimPort(ports.eventbridge, PORTS.eventbridge.env);
  const emulators = await startEmulators({
    ports,
    portEnvNames: { dynamodb: PORTS.dynamodb.env, s3: PORTS.s3.env, ses: PORTS.ses.env },
    dataDir: paths.data,
    tableName: LOCAL_NAMES.tableName,
    bucketName: LOCAL_NAMES.bucketName,
  });
  stack.emulators = emulators;
  applyEnvironment(emulatorEnvironment(emulators, LOCAL_NAMES));
  // No IAM locally: each table request a function makes outside its role's key scope is reported.
  const { checkTableAccess } = await import('./table-access');
  const { getDocumentClient } = await import('../../shared/clients');
  checkTableAccess(getDocumentClient(), (violation) =>
    console.warn(
      `houqin: warning: ${violation.function} ${violation.operation} ${violation.index ? `${violation.index} ` : ''}${violation.partition || '(no key)'}: outside its table key scope (the manifest's tableKeys); AWS IAM would refuse it`,
    ),
  );
  // Handlers log JSON lines; the adapter's one line per request is enough unless asked for more.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // No CloudWatch locally: the domain metrics' EMF lines would only clutter the output.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  if (!emulators.dynamodb.loopbackOnly) {
    console.warn(
      `houqin: warning: no JDK compiler (javac) found, so DynamoDB Local listens on all network interfaces (port ${emulators.dynamodb.port}). Install a JDK 17 to keep it on 127.0.0.1.`,
    );
  }

  // The bus, stream and schedules follow the manifest as the API does; the poller starts before
  // the demo is seeded, so the demo's critical hazard is announced (and mailed) like any other.
  // What fails all its attempts is kept where each function's failure queue would hold it on AWS.
  const deadLetterFile = join(paths.data, 'dead-letters.jsonl');
  const bus = await startLocalEventBus(ports.eventbridge, {
    busName: LOCAL_NAMES.eventBusName,
    portEnvName: PORTS.eventbridge.env,
    deadLetterFile,
  });
  stack.bus = bus;
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.url;
  const poller = await startStreamPoller({
    endpoint: emulators.dynamodb.endpoint,
    tableName: LOCAL_NAMES.tableName,
    intervalMs: STREAM_POLL_INTERVAL_MS,
    checkpointFile: join(paths.data, 'stream-checkpoints.json'),
    deadLetterFile,
  });
  stack.poller = poller;
  const scheduler = startLocalScheduler({ deadLetterFile });
  stack.scheduler = scheduler;
  localScheduler = scheduler;
  // s3rver's notifications reach the manifest's s3 functions (verify-photo) in this process, as
  // the bucket's EventBridge rule does on AWS; attached before the demo uploads its photos.
  const { attachS3EventDelivery } = await import('./s3-events');
  const photoEvents = attachS3EventDelivery(emulators.s3.server, {
    bucketName: LOCAL_NAMES.bucketName,
    deadLetterFile,
  });
  stack.photoEvents = photoEvents;
  // The functions' Invoke API, on a free port: the admin CLI redrives dead letters through it.
  const { startLocalLambdaEndpoint } = await import('./lambda-endpoint');
  stack.lambda = await startLocalLambdaEndpoint(0, { deadLetterFile });

  // The school app at the API's origin (as CloudFront serves both on AWS), rebuilt when web/ changes.
  const { addLoginLinks, startLocalWebApp } = await import('./web-app');
  const webApp = await startLocalWebApp(paths.localDir, emulators.s3.endpoint);
  stack.api = await startApiAdapter(ports.api, { portEnvName: PORTS.api.env, site: webApp.site });
  // The report mail's photo links point at this API (on AWS: the stack sets it).
  process.env.PUBLIC_API_URL ??= stack.api.url;
  const urls: Urls = { apiUrl: stack.api.url, mailViewerUrl: `${emulators.ses?.endpoint ?? ''}/` };
  const seeded = await provideDemoCredentials(paths, urls, emulators.tableCreated, options.demo);
  writeStackFile(paths.stackFile, emulators, urls, LOCAL_REGION, bus, {
    lambdaEndpoint: stack.lambda.url,
    deadLetterFile,
  });
  const appUrl = `${stack.api.url}/`;
  const demoLogin = addLoginLinks(paths.credentials, appUrl);
  console.log(
    `houqin: app          ${appUrl}${demoLogin ? `\nhouqin: login link   ${demoLogin.link} (${demoLogin.school}; every token's link is in ${paths.credentials})` : ''}`,
  );

  const missing = missingEntries();
  if (missing.length)
    console.warn(`houqin: warning: manifest entries not written yet (their routes answer 500): ${missing.join(', ')}`);
  printSummary(paths, emulators, urls, seeded, describeAsync(bus, poller, scheduler, photoEvents));
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
    if (error instanceof PrerequisiteError)
      console.error(`(Node.js ≥ ${MIN_NODE_MAJOR} and Java ≥ 17 are the prerequisites; see README.md.)`);
    await stopStack(stack);
    process.exit(1);
  }
}

if (require.main === module) void main();
