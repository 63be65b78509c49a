import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SNSEvent } from 'aws-lambda';
import { parseMailFeedback } from '../../../../shared/reports/pipeline/bounces';

/** The SES message inside the SNS fixture (the parts the tests change), parsed afresh for each test. */
interface BounceMessage {
  bounce: { bounceType: string; bounceSubType: string };
  mail: { tags: Record<string, string[]> };
}

function fixtureMessage(): BounceMessage {
  const event = JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', '..', 'events', 'sns', 'ses-bounce.json'), 'utf8'),
  ) as SNSEvent;
  return JSON.parse(event.Records[0]!.Sns.Message) as BounceMessage;
}

describe('parseMailFeedback', () => {
  it('reads a permanent bounce of a report mail: the address to suppress and the mail it was', () => {
    // Act
    const feedback = parseMailFeedback(fixtureMessage());
    // Assess
    expect(feedback).toEqual({
      reason: 'bounce',
      suppress: true,
      kind: 'Permanent',
      subKind: 'General',
      recipients: [{ address: 'wang.li@huaying-edu.example.cn', diagnostic: 'smtp; 550 5.1.1 user unknown' }],
      at: '2026-11-01T00:02:11.503Z',
      feedbackId: '0102018f6a1b2c3d-4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8-000000',
      messageId: '0102018f6a1b2a11-1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0-000000',
      reportMail: { districtId: 'huaying', month: '2026-10', delivery: 1 },
    });
  });

  it('keeps an address that bounced only for now (mailbox full)', () => {
    // Prepare
    const message = fixtureMessage();
    message.bounce.bounceType = 'Transient';
    message.bounce.bounceSubType = 'MailboxFull';
    // Assess
    expect(parseMailFeedback(message)).toMatchObject({ reason: 'bounce', suppress: false, kind: 'Transient' });
  });

  it('suppresses the address of a complaint, from an identity notification (notificationType) without tags too', () => {
    // Prepare
    const message = {
      notificationType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'Zhang.San@Example.CN' }],
        timestamp: '2026-11-01T01:00:00.000Z',
        complaintFeedbackType: 'abuse',
      },
      mail: { messageId: 'm-1' },
    };
    // Assess
    expect(parseMailFeedback(message)).toEqual({
      reason: 'complaint',
      suppress: true,
      kind: 'abuse',
      recipients: [{ address: 'zhang.san@example.cn' }],
      at: '2026-11-01T01:00:00.000Z',
      messageId: 'm-1',
    });
  });

  it('ignores other SES events (a delivery)', () => {
    // Assess
    expect(
      parseMailFeedback({ eventType: 'Delivery', mail: { messageId: 'm-2' }, delivery: { recipients: ['a@x'] } }),
    ).toBeUndefined();
  });

  it('ignores tags that do not name a report mail', () => {
    // Prepare
    const message = fixtureMessage();
    message.mail.tags['houqin-month'] = ['October'];
    // Assess
    expect(parseMailFeedback(message)?.reportMail).toBeUndefined();
  });

  it('throws on a bounce it cannot read, so the notification is kept in the failure queue', () => {
    // Assess
    expect(() => parseMailFeedback({ eventType: 'Bounce', bounce: { bounceType: 'Permanent' } })).toThrow();
  });
});
