import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { safeParse, type $ZodType, type output } from 'zod/v4/core';
import { lambdaContextLogging, logger } from '../logger';

/*
 * The non-HTTP twin of shared/http/api-handler.ts: every function a bus rule, a schedule, the
 * table's stream, S3 or SNS invokes is `eventHandler(schema, core)`. The one middy stack puts the
 * Lambda context on every log line, parses the event with the function's schema and hands the
 * core the typed input; a malformed event is logged with its issues and thrown, as is any
 * failure of the core, so Lambda retries the invocation and then hands it to the function's
 * failure queue (DLQ or on-failure destination, functions/manifest.ts). What a core does not
 * want retried (a district no longer registered, say) it logs and returns without throwing.
 */

/** An event its function's schema refuses: a wiring error, retried and then dead-lettered. */
export class MalformedEventError extends Error {
  constructor(readonly issues: readonly { path: PropertyKey[]; message: string }[]) {
    super(
      `The event does not match the function's schema: ${issues.map((i) => `${i.path.map(String).join('.') || '(event)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'MalformedEventError';
  }
}

/** A function's handler as Lambda (and the local runtime, and tests) call it; the context may be left out in tests. */
export type EventLambdaHandler<R> = (event: unknown, context?: Context) => Promise<R>;

/**
 * Builds a non-HTTP handler: Powertools' Lambda context on the logger, `schema` parsed from the
 * event (refused → logged and thrown), then `core(input, context)`. Use the envelopes below for
 * the shape each trigger delivers (`busEvent`, `scheduledInvocationSchema`, `snsMessages`, …).
 */
export function eventHandler<S extends $ZodType, R>(
  schema: S,
  core: (input: output<S>, context: Context) => Promise<R>,
): EventLambdaHandler<R> {
  const stack = middy<unknown, R>()
    .use(lambdaContextLogging())
    .handler(async (event, context) => {
      const parsed = safeParse(schema, event);
      if (!parsed.success) {
        const error = new MalformedEventError(parsed.error.issues);
        logger.error('Malformed event', {
          issues: parsed.error.issues.map(({ path, message }) => ({ path, message })),
        });
        throw error;
      }
      return core(parsed.data, context);
    });
  return (event, context) => stack(event, context ?? ({} as Context));
}

/**
 * An EventBridge event as a rule's target receives it: its id (for the log) and its detail,
 * parsed with the detail's schema (shared/events/domain-events.ts, commands.ts). The other
 * envelope fields are not read.
 */
export function busEvent<D extends z.ZodType>(detail: D) {
  return z.object({ id: z.string(), detail });
}

/** An SNS notification batch: each record's message id and its Message, JSON-parsed and read with `message`. */
export function snsMessages<M extends z.ZodType>(message: M) {
  return z.object({
    Records: z.array(
      z.object({
        Sns: z.object({
          MessageId: z.string(),
          Message: z
            .string()
            .transform((text, ctx) => {
              try {
                return JSON.parse(text) as unknown;
              } catch {
                ctx.addIssue({ code: 'custom', message: 'Message is not JSON' });
                return z.NEVER;
              }
            })
            .pipe(message),
        }),
      }),
    ),
  });
}
