import * as z from 'zod/mini';
import type { Text } from '../../i18n';
import { addTextIssue } from '../../validation';
import { bilingual, hazardRule, sumOf, tally, whenValid, wholeNumber, yesNo } from '../common';
import type { Figure, HazardRule } from '../types';
import { defineForm } from '../types';
import { example } from './examples';

/** Suspected cases of one disease in one school on one day that make an outbreak (聚集性疫情). */
export const OUTBREAK_THRESHOLD = 3;

/**
 * The diseases the morning check counts suspected cases of, each as one answer field. `rule` is
 * the stable tail of the disease's outbreak rule id (`outbreak-<rule>`): hazards keep it for life.
 */
export const DISEASES = {
  suspectedFlu: { rule: 'flu', name: { zh: '流感', en: 'flu' } },
  suspectedHandFootMouth: { rule: 'hand-foot-mouth', name: { zh: '手足口病', en: 'hand, foot and mouth disease' } },
  suspectedChickenpox: { rule: 'chickenpox', name: { zh: '水痘', en: 'chickenpox' } },
  suspectedMumps: { rule: 'mumps', name: { zh: '流行性腮腺炎', en: 'mumps' } },
  suspectedNorovirus: {
    rule: 'norovirus',
    name: { zh: '诺如病毒等感染性腹泻', en: 'norovirus or other infectious diarrhoea' },
  },
  suspectedOther: { rule: 'other', name: { zh: '其他传染病', en: 'other infectious diseases' } },
} as const satisfies Record<string, { rule: string; name: Text }>;

type Disease = keyof typeof DISEASES;
const DISEASE_FIELDS = Object.keys(DISEASES) as Disease[];

/** Suspected cases of one disease on one day. */
const suspectedCases = () => wholeNumber(10_000);

const answers = () =>
  z
    .strictObject({
      studentsPresent: wholeNumber(100_000),
      absentForIllness: wholeNumber(100_000),
      suspectedFlu: suspectedCases(),
      suspectedHandFootMouth: suspectedCases(),
      suspectedChickenpox: suspectedCases(),
      suspectedMumps: suspectedCases(),
      suspectedNorovirus: suspectedCases(),
      suspectedOther: suspectedCases(),
      reportedToHealthAuthority: yesNo(),
    })
    .check(
      z.superRefine(
        (a, ctx) => {
          // A suspected case is a student: found at the morning check, or at home ill. No more of them
          // than the students the check accounts for.
          const students = a.studentsPresent + a.absentForIllness;
          for (const field of DISEASE_FIELDS) {
            if (a[field] > students) {
              addTextIssue(ctx, [field], {
                zh: `${DISEASES[field].name.zh}疑似病例不能多于到校与因病缺课学生之和（${students} 人）`,
                en: `Cannot exceed the students present and absent for illness (${students})`,
              });
            }
          }
        },
        whenValid('studentsPresent', 'absentForIllness', ...DISEASE_FIELDS),
      ),
    );

type Answers = z.output<ReturnType<typeof answers>>;

function outbreaks(a: Answers): Disease[] {
  return DISEASE_FIELDS.filter((field) => a[field] >= OUTBREAK_THRESHOLD);
}

function casesOf(field: Disease, a: Answers): string {
  const { name } = DISEASES[field];
  return bilingual(`${name.zh}疑似病例 ${a[field]} 例`, `${a[field]} suspected cases of ${name.en}`);
}

/** One rule per disease, so each outbreak is its own hazard under an id that does not move. */
function outbreakRule(field: Disease): HazardRule<Answers> {
  const { rule, name } = DISEASES[field];
  return hazardRule<Answers>(
    {
      id: `outbreak-${rule}`,
      severity: 'critical',
      category: 'health',
      title: {
        zh: `${name.zh}疑似病例聚集（${OUTBREAK_THRESHOLD} 例及以上）`,
        en: `Suspected outbreak of ${name.en} (${OUTBREAK_THRESHOLD} or more cases)`,
      },
    },
    (a) => (a[field] >= OUTBREAK_THRESHOLD ? { description: casesOf(field, a) } : undefined),
  );
}

/** 晨检与传染病防控: the morning health check of the students, every school day. */
export const healthMorningCheck = defineForm({
  id: 'health-morning-check',
  version: 1,
  order: 70,
  title: { zh: '晨检与传染病防控', en: 'Morning health check and infectious disease control' },
  description: {
    zh: '每个上课日由校医或卫生老师汇总各班晨检：到校人数、因病缺课人数、各类传染病疑似病例数，以及是否已向卫生健康部门报告。',
    en: "Filled in every school day by the school doctor from the classes' morning checks: students present, absent for illness, suspected cases of each infectious disease, and whether they were reported to the health authority.",
  },
  cadence: 'school-day',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    studentsPresent: { label: { zh: '到校学生', en: 'Students present' }, unit: { zh: '人', en: 'students' } },
    absentForIllness: {
      label: { zh: '因病缺课学生', en: 'Students absent for illness' },
      unit: { zh: '人', en: 'students' },
    },
    suspectedFlu: { label: { zh: '流感疑似病例', en: 'Suspected flu cases' }, unit: { zh: '例', en: 'cases' } },
    suspectedHandFootMouth: {
      label: { zh: '手足口病疑似病例', en: 'Suspected hand, foot and mouth disease cases' },
      unit: { zh: '例', en: 'cases' },
    },
    suspectedChickenpox: {
      label: { zh: '水痘疑似病例', en: 'Suspected chickenpox cases' },
      unit: { zh: '例', en: 'cases' },
    },
    suspectedMumps: {
      label: { zh: '流行性腮腺炎疑似病例', en: 'Suspected mumps cases' },
      unit: { zh: '例', en: 'cases' },
    },
    suspectedNorovirus: {
      label: { zh: '诺如病毒等感染性腹泻疑似病例', en: 'Suspected norovirus or other infectious diarrhoea cases' },
      unit: { zh: '例', en: 'cases' },
    },
    suspectedOther: {
      label: { zh: '其他传染病疑似病例', en: 'Suspected cases of other infectious diseases' },
      unit: { zh: '例', en: 'cases' },
    },
    reportedToHealthAuthority: {
      label: {
        zh: '疑似病例已向卫生健康部门（疾控）报告',
        en: 'Suspected cases reported to the health authority (CDC)',
      },
    },
  },
  hazardRules: [
    ...DISEASE_FIELDS.map(outbreakRule),
    hazardRule<Answers>(
      {
        id: 'unreported-outbreak',
        severity: 'high',
        category: 'health',
        title: {
          zh: '聚集性疑似病例未向卫生健康部门报告',
          en: 'Suspected outbreak not reported to the health authority',
        },
      },
      (a) => {
        const found = outbreaks(a);
        if (found.length === 0 || a.reportedToHealthAuthority) return undefined;
        return {
          description: bilingual(
            found.map((field) => `${DISEASES[field].name.zh} ${a[field]} 例`).join('、'),
            found.map((field) => `${DISEASES[field].name.en}: ${a[field]}`).join(', '),
          ),
        };
      },
    ),
  ],
  figures: [
    { id: 'checks', label: { zh: '晨检次数', en: 'Morning checks' }, aggregate: 'count', value: () => 1 },
    sumOf('studentsPresent', { zh: '到校学生（人次）', en: 'Students present (student-days)' }),
    sumOf('absentForIllness', { zh: '因病缺课（人次）', en: 'Absent for illness (student-days)' }),
    {
      id: 'suspectedCases',
      label: { zh: '传染病疑似病例合计', en: 'Suspected infectious cases, all diseases' },
      unit: { zh: '例', en: 'cases' },
      aggregate: 'sum',
      value: (a) => DISEASE_FIELDS.reduce((sum, field) => sum + a[field], 0),
    },
    ...DISEASE_FIELDS.map((field): Figure<Answers> => ({
      id: field,
      label: { zh: `${DISEASES[field].name.zh}疑似病例`, en: `Suspected cases: ${DISEASES[field].name.en}` },
      unit: { zh: '例', en: 'cases' },
      aggregate: 'sum',
      value: (a) => a[field],
    })),
    {
      id: 'outbreakDays',
      label: { zh: '出现聚集性疑似病例的天数', en: 'Days with a suspected outbreak' },
      aggregate: 'sum',
      value: (a) => tally(outbreaks(a).length > 0),
    },
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'safety', order: 6 },
});
