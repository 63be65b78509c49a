import { createHash } from 'node:crypto';
import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { $append } from 'dynamodb-toolbox/entity/actions/update';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute as executeTransaction } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { DistrictEntity, HazardEntity } from '../db/entities';
import { districtHazardsPartition, DISTRICTS_PARTITION } from '../db/keys';
import { HouqinTable } from '../db/table';
import type { District } from '../directory/districts';
import { querySchools } from '../directory/schools';
import { retryOnConflict } from '../db/retry';
import { cancellationCodes, chunk } from '../db/writes';
import { deliverOnce, recordPendingAlert, unsentAlerts, type AlertRecord } from '../email/alert-log';
import { overdueDigestMessage, type OverdueHazardLine } from '../email/overdue-digest';
import { deliverMail, mailOfficials, type SendMail } from '../email/send';
import { logger } from '../logger';

/*
 * The overdue sweep (DOMAIN.md § Hazards: past its due date and not rectified it is overdue).
 * Once a day per district, at 09:00 district time: every open hazard whose due date has passed
 * and that the sweep has not marked yet is marked (`overdueAt`, and an `overdue` history entry),
 * in transactions of MARK_BATCH_SIZE conditional updates, so a second run marks nothing twice;
 * and the district's officials get ONE digest of the hazards marked, through the mail outbox
 * (alert-log.ts). The digest is recorded in the outbox before anything is marked: a run that dies
 * half-way leaves it unsent, and the retry marks the rest and sends that same digest, so no
 * hazard marked is left out of a mail and none is mailed twice.
 *
 * A schedule runs every hour in UTC; its dispatcher (sweep-dispatch.ts) puts one command per
 * district where it is 09:00 at the time the run was scheduled for (the pure
 * `districtsDueForSweep`), and each district is swept by its own invocation. The admin CLI
 * sweeps one district for a given date (`hazards sweep`).
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
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(DistrictEntity)
    .query({ index: 'gsi1', partition: DISTRICTS_PARTITION })
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

/** A district's open hazards due before `today` (gsi2, sorted by due date). */
async function openHazardsDueBefore(districtId: string, today: string): Promise<StoredHazard[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(HazardEntity)
    .query({ index: 'gsi2', partition: districtHazardsPartition(districtId, 'open'), range: { lt: today } })
    .options({ maxPages: Infinity })
    .send();
  return Items;
}

/** How many hazards one transaction marks (DynamoDB takes up to 100; smaller ones collide less with a school's own writes). */
export const MARK_BATCH_SIZE = 25;

/** How often a batch is tried again after a transaction conflict (a concurrent write to one of its hazards). */
const MAX_CONFLICT_RETRIES = 5;

/** The cancellation codes a batch survives: the item was fine, was marked or closed by someone else, or collided. */
const EXPECTED_CANCELLATIONS = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);

/** The transaction item marking one hazard overdue, unless it is no longer open or already marked (the condition). */
function markTransaction(hazard: StoredHazard, at: string) {
  return HazardEntity.build(UpdateTransaction)
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
    });
}

/** A batch of which no hazard was ruled out: it collided with a concurrent write, and is tried again. */
class BatchConflict extends Error {
  constructor(readonly transactionError: unknown) {
    super('A transaction conflict marking hazards overdue');
    this.name = 'BatchConflict';
  }
}

/**
 * Marks one batch in one transaction; returns the hazards this call marked. A hazard whose
 * condition fails (rectified meanwhile, or marked by a concurrent run) is left out and the rest
 * written again; a conflict with a concurrent write is retried with back-off. Anything else
 * throws (the invocation fails and is retried: what was marked stays marked, once).
 */
async function markBatch(batch: readonly StoredHazard[], at: string): Promise<StoredHazard[]> {
  let pending = [...batch];
  return retryOnConflict(
    async () => {
      while (pending.length > 0) {
        try {
          const [first, ...rest] = pending.map((hazard) => markTransaction(hazard, at));
          await executeTransaction(first!, ...rest);
          return pending;
        } catch (error) {
          const codes = cancellationCodes(error);
          if (!codes || codes.length !== pending.length || codes.some((code) => !EXPECTED_CANCELLATIONS.has(code)))
            throw error;
          const stillToMark = pending.filter((_, index) => codes[index] !== 'ConditionalCheckFailed');
          // Nothing was ruled out: a conflict. Wait and try the same batch again, a few times.
          if (stillToMark.length === pending.length) throw new BatchConflict(error);
          pending = stillToMark;
        }
      }
      return [];
    },
    {
      attempts: MAX_CONFLICT_RETRIES + 1,
      isConflict: (error) => error instanceof BatchConflict,
      exhausted: (error) => (error as BatchConflict).transactionError as Error,
    },
  );
}

/** Marks the hazards overdue in batches of MARK_BATCH_SIZE, in order; returns those this call marked. */
export async function markOverdueInBatches(hazards: readonly StoredHazard[], now: Date): Promise<StoredHazard[]> {
  const at = now.toISOString();
  const marked: StoredHazard[] = [];
  for (const batch of chunk(hazards, MARK_BATCH_SIZE)) marked.push(...(await markBatch(batch, at)));
  return marked;
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

/**
 * The hazards a digest lists, read again (a digest sent by a retry may be a day old). A hazard the
 * digest was recorded for but no run marked (rectified before the sweep reached it) is left out.
 */
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
        .options({ consistent: true })
        .send();
      return Item?.overdueAt ? sweptHazard(Item) : undefined;
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
  const sendMail = options.sendMail ?? deliverMail;
  const outcome = await deliverOnce(
    { districtId: district.districtId, alertId: pending.alertId, kind: 'overdue-digest', hazardIds: pending.hazardIds },
    async () => {
      const hazards = await digestLines(district, pending.hazardIds, known);
      // Every hazard it was recorded for was closed before the sweep could mark it: nothing to tell.
      if (hazards.length === 0) return { recipients: [], messageIds: [] };
      const content = overdueDigestMessage({ districtName: district.name, date, hazards }, district.locale);
      return mailOfficials(
        sendMail,
        senderAddress,
        district,
        `overdue-digest ${district.districtId}/${pending.alertId}`,
        content,
      );
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

  if (hasOfficials) {
    // The digest is recorded before anything is marked: if this run dies half-way, the retry finds
    // it unsent, marks the rest and sends it. Hazards a digest not yet sent already names (an
    // earlier run that died) are not put in a second one.
    const named = new Set((await unsentAlerts(district.districtId, 'overdue-digest')).flatMap((a) => a.hazardIds));
    const newIds = toMark.map((hazard) => hazard.hazardId).filter((hazardId) => !named.has(hazardId));
    if (newIds.length > 0)
      await recordPendingAlert(district.districtId, digestAlertId(date, newIds), 'overdue-digest', newIds, now);
  }
  result.marked = (await markOverdueInBatches(toMark, now)).map(sweptHazard);
  const markedIds = result.marked.map((hazard) => hazard.hazardId);
  if (!hasOfficials) {
    if (markedIds.length > 0) {
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
    return result;
  }
  const known = new Map(result.marked.map((hazard) => [hazard.hazardId, hazard]));
  for (const pending of await unsentAlerts(district.districtId, 'overdue-digest')) {
    result.digests.push(await sendDigest(district, pending, known, options));
  }
  return result;
}
