import { DISEASES, healthMorningCheck, OUTBREAK_THRESHOLD } from '../../../shared/forms/health-morning-check';
import { describeFormContract, formHarness } from '../../support/form-harness';

const DISEASE_FIELDS = Object.keys(DISEASES) as (keyof typeof DISEASES)[];
const noCases = Object.fromEntries(DISEASE_FIELDS.map((field) => [field, 0]));

/** What no count of suspected cases may be: negative, beyond the ceiling, a fraction. */
const NOT_A_COUNT = [-1, 10_001, 0.5];

const { valid } = formHarness(healthMorningCheck);

describeFormContract(healthMorningCheck, {
  accepted: [
    {
      title: 'accepts as many suspected cases of a disease as students present and absent for illness',
      answers: [{ ...valid, studentsPresent: 10, absentForIllness: 5, suspectedChickenpox: 15 }],
    },
  ],
  refused: {
    studentsPresent: [-1, 100_001, 1180.5],
    absentForIllness: ['6', 100_001],
    ...Object.fromEntries(DISEASE_FIELDS.map((field) => [field, NOT_A_COUNT])),
    suspectedMumps: [...NOT_A_COUNT, null],
    reportedToHealthAuthority: ['yes', undefined],
  },
  unknownKey: { key: 'suspectedCases', value: [{ disease: 'flu', count: 1 }] },
  explained: [
    {
      title:
        'refuses more suspected cases of a disease than students present and absent for illness, in Chinese and in English',
      answers: { ...valid, studentsPresent: 10, absentForIllness: 5, suspectedFlu: 0, suspectedChickenpox: 16 },
      zh: [['suspectedChickenpox', '水痘疑似病例不能多于到校与因病缺课学生之和（15 人）']],
      en: [['suspectedChickenpox', 'Cannot exceed the students present and absent for illness (15)']],
    },
  ],
  refusedAt: [
    {
      title: 'refuses each impossible disease at its own path',
      answers: { ...valid, studentsPresent: 1, absentForIllness: 0, suspectedFlu: 2, suspectedOther: 3 },
      paths: ['suspectedFlu', 'suspectedOther'],
    },
    {
      title: 'reports only the bad count, not an inconsistency, when the students present are invalid',
      answers: { ...valid, studentsPresent: -1, suspectedFlu: 3 },
      paths: ['studentsPresent'],
    },
  ],
  hazards: [
    {
      title: 'raises nothing for a day with fewer than three suspected cases of any disease',
      answers: {
        ...valid,
        ...Object.fromEntries(DISEASE_FIELDS.map((field) => [field, OUTBREAK_THRESHOLD - 1])),
        reportedToHealthAuthority: false,
      },
      raised: [],
    },
    ...DISEASE_FIELDS.map((field) => ({
      title: `raises a critical health hazard when ${field} reaches ${OUTBREAK_THRESHOLD}, under rule outbreak-${DISEASES[field].rule}`,
      answers: { ...valid, ...noCases, [field]: OUTBREAK_THRESHOLD },
      raised: [
        expect.objectContaining({
          ruleId: `outbreak-${DISEASES[field].rule}`,
          severity: 'critical',
          category: 'health',
        }),
      ],
    })),
    {
      title: 'names the disease and the count in the hazard',
      answers: { ...valid, ...noCases, suspectedHandFootMouth: 4 },
      raised: [
        {
          ruleId: 'outbreak-hand-foot-mouth',
          severity: 'critical',
          category: 'health',
          title: {
            zh: '手足口病疑似病例聚集（3 例及以上）',
            en: 'Suspected outbreak of hand, foot and mouth disease (3 or more cases)',
          },
          description: '手足口病疑似病例 4 例 / 4 suspected cases of hand, foot and mouth disease',
        },
      ],
    },
    {
      title: 'raises one hazard per disease when several break out on the same day',
      answers: { ...valid, suspectedFlu: 5, suspectedMumps: 3 },
      raised: [
        expect.objectContaining({ ruleId: 'outbreak-flu' }),
        expect.objectContaining({ ruleId: 'outbreak-mumps' }),
      ],
    },
    {
      title: 'does not add up different diseases into an outbreak',
      answers: { ...valid, suspectedFlu: 2, suspectedChickenpox: 2, suspectedOther: 2 },
      raised: [],
    },
    {
      title: 'raises a high hazard as well when an outbreak was not reported, naming each disease',
      answers: { ...valid, suspectedFlu: 5, suspectedNorovirus: 3, reportedToHealthAuthority: false },
      raised: [
        expect.objectContaining({ ruleId: 'outbreak-flu' }),
        expect.objectContaining({ ruleId: 'outbreak-norovirus' }),
        {
          ruleId: 'unreported-outbreak',
          severity: 'high',
          category: 'health',
          title: {
            zh: '聚集性疑似病例未向卫生健康部门报告',
            en: 'Suspected outbreak not reported to the health authority',
          },
          description: '流感 5 例、诺如病毒等感染性腹泻 3 例 / flu: 5, norovirus or other infectious diarrhoea: 3',
        },
      ],
    },
    {
      title: 'raises no reporting hazard when the outbreak was reported',
      answers: { ...valid, suspectedFlu: 3, reportedToHealthAuthority: true },
      raised: [expect.objectContaining({ ruleId: 'outbreak-flu' })],
    },
    {
      title: 'raises no reporting hazard for unreported cases below an outbreak',
      answers: { ...valid, suspectedFlu: 2, reportedToHealthAuthority: false },
      raised: [],
    },
  ],
  figures: [
    {
      title: 'carries the students, each disease and the total of suspected cases to the rollup',
      answers: { ...valid, suspectedMumps: 1 },
      equal: {
        checks: 1,
        studentsPresent: 1180,
        absentForIllness: 6,
        suspectedCases: 3,
        suspectedFlu: 2,
        suspectedHandFootMouth: 0,
        suspectedChickenpox: 0,
        suspectedMumps: 1,
        suspectedNorovirus: 0,
        suspectedOther: 0,
        outbreakDays: 0,
      },
    },
    {
      title: 'counts a day with an outbreak',
      answers: { ...valid, suspectedOther: 3 },
      including: { suspectedCases: 5, outbreakDays: 1 },
    },
  ],
});

describe('healthMorningCheck answers', () => {
  it('counts suspected cases per disease, one fixed field each', () => {
    // Assess
    expect(DISEASE_FIELDS).toEqual([
      'suspectedFlu',
      'suspectedHandFootMouth',
      'suspectedChickenpox',
      'suspectedMumps',
      'suspectedNorovirus',
      'suspectedOther',
    ]);
    expect(Object.keys(healthMorningCheck.answers.shape)).toEqual([
      'studentsPresent',
      'absentForIllness',
      ...DISEASE_FIELDS,
      'reportedToHealthAuthority',
    ]);
  });
});

describe('healthMorningCheck hazard rules', () => {
  it('keeps one rule per disease plus the reporting rule, with stable ids', () => {
    // Assess
    expect(healthMorningCheck.hazardRules.map((rule) => rule.id)).toEqual([
      'outbreak-flu',
      'outbreak-hand-foot-mouth',
      'outbreak-chickenpox',
      'outbreak-mumps',
      'outbreak-norovirus',
      'outbreak-other',
      'unreported-outbreak',
    ]);
  });
});
