import { AppError } from '../../errors';
import { logger } from '../../logger';
import type { DeliveryCreation } from './outbox';
import type { Reads } from '../load';
import type { MailOutcome } from './send';
import type { StoredReport } from './store';

/*
 * The event side of produce-report and produce-annual-report (functions/): one production per
 * command, its metrics and its log line; a request for a district no longer registered is logged
 * and dropped. Apart from produce.ts, which renders: this module imports no renderer.
 */

/** What a produce run returns, as far as its log line is concerned. */
export interface ProducedOutcome {
  stored: StoredReport;
  written: boolean;
  delivery?: DeliveryCreation;
  mail: MailOutcome[];
  reads: Reads;
  timings: object;
}

export interface ProduceEventLog<O> {
  eventId: string;
  /** The district and the month or period, as the request named them. */
  subject: { districtId: string } & Record<string, string>;
  send: string;
  /** The log message of a produced report. */
  produced: string;
  /** The warning when the district is not registered. */
  unknownDistrict: string;
  /** Records the run's metrics. */
  metrics: (outcome: O) => void;
}

/**
 * Runs `produce` for one event: records its metrics and logs it. A district that is not (or no
 * longer) registered is logged and dropped: retrying will not change that. Any other failure
 * throws, so Lambda retries the event and then hands it to the failure queue.
 */
export async function produceForEvent<O extends ProducedOutcome>(
  produce: () => Promise<O>,
  log: ProduceEventLog<O>,
): Promise<void> {
  try {
    const outcome = await produce();
    log.metrics(outcome);
    logger.info(log.produced, {
      eventId: log.eventId,
      ...log.subject,
      send: log.send,
      written: outcome.written,
      revision: outcome.stored.revision,
      delivery: outcome.delivery?.status,
      mail: outcome.mail.map((m) => m.status),
      reads: outcome.reads.items,
      timings: outcome.timings,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      logger.warn(log.unknownDistrict, log.subject);
      return;
    }
    throw error;
  }
}
