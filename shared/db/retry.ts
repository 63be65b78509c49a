import { cancellationCodes, isConditionalCheckFailed } from './writes';

/*
 * The one retry of a write that lost a race: a conditional write whose condition a concurrent
 * writer broke, or a transaction cancelled by one. Every such loop in shared/ goes through
 * retryOnConflict, with the one back-off below. Like writes.ts, this module imports no toolbox.
 */

/** The wait before attempt `attempt + 1`: 20 ms doubling per failed attempt, at most 1 s, plus up to 20 ms of jitter. */
export function conflictBackoffMs(attempt: number): number {
  return Math.min(1_000, 20 * 2 ** (attempt - 1)) + Math.random() * 20;
}

/** A conditional write whose condition failed, or a transaction cancelled by a failed condition or a conflict. */
export function isWriteConflict(error: unknown): boolean {
  if (isConditionalCheckFailed(error)) return true;
  const codes = cancellationCodes(error);
  return (
    codes !== undefined && codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')
  );
}

export interface RetryOnConflictOptions {
  /** How many times `run` is called at most (the first attempt included). */
  attempts: number;
  /** Which errors are a lost race to retry. @default isWriteConflict */
  isConflict?: (error: unknown) => boolean;
  /** What is thrown when the last attempt lost too. @default that attempt's error */
  exhausted?: (error: unknown) => Error;
}

/**
 * Calls `run` (attempt 1, 2, …) until it returns; when it throws a conflict, waits the back-off
 * and calls it again (it reads afresh), up to `options.attempts` times. Any other error throws.
 */
export async function retryOnConflict<T>(
  run: (attempt: number) => Promise<T>,
  options: RetryOnConflictOptions,
): Promise<T> {
  const isConflict = options.isConflict ?? isWriteConflict;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run(attempt);
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (attempt >= options.attempts) throw options.exhausted ? options.exhausted(error) : error;
      await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)));
    }
  }
}
