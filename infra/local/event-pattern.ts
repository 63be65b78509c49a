/*
 * EventBridge event patterns, the subset the manifest uses: a pattern is an object whose keys
 * name fields of the event; a key holds either a nested pattern (e.g. under `detail`) or an array
 * of exact values, of which the event's field must equal one (or, if the field is an array,
 * contain one). Every key of the pattern must match; fields the pattern does not name are
 * ignored. Content filters (prefix, anything-but, numeric, exists, …) are refused up front, so
 * a manifest pattern never matches on AWS and silently not locally.
 */

type Primitive = string | number | boolean | null;

/** A pattern the local bus cannot evaluate. */
export class UnsupportedPatternError extends Error {
  constructor(path: string, what: string) {
    super(
      `Event pattern at ${path || '(root)'}: ${what} is not supported by the local bus (exact values and nested fields only)`,
    );
    this.name = 'UnsupportedPatternError';
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isPrimitive = (value: unknown): value is Primitive =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Throws UnsupportedPatternError unless `pattern` is of the supported subset (and not empty anywhere). */
export function checkPattern(pattern: unknown, path = ''): void {
  if (!isPlainObject(pattern)) throw new UnsupportedPatternError(path, 'a pattern must be an object');
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw new UnsupportedPatternError(path, 'an empty object');
  for (const key of keys) {
    const value = pattern[key];
    const at = path ? `${path}.${key}` : key;
    if (Array.isArray(value)) {
      if (value.length === 0) throw new UnsupportedPatternError(at, 'an empty array (EventBridge refuses it)');
      const filter = value.find((candidate) => !isPrimitive(candidate));
      if (filter !== undefined) throw new UnsupportedPatternError(at, `the content filter ${JSON.stringify(filter)}`);
    } else if (isPlainObject(value)) {
      checkPattern(value, at);
    } else {
      throw new UnsupportedPatternError(at, `the value ${JSON.stringify(value)} (match values go in an array)`);
    }
  }
}

function valueMatches(allowed: readonly unknown[], value: unknown): boolean {
  if (Array.isArray(value)) return value.some((element) => valueMatches(allowed, element));
  return isPrimitive(value) && allowed.some((candidate) => candidate === value);
}

/** Whether `event` matches `pattern` (checked with `checkPattern` first). */
export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  if (!isPlainObject(event)) return false;
  return Object.entries(pattern).every(([key, expected]) => {
    if (!(key in event)) return false;
    const actual = event[key];
    if (Array.isArray(expected)) return valueMatches(expected, actual);
    return isPlainObject(expected) && matchesPattern(expected, actual);
  });
}
