import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

/** What a run of a CLI printed and how it ended. */
export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every variable through which a child process could learn of a target other than from the stack file. */
const TARGET_VARIABLES = [
  'TABLE_NAME',
  'BUCKET_NAME',
  'SENDER_ADDRESS',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_SES',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
];

/**
 * Writes the stack file `npm start` writes, pointing at the emulators jest's global set-up started:
 * DynamoDB always, and whatever `extra` adds or overrides (S3, SES, the sender, another table).
 */
export function writeStackFile(path: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(
    path,
    JSON.stringify({
      dynamodbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
      tableName: process.env.TABLE_NAME,
      region: process.env.AWS_REGION,
      ...extra,
    }),
  );
}

/** The stack file's entries for the S3 and SES emulators: the photo bucket and the sender. */
export const emulatorMailAndPhotos = () => ({
  s3Endpoint: process.env.AWS_ENDPOINT_URL_S3,
  bucketName: process.env.BUCKET_NAME,
  sesEndpoint: process.env.AWS_ENDPOINT_URL_SES,
  senderAddress: process.env.SENDER_ADDRESS,
});

/**
 * For the tests of one describe block: a temporary folder (named from `prefix`) with the stack file
 * `local-stack.json` in it (see writeStackFile, with `extra`), written before them and removed after.
 */
export function useStackFile(
  prefix: string,
  extra: Record<string, unknown> = {},
): { workDir: string; stackFile: string } {
  const workDir = mkdtempSync(join(tmpdir(), prefix));
  const stackFile = join(workDir, 'local-stack.json');
  beforeAll(() => writeStackFile(stackFile, extra));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  return { workDir, stackFile };
}

/**
 * Runs `command` in a child process at the project's root whose environment names no table, bucket,
 * sender, region or endpoint (even if `env` names one): everything it knows of the target comes from
 * the stack file that `env` names (HOUQIN_LOCAL_STACK_FILE).
 */
export function runCli(
  command: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<AdminRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of TARGET_VARIABLES) delete childEnv[name];
  const [file, ...args] = command;
  return new Promise((resolveRun) => {
    execFile(file!, args, { cwd: ROOT, env: childEnv, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** Runs `tsx infra/cli/admin.ts …` as `npm run admin` does (see `runCli`), in Chinese unless `env` says otherwise. */
export function runAdmin(args: string[], env: Record<string, string | undefined>): Promise<AdminRun> {
  return runCli([process.execPath, TSX, 'infra/cli/admin.ts', ...args], { LANG: 'zh_CN.UTF-8', ...env });
}

/** Runs `npm run rollup -- …` (see `runCli`) in English. */
export function runRollup(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<AdminRun> {
  return runCli(['npm', 'run', '--silent', 'rollup', '--', ...args], { LANG: 'en_US.UTF-8', ...env }, timeoutMs);
}
