import { settingsChange, type StoredSettings } from '../../../shared/directory/districts';
import type { DistrictSettingsInput } from '../../../shared/directory/schemas';
import { AppError } from '../../../shared/errors';
import type { Locale } from '../../../shared/i18n';

/** The field issues `settingsChange` refuses with (fails the test if it accepts). */
export function refusal(
  stored: StoredSettings,
  input: DistrictSettingsInput,
  locale: Locale = 'en',
): { field: string; label?: string; reason: string }[] {
  let caught: unknown;
  try {
    settingsChange(stored, input, locale);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe('VALIDATION_FAILED');
  return (caught as AppError).details as { field: string; label?: string; reason: string }[];
}
