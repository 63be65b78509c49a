import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * The structured logger every function shares (Powertools): JSON lines with the Lambda request id,
 * plus the keys a handler appends (route, school). Level from POWERTOOLS_LOG_LEVEL (INFO by default).
 * Tokens must never be logged: log `tokenId`, never a header or a token.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'houqin' });

/**
 * The middy middleware every function's stack starts with (apiHandler, eventHandler, the
 * authorizer): the Lambda context (request id, function name, cold start) on each log line, the
 * keys a handler appended cleared after each invocation. Never the event: an HTTP one carries the
 * Authorization header (logEvent: false wins over POWERTOOLS_LOGGER_LOG_EVENT).
 */
export const lambdaContextLogging = () => injectLambdaContext(logger, { resetKeys: true, logEvent: false });

/**
 * `fn` in a middy stack of `lambdaContextLogging` alone: what a function that is neither a route
 * nor an event consumer (the authorizer) and eventHandler's core run in. The context may be left
 * out where a test calls the handler.
 */
export function withLambdaContext<E, R>(
  fn: (event: E, context: Context) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  const stack = middy<E, R>().use(lambdaContextLogging()).handler(fn);
  return (event, context) => stack(event, context ?? ({} as Context));
}
