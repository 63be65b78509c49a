import type { Severity } from '../../forms/types';
import type {
  AreaUseId,
  CoverageId,
  InsuranceSchoolRow,
  DataQualityNoteKind,
  HazardCounts,
  Rate,
  ReportDistrict,
  SchoolRef,
  SubmissionCounts,
  TargetComparison,
} from '../types';

/*
 * The year-end summary (年度后勤工作总结（数据部分）) as plain JSON: what `rollUpDistrictPeriod`
 * produces from the twelve monthly reports of a period, what is stored in S3, what
 * GET /v1/annual-reports/{period} returns and what the workbook, the Word document and the
 * e-mail read. The sections follow the headings of the bureaus' own summaries (the seeds):
 * schools and students, insurance, energy and water, greening, work-study, canteen food safety,
 * dormitory, electrical and fire safety, drills and education, hazards, compliance, data quality.
 *
 * Conventions are the monthly report's (../types.ts): every rate a `Rate` of counts; sums of
 * measured quantities rounded to the hundredth; lists sorted worst first, ties by school id.
 * "Absent is not zero": a previous-year figure is null when no month of the previous period has
 * data for it, and `previousYearMonths` says how many months had some.
 */

/** The shape version of `AnnualReport`. */
export const ANNUAL_REPORT_VERSION = 1 as const;

/** The sections in the order the document, the workbook and the mail show them. */
export const ANNUAL_SECTIONS = [
  'schools',
  'insurance',
  'energy',
  'greening',
  'workStudy',
  'canteen',
  'safety',
  'drillsEducation',
  'hazards',
  'compliance',
  'dataQuality',
] as const;
export type AnnualSectionId = (typeof ANNUAL_SECTIONS)[number];

/** A figure over the period against the period a year earlier. */
export interface PeriodYearOnYear {
  /** The period's value (the sum of its months). */
  current: number;
  /** The sum over the months of the previous period that have data for the figure; null when none has. */
  previousYear: number | null;
  /** How many of the twelve compared months had data a year earlier. */
  previousYearMonths: number;
  /** (current − previousYear) / previousYear × 100, rounded to 0.01; null when previousYear is null or 0. */
  changePercent: number | null;
}

/** One month of a trend. */
export interface MonthPoint {
  month: string;
  value: number | null;
}

/** The year-end summary of one district. */
export interface AnnualReport {
  /** What this JSON is: always 'annual' (a monthly report has no `kind`). */
  kind: 'annual';
  /** Shape version: 1. */
  reportVersion: typeof ANNUAL_REPORT_VERSION;
  district: ReportDistrict;
  /** `2026` (calendar year) or `2025-26` (school year, September to August). */
  period: string;
  periodKind: 'calendar-year' | 'school-year';
  /** The twelve months, first to last. */
  months: string[];
  /** The period compared with. */
  previousPeriod: string;
  /** The instant the period ends (district time): hazard states are those of that instant. */
  asOf: string;
  /** When it was produced (ISO-8601 UTC). */
  producedAt: string;
  /** What it was made from. */
  sources: AnnualSources;
  sections: AnnualSections;
}

/** Counts of what the summary read, per month and in all. */
export interface AnnualSources {
  /** Schools in the roster at the end of the period. */
  schoolsInRoster: number;
  /** Submissions of the period (the twelve months' counts added). */
  submissions: SubmissionCounts;
  /** Submissions of the previous period. */
  previousYearSubmissions: SubmissionCounts;
  /** Distinct hazards read. */
  hazards: number;
  /** Photos read. */
  photos: number;
  /** Each month's counts, in order. */
  byMonth: { month: string; submissions: SubmissionCounts; previousYearSubmissions: SubmissionCounts }[];
}

export interface AnnualSections {
  schools: AnnualSchoolsSection;
  insurance: AnnualInsuranceSection;
  energy: AnnualEnergySection;
  greening: AnnualGreeningSection;
  workStudy: AnnualWorkStudySection;
  canteen: AnnualCanteenSection;
  safety: AnnualSafetySection;
  drillsEducation: AnnualDrillsEducationSection;
  hazards: AnnualHazardSection;
  compliance: AnnualComplianceSection;
  dataQuality: AnnualDataQualitySection;
}

/** 一、Schools and students. */
export interface AnnualSchoolsSection {
  /** Roster schools at the end of the period. */
  schoolsInRoster: number;
  /** Of them, registered (expected to report) by the period's last day. */
  schoolsRegistered: number;
  /** Registered during the period. */
  newSchools: number;
  /** With a canteen; boarding (dormitories). */
  withCanteen: number;
  boarding: number;
  /** Schools with at least one counted submission in the period. */
  schoolsReporting: number;
  /** Students enrolled: each school's latest insurance enrolment report of the period, added up. */
  students: number;
  /** Schools whose students are counted (those with an enrolment report in the period). */
  schoolsWithEnrolment: number;
}

/** 二、Insurance: each school's latest enrolment report of the period. */
export interface AnnualInsuranceSection {
  schoolsReporting: number;
  studentsEnrolled: number;
  /** Per coverage, in COVERAGE_IDS order: covered / enrolled over those schools. */
  coverages: {
    coverage: CoverageId;
    covered: Rate;
    target: TargetComparison | null;
    lowest: (SchoolRef & { covered: Rate })[];
  }[];
  /** Schools that bought canteen food-safety liability insurance / schools it applies to. */
  canteenFoodSafetyLiability: Rate;
  /** Schools that bought internship insurance / schools it applies to. */
  internshipInsurance: Rate;
  /** Each reporting school's latest report: the month it is from and its rates, lowest school-liability rate first. */
  schools: (InsuranceSchoolRow & { month: string })[];
}

/** 三、Energy and water against the previous period and the targets. */
export interface AnnualEnergySection {
  /** All readings of the period, and of the previous one. */
  electricityKwh: PeriodYearOnYear;
  waterM3: PeriodYearOnYear;
  /**
   * The fair comparison: only the school-months with a reading both in the month and in the
   * same month a year earlier (the monthly reports' like-for-like), added up over the period.
   */
  comparable: {
    /** Schools with at least one comparable month. */
    schools: number;
    /** School-months compared. */
    schoolMonths: number;
    electricityKwh: PeriodYearOnYear;
    waterM3: PeriodYearOnYear;
  };
  targets: {
    /** The comparable reduction in % against the district's reduction target (actual = −changePercent). */
    electricityReductionPercent: TargetComparison | null;
    waterReductionPercent: TargetComparison | null;
    /** Months whose total stayed within the district's monthly cap, of the months with readings; null without a cap. */
    electricityMonthsWithinCap: Rate | null;
    waterMonthsWithinCap: Rate | null;
  };
  /** Per school over its comparable months: largest electricity increase first (no comparison last). */
  schools: (SchoolRef & {
    comparableMonths: number;
    electricityKwh: number;
    previousYearElectricityKwh: number;
    electricityChangePercent: number | null;
    waterM3: number;
    previousYearWaterM3: number;
    waterChangePercent: number | null;
  })[];
  /** Each month: electricity and water this period and a year earlier. */
  byMonth: {
    month: string;
    electricityKwh: number;
    previousYearElectricityKwh: number | null;
    waterM3: number;
    previousYearWaterM3: number | null;
  }[];
}

/** 四、Greening. */
export interface AnnualGreeningSection {
  /** Schools with at least one greening project in the period. */
  schools: number;
  projects: PeriodYearOnYear;
  plantsAdded: PeriodYearOnYear;
  areaAddedMu: number;
  investmentYuan: PeriodYearOnYear;
}

/** 五、Work-study and labour-practice bases. */
export interface AnnualWorkStudySection {
  /** The month the base area is from: the period's last month with work-study reports (an area is a stock, not added over months); null when none. */
  areaMonth: string | null;
  /** Schools reporting that month. */
  areaSchools: number;
  /** Base area that month: the sum of the uses, never the stated totals. */
  areaMu: number;
  areaByUse: Record<AreaUseId, number>;
  /** Schools with at least one work-study report in the period. */
  schools: number;
  /** Income, costs and net, added over the months. */
  incomeYuan: PeriodYearOnYear;
  costsYuan: number;
  netYuan: PeriodYearOnYear;
  produceToCanteenYuan: number;
  recyclingIncomeYuan: number;
  /** Student participations (人次), added over the months. */
  studentParticipations: number;
  /** Reports whose stated total area differs from the sum of its uses. */
  totalsNotAddingUp: number;
}

/** 六、Canteen food safety. */
export interface AnnualCanteenSection {
  /** Schools with a canteen at the end of the period. */
  schoolsWithCanteen: number;
  checks: PeriodYearOnYear;
  sampleRetention: Rate;
  healthCertificates: Rate;
  disinfection: Rate;
  leaderMeals: Rate;
  mealsServed: PeriodYearOnYear;
  foodWasteKg: PeriodYearOnYear;
  /** Food waste per meal in grams; null without meals. */
  foodWasteGramsPerMeal: number | null;
}

/** 七、Dormitory, electrical and fire safety. */
export interface AnnualSafetySection {
  dormitory: {
    boardingSchools: number;
    patrols: PeriodYearOnYear;
    prohibitedAppliances: PeriodYearOnYear;
    studentsUnaccounted: number;
    strangersFound: number;
    fireExitsBlocked: Rate;
  };
  electricalFire: {
    checks: number;
    extinguishersReplaced: PeriodYearOnYear;
    ageingWiresFound: PeriodYearOnYear;
    /** Over every check of the period: expired extinguishers found / extinguishers checked. */
    extinguishersExpired: Rate;
    emergencyLightsWorking: Rate;
  };
}

/** 八、Drills and safety education. */
export interface AnnualDrillsEducationSection {
  drills: {
    count: PeriodYearOnYear;
    participants: PeriodYearOnYear;
    byKind: Record<string, number>;
    /** Mean minutes to evacuate over every timed drill; null when none was timed. */
    meanEvacuationMinutes: number | null;
    /** School-months with a drill / school-months a drill was due. */
    schoolMonthsWithDrill: Rate;
    /** Schools that went months without a drill when one was due: most months first. */
    schoolsMissingDrills: (SchoolRef & { months: number })[];
  };
  education: {
    events: PeriodYearOnYear;
    participants: PeriodYearOnYear;
    lettersToParents: number;
    byTopic: Record<string, number>;
  };
}

/** 九、Hazards found, rectified, verified and overdue. */
export interface AnnualHazardSection {
  /** Found in the period, by severity and category. */
  found: HazardCounts;
  foundYearOnYear: PeriodYearOnYear;
  /** Of those: rectified or verified at the end of the period. */
  rectified: HazardCounts;
  /** Of those: verified (closed by an official) at the end of the period. */
  verified: HazardCounts;
  /** Of those: still open at the end of the period. */
  open: HazardCounts;
  /** Of those: open and past their due date at the end of the period. */
  overdue: HazardCounts;
  /** rectified / found. */
  rectification: Rate;
  /** Open at the end of the period whenever found, and of them overdue (the last month's report). */
  openAtPeriodEnd: HazardCounts;
  overdueAtPeriodEnd: HazardCounts;
  /** Rectifications, verifications and reopenings during the period (the months' counts added). */
  rectifications: number;
  verifications: number;
  reopenings: number;
  /** Each month: hazards found, and open at its end. */
  byMonth: { month: string; found: number; openAtMonthEnd: number; overdueAtMonthEnd: number }[];
  /** Critical hazards found in the period, with their state at its end; found date first. */
  critical: {
    hazardId: string;
    schoolId: string;
    schoolName: string;
    severity: Severity;
    category: string;
    title: { zh: string; en: string };
    foundOn: string;
    state: 'open' | 'rectified' | 'verified';
  }[];
}

/** 十、Compliance by month; the schools most often under the threshold. */
export interface AnnualComplianceSection {
  threshold: number;
  /** Submitted / expected over the period, with the previous period's. */
  overall: Rate;
  previousYear: Rate;
  /** (overall − previousYear) in percentage points; null when either is null. */
  changePoints: number | null;
  target: TargetComparison | null;
  /** Each month: its rate and the rate a year earlier; schools under the threshold that month. */
  byMonth: {
    month: string;
    compliance: Rate;
    previousYear: Rate;
    schoolsBelowThreshold: number;
    schoolsRegistered: number;
  }[];
  /** Per form type over the period, in catalogue order (event forms left out). */
  byFormType: { formType: string; compliance: Rate }[];
  /** Schools under the threshold in at least one month: most months first, then lowest period rate. */
  mostOftenBelowThreshold: (SchoolRef & { monthsBelow: number; monthsRated: number; compliance: Rate })[];
}

/** 十一、Data quality. */
export interface AnnualDataQualitySection {
  /** Notes of the twelve monthly reports by kind. */
  notesByKind: Record<DataQualityNoteKind, number>;
  /** Late current submissions, the months' counts added. */
  lateSubmissions: number;
  /** Current submissions left out of the figures (not in the roster), the months' counts added. */
  outsideRoster: number;
  /** Submissions superseded by a correction (counted nowhere). */
  superseded: number;
  /** Stated totals that do not add up (e.g. 约890亩 whose parts make 1,110): every such report. */
  totalsNotAddingUp: {
    schoolId: string;
    name: string;
    month: string;
    formType: string;
    submissionId: string;
    field: string | null;
    reported: number | null;
    computed: number | null;
  }[];
  /** Months of the period without any counted submission. */
  monthsWithoutData: string[];
}
