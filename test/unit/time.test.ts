import { addDays, isCalendarDate, isMonth, localDate, localDateTime, minusOneYear, monthOf } from '../../shared/time';

describe('time', () => {
  it('gives the school-local date, not the UTC one', () => {
    // Prepare: 2026-11-20 17:30 UTC is already the 21st in Shanghai.
    const now = new Date('2026-11-20T17:30:00Z');
    // Act / Assess
    expect(localDate('Asia/Shanghai', now)).toBe('2026-11-21');
    expect(localDate('UTC', now)).toBe('2026-11-20');
  });

  it('accepts real calendar dates only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(isCalendarDate('20261101')).toBe(false);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('goes back one year, folding 29 February to the 28th', () => {
    expect(minusOneYear('2026-11-22')).toBe('2025-11-22');
    expect(minusOneYear('2028-02-29')).toBe('2027-02-28');
  });

  it('names months', () => {
    expect(monthOf('2026-11-22')).toBe('2026-11');
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
  });

  it('gives the wall-clock time in a timezone, 24-hour, not UTC', () => {
    // 2026-11-30 16:05 UTC is 00:05 on 1 December in Shanghai, and still 30 November in Urumqi's UTC+6.
    expect(localDateTime('Asia/Shanghai', new Date('2026-11-30T16:05:00Z'))).toBe('2026-12-01 00:05');
    expect(localDateTime('Asia/Urumqi', new Date('2026-11-30T16:05:00Z'))).toBe('2026-11-30 22:05');
  });
});
