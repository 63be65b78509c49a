/*
 * What a test reads of the structured logs: stdout and stderr taken over while it runs.
 */

/** Takes over stdout and stderr (where Powertools' console writes) until `stop()`; nothing reaches the terminal. */
export function captureOutput() {
  const chunks: string[] = [];
  const swallow = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(swallow),
    jest.spyOn(process.stderr, 'write').mockImplementation(swallow),
  ];
  return {
    /** Where the output so far ends. */
    mark: () => chunks.length,
    /** The lines written since `mark`. */
    linesSince: (mark = 0) =>
      chunks
        .slice(mark)
        .join('')
        .split('\n')
        .filter((line) => line !== ''),
    stop: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
