import type { Cadence, HazardCategory, Severity } from '../forms/types';
import type { Locale, Text } from '../i18n';

/*
 * The monthly district report (月报, DOMAIN.md § The monthly district report) as plain JSON: what
 * `rollUpDistrictMonth` produces, what is stored in S3, what GET /v1/reports/{month} returns and
 * what the workbook and e-mail renderers read. Nothing here is a class, a Date or a Map, so the
 * report survives JSON.stringify / JSON.parse unchanged.
 *
 * Stable contract: `reportVersion` is 2. A field may be added in a backwards-compatible way; a
 * field is never renamed, removed or given another meaning without a new `reportVersion`.
 * Version 2 (from 1): `YearOnYear.previousYear` is null, not 0, when the compared month has no
 * data for the figure ("absent is not zero"); a target's `actual` is null when the month has no
 * data for it; the figures count every current submission of a roster school whatever its
 * registration date; 'outside-roster' notes give their reason.
 *
 * Conventions that hold everywhere below:
 *  - Labels are not stored: renderers localize form types, figure ids, severities, categories,
 *    coverages, drill kinds, topics, area uses and note kinds by their ids through the catalogue
 *    (shared/forms/*). What cannot be looked up is stored: school names, hazard titles (both
 *    locales, as raised), hazard places and the data-quality flags' own messages.
 *  - Every rate is a `Rate`: numerator and denominator are stored, `rate` is their unrounded
 *    quotient, null when the denominator is 0 (never NaN, never Infinity).
 *  - Sums of measured quantities (kg, kWh, m³, 亩, 元, scores) are rounded to the hundredth;
 *    `changePercent`, `changePoints` and means are rounded to the hundredth.
 *  - "Current" submissions are the latest of each correction chain (no `supersededBy`).
 *  - Lists that rank schools or hazards are sorted worst first, ties by school id (then hazard
 *    or submission id), so the same input always gives the same JSON.
 *  - Dates are school-local `YYYY-MM-DD`, months `YYYY-MM` (district time), instants ISO-8601 UTC.
 */

/** The shape version of `DistrictReport`. */
export const REPORT_VERSION = 2 as const;

/** The nine sections in DOMAIN.md's order: one workbook sheet each, in this order. */
export const REPORT_SECTIONS = [
  'compliance',
  'hazards',
  'canteen',
  'safety',
  'insurance',
  'energy',
  'greeningWorkStudy',
  'drillsEducation',
  'photosDataQuality',
] as const;
export type ReportSectionId = (typeof REPORT_SECTIONS)[number];

// ---------------------------------------------------------------------------------------------
// Building blocks

/** A ratio with its parts. */
export interface Rate {
  /** What is counted (e.g. checks with compliant samples, students covered). */
  numerator: number;
  /** What it is counted out of (e.g. checks, students enrolled). */
  denominator: number;
  /** numerator / denominator, from 0 upwards (not a percentage), unrounded; null when the denominator is 0. */
  rate: number | null;
}

/** A figure this month against the same month one year earlier. */
export interface YearOnYear {
  /** This month's value. */
  current: number;
  /**
   * The value of the same month one year earlier; null when that month has no data for the figure
   * (no counted submission of the figure's form then; for event forms and hazards, none of any
   * form), which is not the same as a real 0.
   */
  previousYear: number | null;
  /** (current − previousYear) / previousYear × 100, rounded to 0.01; null when previousYear is 0 or null. */
  changePercent: number | null;
}

/** A rate this month against the same month one year earlier. */
export interface RateYearOnYear {
  /** This month's rate. */
  current: Rate;
  /** The rate of the same month one year earlier. */
  previousYear: Rate;
  /** (current.rate − previousYear.rate) × 100: the change in percentage points, rounded to 0.01; null when either rate is null. */
  changePoints: number | null;
}

/** A figure against one of the district's targets. */
export interface TargetComparison {
  /** 'atMost': the figure must not exceed the target (energy use); 'atLeast': it must reach it (rates, reductions). */
  direction: 'atMost' | 'atLeast';
  /** The district's target, in the figure's own unit (kWh, m³, a rate 0–1, or a reduction in %). */
  target: number;
  /**
   * The figure it is compared with; null when the month (or, for a reduction, the same month a
   * year earlier) has no data for it, e.g. a rate with denominator 0, no meter reading at all.
   */
  actual: number | null;
  /** Whether the target was met; null when `actual` is null. */
  met: boolean | null;
}

/** One of a form's rollup figures (`FormDefinition.figures`) aggregated over a month. */
export interface FigureValue {
  /** The figure's id within its form (the renderer finds its label and unit in the catalogue). */
  id: string;
  /** How it was aggregated, as the form declares it. */
  aggregate: 'sum' | 'count' | 'min' | 'max' | 'mean';
  /** The aggregate: a sum or count of nothing is 0; a min, max or mean of nothing is null. */
  value: number | null;
  /** How many submissions gave the figure a value. */
  values: number;
}

/** Every figure of one form type, over the month's current submissions of registered schools. */
export interface FormFigures {
  /** The form type's id (catalogue). */
  formType: string;
  /** Current submissions counted (for a one-per-school form: at most one per school, see `DataQualityNote` 'duplicate-statement'). */
  submissions: number;
  /** Distinct schools among them. */
  schools: number;
  /** The form's figures in the form's own order. */
  figures: FigureValue[];
}

/** A school, as lists name it. */
export interface SchoolRef {
  /** The school's id in the district roster. */
  schoolId: string;
  /** The school's name as registered (e.g. 华蓥市第一中学). */
  name: string;
}

// ---------------------------------------------------------------------------------------------
// The report

/** The monthly report of one district. */
export interface DistrictReport {
  /** Shape version: 2. */
  reportVersion: typeof REPORT_VERSION;
  /** The district the report is for. */
  district: ReportDistrict;
  /** The month reported (YYYY-MM, district time). */
  month: string;
  /** The month compared with: the same month one year earlier (YYYY-MM). */
  previousYearMonth: string;
  /**
   * The instant the month ends in district time (the first instant of the next month, UTC):
   * hazard states are those of history entries before it, so the report comes out the same
   * whenever it is produced again.
   */
  asOf: string;
  /** When the report was produced (ISO-8601 UTC). */
  producedAt: string;
  /** What the report was made from. */
  sources: ReportSources;
  /** The nine sections, keyed by `REPORT_SECTIONS`. */
  sections: ReportSections;
}

/** The district as the report names it. */
export interface ReportDistrict {
  /** District id. */
  id: string;
  /** District name (e.g. 华蓥市教育局). */
  name: string;
  /** The locale the district's officials read in (the e-mail's language). */
  locale: Locale;
  /** IANA timezone of the district (dates and the month are in it). */
  timezone: string;
}

/** Counts of what the rollup read and used. */
export interface ReportSources {
  /** Schools in the roster, whenever registered. */
  schoolsInRoster: number;
  /** Schools registered on or before the month's last day (and not archived before it): the schools compliance covers. */
  schoolsRegistered: number;
  /**
   * Schools whose submissions the figures count: roster schools registered by the month's end or
   * with a counted submission in it (a school registered later that sent the month's forms).
   */
  schoolsCounted: number;
  /** This month's submissions. */
  submissions: SubmissionCounts;
  /** The same month one year earlier's submissions. */
  previousYearSubmissions: SubmissionCounts;
  /** Distinct hazards the rollup was given (at least those found this month, unresolved at its end or changed during it). */
  hazards: number;
  /** Photos the rollup was given. */
  photos: number;
}

/** How a month's stored submissions were used. */
export interface SubmissionCounts {
  /** Every stored submission dated in the month, superseded ones included. */
  stored: number;
  /** Those that are the latest of their correction chain. */
  current: number;
  /** Those a later correction superseded (left out of every figure). */
  superseded: number;
  /**
   * Current ones left out of every figure because their school is not in the roster, or was
   * archived before their date (each school named in an 'outside-roster' note with the reason).
   */
  outsideRoster: number;
}

/** The nine sections of DOMAIN.md, in its order. */
export interface ReportSections {
  /** 1. Schools reporting, compliance overall, per form type and per school; schools below threshold. */
  compliance: ComplianceSection;
  /** 2. Hazards found, rectified, verified, open and overdue; critical ones listed. */
  hazards: HazardSection;
  /** 3. Canteen food safety. */
  canteen: CanteenSection;
  /** 4. Dormitory, electrical and fire safety (and the other campus safety checks). */
  safety: SafetySection;
  /** 5. Insurance participation. */
  insurance: InsuranceSection;
  /** 6. Energy: electricity and water against last year and the targets. */
  energy: EnergySection;
  /** 7. Greening and work-study. */
  greeningWorkStudy: GreeningWorkStudySection;
  /** 8. Drills and safety education. */
  drillsEducation: DrillsEducationSection;
  /** 9. Photos archived and data-quality notes. */
  photosDataQuality: PhotosDataQualitySection;
}

// ---------------------------------------------------------------------------------------------
// 1. Compliance

/** Section 1: who reported, and expected against submitted (shared/compliance). */
export interface ComplianceSection {
  /** Schools registered on or before the month's last day. */
  schoolsRegistered: number;
  /** Registered schools with at least one current submission dated in the month. */
  schoolsReporting: number;
  /** schoolsReporting / schoolsRegistered. */
  reporting: Rate;
  /** School days of the month under the district calendar. */
  schoolDays: number;
  /** School nights (boarding) of the month under the district calendar. */
  schoolNights: number;
  /** The district's threshold (0–1) under which a school is listed. */
  threshold: number;
  /** Submitted occasions / expected occasions over every school and form (event forms left out), with last year's. */
  overall: RateYearOnYear;
  /** The overall rate against the district's compliance target; null when the district sets none. */
  target: TargetComparison | null;
  /** Per form type that applies to at least one registered school, in catalogue order. */
  byFormType: FormTypeCompliance[];
  /** Every registered school, worst rate first (schools with nothing due last), ties by school id. */
  schools: SchoolComplianceRow[];
  /** Schools whose rate is under the threshold, worst first, ties by school id. */
  belowThreshold: (SchoolRef & { compliance: Rate })[];
  /** Registered schools with no current submission dated in the month, by school id. */
  notReporting: SchoolRef[];
}

/** One form type's compliance over the district. */
export interface FormTypeCompliance {
  /** Form type id. */
  formType: string;
  /** Its cadence (an 'event' form is never due: its rate is null). */
  cadence: Cadence;
  /** Submitted occasions / expected occasions. */
  compliance: Rate;
  /** Current submissions dated in the month, however many per occasion. */
  received: number;
}

/** One school's compliance. */
export interface SchoolComplianceRow extends SchoolRef {
  /** First school-local date the school is expected to submit. */
  registeredOn: string;
  /** Whether it was registered during this month (expected only from that date). */
  newThisMonth: boolean;
  /** Submitted / expected over its forms (event forms left out); rate null when nothing was due. */
  compliance: Rate;
  /** Current submissions dated in the month, every form. */
  received: number;
  /** Per form type that applies to the school, in catalogue order. */
  forms: FormTypeCompliance[];
}

// ---------------------------------------------------------------------------------------------
// 2. Hazards

/** Section 2: hazards. "At month end" means as of `DistrictReport.asOf` (see rollup.ts). */
export interface HazardSection {
  /** Hazards found this month (found date in the month), whatever became of them. */
  found: HazardCounts;
  /** Hazards found this month against the same month a year earlier (counted from that month's submissions). */
  foundYearOnYear: YearOnYear;
  /** Distinct hazards rectified during the month (a 'rectified' history entry in the month). */
  rectifiedThisMonth: number;
  /** Distinct hazards verified during the month. */
  verifiedThisMonth: number;
  /** Distinct hazards reopened during the month (a rectification rejected). */
  reopenedThisMonth: number;
  /** Of the hazards found this month: those rectified or verified at month end. */
  rectification: Rate;
  /** Hazards open (not rectified) at month end, whenever found. */
  openAtMonthEnd: HazardCounts;
  /** Hazards rectified and awaiting verification at month end. */
  awaitingVerificationAtMonthEnd: number;
  /** Hazards open at month end and past their due date (due before the first day of the next month). */
  overdueAtMonthEnd: HazardCounts;
  /** The overdue hazards, most days overdue first, then severity, school id and hazard id. */
  overdue: HazardLine[];
  /** Critical hazards found this month or not verified at month end, found date first, then school id and hazard id. */
  critical: HazardLine[];
  /** Per registered school with any hazard found this month or open at month end: most overdue first, then most open, most found, school id. */
  schools: SchoolHazardRow[];
  /** Every figure of the schools' own hazard reports (hazards raised by other forms' rules are counted above). */
  forms: FormFigures[];
}

/** Hazards counted by severity and category (every severity and category present, 0 when none). */
export interface HazardCounts {
  /** All of them. */
  total: number;
  /** By severity id. */
  bySeverity: Record<Severity, number>;
  /** By category id. */
  byCategory: Record<HazardCategory, number>;
}

/** A hazard's state at month end. */
export type HazardStateAtMonthEnd = 'open' | 'rectified' | 'verified';

/** One hazard as lists show it. */
export interface HazardLine {
  /** Hazard id. */
  hazardId: string;
  /** School id. */
  schoolId: string;
  /** School name ('' when the school is no longer in the roster). */
  schoolName: string;
  /** Severity id. */
  severity: Severity;
  /** Category id (an unknown stored category is reported as 'other'). */
  category: HazardCategory;
  /** What is wrong, in both locales, as the rule (or the school's report) raised it. */
  title: Text;
  /** Where, as raised; null when none was given. */
  place: string | null;
  /** Details as raised; null when none. */
  description: string | null;
  /** The form type that raised it. */
  formType: string;
  /** School-local date it was found. */
  foundOn: string;
  /** Last day to rectify it. */
  dueDate: string;
  /** Its state at month end. */
  stateAtMonthEnd: HazardStateAtMonthEnd;
  /** Whole days past due at month end (0 unless open and past due). */
  daysOverdue: number;
  /** Verified photos of the month showing it: the raising submission's, then the rectification's. */
  photoIds: string[];
}

/** One school's hazards. */
export interface SchoolHazardRow extends SchoolRef {
  /** Found this month. */
  found: number;
  /** Open at month end. */
  open: number;
  /** Open and overdue at month end. */
  overdue: number;
  /** The most days overdue among them (0 when none). */
  maxDaysOverdue: number;
}

// ---------------------------------------------------------------------------------------------
// 3. Canteen food safety

/** Section 3: canteen food safety (the daily canteen check) and the nutrition programme (its meals). */
export interface CanteenSection {
  /** Registered schools with a canteen. */
  schoolsWithCanteen: number;
  /** Of them, those with at least one canteen check this month. */
  schoolsReporting: number;
  /** Canteen checks, with last year's. */
  checks: YearOnYear;
  /** Checks with samples kept, ≥ 125 g per dish and ≥ 48 h / checks. */
  sampleRetention: Rate;
  /** Checks where every staff member on duty held a valid health certificate / checks. */
  healthCertificates: Rate;
  /** Certified staff on duty / staff on duty, in person-days. */
  certifiedStaffDays: Rate;
  /** Checks with tableware disinfected / checks. */
  disinfection: Rate;
  /** Checks on days a school leader ate with the students / checks. */
  leaderMeals: Rate;
  /** Meals served, with last year's. */
  mealsServed: YearOnYear;
  /** Food waste in kg, with last year's. */
  foodWasteKg: YearOnYear;
  /** Food waste per meal served, in grams (rounded to 0.01); null when no meal was served. */
  foodWasteGramsPerMeal: number | null;
  /** Per school with a canteen: worst of its three compliance rates first (no checks last), ties by school id. */
  schools: CanteenSchoolRow[];
  /** Every figure of the forms the section lists (sections.ts). */
  forms: FormFigures[];
}

/** One school's canteen month. */
export interface CanteenSchoolRow extends SchoolRef {
  /** Canteen checks this month. */
  checks: number;
  /** Checks with compliant samples / checks. */
  sampleRetention: Rate;
  /** Checks with every staff member certified / checks. */
  healthCertificates: Rate;
  /** Checks with tableware disinfected / checks. */
  disinfection: Rate;
  /** Meals served. */
  mealsServed: number;
  /** Food waste in kg. */
  foodWasteKg: number;
}

// ---------------------------------------------------------------------------------------------
// 4. Dormitory, electrical and fire safety

/** Section 4: dormitory patrols, electrical and fire checks, and the other campus safety checks. */
export interface SafetySection {
  /** Dormitory night patrols (boarding schools). */
  dormitory: DormitorySafety;
  /** Electrical and fire checks. */
  electricalFire: ElectricalFireSafety;
  /** Every figure of the forms the section lists (sections.ts): the safety checks. */
  forms: FormFigures[];
}

/** Dormitory night patrols. */
export interface DormitorySafety {
  /** Registered boarding schools, those boarding only part of their students included. */
  boardingSchools: number;
  /** Of them, schools boarding part of their students (寄宿：部分). */
  partlyBoardingSchools: number;
  /** Of them, those with at least one patrol this month. */
  schoolsReporting: number;
  /** Patrols, with last year's. */
  patrols: YearOnYear;
  /** Prohibited electrical appliances found, with last year's. */
  prohibitedAppliances: YearOnYear;
  /** Students unaccounted for (student-nights). */
  studentsUnaccounted: number;
  /** Strangers found in dormitories. */
  strangersFound: number;
  /** Patrols that found a fire exit blocked / patrols. */
  fireExitsBlocked: Rate;
}

/** Electrical and fire checks. */
export interface ElectricalFireSafety {
  /** Schools with at least one check this month. */
  schoolsReporting: number;
  /** Checks this month. */
  checks: number;
  /** Fire extinguishers replaced, with last year's. */
  extinguishersReplaced: YearOnYear;
  /** Expired or faulty extinguishers still in place / extinguishers in total. */
  extinguishersExpired: Rate;
  /** Places with ageing wiring found, with last year's. */
  ageingWiresFound: YearOnYear;
  /** Emergency lights working / emergency lights in total. */
  emergencyLightsWorking: Rate;
  /** Checks with hazardous chemicals stored by the rules / checks. */
  chemicalsStoredSafely: Rate;
}

// ---------------------------------------------------------------------------------------------
// 5. Insurance

/** The three insurances counted per student (the insurance enrolment's coverage fields). */
export const COVERAGE_IDS = ['schoolLiabilityCovered', 'studentAccidentCovered', 'residentMedicalCovered'] as const;
export type CoverageId = (typeof COVERAGE_IDS)[number];

/**
 * Section 5: insurance participation from the insurance enrolment reports dated this month (a
 * termly form: most months have none, and the section then shows zero schools and null rates).
 * One report per school: its latest current one.
 */
export interface InsuranceSection {
  /** Schools with an insurance report this month. */
  schoolsReporting: number;
  /** Students enrolled in those schools. */
  studentsEnrolled: number;
  /** Per coverage, in `COVERAGE_IDS` order. */
  coverages: CoverageRow[];
  /** Schools that bought canteen food-safety liability insurance / schools it applies to. */
  canteenFoodSafetyLiability: Rate;
  /** Schools that bought internship insurance / schools it applies to. */
  internshipInsurance: Rate;
  /** Every reporting school, lowest school-liability rate first, ties by school id. */
  schools: InsuranceSchoolRow[];
  /** Every figure of the forms the section lists (sections.ts). */
  forms: FormFigures[];
}

/** One insurance over the district. */
export interface CoverageRow {
  /** Coverage id. */
  coverage: CoverageId;
  /** Students covered / students enrolled, over the reporting schools. */
  covered: Rate;
  /** Against the district's insurance target (school liability only; null for the others or when none is set). */
  target: TargetComparison | null;
  /** Up to five schools with the lowest rate under 100 %, lowest first, ties by school id. */
  lowest: (SchoolRef & { covered: Rate })[];
}

/** One school's insurance report. */
export interface InsuranceSchoolRow extends SchoolRef {
  /** Students enrolled. */
  studentsEnrolled: number;
  /** Per coverage: covered / enrolled. */
  coverages: Record<CoverageId, Rate>;
  /** The school's answer on canteen food-safety liability insurance. */
  canteenFoodSafetyLiability: 'yes' | 'no' | 'not-applicable';
  /** The school's answer on internship insurance. */
  internshipInsurance: 'yes' | 'no' | 'not-applicable';
}

// ---------------------------------------------------------------------------------------------
// 6. Energy

/** Section 6: electricity and water (the meter readings, one per school: its latest current one). */
export interface EnergySection {
  /** Schools with a reading this month. */
  schoolsReporting: number;
  /** Schools with a reading in the same month a year earlier. */
  previousYearSchoolsReporting: number;
  /** District total electricity in kWh, with last year's total. */
  electricityKwh: YearOnYear;
  /** District total water in m³, with last year's total. */
  waterM3: YearOnYear;
  /** The same, over only the schools with a reading in both months: the fair comparison. */
  likeForLike: {
    /** Schools with a reading in both months. */
    schools: number;
    /** Their electricity in kWh. */
    electricityKwh: YearOnYear;
    /** Their water in m³. */
    waterM3: YearOnYear;
  };
  /** Against the district's energy targets; each null when the district sets none. */
  targets: {
    /** Total electricity this month, at most the target in kWh. */
    electricityKwh: TargetComparison | null;
    /** Total water this month, at most the target in m³. */
    waterM3: TargetComparison | null;
    /** Like-for-like electricity reduction in %, at least the target (actual = −changePercent). */
    electricityReductionPercent: TargetComparison | null;
    /** Like-for-like water reduction in %, at least the target (actual = −changePercent). */
    waterReductionPercent: TargetComparison | null;
  };
  /** Every registered school with a reading in either month: largest electricity increase first (no comparison last), ties by school id. */
  schools: EnergySchoolRow[];
  /** Every figure of the forms the section lists (sections.ts). */
  forms: FormFigures[];
}

/** One school's electricity and water. */
export interface EnergySchoolRow extends SchoolRef {
  /** This month's kWh; null without a reading. */
  electricityKwh: number | null;
  /** This month's m³; null without a reading. */
  waterM3: number | null;
  /** Last year's kWh; null without a reading. */
  previousYearElectricityKwh: number | null;
  /** Last year's m³; null without a reading. */
  previousYearWaterM3: number | null;
  /** Change of electricity in %, rounded to 0.01; null unless both months have a reading and last year's is above 0. */
  electricityChangePercent: number | null;
  /** Change of water in %, rounded to 0.01; null unless both months have a reading and last year's is above 0. */
  waterChangePercent: number | null;
}

// ---------------------------------------------------------------------------------------------
// 7. Greening and work-study

/** The uses of a labour-practice base (work-study's area fields), in the form's order. */
export const AREA_USE_IDS = [
  'grainMu',
  'orchardMu',
  'teaMu',
  'bambooMu',
  'forestMu',
  'fishPondMu',
  'wastelandMu',
] as const;
export type AreaUseId = (typeof AREA_USE_IDS)[number];

/** Section 7: greening projects and work-study. */
export interface GreeningWorkStudySection {
  /** Greening (event form: every project this month). */
  greening: {
    /** Schools with a project this month. */
    schools: number;
    /** Projects, with last year's. */
    projects: YearOnYear;
    /** Trees and plants added, with last year's. */
    plantsAdded: YearOnYear;
    /** Green area added in 亩. */
    areaAddedMu: number;
    /** Money invested in 元, with last year's. */
    investmentYuan: YearOnYear;
  };
  /** Work-study (one report per school: its latest current one). */
  workStudy: {
    /** Schools with a report this month. */
    schools: number;
    /** Labour-practice base area in 亩: the sum of the uses, never the stated totals. */
    areaMu: number;
    /** Area by use, in 亩. */
    areaByUse: Record<AreaUseId, number>;
    /** Income in 元 (recycling included), with last year's. */
    incomeYuan: YearOnYear;
    /** Costs in 元. */
    costsYuan: number;
    /** Income − costs in 元, with last year's. */
    netYuan: YearOnYear;
    /** Produce given to the canteen (money saved) in 元. */
    produceToCanteenYuan: number;
    /** Recycling income in 元 (part of the income). */
    recyclingIncomeYuan: number;
    /** Students taking part. */
    studentsTakingPart: number;
    /** Reports whose stated total area differs from the sum of its uses (see the data-quality notes). */
    totalsNotAddingUp: number;
  };
  /** Every figure of the forms the section lists (sections.ts). */
  forms: FormFigures[];
}

// ---------------------------------------------------------------------------------------------
// 8. Drills and education

/** Section 8: safety drills and safety education. */
export interface DrillsEducationSection {
  /** Safety drills (at least one a month is expected of every school). */
  drills: {
    /** Drills, with last year's. */
    count: YearOnYear;
    /** Participants, with last year's. */
    participants: YearOnYear;
    /** Drills by kind id (every kind of the drill form's DRILL_KINDS present). */
    byKind: Record<string, number>;
    /** Mean minutes to evacuate over the drills that timed it; null when none did. */
    meanEvacuationMinutes: number | null;
    /** Schools with a drill this month / schools a drill was due from this month. */
    schoolsWithDrill: Rate;
    /** Schools a drill was due from with none this month, by school id. */
    schoolsWithoutDrill: SchoolRef[];
  };
  /** Safety-education events. */
  education: {
    /** Events, with last year's. */
    events: YearOnYear;
    /** Participants, with last year's. */
    participants: YearOnYear;
    /** Letters to parents sent. */
    lettersToParents: number;
    /** Events by topic id (every topic of the education form's EDUCATION_TOPICS present). */
    byTopic: Record<string, number>;
    /** Schools with at least one event this month. */
    schools: number;
  };
  /** Every figure of the forms the section lists (sections.ts). */
  forms: FormFigures[];
}

// ---------------------------------------------------------------------------------------------
// 9. Photos and data quality

/** Section 9: photo evidence archived, and what in the month's data deserves a second look. */
export interface PhotosDataQualitySection {
  /** Photo evidence. */
  photos: {
    /** Photos verified (archived) during the month. */
    archived: number;
    /** Of them, photos whose content repeats an earlier photo. */
    reused: number;
    /**
     * Photos asked for whose upload never arrived (or was never checked). A report is produced
     * after its month, long past every 15-minute upload window, so these are the missing photos.
     */
    pending: number;
    /** Photos given to the rollup that were quarantined (refused content). */
    quarantined: number;
    /** Per school with any archived photo this month: most first, ties by school id. */
    bySchool: (SchoolRef & { archived: number })[];
  };
  /** Data quality. */
  dataQuality: {
    /** Current submissions received late (see `DataQualityNote` 'late-submissions'). */
    lateSubmissions: number;
    /** Current submissions carrying at least one quality flag. */
    flaggedSubmissions: number;
    /**
     * Critical-hazard alerts of the month held past an hour's alert budget and mailed in that
     * hour's digest instead of one by one (see `DataQualityNote` 'alerts-held').
     */
    heldAlerts: number;
    /** The notes: by kind in `DATA_QUALITY_NOTE_KINDS` order, then school id, form type, date and id. */
    notes: DataQualityNote[];
  };
}

/** The kinds of data-quality note, in the order the notes are listed. */
export const DATA_QUALITY_NOTE_KINDS = [
  'national-calendar',
  'quality-flag',
  'late-submissions',
  'duplicate-statement',
  'outside-roster',
  'photo-reused',
  'photo-quarantined',
  'alerts-held',
] as const;
export type DataQualityNoteKind = (typeof DATA_QUALITY_NOTE_KINDS)[number];

/** One thing in the month's data worth a second look. */
export type DataQualityNote =
  | NationalCalendarNote
  | QualityFlagNote
  | LateSubmissionsNote
  | DuplicateStatementNote
  | OutsideRosterNote
  | PhotoReusedNote
  | PhotoQuarantinedNote
  | AlertsHeldNote;

/**
 * A school whose critical-hazard alerts went past an hour's alert budget (per school or for the
 * whole district, shared/hazards/alert-budget.ts): those were mailed in the hour's digest, not one
 * by one. Many in a month may mean a careless severity, or a leaked token.
 */
export interface AlertsHeldNote extends SchoolRef {
  /** Note kind. */
  kind: 'alerts-held';
  /** Alerts held for a digest. */
  count: number;
  /** Hours in which it happened. */
  hours: number;
  /** Of them, held because the whole district's budget was spent (the rest: the school's own). */
  byDistrictBudget: number;
}

/**
 * The month lies in a term of a year with no national holiday data (shared/calendar/coverage.ts):
 * that year's statutory holidays were counted as school days, so the expected figures may be too
 * high. A note about the whole district, not a school.
 */
export interface NationalCalendarNote {
  /** Note kind. */
  kind: 'national-calendar';
  /** The year without national holiday data. */
  year: number;
  /** The term that runs into it. */
  term: { name: string; start: string; end: string };
  /** What it means and how to fix it (`npm run admin -- calendar national`), in both locales. */
  message: Text;
}

/** A suspicious answer the submission path flagged (shared/forms/quality.ts), e.g. a total that does not add up. */
export interface QualityFlagNote extends SchoolRef {
  /** Note kind. */
  kind: 'quality-flag';
  /** The form type. */
  formType: string;
  /** The flagged submission. */
  submissionId: string;
  /** Its date. */
  date: string;
  /** The flag's code (e.g. 'total-differs-from-parts', 'meter-reading-outlier'). */
  code: string;
  /** Dotted path of the answer it is about; null when none. */
  field: string | null;
  /** The flag's own message in both locales, with its figures. */
  message: Text;
  /** The flag's details (e.g. {reported, computed}); {} when none. */
  details: Record<string, unknown>;
}

/**
 * Current submissions of one school and form received late: their district-local received date
 * is more than one day after the end of the occasion they are for (see rollup.ts `deadlineOf`).
 */
export interface LateSubmissionsNote extends SchoolRef {
  /** Note kind. */
  kind: 'late-submissions';
  /** The form type. */
  formType: string;
  /** How many were late. */
  count: number;
  /** The most days any of them was late. */
  maxDaysLate: number;
}

/** A school sent more than one current report of a once-a-month (or once-a-term) statement; only the latest counts. */
export interface DuplicateStatementNote extends SchoolRef {
  /** Note kind. */
  kind: 'duplicate-statement';
  /** The form type (one whose report states a stock once a month or term: `report.onePerSchool`). */
  formType: string;
  /** Current reports received in the month. */
  count: number;
  /** The one counted (latest date, then latest received). */
  countedSubmissionId: string;
}

/** Why current submissions were left out of the figures. */
export const OUTSIDE_ROSTER_REASONS = ['not-in-roster', 'archived'] as const;
export type OutsideRosterReason = (typeof OUTSIDE_ROSTER_REASONS)[number];

/**
 * Current submissions the figures do not count, of one school and month: the school is not in the
 * roster (never imported, or removed), or was archived on or before their date (for the same
 * month a year earlier: archived on or before this month's first day, so a school that has left
 * does not flatter a year-on-year change).
 */
export interface OutsideRosterNote {
  /** Note kind. */
  kind: 'outside-roster';
  /** The school id on the submissions. */
  schoolId: string;
  /** The school's name when the roster still has it (an archived school); null when it does not. */
  name: string | null;
  /** Why they were left out. */
  reason: OutsideRosterReason;
  /** The day the school was archived, for 'archived'; otherwise null. */
  archivedOn: string | null;
  /** The month they are dated in: the report's month or the same month a year earlier. */
  period: 'month' | 'previousYear';
  /** The form types among them, sorted. */
  formTypes: string[];
  /** How many were left out. */
  count: number;
}

/** A photo whose content repeats an earlier one (the same picture offered as new evidence). */
export interface PhotoReusedNote extends SchoolRef {
  /** Note kind. */
  kind: 'photo-reused';
  /** The photo. */
  photoId: string;
  /** The earlier photo it repeats. */
  duplicateOf: string;
}

/** A photo whose upload was quarantined. */
export interface PhotoQuarantinedNote extends SchoolRef {
  /** Note kind. */
  kind: 'photo-quarantined';
  /** The photo. */
  photoId: string;
  /** Why, as the photo check recorded it; null when not given. */
  reason: string | null;
}
