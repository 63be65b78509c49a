import { FORMS } from '../forms/catalogue';
import type { FormDefinition } from '../forms/types';
import type { Text } from '../i18n';
import { REPORT_SECTIONS, type ReportSectionId } from './types';

/*
 * What the report's sections need of the forms, and no form by name. Each form says in its own
 * folder (shared/forms/<id>/report.ts) which section lists its figures, in what order, whether it
 * is a once-a-month statement and which figure role it fills; the sections below are derived from
 * that. A section's computations read figures by role (FIGURE_ROLES, the contract the section
 * owns): the form filling a role must declare every figure the role names, under the same id,
 * which the unit test checks against the catalogue, so a renamed figure breaks a test, not the report.
 */

/** The forms whose figures each section lists in full (`forms: FormFigures[]`), in their declared order. */
export const SECTION_FORMS: Readonly<Record<ReportSectionId, readonly string[]>> = sectionForms(FORMS);

function sectionForms(forms: readonly FormDefinition[]): Record<ReportSectionId, string[]> {
  // One entry per form type: its latest version's declaration (retired or not: stored submissions still count).
  const latest = new Map<string, FormDefinition>();
  for (const form of forms) if ((latest.get(form.id)?.version ?? -Infinity) < form.version) latest.set(form.id, form);
  const listed = (section: ReportSectionId) =>
    [...latest.values()]
      .filter((form) => form.report?.section === section)
      .sort((a, b) => a.report!.order - b.report!.order)
      .map((form) => form.id);
  return Object.fromEntries(REPORT_SECTIONS.map((section) => [section, listed(section)])) as Record<
    ReportSectionId,
    string[]
  >;
}

/**
 * Statements a school makes once for its month (or term): a second current one in the same month
 * is not a second reading but a repeat, so only the latest counts (latest date, then latest
 * received, then highest id) and the repeat becomes a data-quality note. Adding them up would
 * double a school's electricity, students or base area. A form says so with `report.onePerSchool`.
 */
export const ONE_PER_SCHOOL_FORMS: ReadonlySet<string> = new Set(
  FORMS.filter((form) => form.report?.onePerSchool).map((form) => form.id),
);
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

/**
 * The figure roles: what a section's computations read of one form, by figure id. A form fills a
 * role with `report.fills`; the role's keyed figures (one per drill kind, education topic or area
 * use, with how each key reads) come from the form's `report.keyed`, in the form's order.
 */
export const FIGURE_ROLES = {
  /** Section 3's rates. */
  canteen: [
    'checks',
    'samplesCompliant',
    'certificatesCompliant',
    'staffOnDuty',
    'staffWithHealthCertificate',
    'disinfectionCompliant',
    'leaderMeals',
    'mealsServed',
    'foodWasteKg',
  ],
  /** Section 4's dormitory part. */
  dormitory: ['patrols', 'prohibitedAppliances', 'studentsUnaccounted', 'strangersFound', 'fireExitsBlocked'],
  /** Section 4's electrical and fire part. */
  electricalFire: [
    'checks',
    'extinguishersReplaced',
    'extinguishersExpired',
    'extinguishersTotal',
    'ageingWiresFound',
    'emergencyLightsTotal',
    'emergencyLightsWorking',
    'chemicalsCompliant',
  ],
  /** Section 5: the coverage figures share their ids with the form's fields (types.ts COVERAGE_IDS). */
  insurance: [
    'studentsEnrolled',
    'schoolLiabilityCovered',
    'studentAccidentCovered',
    'residentMedicalCovered',
    'canteenFoodSafetyLiabilityBought',
    'canteenFoodSafetyLiabilityApplicable',
    'internshipInsuranceBought',
    'internshipInsuranceApplicable',
  ],
  /** Section 6. */
  energy: ['electricityKwh', 'waterM3'],
  /** Section 7's greening part. */
  greeningProjects: ['projects', 'plantsAdded', 'areaAddedMu', 'investmentYuan'],
  /** Section 7's work-study part; keyed: the area by use (types.ts AREA_USE_IDS). */
  workStudy: [
    'areaMu',
    'incomeYuan',
    'costsYuan',
    'netYuan',
    'produceToCanteenYuan',
    'recyclingIncomeYuan',
    'studentsTakingPart',
  ],
  /** Section 8's drills; keyed: drills by kind. */
  drills: ['drills', 'participants', 'evacuationMinutes'],
  /** Section 8's education; keyed: events by topic. */
  education: ['events', 'participants', 'lettersToParents'],
} as const satisfies Record<string, readonly string[]>;

export type FigureRole = keyof typeof FIGURE_ROLES;

/** One keyed figure of a role: its key (a drill kind, a topic, an area use), figure and label. */
export interface KeyedFigure extends FigureRef {
  key: string;
  label: Text;
}

/** A role as its section reads it: the filling form, a reference per figure, and the keyed figures. */
export type RoleFigures<R extends FigureRole> = Record<(typeof FIGURE_ROLES)[R][number], FigureRef> & {
  formType: string;
  keyed: readonly KeyedFigure[];
};

const referenced: FigureRef[] = [];

/** The role's figures in the form that fills it; an error at load when no form or two fill it. */
function role<R extends FigureRole>(name: R): RoleFigures<R> {
  const filling = [...new Set(FORMS.filter((form) => form.report?.fills === name).map((form) => form.id))];
  if (filling.length !== 1) throw new Error(`Report role ${name} is filled by ${filling.length} form types, not 1`);
  const formType = filling[0]!;
  const refs = Object.fromEntries(FIGURE_ROLES[name].map((figureId: string) => [figureId, { formType, figureId }]));
  const keyed = Object.entries(FORMS.find((form) => form.id === formType)?.report?.keyed ?? {}).map(
    ([key, { figureId, label }]) => ({ key, label, formType, figureId }),
  );
  referenced.push(...Object.values(refs), ...keyed);
  return { ...refs, formType, keyed } as unknown as RoleFigures<R>;
}

export const CANTEEN = role('canteen');
export const DORMITORY = role('dormitory');
export const ELECTRICAL_FIRE = role('electricalFire');
export const INSURANCE = role('insurance');
export const ENERGY = role('energy');
export const GREENING = role('greeningProjects');
export const WORK_STUDY = role('workStudy');
export const DRILLS = role('drills');
export const EDUCATION = role('education');

/** Every figure reference above, for the test that checks them against the catalogue. */
export const REFERENCED_FIGURES: readonly FigureRef[] = referenced;

/** The quality flag that says a stated total differs from the sum of its parts (shared/forms/quality.ts). */
export const TOTAL_MISMATCH_FLAG = 'total-differs-from-parts';
