import type { Severity } from '../forms/types';
import { readDistrictRecord } from '../submissions/store';

/*
 * The one reader of a district's timezone and days to rectify, and the one place their defaults
 * live: every caller that needs a district's "today" or a hazard's due date asks here instead of
 * merging a stored item with its own fallback. It reads the district item through the
 * submission store's bare document client read (shared/submissions/store.ts), because recording
 * a submission calls it and that function's bundle keeps dynamodb-toolbox out.
 */

/** The timezone of a district that has none on record (or is not found). */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** Days to rectify by severity (DOMAIN.md § Hazards); a district may override. */
export const DEFAULT_DUE_DAYS: Record<Severity, number> = { critical: 1, high: 3, medium: 7, low: 30 };

/** What a district item stores of these settings; any of it may be missing. */
export interface StoredDistrictSettings {
  timezone?: string;
  hazardDueDays?: Partial<Record<Severity, number>>;
}

/** A district's timezone and days to rectify in effect: its own, else the defaults. */
export interface DistrictSettings {
  timezone: string;
  hazardDueDays: Record<Severity, number>;
}

/** The days to rectify in effect: the district's own for the severities it set, else the defaults. */
export function dueDaysInEffect(own: Partial<Record<Severity, number>> | undefined): Record<Severity, number> {
  return { ...DEFAULT_DUE_DAYS, ...own };
}

/** The settings in effect for a district item as stored (or undefined when there is none). */
export function settingsInEffect(stored: StoredDistrictSettings | undefined): DistrictSettings {
  return { timezone: stored?.timezone ?? DEFAULT_TIMEZONE, hazardDueDays: dueDaysInEffect(stored?.hazardDueDays) };
}

/** A district's settings in effect; undefined when the district is not found. */
export async function readDistrictSettings(districtId: string): Promise<DistrictSettings | undefined> {
  const stored = await readDistrictRecord(districtId);
  return stored && settingsInEffect(stored);
}

/** A district's timezone (DEFAULT_TIMEZONE when the district is not found). */
export async function districtTimezone(districtId: string): Promise<string> {
  return settingsInEffect(await readDistrictRecord(districtId)).timezone;
}
