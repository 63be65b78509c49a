import { compareRates, compareText, negate, rateOf, round2, targetOf, worstRate, yearOnYear } from './comparison';
import { previousOf, valueOf, valueOrNull, type FormIndex } from './figures';
import { refOf, type Context } from './rollup-context';
import {
  CANTEEN,
  DORMITORY,
  DRILLS,
  EDUCATION,
  ELECTRICAL_FIRE,
  ENERGY,
  GREENING,
  INSURANCE,
  LOWEST_SCHOOLS,
  SECTION_FORMS,
  TOTAL_MISMATCH_FLAG,
  WORK_STUDY,
  type FigureRef,
  type KeyedFigure,
} from './sections';
import {
  COVERAGE_IDS,
  type AreaUseId,
  type CanteenSchoolRow,
  type CanteenSection,
  type CoverageId,
  type DrillsEducationSection,
  type EnergySchoolRow,
  type EnergySection,
  type FormFigures,
  type GreeningWorkStudySection,
  type InsuranceSchoolRow,
  type InsuranceSection,
  type Rate,
  type SafetySection,
} from './types';

/*
 * The sections built from the forms' figures (canteen, safety, insurance, energy, greening and
 * work-study, drills and education): each reads its figures by role (sections.ts) and
 * compares them with the previous year and the district's targets.
 */

/** A figure of the month against the same month a year earlier (null when that month has no data for it). */
function yearOnYearOf(ctx: Context, figures: FormFigures, ref: FigureRef) {
  return yearOnYear(valueOf(figures, ref), previousOf(ctx, ref));
}

export function canteenSection(ctx: Context): CanteenSection {
  const form = CANTEEN.checks.formType;
  const figures = ctx.now.figures(form);
  const withCanteen = ctx.counted.filter((school) => school.hasCanteen);
  const reporting = ctx.now.schools(form);
  const checks = valueOf(figures, CANTEEN.checks);
  const meals = valueOf(figures, CANTEEN.mealsServed);
  const wasteKg = valueOf(figures, CANTEEN.foodWasteKg);
  const schools = withCanteen
    .map((school): CanteenSchoolRow => {
      const own = ctx.now.figures(form, school.schoolId);
      const ownChecks = valueOf(own, CANTEEN.checks);
      return {
        ...refOf(ctx, school.schoolId),
        checks: ownChecks,
        sampleRetention: rateOf(valueOf(own, CANTEEN.samplesCompliant), ownChecks),
        healthCertificates: rateOf(valueOf(own, CANTEEN.certificatesCompliant), ownChecks),
        disinfection: rateOf(valueOf(own, CANTEEN.disinfectionCompliant), ownChecks),
        mealsServed: valueOf(own, CANTEEN.mealsServed),
        foodWasteKg: valueOf(own, CANTEEN.foodWasteKg),
      };
    })
    .map((row) => ({ row, worst: worstRate([row.sampleRetention, row.healthCertificates, row.disinfection]) }))
    .sort((a, b) => compareRates(a.worst, b.worst) || compareText(a.row.schoolId, b.row.schoolId))
    .map(({ row }) => row);
  return {
    schoolsWithCanteen: withCanteen.length,
    schoolsReporting: withCanteen.filter((school) => reporting.has(school.schoolId)).length,
    checks: yearOnYear(checks, previousOf(ctx, CANTEEN.checks)),
    sampleRetention: rateOf(valueOf(figures, CANTEEN.samplesCompliant), checks),
    healthCertificates: rateOf(valueOf(figures, CANTEEN.certificatesCompliant), checks),
    certifiedStaffDays: rateOf(
      valueOf(figures, CANTEEN.staffWithHealthCertificate),
      valueOf(figures, CANTEEN.staffOnDuty),
    ),
    disinfection: rateOf(valueOf(figures, CANTEEN.disinfectionCompliant), checks),
    leaderMeals: rateOf(valueOf(figures, CANTEEN.leaderMeals), checks),
    mealsServed: yearOnYear(meals, previousOf(ctx, CANTEEN.mealsServed)),
    foodWasteKg: yearOnYear(wasteKg, previousOf(ctx, CANTEEN.foodWasteKg)),
    foodWasteGramsPerMeal: meals > 0 ? round2((wasteKg * 1000) / meals) : null,
    schools,
    forms: ctx.now.sectionForms(SECTION_FORMS.canteen),
  };
}

export function safetySection(ctx: Context): SafetySection {
  const dorm = ctx.now.figures(DORMITORY.patrols.formType);
  const fire = ctx.now.figures(ELECTRICAL_FIRE.checks.formType);
  const boarding = ctx.counted.filter((school) => school.boarding);
  const patrolling = ctx.now.schools(DORMITORY.patrols.formType);
  const patrols = valueOf(dorm, DORMITORY.patrols);
  const checks = valueOf(fire, ELECTRICAL_FIRE.checks);
  return {
    dormitory: {
      boardingSchools: boarding.length,
      partlyBoardingSchools: boarding.filter((school) => school.partlyBoarding === true).length,
      schoolsReporting: boarding.filter((school) => patrolling.has(school.schoolId)).length,
      patrols: yearOnYear(patrols, previousOf(ctx, DORMITORY.patrols)),
      prohibitedAppliances: yearOnYearOf(ctx, dorm, DORMITORY.prohibitedAppliances),
      studentsUnaccounted: valueOf(dorm, DORMITORY.studentsUnaccounted),
      strangersFound: valueOf(dorm, DORMITORY.strangersFound),
      fireExitsBlocked: rateOf(valueOf(dorm, DORMITORY.fireExitsBlocked), patrols),
    },
    electricalFire: {
      schoolsReporting: fire.schools,
      checks,
      extinguishersReplaced: yearOnYearOf(ctx, fire, ELECTRICAL_FIRE.extinguishersReplaced),
      extinguishersExpired: rateOf(
        valueOf(fire, ELECTRICAL_FIRE.extinguishersExpired),
        valueOf(fire, ELECTRICAL_FIRE.extinguishersTotal),
      ),
      ageingWiresFound: yearOnYearOf(ctx, fire, ELECTRICAL_FIRE.ageingWiresFound),
      emergencyLightsWorking: rateOf(
        valueOf(fire, ELECTRICAL_FIRE.emergencyLightsWorking),
        valueOf(fire, ELECTRICAL_FIRE.emergencyLightsTotal),
      ),
      chemicalsStoredSafely: rateOf(valueOf(fire, ELECTRICAL_FIRE.chemicalsCompliant), checks),
    },
    forms: ctx.now.sectionForms(SECTION_FORMS.safety),
  };
}

type Bought = InsuranceSchoolRow['canteenFoodSafetyLiability'];

function boughtAnswer(figures: FormFigures, bought: FigureRef, applicable: FigureRef): Bought {
  if (valueOf(figures, bought) > 0) return 'yes';
  return valueOf(figures, applicable) > 0 ? 'no' : 'not-applicable';
}

export function insuranceSection(ctx: Context): InsuranceSection {
  const form = INSURANCE.studentsEnrolled.formType;
  const figures = ctx.now.figures(form);
  const enrolled = valueOf(figures, INSURANCE.studentsEnrolled);
  const reporting = [...ctx.now.schools(form)].sort(compareText);
  const schools = reporting
    .map((schoolId): InsuranceSchoolRow => {
      const own = ctx.now.figures(form, schoolId);
      const ownEnrolled = valueOf(own, INSURANCE.studentsEnrolled);
      return {
        ...refOf(ctx, schoolId),
        studentsEnrolled: ownEnrolled,
        coverages: Object.fromEntries(
          COVERAGE_IDS.map((coverage) => [coverage, rateOf(valueOf(own, INSURANCE[coverage]), ownEnrolled)]),
        ) as Record<CoverageId, Rate>,
        canteenFoodSafetyLiability: boughtAnswer(
          own,
          INSURANCE.canteenFoodSafetyLiabilityBought,
          INSURANCE.canteenFoodSafetyLiabilityApplicable,
        ),
        internshipInsurance: boughtAnswer(
          own,
          INSURANCE.internshipInsuranceBought,
          INSURANCE.internshipInsuranceApplicable,
        ),
      };
    })
    .sort(
      (a, b) =>
        compareRates(a.coverages.schoolLiabilityCovered.rate, b.coverages.schoolLiabilityCovered.rate) ||
        compareText(a.schoolId, b.schoolId),
    );
  return {
    schoolsReporting: reporting.length,
    studentsEnrolled: enrolled,
    coverages: COVERAGE_IDS.map((coverage) => {
      const covered = rateOf(valueOf(figures, INSURANCE[coverage]), enrolled);
      return {
        coverage,
        covered,
        target:
          coverage === 'schoolLiabilityCovered'
            ? targetOf('atLeast', ctx.input.district.targets?.insuranceRate, covered.rate)
            : null,
        lowest: schools
          .filter((row) => row.coverages[coverage].rate !== null && (row.coverages[coverage].rate as number) < 1)
          .sort(
            (a, b) =>
              compareRates(a.coverages[coverage].rate, b.coverages[coverage].rate) ||
              compareText(a.schoolId, b.schoolId),
          )
          .slice(0, LOWEST_SCHOOLS)
          .map((row) => ({ schoolId: row.schoolId, name: row.name, covered: row.coverages[coverage] })),
      };
    }),
    canteenFoodSafetyLiability: rateOf(
      valueOf(figures, INSURANCE.canteenFoodSafetyLiabilityBought),
      valueOf(figures, INSURANCE.canteenFoodSafetyLiabilityApplicable),
    ),
    internshipInsurance: rateOf(
      valueOf(figures, INSURANCE.internshipInsuranceBought),
      valueOf(figures, INSURANCE.internshipInsuranceApplicable),
    ),
    schools,
    forms: ctx.now.sectionForms(SECTION_FORMS.insurance),
  };
}

interface Reading {
  electricityKwh: number;
  waterM3: number;
}

function readings(index: FormIndex): Map<string, Reading> {
  const form = ENERGY.electricityKwh.formType;
  return new Map(
    [...index.schools(form)].map((schoolId) => {
      const own = index.figures(form, schoolId);
      return [schoolId, { electricityKwh: valueOf(own, ENERGY.electricityKwh), waterM3: valueOf(own, ENERGY.waterM3) }];
    }),
  );
}

function total(values: Iterable<Reading>, pick: (reading: Reading) => number): number {
  let sum = 0;
  for (const value of values) sum += pick(value);
  return round2(sum);
}

function changePercent(current: number | undefined, previous: number | undefined): number | null {
  return current === undefined || previous === undefined ? null : yearOnYear(current, previous).changePercent;
}

export function energySection(ctx: Context): EnergySection {
  const now = readings(ctx.now);
  const before = readings(ctx.before);
  const both = [...now.keys()].filter((schoolId) => before.has(schoolId)).sort(compareText);
  const pick = (map: Map<string, Reading>, ids: readonly string[]) => ids.map((id) => map.get(id) as Reading);
  // No reading at all a year earlier (or no school with both) is no data, not 0 kWh.
  const previousTotal = (values: Reading[], pick: (reading: Reading) => number) =>
    values.length > 0 ? total(values, pick) : null;
  const electricity = yearOnYear(
    total(now.values(), (r) => r.electricityKwh),
    previousTotal([...before.values()], (r) => r.electricityKwh),
  );
  const water = yearOnYear(
    total(now.values(), (r) => r.waterM3),
    previousTotal([...before.values()], (r) => r.waterM3),
  );
  const likeElectricity = yearOnYear(
    total(pick(now, both), (r) => r.electricityKwh),
    previousTotal(pick(before, both), (r) => r.electricityKwh),
  );
  const likeWater = yearOnYear(
    total(pick(now, both), (r) => r.waterM3),
    previousTotal(pick(before, both), (r) => r.waterM3),
  );
  const reduction = (change: number | null) => (change === null ? null : round2(-change));
  const targets = ctx.input.district.targets;
  const ids = [...new Set([...now.keys(), ...before.keys()])];
  const schools = ids
    .map((schoolId): EnergySchoolRow => {
      const current = now.get(schoolId);
      const previous = before.get(schoolId);
      return {
        ...refOf(ctx, schoolId),
        electricityKwh: current?.electricityKwh ?? null,
        waterM3: current?.waterM3 ?? null,
        previousYearElectricityKwh: previous?.electricityKwh ?? null,
        previousYearWaterM3: previous?.waterM3 ?? null,
        electricityChangePercent: changePercent(current?.electricityKwh, previous?.electricityKwh),
        waterChangePercent: changePercent(current?.waterM3, previous?.waterM3),
      };
    })
    .sort(
      (a, b) =>
        compareRates(negate(a.electricityChangePercent), negate(b.electricityChangePercent)) ||
        compareText(a.schoolId, b.schoolId),
    );
  return {
    schoolsReporting: now.size,
    previousYearSchoolsReporting: before.size,
    electricityKwh: electricity,
    waterM3: water,
    likeForLike: { schools: both.length, electricityKwh: likeElectricity, waterM3: likeWater },
    targets: {
      // No reading this month is nothing to compare, not 0 kWh within any target.
      electricityKwh: targetOf('atMost', targets?.electricityKwh, now.size > 0 ? electricity.current : null),
      waterM3: targetOf('atMost', targets?.waterM3, now.size > 0 ? water.current : null),
      electricityReductionPercent: targetOf(
        'atLeast',
        targets?.electricityReductionPercent,
        reduction(likeElectricity.changePercent),
      ),
      waterReductionPercent: targetOf('atLeast', targets?.waterReductionPercent, reduction(likeWater.changePercent)),
    },
    schools,
    forms: ctx.now.sectionForms(SECTION_FORMS.energy),
  };
}

export function greeningWorkStudySection(ctx: Context): GreeningWorkStudySection {
  const green = ctx.now.figures(GREENING.projects.formType);
  const work = ctx.now.figures(WORK_STUDY.areaMu.formType);
  return {
    greening: {
      schools: green.schools,
      projects: yearOnYearOf(ctx, green, GREENING.projects),
      plantsAdded: yearOnYearOf(ctx, green, GREENING.plantsAdded),
      areaAddedMu: valueOf(green, GREENING.areaAddedMu),
      investmentYuan: yearOnYearOf(ctx, green, GREENING.investmentYuan),
    },
    workStudy: {
      schools: work.schools,
      areaMu: valueOf(work, WORK_STUDY.areaMu),
      areaByUse: keyedValues(work, WORK_STUDY.keyed) as Record<AreaUseId, number>,
      incomeYuan: yearOnYearOf(ctx, work, WORK_STUDY.incomeYuan),
      costsYuan: valueOf(work, WORK_STUDY.costsYuan),
      netYuan: yearOnYearOf(ctx, work, WORK_STUDY.netYuan),
      produceToCanteenYuan: valueOf(work, WORK_STUDY.produceToCanteenYuan),
      recyclingIncomeYuan: valueOf(work, WORK_STUDY.recyclingIncomeYuan),
      studentsTakingPart: valueOf(work, WORK_STUDY.studentsTakingPart),
      totalsNotAddingUp: ctx.now
        .submissions(WORK_STUDY.areaMu.formType)
        .filter((s) => (s.qualityFlags ?? []).some((flag) => flag.code === TOTAL_MISMATCH_FLAG)).length,
    },
    forms: ctx.now.sectionForms(SECTION_FORMS.greeningWorkStudy),
  };
}

/** A role's keyed figures (drills by kind, events by topic, area by use) by key, in the form's order. */
function keyedValues(figures: FormFigures, keyed: readonly KeyedFigure[]): Record<string, number> {
  return Object.fromEntries(keyed.map((ref) => [ref.key, valueOf(figures, ref)]));
}

export function drillsEducationSection(ctx: Context): DrillsEducationSection {
  const drills = ctx.now.figures(DRILLS.drills.formType);
  const education = ctx.now.figures(EDUCATION.events.formType);
  const due = ctx.compliance.schools.flatMap((school) => {
    const row = school.forms.find((form) => form.formType === DRILLS.formType);
    return row && row.expected > 0 ? [{ schoolId: school.schoolId, drilled: row.submitted > 0 }] : [];
  });
  return {
    drills: {
      count: yearOnYearOf(ctx, drills, DRILLS.drills),
      participants: yearOnYearOf(ctx, drills, DRILLS.participants),
      byKind: keyedValues(drills, DRILLS.keyed),
      meanEvacuationMinutes: valueOrNull(drills, DRILLS.evacuationMinutes),
      schoolsWithDrill: rateOf(due.filter((school) => school.drilled).length, due.length),
      schoolsWithoutDrill: due.filter((school) => !school.drilled).map((school) => refOf(ctx, school.schoolId)),
    },
    education: {
      events: yearOnYearOf(ctx, education, EDUCATION.events),
      participants: yearOnYearOf(ctx, education, EDUCATION.participants),
      lettersToParents: valueOf(education, EDUCATION.lettersToParents),
      byTopic: keyedValues(education, EDUCATION.keyed),
      schools: education.schools,
    },
    forms: ctx.now.sectionForms(SECTION_FORMS.drillsEducation),
  };
}
