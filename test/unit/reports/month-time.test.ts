import { hazardStateAt } from '../../../shared/reports/hazards';
import { daysLate, deadlineOf } from '../../../shared/reports/lateness';
import { instantWithin, monthSpan, startOfLocalDay } from '../../../shared/time';

describe('monthSpan', () => {
  it('gives a month in Beijing time as dates and UTC instants', () => {
    // Act
    const span = monthSpan('2026-03', 'Asia/Shanghai');
    // Assess
    expect(span).toEqual({
      month: '2026-03',
      first: '2026-03-01',
      last: '2026-03-31',
      next: '2026-04-01',
      start: '2026-02-28T16:00:00.000Z',
      end: '2026-03-31T16:00:00.000Z',
    });
  });

  it('follows a zone whose offset changes during the month (daylight saving time)', () => {
    // Act
    const span = monthSpan('2026-03', 'America/New_York');
    // Assess: UTC−5 on 1 March, UTC−4 from 8 March.
    expect([span.start, span.end]).toEqual(['2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z']);
  });

  it('crosses the year in December', () => {
    // Act
    const span = monthSpan('2026-12', 'Asia/Shanghai');
    // Assess
    expect([span.next, span.end]).toEqual(['2027-01-01', '2026-12-31T16:00:00.000Z']);
  });

  it('counts the start as inside and the end as outside', () => {
    // Prepare
    const span = monthSpan('2026-03', 'Asia/Shanghai');
    // Assess
    expect(instantWithin(span.start, span)).toBe(true);
    expect(instantWithin('2026-03-31T15:59:59.999Z', span)).toBe(true);
    expect(instantWithin(span.end, span)).toBe(false);
    expect(instantWithin('not a time', span)).toBe(false);
  });

  it('finds local midnight in a zone ahead of UTC and one behind it', () => {
    // Assess
    expect(startOfLocalDay('2026-01-01', 'Asia/Shanghai').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'America/Los_Angeles').toISOString()).toBe('2026-01-01T08:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('deadlineOf and daysLate', () => {
  it('ends a daily occasion on its day, a weekly one on its Sunday and the others with the month', () => {
    // Assess
    expect(deadlineOf('school-day', '2026-03-04')).toBe('2026-03-04');
    expect(deadlineOf('school-night', '2026-03-04')).toBe('2026-03-04');
    expect(deadlineOf('weekly', '2026-03-04')).toBe('2026-03-08');
    expect(deadlineOf('monthly', '2026-03-04')).toBe('2026-03-31');
    expect(deadlineOf('term', '2026-02-04')).toBe('2026-02-28');
    expect(deadlineOf('event', '2026-03-04')).toBe('2026-03-31');
  });

  it('counts days in district time, after one day of grace', () => {
    // Prepare
    const check = (receivedAt: string) => ({
      formType: 'canteen-daily',
      formVersion: 1,
      date: '2026-03-02',
      receivedAt,
    });
    // Assess: 23:30 on 3 March in Beijing is 15:30 UTC; 00:30 on 4 March is 16:30 UTC.
    expect(daysLate(check('2026-03-03T15:30:00.000Z'), 'Asia/Shanghai')).toBe(0);
    expect(daysLate(check('2026-03-03T16:30:00.000Z'), 'Asia/Shanghai')).toBe(2);
    expect(daysLate(check('2026-03-03T16:30:00.000Z'), 'UTC')).toBe(0);
  });

  it('calls nothing late that it cannot read', () => {
    // Assess
    expect(
      daysLate(
        { formType: 'no-such-form', formVersion: 1, date: '2026-03-02', receivedAt: '2026-05-01T00:00:00.000Z' },
        'Asia/Shanghai',
      ),
    ).toBe(0);
    expect(
      daysLate(
        { formType: 'canteen-daily', formVersion: 1, date: '2026-03-02', receivedAt: 'yesterday' },
        'Asia/Shanghai',
      ),
    ).toBe(0);
  });
});

describe('hazardStateAt', () => {
  const history = [
    { action: 'raised', status: 'open', at: '2026-04-02T00:00:00.000Z' },
    { action: 'overdue', status: 'open', at: '2026-04-06T01:00:00.000Z' },
    { action: 'rectified', status: 'rectified', at: '2026-04-08T00:00:00.000Z' },
  ];

  it('is open when only the raising entry came before the end, however late it was raised', () => {
    // Assess
    expect(hazardStateAt({ history }, '2026-03-31T16:00:00.000Z')).toBe('open');
    expect(hazardStateAt({ history }, '2026-04-07T00:00:00.000Z')).toBe('open');
  });

  it('takes the status of the last entry before the end', () => {
    // Assess
    expect(hazardStateAt({ history }, '2026-04-30T16:00:00.000Z')).toBe('rectified');
    expect(hazardStateAt({ history: [] }, '2026-04-30T16:00:00.000Z')).toBe('open');
  });
});
