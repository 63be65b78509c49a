/**
 * Deployment environments: one committed JSON file per environment, `infra/environments/<name>.json`,
 * chosen with `-c env=<name>` (docs/deploying.md). Every setting that changes what a deploy does
 * lives in the file, so a later deploy cannot silently differ from the last one because a `-c`
 * flag was forgotten or mistyped. The file is validated here (zod) before anything is built: an
 * unknown key, a missing account or a retention CloudWatch does not offer stops the app with the
 * file and the field named.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import * as z from 'zod';
import { API_THROTTLE } from '../shared/http/limits';
import { linkKeyVersionSchema } from '../shared/photos/link-keys';

/** Where the environment files are. */
export const ENVIRONMENTS_DIR = path.join(__dirname, 'environments');

/** The context key that names the environment: `-c env=<name>`. */
export const ENV_CONTEXT_KEY = 'env';

/** The committed environment that synthesizes offline (tests, `npm run synth`); its account is AWS's documentation placeholder. */
export const EXAMPLE_ENVIRONMENT = 'example';

/**
 * Log retention by default: 180 days. China's Cybersecurity Law (网络安全法, article 21) asks
 * network operators to keep network logs for no less than six months.
 */
export const DEFAULT_LOG_RETENTION_DAYS = 180;

/** The retentions CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, … days; 9999 for never expire). */
const LOG_RETENTIONS = Object.values(RetentionDays)
  .filter((v): v is RetentionDays => typeof v === 'number')
  .sort((a, b) => a - b);

/** Settings that were CDK context values before environment files: naming one with `-c` is refused. */
const FORMER_CONTEXT_KEYS = [
  'stackName',
  'senderAddress',
  'opsAddress',
  'publicApiUrl',
  'logRetentionDays',
  'photoRetentionDays',
  'apiRateLimit',
  'apiBurstLimit',
  'tracing',
] as const;

const emailAddress = (field: string) =>
  z.string({ error: `${field} must be an e-mail address (a string)` }).regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, {
    error: (issue) => `${field} must be an e-mail address, got ${JSON.stringify(issue.input)}`,
  });

const positiveInteger = (field: string) =>
  z.int({ error: (issue) => `${field} must be a whole number, got ${JSON.stringify(issue.input)}` }).positive({
    error: (issue) => `${field} must be a positive integer, got ${JSON.stringify(issue.input)}`,
  });

/** One environment file. Unknown keys are refused: a misspelt setting must not fall back to a default. */
export const environmentFileSchema = z.strictObject({
  /** Free text for the people who read the file. */
  description: z.string().optional(),
  /** The AWS account the stack deploys to (12 digits): `cdk deploy` refuses credentials of another account. */
  account: z
    .string({ error: 'account must be the 12-digit AWS account id, as a string' })
    .regex(/^\d{12}$/, { error: (issue) => `account must be 12 digits, got ${JSON.stringify(issue.input)}` }),
  /** The AWS region the stack deploys to, e.g. ap-southeast-1, cn-north-1. */
  region: z
    .string({ error: 'region must be an AWS region name such as ap-southeast-1' })
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, {
      error: (issue) =>
        `region must be an AWS region name such as ap-southeast-1 or cn-north-1, got ${JSON.stringify(issue.input)}`,
    }),
  /** CloudFormation stack name; the event bus is named after it. */
  stackName: z
    .string({ error: 'stackName must be a string' })
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, {
      error: (issue) =>
        `stackName must start with a letter and hold letters, digits and hyphens (at most 128), got ${JSON.stringify(issue.input)}`,
    })
    .default('Houqin'),
  /** The SES identity the system sends from. */
  senderAddress: emailAddress('senderAddress'),
  /** Who receives the operations alarms (docs/operations.md). */
  opsAddress: emailAddress('opsAddress'),
  /** The https:// base URL mails link to (a custom domain in front of the API); the API's own URL when absent. */
  publicApiUrl: z
    .string({ error: 'publicApiUrl must be an https:// URL' })
    .refine((text) => URL.canParse(text) && new URL(text).protocol === 'https:', {
      error: (issue) => `publicApiUrl must be an https:// URL, got ${JSON.stringify(issue.input)}`,
    })
    .transform((text) => text.replace(/\/+$/, ''))
    .optional(),
  /** Retention of every log group the stack creates, in days: one of CloudWatch's values. */
  logRetentionDays: z
    .number({ error: 'logRetentionDays must be a number of days' })
    .refine((days) => LOG_RETENTIONS.includes(days), {
      error: (issue) =>
        `logRetentionDays must be one of ${LOG_RETENTIONS.filter((d) => d !== RetentionDays.INFINITE).join(', ')} (or ${RetentionDays.INFINITE}: never expire), got ${JSON.stringify(issue.input)}`,
    })
    .default(DEFAULT_LOG_RETENTION_DAYS),
  /**
   * Object Lock default retention (governance mode) of the photo archive, in days (1 to 36500).
   * Object Lock itself is always enabled on the bucket: this is a rule of the bucket, and adding,
   * changing or removing it never replaces the bucket.
   */
  photoRetentionDays: positiveInteger('photoRetentionDays')
    .max(36_500, {
      error: (issue) => `photoRetentionDays must be at most 36500 (100 years), got ${JSON.stringify(issue.input)}`,
    })
    .optional(),
  /**
   * The photo-link key ring: each version a KMS HMAC key, `active` (signs new links; exactly one),
   * `verify-only` (its links open until they expire) or `revoked` (its links no longer open, its
   * key disabled). Rotation and revocation: docs/photos.md. @default [{ version: 'v1', status: 'active' }]
   */
  photoLinkKeys: z
    .array(linkKeyVersionSchema, { error: 'photoLinkKeys must be a list of { version, status }' })
    .refine((versions) => versions.filter((v) => v.status === 'active').length === 1, {
      error: 'photoLinkKeys must have exactly one version with status active',
    })
    .refine((versions) => new Set(versions.map((v) => v.version)).size === versions.length, {
      error: 'photoLinkKeys must not list a version twice',
    })
    .optional(),
  /** X-Ray active tracing of the functions. Turn it off where Lambda has no X-Ray (the China regions). */
  tracing: z.boolean({ error: 'tracing must be true or false' }).default(true),
  /** How mail leaves (docs/deploying.md, "Where the mail goes"): SES (default) or SMTP through a provider. */
  mailTransport: z
    .enum(['ses', 'smtp'], {
      error: (issue) => `mailTransport must be ses or smtp, got ${JSON.stringify(issue.input)}`,
    })
    .default('ses'),
  /** SES only: SES's region when the stack's region has none (ap-east-1) or should not be used. @default the stack's region */
  mailRegion: z
    .string({ error: 'mailRegion must be an AWS region name such as ap-southeast-1' })
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, {
      error: (issue) =>
        `mailRegion must be an AWS region name such as ap-southeast-1, got ${JSON.stringify(issue.input)}`,
    })
    .optional(),
  /** SES only: the identity the stack creates, the sender's domain (DKIM records in the outputs) or the address; `existing`: one made outside the stack, none created. */
  mailIdentity: z
    .enum(['domain', 'address', 'existing'], {
      error: (issue) => `mailIdentity must be domain, address or existing, got ${JSON.stringify(issue.input)}`,
    })
    .default('domain'),
  /** SMTP only: the Secrets Manager secret (ARN, or name in the stack's account and region) with host, port, username, password. */
  smtpSecret: z
    .string({ error: 'smtpSecret must be a Secrets Manager secret ARN or name' })
    .regex(/^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/, {
      error: (issue) => `smtpSecret must be a Secrets Manager secret ARN or name, got ${JSON.stringify(issue.input)}`,
    })
    .optional(),
  /** Default route throttling of the API stage: steady requests per second. */
  apiRateLimit: positiveInteger('apiRateLimit').default(API_THROTTLE.rateLimit),
  /** Default route throttling of the API stage: burst. */
  apiBurstLimit: positiveInteger('apiBurstLimit').default(API_THROTTLE.burstLimit),
});

/** The mail settings that only make sense together (infra/constructs/mail.ts). */
function mailSettingsRules(file: z.output<typeof environmentFileSchema>, context: z.RefinementCtx): void {
  const issue = (field: string, message: string) => context.addIssue({ code: 'custom', path: [field], message });
  if (file.mailTransport === 'smtp' && !file.smtpSecret)
    issue(
      'smtpSecret',
      'smtpSecret is required with mailTransport smtp (the Secrets Manager secret of the SMTP server and account)',
    );
  if (file.mailTransport !== 'smtp' && file.smtpSecret)
    issue('smtpSecret', 'smtpSecret goes with mailTransport smtp only');
  if (file.mailTransport === 'smtp' && file.mailRegion)
    issue('mailRegion', 'mailRegion is the SES region: it goes with mailTransport ses only');
}

/** An environment file as read and completed with the defaults. */
export type EnvironmentFile = z.output<typeof environmentFileSchema>;

/** A validated environment: its name, its file and its settings. */
export interface Environment extends EnvironmentFile {
  readonly name: string;
  readonly file: string;
}

/** One line per problem, each naming the field: `logRetentionDays: logRetentionDays must be one of …`. */
function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return `${issue.keys.map((key) => JSON.stringify(key)).join(', ')}: not a setting (known settings: ${Object.keys(environmentFileSchema.shape).join(', ')})`;
    const field = issue.path.length ? issue.path.join('.') : '(file)';
    return `${field}: ${issue.message}`;
  });
}

/** Validates the contents of an environment file; throws with every problem, each naming its field. */
export function parseEnvironment(name: string, file: string, data: unknown): Environment {
  const parsed = environmentFileSchema.superRefine(mailSettingsRules).safeParse(data);
  if (!parsed.success) {
    throw new Error(
      `Environment file ${file} is not valid:\n${describeIssues(parsed.error)
        .map((line) => `  - ${line}`)
        .join('\n')}`,
    );
  }
  return { name, file, ...parsed.data };
}

/** The names of the environments there are files for. */
export function environmentNames(dir = ENVIRONMENTS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => entry.endsWith('.json'))
    .map((entry) => entry.slice(0, -'.json'.length))
    .sort();
}

/** Reads and validates `<dir>/<name>.json`. */
export function readEnvironment(name: string, dir = ENVIRONMENTS_DIR): Environment {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name))
    throw new Error(`-c ${ENV_CONTEXT_KEY}=${name}: an environment name holds letters, digits, - and _ only`);
  const file = path.join(dir, `${name}.json`);
  const relativeFile = path.relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    throw new Error(
      `-c ${ENV_CONTEXT_KEY}=${name}: there is no ${relativeFile}. Environments: ${environmentNames(dir).join(', ') || 'none'} (docs/deploying.md)`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Environment file ${relativeFile} is not valid JSON: ${(error as Error).message}`);
  }
  return parseEnvironment(name, relativeFile, data);
}

/**
 * The environment `-c env=<name>` names. Without it the app refuses to build (so `cdk deploy`
 * cannot run without one); so does a former settings flag such as `-c photoRetentionDays=…`,
 * which would otherwise be silently ignored.
 */
export function environmentFromContext(scope: IConstruct, dir = ENVIRONMENTS_DIR): Environment {
  const former = FORMER_CONTEXT_KEYS.filter((key) => scope.node.tryGetContext(key) !== undefined);
  if (former.length > 0) {
    throw new Error(
      `${former.map((key) => `-c ${key}`).join(', ')}: deploy settings are no longer read from CDK context. ` +
        `Set ${former.join(', ')} in infra/environments/<name>.json and select it with -c ${ENV_CONTEXT_KEY}=<name> (docs/deploying.md)`,
    );
  }
  const name: unknown = scope.node.tryGetContext(ENV_CONTEXT_KEY);
  if (name === undefined || name === null || name === '') {
    throw new Error(
      `Choose an environment: -c ${ENV_CONTEXT_KEY}=<name> reads infra/environments/<name>.json ` +
        `(there are: ${environmentNames(dir).join(', ') || 'none'}). A deploy without one is refused so that no setting ` +
        `falls back to a default. To synthesize offline: npm run synth -- -c ${ENV_CONTEXT_KEY}=${EXAMPLE_ENVIRONMENT} (docs/deploying.md)`,
    );
  }
  return readEnvironment(String(name), dir);
}
