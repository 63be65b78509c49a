import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { getSesClient } from '../clients';
import { chunk } from '../db/writes';
import { logger } from '../logger';
import { sesConfigurationSet } from '../reports/pipeline/config';
import { normalizeAddress, suppressedAmong } from '../reports/pipeline/suppression';
import { composeRawMessage, type MailMessage } from './mime';

/** SES takes at most 50 recipients per message. */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

/** Sends one message; resolves to SES's message ids (one per 50 recipients). Injected in tests. */
export type SendMail = (message: MailMessage) => Promise<string[]>;

/**
 * Sends through SES SendRawEmail (AWS, or aws-ses-v2-local through AWS_ENDPOINT_URL_SES). Each
 * official is a To: recipient of the same message; a list longer than SES allows is split. An
 * address on the suppression list (it bounced, or complained) is left out, and with the stack's
 * configuration set (SES_CONFIGURATION_SET) SES reports this mail's bounces too, as it does the
 * report's. Nobody left: nothing is sent.
 */
export const sendMailWithSes: SendMail = async (message) => {
  const suppressed = await suppressedAmong(message.to);
  if (suppressed.size > 0)
    logger.warn('Suppressed recipients left out of a mail', {
      suppressed: [...suppressed.values()].map((s) => ({ address: s.address, reason: s.reason })),
    });
  const to = message.to.filter((address) => !suppressed.has(normalizeAddress(address)));
  const configurationSet = sesConfigurationSet();
  const ids: string[] = [];
  for (const recipients of chunk(to, MAX_RECIPIENTS_PER_MESSAGE)) {
    const raw = await composeRawMessage({ ...message, to: recipients });
    const { MessageId } = await getSesClient().send(
      new SendRawEmailCommand({
        Source: message.from,
        Destinations: recipients,
        RawMessage: { Data: raw },
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      }),
    );
    ids.push(MessageId ?? '');
  }
  return ids;
};
