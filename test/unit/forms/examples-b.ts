import type * as z from 'zod/mini';
import type { energyMeter } from '../../../shared/forms/energy-meter';
import type { greening } from '../../../shared/forms/greening';
import type { insuranceEnrolment } from '../../../shared/forms/insurance-enrolment';
import type { nutritionMeals } from '../../../shared/forms/nutrition-meals';
import type { safetyEducation } from '../../../shared/forms/safety-education';
import type { workStudy } from '../../../shared/forms/work-study';

// Example answers of the second batch of form types, as a school would send them, shared by the
// unit and integration tests. Frozen: a test that wants other answers spreads a copy.

/** The answers of each form type of this batch, as the client sends them. */
export interface ExampleAnswersB {
  'safety-education': z.input<typeof safetyEducation.answers>;
  'energy-meter': z.input<typeof energyMeter.answers>;
  greening: z.input<typeof greening.answers>;
  'insurance-enrolment': z.input<typeof insuranceEnrolment.answers>;
  'work-study': z.input<typeof workStudy.answers>;
  'nutrition-meals': z.input<typeof nutritionMeals.answers>;
}

/**
 * One valid submission's answers per form type. None raises a hazard and none is flagged as
 * suspicious: the work-study total equals the sum of its uses (60 + 12 + 11 = 83 亩).
 */
export const validAnswersB: { readonly [K in keyof ExampleAnswersB]: Readonly<ExampleAnswersB[K]> } = Object.freeze({
  'safety-education': Object.freeze({
    topic: 'drowning',
    theme: '防溺水安全教育主题班会',
    participants: 1260,
    lettersToParents: 1180,
  }),
  'energy-meter': Object.freeze({
    electricityKwh: 18_650.5,
    waterM3: 2310,
    source: 'meter',
  }),
  greening: Object.freeze({
    project: '植树节校园补植',
    plantsAdded: 320,
    areaAddedMu: 1.5,
    investmentYuan: 46_800,
  }),
  'insurance-enrolment': Object.freeze({
    studentsEnrolled: 1290,
    schoolLiabilityCovered: 1290,
    studentAccidentCovered: 1237,
    residentMedicalCovered: 1105,
    canteenFoodSafetyLiability: 'yes',
    internshipInsurance: 'not-applicable',
  }),
  'work-study': Object.freeze({
    grainMu: 60,
    orchardMu: 0,
    teaMu: 12,
    bambooMu: 0,
    forestMu: 0,
    fishPondMu: 11,
    wastelandMu: 0,
    totalAreaMu: 83,
    incomeYuan: 4200,
    costsYuan: 1500,
    produceToCanteenYuan: 500,
    recyclingIncomeYuan: 180,
    studentsTakingPart: 320,
  }),
  'nutrition-meals': Object.freeze({
    studentsEligible: 642,
    mealsProvided: 630,
  }),
});
