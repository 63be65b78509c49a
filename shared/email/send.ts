import { chunk } from '../db/writes';
import { logger } from '../logger';
import { normalizeAddress, suppressedAmong } from '../reports/pipeline/suppression';
import { composeRawMessage, type MailMessage } from './mime';
import { mailTransport, type MailTransport } from './transport';

/** SES takes at most 50 recipients per message. */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

/** Sends one message; resolves to the message ids (one per 50 recipients). Injected in tests. */
export type SendMail = (message: MailMessage) => Promise<string[]>;

/**
 * Sends through the configured mail transport (shared/email/transport.ts: SES here or in another
 * region, or SMTP). Each official is a To: recipient of the same message; a list longer than SES
 * allows is split. An address on the suppression list (it bounced, or complained) is left out,
 * and with the stack's SES configuration set SES reports this mail's bounces too, as it does the
 * report's. Nobody left: nothing is sent.
 */
export const deliverMail: SendMail = (message) => deliverMailWith(mailTransport(), message);

/** What an alert mail says: its subject and its plain-text and HTML bodies. */
export type AlertContent = Pick<MailMessage, 'subject' | 'text' | 'html'>;

/**
 * Mails an alert (a critical hazard, an hour's or a day's digest) to a district's officials: one
 * message to all of them, in the district's language, its `X-Houqin-Alert` header saying what it
 * is about. Resolves to the recipients and message ids, as the alert log records a delivery.
 */
export async function mailOfficials(
  sendMail: SendMail,
  from: string,
  district: { officialEmails: readonly string[]; locale: string },
  alert: string,
  content: AlertContent,
): Promise<{ recipients: string[]; messageIds: string[] }> {
  const recipients = [...district.officialEmails];
  const messageIds = await sendMail({
    from,
    to: recipients,
    language: district.locale,
    headers: { 'X-Houqin-Alert': alert },
    ...content,
  });
  return { recipients, messageIds };
}

/** `deliverMail` through a given transport. */
export async function deliverMailWith(transport: MailTransport, message: MailMessage): Promise<string[]> {
  const suppressed = await suppressedAmong(message.to);
  if (suppressed.size > 0)
    logger.warn('Suppressed recipients left out of a mail', {
      suppressed: [...suppressed.values()].map((s) => ({ address: s.address, reason: s.reason })),
    });
  const to = message.to.filter((address) => !suppressed.has(normalizeAddress(address)));
  const ids: string[] = [];
  for (const recipients of chunk(to, MAX_RECIPIENTS_PER_MESSAGE)) {
    const raw = await composeRawMessage({ ...message, to: recipients });
    ids.push(await transport.send({ from: message.from, to: recipients, raw }));
  }
  return ids;
}
