import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { getSesClient } from '../clients';
import { chunk } from '../directory/storage';
import { composeRawMessage, type MailMessage } from './mime';

/** SES takes at most 50 recipients per message. */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

/** Sends one message; resolves to SES's message ids (one per 50 recipients). Injected in tests. */
export type SendMail = (message: MailMessage) => Promise<string[]>;

/**
 * Sends through SES SendRawEmail (AWS, or aws-ses-v2-local through AWS_ENDPOINT_URL_SES). Each
 * official is a To: recipient of the same message; a list longer than SES allows is split.
 */
export const sendMailWithSes: SendMail = async (message) => {
  const ids: string[] = [];
  for (const recipients of chunk(message.to, MAX_RECIPIENTS_PER_MESSAGE)) {
    const raw = await composeRawMessage({ ...message, to: recipients });
    const { MessageId } = await getSesClient().send(new SendRawEmailCommand({ Source: message.from, Destinations: recipients, RawMessage: { Data: raw } }));
    ids.push(MessageId ?? '');
  }
  return ids;
};
