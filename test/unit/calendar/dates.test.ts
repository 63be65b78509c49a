import {
  addDays,
  dateOfDayNumber,
  datesOfMonth,
  dayNumber,
  isoWeekday,
  laterDate,
  monthBounds,
  shiftMonth,
  weekStart,
} from '../../../shared/time';

describe('calendar dates', () => {
  it('counts days from 1970-01-01 and back, for any four-digit year', () => {
    // Prepare
    const dates = ['1970-01-01', '2000-02-29', '2026-10-10', '0001-01-01', '0099-12-31', '9999-12-31', '1600-03-01'];
    // Act
    const roundTrips = dates.map((date) => dateOfDayNumber(dayNumber(date)));
    // Assess
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-10-10') - dayNumber('2026-09-30')).toBe(10);
    expect(roundTrips).toEqual(dates);
  });

  it('names ISO weekdays, Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-10-10')).toBe(6);
    expect(isoWeekday('2026-10-11')).toBe(7);
    expect(isoWeekday('2026-10-12')).toBe(1);
    expect(isoWeekday('1970-01-01')).toBe(4);
  });

  it('finds the Monday of a week, across months and years', () => {
    expect(weekStart('2026-10-11')).toBe('2026-10-05');
    expect(weekStart('2026-10-12')).toBe('2026-10-12');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });

  it('shifts dates and months across year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(laterDate('2026-10-01', '2026-09-30')).toBe('2026-10-01');
  });

  it('lists the days of a month, leap Februaries included', () => {
    expect(datesOfMonth('2028-02')).toHaveLength(29);
    expect(datesOfMonth('2026-02')).toHaveLength(28);
    expect(monthBounds('2026-11')).toEqual({ first: '2026-11-01', last: '2026-11-30' });
  });
});
