import type { ReportSectionId } from './types';

/*
 * The one place where the report names form types and figure ids. Everything the sections show
 * comes from the forms' own `figures` (shared/forms/*.ts), read here by id: a figure renamed in a
 * form breaks the unit test that checks every id below against the catalogue, not the report.
 */

/** The forms whose figures each section lists in full (`forms: FormFigures[]`), in this order. Every catalogue form is in exactly one. */
export const SECTION_FORMS = {
  hazards: ['hazard-report'],
  canteen: ['canteen-daily', 'nutrition-meals'],
  safety: [
    'dormitory-patrol',
    'electrical-fire',
    'security-gate',
    'drinking-water',
    'sanitation',
    'health-morning-check',
  ],
  insurance: ['insurance-enrolment'],
  energy: ['energy-meter'],
  greeningWorkStudy: ['greening', 'work-study'],
  drillsEducation: ['safety-drill', 'safety-education'],
} as const satisfies Partial<Record<ReportSectionId, readonly string[]>>;

/**
 * Statements a school makes once for its month (or term): a second current one in the same month
 * is not a second reading but a repeat, so only the latest counts (latest date, then latest
 * received, then highest id) and the repeat becomes a data-quality note. Adding them up would
 * double a school's electricity, students or base area.
 */
export const ONE_PER_SCHOOL_FORMS: ReadonlySet<string> = new Set(['energy-meter', 'insurance-enrolment', 'work-study']);

/**
 * Days of grace after an occasion's end before a submission counts as late: a night patrol is
 * often typed in the next morning. See rollup.ts `deadlineOf` for the occasion's end.
 */
export const LATE_GRACE_DAYS = 1;

/** How many schools a "lowest" list names. */
export const LOWEST_SCHOOLS = 5;

/** A form's figure, by ids. */
export interface FigureRef {
  formType: string;
  figureId: string;
}

const referenced: FigureRef[] = [];

function figure(formType: string, figureId: string): FigureRef {
  const ref = { formType, figureId };
  referenced.push(ref);
  return ref;
}

/** canteen-daily's figures behind section 3's rates. */
export const CANTEEN = {
  checks: figure('canteen-daily', 'checks'),
  samplesCompliant: figure('canteen-daily', 'samplesCompliant'),
  certificatesCompliant: figure('canteen-daily', 'certificatesCompliant'),
  staffOnDuty: figure('canteen-daily', 'staffOnDuty'),
  staffWithHealthCertificate: figure('canteen-daily', 'staffWithHealthCertificate'),
  disinfectionCompliant: figure('canteen-daily', 'disinfectionCompliant'),
  leaderMeals: figure('canteen-daily', 'leaderMeals'),
  mealsServed: figure('canteen-daily', 'mealsServed'),
  foodWasteKg: figure('canteen-daily', 'foodWasteKg'),
} as const;

/** dormitory-patrol's figures in section 4. */
export const DORMITORY = {
  patrols: figure('dormitory-patrol', 'patrols'),
  prohibitedAppliances: figure('dormitory-patrol', 'prohibitedAppliances'),
  studentsUnaccounted: figure('dormitory-patrol', 'studentsUnaccounted'),
  strangersFound: figure('dormitory-patrol', 'strangersFound'),
  fireExitsBlocked: figure('dormitory-patrol', 'fireExitsBlocked'),
} as const;

/** electrical-fire's figures in section 4. */
export const ELECTRICAL_FIRE = {
  checks: figure('electrical-fire', 'checks'),
  extinguishersReplaced: figure('electrical-fire', 'extinguishersReplaced'),
  extinguishersExpired: figure('electrical-fire', 'extinguishersExpired'),
  extinguishersTotal: figure('electrical-fire', 'extinguishersTotal'),
  ageingWiresFound: figure('electrical-fire', 'ageingWiresFound'),
  emergencyLightsTotal: figure('electrical-fire', 'emergencyLightsTotal'),
  emergencyLightsWorking: figure('electrical-fire', 'emergencyLightsWorking'),
  chemicalsCompliant: figure('electrical-fire', 'chemicalsCompliant'),
} as const;

/** insurance-enrolment's figures in section 5: the coverage figures share their ids with the form's fields (types.ts COVERAGE_IDS). */
export const INSURANCE = {
  studentsEnrolled: figure('insurance-enrolment', 'studentsEnrolled'),
  schoolLiabilityCovered: figure('insurance-enrolment', 'schoolLiabilityCovered'),
  studentAccidentCovered: figure('insurance-enrolment', 'studentAccidentCovered'),
  residentMedicalCovered: figure('insurance-enrolment', 'residentMedicalCovered'),
  canteenFoodSafetyLiabilityBought: figure('insurance-enrolment', 'canteenFoodSafetyLiabilityBought'),
  canteenFoodSafetyLiabilityApplicable: figure('insurance-enrolment', 'canteenFoodSafetyLiabilityApplicable'),
  internshipInsuranceBought: figure('insurance-enrolment', 'internshipInsuranceBought'),
  internshipInsuranceApplicable: figure('insurance-enrolment', 'internshipInsuranceApplicable'),
} as const;

/** energy-meter's figures in section 6. */
export const ENERGY = {
  electricityKwh: figure('energy-meter', 'electricityKwh'),
  waterM3: figure('energy-meter', 'waterM3'),
} as const;

/** greening's figures in section 7. */
export const GREENING = {
  projects: figure('greening', 'projects'),
  plantsAdded: figure('greening', 'plantsAdded'),
  areaAddedMu: figure('greening', 'areaAddedMu'),
  investmentYuan: figure('greening', 'investmentYuan'),
} as const;

/** work-study's figures in section 7 (the area uses share their ids with types.ts AREA_USE_IDS). */
export const WORK_STUDY = {
  areaMu: figure('work-study', 'areaMu'),
  grainMu: figure('work-study', 'grainMu'),
  orchardMu: figure('work-study', 'orchardMu'),
  teaMu: figure('work-study', 'teaMu'),
  bambooMu: figure('work-study', 'bambooMu'),
  forestMu: figure('work-study', 'forestMu'),
  fishPondMu: figure('work-study', 'fishPondMu'),
  wastelandMu: figure('work-study', 'wastelandMu'),
  incomeYuan: figure('work-study', 'incomeYuan'),
  costsYuan: figure('work-study', 'costsYuan'),
  netYuan: figure('work-study', 'netYuan'),
  produceToCanteenYuan: figure('work-study', 'produceToCanteenYuan'),
  recyclingIncomeYuan: figure('work-study', 'recyclingIncomeYuan'),
  studentsTakingPart: figure('work-study', 'studentsTakingPart'),
} as const;

/** The quality flag that says a stated total differs from the sum of its parts (shared/forms/quality.ts). */
export const TOTAL_MISMATCH_FLAG = 'total-differs-from-parts';

/** safety-drill's figures in section 8 (one `<kind>Drills` per kind of DRILL_KINDS). */
export const DRILLS = {
  formType: 'safety-drill',
  drills: figure('safety-drill', 'drills'),
  participants: figure('safety-drill', 'participants'),
  evacuationMinutes: figure('safety-drill', 'evacuationMinutes'),
  byKind: (kind: string): FigureRef => ({ formType: 'safety-drill', figureId: `${kind}Drills` }),
} as const;

/** safety-education's figures in section 8 (one `<topic>Events` per topic of EDUCATION_TOPICS). */
export const EDUCATION = {
  events: figure('safety-education', 'events'),
  participants: figure('safety-education', 'participants'),
  lettersToParents: figure('safety-education', 'lettersToParents'),
  byTopic: (topic: string): FigureRef => ({ formType: 'safety-education', figureId: `${topic}Events` }),
} as const;

/** Every fixed figure reference above, for the test that checks them against the catalogue. */
export const REFERENCED_FIGURES: readonly FigureRef[] = referenced;
