import * as z from 'zod/mini';
import type { Text } from '../../i18n';
import { atMost, bilingual, hazardRule, sumOf, tally, wholeNumber } from '../common';
import { defineForm, type Figure } from '../types';
import { example } from './examples';

/** The roster's ceiling on a school's students. */
const STUDENTS_MAX = 100_000;

/**
 * Bought, not bought, or not applicable to this school: the form cannot see whether the school has a canteen or a
 * shop, or is a vocational school, so the school says so, and the rates count only the schools
 * the insurance applies to.
 */
export const BOUGHT_OPTIONS = ['yes', 'no', 'not-applicable'] as const;
export type Bought = (typeof BOUGHT_OPTIONS)[number];

/** The three counts of insured students (each at most the students enrolled), by the insurance's name. */
export const COVERAGES = {
  schoolLiabilityCovered: { zh: '校方责任险', en: 'school liability insurance' },
  studentAccidentCovered: { zh: '学平险', en: 'student accident insurance' },
  residentMedicalCovered: { zh: '城镇居民医保', en: 'resident medical insurance' },
} as const satisfies Record<string, Text>;

type CoverageField = keyof typeof COVERAGES;
const COVERAGE_FIELDS = Object.keys(COVERAGES) as CoverageField[];

const answers = () =>
  z
    .strictObject({
      studentsEnrolled: wholeNumber(STUDENTS_MAX),
      schoolLiabilityCovered: wholeNumber(STUDENTS_MAX),
      studentAccidentCovered: wholeNumber(STUDENTS_MAX),
      residentMedicalCovered: wholeNumber(STUDENTS_MAX),
      canteenFoodSafetyLiability: z.enum(BOUGHT_OPTIONS),
      internshipInsurance: z.enum(BOUGHT_OPTIONS),
    })
    // One check per coverage, so a bad count in one does not hide an excess in another.
    .check(
      coveredAtMostEnrolled('schoolLiabilityCovered'),
      coveredAtMostEnrolled('studentAccidentCovered'),
      coveredAtMostEnrolled('residentMedicalCovered'),
    );

type Answers = z.output<ReturnType<typeof answers>>;

function coveredAtMostEnrolled(field: CoverageField) {
  const coverage = COVERAGES[field];
  return atMost(field, 'studentsEnrolled', (a) => ({
    zh: `${coverage.zh}参保人数（${a[field]} 人）不能多于在校学生数（${a.studentsEnrolled} 人）`,
    en: `Students covered by ${coverage.en} (${a[field]}) cannot exceed the students enrolled (${a.studentsEnrolled})`,
  }));
}

/** `part` of `whole` as a percentage with one decimal, rounded down: 1,289 of 1,290 is 99.9 %, never 100 %. */
export function percentDown(part: number, whole: number): string {
  return (Math.floor((part * 1000) / whole) / 10).toFixed(1);
}

const BOUGHT_LABELS: Record<Bought, Text> = {
  yes: { zh: '已购买', en: 'Bought' },
  no: { zh: '未购买', en: 'Not bought' },
  'not-applicable': { zh: '不适用', en: 'Not applicable' },
};

/** A bought-or-not answer as two figures: schools that bought, and schools it applies to. */
function boughtFigures(field: 'canteenFoodSafetyLiability' | 'internshipInsurance', name: Text): Figure<Answers>[] {
  return [
    {
      id: `${field}Bought`,
      label: { zh: `已购买${name.zh}的学校`, en: `Schools with ${name.en}` },
      unit: { zh: '所', en: 'schools' },
      aggregate: 'sum',
      value: (a) => tally(a[field] === 'yes'),
    },
    {
      id: `${field}Applicable`,
      label: { zh: `${name.zh}适用的学校`, en: `Schools ${name.en} applies to` },
      unit: { zh: '所', en: 'schools' },
      aggregate: 'sum',
      value: (a) => tally(a[field] !== 'not-applicable'),
    },
  ];
}

/** The number insured and the number enrolled are separate sums, so the district rate is Σ covered / Σ enrolled. */
function coveredFigure(field: CoverageField, name: Text): Figure<Answers> {
  return {
    id: field,
    label: { zh: `${name.zh}参保人数`, en: `Students covered by ${name.en}` },
    unit: { zh: '人', en: 'students' },
    aggregate: 'sum',
    value: (a) => a[field],
  };
}

/** 保险参保情况: the school's insurance enrolment, once per term. */
export const insuranceEnrolment = defineForm({
  id: 'insurance-enrolment',
  version: 1,
  order: 120,
  title: { zh: '保险参保情况', en: 'Insurance enrolment' },
  description: {
    zh: '每学期填写一次：在校学生数，校方责任险、学平险、城镇居民医保参保人数，食堂/小卖部食品安全责任险、职业院校学生实习保险购买情况。',
    en: 'Filled in once a term: students enrolled; students covered by school liability, student accident and resident medical insurance; canteen food-safety liability and vocational internship insurance bought.',
  },
  cadence: 'term',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    studentsEnrolled: { label: { zh: '在校学生数', en: 'Students enrolled' }, unit: { zh: '人', en: 'students' } },
    schoolLiabilityCovered: {
      label: { zh: '校方责任险参保人数', en: 'Covered by school liability insurance' },
      unit: { zh: '人', en: 'students' },
    },
    studentAccidentCovered: {
      label: { zh: '学平险参保人数', en: 'Covered by student accident insurance' },
      unit: { zh: '人', en: 'students' },
    },
    residentMedicalCovered: {
      label: { zh: '城镇居民医保参保人数', en: 'Covered by resident medical insurance' },
      unit: { zh: '人', en: 'students' },
    },
    canteenFoodSafetyLiability: {
      label: { zh: '食堂/小卖部食品安全责任险', en: 'Canteen or shop food-safety liability insurance' },
      options: {
        ...BOUGHT_LABELS,
        'not-applicable': { zh: '不适用（无食堂、小卖部）', en: 'Not applicable (no canteen or shop)' },
      },
    },
    internshipInsurance: {
      label: { zh: '学生实习保险', en: 'Student internship insurance' },
      options: {
        ...BOUGHT_LABELS,
        'not-applicable': { zh: '不适用（非职业学校）', en: 'Not applicable (not a vocational school)' },
      },
    },
  },
  hazardRules: [
    // 校方责任险 is expected to cover every student (DOMAIN.md): a student left out is an uninsured risk.
    hazardRule<Answers>(
      {
        id: 'school-liability-incomplete',
        severity: 'medium',
        category: 'other',
        title: { zh: '校方责任险未全覆盖', en: 'School liability insurance does not cover every student' },
      },
      (a) => {
        const uncovered = a.studentsEnrolled - a.schoolLiabilityCovered;
        if (uncovered <= 0) return undefined;
        const rate = percentDown(a.schoolLiabilityCovered, a.studentsEnrolled);
        return {
          description: bilingual(
            `在校 ${a.studentsEnrolled} 人，参保 ${a.schoolLiabilityCovered} 人，${uncovered} 人未参保（参保率 ${rate}%）`,
            `${a.schoolLiabilityCovered} of ${a.studentsEnrolled} students covered, ${uncovered} not (${rate}%)`,
          ),
        };
      },
    ),
  ],
  figures: [
    { id: 'reports', label: { zh: '填报学校次数', en: 'Reports' }, aggregate: 'count', value: () => 1 },
    sumOf('studentsEnrolled', { zh: '在校学生数', en: 'Students enrolled' }, { zh: '人', en: 'students' }),
    ...COVERAGE_FIELDS.map((field) => coveredFigure(field, COVERAGES[field])),
    ...boughtFigures('canteenFoodSafetyLiability', { zh: '食品安全责任险', en: 'food-safety liability insurance' }),
    ...boughtFigures('internshipInsurance', { zh: '实习保险', en: 'internship insurance' }),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'insurance', order: 1, onePerSchool: true, fills: 'insurance' },
});
