import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { handler as produceAnnual } from '../../functions/produce-annual-report/handler';
import { handler as sweepOverdue } from '../../functions/sweep-overdue-hazards/handler';
import { HazardEntity } from '../../shared/db/entities';
import type { OverdueSweepRequest } from '../../shared/hazards/sweep-dispatch';
import type { AnnualReportRequest } from '../../shared/reports/annual/requests';
import { createTestDistrict } from '../support/directory-fixtures';
import { lambdaContext } from '../support/events';
import { domainEmf, emfOf, useMetricsEnabled } from '../support/metrics';

/*
 * The domain metrics of the overdue sweep and of the year-end summary's production, as the
 * handlers write them: EMF log lines (namespace Houqin) with the service and the metric's own
 * dimensions, counted once however often the event is delivered.
 */

jest.setTimeout(60_000);

function busEvent<T extends string, D>(detailType: T, detail: D): EventBridgeEvent<T, D> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'houqin',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'ap-east-1',
    resources: [],
    detail,
  };
}

async function openHazard(districtId: string, severity: 'high' | 'medium', dueDate: string): Promise<void> {
  const raisedAt = '2026-05-01T02:00:00.000Z';
  await HazardEntity.build(PutItemCommand)
    .item({
      districtId,
      hazardId: `hz_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
      schoolId: 's-1',
      submissionId: randomUUID(),
      formType: 'electrical-fire',
      ruleId: 'expired-extinguishers',
      severity,
      category: 'fire',
      title: { zh: '灭火器过期', en: 'Expired extinguishers' },
      status: 'open',
      foundOn: '2026-05-01',
      dueDate,
      raisedAt,
      history: [{ action: 'raised', status: 'open', at: raisedAt, by: 'tok_x' }],
    })
    .send();
}

describe('domain metrics of the overdue sweep and the year-end summary (EMF log lines)', () => {
  useMetricsEnabled();

  it('sweep-overdue-hazards: HazardsMarkedOverdue by severity and one OverdueDigestsSent; a second delivery counts nothing', async () => {
    // Prepare: two high and one medium hazard past due.
    const district = await createTestDistrict([{ schoolId: 's-1', hasCanteen: true, boarding: false }]);
    await openHazard(district.districtId, 'high', '2026-05-03');
    await openHazard(district.districtId, 'high', '2026-05-04');
    await openHazard(district.districtId, 'medium', '2026-05-05');
    const event = busEvent<'OverdueSweepRequested', OverdueSweepRequest>('OverdueSweepRequested', {
      districtId: district.districtId,
      date: '2026-05-11',
      requestedBy: 'schedule',
    });
    // Act
    const first = await emfOf(() => sweepOverdue(event));
    const again = await emfOf(() => sweepOverdue(event));
    // Assess
    expect(first).toEqual(
      expect.arrayContaining([
        domainEmf({ HazardsMarkedOverdue: 2 }, { severity: 'high' }),
        domainEmf({ HazardsMarkedOverdue: 1 }, { severity: 'medium' }),
        domainEmf({ OverdueDigestsSent: 1 }),
      ]),
    );
    expect(first).toHaveLength(3);
    expect(again).toEqual([]);
  });

  it('produce-annual-report: AnnualReportsProduced and the mail it sent; an unchanged year delivered again counts nothing', async () => {
    // Prepare
    const district = await createTestDistrict([{ schoolId: 's-1', hasCanteen: true, boarding: false }]);
    const event = busEvent<'AnnualReportRequested', AnnualReportRequest>('AnnualReportRequested', {
      districtId: district.districtId,
      period: String(new Date().getUTCFullYear() - 1),
      send: 'once',
      requestedBy: 'schedule',
    });
    // Time enough left to send (with less, the outbox leaves the mail to the retry schedule).
    const context = { ...lambdaContext('produce-annual-report'), getRemainingTimeInMillis: () => 600_000 };
    // Act
    const first = await emfOf(() => produceAnnual(event, context));
    const again = await emfOf(() => produceAnnual(event, context));
    // Assess
    expect(first).toEqual([domainEmf({ AnnualReportsProduced: 1 }), domainEmf({ ReportMailsSent: 1 })]);
    expect(again).toEqual([]);
  });
});
