import type { AttributeValue as StreamAttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { SEVERITIES, type Severity } from '../forms/types';
import type { Text } from '../i18n';
import { ENTITY_ATTRIBUTE } from '../db/keys';

/*
 * Domain events (DESIGN.md § Events) and how they are derived from the table's stream, the
 * outbox of the system: whatever is written is announced, and nothing is announced that was not
 * written. `toDomainEvents` is pure; publish.ts puts its result on the bus.
 *
 * Details are whitelists: never a token, a body hash, a stored response or a form's answers.
 */

/** `source` of every Houqin event on the bus. */
export const DOMAIN_EVENT_SOURCE = 'houqin';

/** How the table's stream must be configured for `toDomainEvents` (the CDK table and the local table use it). */
export const TABLE_STREAM_VIEW_TYPE = 'NEW_AND_OLD_IMAGES';

/** The entities whose stream records can announce an event: `toDomainEvents` reads the `entity` of the new image and acts on no other. */
export const ANNOUNCING_ENTITIES = ['Submission', 'Hazard', 'Report'] as const;

/**
 * The Lambda event filter of the stream consumer (its manifest trigger; the local stream poller
 * applies the same): only records whose new image is one of ANNOUNCING_ENTITIES invoke it. The
 * rest would announce nothing: the authorizer's RATE# counters (one write per write/report
 * request), tokens, schools, photos, report mail, alert logs, and every removal (no new image).
 * A DynamoDB event source mapping filters on the `dynamodb` key only, hence no eventName here.
 */
export const PUBLISHABLE_RECORD_FILTERS = [
  { dynamodb: { NewImage: { [ENTITY_ATTRIBUTE]: { S: [...ANNOUNCING_ENTITIES] } } } },
] as const;

const text = z.object({ zh: z.string(), en: z.string() });

/*
 * One schema per domain event's detail: toDomainEvents builds each detail as its schema's type,
 * and a consumer parses its event with the same schema (busEvent in event-handler.ts). Objects
 * are not strict: a consumer ignores what it does not read, so a field can be added.
 */

/** The school an event is about. */
const schoolFields = { districtId: z.string().min(1), schoolId: z.string().min(1) };

/** A submission was stored (once: replays and retries write nothing). */
export const submissionRecordedSchema = z.object({
  ...schoolFields,
  submissionId: z.string().min(1),
  formType: z.string().min(1),
  formVersion: z.number(),
  date: z.string().min(1),
  receivedAt: z.string().min(1),
  hazardIds: z.array(z.string()),
  supersedes: z.string().optional(),
});
export type SubmissionRecordedDetail = z.infer<typeof submissionRecordedSchema>;

/** What every hazard event says of its hazard. */
const hazardFields = {
  ...schoolFields,
  hazardId: z.string().min(1),
  severity: z.enum(SEVERITIES),
  category: z.string().min(1),
  title: text,
  dueDate: z.string().min(1),
};

/** A hazard was raised by a form rule or a hazard report. */
export const hazardRaisedSchema = z.object({
  ...hazardFields,
  submissionId: z.string().min(1),
  formType: z.string().min(1),
  place: z.string().optional(),
  description: z.string().optional(),
  foundOn: z.string().min(1),
  raisedAt: z.string().min(1),
});
export type HazardRaisedDetail = z.infer<typeof hazardRaisedSchema>;

/** A hazard changed status (rectified by its school, verified or reopened by an official). */
export const hazardTransitionSchema = z.object({
  ...hazardFields,
  previousStatus: z.string().min(1),
  status: z.string().min(1),
  /** When the transition happened (its history entry). */
  at: z.string().min(1),
  note: z.string().optional(),
});
export type HazardTransitionDetail = z.infer<typeof hazardTransitionSchema>;

/** A month's report was stored with new figures: the month's first, or figures that changed (not a re-run that found the same). */
export const reportProducedSchema = z.object({
  districtId: z.string().min(1),
  month: z.string().min(1),
  producedAt: z.string().min(1),
  /** 1 for the month's first figures, one more each time they changed. */
  revision: z.number(),
  /** SHA-256 of the report's figures (its JSON without producedAt). */
  contentHash: z.string().min(1),
  /** Who asked: schedule, api:<tokenId> or cli. */
  producedBy: z.string().min(1),
});
export type ReportProducedDetail = z.infer<typeof reportProducedSchema>;

/** Each domain event's detail schema, by detail type. */
export const DOMAIN_EVENT_SCHEMAS = {
  SubmissionRecorded: submissionRecordedSchema,
  HazardRaised: hazardRaisedSchema,
  HazardRectified: hazardTransitionSchema,
  HazardVerified: hazardTransitionSchema,
  /** An official rejected the rectification: the hazard is open again. */
  HazardReopened: hazardTransitionSchema,
  ReportProduced: reportProducedSchema,
} as const;

export type DomainEventDetails = {
  [N in keyof typeof DOMAIN_EVENT_SCHEMAS]: z.infer<(typeof DOMAIN_EVENT_SCHEMAS)[N]>;
};

export type DomainEventName = keyof DomainEventDetails;

/** One event as it goes on the bus (PutEvents' Source, DetailType, Detail, Time). */
export type DomainEvent = {
  [N in DomainEventName]: {
    source: typeof DOMAIN_EVENT_SOURCE;
    detailType: N;
    detail: DomainEventDetails[N];
    time: Date;
  };
}[DomainEventName];

type Item = Record<string, unknown>;

/** Status changes that are announced, as `<old>→<new>`. */
const TRANSITIONS: Record<string, 'HazardRectified' | 'HazardVerified' | 'HazardReopened'> = {
  'open→rectified': 'HazardRectified',
  'rectified→verified': 'HazardVerified',
  'rectified→open': 'HazardReopened',
};

function image(value: Record<string, StreamAttributeValue> | undefined): Item | undefined {
  // The stream's attribute values have the shape of the SDK's (B as base64 text aside, which no
  // entity of ours stores).
  return value ? unmarshall(value as Record<string, AttributeValue>) : undefined;
}

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined || value === null || value === '' ? {} : { [key]: value }) as Partial<Record<K, V>>;

function toDate(value: unknown, fallback: Date): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : fallback;
}

function submissionRecorded(item: Item): SubmissionRecordedDetail {
  return {
    districtId: String(item.districtId),
    schoolId: String(item.schoolId),
    submissionId: String(item.submissionId),
    formType: String(item.formType),
    formVersion: Number(item.formVersion),
    date: String(item.date),
    receivedAt: String(item.receivedAt),
    hazardIds: Array.isArray(item.hazardIds) ? item.hazardIds.map(String) : [],
    ...optional('supersedes', item.supersedes as string | undefined),
  };
}

/** The fields of `hazardFields`, read from a hazard's image. */
function hazardOf(item: Item) {
  return {
    districtId: String(item.districtId),
    schoolId: String(item.schoolId),
    hazardId: String(item.hazardId),
    severity: item.severity as Severity,
    category: String(item.category),
    title: {
      zh: String((item.title as Text | undefined)?.zh ?? ''),
      en: String((item.title as Text | undefined)?.en ?? ''),
    },
    dueDate: String(item.dueDate),
  };
}

function hazardRaised(item: Item): HazardRaisedDetail {
  return {
    ...hazardOf(item),
    submissionId: String(item.submissionId),
    formType: String(item.formType),
    ...optional('place', item.place as string | undefined),
    ...optional('description', item.description as string | undefined),
    foundOn: String(item.foundOn),
    raisedAt: String(item.raisedAt),
  };
}

function lastHistoryEntry(item: Item): { at?: string; note?: string } {
  const history = Array.isArray(item.history) ? (item.history as { at?: string; note?: string }[]) : [];
  return history[history.length - 1] ?? {};
}

function hazardTransition(previous: Item, next: Item, fallbackTime: Date): HazardTransitionDetail {
  const last = lastHistoryEntry(next);
  return {
    ...hazardOf(next),
    previousStatus: String(previous.status),
    status: String(next.status),
    at: last.at ?? fallbackTime.toISOString(),
    ...optional('note', last.note),
  };
}

function reportProduced(item: Item): ReportProducedDetail {
  return {
    districtId: String(item.districtId),
    month: String(item.month),
    producedAt: String(item.producedAt),
    revision: Number(item.revision),
    contentHash: String(item.contentHash),
    producedBy: String(item.producedBy),
  };
}

/** One domain event of Houqin's source. */
function announced<N extends DomainEventName>(detailType: N, detail: DomainEventDetails[N], time: Date): DomainEvent {
  return { source: DOMAIN_EVENT_SOURCE, detailType, detail, time } as DomainEvent;
}

/**
 * The domain events one stream record announces: a new Submission → SubmissionRecorded (not for a
 * past record the history import loaded); a new
 * Hazard → HazardRaised; a Hazard whose status changed open→rectified → HazardRectified,
 * rectified→verified → HazardVerified, rectified→open → HazardReopened; a Report stored new or
 * with a new revision → ReportProduced. Anything else (tokens, schools, the overdue mark, report
 * mail, removals) announces nothing. Pure.
 */
export function toDomainEvents(record: DynamoDBRecord): DomainEvent[] {
  const next = image(record.dynamodb?.NewImage);
  if (!next) return [];
  const approximate = record.dynamodb?.ApproximateCreationDateTime;
  const recordTime = approximate === undefined ? new Date() : new Date(approximate * 1000);
  const entity = next.entity;

  // A past record loaded by `history import` is not news: no event, so no mail (shared/history).
  if (record.eventName === 'INSERT' && entity === 'Submission' && next.importedAt !== undefined) return [];
  if (record.eventName === 'INSERT' && entity === 'Submission') {
    const detail = submissionRecorded(next);
    return [announced('SubmissionRecorded', detail, toDate(detail.receivedAt, recordTime))];
  }
  if (record.eventName === 'INSERT' && entity === 'Hazard') {
    const detail = hazardRaised(next);
    return [announced('HazardRaised', detail, toDate(detail.raisedAt, recordTime))];
  }
  // A Report item is rewritten when its figures change (a new revision); a delivery only counts up.
  if (
    entity === 'Report' &&
    (record.eventName === 'INSERT' ||
      (record.eventName === 'MODIFY' && image(record.dynamodb?.OldImage)?.revision !== next.revision))
  ) {
    const detail = reportProduced(next);
    return [announced('ReportProduced', detail, toDate(detail.producedAt, recordTime))];
  }
  if (record.eventName === 'MODIFY' && entity === 'Hazard') {
    const previous = image(record.dynamodb?.OldImage);
    if (!previous || previous.status === next.status) return [];
    const detailType = TRANSITIONS[`${String(previous.status)}→${String(next.status)}`];
    if (!detailType) return [];
    const detail = hazardTransition(previous, next, recordTime);
    return [announced(detailType, detail, toDate(detail.at, recordTime))];
  }
  return [];
}

/** An EventBridge event as a rule's target receives it. */
export interface BusEvent<N extends string = string, D = unknown> {
  version: '0';
  id: string;
  'detail-type': N;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: D;
}

/** An EventBridge pattern of the subset the manifest uses: exact values, nested under `detail`. */
export type RulePattern = {
  source: string[];
  'detail-type': string[];
  detail?: Record<string, unknown>;
};

/** A manifest `bus` trigger's pattern as the rule matches it: Houqin's source plus the trigger's own pattern. */
export function rulePattern(pattern: { 'detail-type': string[]; detail?: Record<string, unknown> }): RulePattern {
  return { source: [DOMAIN_EVENT_SOURCE], ...pattern };
}
