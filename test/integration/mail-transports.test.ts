import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { handler as getReportHandler } from '../../functions/get-report/handler';
import { getSesClient } from '../../shared/clients';
import { deliverMail } from '../../shared/email/send';
import { MAIL_ENV, resetMailTransports } from '../../shared/email/transport';
import type { ApiResponse } from '../../shared/http/api-handler';
import { previousMonthIn } from '../../shared/reports/pipeline/month';
import { reportMail, REPORT_MAIL_RETRY } from '../../shared/reports/pipeline/outbox';
import { produceReport } from '../../shared/reports/pipeline/produce';
import { rawMailSender, sendDueReportMail } from '../../shared/reports/pipeline/send';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext } from '../support/events';
import { injectFaults, sesOperation, sesQueryError } from '../support/fault-injection';
import { startSecretsStandIn, type SecretsStandIn } from '../support/secrets-manager-stand-in';

/*
 * The three mail transports of shared/email/transport.ts against local stand-ins: SES in the
 * function's region and in another region (aws-ses-v2-local, the request's signature says which
 * region the client called), SMTP (smtp-server from the nodemailer project on 127.0.0.1, its
 * credentials read from a Secrets Manager stand-in through the real SDK client), and the report
 * outbox when SES refuses an unverified recipient (the sandbox): the mail waits and is retried,
 * and the report's state says why.
 */

jest.setTimeout(30_000);

const BUCKET = process.env.BUCKET_NAME!;
const SENDER = process.env.SENDER_ADDRESS!;
const MONTH = previousMonthIn('Asia/Shanghai', new Date());

interface StoredMail {
  subject: string;
  destination: { to: string[] };
}

/** The mail aws-ses-v2-local holds for `address`. */
async function sesMailTo(address: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.some((to) => to.includes(address)));
}

/** The signing regions of the SES requests `region`'s client sends from now on (its SigV4 credential scope). */
function signingRegions(region?: string): string[] {
  const regions: string[] = [];
  getSesClient(region).middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/ses\//.exec(headers.authorization ?? '');
      regions.push(scope?.[1] ?? 'unsigned');
      return next(args);
    },
    { step: 'deserialize', name: `signingRegionProbe-${randomUUID()}` },
  );
  return regions;
}

const message = (to: string) => ({
  from: SENDER,
  to: [to],
  subject: `隐患提醒 ${to}`,
  text: '测试正文',
  html: '<p>测试正文</p>',
  language: 'zh-CN',
});

/** Sets the mail variables for one test and forgets the cached transports around it. */
function mailEnvironment(values: Partial<Record<keyof typeof MAIL_ENV, string>>): void {
  for (const [key, name] of Object.entries(MAIL_ENV)) {
    const value = values[key as keyof typeof MAIL_ENV];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetMailTransports();
}

afterEach(() => mailEnvironment({}));

describe('SES in the function’s region (the default)', () => {
  it('sends alerts and report mail through SES of the SDK’s region', async () => {
    // Prepare
    mailEnvironment({});
    const regions = signingRegions();
    const to = `here-${randomUUID().slice(0, 8)}@example.cn`;
    // Act
    const ids = await deliverMail(message(to));
    // Assess
    expect(ids).toHaveLength(1);
    expect(await sesMailTo(to)).toEqual([expect.objectContaining({ subject: `隐患提醒 ${to}` })]);
    expect(regions).toEqual([process.env.AWS_REGION]);
  });
});

describe('SES in another region (MAIL_REGION)', () => {
  it('calls SES in the mail region, for alerts and for the report outbox alike', async () => {
    // Prepare
    const mailRegion = 'eu-west-1';
    expect(process.env.AWS_REGION).not.toBe(mailRegion);
    mailEnvironment({ region: mailRegion });
    const regions = signingRegions(mailRegion);
    const district = await createTestDistrict([{ schoolId: 's-a', hasCanteen: false, boarding: false }]);
    const alertTo = `there-${randomUUID().slice(0, 8)}@example.cn`;
    // Act
    await deliverMail(message(alertTo));
    const outcome = await produceReport(
      { districtId: district.districtId, month: MONTH, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER },
    );
    // Assess
    expect(outcome.mail).toEqual([expect.objectContaining({ status: 'sent' })]);
    expect(await sesMailTo(alertTo)).toHaveLength(1);
    expect(await sesMailTo(`${district.districtId}@example.cn`)).toHaveLength(1);
    expect(regions).toEqual([mailRegion, mailRegion]);
  });
});

describe('SMTP with the credentials in Secrets Manager', () => {
  const SECRET_ARN = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:houqin-smtp-AbC123';
  let secrets: SecretsStandIn;
  let server: SMTPServer;
  let port: number;
  let password = 'first-password';
  const received: { from: string; to: string[]; raw: Buffer; user: string }[] = [];
  const logins: { user: string; ok: boolean }[] = [];

  beforeAll(async () => {
    secrets = await startSecretsStandIn();
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.endpoint;
    server = new SMTPServer({
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      hideSTARTTLS: true,
      logger: false,
      onAuth(auth, _session, callback) {
        const ok = auth.username === 'houqin@mail.example.cn' && auth.password === password;
        logins.push({ user: auth.username ?? '', ok });
        callback(ok ? null : Object.assign(new Error('Authentication failed'), { responseCode: 535 }), {
          user: auth.username,
        });
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('unknown-'))
          return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
            user: String(session.user),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await secrets.close();
  });

  const putSecret = () =>
    secrets.put(
      SECRET_ARN,
      JSON.stringify({
        host: '127.0.0.1',
        port,
        // The stand-in speaks plain SMTP on loopback; a real provider gets STARTTLS (the default).
        requireTls: false,
        username: 'houqin@mail.example.cn',
        password,
      }),
    );

  it('sends through the SMTP server, reading the secret once per warm container, and again after a rotation', async () => {
    // Prepare
    putSecret();
    mailEnvironment({ transport: 'smtp', smtpSecretId: SECRET_ARN });
    const readsBefore = secrets.reads.length;
    const first = `smtp-${randomUUID().slice(0, 8)}@example.cn`;
    const second = `smtp-${randomUUID().slice(0, 8)}@example.cn`;
    // Act
    await deliverMail(message(first));
    await deliverMail(message(second));
    const readsWarm = secrets.reads.length - readsBefore;
    password = 'rotated-password';
    putSecret();
    const third = `smtp-${randomUUID().slice(0, 8)}@example.cn`;
    await deliverMail(message(third));
    // Assess
    expect(readsWarm).toBe(1);
    expect(secrets.reads.slice(readsBefore)).toEqual([SECRET_ARN, SECRET_ARN]);
    expect(logins.filter((login) => !login.ok)).toHaveLength(1);
    const mine = received.filter((mail) => [first, second, third].includes(mail.to[0]!));
    expect(mine.map((mail) => mail.to)).toEqual([[first], [second], [third]]);
    expect(mine.every((mail) => mail.from === SENDER && mail.user === 'houqin@mail.example.cn')).toBe(true);
    const parsed = await simpleParser(mine[0]!.raw);
    expect(parsed.subject).toBe(`隐患提醒 ${first}`);
    expect(parsed.text?.trim()).toBe('测试正文');
    // Nothing of the secret reaches the environment.
    expect(Object.values(process.env).some((value) => value?.includes(password))).toBe(false);
  });

  it('mails a report through SMTP from the outbox, and a mailbox the server refuses fails for good', async () => {
    // Prepare
    putSecret();
    mailEnvironment({ transport: 'smtp', smtpSecretId: SECRET_ARN });
    const district = await createTestDistrict([{ schoolId: 's-a', hasCanteen: false, boarding: false }]);
    const official = `${district.districtId}@example.cn`;
    const refused = `unknown-${district.districtId}@example.cn`;
    const { DistrictEntity } = await import('../../shared/db/entities');
    const { $set, UpdateItemCommand } = await import('dynamodb-toolbox/entity/actions/update');
    await DistrictEntity.build(UpdateItemCommand)
      .item({ districtId: district.districtId, officialEmails: $set([official, refused]) })
      .send();
    // Act
    const outcome = await produceReport(
      { districtId: district.districtId, month: MONTH, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER },
    );
    // Assess
    const byRecipient = Object.fromEntries(outcome.mail.map((mail) => [mail.recipient, mail]));
    expect(byRecipient[official]).toMatchObject({ status: 'sent' });
    expect(byRecipient[refused]).toMatchObject({ status: 'failed', lastErrorCode: 'SMTP 550' });
    expect(byRecipient[refused]!.nextAttemptAt).toBeUndefined();
    const mail = received.find((m) => m.to.includes(official));
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.headers.get('x-houqin-report-delivery')).toBe('1');
    expect(parsed.attachments.map((a) => a.filename)).toContainEqual(expect.stringMatching(/月报\.xlsx$/));
    const stored = await reportMail(district.districtId, MONTH);
    expect(stored.find((r) => r.recipient === official)?.messageId).toMatch(/@/);
  });
});

describe('the report outbox and an unverified recipient (the SES sandbox)', () => {
  const json = (response: ApiResponse) => JSON.parse(response.body ?? 'null');
  const getReport = async (principal: unknown, locale: string) =>
    json(
      await (getReportHandler as (event: unknown, context: Context) => Promise<ApiResponse>)(
        apiEvent('get-report', {
          principal: principal as never,
          pathParameters: { month: MONTH },
          headers: { 'accept-language': locale },
        }),
        lambdaContext('get-report'),
      ),
    );

  it('keeps the mail retryable past the usual attempts, says why in zh-CN and en, and sends it once the address is verified', async () => {
    // Prepare: SES refuses the official's address as the sandbox does (the real client parses the answer).
    mailEnvironment({});
    const district = await createTestDistrict([{ schoolId: 's-a', hasCanteen: false, boarding: false }]);
    const official = `${district.districtId}@example.cn`;
    const sandbox = injectFaults(getSesClient(), {
      rate: 1,
      seed: 1,
      operationOf: sesOperation,
      eligible: (call) =>
        call.operation === 'SendRawEmail' && decodeURIComponent(String(call.request.body)).includes(official),
      faults: [
        {
          name: 'MessageRejected (unverified recipient)',
          response: sesQueryError(
            400,
            'Sender',
            'MessageRejected',
            `Email address is not verified. The following identities failed the check in region ${String(process.env.AWS_REGION).toUpperCase()}: ${official}`,
          ),
        },
      ],
    });
    const policy = { ...REPORT_MAIL_RETRY, maxAttempts: 2 };
    const start = Date.now();
    const at = (hours: number) => () => new Date(start + hours * 3_600_000);
    try {
      // Act: the scheduled send, then two retries — past maxAttempts — while the address is unverified.
      await produceReport(
        { districtId: district.districtId, month: MONTH, send: 'once', requestedBy: 'schedule' },
        { bucket: BUCKET, senderAddress: SENDER, now: at(0), policy },
      );
      await sendDueReportMail({
        bucket: BUCKET,
        senderAddress: SENDER,
        sendRawMail: rawMailSender(),
        now: at(1),
        policy,
      });
      await sendDueReportMail({
        bucket: BUCKET,
        senderAddress: SENDER,
        sendRawMail: rawMailSender(),
        now: at(3),
        policy,
      });
      const waiting = await reportMail(district.districtId, MONTH);
      const zh = await getReport(district.official, 'zh-CN');
      const en = await getReport(district.official, 'en');
      // Assess: failed, retried later, never given up; the state says why.
      expect(waiting).toEqual([
        expect.objectContaining({ status: 'failed', attempts: 3, lastErrorCode: 'RecipientNotVerified' }),
      ]);
      expect(Date.parse(waiting[0]!.nextAttemptAt!)).toBeGreaterThan(start + 3 * 3_600_000);
      expect(zh.mail.state).toBe('in-progress');
      const [zhRecipient] = zh.mail.deliveries[0].recipients;
      const [enRecipient] = en.mail.deliveries[0].recipients;
      expect(zhRecipient).toMatchObject({ status: 'failed', lastErrorCode: 'RecipientNotVerified' });
      expect(zhRecipient.reason).toContain('SES 沙盒');
      expect(enRecipient.reason).toContain('SES sandbox');
      expect(await sesMailTo(official)).toEqual([]);
      // Act: the address is verified; the next retry sends it, once.
      sandbox.restore();
      await sendDueReportMail({
        bucket: BUCKET,
        senderAddress: SENDER,
        sendRawMail: rawMailSender(),
        now: at(8),
        policy,
      });
      await sendDueReportMail({
        bucket: BUCKET,
        senderAddress: SENDER,
        sendRawMail: rawMailSender(),
        now: at(20),
        policy,
      });
    } finally {
      sandbox.restore();
    }
    // Assess
    expect(await reportMail(district.districtId, MONTH)).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 4 }),
    ]);
    expect(await sesMailTo(official)).toHaveLength(1);
    const after = await getReport(district.official, 'en');
    expect(after.mail.deliveries[0].recipients[0].reason).toBeUndefined();
  });

  it('gives the mail up once the verification wait is over', async () => {
    // Prepare
    mailEnvironment({});
    const district = await createTestDistrict([{ schoolId: 's-a', hasCanteen: false, boarding: false }]);
    const official = `${district.districtId}@example.cn`;
    const rejected = async () => {
      throw Object.assign(
        new Error(`Email address is not verified. The following identities failed the check in region X: ${official}`),
        { name: 'MessageRejected' },
      );
    };
    const policy = { ...REPORT_MAIL_RETRY, maxAttempts: 1, verificationWaitMs: 2 * 3_600_000 };
    const start = Date.now();
    // Act
    await produceReport(
      { districtId: district.districtId, month: MONTH, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER, sendRawMail: rejected, now: () => new Date(start), policy },
    );
    const deps = { bucket: BUCKET, senderAddress: SENDER, sendRawMail: rejected, policy };
    await sendDueReportMail({ ...deps, now: () => new Date(start + 3_600_000) });
    await sendDueReportMail({ ...deps, now: () => new Date(start + 3 * 3_600_000) });
    // Assess
    const [mail] = await reportMail(district.districtId, MONTH);
    expect(mail).toMatchObject({ status: 'failed', lastErrorCode: 'RecipientNotVerified' });
    expect(mail!.nextAttemptAt).toBeUndefined();
    expect(mail!.attempts).toBe(3);
  });
});
