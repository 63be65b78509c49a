import { reportListState } from '../../../../shared/reports/pipeline/list-api';
import type { ReportMailRecord } from '../../../../shared/reports/pipeline/outbox';

/* The state GET /v1/reports shows for a month, from its mail (the latest delivery decides). */

const mail = (
  delivery: number,
  recipient: string,
  status: ReportMailRecord['status'],
  extra: Partial<ReportMailRecord> = {},
): ReportMailRecord => ({
  districtId: 'd',
  month: '2026-10',
  delivery,
  recipient,
  status,
  attempts: status === 'pending' ? 0 : 1,
  requestedBy: 'schedule',
  createdAt: '2026-11-01T00:00:00.000Z',
  ...extra,
});

describe('reportListState', () => {
  it('is produced when no mail was asked for', () => {
    expect(reportListState([])).toBe('produced');
  });
  it('is sending while a recipient may still be sent', () => {
    expect(
      reportListState([
        mail(1, 'a@x.cn', 'sent'),
        mail(1, 'b@x.cn', 'failed', { nextAttemptAt: '2026-11-01T01:00:00.000Z' }),
      ]),
    ).toBe('sending');
    expect(reportListState([mail(1, 'a@x.cn', 'pending')])).toBe('sending');
  });
  it('is sent, partly-sent or failed as the latest delivery ended', () => {
    expect(reportListState([mail(1, 'a@x.cn', 'sent'), mail(1, 'b@x.cn', 'skipped')])).toBe('sent');
    expect(reportListState([mail(1, 'a@x.cn', 'sent'), mail(1, 'b@x.cn', 'failed')])).toBe('partly-sent');
    expect(reportListState([mail(1, 'a@x.cn', 'failed')])).toBe('failed');
  });
  it('is bounced when an address of the latest delivery bounced after it was sent', () => {
    expect(reportListState([mail(1, 'a@x.cn', 'sent'), mail(1, 'b@x.cn', 'bounced')])).toBe('bounced');
  });
  it('follows the latest delivery, not an earlier one', () => {
    expect(reportListState([mail(1, 'a@x.cn', 'failed'), mail(2, 'a@x.cn', 'sent')])).toBe('sent');
    expect(reportListState([mail(1, 'a@x.cn', 'bounced'), mail(2, 'a@x.cn', 'pending')])).toBe('sending');
  });
});
