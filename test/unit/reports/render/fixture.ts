import type { Cadence } from '../../../../shared/forms/types';
import type {
  DistrictReport,
  FormTypeCompliance,
  HazardCounts,
  HazardLine,
  Rate,
  RateYearOnYear,
  SchoolComplianceRow,
  YearOnYear,
} from '../../../../shared/reports/types';

/*
 * A hand-made October 2026 report of 华蓥市教育局 with six schools: every section has figures,
 * lists are sorted as the rollup sorts them, rates are what their parts say. Each call returns a
 * new object, so a test may change its copy without touching the next test's.
 */

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});
const change = (current: number, previousYear: number | null): number | null =>
  previousYear === null || previousYear === 0
    ? null
    : Math.round(((current - previousYear) / previousYear) * 10_000) / 100;
const yoy = (current: number, previousYear: number | null): YearOnYear => ({
  current,
  previousYear,
  changePercent: change(current, previousYear),
});
const rateYoy = (current: Rate, previousYear: Rate): RateYearOnYear => ({
  current,
  previousYear,
  changePoints:
    current.rate === null || previousYear.rate === null
      ? null
      : Math.round((current.rate - previousYear.rate) * 10_000) / 100,
});

const counts = (
  bySeverity: HazardCounts['bySeverity'],
  byCategory: Partial<HazardCounts['byCategory']>,
): HazardCounts => ({
  total: Object.values(bySeverity).reduce((sum, n) => sum + n, 0),
  bySeverity,
  byCategory: {
    electrical: 0,
    fire: 0,
    building: 0,
    food: 0,
    water: 0,
    traffic: 0,
    security: 0,
    health: 0,
    other: 0,
    ...byCategory,
  },
});

/** [form type, cadence, expected, submitted, received] of one school. */
type FormLine = [string, Cadence, number, number, number];

const SCHOOLS: { schoolId: string; name: string; registeredOn: string; forms: FormLine[] }[] = [
  {
    schoolId: 'hy-01',
    name: '华蓥市第一中学',
    registeredOn: '2025-09-01',
    forms: [
      ['canteen-daily', 'school-day', 17, 17, 17],
      ['dormitory-patrol', 'school-night', 16, 16, 16],
      ['electrical-fire', 'monthly', 1, 1, 1],
      ['security-gate', 'weekly', 4, 4, 4],
      ['safety-drill', 'monthly', 1, 1, 2],
      ['safety-education', 'event', 0, 0, 3],
    ],
  },
  {
    schoolId: 'hy-02',
    name: '华蓥市双河第一小学',
    registeredOn: '2025-09-01',
    forms: [
      ['canteen-daily', 'school-day', 17, 9, 9],
      ['electrical-fire', 'monthly', 1, 0, 0],
      ['security-gate', 'weekly', 4, 2, 2],
      ['safety-drill', 'monthly', 1, 0, 0],
      ['safety-education', 'event', 0, 0, 1],
    ],
  },
  {
    schoolId: 'hy-03',
    name: '华蓥市禄市镇中心小学',
    registeredOn: '2025-09-01',
    forms: [
      ['canteen-daily', 'school-day', 17, 15, 15],
      ['electrical-fire', 'monthly', 1, 1, 1],
      ['security-gate', 'weekly', 4, 4, 5],
      ['safety-drill', 'monthly', 1, 1, 1],
      ['safety-education', 'event', 0, 0, 0],
    ],
  },
  {
    schoolId: 'hy-04',
    name: '华蓥市职业中学',
    registeredOn: '2025-09-01',
    forms: [
      ['canteen-daily', 'school-day', 17, 16, 16],
      ['dormitory-patrol', 'school-night', 16, 12, 12],
      ['electrical-fire', 'monthly', 1, 1, 1],
      ['security-gate', 'weekly', 4, 4, 4],
      ['safety-drill', 'monthly', 1, 1, 1],
      ['safety-education', 'event', 0, 0, 2],
    ],
  },
  {
    schoolId: 'hy-05',
    name: '华蓥市明月镇幼儿园',
    registeredOn: '2025-09-01',
    forms: [
      ['electrical-fire', 'monthly', 1, 0, 0],
      ['security-gate', 'weekly', 4, 0, 0],
      ['safety-drill', 'monthly', 1, 0, 0],
      ['safety-education', 'event', 0, 0, 0],
    ],
  },
  {
    schoolId: 'hy-06',
    name: '华蓥市天池镇九年制学校',
    registeredOn: '2026-10-26',
    forms: [
      ['electrical-fire', 'monthly', 0, 0, 0],
      ['security-gate', 'weekly', 1, 1, 1],
      ['safety-drill', 'monthly', 0, 0, 0],
      ['safety-education', 'event', 0, 0, 0],
    ],
  },
];

const FORM_ORDER = [
  'canteen-daily',
  'dormitory-patrol',
  'electrical-fire',
  'security-gate',
  'safety-drill',
  'safety-education',
];

function complianceRows(): SchoolComplianceRow[] {
  const rows = SCHOOLS.map((school): SchoolComplianceRow => {
    const forms = school.forms.map(([formType, cadence, expected, submitted, received]): FormTypeCompliance => ({
      formType,
      cadence,
      compliance: cadence === 'event' ? rate(0, 0) : rate(submitted, expected),
      received,
    }));
    const due = forms.filter((form) => form.cadence !== 'event');
    return {
      schoolId: school.schoolId,
      name: school.name,
      registeredOn: school.registeredOn,
      newThisMonth: school.registeredOn >= '2026-10-01',
      compliance: rate(
        due.reduce((sum, form) => sum + form.compliance.numerator, 0),
        due.reduce((sum, form) => sum + form.compliance.denominator, 0),
      ),
      received: forms.reduce((sum, form) => sum + form.received, 0),
      forms,
    };
  });
  // Worst first, schools with nothing due last, ties by id: as the rollup sorts them.
  return rows.sort(
    (a, b) => (a.compliance.rate ?? 2) - (b.compliance.rate ?? 2) || a.schoolId.localeCompare(b.schoolId),
  );
}

function byFormType(rows: SchoolComplianceRow[]): FormTypeCompliance[] {
  return FORM_ORDER.map((formType) => {
    const forms = rows.flatMap((row) => row.forms.filter((form) => form.formType === formType));
    const cadence = forms[0]!.cadence;
    const numerator = forms.reduce((sum, form) => sum + form.compliance.numerator, 0);
    const denominator = forms.reduce((sum, form) => sum + form.compliance.denominator, 0);
    return {
      formType,
      cadence,
      compliance: cadence === 'event' ? rate(0, 0) : rate(numerator, denominator),
      received: forms.reduce((sum, form) => sum + form.received, 0),
    };
  });
}

const hazard = (
  line: Omit<HazardLine, 'place' | 'description' | 'photoIds'> &
    Partial<Pick<HazardLine, 'place' | 'description' | 'photoIds'>>,
): HazardLine => ({
  place: null,
  description: null,
  photoIds: [],
  ...line,
});

/** The fixture report (a fresh copy each call). */
export function makeReport(): DistrictReport {
  const schools = complianceRows();
  const forms = byFormType(schools);
  const overallNumerator = schools.reduce((sum, row) => sum + row.compliance.numerator, 0);
  const overallDenominator = schools.reduce((sum, row) => sum + row.compliance.denominator, 0);
  const threshold = 0.9;
  const belowThreshold = schools
    .filter((row) => row.compliance.rate !== null && row.compliance.rate < threshold)
    .map((row) => ({ schoolId: row.schoolId, name: row.name, compliance: row.compliance }));
  const notReporting = schools
    .filter((row) => row.received === 0)
    .map((row) => ({ schoolId: row.schoolId, name: row.name }));

  const overdue: HazardLine[] = [
    hazard({
      hazardId: 'hz-0007',
      schoolId: 'hy-02',
      schoolName: '华蓥市双河第一小学',
      severity: 'high',
      category: 'fire',
      title: { zh: '灭火器过期未更换', en: 'Expired fire extinguishers not replaced' },
      place: '教学楼二楼走廊',
      description: '3 具灭火器压力不足',
      formType: 'electrical-fire',
      foundOn: '2026-10-09',
      dueDate: '2026-10-12',
      stateAtMonthEnd: 'open',
      daysOverdue: 19,
    }),
    hazard({
      hazardId: 'hz-0011',
      schoolId: 'hy-04',
      schoolName: '华蓥市职业中学',
      severity: 'high',
      category: 'electrical',
      title: { zh: '宿舍发现违章电器', en: 'Prohibited appliances in a dormitory' },
      place: '男生宿舍 3 号楼 205',
      formType: 'dormitory-patrol',
      foundOn: '2026-10-20',
      dueDate: '2026-10-23',
      stateAtMonthEnd: 'open',
      daysOverdue: 8,
    }),
    hazard({
      hazardId: 'hz-0015',
      schoolId: 'hy-02',
      schoolName: '华蓥市双河第一小学',
      severity: 'medium',
      category: 'food',
      title: { zh: '采购台账不全', en: 'Procurement ledger incomplete' },
      formType: 'canteen-daily',
      foundOn: '2026-10-21',
      dueDate: '2026-10-28',
      stateAtMonthEnd: 'open',
      daysOverdue: 3,
    }),
  ];
  const critical: HazardLine[] = [
    hazard({
      hazardId: 'hz-0003',
      schoolId: 'hy-04',
      schoolName: '华蓥市职业中学',
      severity: 'critical',
      category: 'security',
      title: { zh: '学生夜间未归或去向不明', en: 'Students unaccounted for at night' },
      place: '女生宿舍 1 号楼',
      description: '1 名学生夜间未归，已联系家长',
      formType: 'dormitory-patrol',
      foundOn: '2026-10-14',
      dueDate: '2026-10-15',
      stateAtMonthEnd: 'verified',
      daysOverdue: 0,
    }),
    hazard({
      hazardId: 'hz-0019',
      schoolId: 'hy-03',
      schoolName: '华蓥市禄市镇中心小学',
      severity: 'critical',
      category: 'water',
      title: { zh: '饮用水检测不合格', en: 'Drinking water failed its test' },
      place: '食堂直饮水机',
      formType: 'drinking-water',
      foundOn: '2026-10-30',
      dueDate: '2026-10-31',
      stateAtMonthEnd: 'rectified',
      daysOverdue: 0,
    }),
  ];
  // HazardLine has no photo ids (yet): the renderer reads them when the rollup adds them.
  Object.assign(overdue[0]!, { photoIds: ['ph-0701', 'ph-0702'] });
  Object.assign(critical[0]!, { photoIds: ['ph-0301'] });

  return {
    reportVersion: 2,
    district: { id: 'huaying', name: '华蓥市教育局', locale: 'zh-CN', timezone: 'Asia/Shanghai' },
    month: '2026-10',
    previousYearMonth: '2025-10',
    asOf: '2026-10-31T16:00:00.000Z',
    producedAt: '2026-11-01T00:00:05.000Z',
    sources: {
      schoolsInRoster: 6,
      schoolsRegistered: 6,
      schoolsCounted: 6,
      submissions: { stored: 180, current: 176, superseded: 3, outsideRoster: 1 },
      previousYearSubmissions: { stored: 150, current: 150, superseded: 0, outsideRoster: 0 },
      hazards: 9,
      photos: 14,
    },
    sections: {
      compliance: {
        schoolsRegistered: 6,
        schoolsReporting: 6 - notReporting.length,
        reporting: rate(6 - notReporting.length, 6),
        schoolDays: 17,
        schoolNights: 16,
        threshold,
        overall: rateYoy(rate(overallNumerator, overallDenominator), rate(121, 140)),
        target: {
          direction: 'atLeast',
          target: 0.95,
          actual: overallNumerator / overallDenominator,
          met: overallNumerator / overallDenominator >= 0.95,
        },
        byFormType: forms,
        schools,
        belowThreshold,
        notReporting,
      },
      hazards: {
        found: counts(
          { critical: 2, high: 3, medium: 2, low: 1 },
          { electrical: 2, fire: 1, food: 2, water: 1, security: 1, other: 1 },
        ),
        foundYearOnYear: yoy(8, 10),
        rectifiedThisMonth: 4,
        verifiedThisMonth: 2,
        reopenedThisMonth: 1,
        rectification: rate(5, 8),
        openAtMonthEnd: counts(
          { critical: 0, high: 2, medium: 2, low: 1 },
          { electrical: 1, fire: 1, food: 2, other: 1 },
        ),
        awaitingVerificationAtMonthEnd: 2,
        overdueAtMonthEnd: counts({ critical: 0, high: 2, medium: 1, low: 0 }, { electrical: 1, fire: 1, food: 1 }),
        overdue,
        critical,
        schools: [
          { schoolId: 'hy-02', name: '华蓥市双河第一小学', found: 3, open: 3, overdue: 2, maxDaysOverdue: 19 },
          { schoolId: 'hy-04', name: '华蓥市职业中学', found: 3, open: 1, overdue: 1, maxDaysOverdue: 8 },
          { schoolId: 'hy-03', name: '华蓥市禄市镇中心小学', found: 2, open: 1, overdue: 0, maxDaysOverdue: 0 },
        ],
        forms: [
          {
            formType: 'hazard-report',
            submissions: 1,
            schools: 1,
            figures: [{ id: 'reports', aggregate: 'count', value: 1, values: 1 }],
          },
        ],
      },
      canteen: {
        schoolsWithCanteen: 4,
        schoolsReporting: 4,
        checks: yoy(57, 61),
        sampleRetention: rate(55, 57),
        healthCertificates: rate(56, 57),
        certifiedStaffDays: rate(452, 456),
        disinfection: rate(57, 57),
        leaderMeals: rate(50, 57),
        mealsServed: yoy(68_420, 70_100),
        foodWasteKg: yoy(1_284.5, 1_502.25),
        foodWasteGramsPerMeal: 18.77,
        schools: [
          {
            schoolId: 'hy-02',
            name: '华蓥市双河第一小学',
            checks: 9,
            sampleRetention: rate(7, 9),
            healthCertificates: rate(8, 9),
            disinfection: rate(9, 9),
            mealsServed: 9_800,
            foodWasteKg: 210.5,
          },
          {
            schoolId: 'hy-01',
            name: '华蓥市第一中学',
            checks: 17,
            sampleRetention: rate(17, 17),
            healthCertificates: rate(17, 17),
            disinfection: rate(17, 17),
            mealsServed: 31_200,
            foodWasteKg: 560,
          },
          {
            schoolId: 'hy-03',
            name: '华蓥市禄市镇中心小学',
            checks: 15,
            sampleRetention: rate(15, 15),
            healthCertificates: rate(15, 15),
            disinfection: rate(15, 15),
            mealsServed: 12_420,
            foodWasteKg: 214,
          },
          {
            schoolId: 'hy-04',
            name: '华蓥市职业中学',
            checks: 16,
            sampleRetention: rate(16, 16),
            healthCertificates: rate(16, 16),
            disinfection: rate(16, 16),
            mealsServed: 15_000,
            foodWasteKg: 300,
          },
        ],
        forms: [
          {
            formType: 'canteen-daily',
            submissions: 57,
            schools: 4,
            figures: [
              { id: 'checks', aggregate: 'count', value: 57, values: 57 },
              { id: 'mealsServed', aggregate: 'sum', value: 68_420, values: 57 },
              { id: 'foodWasteKg', aggregate: 'sum', value: 1_284.5, values: 57 },
            ],
          },
          {
            formType: 'nutrition-meals',
            submissions: 0,
            schools: 0,
            figures: [{ id: 'mealsProvided', aggregate: 'sum', value: 0, values: 0 }],
          },
        ],
      },
      safety: {
        dormitory: {
          boardingSchools: 2,
          partlyBoardingSchools: 1,
          schoolsReporting: 2,
          patrols: yoy(28, 30),
          prohibitedAppliances: yoy(4, 9),
          studentsUnaccounted: 1,
          strangersFound: 0,
          fireExitsBlocked: rate(1, 28),
        },
        electricalFire: {
          schoolsReporting: 3,
          checks: 3,
          extinguishersReplaced: yoy(28, 12),
          extinguishersExpired: rate(3, 214),
          ageingWiresFound: yoy(2, 0),
          emergencyLightsWorking: rate(96, 100),
          chemicalsStoredSafely: rate(3, 3),
        },
        forms: [
          {
            formType: 'electrical-fire',
            submissions: 3,
            schools: 3,
            figures: [
              { id: 'checks', aggregate: 'count', value: 3, values: 3 },
              { id: 'extinguishersReplaced', aggregate: 'sum', value: 28, values: 3 },
            ],
          },
        ],
      },
      insurance: {
        schoolsReporting: 2,
        studentsEnrolled: 3_120,
        coverages: [
          {
            coverage: 'schoolLiabilityCovered',
            covered: rate(3_120, 3_120),
            target: { direction: 'atLeast', target: 1, actual: 1, met: true },
            lowest: [],
          },
          {
            coverage: 'studentAccidentCovered',
            covered: rate(2_992, 3_120),
            target: null,
            lowest: [
              { schoolId: 'hy-03', name: '华蓥市禄市镇中心小学', covered: rate(1_072, 1_200) },
              { schoolId: 'hy-01', name: '华蓥市第一中学', covered: rate(1_920, 1_920) },
            ],
          },
          {
            coverage: 'residentMedicalCovered',
            covered: rate(3_001, 3_120),
            target: null,
            lowest: [{ schoolId: 'hy-01', name: '华蓥市第一中学', covered: rate(1_801, 1_920) }],
          },
        ],
        canteenFoodSafetyLiability: rate(2, 2),
        internshipInsurance: rate(0, 0),
        schools: [
          {
            schoolId: 'hy-01',
            name: '华蓥市第一中学',
            studentsEnrolled: 1_920,
            coverages: {
              schoolLiabilityCovered: rate(1_920, 1_920),
              studentAccidentCovered: rate(1_920, 1_920),
              residentMedicalCovered: rate(1_801, 1_920),
            },
            canteenFoodSafetyLiability: 'yes',
            internshipInsurance: 'not-applicable',
          },
          {
            schoolId: 'hy-03',
            name: '华蓥市禄市镇中心小学',
            studentsEnrolled: 1_200,
            coverages: {
              schoolLiabilityCovered: rate(1_200, 1_200),
              studentAccidentCovered: rate(1_072, 1_200),
              residentMedicalCovered: rate(1_200, 1_200),
            },
            canteenFoodSafetyLiability: 'yes',
            internshipInsurance: 'not-applicable',
          },
        ],
        forms: [
          {
            formType: 'insurance-enrolment',
            submissions: 2,
            schools: 2,
            figures: [{ id: 'studentsEnrolled', aggregate: 'sum', value: 3_120, values: 2 }],
          },
        ],
      },
      energy: {
        schoolsReporting: 4,
        previousYearSchoolsReporting: 3,
        electricityKwh: yoy(48_210.5, 52_300),
        waterM3: yoy(3_120.25, 3_480),
        likeForLike: { schools: 3, electricityKwh: yoy(44_100, 52_300), waterM3: yoy(2_950, 3_480) },
        targets: {
          electricityKwh: { direction: 'atMost', target: 50_000, actual: 48_210.5, met: true },
          waterM3: null,
          electricityReductionPercent: { direction: 'atLeast', target: 15, actual: 15.68, met: true },
          waterReductionPercent: { direction: 'atLeast', target: 15, actual: 15.23, met: true },
        },
        schools: [
          {
            schoolId: 'hy-04',
            name: '华蓥市职业中学',
            electricityKwh: 16_000,
            waterM3: 1_100,
            previousYearElectricityKwh: 15_000,
            previousYearWaterM3: 1_200,
            electricityChangePercent: 6.67,
            waterChangePercent: -8.33,
          },
          {
            schoolId: 'hy-01',
            name: '华蓥市第一中学',
            electricityKwh: 21_000,
            waterM3: 1_300,
            previousYearElectricityKwh: 27_300,
            previousYearWaterM3: 1_580,
            electricityChangePercent: -23.08,
            waterChangePercent: -17.72,
          },
          {
            schoolId: 'hy-03',
            name: '华蓥市禄市镇中心小学',
            electricityKwh: 7_100,
            waterM3: 550,
            previousYearElectricityKwh: 10_000,
            previousYearWaterM3: 700,
            electricityChangePercent: -29,
            waterChangePercent: -21.43,
          },
          {
            schoolId: 'hy-02',
            name: '华蓥市双河第一小学',
            electricityKwh: 4_110.5,
            waterM3: 170.25,
            previousYearElectricityKwh: null,
            previousYearWaterM3: null,
            electricityChangePercent: null,
            waterChangePercent: null,
          },
        ],
        forms: [
          {
            formType: 'energy-meter',
            submissions: 4,
            schools: 4,
            figures: [
              { id: 'electricityKwh', aggregate: 'sum', value: 48_210.5, values: 4 },
              { id: 'waterM3', aggregate: 'sum', value: 3_120.25, values: 4 },
            ],
          },
        ],
      },
      greeningWorkStudy: {
        greening: {
          schools: 2,
          projects: yoy(2, 1),
          plantsAdded: yoy(350, 120),
          areaAddedMu: 1.5,
          investmentYuan: yoy(18_000, 6_500),
        },
        workStudy: {
          schools: 2,
          areaMu: 892.5,
          areaByUse: {
            grainMu: 120,
            orchardMu: 80.5,
            teaMu: 300,
            bambooMu: 150,
            forestMu: 200,
            fishPondMu: 12,
            wastelandMu: 30,
          },
          incomeYuan: yoy(86_400, 80_000),
          costsYuan: 31_250.75,
          netYuan: yoy(55_149.25, 50_000),
          produceToCanteenYuan: 500,
          recyclingIncomeYuan: 1_320,
          studentsTakingPart: 1_860,
          totalsNotAddingUp: 1,
        },
        forms: [
          {
            formType: 'work-study',
            submissions: 2,
            schools: 2,
            figures: [{ id: 'areaMu', aggregate: 'sum', value: 892.5, values: 2 }],
          },
        ],
      },
      drillsEducation: {
        drills: {
          count: yoy(4, 5),
          participants: yoy(4_310, 4_800),
          byKind: { evacuation: 2, fire: 1, earthquake: 1, stampede: 0, other: 0 },
          meanEvacuationMinutes: 3.25,
          schoolsWithDrill: rate(3, 5),
          schoolsWithoutDrill: [
            { schoolId: 'hy-02', name: '华蓥市双河第一小学' },
            { schoolId: 'hy-05', name: '华蓥市明月镇幼儿园' },
          ],
        },
        education: {
          events: yoy(6, 4),
          participants: yoy(5_230, 3_900),
          lettersToParents: 2_400,
          byTopic: { drowning: 2, traffic: 1, fire: 1, law: 1, other: 1 },
          schools: 3,
        },
        forms: [
          {
            formType: 'safety-drill',
            submissions: 4,
            schools: 3,
            figures: [{ id: 'drills', aggregate: 'count', value: 4, values: 4 }],
          },
        ],
      },
      photosDataQuality: {
        photos: {
          archived: 12,
          reused: 1,
          pending: 1,
          quarantined: 1,
          bySchool: [
            { schoolId: 'hy-01', name: '华蓥市第一中学', archived: 6 },
            { schoolId: 'hy-04', name: '华蓥市职业中学', archived: 4 },
            { schoolId: 'hy-02', name: '华蓥市双河第一小学', archived: 2 },
          ],
        },
        dataQuality: {
          lateSubmissions: 3,
          flaggedSubmissions: 1,
          heldAlerts: 45,
          notes: [
            {
              kind: 'quality-flag',
              schoolId: 'hy-01',
              name: '华蓥市第一中学',
              formType: 'work-study',
              submissionId: 'sub-ws-01',
              date: '2026-10-28',
              code: 'total-differs-from-parts',
              field: 'answers.totalAreaMu',
              message: {
                zh: '填报总面积 890 亩与各用途之和 892.5 亩不符',
                en: 'Stated total 890 mu differs from the sum of uses, 892.5 mu',
              },
              details: { reported: 890, computed: 892.5 },
            },
            {
              kind: 'late-submissions',
              schoolId: 'hy-02',
              name: '华蓥市双河第一小学',
              formType: 'canteen-daily',
              count: 3,
              maxDaysLate: 6,
            },
            {
              kind: 'duplicate-statement',
              schoolId: 'hy-04',
              name: '华蓥市职业中学',
              formType: 'energy-meter',
              count: 2,
              countedSubmissionId: 'sub-em-04b',
            },
            {
              kind: 'outside-roster',
              schoolId: 'hy-99',
              name: null,
              reason: 'not-in-roster',
              archivedOn: null,
              period: 'month',
              formTypes: ['canteen-daily'],
              count: 1,
            },
            {
              kind: 'photo-reused',
              schoolId: 'hy-02',
              name: '华蓥市双河第一小学',
              photoId: 'ph-0702',
              duplicateOf: 'ph-0417',
            },
            {
              kind: 'photo-quarantined',
              schoolId: 'hy-04',
              name: '华蓥市职业中学',
              photoId: 'ph-0905',
              reason: 'not-an-image',
            },
            {
              kind: 'alerts-held',
              schoolId: 'hy-04',
              name: '华蓥市职业中学',
              count: 45,
              hours: 1,
              byDistrictBudget: 0,
            },
          ],
        },
      },
    },
  };
}

/** A district with no school and no submission: every count 0, every rate null. */
export function makeEmptyReport(): DistrictReport {
  const none = rate(0, 0);
  // No data a year earlier either: absent, not 0.
  const zero = yoy(0, null);
  const noHazards = counts({ critical: 0, high: 0, medium: 0, low: 0 }, {});
  return {
    reportVersion: 2,
    district: { id: 'empty', name: 'Empty District Bureau', locale: 'en', timezone: 'Asia/Shanghai' },
    month: '2026-02',
    previousYearMonth: '2025-02',
    asOf: '2026-02-28T16:00:00.000Z',
    producedAt: '2026-03-01T00:00:03.000Z',
    sources: {
      schoolsInRoster: 0,
      schoolsRegistered: 0,
      schoolsCounted: 0,
      submissions: { stored: 0, current: 0, superseded: 0, outsideRoster: 0 },
      previousYearSubmissions: { stored: 0, current: 0, superseded: 0, outsideRoster: 0 },
      hazards: 0,
      photos: 0,
    },
    sections: {
      compliance: {
        schoolsRegistered: 0,
        schoolsReporting: 0,
        reporting: none,
        schoolDays: 0,
        schoolNights: 0,
        threshold: 0.9,
        overall: rateYoy(none, none),
        target: null,
        byFormType: [],
        schools: [],
        belowThreshold: [],
        notReporting: [],
      },
      hazards: {
        found: noHazards,
        foundYearOnYear: zero,
        rectifiedThisMonth: 0,
        verifiedThisMonth: 0,
        reopenedThisMonth: 0,
        rectification: none,
        openAtMonthEnd: noHazards,
        awaitingVerificationAtMonthEnd: 0,
        overdueAtMonthEnd: noHazards,
        overdue: [],
        critical: [],
        schools: [],
        forms: [],
      },
      canteen: {
        schoolsWithCanteen: 0,
        schoolsReporting: 0,
        checks: zero,
        sampleRetention: none,
        healthCertificates: none,
        certifiedStaffDays: none,
        disinfection: none,
        leaderMeals: none,
        mealsServed: zero,
        foodWasteKg: zero,
        foodWasteGramsPerMeal: null,
        schools: [],
        forms: [],
      },
      safety: {
        dormitory: {
          boardingSchools: 0,
          partlyBoardingSchools: 0,
          schoolsReporting: 0,
          patrols: zero,
          prohibitedAppliances: zero,
          studentsUnaccounted: 0,
          strangersFound: 0,
          fireExitsBlocked: none,
        },
        electricalFire: {
          schoolsReporting: 0,
          checks: 0,
          extinguishersReplaced: zero,
          extinguishersExpired: none,
          ageingWiresFound: zero,
          emergencyLightsWorking: none,
          chemicalsStoredSafely: none,
        },
        forms: [],
      },
      insurance: {
        schoolsReporting: 0,
        studentsEnrolled: 0,
        coverages: [
          { coverage: 'schoolLiabilityCovered', covered: none, target: null, lowest: [] },
          { coverage: 'studentAccidentCovered', covered: none, target: null, lowest: [] },
          { coverage: 'residentMedicalCovered', covered: none, target: null, lowest: [] },
        ],
        canteenFoodSafetyLiability: none,
        internshipInsurance: none,
        schools: [],
        forms: [],
      },
      energy: {
        schoolsReporting: 0,
        previousYearSchoolsReporting: 0,
        electricityKwh: zero,
        waterM3: zero,
        likeForLike: { schools: 0, electricityKwh: zero, waterM3: zero },
        targets: {
          electricityKwh: null,
          waterM3: null,
          electricityReductionPercent: null,
          waterReductionPercent: null,
        },
        schools: [],
        forms: [],
      },
      greeningWorkStudy: {
        greening: { schools: 0, projects: zero, plantsAdded: zero, areaAddedMu: 0, investmentYuan: zero },
        workStudy: {
          schools: 0,
          areaMu: 0,
          areaByUse: { grainMu: 0, orchardMu: 0, teaMu: 0, bambooMu: 0, forestMu: 0, fishPondMu: 0, wastelandMu: 0 },
          incomeYuan: zero,
          costsYuan: 0,
          netYuan: zero,
          produceToCanteenYuan: 0,
          recyclingIncomeYuan: 0,
          studentsTakingPart: 0,
          totalsNotAddingUp: 0,
        },
        forms: [],
      },
      drillsEducation: {
        drills: {
          count: zero,
          participants: zero,
          byKind: { evacuation: 0, fire: 0, earthquake: 0, stampede: 0, other: 0 },
          meanEvacuationMinutes: null,
          schoolsWithDrill: none,
          schoolsWithoutDrill: [],
        },
        education: {
          events: zero,
          participants: zero,
          lettersToParents: 0,
          byTopic: { drowning: 0, traffic: 0, fire: 0, law: 0, other: 0 },
          schools: 0,
        },
        forms: [],
      },
      photosDataQuality: {
        photos: { archived: 0, reused: 0, pending: 0, quarantined: 0, bySchool: [] },
        dataQuality: { lateSubmissions: 0, flaggedSubmissions: 0, heldAlerts: 0, notes: [] },
      },
    },
  };
}
