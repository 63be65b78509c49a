import * as z from 'zod';
import { logger } from '../../logger';
import { isMonth } from '../../time';
import { markBounced, REPORT_MAIL_TAGS } from './outbox';
import { normalizeAddress, suppressRecipient } from './suppression';

/*
 * What SES tells us about mail after it took it: a bounce or a complaint, published to SNS
 * (the stack's configuration set, `eventType`; or an identity's notification topic,
 * `notificationType`: the same objects). A permanent bounce or a complaint suppresses the
 * address for every district; a transient bounce (mailbox full, out of office) does not. When
 * the message carries our tags, the report mail it was is marked `bounced` too, so the report's
 * send state shows it.
 */

const recipientSchema = z.object({
  emailAddress: z.string().min(3),
  diagnosticCode: z.string().optional(),
  status: z.string().optional(),
});

/** An SES notification as SNS carries it in a record's Message (bounce, complaint, or anything else SES reports). */
export const sesNotificationSchema = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(recipientSchema),
      timestamp: z.string(),
      feedbackId: z.string().optional(),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(recipientSchema),
      timestamp: z.string(),
      feedbackId: z.string().optional(),
      complaintFeedbackType: z.string().optional(),
    })
    .optional(),
  mail: z
    .object({ messageId: z.string().optional(), tags: z.record(z.string(), z.array(z.string())).optional() })
    .optional(),
});

/** One bounce or complaint, as the system keeps it. */
export interface MailFeedback {
  reason: 'bounce' | 'complaint';
  /** Whether the address is to be suppressed: a permanent bounce, or any complaint. */
  suppress: boolean;
  /** Bounce type (Permanent, Transient, Undetermined) or complaint feedback type. */
  kind?: string;
  subKind?: string;
  recipients: { address: string; diagnostic?: string }[];
  at: string;
  feedbackId?: string;
  messageId?: string;
  /** The report mail it was, from the message's tags. */
  reportMail?: { districtId: string; month: string; delivery: number };
}

function reportMailOf(tags: Record<string, string[]> | undefined): MailFeedback['reportMail'] {
  const tag = (name: string) => tags?.[name]?.[0];
  const districtId = tag(REPORT_MAIL_TAGS.district);
  const month = tag(REPORT_MAIL_TAGS.month);
  const delivery = Number(tag(REPORT_MAIL_TAGS.delivery));
  return districtId && month && isMonth(month) && Number.isInteger(delivery) && delivery > 0
    ? { districtId, month, delivery }
    : undefined;
}

export type SesNotification = z.infer<typeof sesNotificationSchema>;

/** Reads an SES notification; undefined for anything but a bounce or a complaint (deliveries, sends, …). Throws on a malformed one. */
export function parseMailFeedback(message: unknown): MailFeedback | undefined {
  return mailFeedbackOf(sesNotificationSchema.parse(message));
}

/** The bounce or complaint an SES notification reports; undefined for anything else (deliveries, sends, …). */
function mailFeedbackOf(parsed: SesNotification): MailFeedback | undefined {
  const type = parsed.eventType ?? parsed.notificationType;
  const reportMail = reportMailOf(parsed.mail?.tags);
  const common = {
    ...(parsed.mail?.messageId ? { messageId: parsed.mail.messageId } : {}),
    ...(reportMail ? { reportMail } : {}),
  };
  if (type === 'Bounce' && parsed.bounce) {
    const { bounce } = parsed;
    return {
      reason: 'bounce',
      suppress: bounce.bounceType === 'Permanent',
      kind: bounce.bounceType,
      ...(bounce.bounceSubType ? { subKind: bounce.bounceSubType } : {}),
      recipients: bounce.bouncedRecipients.map((r) => ({
        address: normalizeAddress(r.emailAddress),
        ...(r.diagnosticCode ? { diagnostic: r.diagnosticCode } : {}),
      })),
      at: bounce.timestamp,
      ...(bounce.feedbackId ? { feedbackId: bounce.feedbackId } : {}),
      ...common,
    };
  }
  if (type === 'Complaint' && parsed.complaint) {
    const { complaint } = parsed;
    return {
      reason: 'complaint',
      suppress: true,
      ...(complaint.complaintFeedbackType ? { kind: complaint.complaintFeedbackType } : {}),
      recipients: complaint.complainedRecipients.map((r) => ({ address: normalizeAddress(r.emailAddress) })),
      at: complaint.timestamp,
      ...(complaint.feedbackId ? { feedbackId: complaint.feedbackId } : {}),
      ...common,
    };
  }
  return undefined;
}

/** What one notification changed. */
export interface FeedbackOutcome {
  type: 'bounce' | 'complaint' | 'ignored';
  /** Addresses suppressed now. */
  suppressed: string[];
  /** Report mail items marked bounced. */
  bouncedMail: number;
}

/** Records one SES notification: suppresses the addresses it names when it should, marks the report mail bounced. */
export async function recordMailFeedback(notification: SesNotification): Promise<FeedbackOutcome> {
  const feedback = mailFeedbackOf(notification);
  if (!feedback) return { type: 'ignored', suppressed: [], bouncedMail: 0 };
  const outcome: FeedbackOutcome = { type: feedback.reason, suppressed: [], bouncedMail: 0 };
  for (const recipient of feedback.recipients) {
    if (feedback.suppress) {
      await suppressRecipient({
        address: recipient.address,
        reason: feedback.reason,
        at: feedback.at,
        ...(feedback.kind ? { kind: feedback.kind } : {}),
        ...(feedback.subKind ? { subKind: feedback.subKind } : {}),
        ...(recipient.diagnostic ? { diagnostic: recipient.diagnostic } : {}),
        ...(feedback.messageId ? { messageId: feedback.messageId } : {}),
        ...(feedback.feedbackId ? { feedbackId: feedback.feedbackId } : {}),
      });
      outcome.suppressed.push(recipient.address);
    }
    if (feedback.reason === 'bounce' && feedback.suppress && feedback.reportMail) {
      if (await markBounced({ ...feedback.reportMail, recipient: recipient.address }, feedback.at))
        outcome.bouncedMail += 1;
    }
  }
  if (!feedback.suppress)
    logger.info('A transient bounce: the address stays in use', {
      kind: feedback.kind,
      subKind: feedback.subKind,
      recipients: feedback.recipients.length,
    });
  return outcome;
}
