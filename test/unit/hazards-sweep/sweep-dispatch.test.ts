import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { overdueSweepRequestedSchema } from '../../../shared/events/commands';
import { dispatchOverdueSweeps, SweepRequestsNotPutError } from '../../../shared/hazards/sweep-dispatch';

const districts = [
  { districtId: 'huaying', timezone: 'Asia/Shanghai' },
  { districtId: 'urumqi', timezone: 'Asia/Urumqi' },
  { districtId: 'lima', timezone: 'America/Lima' },
];

/** A bus that records what it is given and accepts it (or refuses the ids in `refuse`). */
function fakeBus(refuse: readonly string[] = []) {
  const calls: PutEventsRequestEntry[][] = [];
  const putEvents = async (entries: PutEventsRequestEntry[]) => {
    calls.push(entries);
    return entries.map((entry) =>
      refuse.includes((JSON.parse(entry.Detail!) as { districtId: string }).districtId)
        ? { ErrorCode: 'InternalFailure', ErrorMessage: 'refused' }
        : { EventId: `ev-${(JSON.parse(entry.Detail!) as { districtId: string }).districtId}` },
    );
  };
  return { calls, putEvents };
}

/** The dispatcher run at `at` (ISO), putting on `bus` for `list`'s districts. */
function dispatchAt(at: string, bus: ReturnType<typeof fakeBus>, list = districts) {
  return dispatchOverdueSweeps(new Date(at), {
    busName: 'houqin',
    putEvents: bus.putEvents,
    listDistricts: async () => list,
  });
}

describe('the overdue sweep dispatcher', () => {
  it('puts one OverdueSweepRequested per district where it is 09:00, for its local date', async () => {
    // Prepare: 01:00 UTC is 09:00 in Shanghai (11 May) and 20:00 the day before in Lima.
    const bus = fakeBus();
    // Act
    const outcome = await dispatchAt('2026-05-11T01:00:00Z', bus);
    // Assess
    expect(outcome.requested).toEqual([{ districtId: 'huaying', date: '2026-05-11', requestedBy: 'schedule' }]);
    expect(bus.calls).toEqual([
      [
        {
          EventBusName: 'houqin',
          Source: 'houqin',
          DetailType: 'OverdueSweepRequested',
          Detail: JSON.stringify({ districtId: 'huaying', date: '2026-05-11', requestedBy: 'schedule' }),
        },
      ],
    ]);
  });

  it('asks for the local date of the scheduled time: Lima at 14:00 UTC', async () => {
    // Prepare
    const bus = fakeBus();
    // Act
    const outcome = await dispatchAt('2026-05-11T14:00:00Z', bus);
    // Assess
    expect(outcome.requested).toEqual([{ districtId: 'lima', date: '2026-05-11', requestedBy: 'schedule' }]);
  });

  it('fans a province out in calls of at most 10 events, one event per district', async () => {
    // Prepare
    const province = Array.from({ length: 100 }, (_, i) => ({ districtId: `d${i}`, timezone: 'Asia/Shanghai' }));
    const bus = fakeBus();
    // Act
    const outcome = await dispatchAt('2026-05-11T01:00:00Z', bus, province);
    // Assess
    expect(outcome.requested).toHaveLength(100);
    expect(bus.calls).toHaveLength(10);
    expect(bus.calls.every((call) => call.length === 10)).toBe(true);
    expect(new Set(bus.calls.flat().map((entry) => entry.Detail)).size).toBe(100);
  });

  it('puts nothing when no district is at 09:00', async () => {
    // Prepare
    const bus = fakeBus();
    // Act
    const outcome = await dispatchAt('2026-05-11T05:00:00Z', bus);
    // Assess
    expect(outcome.requested).toEqual([]);
    expect(bus.calls).toEqual([]);
  });

  it('fails the run when the bus refuses a district, naming it (the run is retried)', async () => {
    // Prepare
    const bus = fakeBus(['huaying']);
    // Act
    const run = dispatchAt('2026-05-11T01:00:00Z', bus);
    // Assess
    await expect(run).rejects.toBeInstanceOf(SweepRequestsNotPutError);
    await expect(run).rejects.toThrow('huaying 2026-05-11 (InternalFailure)');
  });

  it('refuses a command without a calendar date', () => {
    // Act / Assess
    expect(
      overdueSweepRequestedSchema.safeParse({ districtId: 'huaying', date: '2026-02-30', requestedBy: 'schedule' })
        .success,
    ).toBe(false);
    expect(
      overdueSweepRequestedSchema.safeParse({ districtId: 'huaying', date: '2026-02-28', requestedBy: 'schedule' })
        .success,
    ).toBe(true);
  });
});
