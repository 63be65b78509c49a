import { canonicalJson, hashOf } from '../../shared/canonical-json';

describe('canonicalJson', () => {
  it('serializes equal objects equally whatever their key order', () => {
    // Prepare
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: '字' } };
    const b = { a: { c: '字', d: [1, { x: 1, y: 2 }] }, b: 1 };
    // Act / Assess
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(hashOf(a)).toBe(hashOf(b));
  });

  it('tells different values apart, including array order', () => {
    expect(hashOf({ a: [1, 2] })).not.toBe(hashOf({ a: [2, 1] }));
    expect(hashOf({ a: 1 })).not.toBe(hashOf({ a: '1' }));
  });
});
