import type { ComplianceReport } from '../compliance/compliance';
import { compareText } from './comparison';
import type { FormIndex } from './figures';
import type { ReportInput, ReportSchool } from './input';
import type { MonthSubmissions } from './month-submissions';
import type { MonthSpan } from '../time';
import type { SchoolRef } from './types';

/* What every section of the monthly rollup reads: the month sorted out once by rollUpDistrictMonth. */

export interface Context {
  input: ReportInput;
  span: MonthSpan;
  previousYearMonth: string;
  /** Schools registered on or before the month's last day and not archived before it: whom compliance covers. */
  registered: ReportSchool[];
  /** Roster schools whose submissions the figures count: `registered` and any other with a counted submission in the month. */
  counted: ReportSchool[];
  /** Ids of the roster schools not archived before the month. */
  active: Set<string>;
  names: Map<string, string>;
  month: MonthSubmissions;
  previous: MonthSubmissions;
  now: FormIndex;
  before: FormIndex;
  compliance: ComplianceReport;
  previousCompliance: ComplianceReport;
  /** Verified photo ids by owner (`<school>#<kind>#<id>`), in id order. */
  photosByOwner: Map<string, string[]>;
}

export function photosByOwner(photos: ReportInput['photos']): Map<string, string[]> {
  const byOwner = new Map<string, string[]>();
  const verified = photos
    .filter((photo) => photo.status === 'verified')
    .sort((a, b) => compareText(a.photoId, b.photoId));
  for (const photo of verified) {
    const key = `${photo.schoolId}#${photo.owner.kind}#${photo.owner.id}`;
    byOwner.set(key, [...(byOwner.get(key) ?? []), photo.photoId]);
  }
  return byOwner;
}

export function refOf(ctx: Context, schoolId: string): SchoolRef {
  return { schoolId, name: ctx.names.get(schoolId) ?? '' };
}
