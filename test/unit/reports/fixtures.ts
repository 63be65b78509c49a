import type {
  ReportHazard,
  ReportInput,
  ReportPhoto,
  ReportSchool,
  ReportSubmission,
} from '../../../shared/reports/input';
import type { QualityFlag } from '../../../shared/forms/quality';
import type { AnnualInput } from '../../../shared/reports/annual/compose';
import type { ReportPeriod } from '../../../shared/reports/annual/period';
import { shiftMonth } from '../../../shared/time';
import { allValidAnswers } from '../forms/examples';

/*
 * Hand-made months for the rollup's tests. Every builder returns a fresh object, so a test that
 * changes what it was given cannot touch the next test's month.
 */

/** The month the tests report: March 2026 (22 school days under the national calendar and default terms). */
export const MONTH = '2026-03';
/** The first instant after March 2026 in Asia/Shanghai (UTC+8). */
export const AS_OF = '2026-03-31T16:00:00.000Z';
export const NOW = new Date('2026-04-01T00:00:00.000Z');

type FormId = keyof typeof allValidAnswers;

/** A school of the roster (registered long ago, no canteen, not boarding unless told). */
export function school(schoolId: string, overrides: Partial<ReportSchool> = {}): ReportSchool {
  return {
    schoolId,
    name: `学校 ${schoolId}`,
    hasCanteen: false,
    boarding: false,
    nutritionProgramme: false,
    registeredOn: '2025-09-01',
    ...overrides,
  };
}

let sequence = 0;

/** A stored submission of `formType` with the catalogue example's answers, received at noon (Beijing) on its date unless told. */
export function submission(
  schoolId: string,
  formType: FormId,
  date: string,
  overrides: Partial<Omit<ReportSubmission, 'answers'>> & { answers?: Record<string, unknown> } = {},
): ReportSubmission {
  sequence += 1;
  const { answers, ...rest } = overrides;
  return {
    submissionId: `sub-${String(sequence).padStart(4, '0')}`,
    schoolId,
    formType,
    formVersion: 1,
    date,
    answers: { ...(allValidAnswers[formType] as Record<string, unknown>), ...answers },
    receivedAt: `${date}T04:00:00.000Z`,
    hazardIds: [],
    ...rest,
  };
}

/** A hazard raised on `foundOn` at noon Beijing time, with its history steps after that. */
export function hazard(
  hazardId: string,
  schoolId: string,
  overrides: Partial<Omit<ReportHazard, 'history'>> & {
    steps?: { action: string; status: string; at: string }[];
    raisedAt?: string;
    /** When the school rectified it: a step before `steps`. */
    rectifiedAt?: string;
    /** When an official verified the rectification: a step after `rectifiedAt`'s, before `steps`. */
    verifiedAt?: string;
  } = {},
): ReportHazard {
  const { steps = [], raisedAt, rectifiedAt, verifiedAt, ...rest } = overrides;
  const foundOn = rest.foundOn ?? '2026-03-10';
  return {
    hazardId,
    schoolId,
    formType: 'hazard-report',
    severity: 'high',
    category: 'electrical',
    title: { zh: '用电安全隐患', en: 'Electrical hazard' },
    place: '教学楼二楼',
    foundOn,
    dueDate: '2026-03-13',
    ...rest,
    history: [
      { action: 'raised', status: 'open', at: raisedAt ?? `${foundOn}T04:00:00.000Z` },
      ...(rectifiedAt ? [{ action: 'rectified', status: 'rectified', at: rectifiedAt }] : []),
      ...(verifiedAt ? [{ action: 'verified', status: 'verified', at: verifiedAt }] : []),
      ...steps,
    ],
  };
}

/** The quality flag of a work-study report whose stated total area (`reported`) is not the sum of its uses (`computed`). */
export function areaMismatchFlag(reported: number, computed: number): QualityFlag {
  return {
    code: 'total-differs-from-parts',
    field: 'answers.totalAreaMu',
    message: { zh: '总面积不符', en: 'Total differs' },
    details: { reported, computed },
  };
}

/** A photo, verified on 10 March unless told. */
export function photo(photoId: string, schoolId: string, overrides: Partial<ReportPhoto> = {}): ReportPhoto {
  return {
    photoId,
    schoolId,
    status: 'verified',
    verifiedAt: '2026-03-10T05:00:00.000Z',
    owner: { kind: 'submission', id: 'sub-x' },
    ...overrides,
  };
}

/** A district's month with nothing in it but what the test gives. */
export function month(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    district: { districtId: 'd-test', name: '测试市教育局', locale: 'zh-CN', timezone: 'Asia/Shanghai' },
    schools: [],
    month: MONTH,
    submissions: [],
    previousYearSubmissions: [],
    hazards: [],
    photos: [],
    now: NOW,
    ...overrides,
  };
}

/** A period's months as the annual rollup reads them: each month's submissions, the same month's a year before, no photos. */
export function annualMonths(period: ReportPeriod, submissions: ReportSubmission[]): AnnualInput['months'] {
  return period.months.map((month) => ({
    month,
    submissions: submissions.filter((s) => s.date.startsWith(month)),
    previousYearSubmissions: submissions.filter((s) => s.date.startsWith(shiftMonth(month, -12))),
    photos: [],
  }));
}
