import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * The local stack's dead letters: what a function's failure queue would hold on AWS. Each
 * asynchronous invocation that failed all its attempts (a bus rule, a schedule, a photo event)
 * and each stream batch the poller gave up on is appended to a JSON-lines file
 * (`npm start`: .local/data/dead-letters.jsonl), one letter a line. The file is only ever
 * appended to, by the stack and by `npm run admin -- dead-letters redrive` alike: a letter
 * redriven to success is settled by a line `{"redriven": <id>}`, so neither can lose a line the
 * other is writing.
 */

/** How the failed event reached its function (on AWS: which service hands it to the queue). */
export type DeadLetterSource = 'bus' | 'schedule' | 's3' | 'stream' | 'invoke';

/** An event that failed every attempt: what the function's failure queue would hold on AWS. */
export interface DeadLetter<E = unknown> {
  /** Stable id (a UUID; a letter written before ids existed gets a hash of its line). */
  id: string;
  /** When it was dead-lettered (ISO). */
  at: string;
  /** The function (manifest name): on AWS, the queue is that function's failure queue. */
  function: string;
  source?: DeadLetterSource;
  /** The event as the function received it: redriving invokes the function with it again. */
  event: E;
  /** The last attempt's error message. */
  error: string;
  attempts: number;
}

interface Settled {
  redriven: string;
  at: string;
}

/** Appends a new letter (an id is given); returns it as written. */
export function appendDeadLetter<E>(file: string, letter: Omit<DeadLetter<E>, 'id'> & { id?: string }): DeadLetter<E> {
  const written = { id: letter.id ?? randomUUID(), ...letter } as DeadLetter<E>;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(written)}\n`);
  return written;
}

/** Settles a letter: it was redriven and its function succeeded. */
export function settleDeadLetter(file: string, id: string, at = new Date()): void {
  appendFileSync(file, `${JSON.stringify({ redriven: id, at: at.toISOString() } satisfies Settled)}\n`);
}

/** The letters still waiting, oldest first (none when the file does not exist). A line that is not JSON is skipped. */
export function readDeadLetters(file: string): DeadLetter[] {
  if (!existsSync(file)) return [];
  const letters = new Map<string, DeadLetter>();
  const settled = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null) continue;
    const entry = parsed as Partial<DeadLetter & Settled>;
    if (typeof entry.redriven === 'string') {
      settled.add(entry.redriven);
      continue;
    }
    if (typeof entry.function !== 'string') continue;
    const id = typeof entry.id === 'string' ? entry.id : createHash('sha256').update(line).digest('hex').slice(0, 32);
    letters.set(id, {
      id,
      at: typeof entry.at === 'string' ? entry.at : new Date(0).toISOString(),
      function: entry.function,
      ...(entry.source ? { source: entry.source } : {}),
      event: entry.event,
      error: typeof entry.error === 'string' ? entry.error : '',
      attempts: typeof entry.attempts === 'number' ? entry.attempts : 0,
    });
  }
  return [...letters.values()].filter((letter) => !settled.has(letter.id)).sort((a, b) => a.at.localeCompare(b.at));
}
