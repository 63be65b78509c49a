import { decodeCursor, encodeCursor } from '../../../shared/db/cursor';
import { AppError } from '../../../shared/errors';
import { hazardListQuerySchema, hazardPartitions } from '../../../shared/hazards/query-hazards';
import { parseOrThrow } from '../../../shared/validation';

const key = { pk: 'HAZARD#d1#hz_1', sk: 'HAZARD', gsi2pk: 'DISTRICT#d1#HAZARDS#open', gsi2sk: '2026-11-23#hz_1' };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

describe('page cursors', () => {
  it('round-trips a key within the permitted partitions', () => {
    // Act
    const cursor = encodeCursor(key);
    // Assess
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'gsi2', ['DISTRICT#d1#HAZARDS#rectified', 'DISTRICT#d1#HAZARDS#open'])).toEqual(key);
    expect(encodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(undefined, 'gsi2', 'anything')).toBeUndefined();
  });

  it.each([
    ['another district', encodeCursor({ ...key, gsi2pk: 'DISTRICT#d2#HAZARDS#open' })],
    ['another index', encodeCursor({ pk: key.pk, sk: key.sk, gsi1pk: key.gsi2pk, gsi1sk: key.gsi2sk })],
    ['an extra attribute', encodeCursor({ ...key, status: 'open' })],
    ['a missing attribute', encodeCursor({ pk: key.pk, sk: key.sk, gsi2pk: key.gsi2pk })],
    ['a number', encodeCursor({ ...key, gsi2sk: 5 })],
    ['garbage', '%%%not-base64'],
    ['JSON that is not an object', Buffer.from('[1,2]').toString('base64url')],
  ])('refuses a cursor with %s', (_case, cursor) => {
    expect(codeOf(() => decodeCursor(cursor, 'gsi2', 'DISTRICT#d1#HAZARDS#open'))).toBe('INVALID_CURSOR');
  });
});

describe('hazard list query', () => {
  it('accepts status, school, overdue, limit and cursor', () => {
    expect(
      parseOrThrow(hazardListQuerySchema, { status: 'rectified', schoolId: 's1', overdue: 'true', limit: '20' }, 'en'),
    ).toEqual({
      status: 'rectified',
      schoolId: 's1',
      overdue: 'true',
      limit: 20,
    });
  });

  it.each([
    ['an unknown status', { status: 'closed' }, 'status'],
    ['an overdue that is not true or false', { overdue: 'yes' }, 'overdue'],
    ['a limit of 0', { limit: '0' }, 'limit'],
    ['an unknown parameter', { month: '2026-11' }, 'month'],
  ])('refuses %s, naming the parameter', (_case, query, field) => {
    // Act
    let details: { field: string }[] = [];
    try {
      parseOrThrow(hazardListQuerySchema, query, 'zh-CN');
    } catch (error) {
      details = (error as AppError).details as { field: string }[];
    }
    // Assess
    expect(details.map((d) => d.field)).toEqual([field]);
  });

  it('lists from the partitions the entity derives: a school, a district by status', () => {
    expect(hazardPartitions('d1', 's1', 'rectified')).toEqual({
      school: 'SCHOOL#d1#s1#HAZARDS',
      districtStatus: 'DISTRICT#d1#HAZARDS#rectified',
    });
  });
});
