import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { BOUGHT_OPTIONS, insuranceEnrolment, percentDown } from '../../../shared/forms/insurance-enrolment';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/insurance-enrolment/examples';

function parse(answers: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return insuranceEnrolment.answers.safeParse(answers, { error: errorMapFor(locale) });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

function raisedBy(answers: unknown) {
  return hazardsRaisedBy(insuranceEnrolment, insuranceEnrolment.answers.parse(answers));
}

function figures(answers: unknown): Record<string, number | undefined> {
  const parsed = insuranceEnrolment.answers.parse(answers);
  return Object.fromEntries(insuranceEnrolment.figures.map((figure) => [figure.id, figure.value(parsed)]));
}

describe('insuranceEnrolment definition', () => {
  it('is version 1 of a once-a-term form for every school', () => {
    // Assess
    expect([
      insuranceEnrolment.id,
      insuranceEnrolment.version,
      insuranceEnrolment.cadence,
      insuranceEnrolment.appliesTo,
    ]).toEqual(['insurance-enrolment', 1, 'term', 'all']);
  });

  it('offers yes, no and not applicable for both bought-or-not questions', () => {
    // Assess
    expect(Object.keys(insuranceEnrolment.fields.canteenFoodSafetyLiability.options ?? {})).toEqual([
      ...BOUGHT_OPTIONS,
    ]);
    expect(Object.keys(insuranceEnrolment.fields.internshipInsurance.options ?? {})).toEqual([...BOUGHT_OPTIONS]);
  });
});

describe('insuranceEnrolment answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts every count equal to the students enrolled, and a school of no students', () => {
    // Act
    const full = parse({ ...valid, studentAccidentCovered: 1290, residentMedicalCovered: 1290 });
    const empty = parse({
      ...valid,
      studentsEnrolled: 0,
      schoolLiabilityCovered: 0,
      studentAccidentCovered: 0,
      residentMedicalCovered: 0,
    });
    // Assess
    expect(full.success).toBe(true);
    expect(empty.success).toBe(true);
  });

  it.each([
    ['studentsEnrolled', -1],
    ['studentsEnrolled', 100_001],
    ['studentsEnrolled', 1290.5],
    ['studentsEnrolled', '1290'],
    ['schoolLiabilityCovered', -1],
    ['schoolLiabilityCovered', 3.5],
    ['studentAccidentCovered', null],
    ['studentAccidentCovered', 100_001],
    ['residentMedicalCovered', undefined],
    ['canteenFoodSafetyLiability', true],
    ['canteenFoodSafetyLiability', 'maybe'],
    ['canteenFoodSafetyLiability', undefined],
    ['internshipInsurance', false],
    ['internshipInsurance', 'n/a'],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, propertyInsured: true });
    // Assess
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['propertyInsured'] }),
    ]);
  });

  it.each(['schoolLiabilityCovered', 'studentAccidentCovered', 'residentMedicalCovered'])(
    'refuses %s above the students enrolled, on that field',
    (field) => {
      // Act
      const paths = refusedPaths({ ...valid, [field]: 1291 });
      // Assess
      expect(paths).toEqual([field]);
    },
  );

  it('refuses every excess at once, each on its own field', () => {
    // Act
    const paths = refusedPaths({
      ...valid,
      studentsEnrolled: 100,
      schoolLiabilityCovered: 101,
      studentAccidentCovered: 102,
      residentMedicalCovered: 100,
    });
    // Assess
    expect(paths).toEqual(['schoolLiabilityCovered', 'studentAccidentCovered']);
  });

  it('still refuses one excess when another count is itself invalid', () => {
    // Act
    const paths = refusedPaths({ ...valid, schoolLiabilityCovered: -5, studentAccidentCovered: 1300 });
    // Assess
    expect(paths.sort()).toEqual(['schoolLiabilityCovered', 'studentAccidentCovered']);
  });

  it('does not compare with an invalid enrolment: only the enrolment is refused', () => {
    // Act
    const paths = refusedPaths({ ...valid, studentsEnrolled: -1 });
    // Assess
    expect(paths).toEqual(['studentsEnrolled']);
  });

  it.each([
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
  ])('explains an excess of %s in Chinese and in English', (field, zh, en) => {
    // Prepare
    const answers = { ...valid, [field]: 1300 };
    // Act
    const zhIssues = parse(answers, 'zh-CN').error?.issues;
    const enIssues = parse(answers, 'en').error?.issues;
    // Assess
    expect(zhIssues).toEqual([expect.objectContaining({ path: [field], message: zh })]);
    expect(enIssues).toEqual([expect.objectContaining({ path: [field], message: en })]);
  });
});

describe('insuranceEnrolment hazard rules', () => {
  it('raises nothing when school liability insurance covers every student', () => {
    // Act
    const raised = raisedBy(valid);
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises a medium hazard naming the numbers when school liability insurance leaves students out', () => {
    // Act
    const raised = raisedBy({ ...valid, schoolLiabilityCovered: 1250 });
    // Assess
    expect(raised).toEqual([
      {
        ruleId: 'school-liability-incomplete',
        severity: 'medium',
        category: 'other',
        title: { zh: '校方责任险未全覆盖', en: 'School liability insurance does not cover every student' },
        description:
          '在校 1290 人，参保 1250 人，40 人未参保（参保率 96.8%） / 1250 of 1290 students covered, 40 not (96.8%)',
      },
    ]);
  });

  it('never rounds a rate with a student left out up to 100 %', () => {
    // Act
    const raised = raisedBy({
      ...valid,
      studentsEnrolled: 3000,
      schoolLiabilityCovered: 2999,
      studentAccidentCovered: 0,
      residentMedicalCovered: 0,
    });
    // Assess
    expect(raised.map((hazard) => hazard.description)).toEqual([
      '在校 3000 人，参保 2999 人，1 人未参保（参保率 99.9%） / 2999 of 3000 students covered, 1 not (99.9%)',
    ]);
  });

  it('raises nothing for low student accident or medical coverage, which are voluntary', () => {
    // Act
    const raised = raisedBy({
      ...valid,
      studentAccidentCovered: 0,
      residentMedicalCovered: 0,
      canteenFoodSafetyLiability: 'no',
      internshipInsurance: 'no',
    });
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises nothing for a school of no students', () => {
    // Act
    const raised = raisedBy({
      ...valid,
      studentsEnrolled: 0,
      schoolLiabilityCovered: 0,
      studentAccidentCovered: 0,
      residentMedicalCovered: 0,
    });
    // Assess
    expect(raised).toEqual([]);
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
  it('keeps each number insured and the number enrolled as separate sums, and counts the bought-or-not answers', () => {
    // Act
    const values = figures(valid);
    // Assess
    expect(values).toEqual({
      reports: 1,
      studentsEnrolled: 1290,
      schoolLiabilityCovered: 1290,
      studentAccidentCovered: 1237,
      residentMedicalCovered: 1105,
      canteenFoodSafetyLiabilityBought: 1,
      canteenFoodSafetyLiabilityApplicable: 1,
      internshipInsuranceBought: 0,
      internshipInsuranceApplicable: 0,
    });
  });

  it.each([
    ['yes', 1, 1],
    ['no', 0, 1],
    ['not-applicable', 0, 0],
  ])('counts internship insurance %s as bought %p of applicable %p', (answer, bought, applicable) => {
    // Act
    const values = figures({ ...valid, internshipInsurance: answer });
    // Assess
    expect([values.internshipInsuranceBought, values.internshipInsuranceApplicable]).toEqual([bought, applicable]);
  });

  it('counts a school without a canteen or shop out of the food-safety insurance rate', () => {
    // Act
    const values = figures({ ...valid, canteenFoodSafetyLiability: 'not-applicable' });
    // Assess
    expect([values.canteenFoodSafetyLiabilityBought, values.canteenFoodSafetyLiabilityApplicable]).toEqual([0, 0]);
  });

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
