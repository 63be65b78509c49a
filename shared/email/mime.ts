import MailComposer from 'nodemailer/lib/mail-composer';

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

/**
 * The raw MIME message (multipart/alternative, UTF-8, a Message-ID and Date) that SES
 * SendRawEmail sends as it is. nodemailer's MailComposer encodes Chinese subjects and bodies
 * correctly (RFC 2047 words, quoted-printable or base64 parts), which hand-built MIME rarely does.
 */
export async function composeRawMessage(message: MailMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: { 'Content-Language': message.language, ...message.headers },
    textEncoding: 'base64',
  });
  return composer.compile().build();
}
