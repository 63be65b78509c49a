import * as z from 'zod';
import type { Locale } from '../i18n';
import { say } from './messages';

/*
 * How long tokens work (issue 19 point 5). A token may carry an expiry (`expiresAt`); a school
 * token gets its district's validity unless the issuer names one, so a leaked sheet of school
 * tokens stops working by itself; `token rotate` issues a successor and leaves the old token a
 * grace period to be replaced on the phones that use it.
 */

/** Days a school token works when neither the issuer nor its district says otherwise. */
export const DEFAULT_SCHOOL_TOKEN_DAYS = 365;
/** The longest validity a token (or a district's school tokens) may be given. */
export const MAX_TOKEN_DAYS = 3650;
/** How long a rotated token keeps working beside its successor unless `--grace` says otherwise. */
export const DEFAULT_ROTATION_GRACE = '7d';
/** The longest grace period a rotation may give. */
export const MAX_GRACE_DAYS = 90;

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `365d` or `12h` (a whole number of days or hours) in milliseconds; undefined when it is neither. */
export function durationMs(text: string): number | undefined {
  const match = /^(\d{1,7})\s*([dh])$/i.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (match[2]!.toLowerCase() === 'd' ? DAY_MS : HOUR_MS);
}

/** A validity: `365d`, `12h` (1 hour to MAX_TOKEN_DAYS) as milliseconds, or `never` as null. */
export function validitySchema(locale: Locale) {
  const message = say('expiresIn', locale, { max: MAX_TOKEN_DAYS });
  return z.string({ error: message }).transform((text, context) => {
    if (/^\s*(never|永不过期|永久)\s*$/i.test(text)) return null;
    const ms = durationMs(text);
    if (ms === undefined || ms < HOUR_MS || ms > MAX_TOKEN_DAYS * DAY_MS) {
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return ms;
  });
}

/** A grace period: `7d`, `12h`, `0d` (0 to MAX_GRACE_DAYS) as milliseconds. */
export function graceSchema(locale: Locale) {
  const message = say('grace', locale, { max: MAX_GRACE_DAYS });
  return z.string({ error: message }).transform((text, context) => {
    const ms = durationMs(text);
    if (ms === undefined || ms > MAX_GRACE_DAYS * DAY_MS) {
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return ms;
  });
}

/** The instant `ms` after `now`, as stored (ISO-8601 UTC). */
export function expiryAfter(now: Date, ms: number): string {
  return new Date(now.getTime() + ms).toISOString();
}

/** Days as milliseconds (a district's school token validity is kept in days). */
export function daysMs(days: number): number {
  return days * DAY_MS;
}
