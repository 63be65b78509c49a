import { createHash } from 'node:crypto';
import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { EntityParser } from 'dynamodb-toolbox/entity/actions/parse';
import { $append, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { DistrictEntity, HazardEntity } from '../db/entities';
import { HouqinTable } from '../db/table';
import type { District } from '../directory/districts';
import { querySchools } from '../directory/schools';
import { writtenUnlessConditionFails } from '../db/writes';
import { deliverOnce, recordPendingAlert, unsentAlerts, type AlertRecord } from '../email/alert-log';
import { overdueDigestMessage, type OverdueHazardLine } from '../email/overdue-digest';
import { sendMailWithSes, type SendMail } from '../email/send';
import { logger } from '../logger';
import { localDate } from '../time';

/*
 * The overdue sweep (DOMAIN.md § Hazards: past its due date and not rectified it is overdue).
 * Once a day per district, at 09:00 district time: every open hazard whose due date has passed
 * and that the sweep has not marked yet is marked (`overdueAt`, and an `overdue` history entry),
 * each with a conditional write, so a second run marks nothing twice; then the district's
 * officials get ONE digest of the hazards marked, through the mail outbox (alert-log.ts), so a
 * second run sends nothing and a failed send is retried by the next run instead of being lost.
 *
 * A schedule runs every hour in UTC and sweeps the districts where it is 09:00 at the time the
 * run was scheduled for (the pure `districtsDueForSweep`); the admin CLI sweeps one district for
 * a given date (`hazards sweep`).
 */

/** The district-local hour at which a district is swept. */
export const SWEEP_LOCAL_HOUR = 9;

/** Who the sweep writes into a hazard's history. */
export const SWEEP_ACTOR = 'system';

type StoredHazard = FormattedItem<typeof HazardEntity>;

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The hour (0–23) on the clocks of `timezone` at the instant `at`. */
export function localHour(timezone: string, at: Date): number {
  let formatter = hourFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: 'numeric', hourCycle: 'h23' });
    hourFormatters.set(timezone, formatter);
  }
  return Number(formatter.format(at));
}

/**
 * The districts an hourly run scheduled for `at` sweeps: those where it is then `hour` o'clock.
 * Each district is therefore swept once a day (at 09:30 where the zone is half an hour off UTC).
 */
export function districtsDueForSweep<D extends { timezone: string }>(
  districts: readonly D[],
  at: Date,
  hour = SWEEP_LOCAL_HOUR,
): D[] {
  return districts.filter((district) => localHour(district.timezone, at) === hour);
}

/** Open hazards past their due date (`dueDate` < `today`) that the sweep has not marked yet. */
export function hazardsToMark<H extends { status: string; dueDate: string; overdueAt?: string }>(
  hazards: readonly H[],
  today: string,
): H[] {
  return hazards.filter((hazard) => hazard.status === 'open' && hazard.dueDate < today && !hazard.overdueAt);
}

/** The outbox id of the digest of `hazardIds` on `date`: the same hazards on the same day are one digest. */
export function digestAlertId(date: string, hazardIds: readonly string[]): string {
  const digest = createHash('sha256')
    .update([...hazardIds].sort().join('\n'))
    .digest('hex')
    .slice(0, 12);
  return `overdue#${date}#${digest}`;
}

/** The sweep date a digest's outbox id names. */
function digestDate(alertId: string): string {
  return alertId.split('#')[1] ?? '';
}

/** Every registered district (gsi1 `DISTRICTS`). */
export async function listDistricts(): Promise<District[]> {
  const { item } = DistrictEntity.build(EntityParser).parse({
    districtId: '-',
    name: '-',
    timezone: 'UTC',
    locale: 'zh-CN',
    officialEmails: [],
  });
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(DistrictEntity)
    .query({ index: 'gsi1', partition: String(item.gsi1pk) })
    .options({ maxPages: Infinity })
    .send();
  return Items.map(({ districtId, name, timezone, locale, officialEmails, createdAt }) => ({
    districtId,
    name,
    timezone,
    locale,
    officialEmails,
    createdAt,
  }));
}

/** The gsi2 partition of a district's open hazards (derived from the entity, not re-typed). */
function openHazardsPartition(districtId: string): string {
  const { item } = HazardEntity.build(EntityParser).parse({
    districtId,
    hazardId: '-',
    schoolId: '-',
    submissionId: '-',
    formType: '-',
    ruleId: '-',
    severity: 'low',
    category: '-',
    title: { zh: '-', en: '-' },
    status: 'open',
    foundOn: '-',
    dueDate: '-',
    raisedAt: '-',
    history: [],
  });
  return String(item.gsi2pk);
}

/** A district's open hazards due before `today` (gsi2, sorted by due date). */
async function openHazardsDueBefore(districtId: string, today: string): Promise<StoredHazard[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(HazardEntity)
    .query({ index: 'gsi2', partition: openHazardsPartition(districtId), range: { lt: today } })
    .options({ maxPages: Infinity })
    .send();
  return Items;
}

/**
 * Marks one hazard overdue, unless it is no longer open or already marked (the condition): true
 * when this call marked it. The index keys are not touched: status and due date stay as they are.
 */
async function markOverdue(hazard: StoredHazard, now: Date): Promise<boolean> {
  const at = now.toISOString();
  return writtenUnlessConditionFails(
    HazardEntity.build(UpdateItemCommand)
      .item({
        districtId: hazard.districtId,
        hazardId: hazard.hazardId,
        overdueAt: at,
        history: $append([{ action: 'overdue', status: 'open', at, by: SWEEP_ACTOR }]),
      })
      .options({
        condition: {
          and: [
            { attr: 'status', eq: 'open' },
            { attr: 'overdueAt', exists: false },
          ],
        },
      })
      .send(),
  );
}

/** A hazard as the sweep reports it. */
export interface SweptHazard {
  hazardId: string;
  schoolId: string;
  severity: StoredHazard['severity'];
  title: { zh: string; en: string };
  place?: string;
  dueDate: string;
}

function sweptHazard(hazard: StoredHazard): SweptHazard {
  return {
    hazardId: hazard.hazardId,
    schoolId: hazard.schoolId,
    severity: hazard.severity,
    title: { zh: hazard.title.zh, en: hazard.title.en },
    ...(hazard.place ? { place: hazard.place } : {}),
    dueDate: hazard.dueDate,
  };
}

/** What happened to one digest in a sweep. */
export interface DigestOutcome {
  alertId: string;
  date: string;
  hazardIds: string[];
  /** `would-send`: a preview; `no-recipients`: the district has no officials' addresses. */
  status: 'sent' | 'already-sent' | 'would-send' | 'no-recipients';
  recipients?: string[];
}

/** One district's sweep. */
export interface DistrictSweep {
  districtId: string;
  districtName: string;
  date: string;
  /** Hazards this run marked overdue (in a preview: those it would mark). */
  marked: SweptHazard[];
  /** Open hazards past due that an earlier run marked already. */
  alreadyMarked: number;
  digests: DigestOutcome[];
  /** False for a preview: nothing was written and nothing sent. */
  applied: boolean;
}

export interface SweepOptions {
  /** Write and send; false previews the run (what would be marked and mailed), touching nothing. */
  apply: boolean;
  /** The verified SES identity (SENDER_ADDRESS); needed when `apply`. */
  senderAddress?: string;
  sendMail?: SendMail;
  now?: () => Date;
  /** How long one send attempt may hold a digest (longer than the function's timeout). @default 10 minutes */
  leaseMs?: number;
}

/** The hazards a digest lists, read again (a digest sent by a retry may be a day old). */
async function digestLines(
  district: District,
  hazardIds: readonly string[],
  known: ReadonlyMap<string, SweptHazard>,
): Promise<OverdueHazardLine[]> {
  const schools = new Map((await querySchools(district.districtId)).map((school) => [school.schoolId, school.name]));
  const hazards = await Promise.all(
    hazardIds.map(async (hazardId) => {
      const cached = known.get(hazardId);
      if (cached) return cached;
      const { Item } = await HazardEntity.build(GetItemCommand)
        .key({ districtId: district.districtId, hazardId })
        .send();
      return Item ? sweptHazard(Item) : undefined;
    }),
  );
  return hazards
    .filter((hazard): hazard is SweptHazard => hazard !== undefined)
    .map((hazard) => ({ ...hazard, schoolName: schools.get(hazard.schoolId) ?? hazard.schoolId }));
}

async function sendDigest(
  district: District,
  pending: AlertRecord,
  known: ReadonlyMap<string, SweptHazard>,
  options: SweepOptions,
): Promise<DigestOutcome> {
  const date = digestDate(pending.alertId);
  const base = { alertId: pending.alertId, date, hazardIds: pending.hazardIds };
  if (!options.senderAddress) throw new Error('Sending the overdue digest needs the sender address (SENDER_ADDRESS)');
  const senderAddress = options.senderAddress;
  const sendMail = options.sendMail ?? sendMailWithSes;
  const outcome = await deliverOnce(
    { districtId: district.districtId, alertId: pending.alertId, kind: 'overdue-digest', hazardIds: pending.hazardIds },
    async () => {
      const hazards = await digestLines(district, pending.hazardIds, known);
      const content = overdueDigestMessage({ districtName: district.name, date, hazards }, district.locale);
      const recipients = [...district.officialEmails];
      const messageIds = await sendMail({
        from: senderAddress,
        to: recipients,
        language: district.locale,
        headers: { 'X-Houqin-Alert': `overdue-digest ${district.districtId}/${pending.alertId}` },
        ...content,
      });
      return { recipients, messageIds };
    },
    { leaseMs: options.leaseMs ?? 600_000, ...(options.now ? { now: options.now } : {}) },
  );
  return {
    ...base,
    status: outcome.status,
    ...(outcome.record.recipients ? { recipients: outcome.record.recipients } : {}),
  };
}

/**
 * Sweeps one district for the district-local date `date`: marks its newly overdue hazards and
 * e-mails its officials one digest of them (none marked, no mail). A digest a failed earlier run
 * left unsent is sent too. With `apply: false` it only reports what it would do.
 */
export async function sweepDistrict(district: District, date: string, options: SweepOptions): Promise<DistrictSweep> {
  const now = (options.now ?? (() => new Date()))();
  const overdue = await openHazardsDueBefore(district.districtId, date);
  const toMark = hazardsToMark(overdue, date);
  const result: DistrictSweep = {
    districtId: district.districtId,
    districtName: district.name,
    date,
    marked: [],
    alreadyMarked: overdue.length - toMark.length,
    digests: [],
    applied: options.apply,
  };
  const hasOfficials = district.officialEmails.length > 0;

  if (!options.apply) {
    result.marked = toMark.map(sweptHazard);
    const ids = result.marked.map((hazard) => hazard.hazardId);
    const earlier = await unsentAlerts(district.districtId, 'overdue-digest');
    result.digests = [
      ...earlier.map((pending) => ({
        alertId: pending.alertId,
        date: digestDate(pending.alertId),
        hazardIds: pending.hazardIds,
        status: 'would-send' as const,
      })),
      ...(ids.length > 0
        ? [
            {
              alertId: digestAlertId(date, ids),
              date,
              hazardIds: ids,
              status: hasOfficials ? ('would-send' as const) : ('no-recipients' as const),
            },
          ]
        : []),
    ];
    return result;
  }

  for (const hazard of toMark) {
    if (await markOverdue(hazard, now)) result.marked.push(sweptHazard(hazard));
  }
  const markedIds = result.marked.map((hazard) => hazard.hazardId);
  if (markedIds.length > 0) {
    if (hasOfficials) {
      // Recorded before anything is sent: if this run dies now, the next run finds it unsent.
      await recordPendingAlert(district.districtId, digestAlertId(date, markedIds), 'overdue-digest', markedIds, now);
    } else {
      logger.warn('Hazards became overdue in a district without officials to tell', {
        districtId: district.districtId,
        hazards: markedIds.length,
      });
      result.digests.push({
        alertId: digestAlertId(date, markedIds),
        date,
        hazardIds: markedIds,
        status: 'no-recipients',
      });
    }
  }
  if (!hasOfficials) return result;
  const known = new Map(result.marked.map((hazard) => [hazard.hazardId, hazard]));
  for (const pending of await unsentAlerts(district.districtId, 'overdue-digest')) {
    result.digests.push(await sendDigest(district, pending, known, options));
  }
  return result;
}

/** One district's failure in a scheduled run. */
export class SweepFailedError extends Error {
  constructor(readonly failures: { districtId: string; error: unknown }[]) {
    super(
      `The overdue sweep failed for ${failures.map((f) => f.districtId).join(', ')}: ${failures.map((f) => (f.error instanceof Error ? f.error.message : String(f.error))).join('; ')}`,
    );
    this.name = 'SweepFailedError';
  }
}

/**
 * The hourly run scheduled for `at`: sweeps every district where it is then 09:00, each for its
 * own local date. A district that fails does not stop the others; the run then fails as a whole,
 * so it is retried (a retry re-sweeps the same districts: marking and mail are idempotent).
 */
export async function sweepScheduledRun(at: Date, options: SweepOptions): Promise<DistrictSweep[]> {
  const due = districtsDueForSweep(await listDistricts(), at);
  const results: DistrictSweep[] = [];
  const failures: { districtId: string; error: unknown }[] = [];
  for (const district of due) {
    try {
      results.push(await sweepDistrict(district, localDate(district.timezone, at), options));
    } catch (error) {
      logger.error('Overdue sweep of a district failed', { districtId: district.districtId, error });
      failures.push({ districtId: district.districtId, error });
    }
  }
  if (failures.length > 0) throw new SweepFailedError(failures);
  return results;
}
