import { randomUUID } from 'node:crypto';
import { deliverMail } from '../../shared/email/send';
import { suppressRecipient } from '../../shared/reports/pipeline/suppression';

/*
 * Alert and digest mail (shared/email/send.ts) against aws-ses-v2-local: an address on the
 * suppression list (it bounced, or complained) is left out, as report mail leaves it out.
 */

interface StoredMail {
  subject: string;
  destination: { to: string[] };
}

async function mailWithSubject(subject: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.subject === subject);
}

describe('deliverMail and the suppression list', () => {
  it('leaves a suppressed address out (whatever its case) and mails the others', async () => {
    // Prepare
    const tag = randomUUID().slice(0, 8);
    const kept = `kept-${tag}@example.cn`;
    const bounced = `bounced-${tag}@example.cn`;
    await suppressRecipient({ address: bounced, reason: 'bounce', at: new Date().toISOString() });
    const subject = `隐患提醒 ${tag}`;
    // Act
    const ids = await deliverMail({
      from: process.env.SENDER_ADDRESS!,
      to: [kept, bounced.toUpperCase()],
      subject,
      text: '正文',
      html: '<p>正文</p>',
      language: 'zh-CN',
    });
    // Assess
    expect(ids).toHaveLength(1);
    const mails = await mailWithSubject(subject);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.destination.to.join(',')).toContain(kept);
    expect(mails[0]!.destination.to.join(',').toLowerCase()).not.toContain(bounced);
  });

  it('sends nothing when every address is suppressed', async () => {
    // Prepare
    const address = `gone-${randomUUID().slice(0, 8)}@example.cn`;
    await suppressRecipient({ address, reason: 'complaint', at: new Date().toISOString() });
    const subject = `逾期汇总 ${address}`;
    // Act
    const ids = await deliverMail({
      from: process.env.SENDER_ADDRESS!,
      to: [address],
      subject,
      text: 't',
      html: '<p>t</p>',
      language: 'zh-CN',
    });
    // Assess
    expect(ids).toEqual([]);
    expect(await mailWithSubject(subject)).toEqual([]);
  });
});
