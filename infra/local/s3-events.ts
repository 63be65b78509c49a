import { randomUUID } from 'node:crypto';
import type { S3Event, S3EventRecord, S3ObjectCreatedNotificationEvent } from 'aws-lambda';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import { LOCAL_API, type ApiIdentity } from './api-event';
import type { DeadLetter } from './dead-letters';
import { handlerCache, importManifestEntry, invokeAsync, type AsyncInvokerOptions } from './lambda-runtime';

/*
 * The local stand-in for the photo bucket's notifications. On AWS, S3 announces every new object
 * to EventBridge and a rule per manifest `s3` trigger (bucket and key prefix) invokes the
 * function asynchronously, with Lambda's retries and then the function's failure queue. Here
 * s3rver emits its own notification records in this process; each ObjectCreated record is
 * turned into the `Object Created` event EventBridge would deliver and handed to every matching
 * function the same way (invokeAsync: three attempts), and an event that fails all three is
 * kept as a dead letter: in memory, and appended to a JSON-lines file when one is named.
 */

/** What emits s3rver's notifications: the S3rver instance (a Koa app, so an EventEmitter). */
export interface S3NotificationSource {
  on(event: 'event', listener: (event: S3Event) => void): unknown;
  off(event: 'event', listener: (event: S3Event) => void): unknown;
}

/** An event that failed every attempt: what the function's failure queue would hold on AWS. */
export type LocalDeadLetter = DeadLetter<S3ObjectCreatedNotificationEvent>;

export interface S3EventDeliveryOptions extends AsyncInvokerOptions {
  /** The photo bucket; notifications of other buckets match no rule (the deployed rules name it). */
  bucketName: string;
}

export interface S3EventDelivery {
  /** The routes notifications follow: function and key prefix. */
  readonly routes: readonly { spec: FunctionSpec; prefix: string }[];
  /** Events that failed every attempt, oldest first. */
  readonly deadLetters: readonly LocalDeadLetter[];
  /** Routes one s3rver notification (what the `event` listener does). */
  deliver(notification: S3Event): void;
  /** Resolves once every delivery started so far has finished, retries included. */
  idle(): Promise<void>;
  /** Stops listening (deliveries under way finish). */
  detach(): void;
}

/** Lambda's asynchronous invocation: the first attempt and two retries. */
const RETRIES = 2;

const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** S3's `reason` for each way s3rver creates an object. */
const REASONS: Record<string, S3ObjectCreatedNotificationEvent['detail']['reason']> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'POST Object',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
};

/**
 * One s3rver notification record as EventBridge delivers S3's `Object Created` event; undefined
 * for anything but a new object. The key stays as S3 stored it (EventBridge does not URL-encode it).
 */
export function objectCreatedEvent(
  record: S3EventRecord,
  api: ApiIdentity = LOCAL_API,
): S3ObjectCreatedNotificationEvent | undefined {
  const reason = REASONS[record.eventName];
  if (!reason) return undefined;
  const time = new Date(record.eventTime);
  const { bucket, object } = record.s3;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: api.accountId,
    time: isoSeconds(Number.isNaN(time.getTime()) ? new Date() : time),
    region: api.region,
    resources: [`arn:aws:s3:::${bucket.name}`],
    detail: {
      version: '0',
      bucket: { name: bucket.name },
      object: {
        key: object.key,
        size: object.size,
        etag: object.eTag ?? '',
        'version-id': object.versionId ?? '',
        sequencer: object.sequencer,
      },
      'request-id': record.responseElements?.['x-amz-request-id'] ?? randomUUID(),
      requester: api.accountId,
      'source-ip-address': record.requestParameters?.sourceIPAddress ?? '127.0.0.1',
      reason,
    },
  };
}

/** Delivers s3rver's notifications as the deployed rules would; listens on `source` until detached. */
export function attachS3EventDelivery(source: S3NotificationSource, options: S3EventDeliveryOptions): S3EventDelivery {
  const functions = options.functions ?? FUNCTIONS;
  const api = options.api ?? LOCAL_API;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(`${message}:`, error));
  const handlerOf = handlerCache(options.loadHandler ?? importManifestEntry);
  const retryDelaysMs = options.retryDelaysMs ?? [1_000, 2_000];
  const routes = functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) =>
      trigger.kind === 's3' && trigger.events.includes('ObjectCreated') ? [{ spec, prefix: trigger.prefix }] : [],
    ),
  );
  const deadLetters: LocalDeadLetter[] = [];
  const inFlight = new Set<Promise<unknown>>();

  const deliverOne = (spec: FunctionSpec, event: S3ObjectCreatedNotificationEvent) => {
    const delivery = invokeAsync(() => handlerOf(spec), spec, event, {
      label: `s3 ${event.detail.object.key} → ${spec.name}`,
      log,
      logError,
      retries: RETRIES,
      retryDelaysMs,
      source: 's3',
      ...(options.deadLetterFile ? { deadLetterFile: options.deadLetterFile } : {}),
      onDeadLetter: (letter) => deadLetters.push(letter as LocalDeadLetter),
    });
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  };

  const deliver = (notification: S3Event) => {
    for (const record of notification.Records ?? []) {
      const event = objectCreatedEvent(record, api);
      if (!event || event.detail.bucket.name !== options.bucketName) continue;
      for (const { spec, prefix } of routes) if (event.detail.object.key.startsWith(prefix)) deliverOne(spec, event);
    }
  };

  source.on('event', deliver);
  return {
    routes,
    deadLetters,
    deliver,
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    detach: () => {
      source.off('event', deliver);
    },
  };
}
