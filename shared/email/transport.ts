import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import * as z from 'zod';
import { getSesClient } from '../clients';
import { SES_CONFIGURATION_SET_ENV } from '../reports/pipeline/config';

/*
 * The one place that decides how the system's mail leaves: SES in the stack's region (the
 * default), SES in another region (a region without SES, such as ap-east-1, sends through one
 * that has it), or SMTP through a provider of the deployer's choice (a domestic provider in the
 * China regions). Every sender of mail — the hazard alerts, the overdue digest, the report
 * outbox, the year-end summary — hands a finished MIME message to `mailTransport().send`; none
 * of them knows which path it takes. The stack sets the variables below (infra:
 * HouqinFunction.bindEmail); with none set, mail goes through SES in the function's own region.
 *
 * SMTP credentials are never in the environment: SMTP_SECRET_ID names a Secrets Manager secret
 * (JSON: host, port, username, password; optionally secure, requireTls), read on the first send of a warm container
 * and kept for SMTP_SECRET_TTL_MS; a login the server refuses reads the secret again once (it
 * may have been rotated) before the send is failed.
 */

/** The environment variables the stack's e-mail binding sets. */
export const MAIL_ENV = {
  /** `ses` (default) or `smtp`. */
  transport: 'MAIL_TRANSPORT',
  /** The region SES is called in, when not the function's own. */
  region: 'MAIL_REGION',
  /** The Secrets Manager secret (ARN or name) holding the SMTP server and its credentials. */
  smtpSecretId: 'SMTP_SECRET_ID',
} as const;

export const MAIL_TRANSPORTS = ['ses', 'smtp'] as const;
export type MailTransportKind = (typeof MAIL_TRANSPORTS)[number];

/** How mail is sent. */
export type MailTransportConfig =
  | {
      kind: 'ses';
      /** The SES region; undefined: the SDK's (the function's own region). */
      region?: string;
      /** The configuration set that publishes bounces and complaints (SES_CONFIGURATION_SET). */
      configurationSet?: string;
    }
  | {
      kind: 'smtp';
      /** Secrets Manager secret ARN or name. */
      secretId: string;
    };

/** The transport the environment selects; a malformed setting is an error at cold start. */
export function mailTransportConfig(env: NodeJS.ProcessEnv = process.env): MailTransportConfig {
  const kind = env[MAIL_ENV.transport]?.trim() || 'ses';
  if (kind === 'smtp') {
    const secretId = env[MAIL_ENV.smtpSecretId]?.trim();
    if (!secretId)
      throw new Error(`${MAIL_ENV.transport}=smtp needs ${MAIL_ENV.smtpSecretId} (the secret's ARN or name)`);
    return { kind: 'smtp', secretId };
  }
  if (kind !== 'ses')
    throw new Error(`${MAIL_ENV.transport} must be one of ${MAIL_TRANSPORTS.join(', ')}, got "${kind}"`);
  const region = env[MAIL_ENV.region]?.trim() || undefined;
  const configurationSet = env[SES_CONFIGURATION_SET_ENV]?.trim() || undefined;
  return { kind: 'ses', ...(region ? { region } : {}), ...(configurationSet ? { configurationSet } : {}) };
}

/** One finished message on its way out. */
export interface OutgoingMail {
  /** The envelope sender (the verified SES identity, or the SMTP account's address). */
  from: string;
  /** The envelope recipients (SES takes at most 50 per call; callers split longer lists). */
  to: readonly string[];
  /** The MIME message as composed (nodemailer's MailComposer), sent as it is. */
  raw: Buffer;
  /** Tags naming what the mail is (SES message tags with a configuration set; SMTP ignores them). */
  tags?: Record<string, string>;
}

export interface MailTransport {
  readonly kind: MailTransportKind;
  /** Sends one message; resolves to the message id the service gave it. */
  send(mail: OutgoingMail): Promise<string>;
}

/** SES SendRawEmail, in `region` (AWS, or aws-ses-v2-local through AWS_ENDPOINT_URL_SES). */
function sesTransport(config: Extract<MailTransportConfig, { kind: 'ses' }>): MailTransport {
  return {
    kind: 'ses',
    async send(mail) {
      const tags = Object.entries(mail.tags ?? {});
      const { MessageId } = await getSesClient(config.region).send(
        new SendRawEmailCommand({
          Source: mail.from,
          Destinations: [...mail.to],
          RawMessage: { Data: mail.raw },
          ...(config.configurationSet
            ? {
                ConfigurationSetName: config.configurationSet,
                ...(tags.length
                  ? { Tags: tags.map(([Name, Value]) => ({ Name, Value: Value.replace(/[^A-Za-z0-9_-]/g, '_') })) }
                  : {}),
              }
            : {}),
        }),
      );
      if (!MessageId) throw new Error('SES answered SendRawEmail without a message id');
      return MessageId;
    },
  };
}

/** What the SMTP secret holds (a JSON object; Secrets Manager's own `username`/`password` keys). */
export const smtpSecretSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65_535),
  /** TLS from the start (port 465); otherwise STARTTLS. @default port === 465 */
  secure: z.boolean().optional(),
  /** Without `secure`, refuse a server that does not offer STARTTLS (the password would cross in clear). @default true */
  requireTls: z.boolean().optional(),
  username: z.string().min(1),
  password: z.string().min(1),
});
export type SmtpSecret = z.infer<typeof smtpSecretSchema>;

/** How long a warm container keeps the SMTP secret before reading it again. */
export const SMTP_SECRET_TTL_MS = 15 * 60_000;

let secretsClients = new Map<string, SecretsManagerClient>();
interface CachedSmtp {
  secretId: string;
  readAt: number;
  secret: SmtpSecret;
  transporter: Transporter<SMTPTransport.SentMessageInfo>;
}
let smtpCache: CachedSmtp | undefined;

/** The region of a secret ARN (arn:aws:secretsmanager:<region>:…); a name: the SDK's region. */
function secretRegion(secretId: string): string | undefined {
  return /^arn:[^:]+:secretsmanager:([^:]+):/.exec(secretId)?.[1];
}

function secretsClient(region: string | undefined): SecretsManagerClient {
  const key = region ?? '';
  let client = secretsClients.get(key);
  if (!client) {
    client = new SecretsManagerClient({ maxAttempts: 5, ...(region ? { region } : {}) });
    secretsClients.set(key, client);
  }
  return client;
}

/** Reads and checks the SMTP secret (its value is never logged nor put into an error). */
export async function readSmtpSecret(secretId: string): Promise<SmtpSecret> {
  const { SecretString } = await secretsClient(secretRegion(secretId)).send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  if (!SecretString) throw new Error(`The SMTP secret ${secretId} has no string value`);
  let json: unknown;
  try {
    json = JSON.parse(SecretString);
  } catch {
    throw new Error(`The SMTP secret ${secretId} is not JSON ({"host","port","username","password"})`);
  }
  const parsed = smtpSecretSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `The SMTP secret ${secretId} is missing or has a malformed ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  return parsed.data;
}

async function smtpConnection(secretId: string, now: number, fresh: boolean): Promise<CachedSmtp> {
  if (!fresh && smtpCache && smtpCache.secretId === secretId && now - smtpCache.readAt < SMTP_SECRET_TTL_MS)
    return smtpCache;
  const secret = await readSmtpSecret(secretId);
  smtpCache?.transporter.close();
  const transporter = createTransport({
    host: secret.host,
    port: secret.port,
    secure: secret.secure ?? secret.port === 465,
    requireTLS: secret.requireTls ?? true,
    auth: { user: secret.username, pass: secret.password },
    // A stuck server must not eat the function's timeout: the outbox retries later instead.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  smtpCache = { secretId, readAt: now, secret, transporter };
  return smtpCache;
}

/** The Message-ID header of a raw message, without its angle brackets. */
function messageIdOf(raw: Buffer): string | undefined {
  const head =
    raw
      .subarray(0, Math.min(raw.length, 16_384))
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0] ?? '';
  return /^message-id:\s*<?([^>\r\n]+)>?/im.exec(head)?.[1]?.trim();
}

/** SMTP through the server and account in the secret (nodemailer's SMTP transport). */
function smtpTransport(config: Extract<MailTransportConfig, { kind: 'smtp' }>): MailTransport {
  return {
    kind: 'smtp',
    async send(mail) {
      const attempt = async (fresh: boolean) => {
        const { transporter } = await smtpConnection(config.secretId, Date.now(), fresh);
        return transporter.sendMail({ envelope: { from: mail.from, to: [...mail.to] }, raw: mail.raw });
      };
      let info: SMTPTransport.SentMessageInfo;
      try {
        info = await attempt(false);
      } catch (error) {
        // Refused login: the secret may have been rotated since it was read. Read it once more.
        if ((error as { code?: string }).code !== 'EAUTH') throw error;
        info = await attempt(true);
      }
      if (info.rejected.length > 0)
        throw Object.assign(new Error(`The SMTP server refused ${info.rejected.join(', ')}`), {
          code: 'EENVELOPE',
          responseCode: 550,
        });
      return messageIdOf(mail.raw) ?? info.messageId;
    },
  };
}

const transports = new Map<string, MailTransport>();

/** The transport of `config` (by default the environment's), one per process. */
export function mailTransport(config: MailTransportConfig = mailTransportConfig()): MailTransport {
  const key = JSON.stringify(config);
  let transport = transports.get(key);
  if (!transport) {
    transport = config.kind === 'smtp' ? smtpTransport(config) : sesTransport(config);
    transports.set(key, transport);
  }
  return transport;
}

/** Forgets cached transports, secrets and clients (tests that change the environment). */
export function resetMailTransports(): void {
  smtpCache?.transporter.close();
  smtpCache = undefined;
  transports.clear();
  secretsClients = new Map();
}
