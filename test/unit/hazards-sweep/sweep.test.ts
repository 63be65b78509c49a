import {
  digestAlertId,
  districtsDueForSweep,
  hazardsToMark,
  localHour,
  SWEEP_LOCAL_HOUR,
} from '../../../shared/hazards/sweep';
import { daysBetween } from '../../../shared/email/format';

const district = (districtId: string, timezone: string) => ({ districtId, timezone });
const DISTRICTS = [
  district('huaying', 'Asia/Shanghai'),
  district('urumqi', 'Asia/Urumqi'),
  district('delhi', 'Asia/Kolkata'),
  district('london', 'Europe/London'),
];
const ids = (list: { districtId: string }[]) => list.map((d) => d.districtId);

describe('which districts an hourly run sweeps', () => {
  it('sweeps Asia/Shanghai districts in the run scheduled for 01:00 UTC (09:00 there), and no other', () => {
    // Act / Assess
    expect(SWEEP_LOCAL_HOUR).toBe(9);
    expect(ids(districtsDueForSweep(DISTRICTS, new Date('2026-05-11T01:00:00Z')))).toEqual(['huaying']);
  });

  it('sweeps each district once in the 24 hourly runs of a day', () => {
    // Prepare
    const runs = Array.from({ length: 24 }, (_, hour) => new Date(Date.UTC(2026, 4, 11, hour)));
    // Act
    const swept = runs.flatMap((at) => ids(districtsDueForSweep(DISTRICTS, at)));
    // Assess
    expect(swept.sort()).toEqual(['delhi', 'huaying', 'london', 'urumqi']);
  });

  it('sweeps a half-hour zone at 09:30 local time (04:00 UTC for Kolkata)', () => {
    // Act / Assess
    expect(ids(districtsDueForSweep(DISTRICTS, new Date('2026-05-11T04:00:00Z')))).toEqual(['delhi']);
    expect(localHour('Asia/Kolkata', new Date('2026-05-11T04:00:00Z'))).toBe(9);
  });

  it('follows summer time: London is swept at 08:00 UTC in May and 09:00 UTC in January', () => {
    // Act / Assess
    expect(ids(districtsDueForSweep(DISTRICTS, new Date('2026-05-11T08:00:00Z')))).toEqual(['london']);
    expect(ids(districtsDueForSweep(DISTRICTS, new Date('2026-01-12T09:00:00Z')))).toEqual(['london']);
  });

  it('reads the hour of midnight as 0, not 24', () => {
    // Act / Assess
    expect(localHour('Asia/Shanghai', new Date('2026-05-10T16:00:00Z'))).toBe(0);
  });
});

describe('which hazards a sweep marks', () => {
  const hazard = (hazardId: string, status: string, dueDate: string, overdueAt?: string) => ({
    hazardId,
    status,
    dueDate,
    ...(overdueAt ? { overdueAt } : {}),
  });

  it('marks open hazards due before today that are not marked yet', () => {
    // Prepare
    const hazards = [
      hazard('past', 'open', '2026-05-10'),
      hazard('today', 'open', '2026-05-11'),
      hazard('future', 'open', '2026-05-12'),
      hazard('marked', 'open', '2026-05-01', '2026-05-02T01:00:00Z'),
      hazard('rectified', 'rectified', '2026-05-01'),
    ];
    // Act / Assess
    expect(hazardsToMark(hazards, '2026-05-11').map((h) => h.hazardId)).toEqual(['past']);
  });

  it('names a digest by date and the set of hazards, whatever their order', () => {
    // Act / Assess
    expect(digestAlertId('2026-05-11', ['hz_b', 'hz_a'])).toBe(digestAlertId('2026-05-11', ['hz_a', 'hz_b']));
    expect(digestAlertId('2026-05-11', ['hz_a'])).toMatch(/^overdue#2026-05-11#[0-9a-f]{12}$/);
    expect(digestAlertId('2026-05-11', ['hz_a'])).not.toBe(digestAlertId('2026-05-11', ['hz_a', 'hz_c']));
    expect(digestAlertId('2026-05-11', ['hz_a'])).not.toBe(digestAlertId('2026-05-12', ['hz_a']));
  });

  it('counts days overdue across a month end', () => {
    // Act / Assess
    expect(daysBetween('2026-04-28', '2026-05-02')).toBe(4);
  });
});
