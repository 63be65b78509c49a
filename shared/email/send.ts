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
