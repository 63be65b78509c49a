import { formAppliesTo, hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { nutritionMeals } from '../../../shared/forms/nutrition-meals';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/nutrition-meals/examples';

function parse(answers: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return nutritionMeals.answers.safeParse(answers, { error: errorMapFor(locale) });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('nutritionMeals definition', () => {
  it('is version 1 of a school-day form for the schools of the programme', () => {
    // Assess
    expect([nutritionMeals.id, nutritionMeals.version, nutritionMeals.cadence, nutritionMeals.appliesTo]).toEqual([
      'nutrition-meals',
      1,
      'school-day',
      'nutritionProgramme',
    ]);
  });

  it('applies to a school in the programme only', () => {
    // Assess
    expect(formAppliesTo(nutritionMeals, { hasCanteen: true, boarding: true, nutritionProgramme: false })).toBe(false);
    expect(formAppliesTo(nutritionMeals, { hasCanteen: false, boarding: false, nutritionProgramme: true })).toBe(true);
  });
});

describe('nutritionMeals answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts one meal for every eligible student, and none on a day nobody came', () => {
    // Act
    const everyone = parse({ studentsEligible: 642, mealsProvided: 642 });
    const nobody = parse({ studentsEligible: 642, mealsProvided: 0 });
    // Assess
    expect(everyone.success).toBe(true);
    expect(nobody.success).toBe(true);
  });

  it.each([
    ['studentsEligible', -1],
    ['studentsEligible', 100_001],
    ['studentsEligible', 642.5],
    ['studentsEligible', undefined],
    ['mealsProvided', -1],
    ['mealsProvided', 0.5],
    ['mealsProvided', '630'],
    ['mealsProvided', null],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, breakfasts: 600 });
    // Assess
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['breakfasts'] }),
    ]);
  });

  it('refuses more meals than eligible students, on the meals, in Chinese and in English', () => {
    // Prepare
    const answers = { studentsEligible: 642, mealsProvided: 643 };
    // Act
    const zh = parse(answers, 'zh-CN').error?.issues;
    const en = parse(answers, 'en').error?.issues;
    // Assess
    expect(zh).toEqual([
      expect.objectContaining({
        path: ['mealsProvided'],
        message: '营养餐供餐人数（643 人）不能多于享受营养改善计划的学生数（642 人）',
      }),
    ]);
    expect(en).toEqual([
      expect.objectContaining({
        path: ['mealsProvided'],
        message:
          'Programme meals provided (643) cannot exceed the students eligible (642): one programme meal per eligible student a day',
      }),
    ]);
  });

  it('does not compare with an invalid number of eligible students', () => {
    // Act
    const paths = refusedPaths({ studentsEligible: -1, mealsProvided: 630 });
    // Assess
    expect(paths).toEqual(['studentsEligible']);
  });
});

describe('nutritionMeals hazard rules', () => {
  it('has none: fewer meals than eligible students is absence, not a hazard', () => {
    // Act
    const raised = hazardsRaisedBy(
      nutritionMeals,
      nutritionMeals.answers.parse({ studentsEligible: 642, mealsProvided: 100 }),
    );
    // Assess
    expect(nutritionMeals.hazardRules).toEqual([]);
    expect(raised).toEqual([]);
  });
});

describe('nutritionMeals figures', () => {
  it('counts the day and sums the eligible students and the meals', () => {
    // Prepare
    const parsed = nutritionMeals.answers.parse(valid);
    // Act
    const values = Object.fromEntries(nutritionMeals.figures.map((figure) => [figure.id, figure.value(parsed)]));
    // Assess
    expect(values).toEqual({ days: 1, studentsEligible: 642, mealsProvided: 630 });
  });
});
