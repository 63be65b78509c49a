import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { PASSING_SCORE, sanitation, TEN_DISORDERS } from '../../../shared/forms/sanitation';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/sanitation/examples';

const DISORDERS = Object.keys(TEN_DISORDERS);

function refusedPaths(answers: unknown): string[] {
  return (sanitation.answers.safeParse(answers, { error: errorMapFor('zh-CN') }).error?.issues ?? []).map((issue) =>
    issue.path.join('.'),
  );
}

function raisedBy(answers: unknown) {
  return hazardsRaisedBy(sanitation, sanitation.answers.parse(answers));
}

describe('sanitation answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = sanitation.answers.safeParse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('asks for every one of the ten disorders, in the campaign wording', () => {
    // Assess
    expect(DISORDERS).toHaveLength(10);
    expect(Object.keys(sanitation.answers.shape)).toEqual(['campusScore', 'toiletScore', ...DISORDERS]);
    expect(
      DISORDERS.map((field) => (sanitation.fields as Record<string, { label: { zh: string } }>)[field]!.label.zh),
    ).toEqual([
      '果皮纸屑乱扔',
      '垃圾乱倒',
      '口痰乱吐',
      '绿化地带乱踩踏',
      '车辆乱停乱放',
      '墙上乱写乱画乱贴',
      '物品乱放乱丢',
      '电线网线乱拉乱接',
      '棚子乱搭乱建',
      '污水乱放乱流',
    ]);
  });

  it('accepts scores of 0 and 100', () => {
    // Assess
    expect(sanitation.answers.safeParse({ ...valid, campusScore: 0, toiletScore: 100 }).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['campusScore', -0.5],
    ['campusScore', 100.5],
    ['campusScore', '88'],
    ['toiletScore', 101],
    ['toiletScore', null],
    ...DISORDERS.flatMap((field): [string, unknown][] => [
      [field, -1],
      [field, 10_001],
      [field, 1.5],
    ]),
    ['looseWiring', '2'],
    ['sewage', undefined],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = sanitation.answers.safeParse({ ...valid, noise: 1 });
    // Assess
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['noise'] })]);
  });
});

describe('sanitation hazard rules', () => {
  it('raises nothing for a clean week with a little litter', () => {
    // Act
    const raised = raisedBy(valid);
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises a medium electrical hazard when cables are strung anyhow, with the count', () => {
    // Act
    const raised = raisedBy({ ...valid, looseWiring: 2 });
    // Assess
    expect(raised).toEqual([
      {
        ruleId: 'loose-wiring',
        severity: 'medium',
        category: 'electrical',
        title: { zh: '电线网线乱拉乱接', en: 'Cables strung or spliced anyhow' },
        description: '2 处 / 2 places',
      },
    ]);
  });

  it.each(DISORDERS.filter((field) => field !== 'looseWiring'))(
    'raises no hazard for %s, which has no rule',
    (field) => {
      // Act
      const raised = raisedBy({ ...valid, [field]: 50 });
      // Assess
      expect(raised).toEqual([]);
    },
  );

  it.each([
    ['campusScore', 'campus-score-low', '校园环境卫生评分低于 60 分'],
    ['toiletScore', 'toilet-score-low', '厕所卫生评分低于 60 分'],
  ])(`raises a low hazard when %s is under ${PASSING_SCORE}`, (field, ruleId, title) => {
    // Act
    const raised = raisedBy({ ...valid, [field]: 59.5 });
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({
        ruleId,
        severity: 'low',
        category: 'other',
        description: '59.5 分 < 60 分 / 59.5 < 60 points',
      }),
    ]);
    expect(raised[0]!.title.zh).toBe(title);
  });

  it(`raises no score hazard at exactly ${PASSING_SCORE}`, () => {
    // Act
    const raised = raisedBy({ ...valid, campusScore: PASSING_SCORE, toiletScore: PASSING_SCORE });
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises every hazard of a bad week at once, each rule once', () => {
    // Act
    const raised = raisedBy({ ...valid, looseWiring: 1, campusScore: 40, toiletScore: 0 });
    // Assess
    expect(raised.map((hazard) => [hazard.ruleId, hazard.severity])).toEqual([
      ['loose-wiring', 'medium'],
      ['campus-score-low', 'low'],
      ['toilet-score-low', 'low'],
    ]);
  });
});

describe('sanitation figures', () => {
  function figures(answers: unknown): Record<string, number | undefined> {
    const parsed = sanitation.answers.parse(answers);
    return Object.fromEntries(sanitation.figures.map((figure) => [figure.id, figure.value(parsed)]));
  }

  it('carries the scores, each disorder and their sum to the rollup', () => {
    // Act
    const values = figures(valid);
    // Assess
    expect(values).toEqual({
      checks: 1,
      campusScore: 88,
      toiletScore: 82.5,
      disordersFound: 4,
      litter: 3,
      dumping: 0,
      spitting: 0,
      trampledGreen: 0,
      badParking: 1,
      graffiti: 0,
      clutter: 0,
      looseWiring: 0,
      illegalSheds: 0,
      sewage: 0,
    });
  });

  it('sums every disorder into the total', () => {
    // Prepare
    const everyOne = Object.fromEntries(DISORDERS.map((field, index) => [field, index + 1]));
    // Act
    const values = figures({ ...valid, ...everyOne });
    // Assess
    expect(values.disordersFound).toBe(55);
  });
});
