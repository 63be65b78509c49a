import { startLocalEventBus, type LocalEventBus } from '../../infra/local/event-bus';

/**
 * Starts the local EventBridge bus on a free port with short retries, appends each delivery line it
 * logs to `log`, and points this process's EventBridge client at it (the client is created on the
 * first PutEvents, with this endpoint: start the bus before anything publishes).
 */
export async function startRecordingBus(log: string[]): Promise<LocalEventBus> {
  const bus = await startLocalEventBus(0, {
    busName: process.env.EVENT_BUS_NAME!,
    retryDelaysMs: [50, 50],
    log: (line) => log.push(line),
    logError: () => undefined,
  });
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.url;
  return bus;
}

/** For the tests of one describe block: a recording bus (see startRecordingBus) started before them and stopped after. */
export function useRecordingBus(log: string[]): () => LocalEventBus {
  let bus: LocalEventBus | undefined;
  beforeAll(async () => {
    bus = await startRecordingBus(log);
  });
  afterAll(async () => {
    await bus?.stop();
  });
  return () => {
    if (!bus) throw new Error('the bus is not running: useRecordingBus() starts it in beforeAll');
    return bus;
  };
}
