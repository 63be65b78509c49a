import type { AttributeValue as StreamAttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Severity } from '../forms/types';
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

/** A submission was stored (once: replays and retries write nothing). */
export interface SubmissionRecordedDetail {
  districtId: string;
  schoolId: string;
  submissionId: string;
  formType: string;
  formVersion: number;
  date: string;
  receivedAt: string;
  hazardIds: string[];
  supersedes?: string;
}

/** A hazard was raised by a form rule or a hazard report. */
export interface HazardRaisedDetail {
  districtId: string;
  schoolId: string;
  hazardId: string;
  submissionId: string;
  formType: string;
  severity: Severity;
  category: string;
  title: Text;
  place?: string;
  description?: string;
  foundOn: string;
  dueDate: string;
  raisedAt: string;
}

/** A hazard changed status (rectified by its school, verified or reopened by an official). */
export interface HazardTransitionDetail {
  districtId: string;
  schoolId: string;
  hazardId: string;
  severity: Severity;
  category: string;
  title: Text;
  dueDate: string;
  previousStatus: string;
  status: string;
  /** When the transition happened (its history entry). */
  at: string;
  note?: string;
}

/** A month's report was stored with new figures: the month's first, or figures that changed (not a re-run that found the same). */
export interface ReportProducedDetail {
  districtId: string;
  month: string;
  producedAt: string;
  /** 1 for the month's first figures, one more each time they changed. */
  revision: number;
  /** SHA-256 of the report's figures (its JSON without producedAt). */
  contentHash: string;
  /** Who asked: schedule, api:<tokenId> or cli. */
  producedBy: string;
}

export interface DomainEventDetails {
  SubmissionRecorded: SubmissionRecordedDetail;
  HazardRaised: HazardRaisedDetail;
  HazardRectified: HazardTransitionDetail;
  HazardVerified: HazardTransitionDetail;
  /** An official rejected the rectification: the hazard is open again. */
  HazardReopened: HazardTransitionDetail;
  ReportProduced: ReportProducedDetail;
}

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

function hazardRaised(item: Item): HazardRaisedDetail {
  return {
    districtId: String(item.districtId),
    schoolId: String(item.schoolId),
    hazardId: String(item.hazardId),
    submissionId: String(item.submissionId),
    formType: String(item.formType),
    severity: item.severity as Severity,
    category: String(item.category),
    title: {
      zh: String((item.title as Text | undefined)?.zh ?? ''),
      en: String((item.title as Text | undefined)?.en ?? ''),
    },
    ...optional('place', item.place as string | undefined),
    ...optional('description', item.description as string | undefined),
    foundOn: String(item.foundOn),
    dueDate: String(item.dueDate),
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
    districtId: String(next.districtId),
    schoolId: String(next.schoolId),
    hazardId: String(next.hazardId),
    severity: next.severity as Severity,
    category: String(next.category),
    title: {
      zh: String((next.title as Text | undefined)?.zh ?? ''),
      en: String((next.title as Text | undefined)?.en ?? ''),
    },
    dueDate: String(next.dueDate),
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
    return [
      {
        source: DOMAIN_EVENT_SOURCE,
        detailType: 'SubmissionRecorded',
        detail,
        time: toDate(detail.receivedAt, recordTime),
      },
    ];
  }
  if (record.eventName === 'INSERT' && entity === 'Hazard') {
    const detail = hazardRaised(next);
    return [
      { source: DOMAIN_EVENT_SOURCE, detailType: 'HazardRaised', detail, time: toDate(detail.raisedAt, recordTime) },
    ];
  }
  // A Report item is rewritten when its figures change (a new revision); a delivery only counts up.
  if (
    entity === 'Report' &&
    (record.eventName === 'INSERT' ||
      (record.eventName === 'MODIFY' && image(record.dynamodb?.OldImage)?.revision !== next.revision))
  ) {
    const detail = reportProduced(next);
    return [
      {
        source: DOMAIN_EVENT_SOURCE,
        detailType: 'ReportProduced',
        detail,
        time: toDate(detail.producedAt, recordTime),
      },
    ];
  }
  if (record.eventName === 'MODIFY' && entity === 'Hazard') {
    const previous = image(record.dynamodb?.OldImage);
    if (!previous || previous.status === next.status) return [];
    const detailType = TRANSITIONS[`${String(previous.status)}→${String(next.status)}`];
    if (!detailType) return [];
    const detail = hazardTransition(previous, next, recordTime);
    return [{ source: DOMAIN_EVENT_SOURCE, detailType, detail, time: toDate(detail.at, recordTime) }];
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
