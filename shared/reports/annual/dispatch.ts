import type { District } from '../../directory/districts';
import type { PutEvents } from '../../events/publish';
import { listDistricts, localHour } from '../../hazards/sweep';
import { REPORT_LOCAL_HOUR } from '../pipeline/dispatch';
import { getStoredReport } from '../pipeline/store';
import { periodDueOn } from './period';
import { putAnnualReportRequests, type AnnualReportRequest } from './requests';

/*
 * The year-end dispatcher, the monthly one's twin (pipeline/dispatch.ts): one schedule every hour
 * on the hour in UTC; each run picks the districts where it is then 5 January (the calendar year
 * just ended) or 5 September (the school year that ended in August) at 08:00 district time, and
 * puts one AnnualReportRequested (send once) per district on the bus. Later runs of the same day
 * catch up a district whose summary is missing, or was never mailed although it has officials.
 */

export interface AnnualDispatchOptions {
  busName: string;
  putEvents?: PutEvents;
  /** The registered districts. @default every district in the table */
  listDistricts?: () => Promise<Pick<District, 'districtId' | 'timezone' | 'officialEmails'>[]>;
}

/** What an hourly run asked for. */
export interface AnnualDispatchOutcome {
  scheduledTime: string;
  requested: AnnualReportRequest[];
}

/** Splits districts by what an hourly run at `at` does for them (pure): due now, or later that day (catch up). */
export function districtsDueForAnnualReports<D extends { timezone: string }>(
  districts: readonly D[],
  at: Date,
  hour = REPORT_LOCAL_HOUR,
): { due: { district: D; period: string }[]; catchUp: { district: D; period: string }[] } {
  const due: { district: D; period: string }[] = [];
  const catchUp: { district: D; period: string }[] = [];
  for (const district of districts) {
    const period = periodDueOn(district.timezone, at);
    if (!period) continue;
    const hourNow = localHour(district.timezone, at);
    if (hourNow === hour) due.push({ district, period: period.id });
    else if (hourNow > hour) catchUp.push({ district, period: period.id });
  }
  return { due, catchUp };
}

/** The hourly run scheduled for `at`: one AnnualReportRequested (send once) per district due, and per lagging district of the catch-up. */
export async function dispatchAnnualReports(at: Date, options: AnnualDispatchOptions): Promise<AnnualDispatchOutcome> {
  const districts = await (options.listDistricts ?? listDistricts)();
  const { due, catchUp } = districtsDueForAnnualReports(districts, at);
  const lagging = await Promise.all(
    catchUp.map(async (entry) => {
      const stored = await getStoredReport(entry.district.districtId, entry.period);
      return !stored || (stored.deliveries === 0 && entry.district.officialEmails.length > 0) ? [entry] : [];
    }),
  );
  const requested = [...due, ...lagging.flat()].map((entry): AnnualReportRequest => ({
    districtId: entry.district.districtId,
    period: entry.period,
    send: 'once',
    requestedBy: 'schedule',
  }));
  if (requested.length > 0) await putAnnualReportRequests(requested, options);
  return { scheduledTime: at.toISOString(), requested };
}
