import type { District } from '../../directory/districts';
import { listDistricts, localHour } from '../../hazards/sweep';
import { localDate } from '../../time';
import { previousMonthIn } from './month';
import { putReportRequests, type ReportRequestedDetail } from './requests';
import type { PutEvents } from '../../events/publish';
import { getStoredReport } from './store';

/*
 * The monthly dispatcher (DOMAIN.md: produced on the 1st of each month, 08:00 district time, for
 * the month before). One schedule runs every hour on the hour in UTC — districts keep their own
 * timezones, and a schedule per timezone would have to follow the data — and each run picks the
 * districts where it is then the 1st at 08:00 (08:30 where the zone is half an hour off). For
 * each it puts one ReportRequested on the bus: the rollups fan out, one small run per district.
 *
 * Later runs of the same 1st catch up: a district whose report of last month is missing (the
 * 08:00 run failed past its retries), or was produced but never mailed although the district has
 * officials, is asked for again. Producing is idempotent and the mail goes once, so asking twice
 * costs a little work and nothing else.
 */

/** The district-local hour at which the month's report is produced. */
export const REPORT_LOCAL_HOUR = 8;

/**
 * From this district-local hour of the 1st, a report of last month still missing (or never mailed)
 * is late: the dispatcher counts it (`late`, the MonthlyReportsLate metric and its alarm, issue 22).
 */
export const REPORT_LATE_LOCAL_HOUR = 10;

/** The districts an hourly run scheduled for `at` considers. */
export interface DueDistricts<D> {
  /** The 1st, 08:00 local: report last month and mail it. */
  due: D[];
  /** Later on the 1st: report last month if that has not happened yet. */
  catchUp: D[];
}

/** Splits districts by what an hourly run at `at` does for them (pure). */
export function districtsDueForReports<D extends { timezone: string }>(
  districts: readonly D[],
  at: Date,
  hour = REPORT_LOCAL_HOUR,
): DueDistricts<D> {
  const due: D[] = [];
  const catchUp: D[] = [];
  for (const district of districts) {
    if (!localDate(district.timezone, at).endsWith('-01')) continue;
    const localHourNow = localHour(district.timezone, at);
    if (localHourNow === hour) due.push(district);
    else if (localHourNow > hour) catchUp.push(district);
  }
  return { due, catchUp };
}

export interface DispatchOptions {
  busName: string;
  putEvents?: PutEvents;
  /** The registered districts. @default every district in the table */
  listDistricts?: () => Promise<Pick<District, 'districtId' | 'timezone' | 'officialEmails'>[]>;
  /** The stored report of a district's month. @default getStoredReport (the table) */
  storedReport?: (districtId: string, month: string) => Promise<{ deliveries: number } | undefined>;
}

/** What a dispatcher run asked for. */
export interface DispatchOutcome {
  scheduledTime: string;
  requested: ReportRequestedDetail[];
  /** The requests of the catch-up made at or after REPORT_LATE_LOCAL_HOUR: reports that were not produced or mailed in time. */
  late: ReportRequestedDetail[];
}

/**
 * The hourly run scheduled for `at`: one ReportRequested (send once) per district due now, and
 * per district of the catch-up whose report of last month is missing or was never mailed.
 */
export async function dispatchMonthlyReports(at: Date, options: DispatchOptions): Promise<DispatchOutcome> {
  const districts = await (options.listDistricts ?? listDistricts)();
  const { due, catchUp } = districtsDueForReports(districts, at);
  const lagging = await Promise.all(
    catchUp.map(async (district) => {
      const stored = await (options.storedReport ?? getStoredReport)(
        district.districtId,
        previousMonthIn(district.timezone, at),
      );
      return !stored || (stored.deliveries === 0 && district.officialEmails.length > 0) ? [district] : [];
    }),
  );
  const requested = [...due, ...lagging.flat()].map((district): ReportRequestedDetail => ({
    districtId: district.districtId,
    month: previousMonthIn(district.timezone, at),
    send: 'once',
    requestedBy: 'schedule',
  }));
  if (requested.length > 0) await putReportRequests(requested, options);
  const lateIds = new Set(
    lagging
      .flat()
      .filter((district) => localHour(district.timezone, at) >= REPORT_LATE_LOCAL_HOUR)
      .map((district) => district.districtId),
  );
  return {
    scheduledTime: at.toISOString(),
    requested,
    late: requested.filter((request) => lateIds.has(request.districtId)),
  };
}
