import { pageTiming, unionMs } from '../../../bench/support/page-timing';

describe('the console bench’s page timing', () => {
  it('counts overlapping API calls once and the gaps between them not at all', () => {
    expect(
      unionMs([
        [100, 300],
        [200, 400],
        [250, 260],
        [500, 600],
      ]),
    ).toBe(400);
    expect(unionMs([])).toBe(0);
  });

  it('splits a load into the app’s start before its first call and the time from that call to the figures', () => {
    // Prepare: the app starts for 300 ms, then /v1/me, then /v1/overview and /v1/forms together
    const api = [
      [300, 400],
      [420, 1_400],
      [430, 600],
    ] as const;
    // Act
    const timing = pageTiming(1_600, api);
    // Assess
    expect(timing).toEqual({ renderMs: 1_600, bootMs: 300, afterFirstCallMs: 1_300, apiMs: 1_080 });
  });

  it('refuses a load without an API call', () => {
    expect(() => pageTiming(1_000, [])).toThrow('no API call');
  });
});
