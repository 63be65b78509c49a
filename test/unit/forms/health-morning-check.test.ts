import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { DISEASES, healthMorningCheck, OUTBREAK_THRESHOLD } from '../../../shared/forms/health-morning-check';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/health-morning-check/examples';

const DISEASE_FIELDS = Object.keys(DISEASES) as (keyof typeof DISEASES)[];
const noCases = Object.fromEntries(DISEASE_FIELDS.map((field) => [field, 0]));

function parse(answers: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return healthMorningCheck.answers.safeParse(answers, { error: errorMapFor(locale) });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

function raisedBy(answers: unknown) {
  return hazardsRaisedBy(healthMorningCheck, healthMorningCheck.answers.parse(answers));
}

describe('healthMorningCheck answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

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

  it.each<[string, unknown]>([
    ['studentsPresent', -1],
    ['studentsPresent', 100_001],
    ['studentsPresent', 1180.5],
    ['absentForIllness', '6'],
    ['absentForIllness', 100_001],
    ...DISEASE_FIELDS.flatMap((field): [string, unknown][] => [
      [field, -1],
      [field, 10_001],
      [field, 0.5],
    ]),
    ['suspectedMumps', null],
    ['reportedToHealthAuthority', 'yes'],
    ['reportedToHealthAuthority', undefined],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, suspectedCases: [{ disease: 'flu', count: 1 }] });
    // Assess
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['suspectedCases'] }),
    ]);
  });

  it('accepts as many suspected cases of a disease as students present and absent for illness', () => {
    // Act
    const result = parse({ ...valid, studentsPresent: 10, absentForIllness: 5, suspectedChickenpox: 15 });
    // Assess
    expect(result.success).toBe(true);
  });

  it('refuses more suspected cases of a disease than students present and absent for illness, in Chinese and in English', () => {
    // Prepare
    const answers = { ...valid, studentsPresent: 10, absentForIllness: 5, suspectedFlu: 0, suspectedChickenpox: 16 };
    // Act
    const zh = parse(answers, 'zh-CN');
    const en = parse(answers, 'en');
    // Assess
    expect(zh.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['suspectedChickenpox', '水痘疑似病例不能多于到校与因病缺课学生之和（15 人）'],
    ]);
    expect(en.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['suspectedChickenpox', 'Cannot exceed the students present and absent for illness (15)'],
    ]);
  });

  it('refuses each impossible disease at its own path', () => {
    // Act
    const paths = refusedPaths({
      ...valid,
      studentsPresent: 1,
      absentForIllness: 0,
      suspectedFlu: 2,
      suspectedOther: 3,
    });
    // Assess
    expect(paths).toEqual(['suspectedFlu', 'suspectedOther']);
  });

  it('reports only the bad count, not an inconsistency, when the students present are invalid', () => {
    // Act
    const paths = refusedPaths({ ...valid, studentsPresent: -1, suspectedFlu: 3 });
    // Assess
    expect(paths).toEqual(['studentsPresent']);
  });
});

describe('healthMorningCheck hazard rules', () => {
  it('raises nothing for a day with fewer than three suspected cases of any disease', () => {
    // Act
    const raised = raisedBy({
      ...valid,
      ...Object.fromEntries(DISEASE_FIELDS.map((field) => [field, OUTBREAK_THRESHOLD - 1])),
      reportedToHealthAuthority: false,
    });
    // Assess
    expect(raised).toEqual([]);
  });

  it.each(DISEASE_FIELDS.map((field) => [field, DISEASES[field].rule]))(
    `raises a critical health hazard when %s reaches ${OUTBREAK_THRESHOLD}, under rule outbreak-%s`,
    (field, rule) => {
      // Act
      const raised = raisedBy({ ...valid, ...noCases, [field]: OUTBREAK_THRESHOLD });
      // Assess
      expect(raised).toEqual([
        expect.objectContaining({ ruleId: `outbreak-${rule}`, severity: 'critical', category: 'health' }),
      ]);
    },
  );

  it('names the disease and the count in the hazard', () => {
    // Act
    const raised = raisedBy({ ...valid, ...noCases, suspectedHandFootMouth: 4 });
    // Assess
    expect(raised).toEqual([
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
    ]);
  });

  it('raises one hazard per disease when several break out on the same day', () => {
    // Act
    const raised = raisedBy({ ...valid, suspectedFlu: 5, suspectedMumps: 3 });
    // Assess
    expect(raised.map((hazard) => hazard.ruleId)).toEqual(['outbreak-flu', 'outbreak-mumps']);
  });

  it('does not add up different diseases into an outbreak', () => {
    // Act
    const raised = raisedBy({ ...valid, suspectedFlu: 2, suspectedChickenpox: 2, suspectedOther: 2 });
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises a high hazard as well when an outbreak was not reported, naming each disease', () => {
    // Act
    const raised = raisedBy({ ...valid, suspectedFlu: 5, suspectedNorovirus: 3, reportedToHealthAuthority: false });
    // Assess
    expect(raised).toEqual([
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
    ]);
  });

  it('raises no reporting hazard when the outbreak was reported', () => {
    // Act
    const raised = raisedBy({ ...valid, suspectedFlu: 3, reportedToHealthAuthority: true });
    // Assess
    expect(raised.map((hazard) => hazard.ruleId)).toEqual(['outbreak-flu']);
  });

  it('raises no reporting hazard for unreported cases below an outbreak', () => {
    // Act
    const raised = raisedBy({ ...valid, suspectedFlu: 2, reportedToHealthAuthority: false });
    // Assess
    expect(raised).toEqual([]);
  });

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

describe('healthMorningCheck figures', () => {
  function figures(answers: unknown): Record<string, number | undefined> {
    const parsed = healthMorningCheck.answers.parse(answers);
    return Object.fromEntries(healthMorningCheck.figures.map((figure) => [figure.id, figure.value(parsed)]));
  }

  it('carries the students, each disease and the total of suspected cases to the rollup', () => {
    // Act
    const values = figures({ ...valid, suspectedMumps: 1 });
    // Assess
    expect(values).toEqual({
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
    });
  });

  it('counts a day with an outbreak', () => {
    // Act
    const values = figures({ ...valid, suspectedOther: 3 });
    // Assess
    expect(values).toMatchObject({ suspectedCases: 5, outbreakDays: 1 });
  });
});
