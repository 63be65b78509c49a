import * as z from 'zod';
import { AppError, DetailsByLocale, toErrorBody } from '../../shared/errors';
import { LOCALES } from '../../shared/i18n';
import { parseInput, parseOrThrow } from '../../shared/validation';

const schema = z.object({ bytes: z.number().int().min(1), kind: z.enum(['a', 'b']) }).strict();
const labels = { bytes: { zh: '文件大小', en: 'File size' } };
const bad = { bytes: 0, kind: 'c', extra: true };

/** What `run` throws (a test that expects a refusal fails when nothing is thrown). */
const thrown = (run: () => unknown): Promise<AppError> =>
  Promise.resolve()
    .then(run)
    .then(
      () => Promise.reject(new Error('nothing thrown')),
      (error: unknown) => error as AppError,
    );

describe('errors a domain core throws without knowing the caller’s locale', () => {
  it('parseInput refuses as parseOrThrow does, each field’s reason in the locale the error is rendered in', async () => {
    // Act
    const refusal = await thrown(() => parseInput(schema, bad, labels));
    // Assess
    expect(refusal.code).toBe('VALIDATION_FAILED');
    for (const locale of LOCALES) {
      const asParseOrThrow = toErrorBody(await thrown(() => parseOrThrow(schema, bad, locale, labels)), locale);
      expect(toErrorBody(refusal, locale)).toEqual(asParseOrThrow);
    }
    expect(toErrorBody(refusal, 'en').body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'bytes', label: 'File size' })]),
    );
    expect(toErrorBody(refusal, 'zh-CN').body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'bytes', label: '文件大小' })]),
    );
  });

  it('parseInput returns the parsed value', () => {
    expect(parseInput(schema, { bytes: 3, kind: 'b' })).toEqual({ bytes: 3, kind: 'b' });
  });

  it('renders DetailsByLocale in the caller’s locale and plain details as they are', () => {
    // Prepare
    const byLocale = new AppError(
      'NOT_FOUND',
      DetailsByLocale.of((locale) => ({ said: locale })),
    );
    const plain = new AppError('NOT_FOUND', { said: 'once' });
    // Assess
    expect(toErrorBody(byLocale, 'en').body.error.details).toEqual({ said: 'en' });
    expect(toErrorBody(byLocale, 'zh-CN').body.error.details).toEqual({ said: 'zh-CN' });
    expect(toErrorBody(plain, 'en').body.error.details).toEqual({ said: 'once' });
  });
});
