import { conflictBackoffMs, isWriteConflict, retryOnConflict } from '../../../shared/db/retry';

const conditionFailed = () => Object.assign(new Error('condition'), { name: 'ConditionalCheckFailedException' });
const cancelled = (...codes: string[]) =>
  Object.assign(new Error('cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('retryOnConflict', () => {
  it('calls again after a conflict and returns what the first successful attempt returns', async () => {
    // Prepare
    const seen: number[] = [];
    // Act
    const result = await retryOnConflict(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw conditionFailed();
        return 'written';
      },
      { attempts: 5 },
    );
    // Assess
    expect(result).toBe('written');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('throws what `exhausted` makes (else the last conflict) once every attempt lost', async () => {
    // Prepare
    let calls = 0;
    const run = async () => {
      calls += 1;
      throw cancelled('None', 'TransactionConflict');
    };
    // Act / Assess
    await expect(retryOnConflict(run, { attempts: 3, exhausted: () => new Error('busy') })).rejects.toThrow('busy');
    expect(calls).toBe(3);
    await expect(retryOnConflict(run, { attempts: 2 })).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(calls).toBe(5);
  });

  it('throws any other error at once, and follows the caller’s own idea of a conflict', async () => {
    // Prepare
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('not a conflict');
    };
    // Act / Assess
    await expect(retryOnConflict(failing, { attempts: 5 })).rejects.toThrow('not a conflict');
    expect(calls).toBe(1);
    await expect(
      retryOnConflict(failing, { attempts: 2, isConflict: (error) => (error as Error).message === 'not a conflict' }),
    ).rejects.toThrow('not a conflict');
    expect(calls).toBe(3);
  });

  it('tells a lost race from other failures, and backs off more after each loss, up to about a second', () => {
    // Assess
    expect(isWriteConflict(conditionFailed())).toBe(true);
    expect(isWriteConflict(cancelled('None', 'ConditionalCheckFailed'))).toBe(true);
    expect(isWriteConflict(cancelled('TransactionConflict'))).toBe(true);
    expect(isWriteConflict(cancelled('ValidationError'))).toBe(false);
    expect(isWriteConflict(new Error('x'))).toBe(false);
    expect(conflictBackoffMs(1)).toBeGreaterThanOrEqual(20);
    expect(conflictBackoffMs(1)).toBeLessThan(40);
    expect(conflictBackoffMs(3)).toBeGreaterThanOrEqual(80);
    expect(conflictBackoffMs(20)).toBeLessThan(1_020);
  });
});
