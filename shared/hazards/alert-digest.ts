import { createHash } from 'node:crypto';
import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { HazardEntity } from '../db/entities';
import { getDistrict } from '../directory/districts';
import { querySchools } from '../directory/schools';
import { deliverOnce } from '../email/alert-log';
import { alertDigestMessage, type DigestHazardLine } from '../email/alert-digest';
import { deliverMail, mailOfficials, type SendMail } from '../email/send';
import { logger } from '../logger';
import { alertWindowOf, heldAlertsAwaitingDigest, mailedInWindow, markDigested, type HeldAlert } from './alert-budget';

/*
 * The digest of held alerts (issue 19 point 1): when an hour ends, each district whose alerts were
 * held past the hour's budget (alert-budget.ts) gets ONE mail naming every held hazard in full and
 * the same hour's alerts of those schools that went out one by one. The hourly schedule
 * (send-alert-digests) runs it; the mail goes through the outbox (alert-log.ts), so a retried run
 * sends nothing twice, and a held alert leaves the list only once its digest is sent: a failed
 * send is retried by the next run, and nothing held is ever dropped.
 */

/** The outbox id of a digest: the same held alerts are one digest, whichever run sends it. */
export function alertDigestId(windowStart: string, hazardIds: readonly string[]): string {
  const digest = createHash('sha256')
    .update([...hazardIds].sort().join('\n'))
    .digest('hex')
    .slice(0, 12);
  return `alert-digest#${windowStart}#${digest}`;
}

/** One district's digest in a run. */
export interface AlertDigestOutcome {
  districtId: string;
  alertId: string;
  /** The hours the digest covers (UTC starts). */
  windows: string[];
  /** Held alerts it carries. */
  held: string[];
  /** Alerts of the same hours and schools it names as already mailed. */
  mailed: string[];
  status: 'sent' | 'already-sent' | 'no-recipients' | 'district-missing';
}

export interface AlertDigestOptions {
  /** The verified sender (SENDER_ADDRESS). */
  senderAddress: string;
  sendMail?: SendMail;
  now?: () => Date;
  /** How long one send may hold a digest (longer than the function's timeout). @default 10 minutes */
  leaseMs?: number;
}

type StoredHazard = FormattedItem<typeof HazardEntity>;

/** The hazards of a district by id (those that exist), ten reads at a time. */
async function readHazards(districtId: string, hazardIds: readonly string[]): Promise<StoredHazard[]> {
  const found: StoredHazard[] = [];
  for (let start = 0; start < hazardIds.length; start += 10) {
    const items = await Promise.all(
      hazardIds.slice(start, start + 10).map(async (hazardId) => {
        const { Item } = await HazardEntity.build(GetItemCommand).key({ districtId, hazardId }).send();
        return Item;
      }),
    );
    found.push(...items.filter((item): item is StoredHazard => item !== undefined));
  }
  return found;
}

function line(hazard: StoredHazard, schools: ReadonlyMap<string, string>): DigestHazardLine {
  return {
    hazardId: hazard.hazardId,
    schoolName: schools.get(hazard.schoolId) ?? hazard.schoolId,
    severity: hazard.severity,
    title: { zh: hazard.title.zh, en: hazard.title.en },
    ...(hazard.place ? { place: hazard.place } : {}),
    ...(hazard.description ? { description: hazard.description } : {}),
    foundOn: hazard.foundOn,
    dueDate: hazard.dueDate,
  };
}

/** Sends one district's digest of `held` (all of one district), then marks them carried. */
async function digestDistrict(
  districtId: string,
  held: readonly HeldAlert[],
  options: AlertDigestOptions,
): Promise<AlertDigestOutcome> {
  const windows = [...new Set(held.map((alert) => alert.windowStart))].sort();
  const heldIds = held.map((alert) => alert.hazardId).sort();
  const alertId = alertDigestId(windows[windows.length - 1]!, heldIds);
  const base = { districtId, alertId, windows, held: heldIds };
  const district = await getDistrict(districtId);
  if (!district) {
    logger.error('Held alerts of a district that is not registered', { districtId, held: heldIds.length });
    return { ...base, mailed: [], status: 'district-missing' };
  }
  if (district.officialEmails.length === 0) {
    logger.warn('Held alerts in a district without officials to tell', { districtId, held: heldIds.length });
    return { ...base, mailed: [], status: 'no-recipients' };
  }
  // The same hours' alerts of the same schools that went out one by one.
  const pairs = [...new Set(held.map((alert) => `${alert.windowStart} ${alert.schoolId}`))];
  const mailedSets = await Promise.all(
    pairs.map((pair) => {
      const [windowStart, schoolId] = pair.split(' ') as [string, string];
      return mailedInWindow(districtId, windowStart, schoolId);
    }),
  );
  const mailedIds = [...new Set(mailedSets.flat())].filter((id) => !heldIds.includes(id)).sort();
  const sendMail = options.sendMail ?? deliverMail;
  const outcome = await deliverOnce(
    { districtId, alertId, kind: 'alert-digest', hazardIds: heldIds },
    async () => {
      const schools = new Map((await querySchools(districtId)).map((school) => [school.schoolId, school.name]));
      const [heldHazards, mailedHazards] = await Promise.all([
        readHazards(districtId, heldIds),
        readHazards(districtId, mailedIds),
      ]);
      const content = alertDigestMessage(
        {
          districtName: district.name,
          timezone: district.timezone,
          windows,
          held: heldHazards.map((hazard) => line(hazard, schools)),
          mailed: mailedHazards.map((hazard) => line(hazard, schools)),
          budget: district.alertBudget,
        },
        district.locale,
      );
      return mailOfficials(sendMail, options.senderAddress, district, `alert-digest ${districtId}/${alertId}`, content);
    },
    { leaseMs: options.leaseMs ?? 600_000, ...(options.now ? { now: options.now } : {}) },
  );
  for (const alert of held) await markDigested(alert, alertId);
  return { ...base, mailed: mailedIds, status: outcome.status };
}

/** A district's digest failed in a run. */
export class AlertDigestFailedError extends Error {
  constructor(readonly failures: { districtId: string; error: unknown }[]) {
    super(
      `The alert digest failed for ${failures.map((f) => f.districtId).join(', ')}: ${failures.map((f) => (f.error instanceof Error ? f.error.message : String(f.error))).join('; ')}`,
    );
    this.name = 'AlertDigestFailedError';
  }
}

/**
 * The run scheduled for `at`: every held alert of an hour that ended by then (the hour of `at`
 * excluded) goes out, one digest per district. A district that fails does not stop the others;
 * the run then fails as a whole and is retried (the outbox and the marks make that harmless).
 */
export async function sendAlertDigests(at: Date, options: AlertDigestOptions): Promise<AlertDigestOutcome[]> {
  const awaiting = await heldAlertsAwaitingDigest(alertWindowOf(at).start);
  const byDistrict = new Map<string, HeldAlert[]>();
  for (const alert of awaiting) byDistrict.set(alert.districtId, [...(byDistrict.get(alert.districtId) ?? []), alert]);
  const outcomes: AlertDigestOutcome[] = [];
  const failures: { districtId: string; error: unknown }[] = [];
  for (const [districtId, held] of byDistrict) {
    try {
      outcomes.push(await digestDistrict(districtId, held, options));
    } catch (error) {
      logger.error('Alert digest of a district failed', { districtId, error });
      failures.push({ districtId, error });
    }
  }
  if (failures.length > 0) throw new AlertDigestFailedError(failures);
  return outcomes;
}
