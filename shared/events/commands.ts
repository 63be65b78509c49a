import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DOMAIN_EVENT_SOURCE } from './domain-events';
import { putEventsWithSdk, toPutBatches, type PutEvents } from './publish';

/*
 * Commands on the bus ("produce this district's report", "sweep this district's hazards"): what
 * a scheduled dispatcher puts, one per district, so that a province is many small runs of the
 * consumer, each retried and dead-lettered on its own. Unlike domain events (derived from the
 * table's stream) they are put directly, 10 to a PutEvents call (toPutBatches).
 */

/** Where the bus is and how to put on it. */
export interface PutCommandsOptions {
  busName: string;
  putEvents?: PutEvents;
}

/** A command the bus refused, with EventBridge's error code. */
export interface RefusedCommand<D> {
  detail: D;
  errorCode: string;
}

/**
 * Puts one `detailType` command per detail on the bus (source `houqin`), in order, at most 10 per
 * call; returns those the bus refused (empty when every one was put). The caller decides what a
 * refusal means (a dispatcher fails its run, so it is retried).
 */
export async function putCommands<D>(
  detailType: string,
  details: readonly D[],
  options: PutCommandsOptions,
): Promise<RefusedCommand<D>[]> {
  const putEvents = options.putEvents ?? putEventsWithSdk;
  const items = details.map((detail) => ({
    detail,
    entry: {
      EventBusName: options.busName,
      Source: DOMAIN_EVENT_SOURCE,
      DetailType: detailType,
      Detail: JSON.stringify(detail),
    } satisfies PutEventsRequestEntry,
  }));
  const refused: RefusedCommand<D>[] = [];
  for (const batch of toPutBatches(items)) {
    const results = await putEvents(batch.map((item) => item.entry));
    batch.forEach((item, index) => {
      const result = results[index];
      if (!result || result.ErrorCode || !result.EventId)
        refused.push({ detail: item.detail, errorCode: result?.ErrorCode ?? 'NoResult' });
    });
  }
  return refused;
}
