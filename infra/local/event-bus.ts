import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import { rulePattern, type BusEvent } from '../../shared/events/domain-events';
import { LOCAL_API } from './api-event';
import { checkPattern, matchesPattern } from './event-pattern';
import { handlerCache, importManifestEntry, invokeAsync, type AsyncInvokerOptions } from './lambda-runtime';
import { LOCAL_HOST, listenLocal } from './ports';

/*
 * The local stand-in for the EventBridge bus. It speaks just enough of EventBridge's API
 * (PutEvents, JSON 1.1 protocol) for the SDK's EventBridgeClient to put events on it through
 * AWS_ENDPOINT_URL_EVENTBRIDGE, exactly as a handler does on AWS. It matches each event against
 * the manifest's `bus` triggers (source houqin plus the trigger's pattern, as the CDK rule does)
 * and invokes each matching function asynchronously, with Lambda's retries, in this process.
 *
 * It logs one line per delivery. Most domain events have no consumer (yet): the first of each
 * detail-type that no rule matches gets a line, later ones are only counted and summed up in one
 * line every few seconds, so seeding thousands of submissions does not flood the terminal.
 */

/** One PutEvents entry as it arrives on the wire (Time: epoch seconds, as the SDK sends it). */
export interface WireEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: number | string;
  Resources?: string[];
}

export type WireResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** `log`: one line per delivery; events no rule matches are summed up (see unmatchedSummaryMs). */
export interface LocalEventBusOptions extends AsyncInvokerOptions {
  /** The bus handlers put to (EVENT_BUS_NAME). */
  busName: string;
  /** How long after an unmatched event the count of those since the last line is logged. @default 10000 */
  unmatchedSummaryMs?: number;
}

/** The bus without its HTTP server: PutEvents in, deliveries out (unit tests use it directly). */
export interface EventBusCore {
  putEvents(entries: readonly WireEntry[]): WireResultEntry[];
  /** Resolves once every delivery started so far has finished, retries included. */
  idle(): Promise<void>;
  /** The rules the bus routes by: name, function, pattern. */
  readonly rules: readonly { rule: string; spec: FunctionSpec; pattern: Record<string, unknown> }[];
  /** Logs the count of unmatched events not summed up yet, now rather than on the timer (stop() does). */
  summariseUnmatched(): void;
}

/** Counts the events no rule matches: a line for the first of each detail-type, then a count every `everyMs`. */
function unmatchedCounter(log: (line: string) => void, everyMs: number) {
  const announced = new Set<string>();
  const counts = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const summarise = () => {
    clearTimeout(timer);
    timer = undefined;
    if (counts.size === 0) return;
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    log(
      `${total} more event${total === 1 ? '' : 's'} matched no rule: ${[...counts].map(([type, count]) => `${type} ×${count}`).join(', ')}`,
    );
    counts.clear();
  };
  const note = (detailType: string) => {
    if (!announced.has(detailType)) {
      announced.add(detailType);
      log(`event ${detailType} (no rule matches)`);
      return;
    }
    counts.set(detailType, (counts.get(detailType) ?? 0) + 1);
    // Unref'd: a pending count never keeps the process alive.
    timer ??= setTimeout(summarise, everyMs).unref();
  };
  return { note, summarise };
}

const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function entryTime(time: WireEntry['Time']): Date {
  if (time === undefined) return new Date();
  const date = typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

/** Builds the bus from the manifest's `bus` triggers; a pattern the bus cannot evaluate is refused here, at start. */
export function createEventBus(options: LocalEventBusOptions): EventBusCore {
  const functions = options.functions ?? FUNCTIONS;
  const api = options.api ?? LOCAL_API;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(`${message}:`, error));
  const handlerOf = handlerCache(options.loadHandler ?? importManifestEntry);
  const rules = functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) =>
      trigger.kind === 'bus'
        ? [{ rule: trigger.rule, spec, pattern: rulePattern(trigger.pattern) as Record<string, unknown> }]
        : [],
    ),
  );
  for (const { rule, pattern } of rules) checkPattern(pattern, `rule ${rule}`);
  const busArn = `arn:aws:events:${api.region}:${api.accountId}:event-bus/${options.busName}`;
  const inFlight = new Set<Promise<unknown>>();
  const unmatched = unmatchedCounter(log, options.unmatchedSummaryMs ?? 10_000);

  const accept = (entry: WireEntry): WireResultEntry => {
    const busName = entry.EventBusName ?? 'default';
    if (busName !== options.busName && busName !== busArn) {
      return {
        ErrorCode: 'NotFoundException',
        ErrorMessage: `Event bus ${busName} does not exist (the local bus is ${options.busName}).`,
      };
    }
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter(s) Source, DetailType and Detail must be specified.',
      };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: api.accountId,
      time: isoSeconds(entryTime(entry.Time)),
      region: api.region,
      resources: entry.Resources ?? [],
      detail,
    };
    const matching = rules.filter(({ pattern }) => matchesPattern(pattern, event));
    if (matching.length === 0) unmatched.note(event['detail-type']);
    for (const { rule, spec } of matching) {
      const delivery = invokeAsync(() => handlerOf(spec), spec, event, {
        label: `event ${event['detail-type']} → ${spec.name} (rule ${rule})`,
        log,
        logError,
        ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
        ...(options.deadLetterFile ? { deadLetterFile: options.deadLetterFile, source: 'bus' as const } : {}),
      });
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
    }
    return { EventId: event.id };
  };

  return {
    rules,
    summariseUnmatched: unmatched.summarise,
    putEvents: (entries) => entries.map(accept),
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** The running local bus. */
export interface LocalEventBus extends EventBusCore {
  /** Its endpoint: AWS_ENDPOINT_URL_EVENTBRIDGE. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const JSON_11 = 'application/x-amz-json-1.1';

/** Starts the bus's PutEvents endpoint on 127.0.0.1:`port` (0 → a free port). */
export async function startLocalEventBus(
  port: number,
  options: LocalEventBusOptions & { portEnvName?: string },
): Promise<LocalEventBus> {
  const core = createEventBus(options);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        response.writeHead(status, {
          'content-type': JSON_11,
          'content-length': String(Buffer.byteLength(text)),
          'x-amzn-requestid': randomUUID(),
        });
        response.end(text);
      };
      const target = request.headers['x-amz-target'];
      if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
        return reply(400, {
          __type: 'UnknownOperationException',
          message: `The local bus implements PutEvents only (got ${String(target ?? request.method)}).`,
        });
      }
      let entries: WireEntry[];
      try {
        entries = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: WireEntry[] }).Entries ?? [];
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'The request body is not JSON.' });
      }
      if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
        return reply(400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 entries.' });
      }
      const results = core.putEvents(entries);
      reply(200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
    });
  });
  const bound = await listenLocal(server, port, options.portEnvName ?? 'EVENTBRIDGE_PORT');
  return {
    ...core,
    url: `http://${LOCAL_HOST}:${bound}`,
    port: bound,
    stop: () =>
      new Promise<void>((resolveStop) => {
        core.summariseUnmatched();
        server.close(() => resolveStop());
        server.closeAllConnections();
      }),
  };
}
