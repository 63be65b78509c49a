import * as z from 'zod';
import type { Principal } from '../auth/principal';
import { monthWarnings, type NationalCalendarWarning } from '../calendar/coverage';
import type { Locale } from '../i18n';
import { AppError, DetailsByLocale } from '../errors';
import { localize, type Text } from '../i18n';
import { isMonth, monthOf } from '../time';
import {
  complianceFor,
  type ComplianceReport,
  type FormCompliance,
  type SchoolCompliance,
  type Tally,
} from './compliance';
import { loadDistrictMonth, type LoadOptions } from './load';
import type { TallyView } from './view-types';

type Reader = Extract<Principal, { role: 'school' | 'official' }>;

/** GET /v1/compliance's query: only `month` (YYYY-MM); unknown keys are refused. */
export const complianceQuerySchema = z
  .object({
    month: z
      .string()
      .refine(isMonth, { params: { text: { zh: '应为月份，格式 YYYY-MM', en: 'Expected a month written YYYY-MM' } } })
      .optional(),
  })
  .strict();
export type ComplianceQuery = z.infer<typeof complianceQuerySchema>;

const MONTH_LABEL: Text = { zh: '月份', en: 'month' };

/** Why a month that has not begun has no compliance. */
const MONTH_NOT_BEGUN: Text = {
  zh: '{month} 尚未开始（按区县时区，今天是 {today}），还没有应交的表单',
  en: '{month} has not begun yet (district time; today is {today}): nothing is due yet',
};

/** VALIDATION_FAILED on `month` when it lies after the district's current month. */
export function refuseFutureMonth(month: string, today: string): void {
  if (month <= monthOf(today)) return;
  throw new AppError(
    'VALIDATION_FAILED',
    DetailsByLocale.of((locale) => [
      {
        field: 'month',
        label: localize(MONTH_LABEL, locale),
        value: month,
        reason: localize(MONTH_NOT_BEGUN, locale).replace('{month}', month).replace('{today}', today),
      },
    ]),
  );
}

export type { TallyView };

/** One school's row: overall and per form type. */
export interface SchoolComplianceView extends TallyView {
  schoolId: string;
  name: string;
  forms: ({ formType: string } & TallyView)[];
}

/** GET /v1/compliance for a school: its own row only. */
export interface ComplianceViewForSchool {
  month: string;
  /** The last day counted: today (district time) while the month is under way, else its last day. */
  asOf: string;
  /** Whether the whole month is counted; false while it is under way. */
  complete: boolean;
  schoolDays: number;
  /** School days up to and including `asOf`. */
  schoolDaysToDate: number;
  threshold: number;
  schools: SchoolComplianceView[];
}

/** GET /v1/compliance for an official: the district, every school, the schools under the threshold. */
export interface ComplianceViewForOfficial extends ComplianceViewForSchool {
  district: TallyView;
  byFormType: ({ formType: string; cadence: string } & TallyView)[];
  belowThreshold: { schoolId: string; name: string; rate: number | null }[];
}

/** What the figures may get wrong: a term in a year without national holidays counts them as school days (shared/calendar/coverage.ts). */
export interface ComplianceWarnings {
  warnings: NationalCalendarWarning[];
}

/** A rate as the API shows it: four decimals (0.01 %), null when nothing was expected. */
function shownRate(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 10_000) / 10_000;
}

function tallyView(tally: Tally): TallyView {
  return { expected: tally.expected, submitted: tally.submitted, rate: shownRate(tally.rate) };
}

function schoolView(school: SchoolCompliance): SchoolComplianceView {
  return {
    schoolId: school.schoolId,
    name: school.name,
    ...tallyView(school),
    forms: school.forms.map((form) => ({ formType: form.formType, ...tallyView(form) })),
  };
}

function formTypeView(form: FormCompliance) {
  return { formType: form.formType, cadence: form.cadence, ...tallyView(form) };
}

/**
 * What GET /v1/compliance returns, by explicit whitelist. An official sees the district, every
 * school and the schools under the threshold; a school sees only its own row (nothing summed
 * over the district, which would tell it about other schools).
 */
export function complianceView(report: ComplianceReport, role: 'school'): ComplianceViewForSchool;
export function complianceView(report: ComplianceReport, role: 'official'): ComplianceViewForOfficial;
export function complianceView(
  report: ComplianceReport,
  role: Reader['role'],
): ComplianceViewForSchool | ComplianceViewForOfficial;
export function complianceView(
  report: ComplianceReport,
  role: Reader['role'],
): ComplianceViewForSchool | ComplianceViewForOfficial {
  const common = {
    month: report.month,
    asOf: report.asOf,
    complete: report.complete,
    schoolDays: report.schoolDays,
    schoolDaysToDate: report.schoolDaysToDate,
    threshold: report.threshold,
  };
  if (role === 'school') return { ...common, schools: report.schools.map(schoolView) };
  return {
    ...common,
    district: tallyView(report.district),
    byFormType: report.byFormType.map(formTypeView),
    schools: report.schools.map(schoolView),
    belowThreshold: report.belowThreshold.map((school) => ({
      schoolId: school.schoolId,
      name: school.name,
      rate: shownRate(school.rate),
    })),
  };
}

/**
 * Expected against submitted for a month (default: the current month in district time): an
 * official for their district, a school for itself only. The current month is counted as of
 * today (district time, from `options.now`, the caller's clock); a month after it is refused
 * (VALIDATION_FAILED on `month`).
 */
export async function getCompliance(
  principal: Reader,
  query: ComplianceQuery,
  locale: Locale,
  options: Omit<LoadOptions, 'schoolId'> = {},
): Promise<(ComplianceViewForSchool | ComplianceViewForOfficial) & ComplianceWarnings> {
  const loaded = await loadDistrictMonth(principal.districtId, query.month, {
    ...options,
    ...(principal.role === 'school' ? { schoolId: principal.schoolId } : {}),
  });
  refuseFutureMonth(loaded.month, loaded.today);
  const report = complianceFor(loaded.district, loaded.schools, loaded.submissions, loaded.month, undefined, {
    today: loaded.today,
  });
  return {
    ...complianceView(report, principal.role),
    warnings: monthWarnings(loaded.month, loaded.district.calendar, locale),
  };
}
