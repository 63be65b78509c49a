/*
 * The local stack's request path for the HTTP bench, in a process of its own (so autocannon and
 * the server do not share one event loop): the API Gateway stand-in (authorizer on every
 * request, then the route's handler), the event bus and the table-stream poller, exactly as
 * infra/local/start.ts wires them, but against the emulators the bench runner started (their
 * settings come in the environment) and without the scheduler and the demo. The stream is
 * read from LATEST: earlier benches' writes are not this one's work.
 *
 * Speaks to its parent over IPC: sends {type:'ready', url}; answers {type:'usage'} with what it
 * counted (invocations and handler time per function, DynamoDB requests and units, SES sends);
 * stops on {type:'stop'}.
 */
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../functions/manifest';
import { countDynamoDbUsage, type DynamoDbUsage } from './dynamodb-usage';

export interface FunctionCount {
  invocations: number;
  handlerMs: number;
  memoryMb: number;
}

export interface StackUsage {
  functions: Record<string, FunctionCount>;
  dynamodb: DynamoDbUsage;
  sesMessages: number;
  eventBridgeEvents: number;
}

export type StackMessage = { type: 'ready'; url: string } | { type: 'usage'; usage: StackUsage } | { type: 'stopped' };
export type ParentMessage = { type: 'usage' } | { type: 'stop' } | { type: 'settle' };

async function main(): Promise<void> {
  const send = (message: StackMessage) => process.send?.(message);
  const { getDocumentClient, getEventBridgeClient, getSesClient } = await import('../../shared/clients');
  const dynamodb = countDynamoDbUsage(getDocumentClient());
  let sesMessages = 0;
  let eventBridgeEvents = 0;
  getSesClient().middlewareStack.add(
    (next) => async (args) => {
      sesMessages += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchSesCount' },
  );
  getEventBridgeClient().middlewareStack.add(
    (next) => async (args) => {
      eventBridgeEvents += ((args.input as { Entries?: unknown[] }).Entries ?? []).length;
      return next(args);
    },
    { step: 'initialize', name: 'benchEventCount' },
  );

  const { importManifestEntry } = await import('../../infra/local/lambda-runtime');
  const functions: Record<string, FunctionCount> = {};
  // Every invocation through the local runtime is counted and timed, as Lambda would bill it.
  const loadHandler = async (spec: FunctionSpec) => {
    const handler = await importManifestEntry(spec);
    const count = (functions[spec.name] ??= { invocations: 0, handlerMs: 0, memoryMb: spec.memoryMb });
    return async (event: unknown, context: Context) => {
      const started = performance.now();
      try {
        return await handler(event, context);
      } finally {
        count.invocations += 1;
        count.handlerMs += performance.now() - started;
      }
    };
  };

  const quiet = () => undefined;
  const logError = (message: string, error: unknown) => console.error(`api-stack: ${message}:`, error);
  const { startLocalEventBus } = await import('../../infra/local/event-bus');
  const { startStreamPoller } = await import('../../infra/local/stream-poller');
  const { startApiAdapter } = await import('../../infra/local/http-adapter');
  const bus = await startLocalEventBus(0, {
    busName: process.env.EVENT_BUS_NAME ?? 'houqin-bench',
    loadHandler,
    log: quiet,
    logError,
  });
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.url;
  const poller = await startStreamPoller({
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
    tableName: process.env.TABLE_NAME!,
    startingPosition: 'LATEST',
    loadHandler,
    log: quiet,
    logError,
  });
  const api = await startApiAdapter(0, { loadHandler, log: quiet, logError });

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'usage')
      send({
        type: 'usage',
        usage: { functions: structuredClone(functions), dynamodb: dynamodb.snapshot(), sesMessages, eventBridgeEvents },
      });
    else if (message.type === 'settle')
      void poller.drain().then(() =>
        send({
          type: 'usage',
          usage: {
            functions: structuredClone(functions),
            dynamodb: dynamodb.snapshot(),
            sesMessages,
            eventBridgeEvents,
          },
        }),
      );
    else if (message.type === 'stop') {
      void Promise.allSettled([api.stop(), poller.stop()])
        .then(() => bus.stop())
        .then(() => {
          send({ type: 'stopped' });
          process.exit(0);
        });
    }
  });
  // The parent gone, nothing here has a reason to live.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: api.url });
}

void main().catch((error: unknown) => {
  console.error('api-stack: could not start:', error);
  process.exit(1);
});
