import { randomUUID } from 'node:crypto';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { HazardEntity } from '../../shared/db/entities';
import { configureDistrict } from '../../shared/directory/districts';
import type { MailMessage } from '../../shared/email/mime';
import type { HazardRaisedDetail } from '../../shared/events/domain-events';
import { alertOfficials } from '../../shared/hazards/alert';
import { alertWindowOf } from '../../shared/hazards/alert-budget';
import { sendAlertDigests } from '../../shared/hazards/alert-digest';
import { loadReportInput } from '../../shared/reports/load';
import { rollUpDistrictMonth } from '../../shared/reports/rollup';
import { localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';

/*
 * Alert flooding (issue 19 point 1): critical-hazard alert mail has an hourly budget per school
 * and per district; past it alerts are held and mailed in one digest when the hour ends, and the
 * monthly report counts them. Against DynamoDB Local, with the mail captured.
 */

const SENDER = 'houqin@example.cn';

/** An hour that has ended, in this month (Asia/Shanghai), so the digest run may send it. */
function pastHour(): { start: string; end: string } {
  const now = Date.now();
  const lastHour = alertWindowOf(new Date(now - 3_600_000));
  // Early on the 1st (district time) the last hour is last month: take this hour's start instead.
  return localDate('Asia/Shanghai', new Date(lastHour.start)).slice(0, 7) === localDate('Asia/Shanghai').slice(0, 7)
    ? lastHour
    : alertWindowOf(new Date(now));
}

/** Writes `count` critical hazards of `schoolId`, raised a second apart from `from`, and returns their HazardRaised details. */
async function criticalHazards(districtId: string, schoolId: string, count: number, from: string) {
  const details: HazardRaisedDetail[] = [];
  for (let index = 0; index < count; index += 1) {
    const hazardId = `hz_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const raisedAt = new Date(Date.parse(from) + index * 1000).toISOString();
    const foundOn = localDate('Asia/Shanghai', new Date(raisedAt));
    const hazard = {
      districtId,
      schoolId,
      hazardId,
      submissionId: `sub-${index}`,
      formType: 'hazard-report',
      severity: 'critical' as const,
      category: 'electrical',
      title: { zh: `配电房进水 ${index + 1}`, en: `Flooded switch room ${index + 1}` },
      place: `配电房 ${index + 1}`,
      description: '配电柜底部积水',
      foundOn,
      dueDate: foundOn,
      raisedAt,
    };
    await HazardEntity.build(PutItemCommand)
      .item({ ...hazard, ruleId: 'hazard-report', status: 'open', history: [] })
      .send();
    details.push(hazard);
  }
  return details;
}

/** Runs the alert of each hazard, ten at a time (as concurrent bus deliveries would). */
async function alertAll(details: readonly HazardRaisedDetail[], sendMail: (m: MailMessage) => Promise<string[]>) {
  const outcomes = [];
  for (let start = 0; start < details.length; start += 10) {
    outcomes.push(
      ...(await Promise.all(
        details.slice(start, start + 10).map((detail) => alertOfficials(detail, { senderAddress: SENDER, sendMail })),
      )),
    );
  }
  return outcomes;
}

function mailbox() {
  const sent: MailMessage[] = [];
  const sendMail = async (message: MailMessage) => {
    sent.push(message);
    return [`msg-${sent.length}`];
  };
  return { sent, sendMail };
}

describe('alert budget and digest', () => {
  it('mails 50 critical hazards of one school in a minute as at most 5 alerts plus one digest naming all 50', async () => {
    // Prepare
    const { districtId } = await createTestDistrict([{ schoolId: 's1', hasCanteen: true, boarding: false }]);
    const hour = pastHour();
    const details = await criticalHazards(
      districtId,
      's1',
      50,
      new Date(Date.parse(hour.start) + 600_000).toISOString(),
    );
    const { sent, sendMail } = mailbox();
    // Act
    const outcomes = await alertAll(details, sendMail);
    const alerts = sent.length;
    const early = await sendAlertDigests(new Date(Date.parse(hour.end) - 1), { senderAddress: SENDER, sendMail });
    const digests = await sendAlertDigests(new Date(hour.end), { senderAddress: SENDER, sendMail });
    const again = await sendAlertDigests(new Date(hour.end), { senderAddress: SENDER, sendMail });
    // Ten alerts run at once, so which five won the budget is not fixed: redeliver one of each.
    const mailedOne = details[outcomes.findIndex((o) => o.status === 'sent')]!;
    const heldOne = details[outcomes.findIndex((o) => o.status === 'held')]!;
    const redelivered = await alertAll([mailedOne, heldOne], sendMail);
    // Assess
    expect(alerts).toBe(5);
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === 'held')).toHaveLength(45);
    expect(outcomes.filter((o) => o.status === 'held')).toEqual(
      Array.from({ length: 45 }, () => ({ status: 'held', reason: 'school-budget', windowStart: hour.start })),
    );
    expect(early.filter((d) => d.districtId === districtId)).toEqual([]);
    const mine = digests.filter((d) => d.districtId === districtId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'sent', windows: [hour.start] });
    expect(mine[0]!.held).toHaveLength(45);
    expect(mine[0]!.mailed).toHaveLength(5);
    expect(sent).toHaveLength(6);
    const digest = sent[5]!;
    expect(digest.subject).toMatch(/^【重大隐患汇总】测试区 .+：50 项重大隐患（/);
    expect(digest.to).toEqual([`${districtId}@example.cn`]);
    for (const detail of details) {
      expect(digest.text).toContain(detail.hazardId);
      expect(digest.html).toContain(detail.hazardId);
    }
    expect(digest.text).toContain('尚未单独提醒的隐患（45 项）');
    expect(digest.text).toContain('已逐条提醒的隐患（5 项）');
    expect(again.filter((d) => d.districtId === districtId)).toEqual([]);
    expect(redelivered.map((o) => o.status)).toEqual(['already-sent', 'held']);
    expect(sent).toHaveLength(6);
  }, 60_000);

  it('holds alerts past the district budget too, and counts the held alerts in the monthly report', async () => {
    // Prepare
    const { districtId } = await createTestDistrict([
      { schoolId: 's1', hasCanteen: true, boarding: false },
      { schoolId: 's2', hasCanteen: true, boarding: false },
    ]);
    await configureDistrict(districtId, { alertBudget: { school: 3, district: 4 } });
    const hour = pastHour();
    const from = new Date(Date.parse(hour.start) + 60_000).toISOString();
    const first = await criticalHazards(districtId, 's1', 4, from);
    const second = await criticalHazards(districtId, 's2', 2, new Date(Date.parse(from) + 10_000).toISOString());
    const { sent, sendMail } = mailbox();
    // Act
    const firstOutcomes = await alertAll(first, sendMail);
    const secondOutcomes = await alertAll(second, sendMail);
    const digests = await sendAlertDigests(new Date(hour.end), { senderAddress: SENDER, sendMail });
    const month = localDate('Asia/Shanghai', new Date(hour.start)).slice(0, 7);
    const { input } = await loadReportInput(districtId, month);
    const report = rollUpDistrictMonth(input);
    // Assess
    const statuses = (outcomes: { status: string }[]) => outcomes.map((o) => o.status).sort();
    expect(statuses(firstOutcomes)).toEqual(['held', 'sent', 'sent', 'sent']);
    expect(firstOutcomes.find((o) => o.status === 'held')).toMatchObject({ reason: 'school-budget' });
    expect(statuses(secondOutcomes)).toEqual(['held', 'sent']);
    expect(secondOutcomes.find((o) => o.status === 'held')).toMatchObject({ reason: 'district-budget' });
    const heldIds = [...first, ...second]
      .filter((_, index) => [...firstOutcomes, ...secondOutcomes][index]!.status === 'held')
      .map((d) => d.hazardId);
    const mine = digests.find((d) => d.districtId === districtId)!;
    expect(mine.held).toEqual([...heldIds].sort());
    expect(mine.mailed).toEqual(
      [...first, ...second]
        .map((d) => d.hazardId)
        .filter((id) => !heldIds.includes(id))
        .sort(),
    );
    expect(sent).toHaveLength(5);
    const { dataQuality } = report.sections.photosDataQuality;
    expect(dataQuality.heldAlerts).toBe(2);
    expect(dataQuality.notes.filter((note) => note.kind === 'alerts-held')).toEqual([
      expect.objectContaining({ schoolId: 's1', count: 1, hours: 1, byDistrictBudget: 0 }),
      expect.objectContaining({ schoolId: 's2', count: 1, hours: 1, byDistrictBudget: 1 }),
    ]);
  }, 60_000);
});
