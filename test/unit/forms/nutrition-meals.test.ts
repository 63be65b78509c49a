import { formAppliesTo } from '../../../shared/forms/catalogue';
import { nutritionMeals } from '../../../shared/forms/nutrition-meals';
import { describeFormContract } from '../../support/form-harness';

describeFormContract(nutritionMeals, {
  definition: {
    title: 'is version 1 of a school-day form for the schools of the programme',
    is: ['nutrition-meals', 1, 'school-day', 'nutritionProgramme'],
  },
  accepted: [
    {
      title: 'accepts one meal for every eligible student, and none on a day nobody came',
      answers: [
        { studentsEligible: 642, mealsProvided: 642 },
        { studentsEligible: 642, mealsProvided: 0 },
      ],
    },
  ],
  refused: {
    studentsEligible: [-1, 100_001, 642.5, undefined],
    mealsProvided: [-1, 0.5, '630', null],
  },
  unknownKey: { key: 'breakfasts', value: 600 },
  explained: [
    {
      title: 'refuses more meals than eligible students, on the meals, in Chinese and in English',
      answers: { studentsEligible: 642, mealsProvided: 643 },
      zh: [['mealsProvided', '营养餐供餐人数（643 人）不能多于享受营养改善计划的学生数（642 人）']],
      en: [
        [
          'mealsProvided',
          'Programme meals provided (643) cannot exceed the students eligible (642): one programme meal per eligible student a day',
        ],
      ],
    },
  ],
  refusedAt: [
    {
      title: 'does not compare with an invalid number of eligible students',
      answers: { studentsEligible: -1, mealsProvided: 630 },
      paths: ['studentsEligible'],
    },
  ],
  noHazardRules: {
    title: 'has none: fewer meals than eligible students is absence, not a hazard',
    answers: { studentsEligible: 642, mealsProvided: 100 },
  },
  figures: [
    {
      title: 'counts the day and sums the eligible students and the meals',
      answers: nutritionMeals.example,
      equal: { days: 1, studentsEligible: 642, mealsProvided: 630 },
    },
  ],
});

describe('nutritionMeals definition', () => {
  it('applies to a school in the programme only', () => {
    // Assess
    expect(formAppliesTo(nutritionMeals, { hasCanteen: true, boarding: true, nutritionProgramme: false })).toBe(false);
    expect(formAppliesTo(nutritionMeals, { hasCanteen: false, boarding: false, nutritionProgramme: true })).toBe(true);
  });
});
