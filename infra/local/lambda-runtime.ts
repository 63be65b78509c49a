import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import { LOCAL_API, type ApiIdentity } from './api-event';
import { appendDeadLetter, type DeadLetter, type DeadLetterSource } from './dead-letters';
import { runningFunction } from './table-access';

/*
 * How the local stack runs a handler as Lambda would: imported on first use, with a context and
 * within the manifest's timeout; synchronously (the API, the stream poller) or asynchronously
 * with Lambda's retries (the bus, the scheduler).
 */

/** A Lambda handler as the local runtime calls it. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Finds a function's handler; the default imports its manifest entry. */
export type HandlerLoader = (spec: FunctionSpec) => Promise<LambdaHandler>;

const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** Imports `<project>/<entry>` (TypeScript, through the tsx loader `npm start` runs under). */
export const importManifestEntry: HandlerLoader = async (spec) => {
  const module = (await import(join(PROJECT_ROOT, spec.entry))) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler function`);
  return module.handler as LambdaHandler;
};

/** Manifest entries whose file does not exist (yet): worth a warning at start, not a refusal. */
export function missingEntries(functions: readonly FunctionSpec[] = FUNCTIONS): string[] {
  return functions.filter((spec) => !existsSync(join(PROJECT_ROOT, spec.entry))).map((spec) => spec.entry);
}

/**
 * Loads each handler once; a failed import is retried on the next call (the developer may be
 * fixing the file).
 */
export function handlerCache(
  loadHandler: HandlerLoader = importManifestEntry,
): (spec: FunctionSpec) => Promise<LambdaHandler> {
  const loaded = new Map<string, Promise<LambdaHandler>>();
  return (spec) => {
    let handler = loaded.get(spec.name);
    if (!handler) {
      handler = loadHandler(spec);
      handler.catch(() => loaded.delete(spec.name));
      loaded.set(spec.name, handler);
    }
    return handler;
  };
}

/** The Lambda context a local invocation gets. */
export function lambdaContext(spec: FunctionSpec, api: ApiIdentity = LOCAL_API): Context {
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: spec.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${api.region}:${api.accountId}:function:${spec.name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: `${day}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export class FunctionTimeoutError extends Error {
  constructor(spec: FunctionSpec) {
    super(`${spec.name} timed out after ${spec.timeoutSeconds} s (its manifest timeout)`);
    this.name = 'FunctionTimeoutError';
  }
}

/** Invokes a handler as Lambda would: with a context, within the manifest's timeout. */
export async function invokeHandler(
  spec: FunctionSpec,
  handler: LambdaHandler,
  event: unknown,
  api: ApiIdentity = LOCAL_API,
): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FunctionTimeoutError(spec)), spec.timeoutSeconds * 1000);
  });
  try {
    // The running function is known to the table-access check (its IAM key scope, table-access.ts).
    return await Promise.race([runningFunction.run(spec, () => handler(event, lambdaContext(spec, api))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What the local stand-ins of AWS's asynchronous invokers take (the event bus, the scheduler, S3's
 * notifications, the Lambda endpoint's Event invocations).
 */
export interface AsyncInvokerOptions {
  /** The functions it invokes. @default the manifest's */
  functions?: readonly FunctionSpec[];
  loadHandler?: HandlerLoader;
  api?: ApiIdentity;
  /** Waits before Lambda's two retries of a failed delivery. @default [1000, 2000] */
  retryDelaysMs?: readonly number[];
  /** A delivery that failed every attempt is appended here as one JSON line (`npm start`: .local/data/dead-letters.jsonl). */
  deadLetterFile?: string;
  log?: (line: string) => void;
  logError?: (message: string, error: unknown) => void;
}

export interface AsyncInvokeOptions {
  /** Retries after the first attempt (Lambda's asynchronous invocation: 2). */
  retries?: number;
  /** Wait before each retry (Lambda waits about 1 and then 2 minutes; locally seconds). */
  retryDelaysMs?: readonly number[];
  log: (line: string) => void;
  logError: (message: string, error: unknown) => void;
  /** What the log calls this delivery, e.g. `event HazardRaised → alert-officials`. */
  label: string;
  /** After the last attempt the event is appended here as a dead letter (`npm start`: data/dead-letters.jsonl). */
  deadLetterFile?: string;
  /** How the event came (kept with the dead letter). */
  source?: DeadLetterSource;
  /** Told of each dead letter (kept in memory by the caller). */
  onDeadLetter?: (letter: DeadLetter) => void;
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * An asynchronous invocation (what EventBridge and Scheduler do): the caller does not wait; a
 * failure is retried, and after the last retry reported as the failure queue would receive it
 * (and kept as a dead letter when the options say where).
 * One log line per attempt. Resolves true when an attempt succeeded (tests await it).
 */
export async function invokeAsync(
  load: () => Promise<LambdaHandler>,
  spec: FunctionSpec,
  event: unknown,
  options: AsyncInvokeOptions,
): Promise<boolean> {
  const retries = options.retries ?? 2;
  const delays = options.retryDelaysMs ?? [1_000, 2_000];
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    const started = Date.now();
    try {
      await invokeHandler(spec, await load(), event);
      options.log(`${options.label} ok ${Date.now() - started}ms${attempt > 0 ? ` (retry ${attempt})` : ''}`);
      return true;
    } catch (error) {
      const last = attempt === retries;
      options.log(
        `${options.label} failed ${Date.now() - started}ms${last ? `; on AWS the event would now go to ${spec.name}'s failure queue` : `; retrying in ${(delays[attempt] ?? 1_000) / 1000} s`}`,
      );
      options.logError(`${spec.entry} failed`, error);
      lastError = error;
      if (!last) await sleep(delays[attempt] ?? 1_000);
    }
  }
  if (options.deadLetterFile || options.onDeadLetter) {
    const letter = {
      at: new Date().toISOString(),
      function: spec.name,
      ...(options.source ? { source: options.source } : {}),
      event,
      error: lastError instanceof Error ? lastError.message : String(lastError),
      attempts: retries + 1,
    };
    const kept = options.deadLetterFile
      ? appendDeadLetter(options.deadLetterFile, letter)
      : { id: randomUUID(), ...letter };
    options.onDeadLetter?.(kept);
    options.log(`${options.label}: dead-lettered${options.deadLetterFile ? ` (${options.deadLetterFile})` : ''}`);
  }
  return false;
}
