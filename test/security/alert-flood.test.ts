import { randomUUID } from 'node:crypto';
import { useLocalStack, type StoredMail } from './support';

/*
 * Alert flooding (issue 19 point 1), replayed as an attacker holding one school's token (or a
 * careless school): 50 critical hazard reports within a minute. Before the fix every one mailed
 * every official of the district at once (50 "【重大隐患】" mails). Now at most the hour's budget
 * per school (5 by default) goes out one by one; the rest are held and, when the hour ends, one
 * digest names all 50 (run here with `npm run admin -- hazards digest --send --at <end of hour>`,
 * what the hourly schedule does).
 */

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function mailText(mail: StoredMail): string {
  return `${mail.subject}\n${mail.body.text ?? ''}`;
}

describe('alert flooding against the local stack', () => {
  const target = useLocalStack();

  it('mails at most the budget (5) plus one digest naming all 50 critical hazards of one school', async () => {
    // Prepare: 50 reports must fall in one clock hour; near its end, wait for the next.
    const untilNextHour = HOUR - (Date.now() % HOUR);
    if (untilNextHour < 150_000) await sleep(untilNextHour + 2_000);
    const hourEnd = new Date(Math.ceil(Date.now() / HOUR) * HOUR).toISOString();
    const school = target.tokens.schools[0]!;
    const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const report = (index: number) => ({
      submissionId: `flood-${randomUUID()}`,
      formType: 'hazard-report',
      date,
      answers: {
        place: `配电房 ${index + 1}`,
        category: 'electrical',
        severity: 'critical',
        description: `配电柜进水，第 ${index + 1} 次报告`,
      },
    });
    // Act: 50 reports, ten at a time.
    const statuses: number[] = [];
    const hazardIds: string[] = [];
    for (let start = 0; start < 50; start += 10) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, offset) =>
          target.call('POST', '/v1/submissions', { token: school.token, body: report(start + offset) }),
        ),
      );
      for (const reply of replies) {
        statuses.push(reply.status);
        hazardIds.push(...((reply.body as { hazards?: { hazardId: string }[] }).hazards ?? []).map((h) => h.hazardId));
      }
    }
    // Every alert handled (one bus delivery each), then the hour's digest as the schedule sends it.
    const handled = () => target.stack.output().match(/HazardRaised → alert-officials \(rule [^)]+\) ok/g)?.length ?? 0;
    for (let waited = 0; handled() < 50 && waited < 120_000; waited += 1_000) await sleep(1_000);
    const alerts = (await target.mail()).filter((mail) => mail.subject.startsWith('【重大隐患】'));
    const digestRun = await target.admin(['hazards', 'digest', '--send', '--at', hourEnd]);
    const digests = (await target.mail()).filter((mail) => mail.subject.startsWith('【重大隐患汇总】'));
    // Assess
    expect(statuses).toEqual(Array.from({ length: 50 }, () => 201));
    expect(new Set(hazardIds).size).toBe(50);
    expect(handled()).toBeGreaterThanOrEqual(50);
    expect(alerts.length).toBeLessThanOrEqual(5);
    expect(alerts.length).toBeGreaterThan(0);
    expect(digestRun).toMatchObject({ code: 0 });
    expect(digests).toHaveLength(1);
    for (const hazardId of hazardIds) expect(mailText(digests[0]!)).toContain(hazardId);
    expect(digestRun.stdout).toContain(
      `待汇总提醒 ${50 - alerts.length} 条（另列已逐条提醒 ${alerts.length} 条）：sent`,
    );
  }, 420_000);
});
