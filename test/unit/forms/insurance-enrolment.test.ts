import { BOUGHT_OPTIONS, insuranceEnrolment, percentDown } from '../../../shared/forms/insurance-enrolment';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid, figures } = formHarness(insuranceEnrolment);

/** A school of no students, with no one covered. */
const noStudents = {
  ...valid,
  studentsEnrolled: 0,
  schoolLiabilityCovered: 0,
  studentAccidentCovered: 0,
  residentMedicalCovered: 0,
};

const COVERED_FIELDS = ['schoolLiabilityCovered', 'studentAccidentCovered', 'residentMedicalCovered'];

describeFormContract(insuranceEnrolment, {
  definition: {
    title: 'is version 1 of a once-a-term form for every school',
    is: ['insurance-enrolment', 1, 'term', 'all'],
  },
  accepted: [
    {
      title: 'accepts every count equal to the students enrolled, and a school of no students',
      answers: [{ ...valid, studentAccidentCovered: 1290, residentMedicalCovered: 1290 }, noStudents],
    },
  ],
  refused: {
    studentsEnrolled: [-1, 100_001, 1290.5, '1290'],
    schoolLiabilityCovered: [-1, 3.5],
    studentAccidentCovered: [null, 100_001],
    residentMedicalCovered: [undefined],
    canteenFoodSafetyLiability: [true, 'maybe', undefined],
    internshipInsurance: [false, 'n/a'],
  },
  unknownKey: { key: 'propertyInsured', value: true },
  refusedAt: [
    ...COVERED_FIELDS.map((field) => ({
      title: `refuses ${field} above the students enrolled, on that field`,
      answers: { ...valid, [field]: 1291 },
      paths: [field],
    })),
    {
      title: 'refuses every excess at once, each on its own field',
      answers: {
        ...valid,
        studentsEnrolled: 100,
        schoolLiabilityCovered: 101,
        studentAccidentCovered: 102,
        residentMedicalCovered: 100,
      },
      paths: ['schoolLiabilityCovered', 'studentAccidentCovered'],
    },
    {
      title: 'still refuses one excess when another count is itself invalid',
      answers: { ...valid, schoolLiabilityCovered: -5, studentAccidentCovered: 1300 },
      paths: ['schoolLiabilityCovered', 'studentAccidentCovered'],
      inAnyOrder: true,
    },
    {
      title: 'does not compare with an invalid enrolment: only the enrolment is refused',
      answers: { ...valid, studentsEnrolled: -1 },
      paths: ['studentsEnrolled'],
    },
  ],
  explained: [
    [
      'schoolLiabilityCovered',
      '校方责任险参保人数（1300 人）不能多于在校学生数（1290 人）',
      'Students covered by school liability insurance (1300) cannot exceed the students enrolled (1290)',
    ],
    [
      'studentAccidentCovered',
      '学平险参保人数（1300 人）不能多于在校学生数（1290 人）',
      'Students covered by student accident insurance (1300) cannot exceed the students enrolled (1290)',
    ],
    [
      'residentMedicalCovered',
      '城镇居民医保参保人数（1300 人）不能多于在校学生数（1290 人）',
      'Students covered by resident medical insurance (1300) cannot exceed the students enrolled (1290)',
    ],
  ].map(([field, zh, en]) => ({
    title: `explains an excess of ${field} in Chinese and in English`,
    answers: { ...valid, [field!]: 1300 },
    zh: [[field!, zh!]],
    en: [[field!, en!]],
  })),
  hazards: [
    { title: 'raises nothing when school liability insurance covers every student', answers: valid, raised: [] },
    {
      title: 'raises a medium hazard naming the numbers when school liability insurance leaves students out',
      answers: { ...valid, schoolLiabilityCovered: 1250 },
      raised: [
        {
          ruleId: 'school-liability-incomplete',
          severity: 'medium',
          category: 'other',
          title: { zh: '校方责任险未全覆盖', en: 'School liability insurance does not cover every student' },
          description:
            '在校 1290 人，参保 1250 人，40 人未参保（参保率 96.8%） / 1250 of 1290 students covered, 40 not (96.8%)',
        },
      ],
    },
    {
      title: 'never rounds a rate with a student left out up to 100 %',
      answers: {
        ...valid,
        studentsEnrolled: 3000,
        schoolLiabilityCovered: 2999,
        studentAccidentCovered: 0,
        residentMedicalCovered: 0,
      },
      raised: [
        expect.objectContaining({
          description:
            '在校 3000 人，参保 2999 人，1 人未参保（参保率 99.9%） / 2999 of 3000 students covered, 1 not (99.9%)',
        }),
      ],
    },
    {
      title: 'raises nothing for low student accident or medical coverage, which are voluntary',
      answers: {
        ...valid,
        studentAccidentCovered: 0,
        residentMedicalCovered: 0,
        canteenFoodSafetyLiability: 'no',
        internshipInsurance: 'no',
      },
      raised: [],
    },
    { title: 'raises nothing for a school of no students', answers: noStudents, raised: [] },
  ],
  figures: [
    {
      title: 'keeps each number insured and the number enrolled as separate sums, and counts the bought-or-not answers',
      answers: valid,
      equal: {
        reports: 1,
        studentsEnrolled: 1290,
        schoolLiabilityCovered: 1290,
        studentAccidentCovered: 1237,
        residentMedicalCovered: 1105,
        canteenFoodSafetyLiabilityBought: 1,
        canteenFoodSafetyLiabilityApplicable: 1,
        internshipInsuranceBought: 0,
        internshipInsuranceApplicable: 0,
      },
    },
    ...(
      [
        ['yes', 1, 1],
        ['no', 0, 1],
        ['not-applicable', 0, 0],
      ] as const
    ).map(([answer, bought, applicable]) => ({
      title: `counts internship insurance ${answer} as bought ${bought} of applicable ${applicable}`,
      answers: { ...valid, internshipInsurance: answer },
      including: { internshipInsuranceBought: bought, internshipInsuranceApplicable: applicable },
    })),
    {
      title: 'counts a school without a canteen or shop out of the food-safety insurance rate',
      answers: { ...valid, canteenFoodSafetyLiability: 'not-applicable' },
      including: { canteenFoodSafetyLiabilityBought: 0, canteenFoodSafetyLiabilityApplicable: 0 },
    },
  ],
});

describe('insuranceEnrolment definition', () => {
  it('offers yes, no and not applicable for both bought-or-not questions', () => {
    // Assess
    expect(Object.keys(insuranceEnrolment.fields.canteenFoodSafetyLiability.options ?? {})).toEqual([
      ...BOUGHT_OPTIONS,
    ]);
    expect(Object.keys(insuranceEnrolment.fields.internshipInsurance.options ?? {})).toEqual([...BOUGHT_OPTIONS]);
  });
});

describe('percentDown', () => {
  it.each([
    [1290, 1290, '100.0'],
    [1237, 1290, '95.8'],
    [45_337, 47_275, '95.9'],
    [0, 10, '0.0'],
  ])('gives %p of %p as %s %', (part, whole, expected) => {
    // Assess
    expect(percentDown(part, whole)).toBe(expected);
  });
});

describe('insuranceEnrolment figures', () => {
  it('sums to the district rate: Σ covered / Σ enrolled', () => {
    // Prepare
    const schools = [
      valid,
      {
        ...valid,
        studentsEnrolled: 710,
        schoolLiabilityCovered: 700,
        studentAccidentCovered: 700,
        residentMedicalCovered: 0,
      },
    ];
    // Act
    const values = schools.map(figures);
    const covered = values.reduce((sum, v) => sum + (v.schoolLiabilityCovered ?? 0), 0);
    const enrolled = values.reduce((sum, v) => sum + (v.studentsEnrolled ?? 0), 0);
    // Assess
    expect([covered, enrolled]).toEqual([1990, 2000]);
  });
});
