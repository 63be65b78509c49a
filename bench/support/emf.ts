/*
 * The domain metrics (shared/metrics.ts) as a bench module sees them: each is one EMF line on
 * stdout, thousands of them in a module that calls handlers in-process. `withEmf` keeps them off
 * the terminal (other output passes through) and sums them by metric name, so a module can check
 * what its handlers counted against what it measured. `routeEmfLines` does the same for the
 * stdout of a child process (the http-throughput module's local stack).
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Sums of every metric in the EMF lines, by name, and how many lines there were. */
export interface EmfTotals {
  lines: number;
  metrics: Record<string, number>;
}

/** Whether a stdout line is an EMF line. */
function isEmf(line: string): boolean {
  return line.startsWith('{') && line.includes('"_aws"');
}

/** Adds one EMF line's metrics to `totals`. */
function addEmfLine(totals: EmfTotals, line: string): void {
  const emf = JSON.parse(line) as Record<string, unknown> & {
    _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
  };
  totals.lines += 1;
  for (const directive of emf._aws.CloudWatchMetrics)
    for (const { Name } of directive.Metrics) totals.metrics[Name] = (totals.metrics[Name] ?? 0) + Number(emf[Name]);
}

/**
 * Reads a child process's stdout line by line: its EMF lines summed into `totals` (the handlers of
 * a stack in a child process write theirs there), every other line written to this process's stdout.
 */
export function routeEmfLines(stdout: Readable, totals: EmfTotals): void {
  createInterface({ input: stdout, crlfDelay: Infinity }).on('line', (line) => {
    if (isEmf(line)) addEmfLine(totals, line);
    else process.stdout.write(`${line}\n`);
  });
}

/** Runs `act` with the EMF lines it writes to stdout taken off it and summed; other output is written as it comes. */
export async function withEmf<T>(act: () => Promise<T>): Promise<{ result: T; emf: EmfTotals }> {
  const emf: EmfTotals = { lines: 0, metrics: {} };
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    // Powertools writes one EMF line a call; anything else goes out as it came.
    if (lines.length === 0 || !lines.every((line) => isEmf(line)))
      return write.call(process.stdout, chunk, ...(rest as []));
    for (const line of lines) addEmfLine(emf, line);
    const done = rest.at(-1);
    if (typeof done === 'function') (done as () => void)();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { result: await act(), emf };
  } finally {
    process.stdout.write = write;
  }
}
