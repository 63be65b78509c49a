import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import type { MailSettings } from '../../infra/constructs/mail';
import { parseEnvironment } from '../../infra/environment';
import { DEFAULT_SETTINGS, HouqinStack, settingsFromEnvironment } from '../../infra/stack';
import { complianceFindings, policyStatementsOf } from './synth';

/*
 * The stack's mail path (infra/constructs/mail.ts) for each target: SES in the stack's region
 * (the identity, its DKIM records as outputs, grants in that region), SES in another region (a
 * companion stack of that region holds the identity and the feedback; grants and MAIL_REGION
 * name it), SMTP (no SES resource at all; the secret may be read, nothing else).
 */

const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
const NO_BUNDLING = { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] };
const SENDER = 'noreply@houqin.example.edu.cn';
const ACCOUNT = '123456789012';
const SMTP_SECRET = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:houqin-smtp-AbC123';

/** The functions that send mail, and the one that reads SES's feedback. */
const MAIL_FUNCTIONS: readonly FunctionSpec[] = FUNCTIONS.filter(
  (spec) =>
    spec.binds.email ||
    spec.triggers.some((t) => t.kind === 'mail-feedback') ||
    spec.triggers.some((t) => t.kind === 'authorizer'),
);

function build(region: string, mail: MailSettings) {
  const app = new App({ context: NO_BUNDLING });
  const { stackName, ...settings } = DEFAULT_SETTINGS;
  const stack = new HouqinStack(app, stackName, {
    ...settings,
    env: { account: ACCOUNT, region },
    senderAddress: SENDER,
    functions: MAIL_FUNCTIONS,
    mail,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.resolve((construct.node.defaultChild as CfnElement).logicalId) as string;

/** The statements of the role of function `name`, and its environment. */
function functionOf(stack: HouqinStack, template: Template, name: string) {
  const fn = stack.functions.get(name)!;
  const roleId = logicalId(stack, fn.role);
  const statements = policyStatementsOf(template, roleId);
  const props = template.toJSON().Resources[logicalId(stack, fn.function)].Properties;
  return {
    statements: statements.map((s) => ({ actions: [s.Action].flat(), resources: [s.Resource].flat() })),
    env: props.Environment.Variables as Record<string, unknown>,
  };
}

const sesResources = (statements: { actions: string[]; resources: unknown[] }[]) =>
  statements.filter((s) => s.actions.includes('ses:SendRawEmail')).flatMap((s) => s.resources);

/** An ARN as CDK renders it from Arn.format in a pinned stack: a Fn::Join of the partition and the literal rest. */
const arnText = (resource: unknown) => JSON.stringify(resource).replace(/\{"Ref":"AWS::Partition"\}/g, 'aws');

describe('mail through SES in the stack’s region (the default)', () => {
  const { stack, template } = build('ap-southeast-1', { transport: 'ses', identity: 'domain' });

  it('creates the sender’s domain identity and outputs its three DKIM records', () => {
    // Assess
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'houqin.example.edu.cn' });
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    for (const n of [1, 2, 3]) {
      expect(outputs[`MailDkimRecord${n}`]).toBeDefined();
      expect(JSON.stringify(outputs[`MailDkimRecord${n}`]!.Value)).toContain(`DkimDNSTokenName${n}`);
      expect(JSON.stringify(outputs[`MailDkimRecord${n}`]!.Value)).toContain(`DkimDNSTokenValue${n}`);
    }
  });

  it('grants sending as the identity and with the configuration set in the stack’s region, and sets no MAIL_REGION', () => {
    // Act
    const { statements, env } = functionOf(stack, template, 'alert-officials');
    // Assess
    const resources = sesResources(statements).map(arnText);
    expect(resources).toHaveLength(3);
    expect(resources).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`:ses:ap-southeast-1:${ACCOUNT}:identity/${SENDER}`),
        expect.stringContaining(`:ses:ap-southeast-1:${ACCOUNT}:identity/houqin.example.edu.cn`),
        expect.stringMatching(
          new RegExp(`:ses:ap-southeast-1:${ACCOUNT}:configuration-set/",\\{"Ref":"MailFeedbackConfigurationSet`),
        ),
      ]),
    );
    expect(env).toMatchObject({
      SENDER_ADDRESS: SENDER,
      SES_CONFIGURATION_SET: { Ref: logicalId(stack, stack.mailFeedback!.configurationSet) },
    });
    expect(env.MAIL_REGION).toBeUndefined();
    expect(env.MAIL_TRANSPORT).toBeUndefined();
    expect(statements.some((s) => s.actions.some((a) => a.startsWith('secretsmanager:')))).toBe(false);
  });

  it('keeps the feedback topic and configuration set where they were (same logical ids), and the SES alarms', () => {
    // Assess
    expect(logicalId(stack, stack.mailFeedback!.configurationSet)).toMatch(/^MailFeedbackConfigurationSet/);
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.BounceRate' });
  });

  it('creates the address as identity when told so, and says to confirm it', () => {
    // Act
    const { template: byAddress } = build('ap-southeast-1', { transport: 'ses', identity: 'address' });
    // Assess
    byAddress.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: SENDER });
    const outputs = byAddress.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.MailIdentity?.Value).toBe(SENDER);
    expect(outputs.MailDkimRecord1).toBeUndefined();
  });

  it('creates no identity when it exists already (made outside the stack), and still grants sending as it', () => {
    // Act
    const { stack: existing, template: withExisting } = build('ap-southeast-1', {
      transport: 'ses',
      identity: 'existing',
    });
    // Assess
    withExisting.resourceCountIs('AWS::SES::EmailIdentity', 0);
    withExisting.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    const { statements } = functionOf(existing, withExisting, 'alert-officials');
    expect(sesResources(statements).map(arnText).join()).toContain(`:identity/houqin.example.edu.cn`);
  });
});

describe('mail through SES in another region (mailRegion)', () => {
  const { stack, template } = build('ap-east-1', { transport: 'ses', identity: 'domain', region: 'ap-southeast-1' });
  const regionStack = stack.mail!.regionStack!;
  const regional = Template.fromStack(regionStack);

  it('puts the identity, its DKIM outputs and the feedback in a companion stack of the mail region, none in the stack', () => {
    // Assess
    expect(regionStack.region).toBe('ap-southeast-1');
    expect(regionStack.account).toBe(ACCOUNT);
    expect(stack.dependencies).toContain(regionStack);
    regional.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'houqin.example.edu.cn' });
    regional.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'Houqin-mail' });
    regional.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'Houqin-mail-feedback' });
    expect(Object.keys(regional.toJSON().Outputs)).toEqual(
      expect.arrayContaining(['MailDkimRecord1', 'MailDkimRecord2', 'MailDkimRecord3']),
    );
    for (const type of ['AWS::SES::EmailIdentity', 'AWS::SES::ConfigurationSet']) template.resourceCountIs(type, 0);
  });

  it('grants sending in the mail region and tells the functions the region (MAIL_REGION)', () => {
    // Act
    const { statements, env } = functionOf(stack, template, 'send-report-mail');
    // Assess
    const resources = sesResources(statements).map(arnText);
    expect(resources).toHaveLength(3);
    for (const resource of resources) expect(resource).toContain(`:ses:ap-southeast-1:${ACCOUNT}:`);
    expect(resources.join()).not.toContain(':ses:ap-east-1:');
    expect(env).toMatchObject({ MAIL_REGION: 'ap-southeast-1', SES_CONFIGURATION_SET: 'Houqin-mail' });
  });

  it('subscribes the feedback function to the topic across regions, and leaves out alarms it cannot watch', () => {
    // Assess
    const feedback = stack.functions.get('record-bounce')!;
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Region: 'ap-southeast-1',
      Endpoint: { 'Fn::GetAtt': [logicalId(stack, feedback.function), 'Arn'] },
      TopicArn: Match.anyValue(),
    });
    const subscription = Object.values(template.findResources('AWS::SNS::Subscription'))[0]!;
    expect(arnText(subscription.Properties.TopicArn)).toContain(`:sns:ap-southeast-1:${ACCOUNT}:Houqin-mail-feedback`);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'sns.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [logicalId(stack, feedback.function), 'Arn'] },
    });
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Alarm'))).not.toContain('Reputation.BounceRate');
  });
});

describe('mail through SMTP (a domestic provider)', () => {
  const { stack, template } = build('ap-east-1', { transport: 'smtp', identity: 'domain', smtpSecret: SMTP_SECRET });

  it('creates no SES resource (the region may have no SES) and grants no SES action', () => {
    // Assess
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((type) => type.startsWith('AWS::SES::'))).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"ses:/);
    expect(stack.mail!.regionStack).toBeUndefined();
  });

  it('grants reading the SMTP secret only, and names it to the functions (not its contents)', () => {
    // Act
    const { statements, env } = functionOf(stack, template, 'alert-officials');
    // Assess
    expect(statements.filter((s) => s.actions.some((a) => a.startsWith('secretsmanager:')))).toEqual([
      { actions: ['secretsmanager:GetSecretValue'], resources: [SMTP_SECRET] },
    ]);
    expect(env).toMatchObject({ MAIL_TRANSPORT: 'smtp', SMTP_SECRET_ID: SMTP_SECRET, SENDER_ADDRESS: SENDER });
    expect(env.SES_CONFIGURATION_SET).toBeUndefined();
  });

  it('grants a secret named without its suffix with Secrets Manager’s six-character wildcard', () => {
    // Act
    const { stack: named, template: namedTemplate } = build('ap-east-1', {
      transport: 'smtp',
      identity: 'domain',
      smtpSecret: 'houqin/smtp',
    });
    const { statements, env } = functionOf(named, namedTemplate, 'alert-officials');
    // Assess
    const [secret] = statements.filter((s) => s.actions.includes('secretsmanager:GetSecretValue'));
    expect(arnText(secret!.resources[0])).toContain(`:secretsmanager:ap-east-1:${ACCOUNT}:secret:houqin/smtp-??????`);
    expect(env.SMTP_SECRET_ID).toBe('houqin/smtp');
  });
});

describe('the mail settings in an environment file', () => {
  const base = {
    account: ACCOUNT,
    region: 'ap-east-1',
    senderAddress: SENDER,
    opsAddress: 'ops@example.edu.cn',
  };

  it('reads mailTransport, mailRegion, mailIdentity and smtpSecret into the stack’s mail settings', () => {
    // Act
    const ses = settingsFromEnvironment(parseEnvironment('hk', 'hk.json', { ...base, mailRegion: 'ap-southeast-1' }));
    const smtp = settingsFromEnvironment(
      parseEnvironment('hk', 'hk.json', { ...base, mailTransport: 'smtp', smtpSecret: SMTP_SECRET }),
    );
    const plain = settingsFromEnvironment(parseEnvironment('sg', 'sg.json', { ...base, region: 'ap-southeast-1' }));
    // Assess
    expect(ses.mail).toEqual({ transport: 'ses', identity: 'domain', region: 'ap-southeast-1' });
    expect(smtp.mail).toEqual({ transport: 'smtp', identity: 'domain', smtpSecret: SMTP_SECRET });
    expect(plain.mail).toEqual({ transport: 'ses', identity: 'domain' });
  });

  it.each([
    [{ mailTransport: 'smtp' }, /smtpSecret: smtpSecret is required with mailTransport smtp/],
    [{ smtpSecret: SMTP_SECRET }, /smtpSecret: smtpSecret goes with mailTransport smtp only/],
    [
      { mailTransport: 'smtp', smtpSecret: SMTP_SECRET, mailRegion: 'ap-southeast-1' },
      /mailRegion: mailRegion is the SES region/,
    ],
    [{ mailTransport: 'sendgrid' }, /mailTransport: mailTransport must be ses or smtp, got "sendgrid"/],
    [{ mailRegion: 'Singapore' }, /mailRegion: mailRegion must be an AWS region name/],
    [{ mailIdentity: 'both' }, /mailIdentity: mailIdentity must be domain, address or existing/],
    [
      { mailTransport: 'smtp', smtpSecret: 'arn:aws:s3:::bucket' },
      /smtpSecret: smtpSecret must be a Secrets Manager secret ARN or name/,
    ],
  ])('refuses %j, naming the field', (fields, message) => {
    // Assess
    expect(() => parseEnvironment('bad', 'bad.json', { ...base, ...fields })).toThrow(message);
  });
});

describe('cdk-nag on the other mail paths', () => {
  it.each([
    ['SES in another region', 'ap-east-1', { transport: 'ses', identity: 'domain', region: 'ap-southeast-1' }],
    ['SMTP', 'cn-north-1', { transport: 'smtp', identity: 'domain', smtpSecret: SMTP_SECRET }],
  ] as const)('finds no unacknowledged error with %s, in the stack or its companion', (_name, region, mail) => {
    // Act
    const { stack } = build(region, mail);
    const scopes = [stack, ...(stack.mail?.regionStack ? [stack.mail.regionStack] : [])];
    const errors = complianceFindings(scopes, { errorsOnly: true });
    // Assess
    expect(errors).toEqual([]);
  });
});
