import type * as z from 'zod/mini';
import { validAnswersA } from './examples-a';
import { validAnswersB } from './examples-b';
import type { canteenDaily } from '../../../shared/forms/canteen-daily';
import type { dormitoryPatrol } from '../../../shared/forms/dormitory-patrol';
import type { hazardReport } from '../../../shared/forms/hazard-report';

// Example answers, as a school would send them, shared by the unit and integration tests.
// Frozen: a test that wants other answers spreads a copy (`{ ...validAnswers[id], field: x }`).

/** The answers of each form type, as the client sends them. */
export interface ExampleAnswers {
  'canteen-daily': z.input<typeof canteenDaily.answers>;
  'dormitory-patrol': z.input<typeof dormitoryPatrol.answers>;
  'hazard-report': z.input<typeof hazardReport.answers>;
}

/**
 * One valid submission's answers per form type. The canteen check and the dormitory patrol find
 * nothing wrong (no hazard); the hazard report raises exactly one, high and electrical.
 */
export const validAnswers: { readonly [K in keyof ExampleAnswers]: Readonly<ExampleAnswers[K]> } = Object.freeze({
  'canteen-daily': Object.freeze({
    ledgerKept: true,
    sampleKept: true,
    sampleGramsPerDish: 150,
    sampleHours: 48,
    tablewareDisinfected: true,
    disinfectionMethod: 'high-heat',
    preventsRats: true,
    preventsFlies: true,
    preventsInsects: true,
    preventsDust: true,
    staffOnDuty: 8,
    staffWithHealthCertificate: 8,
    staffMorningCheckDone: true,
    leaderAteWithStudents: true,
    mealsServed: 1260,
    foodWasteKg: 18.5,
    oilSourceChecked: true,
  }),
  'dormitory-patrol': Object.freeze({
    place: '男生宿舍 3 栋 2 楼',
    roomsChecked: 24,
    studentsUnaccounted: 0,
    prohibitedAppliances: 0,
    strangersFound: 0,
    fireExitsClear: true,
    housekeepingScore: 92.5,
  }),
  'hazard-report': Object.freeze({
    place: '教学楼二楼东侧走廊',
    category: 'electrical',
    severity: 'high',
    description: '插座面板破损，电线外露',
  }),
});

/** Every form type's valid example, the catalogue's order aside: the three above and those of examples-a/-b. */
export const allValidAnswers = Object.freeze({ ...validAnswers, ...validAnswersA, ...validAnswersB });
