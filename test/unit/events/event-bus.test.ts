import type { FunctionSpec } from '../../../functions/manifest';
import { createEventBus, type WireEntry } from '../../../infra/local/event-bus';
import type { LambdaHandler } from '../../../infra/local/lambda-runtime';
import { testFunctionSpec } from '../../support/manifest';

// A manifest of its own: one function on the critical-hazard rule, one on every HazardRectified.
const spec = (name: string, triggers: FunctionSpec['triggers']) => testFunctionSpec(name, triggers);
const MANIFEST: FunctionSpec[] = [
  spec('alert', [
    {
      kind: 'bus',
      rule: 'critical-hazard-raised',
      pattern: { 'detail-type': ['HazardRaised'], detail: { severity: ['critical'] } },
    },
  ]),
  spec('audit', [{ kind: 'bus', rule: 'rectified', pattern: { 'detail-type': ['HazardRectified'] } }]),
  spec('api', [{ kind: 'http', method: 'GET', path: '/v1/forms' }]),
];

function setUp(handlers: Partial<Record<string, LambdaHandler>>, unmatchedSummaryMs?: number) {
  const calls: { name: string; event: Record<string, unknown> }[] = [];
  const lines: string[] = [];
  const bus = createEventBus({
    busName: 'houqin-local',
    functions: MANIFEST,
    retryDelaysMs: [1, 1],
    loadHandler: async (fn) => async (event, context) => {
      calls.push({ name: fn.name, event: event as Record<string, unknown> });
      const handler = handlers[fn.name];
      return handler ? handler(event, context) : undefined;
    },
    log: (line) => lines.push(line),
    logError: () => undefined,
    ...(unmatchedSummaryMs ? { unmatchedSummaryMs } : {}),
  });
  return { bus, calls, lines };
}

const entry = (detailType: string, detail: unknown, overrides: Partial<WireEntry> = {}): WireEntry => ({
  EventBusName: 'houqin-local',
  Source: 'houqin',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
  Time: 1778420527,
  ...overrides,
});

describe('local event bus', () => {
  afterEach(() => jest.useRealTimers());

  it('delivers a critical HazardRaised to the rule’s function as EventBridge shapes the event', async () => {
    // Prepare
    const { bus, calls, lines } = setUp({});
    // Act
    const [result] = bus.putEvents([entry('HazardRaised', { severity: 'critical', hazardId: 'hz_1' })]);
    await bus.idle();
    // Assess
    expect(result).toEqual({ EventId: expect.any(String) });
    expect(calls).toEqual([
      {
        name: 'alert',
        event: {
          version: '0',
          id: (result as { EventId: string }).EventId,
          'detail-type': 'HazardRaised',
          source: 'houqin',
          account: '000000000000',
          time: '2026-05-10T13:42:07Z',
          region: 'ap-east-1',
          resources: [],
          detail: { severity: 'critical', hazardId: 'hz_1' },
        },
      },
    ]);
    expect(lines).toEqual([
      expect.stringMatching(/^event HazardRaised → alert \(rule critical-hazard-raised\) ok \d+ms$/),
    ]);
  });

  it('delivers nothing for an event no rule matches, and names only the first of its detail-type at once', async () => {
    // Prepare
    const { bus, calls, lines } = setUp({});
    // Act
    bus.putEvents([
      entry('HazardRaised', { severity: 'high' }),
      entry('HazardRaised', { severity: 'critical' }, { Source: 'someone.else' }),
    ]);
    await bus.idle();
    // Assess
    expect(calls).toEqual([]);
    expect(lines).toEqual(['event HazardRaised (no rule matches)']);
  });

  it('counts the later unmatched events and sums them up in one line when the summary is due', () => {
    // Prepare
    jest.useFakeTimers();
    const { bus, lines } = setUp({}, 5_000);
    const recorded = entry('SubmissionRecorded', { submissionId: 's1' });
    // Act
    bus.putEvents([
      entry('HazardRaised', { severity: 'high' }),
      recorded,
      recorded,
      recorded,
      entry('HazardRaised', { severity: 'low' }),
    ]);
    const before = [...lines];
    jest.advanceTimersByTime(5_000);
    // Assess
    expect(before).toEqual(['event HazardRaised (no rule matches)', 'event SubmissionRecorded (no rule matches)']);
    expect(lines.slice(2)).toEqual(['3 more events matched no rule: SubmissionRecorded ×2, HazardRaised ×1']);
  });

  it('sums up the pending count when asked (as stop does), and not again when the timer fires', () => {
    // Prepare
    jest.useFakeTimers();
    const { bus, lines } = setUp({}, 5_000);
    bus.putEvents([entry('HazardRaised', { severity: 'high' }), entry('HazardRaised', { severity: 'high' })]);
    // Act
    bus.summariseUnmatched();
    jest.advanceTimersByTime(5_000);
    // Assess
    expect(lines).toEqual(['event HazardRaised (no rule matches)', '1 more event matched no rule: HazardRaised ×1']);
  });

  it('logs every matched delivery, however many', async () => {
    // Prepare
    const { bus, lines } = setUp({});
    // Act
    bus.putEvents([entry('HazardRaised', { severity: 'critical' }), entry('HazardRaised', { severity: 'critical' })]);
    await bus.idle();
    // Assess
    expect(lines).toEqual([
      expect.stringMatching(/^event HazardRaised → alert .* ok \d+ms$/),
      expect.stringMatching(/^event HazardRaised → alert .* ok \d+ms$/),
    ]);
  });

  it('routes each event to its own rule', async () => {
    // Prepare
    const { bus, calls } = setUp({});
    // Act
    bus.putEvents([entry('HazardRectified', { hazardId: 'hz_2' }), entry('HazardRaised', { severity: 'critical' })]);
    await bus.idle();
    // Assess
    expect(calls.map((c) => c.name).sort()).toEqual(['alert', 'audit']);
  });

  it('retries a failing delivery twice, as Lambda’s asynchronous invocation does, then gives up', async () => {
    // Prepare
    const { bus, calls, lines } = setUp({
      alert: async () => {
        throw new Error('SES is down');
      },
    });
    // Act
    bus.putEvents([entry('HazardRaised', { severity: 'critical' })]);
    await bus.idle();
    // Assess
    expect(calls).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/failed .*on AWS the event would now go to alert's failure queue/);
  });

  it('refuses an entry for another bus, one without a detail-type, and a detail that is not a JSON object', () => {
    // Prepare
    const { bus } = setUp({});
    // Act
    const results = bus.putEvents([
      entry('HazardRaised', {}, { EventBusName: 'default' }),
      entry('HazardRaised', {}, { DetailType: undefined }),
      entry('HazardRaised', {}, { Detail: '[1,2]' }),
      entry('HazardRaised', {}, { EventBusName: 'arn:aws:events:ap-east-1:000000000000:event-bus/houqin-local' }),
    ]);
    // Assess
    expect(results.map((r) => ('ErrorCode' in r ? r.ErrorCode : 'ok'))).toEqual([
      'NotFoundException',
      'InvalidArgument',
      'MalformedDetail',
      'ok',
    ]);
  });

  it('lists its rules from the manifest’s bus triggers only, with Houqin’s source', () => {
    // Act
    const { bus } = setUp({});
    // Assess
    expect(bus.rules.map(({ rule, spec: fn, pattern }) => [rule, fn.name, pattern.source])).toEqual([
      ['critical-hazard-raised', 'alert', ['houqin']],
      ['rectified', 'audit', ['houqin']],
    ]);
  });
});
