import { Arn, ArnFormat, CfnOutput, Stack, Token, Validations, type Stage } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { CfnSubscription } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { mailConfigurationSetName } from '../../shared/reports/pipeline/config';
import { MailFeedback } from './events';

/*
 * Where the stack's mail goes (shared/email/transport.ts sends it): SES in the stack's region,
 * SES in another region (the stack's region has no SES, e.g. ap-east-1), or SMTP through a
 * provider whose server and credentials are in a Secrets Manager secret (docs/deploying.md).
 *
 * Through SES the stack creates the sender's identity — its domain (DKIM records in the outputs,
 * to publish in DNS) or the address itself (SES mails it a link) — and the configuration set whose
 * bounces and complaints reach the mail-feedback function. In another region these live in a
 * companion stack of that region, `<stack>-Mail` (CloudFormation creates resources in its own
 * region only); the main stack subscribes the feedback function to its topic across regions.
 * Through SMTP the stack creates no SES resource at all, so it deploys where SES is not offered.
 */

export const MAIL_TRANSPORTS = ['ses', 'smtp'] as const;
/** `existing`: the identity was made (and verified) outside the stack; the stack makes none. */
export const MAIL_IDENTITIES = ['domain', 'address', 'existing'] as const;

/** The mail settings of a deployment (environment file: mailTransport, mailRegion, mailIdentity, smtpSecret). */
export interface MailSettings {
  /** @default 'ses' */
  readonly transport: (typeof MAIL_TRANSPORTS)[number];
  /** SES's region when it is not the stack's (SES only). */
  readonly region?: string;
  /** The SES identity the stack creates: the sender's domain (DKIM) or the sender address; `existing`: none. @default 'domain' */
  readonly identity: (typeof MAIL_IDENTITIES)[number];
  /** SMTP only: the Secrets Manager secret (ARN, or name in the stack's account and region) with host, port, username, password. */
  readonly smtpSecret?: string;
}

export const DEFAULT_MAIL_SETTINGS: MailSettings = { transport: 'ses', identity: 'domain' };

/** The SES identity of `senderAddress` and, for a domain, its DKIM records as outputs. */
class SenderIdentity extends Construct {
  readonly identity: EmailIdentity;
  constructor(scope: Construct, id: string, props: { senderAddress: string; kind: 'domain' | 'address' }) {
    super(scope, id);
    const domain = props.senderAddress.split('@')[1]!;
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: props.kind === 'domain' ? Identity.domain(domain) : Identity.email(props.senderAddress),
    });
    if (props.kind === 'domain') {
      this.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          key: `MailDkimRecord${index + 1}`,
          value: `${Token.asString(record.name)} CNAME ${Token.asString(record.value)}`,
          description: `DKIM record ${index + 1} of 3 of ${domain}: publish it in DNS (CNAME) so SES verifies the domain and signs its mail`,
        });
      });
    } else {
      new CfnOutput(this, 'VerifyAddress', {
        key: 'MailIdentity',
        value: props.senderAddress,
        description:
          'SES mailed this address a verification link: open it before the stack can send (docs/deploying.md)',
      });
    }
  }
}

/** The companion stack of another SES region: the sender's identity and the mail feedback. */
export class MailRegionStack extends Stack {
  readonly feedback: MailFeedback;
  readonly sender?: SenderIdentity;
  constructor(
    scope: Stage,
    id: string,
    props: { mainStackName: string; account?: string; region: string; senderAddress: string; settings: MailSettings },
  ) {
    super(scope, id, {
      env: { region: props.region, ...(props.account ? { account: props.account } : {}) },
      description: `Houqin mail in ${props.region}: the SES identity and configuration set of ${props.mainStackName}`,
      terminationProtection: true,
    });
    const kind = props.settings.identity;
    if (kind !== 'existing')
      this.sender = new SenderIdentity(this, 'Sender', { senderAddress: props.senderAddress, kind });
    this.feedback = new MailFeedback(this, 'MailFeedback', {
      configurationSetName: mailConfigurationSetName(props.mainStackName),
      topicName: mailFeedbackTopicName(props.mainStackName),
    });
  }
}

/** The feedback topic's name in another region, fixed so the main stack can name its ARN. */
export function mailFeedbackTopicName(mainStackName: string): string {
  return `${mainStackName}-mail-feedback`;
}

/** What a function that sends mail is given: the grants' resources and its environment. */
export interface MailBinding {
  readonly transport: MailSettings['transport'];
  /** SES: the identity and configuration-set ARNs sending needs (in the mail region). */
  readonly sesResources: string[];
  /** SES: the configuration set's name. */
  readonly configurationSet?: string;
  /** SES in another region: its name (MAIL_REGION). */
  readonly region?: string;
  /** SMTP: the secret's ARN pattern to grant GetSecretValue on, and the id the function reads (SMTP_SECRET_ID). */
  readonly smtpSecret?: { grant: string; id: string };
}

/**
 * The stack's mail: the identity and feedback in the stack's region or a companion stack's, or
 * none (SMTP). `binding` is what HouqinFunction.bindEmail grants and sets.
 */
export class Mail extends Construct {
  readonly settings: MailSettings;
  /** SES in the stack's region: the bounce and complaint feedback. */
  readonly feedback?: MailFeedback;
  /** SES in the stack's region: the sender's identity. */
  readonly sender?: SenderIdentity;
  /** SES in another region: the companion stack. */
  readonly regionStack?: MailRegionStack;
  readonly binding: MailBinding;

  constructor(scope: Construct, id: string, props: { settings: MailSettings; senderAddress?: string }) {
    super(scope, id);
    const stack = Stack.of(this);
    const settings = props.settings;
    this.settings = settings;
    if (settings.transport === 'smtp') {
      if (!settings.smtpSecret) throw new Error('mailTransport smtp needs smtpSecret (the Secrets Manager secret)');
      this.binding = { transport: 'smtp', sesResources: [], smtpSecret: smtpSecretGrant(stack, settings.smtpSecret) };
      return;
    }
    const elsewhere =
      settings.region !== undefined && (Token.isUnresolved(stack.region) || settings.region !== stack.region);
    const sesRegion = elsewhere ? settings.region : undefined;
    if (elsewhere) {
      if (!props.senderAddress) throw new Error('mailRegion needs senderAddress: the identity is made there');
      const stage = stack.node.scope as Stage;
      this.regionStack = new MailRegionStack(stage, `${stack.stackName}-Mail`, {
        mainStackName: stack.stackName,
        ...(Token.isUnresolved(stack.account) ? {} : { account: stack.account }),
        region: settings.region!,
        senderAddress: props.senderAddress,
        settings,
      });
      stack.addStackDependency(this.regionStack, 'the SES identity and feedback topic of the mail region come first');
    } else {
      // At the stack's root, where it has always been: its logical ids (and the named configuration set) stay.
      this.feedback = new MailFeedback(stack, 'MailFeedback');
      const kind = settings.identity;
      if (props.senderAddress && kind !== 'existing')
        this.sender = new SenderIdentity(this, 'Sender', { senderAddress: props.senderAddress, kind });
    }
    // In the stack's region a reference to the set, so functions are made after it.
    const configurationSet =
      this.feedback?.configurationSet.configurationSetName ?? mailConfigurationSetName(stack.stackName);
    const domain = props.senderAddress?.split('@')[1];
    const inMailRegion = (resource: string, resourceName: string) =>
      Arn.format({ service: 'ses', resource, resourceName, ...(sesRegion ? { region: sesRegion } : {}) }, stack);
    this.binding = {
      transport: 'ses',
      sesResources: [
        ...[props.senderAddress, domain].flatMap((identity) => (identity ? [inMailRegion('identity', identity)] : [])),
        inMailRegion('configuration-set', configurationSet),
      ],
      configurationSet,
      ...(sesRegion ? { region: sesRegion } : {}),
    };
  }

  /** Invokes `fn` with every bounce and complaint SES publishes (in the stack's region or the mail region). */
  addFeedbackSubscriber(fn: IFunction, deadLetterQueue: IQueue): void {
    if (this.feedback) {
      this.feedback.addLambdaSubscriber(fn, deadLetterQueue);
      return;
    }
    if (!this.regionStack) return; // SMTP: nothing publishes feedback.
    const stack = Stack.of(this);
    const topicArn = Arn.format(
      { service: 'sns', region: this.settings.region!, resource: mailFeedbackTopicName(stack.stackName) },
      stack,
    );
    // A subscription across regions: made here, with the topic's region (AWS::SNS::Subscription Region).
    new CfnSubscription(this, 'FeedbackSubscription', {
      topicArn,
      protocol: 'lambda',
      endpoint: fn.functionArn,
      region: this.settings.region!,
    });
    fn.addPermission('MailFeedbackTopic', {
      principal: new ServicePrincipal('sns.amazonaws.com'),
      sourceArn: topicArn,
    });
    Validations.of(this).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason: `The feedback topic is in ${this.settings.region} and its subscription's dead-letter queue would have to be there too; a notification SNS cannot deliver is also kept by SES's own sending statistics, and the function's asynchronous failures go to its failure queue.`,
    });
  }
}

/** The ARN to grant secretsmanager:GetSecretValue on (a name gets Secrets Manager's 6-character suffix), and the id to read. */
function smtpSecretGrant(stack: Stack, secret: string): { grant: string; id: string } {
  if (secret.startsWith('arn:')) {
    const parts = Arn.split(secret, ArnFormat.COLON_RESOURCE_NAME);
    if (parts.service !== 'secretsmanager' || parts.resource !== 'secret')
      throw new Error(`smtpSecret must be a Secrets Manager secret ARN or name, got "${secret}"`);
    // A full ARN ends with the 6-character suffix; a partial one (no suffix) matches it with ??????.
    const full = /-[A-Za-z0-9]{6}$/.test(parts.resourceName ?? '');
    return { grant: full ? secret : `${secret}-??????`, id: secret };
  }
  return {
    grant: Arn.format(
      {
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${secret}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      },
      stack,
    ),
    id: secret,
  };
}
