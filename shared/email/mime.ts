import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

/** One e-mail as the system writes it: a plain-text part and an HTML part, in one language. */
export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The message's language (`Content-Language`), e.g. zh-CN. */
  language: string;
  /** Extra headers, e.g. `X-Houqin-Alert` (what the mail is about, for support and tests). */
  headers?: Record<string, string>;
}

/** What `composeRawMessage` encodes: a message, its language when known, and its attachments if any. */
export interface MimeInput extends Omit<MailMessage, 'to' | 'language'> {
  to: string | string[];
  language?: string;
  /** Files and inline images (the report's workbook and charts). */
  attachments?: Mail.Attachment[];
}

/**
 * The raw MIME message (multipart/alternative, UTF-8, a Message-ID and Date; multipart/mixed
 * with attachments) that SES SendRawEmail sends as it is. nodemailer's MailComposer encodes
 * Chinese subjects and bodies correctly (RFC 2047 words, quoted-printable or base64 parts), which
 * hand-built MIME rarely does.
 */
export async function composeRawMessage(message: MimeInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    ...(message.attachments ? { attachments: message.attachments } : {}),
    headers: { ...(message.language ? { 'Content-Language': message.language } : {}), ...message.headers },
    textEncoding: 'base64',
  });
  return composer.compile().build();
}
