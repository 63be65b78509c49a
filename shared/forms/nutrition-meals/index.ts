import * as z from 'zod/mini';
import { atMost, countOf, field, sumOf, wholeNumber } from '../common';
import { defineForm } from '../types';
import { example } from './examples';

/** The roster's ceiling on a school's students. */
const STUDENTS_MAX = 100_000;

// The nutrition programme (农村义务教育学生营养改善计划) pays a fixed sum per eligible student
// per school day, served as one programme meal whatever the sittings. So `mealsProvided` counts
// the students served today: more than the students eligible would be paying for meals nobody
// is entitled to (the seed's 不超支), and is refused. Fewer is normal (absences) and accepted.
const answers = () =>
  z
    .strictObject({
      studentsEligible: wholeNumber(STUDENTS_MAX),
      mealsProvided: wholeNumber(STUDENTS_MAX),
    })
    .check(
      atMost('mealsProvided', 'studentsEligible', (a) => ({
        zh: `营养餐供餐人数（${a.mealsProvided} 人）不能多于享受营养改善计划的学生数（${a.studentsEligible} 人）`,
        en: `Programme meals provided (${a.mealsProvided}) cannot exceed the students eligible (${a.studentsEligible}): one programme meal per eligible student a day`,
      })),
    );

const MEALS = { zh: '份', en: 'meals' };

/** 营养改善计划供餐: the programme meals of one school day, in schools of the programme. */
export const nutritionMeals = defineForm({
  id: 'nutrition-meals',
  version: 1,
  order: 140,
  title: { zh: '营养改善计划供餐', en: 'Nutrition programme meals' },
  description: {
    zh: '营养改善计划学校每个上课日填写：享受营养餐的学生数、当日实际供餐人数（每生每天一份）。',
    en: 'Filled in every school day by schools in the nutrition programme: students eligible, and students served a programme meal that day (one per student a day).',
  },
  cadence: 'school-day',
  appliesTo: 'nutritionProgramme',
  answers,
  example,
  fields: {
    studentsEligible: field({ zh: '享受营养餐学生数', en: 'Students eligible' }, { zh: '人', en: 'students' }),
    mealsProvided: field({ zh: '当日供餐人数', en: 'Programme meals provided today' }, MEALS),
  },
  // Fewer meals than eligible students is usually absence, not a hazard: the rate is in the report.
  hazardRules: [],
  figures: [
    countOf('days', { zh: '供餐天数', en: 'Days reported' }),
    sumOf(
      'studentsEligible',
      { zh: '享受营养餐学生（人天）', en: 'Eligible students (student-days)' },
      { zh: '人天', en: 'student-days' },
    ),
    sumOf('mealsProvided', { zh: '供餐份数', en: 'Programme meals provided' }, MEALS),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'canteen', order: 2 },
});
