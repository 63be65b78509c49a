import { checkPattern, matchesPattern, UnsupportedPatternError } from '../../../infra/local/event-pattern';

const criticalRaised = { source: ['houqin'], 'detail-type': ['HazardRaised'], detail: { severity: ['critical'] } };
const event = (overrides: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'e-1',
  source: 'houqin',
  'detail-type': 'HazardRaised',
  account: '000000000000',
  time: '2026-05-10T13:42:07Z',
  region: 'ap-east-1',
  resources: [],
  detail: { severity: 'critical', districtId: 'huaying', tags: ['night', 'dormitory'] },
  ...overrides,
});

describe('local event patterns', () => {
  it('matches when every field the pattern names equals one of its values', () => {
    // Act / Assess
    expect(matchesPattern(criticalRaised, event())).toBe(true);
    expect(matchesPattern({ 'detail-type': ['HazardRectified', 'HazardRaised'] }, event())).toBe(true);
  });

  it('does not match another value, another source or another detail-type', () => {
    // Act / Assess
    expect(matchesPattern(criticalRaised, event({ detail: { severity: 'high' } }))).toBe(false);
    expect(matchesPattern(criticalRaised, event({ source: 'aws.s3' }))).toBe(false);
    expect(matchesPattern(criticalRaised, event({ 'detail-type': 'SubmissionRecorded' }))).toBe(false);
  });

  it('does not match when a named field is missing, or a nested pattern meets a plain value', () => {
    // Act / Assess
    expect(matchesPattern(criticalRaised, event({ detail: { districtId: 'huaying' } }))).toBe(false);
    expect(matchesPattern(criticalRaised, event({ detail: 'critical' }))).toBe(false);
    expect(matchesPattern({ detail: { severity: ['critical'] } }, { detail: null })).toBe(false);
  });

  it('matches an array field when any element is one of the values, exactly (no type coercion)', () => {
    // Act / Assess
    expect(matchesPattern({ detail: { tags: ['dormitory'] } }, event())).toBe(true);
    expect(matchesPattern({ detail: { tags: ['canteen'] } }, event())).toBe(false);
    expect(matchesPattern({ detail: { count: [1] } }, event({ detail: { count: '1' } }))).toBe(false);
    expect(matchesPattern({ detail: { count: [1] } }, event({ detail: { count: 1 } }))).toBe(true);
  });

  it('ignores fields the pattern does not name', () => {
    // Act / Assess
    expect(matchesPattern({ source: ['houqin'] }, event({ detail: { anything: true } }))).toBe(true);
  });

  it.each([
    ['a content filter', { detail: { severity: [{ prefix: 'crit' }] } }],
    ['a bare value', { source: 'houqin' }],
    ['an empty array', { source: [] }],
    ['an empty object', { detail: {} }],
  ])('refuses %s, which it cannot evaluate as EventBridge does', (_what, pattern) => {
    // Act / Assess
    expect(() => checkPattern(pattern)).toThrow(UnsupportedPatternError);
  });

  it('accepts the subset: exact values, nested under detail', () => {
    // Act / Assess
    expect(() => checkPattern(criticalRaised)).not.toThrow();
  });
});
