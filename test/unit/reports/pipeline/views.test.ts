import type { ReportMailRecord } from '../../../../shared/reports/pipeline/outbox';
import { deliveryState, sendStateView } from '../../../../shared/reports/pipeline/views';

function mail(delivery: number, recipient: string, overrides: Partial<ReportMailRecord> = {}): ReportMailRecord {
  return {
    districtId: 'hy',
    month: '2026-10',
    delivery,
    recipient,
    status: 'sent',
    attempts: 1,
    requestedBy: 'schedule',
    createdAt: '2026-11-01T00:00:05.000Z',
    sentAt: '2026-11-01T00:00:06.000Z',
    ...overrides,
  };
}

describe('deliveryState', () => {
  it('is in progress while a recipient may still be sent', () => {
    // Assess
    expect(
      deliveryState([mail(1, 'a'), mail(1, 'b', { status: 'failed', nextAttemptAt: '2026-11-01T00:01:00Z' })]),
    ).toBe('in-progress');
    expect(deliveryState([mail(1, 'a', { status: 'pending', nextAttemptAt: '2026-11-01T00:00:00Z' })])).toBe(
      'in-progress',
    );
  });

  it('is sent when every recipient not skipped was sent (a later bounce included)', () => {
    // Assess
    expect(
      deliveryState([
        mail(1, 'a'),
        mail(1, 'b', { status: 'skipped', attempts: 0 }),
        mail(1, 'c', { status: 'bounced' }),
      ]),
    ).toBe('sent');
  });

  it('is partly sent when some failed for good, failed when none was sent', () => {
    // Assess
    expect(deliveryState([mail(1, 'a'), mail(1, 'b', { status: 'failed' })])).toBe('partly-sent');
    expect(deliveryState([mail(1, 'a', { status: 'failed' }), mail(1, 'b', { status: 'skipped' })])).toBe('failed');
  });
});

describe('sendStateView', () => {
  it('says not-sent when the month was never mailed', () => {
    // Assess
    expect(sendStateView([])).toEqual({ state: 'not-sent', deliveries: [] });
  });

  it('lists deliveries in order with the latest one’s state, recipients by address, and no SES error text', () => {
    // Prepare
    const records = [
      mail(2, 'b@x', {
        requestedBy: 'api:tok_1',
        status: 'failed',
        attempts: 2,
        nextAttemptAt: '2026-11-02T00:02:00Z',
        lastError: 'Throttling: Maximum sending rate exceeded.',
        lastErrorCode: 'Throttling',
      }),
      mail(1, 'b@x'),
      mail(1, 'a@x'),
    ];
    // Act
    const view = sendStateView(records);
    // Assess
    expect(view).toEqual({
      state: 'in-progress',
      deliveries: [
        {
          delivery: 1,
          requestedBy: 'schedule',
          createdAt: '2026-11-01T00:00:05.000Z',
          state: 'sent',
          recipients: [
            { address: 'a@x', status: 'sent', attempts: 1, sentAt: '2026-11-01T00:00:06.000Z' },
            { address: 'b@x', status: 'sent', attempts: 1, sentAt: '2026-11-01T00:00:06.000Z' },
          ],
        },
        {
          delivery: 2,
          requestedBy: 'api:tok_1',
          createdAt: '2026-11-01T00:00:05.000Z',
          state: 'in-progress',
          recipients: [
            {
              address: 'b@x',
              status: 'failed',
              attempts: 2,
              nextAttemptAt: '2026-11-02T00:02:00Z',
              lastErrorCode: 'Throttling',
              sentAt: '2026-11-01T00:00:06.000Z',
            },
          ],
        },
      ],
    });
    expect(JSON.stringify(view)).not.toContain('Maximum sending rate');
  });
});
