import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import type { Locale, Text } from '../../shared/i18n';
import { localize } from '../../shared/i18n';

/*
 * Which table the admin CLI works on. By default the local stack's (found through the file
 * `npm start` writes), with `--stack <name>` the table of a deployed CloudFormation stack, with
 * `--table <name>` a table on AWS named directly. The choice becomes environment variables
 * (TABLE_NAME, the DynamoDB endpoint, region, credentials) that must be set before the directory
 * modules, and with them the DynamoDB client, are loaded.
 */

const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** Points the CLI at another local-stack file (tests, or a second local stack). */
export const LOCAL_STACK_FILE_ENV = 'HOUQIN_LOCAL_STACK_FILE';

/** The CloudFormation output of the deployed stack that names its table (infra/stack.ts). */
export const TABLE_NAME_OUTPUT = 'TableName';

/** The local stack's DynamoDB Local takes any credentials (-sharedDb): these say so plainly. */
const LOCAL_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } as const;
const LOCAL_DEFAULT_REGION = 'us-east-1';

/** Where the CLI will read and write. */
export type Target =
  | { kind: 'local'; tableName: string; endpoint: string; region: string; file: string }
  | { kind: 'aws'; tableName: string; region?: string; stack?: string };

/** The command-line choices that pick a target. */
export interface TargetOptions {
  stack?: string;
  table?: string;
  region?: string;
}

/** A target that cannot be reached or read; its message is for the operator, in both languages. */
export class TargetError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'TargetError';
  }

  /** The message in the operator's language. */
  localized(locale: Locale): string {
    return localize(this.text, locale);
  }
}

const localStackSchema = z.object({
  dynamodbEndpoint: z.url(),
  tableName: z.string().min(1),
  region: z.string().min(1).optional(),
});

/** The file the local stack describes itself in: HOUQIN_LOCAL_STACK_FILE, else <HOUQIN_LOCAL_DIR or .local>/local-stack.json. */
export function localStackFile(env: NodeJS.ProcessEnv): string {
  const explicit = env[LOCAL_STACK_FILE_ENV]?.trim();
  if (explicit) return resolve(explicit);
  return resolve(env.HOUQIN_LOCAL_DIR?.trim() || join(PROJECT_ROOT, '.local'), 'local-stack.json');
}

/**
 * How the local-stack file was chosen, for the messages that name it: a stack started with
 * HOUQIN_LOCAL_DIR writes its file there, and the CLI finds it only with the same variable.
 */
function fileOrigin(env: NodeJS.ProcessEnv): Text {
  const explicit = env[LOCAL_STACK_FILE_ENV]?.trim();
  if (explicit)
    return { zh: `由 ${LOCAL_STACK_FILE_ENV}=${explicit} 指定`, en: `from ${LOCAL_STACK_FILE_ENV}=${explicit}` };
  const dir = env.HOUQIN_LOCAL_DIR?.trim();
  if (dir) return { zh: `HOUQIN_LOCAL_DIR=${dir}`, en: `HOUQIN_LOCAL_DIR=${dir}` };
  return {
    zh: '默认目录 .local/；本地栈若以 HOUQIN_LOCAL_DIR=<目录> 启动，请在这里设置同一个 HOUQIN_LOCAL_DIR',
    en: 'the default .local/; a stack started with HOUQIN_LOCAL_DIR=<dir> is found with the same HOUQIN_LOCAL_DIR here',
  };
}

/** `npm start` as it must be run to write the file this environment reads. */
function startCommand(env: NodeJS.ProcessEnv): string {
  const dir = env[LOCAL_STACK_FILE_ENV]?.trim() ? undefined : env.HOUQIN_LOCAL_DIR?.trim();
  return dir ? `HOUQIN_LOCAL_DIR=${dir} npm start` : 'npm start';
}

/** What resolving a target reads from the outside world (injected by tests). */
export interface TargetDeps {
  readFile(path: string): Promise<string>;
  stackTableName(stack: string, region: string | undefined): Promise<string>;
}

/** Reads the TableName output of a deployed stack, with the normal AWS credential chain and region. */
async function describeStackTableName(stack: string, region: string | undefined): Promise<string> {
  // Loaded only for --stack: the local path should not pay for the CloudFormation client.
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient(region ? { region } : {});
  let outputs: { OutputKey?: string; OutputValue?: string }[] | undefined;
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stack }));
    outputs = Stacks?.[0]?.Outputs;
  } catch (error) {
    const { name = '', message = '' } = error as { name?: string; message?: string };
    if (/does not exist/i.test(message)) {
      throw new TargetError({
        zh: `找不到 CloudFormation 栈 ${stack}（请检查栈名称和区域）。`,
        en: `CloudFormation stack ${stack} does not exist (check the name and the region).`,
      });
    }
    if (/region is missing/i.test(message)) {
      throw new TargetError({
        zh: '没有设置 AWS 区域：请用 --region 或 AWS_REGION 指定。',
        en: 'No AWS region: give one with --region or AWS_REGION.',
      });
    }
    if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
      throw new TargetError({ zh: `找不到可用的 AWS 凭证：${message}`, en: `No usable AWS credentials: ${message}` });
    }
    throw error;
  } finally {
    client.destroy();
  }
  const output = outputs?.find((candidate) => candidate.OutputKey === TABLE_NAME_OUTPUT);
  if (!output?.OutputValue) {
    throw new TargetError({
      zh: `栈 ${stack} 没有 ${TABLE_NAME_OUTPUT} 输出：它是 Houqin 的栈吗？`,
      en: `Stack ${stack} has no ${TABLE_NAME_OUTPUT} output: is it a Houqin stack?`,
    });
  }
  return output.OutputValue;
}

const defaultDeps: TargetDeps = { readFile: (path) => readFile(path, 'utf8'), stackTableName: describeStackTableName };

async function localTarget(env: NodeJS.ProcessEnv, deps: TargetDeps): Promise<Target> {
  const file = localStackFile(env);
  let text: string;
  try {
    text = await deps.readFile(file);
  } catch {
    const origin = fileOrigin(env);
    throw new TargetError({
      zh: `找不到本地栈（${file}，${origin.zh}）：请先用 ${startCommand(env)} 启动本地栈，或用 --stack <栈名> / --table <表名> 指向 AWS 上的部署。`,
      en: `No local stack found (${file}, ${origin.en}): start the local stack with ${startCommand(env)} first, or target a deployment on AWS with --stack <name> / --table <name>.`,
    });
  }
  let parsed: z.infer<typeof localStackSchema>;
  try {
    parsed = localStackSchema.parse(JSON.parse(text));
  } catch {
    throw new TargetError({
      zh: `本地栈文件 ${file} 无法读取：请重新运行 npm start。`,
      en: `The local stack file ${file} is unreadable: run npm start again.`,
    });
  }
  return {
    kind: 'local',
    tableName: parsed.tableName,
    endpoint: parsed.dynamodbEndpoint,
    region: parsed.region ?? LOCAL_DEFAULT_REGION,
    file,
  };
}

/** Decides the target from the options (`--stack`, `--table`, or neither for the local stack). */
export async function resolveTarget(
  options: TargetOptions,
  env: NodeJS.ProcessEnv = process.env,
  deps: TargetDeps = defaultDeps,
): Promise<Target> {
  if (options.stack && options.table) {
    throw new TargetError({ zh: '--stack 和 --table 只能选一个。', en: 'Give --stack or --table, not both.' });
  }
  const region = options.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);
  if (options.table) return { kind: 'aws', tableName: options.table, ...(region ? { region } : {}) };
  if (options.stack)
    return {
      kind: 'aws',
      tableName: await deps.stackTableName(options.stack, region),
      stack: options.stack,
      ...(region ? { region } : {}),
    };
  return localTarget(env, deps);
}

/**
 * Sets the environment the DynamoDB client reads when it is created. Local: the emulator's
 * endpoint, its region and dummy credentials (a profile would take precedence over them, so it is
 * dropped). AWS: the table and region only; a DynamoDB endpoint left in the shell (e.g. from local
 * testing) is dropped so that --stack and --table always mean AWS itself.
 */
export function applyTarget(target: Target, env: NodeJS.ProcessEnv = process.env): void {
  env.TABLE_NAME = target.tableName;
  if (target.kind === 'local') {
    env.AWS_ENDPOINT_URL_DYNAMODB = target.endpoint;
    env.AWS_REGION = target.region;
    Object.assign(env, LOCAL_CREDENTIALS);
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
    return;
  }
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  if (target.region) env.AWS_REGION = target.region;
}

/**
 * Whether something listens at the local endpoint: a stopped local stack leaves its file behind.
 * The refusal names the file and how it was chosen (`env`: HOUQIN_LOCAL_DIR or the default).
 */
export async function probeLocal(
  target: Extract<Target, { kind: 'local' }>,
  timeoutMs = 1_500,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const url = new URL(target.endpoint);
  const reachable = await new Promise<boolean>((resolveProbe) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 80) });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolveProbe(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
  if (!reachable) {
    const origin = fileOrigin(env);
    throw new TargetError({
      zh: `本地栈没有运行（${target.endpoint} 无响应；栈文件 ${target.file}，${origin.zh}）：请先用 ${startCommand(env)} 启动本地栈。`,
      en: `The local stack is not running (nothing answers at ${target.endpoint}; stack file ${target.file}, ${origin.en}): start it with ${startCommand(env)} first.`,
    });
  }
}

/** One line saying where the CLI is about to work, so nobody writes to production by surprise. */
export function describeTarget(target: Target, locale: Locale): string {
  if (target.kind === 'local') {
    return localize(
      {
        zh: `目标：本地栈（${target.endpoint}，表 ${target.tableName}）`,
        en: `Target: local stack (${target.endpoint}, table ${target.tableName})`,
      },
      locale,
    );
  }
  const region = target.region ?? localize({ zh: '默认区域', en: 'default region' }, locale);
  return target.stack
    ? localize(
        {
          zh: `目标：AWS 栈 ${target.stack}（${region}，表 ${target.tableName}）`,
          en: `Target: AWS stack ${target.stack} (${region}, table ${target.tableName})`,
        },
        locale,
      )
    : localize(
        {
          zh: `目标：AWS 表 ${target.tableName}（${region}）`,
          en: `Target: AWS table ${target.tableName} (${region})`,
        },
        locale,
      );
}
