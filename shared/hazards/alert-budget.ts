import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { $add } from 'dynamodb-toolbox/entity/actions/update';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import {
  AlertWindowEntity,
  HELD_ALERTS_AWAITING_DIGEST_PARTITION,
  HeldAlertEntity,
  heldAlertsPartition,
} from '../db/entities';
import { HouqinTable } from '../db/table';
import { cancellationCodes, writtenUnlessConditionFails } from '../db/writes';
import type { AlertBudget } from '../directory/districts';

/*
 * The alert budget (issue 19 point 1). A school chooses its own severity, so without a cap one
 * school (or a leaked school token) could mail every official of its district hundreds of
 * "【重大隐患】" a hour and spend the account's SES quota and reputation. Each clock hour (UTC) a
 * district's critical-hazard alerts are mailed one by one only while the hour's budget lasts: per
 * school and for the whole district (district settings, DEFAULT_ALERT_BUDGET by default). Past
 * it, the alert is held (a HeldAlert item) and goes out in the district's digest when the hour
 * ends (alert-digest.ts): no alert is lost, each is in a mail, a digest at worst.
 *
 * The decision is one transaction per hazard over two AlertWindow items (the school's and the
 * district's), each a set of the hazards mailed that hour whose size the condition caps, so
 * concurrent alerts cannot overspend, and a redelivered event decides the same way again (the
 * hazard is in the set already, or its held item exists).
 */

/** An alert window: one clock hour in UTC. */
export const ALERT_WINDOW_MS = 3_600_000;

/** The hour (UTC) an instant falls in: its start and end, ISO-8601. */
export function alertWindowOf(at: string | Date): { start: string; end: string } {
  const time = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const start = Math.floor(time / ALERT_WINDOW_MS) * ALERT_WINDOW_MS;
  return { start: new Date(start).toISOString(), end: new Date(start + ALERT_WINDOW_MS).toISOString() };
}

/** The end of the window that starts at `windowStart`. */
export function alertWindowEnd(windowStart: string): string {
  return new Date(Date.parse(windowStart) + ALERT_WINDOW_MS).toISOString();
}

/** Which budget was spent when an alert is held. */
export type HoldReason = 'school-budget' | 'district-budget';

/** An alert's fate in its hour: mailed now, or held for the digest. */
export type BudgetDecision = { status: 'mail' } | { status: 'held'; reason: HoldReason; windowStart: string };

const DISTRICT_SCOPE = 'district';
const schoolScope = (schoolId: string) => `school#${schoolId}`;

/** The AlertWindow update that adds `hazardId` to the hour's set, only while it holds fewer than `budget`. */
function spend(districtId: string, windowStart: string, scope: string, hazardId: string, budget: number) {
  return AlertWindowEntity.build(UpdateTransaction)
    .item({ districtId, windowStart, scope, mailed: $add(new Set([hazardId])), schemaVersion: 1 })
    .options({
      condition: {
        or: [
          { attr: 'mailed', exists: false },
          { size: 'mailed', lt: budget },
        ],
      },
    });
}

async function mailedIn(districtId: string, windowStart: string, scope: string): Promise<Set<string>> {
  const { Item } = await AlertWindowEntity.build(GetItemCommand)
    .key({ districtId, windowStart, scope })
    .options({ consistent: true })
    .send();
  return new Set(Item?.mailed ?? []);
}

async function heldItem(districtId: string, windowStart: string, hazardId: string) {
  const { Item } = await HeldAlertEntity.build(GetItemCommand)
    .key({ districtId, windowStart, hazardId })
    .options({ consistent: true })
    .send();
  return Item;
}

/**
 * Decides whether a critical hazard's alert is mailed now or held for its hour's digest, spending
 * the hour's budget when it is mailed. The hour is that of `raisedAt`, so a retried event is
 * decided in the same window, and the same way: a hazard already held stays held, one already
 * granted is granted again (it is in the window's set).
 */
export async function takeAlertBudget(
  hazard: { districtId: string; schoolId: string; hazardId: string; raisedAt: string },
  budget: AlertBudget,
  now: Date = new Date(),
): Promise<BudgetDecision> {
  const { districtId, schoolId, hazardId } = hazard;
  const windowStart = alertWindowOf(hazard.raisedAt).start;
  const held = await heldItem(districtId, windowStart, hazardId);
  if (held) return { status: 'held', reason: held.reason, windowStart };
  try {
    await execute(
      spend(districtId, windowStart, schoolScope(schoolId), hazardId, budget.school),
      spend(districtId, windowStart, DISTRICT_SCOPE, hazardId, budget.district),
    );
    return { status: 'mail' };
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    // Granted by an earlier delivery of the same event (then the hour may be full by now).
    if ((await mailedIn(districtId, windowStart, schoolScope(schoolId))).has(hazardId)) return { status: 'mail' };
    const reason: HoldReason = codes[0] === 'ConditionalCheckFailed' ? 'school-budget' : 'district-budget';
    await writtenUnlessConditionFails(
      HeldAlertEntity.build(PutItemCommand)
        .item({ districtId, windowStart, hazardId, schoolId, reason, heldAt: now.toISOString() })
        .options({ condition: { attr: 'hazardId', exists: false } })
        .send(),
    );
    const stored = await heldItem(districtId, windowStart, hazardId);
    return { status: 'held', reason: stored?.reason ?? reason, windowStart };
  }
}

/** The hazards mailed one by one in a window, for a school (or the district with no school). */
export async function mailedInWindow(districtId: string, windowStart: string, schoolId?: string): Promise<string[]> {
  const scope = schoolId === undefined ? DISTRICT_SCOPE : schoolScope(schoolId);
  return [...(await mailedIn(districtId, windowStart, scope))].sort();
}

/** A held alert as the digest and the monthly report read it. */
export interface HeldAlert {
  districtId: string;
  windowStart: string;
  hazardId: string;
  schoolId: string;
  reason: HoldReason;
  heldAt: string;
  digestId?: string;
}

function heldView(item: HeldAlert): HeldAlert {
  const { districtId, windowStart, hazardId, schoolId, reason, heldAt, digestId } = item;
  return { districtId, windowStart, hazardId, schoolId, reason, heldAt, ...(digestId ? { digestId } : {}) };
}

/** Every held alert not yet in a sent digest whose window started before `before` (gsi1, one partition). */
export async function heldAlertsAwaitingDigest(before: string): Promise<HeldAlert[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(HeldAlertEntity)
    .query({ index: 'gsi1', partition: HELD_ALERTS_AWAITING_DIGEST_PARTITION, range: { lt: before } })
    .options({ maxPages: Infinity, consistent: false })
    .send();
  return Items.map((item) => heldView(item as HeldAlert));
}

/** The Query of a district's held alerts of hours starting in [from, to): a range of its partition. */
export function heldAlertsQuery(districtId: string, from: string, to: string) {
  // sk is <windowStart>#<hazardId>: every sk of an hour starting before `to` sorts before `to`.
  return { partition: heldAlertsPartition(districtId), range: { gte: from, lt: to } };
}

/** A district's held alerts of hours starting in [from, to). */
export async function heldAlertsBetween(districtId: string, from: string, to: string): Promise<HeldAlert[]> {
  const { Items = [] } = await HouqinTable.build(QueryCommand)
    .entities(HeldAlertEntity)
    .query(heldAlertsQuery(districtId, from, to))
    .options({ maxPages: Infinity })
    .send();
  return Items.map((item) => heldView(item as HeldAlert));
}

/** Marks a held alert as carried by the digest `digestId` (it leaves the list awaiting a digest). */
export async function markDigested(held: HeldAlert, digestId: string): Promise<void> {
  await writtenUnlessConditionFails(
    HeldAlertEntity.build(PutItemCommand)
      .item({ ...heldView(held), digestId })
      .options({
        condition: {
          and: [
            { attr: 'hazardId', exists: true },
            { attr: 'digestId', exists: false },
          ],
        },
      })
      .send(),
  );
}
