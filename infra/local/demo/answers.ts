import type * as z from 'zod';
import type { SchoolKind } from '../../../shared/directory/schemas';
import type { canteenDaily } from '../../../shared/forms/canteen-daily';
import type { dormitoryPatrol } from '../../../shared/forms/dormitory-patrol';
import type { drinkingWater } from '../../../shared/forms/drinking-water';
import type { electricalFire } from '../../../shared/forms/electrical-fire';
import type { energyMeter } from '../../../shared/forms/energy-meter';
import type { greening } from '../../../shared/forms/greening';
import type { healthMorningCheck } from '../../../shared/forms/health-morning-check';
import type { insuranceEnrolment } from '../../../shared/forms/insurance-enrolment';
import type { nutritionMeals } from '../../../shared/forms/nutrition-meals';
import type { safetyDrill } from '../../../shared/forms/safety-drill';
import type { safetyEducation } from '../../../shared/forms/safety-education';
import type { sanitation } from '../../../shared/forms/sanitation';
import type { securityGate } from '../../../shared/forms/security-gate';
import type { SchoolFlags } from '../../../shared/forms/types';
import { computedAreaMu, type workStudy } from '../../../shared/forms/work-study';
import { between, chance, pick, randomFor, wholeBetween, type Random } from './random';

/*
 * Everyday answers of the demo schools: what a school whose checks find nothing wrong sends, with
 * numbers in proportion to its size (meals to its students, extinguishers and cameras to its
 * buildings) and the small ups and downs of real days. No answer here raises a hazard: the
 * demo's hazards are planned one by one in history-plan.ts. Each answer is drawn from its own
 * stream (school, form, date), so it is the same on every run.
 */

/** A demo school as the answers need it: size, kind and the flags that say which forms apply. */
export interface DemoSchoolProfile extends SchoolFlags {
  schoolId: string;
  name: string;
  kind: SchoolKind;
  students: number;
  staff: number;
}

/** The answers of each routine form, as a school's client sends them. */
export interface RoutineAnswers {
  'canteen-daily': z.input<typeof canteenDaily.answers>;
  'dormitory-patrol': z.input<typeof dormitoryPatrol.answers>;
  'electrical-fire': z.input<typeof electricalFire.answers>;
  'security-gate': z.input<typeof securityGate.answers>;
  'drinking-water': z.input<typeof drinkingWater.answers>;
  sanitation: z.input<typeof sanitation.answers>;
  'health-morning-check': z.input<typeof healthMorningCheck.answers>;
  'safety-drill': z.input<typeof safetyDrill.answers>;
  'safety-education': z.input<typeof safetyEducation.answers>;
  'energy-meter': z.input<typeof energyMeter.answers>;
  greening: z.input<typeof greening.answers>;
  'insurance-enrolment': z.input<typeof insuranceEnrolment.answers>;
  'work-study': z.input<typeof workStudy.answers>;
  'nutrition-meals': z.input<typeof nutritionMeals.answers>;
}

export type RoutineForm = keyof RoutineAnswers;

/** Share of a boarding school's students who sleep at school, by kind. */
const BOARDER_SHARE: Record<SchoolKind, number> = {
  primary: 0.35,
  'nine-year': 0.45,
  middle: 0.6,
  vocational: 0.7,
  kindergarten: 0,
  special: 0.5,
};

/** Students who sleep at school (none at a day school). */
export function boardersOf(school: DemoSchoolProfile): number {
  return school.boarding ? Math.round(school.students * BOARDER_SHARE[school.kind]) : 0;
}

/** What stays the same for a school from one check to the next (its buildings, its habits). */
interface SchoolTraits {
  disinfection: 'high-heat' | 'disinfectant-84';
  cctvRetentionDays: number;
  meterSource: 'meter' | 'bill';
  base: {
    grainMu: number;
    orchardMu: number;
    teaMu: number;
    bambooMu: number;
    forestMu: number;
    fishPondMu: number;
    wastelandMu: number;
  };
}

const traitsCache = new Map<string, SchoolTraits>();

function traitsOf(school: DemoSchoolProfile): SchoolTraits {
  const key = `${school.schoolId}|${school.kind}|${school.students}|${school.boarding}`;
  let traits = traitsCache.get(key);
  if (!traits) {
    const random = randomFor(school.schoolId, 'traits');
    const rural = school.nutritionProgramme || school.boarding;
    const half = (min: number, max: number) => between(random, min * 2, max * 2) / 2;
    // A labour-practice base (劳动实践基地): a vocational school farms in earnest, a rural school
    // keeps fields and a tea or fruit garden, a town school a vegetable plot, a kindergarten a bed.
    const base =
      school.kind === 'vocational'
        ? {
            grainMu: half(15, 25),
            orchardMu: half(20, 35),
            teaMu: half(10, 20),
            bambooMu: 0,
            forestMu: half(5, 12),
            fishPondMu: half(3, 6),
            wastelandMu: 0,
          }
        : school.kind === 'kindergarten'
          ? { grainMu: 0.5, orchardMu: 0, teaMu: 0, bambooMu: 0, forestMu: 0, fishPondMu: 0, wastelandMu: 0 }
          : rural
            ? {
                grainMu: half(2, 12),
                orchardMu: chance(random, 0.6) ? half(1, 6) : 0,
                teaMu: chance(random, 0.4) ? half(2, 10) : 0,
                bambooMu: chance(random, 0.3) ? half(1, 3) : 0,
                forestMu: 0,
                fishPondMu: chance(random, 0.3) ? half(1, 3) : 0,
                wastelandMu: chance(random, 0.2) ? half(2, 8) : 0,
              }
            : {
                grainMu: half(0.5, 2),
                orchardMu: 0,
                teaMu: 0,
                bambooMu: 0,
                forestMu: 0,
                fishPondMu: 0,
                wastelandMu: 0,
              };
    traits = {
      disinfection: school.students > 800 || chance(random, 0.5) ? 'high-heat' : 'disinfectant-84',
      cctvRetentionDays: pick(random, [30, 30, 60, 90]),
      meterSource: chance(random, 0.7) ? 'meter' : 'bill',
      base,
    };
    traitsCache.set(key, traits);
  }
  return traits;
}

const month = (date: string) => Number(date.slice(5, 7));

/** Meals a school's canteen serves on a school day: three for boarders, lunch for most day pupils. */
function mealsPerDay(school: DemoSchoolProfile): number {
  const boarders = boardersOf(school);
  if (school.kind === 'kindergarten') return school.students * 2;
  return boarders * 3 + Math.round((school.students - boarders) * 0.85);
}

/** The flu season (late autumn to early spring) brings more suspected cases to the morning check. */
const fluSeason = (date: string) => [10, 11, 12, 1, 2, 3].includes(month(date));

/** Electricity and water use by month, against an average month of term (1.0): holidays and summer fans. */
const ENERGY_SEASON: Record<number, number> = {
  1: 0.8,
  2: 0.35,
  3: 1,
  4: 0.95,
  5: 1.05,
  6: 1.2,
  7: 0.55,
  8: 0.3,
  9: 1.15,
  10: 0.95,
  11: 1,
  12: 1.1,
};

const DRILL_SCENARIOS = {
  evacuation: '课间操时段教学楼紧急疏散，全校师生按路线撤离到操场',
  fire: '“119”消防宣传月：食堂后厨模拟起火，师生疏散并演示灭火器使用',
  earthquake: '模拟地震发生，学生就地避险后有序疏散到操场',
  stampede: '晚自习放学时段楼梯口防踩踏疏散演练',
} as const;

const EDUCATION_THEMES = {
  drowning: '防溺水安全教育主题班会（“六不两会”）',
  traffic: '交通安全进校园：文明出行、拒乘“三无”车辆',
  fire: '“119”消防宣传月：家庭火灾隐患排查与逃生自救',
  law: '法治进校园：预防校园欺凌专题讲座',
  other: '食品安全与传染病防控知识讲座',
} as const;

type Topic = keyof typeof EDUCATION_THEMES;

/** What a month's safety education is usually about (全国消防日 11-9, 交通安全日 12-2, 宪法日 12-4, summer drowning). */
function topicsOf(date: string): readonly Topic[] {
  const m = month(date);
  if (m >= 4 && m <= 9) return ['drowning', 'drowning', 'traffic', 'other'];
  if (m === 11) return ['fire', 'fire', 'traffic', 'law'];
  if (m === 12) return ['traffic', 'law', 'fire'];
  return ['traffic', 'law', 'fire', 'other'];
}

const GREENING_PROJECTS = [
  '秋冬季校园补植桂花、香樟',
  '教学楼前花坛改造与草坪补种',
  '劳动实践基地周边绿化',
  '创建园林式单位：围墙垂直绿化',
];

type Generator<F extends RoutineForm> = (school: DemoSchoolProfile, date: string, random: Random) => RoutineAnswers[F];

const GENERATORS: { [F in RoutineForm]: Generator<F> } = {
  'canteen-daily': (school, _date, random) => {
    const staff = Math.max(2, Math.round(school.students / 140));
    const onDuty = staff - (chance(random, 0.15) ? 1 : 0);
    const meals = Math.round(mealsPerDay(school) * between(random, 0.95, 1, 3));
    const traits = traitsOf(school);
    return {
      ledgerKept: true,
      sampleKept: true,
      sampleGramsPerDish: pick(random, [125, 130, 150, 150, 150, 160, 200]),
      sampleHours: pick(random, [48, 48, 48, 72]),
      tablewareDisinfected: true,
      disinfectionMethod: traits.disinfection,
      preventsRats: true,
      preventsFlies: true,
      preventsInsects: true,
      preventsDust: true,
      staffOnDuty: onDuty,
      staffWithHealthCertificate: onDuty,
      staffMorningCheckDone: true,
      leaderAteWithStudents: chance(random, 0.93),
      mealsServed: meals,
      foodWasteKg: between(random, meals * 0.012, meals * 0.026, 1),
      oilSourceChecked: true,
    };
  },
  'dormitory-patrol': (school, _date, random) => {
    const boarders = boardersOf(school);
    return {
      place: '男、女生宿舍楼全部楼层',
      roomsChecked: Math.max(1, Math.ceil(boarders / 8)),
      studentsUnaccounted: 0,
      prohibitedAppliances: 0,
      strangersFound: 0,
      fireExitsClear: true,
      housekeepingScore: between(random, 82, 97, 1),
    };
  },
  'electrical-fire': (school, _date, random) => {
    const extinguishers = Math.max(8, Math.round(school.students / 20));
    const lights = Math.max(4, Math.round(school.students / 60));
    return {
      circuitsInspected: Math.max(6, Math.round(school.students / 70)),
      ageingWiresFound: 0,
      extinguishersTotal: extinguishers,
      extinguishersExpired: 0,
      extinguishersReplaced: chance(random, 0.3)
        ? wholeBetween(random, 1, Math.max(1, Math.round(extinguishers / 10)))
        : 0,
      emergencyLightsTotal: lights,
      emergencyLightsWorking: lights - (chance(random, 0.2) ? 1 : 0),
      chemicalsStoredSafely: true,
    };
  },
  'security-gate': (school, _date, random) => {
    const cameras = Math.max(4, Math.round(school.students / 45));
    return {
      guardsOnDuty: school.students > 2000 ? 4 : school.students > 1000 ? 3 : school.students > 300 ? 2 : 1,
      visitorsRegistered:
        wholeBetween(random, 4, 12) + Math.round((school.students / 100) * between(random, 0.8, 1.4, 2)),
      visitorsUnregistered: 0,
      camerasTotal: cameras,
      camerasWorking: cameras - (chance(random, 0.25) ? 1 : 0),
      cctvRetentionDays: traitsOf(school).cctvRetentionDays,
      securityEquipmentComplete: true,
    };
  },
  'drinking-water': (school, _date, random) => {
    const dispensers = Math.max(1, Math.round(school.students / 90));
    const tested = chance(random, 0.5);
    return {
      dispensersInService: dispensers,
      filtersReplaced: chance(random, 0.4) ? dispensers : 0,
      waterTestDone: tested,
      ...(tested ? { waterTestPassed: true } : {}),
    };
  },
  sanitation: (_school, _date, random) => ({
    campusScore: between(random, 84, 96, 1),
    toiletScore: between(random, 76, 92, 1),
    litter: wholeBetween(random, 0, 4),
    dumping: chance(random, 0.1) ? 1 : 0,
    spitting: chance(random, 0.2) ? wholeBetween(random, 1, 2) : 0,
    trampledGreen: chance(random, 0.15) ? 1 : 0,
    badParking: chance(random, 0.3) ? wholeBetween(random, 1, 3) : 0,
    graffiti: chance(random, 0.1) ? 1 : 0,
    clutter: chance(random, 0.25) ? wholeBetween(random, 1, 2) : 0,
    looseWiring: 0,
    illegalSheds: 0,
    sewage: chance(random, 0.05) ? 1 : 0,
  }),
  'health-morning-check': (school, date, random) => {
    const ill = Math.round(school.students * between(random, 0.002, 0.008, 4));
    const otherAbsence = Math.round(school.students * between(random, 0, 0.004, 4));
    const young = school.kind === 'kindergarten' || school.kind === 'primary';
    // Never three of one disease: that is an outbreak, a critical hazard the demo plans on its own.
    const flu = chance(random, fluSeason(date) ? 0.12 : 0.04) ? wholeBetween(random, 1, 2) : 0;
    const handFootMouth = young && chance(random, 0.03) ? 1 : 0;
    const chickenpox = chance(random, 0.02) ? 1 : 0;
    return {
      studentsPresent: school.students - ill - otherAbsence,
      absentForIllness: ill,
      suspectedFlu: flu,
      suspectedHandFootMouth: handFootMouth,
      suspectedChickenpox: chickenpox,
      suspectedMumps: 0,
      suspectedNorovirus: 0,
      suspectedOther: 0,
      reportedToHealthAuthority: flu + handFootMouth + chickenpox > 0,
    };
  },
  'safety-drill': (school, date, random) => {
    const m = month(date);
    const kind =
      m === 11
        ? 'fire'
        : m === 5
          ? 'earthquake'
          : m === 9
            ? 'evacuation'
            : pick(random, ['evacuation', 'earthquake', 'stampede'] as const);
    return {
      kind,
      participants: Math.round((school.students + school.staff) * between(random, 0.93, 0.99, 3)),
      evacuationMinutes: Math.min(60, Math.round((between(random, 2, 3.5, 1) + school.students / 1500) * 10) / 10),
      scenario: DRILL_SCENARIOS[kind],
    };
  },
  'safety-education': (school, date, random) => {
    const topic = pick(random, topicsOf(date));
    const participants = Math.max(1, Math.round(school.students * pick(random, [1, 1, 0.5, 0.3])));
    return {
      topic,
      theme: EDUCATION_THEMES[topic],
      participants,
      lettersToParents:
        topic === 'drowning' || chance(random, 0.4) ? Math.round(participants * between(random, 0.85, 0.98, 2)) : 0,
    };
  },
  'energy-meter': (school, date, random) => {
    const season = ENERGY_SEASON[month(date)] ?? 1;
    return {
      electricityKwh:
        Math.round(between(random, 0.9, 1.1, 3) * school.students * (school.boarding ? 14 : 7) * season * 10) / 10,
      waterM3: Math.round(between(random, 0.9, 1.1, 3) * school.students * (school.boarding ? 2.4 : 0.8) * season),
      source: traitsOf(school).meterSource,
    };
  },
  greening: (school, _date, random) => {
    const plants = Math.round(between(random, 30, 120) * Math.max(1, school.students / 800));
    return {
      project: pick(random, GREENING_PROJECTS),
      plantsAdded: plants,
      areaAddedMu: between(random, 0.1, 1.5, 1),
      investmentYuan: Math.round(plants * between(random, 30, 120)),
    };
  },
  'insurance-enrolment': (school, _date, random) => ({
    studentsEnrolled: school.students,
    schoolLiabilityCovered: school.students,
    studentAccidentCovered: Math.round(school.students * between(random, 0.9, 0.98, 3)),
    residentMedicalCovered: Math.round(school.students * between(random, 0.85, 0.96, 3)),
    canteenFoodSafetyLiability: school.hasCanteen ? 'yes' : 'not-applicable',
    internshipInsurance: school.kind === 'vocational' ? 'yes' : 'not-applicable',
  }),
  'work-study': (school, _date, random) => {
    const base = traitsOf(school).base;
    const area = computedAreaMu(base);
    const recycling = Math.round(school.students * between(random, 0.03, 0.1, 3));
    const farm = Math.round(area * between(random, 60, 150));
    const income = farm + recycling;
    return {
      ...base,
      totalAreaMu: area,
      incomeYuan: income,
      costsYuan: Math.round(farm * between(random, 0.3, 0.6, 2)),
      produceToCanteenYuan: school.hasCanteen ? Math.round(area * between(random, 20, 60)) : 0,
      recyclingIncomeYuan: recycling,
      studentsTakingPart: Math.round(school.students * between(random, 0.2, 0.6, 2)),
    };
  },
  'nutrition-meals': (school, _date, random) => ({
    studentsEligible: school.students,
    mealsProvided: Math.round(school.students * between(random, 0.97, 1, 3)),
  }),
};

/** A school's everyday answers to a form on a date: the same on every call. */
export function routineAnswers<F extends RoutineForm>(
  formType: F,
  school: DemoSchoolProfile,
  date: string,
): RoutineAnswers[F] {
  const generate = GENERATORS[formType] as Generator<F>;
  return generate(school, date, randomFor(school.schoolId, formType, date));
}

/** Whether the demo has everyday answers for a form (every form but the ad-hoc hazard report). */
export function isRoutineForm(formType: string): formType is RoutineForm {
  return Object.hasOwn(GENERATORS, formType);
}
