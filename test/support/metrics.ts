/** One EMF line as a test reads it: the namespace, the dimension names and every dimension's and metric's value. */
export interface Emf {
  namespace: string;
  dimensions: string[] | undefined;
  values: Record<string, unknown>;
}

/** Runs `act` and returns the EMF lines (the domain metrics) it wrote to stdout, which it keeps quiet meanwhile. */
export async function emfOf(act: () => Promise<unknown>): Promise<Emf[]> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => {
      const emf = JSON.parse(line) as Record<string, unknown> & {
        _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
      };
      const [directive] = emf._aws.CloudWatchMetrics;
      if (!directive) throw new Error('No metric directive');
      const keys = [...(directive.Dimensions[0] ?? []), ...directive.Metrics.map((m) => m.Name)];
      return {
        namespace: directive.Namespace,
        dimensions: directive.Dimensions[0],
        values: Object.fromEntries(keys.map((k) => [k, emf[k]])),
      };
    });
}

/**
 * For the tests of one describe block: Powertools writes its metrics (test/support/quiet-logs.ts
 * turns them off for every other test), and POWERTOOLS_METRICS_DISABLED is as it was afterwards.
 */
export function useMetricsEnabled(): void {
  const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
  beforeAll(() => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  });
  afterAll(() => {
    if (disabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = disabled;
  });
}

/**
 * One domain metric's EMF line as `emfOf` reads it: namespace Houqin, the service (houqin) and
 * `dimensions` as its dimensions, and `metric`'s value, e.g. `domainEmf({ HazardsRaised: 1 }, { severity: 'high' })`.
 */
export function domainEmf(metric: Record<string, number>, dimensions: Record<string, string> = {}): Emf {
  return {
    namespace: 'Houqin',
    dimensions: ['service', ...Object.keys(dimensions)],
    values: { service: 'houqin', ...dimensions, ...metric },
  };
}
