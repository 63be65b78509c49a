import {
  districtsDueForReports,
  dispatchMonthlyReports,
  REPORT_LOCAL_HOUR,
} from '../../../../shared/reports/pipeline/dispatch';
import { monthHasEnded, previousMonthIn } from '../../../../shared/reports/pipeline/month';
import type { ReportRequestedDetail } from '../../../../shared/reports/pipeline/requests';

const district = (districtId: string, timezone: string) => ({
  districtId,
  timezone,
  officialEmails: [`${districtId}@example.cn`],
});
const ids = (list: { districtId: string }[]) => list.map((d) => d.districtId);
const hourly = (fromIso: string, hours: number) =>
  Array.from({ length: hours }, (_, i) => new Date(Date.parse(fromIso) + i * 3_600_000));

const ZONES = [
  district('shanghai', 'Asia/Shanghai'),
  district('urumqi', 'Asia/Urumqi'),
  district('kolkata', 'Asia/Kolkata'),
  district('kathmandu', 'Asia/Kathmandu'),
  district('chatham', 'Pacific/Chatham'),
  district('kiritimati', 'Pacific/Kiritimati'),
  district('los-angeles', 'America/Los_Angeles'),
  district('niue', 'Pacific/Niue'),
  district('utc', 'UTC'),
];

describe('districtsDueForReports', () => {
  it('picks a Shanghai district at 00:00 UTC on the 1st, which is 08:00 there', () => {
    // Act
    const { due, catchUp } = districtsDueForReports(
      [district('hy', 'Asia/Shanghai')],
      new Date('2026-11-01T00:00:00Z'),
    );
    // Assess
    expect(ids(due)).toEqual(['hy']);
    expect(catchUp).toEqual([]);
  });

  it('leaves a district alone before 08:00 on the 1st and on any other day', () => {
    // Act
    const before = districtsDueForReports([district('hy', 'Asia/Shanghai')], new Date('2026-10-31T23:00:00Z'));
    const secondDay = districtsDueForReports([district('hy', 'Asia/Shanghai')], new Date('2026-11-02T00:00:00Z'));
    // Assess
    expect(before).toEqual({ due: [], catchUp: [] });
    expect(secondDay).toEqual({ due: [], catchUp: [] });
  });

  it('offers a district to the catch-up later on the 1st', () => {
    // Act
    const { due, catchUp } = districtsDueForReports(
      [district('hy', 'Asia/Shanghai')],
      new Date('2026-11-01T05:00:00Z'),
    );
    // Assess
    expect(due).toEqual([]);
    expect(ids(catchUp)).toEqual(['hy']);
  });

  it('picks a zone 14 hours ahead on the last UTC day of the month before', () => {
    // Act: 08:00 on 1 November at UTC+14 is 18:00 UTC on 31 October.
    const { due } = districtsDueForReports(ZONES, new Date('2026-10-31T18:00:00Z'));
    // Assess
    expect(ids(due)).toEqual(['kiritimati']);
  });

  it('picks a half-hour zone at 08:30 local, once', () => {
    // Act: Kolkata is UTC+5:30; the hourly runs meet it at 07:30 and 08:30.
    const early = districtsDueForReports([district('kolkata', 'Asia/Kolkata')], new Date('2026-11-01T02:00:00Z'));
    const run = districtsDueForReports([district('kolkata', 'Asia/Kolkata')], new Date('2026-11-01T03:00:00Z'));
    // Assess
    expect(early.due).toEqual([]);
    expect(ids(run.due)).toEqual(['kolkata']);
  });

  it('follows a daylight-saving change on the 1st (Los Angeles, 1 November 2026: 08:00 PST is 16:00 UTC)', () => {
    // Act
    const { due } = districtsDueForReports(
      [district('los-angeles', 'America/Los_Angeles')],
      new Date('2026-11-01T16:00:00Z'),
    );
    // Assess
    expect(ids(due)).toEqual(['los-angeles']);
  });

  it.each(['2026-01', '2026-03', '2026-04', '2026-10', '2026-11', '2027-01'])(
    'picks every district exactly once around the 1st of %s, at 08:xx local',
    (month) => {
      // Prepare: every hourly run from two days before the 1st (UTC) to two days after.
      const runs = hourly(`${month}-01T00:00:00Z`, 96).map((at) => new Date(at.getTime() - 48 * 3_600_000));
      // Act
      const picked = runs.flatMap((at) =>
        districtsDueForReports(ZONES, at).due.map((d) => ({ id: d.districtId, at, zone: d.timezone })),
      );
      // Assess
      expect(picked.map((p) => p.id).sort()).toEqual(ids(ZONES).sort());
      for (const { at, zone } of picked) {
        const local = new Intl.DateTimeFormat('en-CA', {
          timeZone: zone,
          day: '2-digit',
          hour: '2-digit',
          hourCycle: 'h23',
        }).formatToParts(at);
        expect(local.find((p) => p.type === 'day')?.value).toBe('01');
        expect(Number(local.find((p) => p.type === 'hour')?.value)).toBe(REPORT_LOCAL_HOUR);
      }
    },
  );
});

describe('previousMonthIn and monthHasEnded', () => {
  it('reports December of the year before on 1 January', () => {
    // Assess
    expect(previousMonthIn('Asia/Shanghai', new Date('2026-01-01T00:00:00Z'))).toBe('2025-12');
  });

  it('ends a month at midnight district time, not UTC', () => {
    // Assess: midnight of 1 November in Shanghai is 16:00 UTC on 31 October.
    expect(monthHasEnded('2026-10', 'Asia/Shanghai', new Date('2026-10-31T15:59:59Z'))).toBe(false);
    expect(monthHasEnded('2026-10', 'Asia/Shanghai', new Date('2026-10-31T16:00:00Z'))).toBe(true);
    expect(monthHasEnded('2026-11', 'Asia/Shanghai', new Date('2026-10-31T16:00:00Z'))).toBe(false);
  });
});

describe('dispatchMonthlyReports', () => {
  it('puts one ReportRequested (send once, by the schedule) per district due, each for its own last month', async () => {
    // Prepare
    const put: ReportRequestedDetail[] = [];
    const districts = [
      district('hy', 'Asia/Shanghai'),
      district('sz', 'Asia/Shanghai'),
      district('la', 'America/Los_Angeles'),
    ];
    // Act
    const outcome = await dispatchMonthlyReports(new Date('2026-01-01T00:00:00Z'), {
      busName: 'houqin-test',
      listDistricts: async () => districts,
      putEvents: async (entries) => {
        put.push(...entries.map((entry) => JSON.parse(entry.Detail!) as ReportRequestedDetail));
        expect(
          entries.every(
            (entry) =>
              entry.Source === 'houqin' &&
              entry.DetailType === 'ReportRequested' &&
              entry.EventBusName === 'houqin-test',
          ),
        ).toBe(true);
        return entries.map((_, i) => ({ EventId: `e-${i}` }));
      },
    });
    // Assess
    const expected = ['hy', 'sz'].map((districtId) => ({
      districtId,
      month: '2025-12',
      send: 'once',
      requestedBy: 'schedule',
    }));
    expect(outcome.requested).toEqual(expected);
    expect(put).toEqual(expected);
  });

  it('counts a report still missing on the 1st at 10:00 district time as late, and not at 09:00', async () => {
    // Prepare: no report stored for the district (its 08:00 run failed past its retries).
    const options = {
      busName: 'houqin-test',
      listDistricts: async () => [district('hy', 'Asia/Shanghai')],
      putEvents: async (entries: unknown[]) => entries.map((_, i) => ({ EventId: `e-${i}` })),
      storedReport: async () => undefined,
    };
    // Act
    const atNine = await dispatchMonthlyReports(new Date('2026-01-01T01:00:00Z'), options);
    const atTen = await dispatchMonthlyReports(new Date('2026-01-01T02:00:00Z'), options);
    const mailedAtTen = await dispatchMonthlyReports(new Date('2026-01-01T02:00:00Z'), {
      ...options,
      storedReport: async () => ({ deliveries: 1 }),
    });
    // Assess
    const request = { districtId: 'hy', month: '2025-12', send: 'once', requestedBy: 'schedule' };
    expect(atNine).toMatchObject({ requested: [request], late: [] });
    expect(atTen).toMatchObject({ requested: [request], late: [request] });
    expect(mailedAtTen).toMatchObject({ requested: [], late: [] });
  });

  it('fails the run when the bus refuses an event, so the schedule retries it', async () => {
    // Act
    const run = dispatchMonthlyReports(new Date('2026-01-01T00:00:00Z'), {
      busName: 'houqin-test',
      listDistricts: async () => [district('hy', 'Asia/Shanghai')],
      putEvents: async (entries) =>
        entries.map(() => ({ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' })),
    });
    // Assess
    await expect(run).rejects.toThrow('1 ReportRequested events were refused: hy 2025-12 (ThrottlingException)');
  });

  it('puts nothing in an hour where no district is due', async () => {
    // Prepare
    const putEvents = jest.fn();
    // Act
    const outcome = await dispatchMonthlyReports(new Date('2026-01-15T00:00:00Z'), {
      busName: 'houqin-test',
      listDistricts: async () => [district('hy', 'Asia/Shanghai')],
      putEvents,
    });
    // Assess
    expect(outcome.requested).toEqual([]);
    expect(putEvents).not.toHaveBeenCalled();
  });
});
