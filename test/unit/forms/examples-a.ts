import type * as z from 'zod/mini';
import type { drinkingWater } from '../../../shared/forms/drinking-water';
import type { electricalFire } from '../../../shared/forms/electrical-fire';
import type { healthMorningCheck } from '../../../shared/forms/health-morning-check';
import type { safetyDrill } from '../../../shared/forms/safety-drill';
import type { sanitation } from '../../../shared/forms/sanitation';
import type { securityGate } from '../../../shared/forms/security-gate';

// Example answers of the safety, hygiene and health forms, as a school would send them, shared
// by the unit and integration tests. Frozen: a test that wants other answers spreads a copy
// (`{ ...validAnswersA[id], field: x }`).

/** The answers of each of these form types, as the client sends them. */
export interface ExampleAnswersA {
  'electrical-fire': z.input<typeof electricalFire.answers>;
  'security-gate': z.input<typeof securityGate.answers>;
  'drinking-water': z.input<typeof drinkingWater.answers>;
  sanitation: z.input<typeof sanitation.answers>;
  'health-morning-check': z.input<typeof healthMorningCheck.answers>;
  'safety-drill': z.input<typeof safetyDrill.answers>;
}

/**
 * One valid submission's answers per form type, none of which raises a hazard: every check is
 * in order, with small non-zero counts where a real month or week has them (a little litter, two
 * suspected flu cases, a camera down, extinguishers replaced).
 */
export const validAnswersA: { readonly [K in keyof ExampleAnswersA]: Readonly<ExampleAnswersA[K]> } = Object.freeze({
  'electrical-fire': Object.freeze({
    circuitsInspected: 36,
    ageingWiresFound: 0,
    extinguishersTotal: 120,
    extinguishersExpired: 0,
    extinguishersReplaced: 28,
    emergencyLightsTotal: 40,
    emergencyLightsWorking: 40,
    chemicalsStoredSafely: true,
  }),
  'security-gate': Object.freeze({
    guardsOnDuty: 2,
    visitorsRegistered: 37,
    visitorsUnregistered: 0,
    camerasTotal: 48,
    camerasWorking: 47,
    cctvRetentionDays: 30,
    securityEquipmentComplete: true,
  }),
  'drinking-water': Object.freeze({
    dispensersInService: 5,
    filtersReplaced: 5,
    waterTestDone: true,
    waterTestPassed: true,
  }),
  sanitation: Object.freeze({
    campusScore: 88,
    toiletScore: 82.5,
    litter: 3,
    dumping: 0,
    spitting: 0,
    trampledGreen: 0,
    badParking: 1,
    graffiti: 0,
    clutter: 0,
    looseWiring: 0,
    illegalSheds: 0,
    sewage: 0,
  }),
  'health-morning-check': Object.freeze({
    studentsPresent: 1180,
    absentForIllness: 6,
    suspectedFlu: 2,
    suspectedHandFootMouth: 0,
    suspectedChickenpox: 0,
    suspectedMumps: 0,
    suspectedNorovirus: 0,
    suspectedOther: 0,
    reportedToHealthAuthority: true,
  }),
  'safety-drill': Object.freeze({
    kind: 'evacuation',
    participants: 1260,
    evacuationMinutes: 3.5,
    scenario: '上午第二节课后教学楼发生火情，全校师生紧急疏散到操场',
  }),
});
