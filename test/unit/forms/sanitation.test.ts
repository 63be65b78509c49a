import { PASSING_SCORE, sanitation, TEN_DISORDERS } from '../../../shared/forms/sanitation';
import { describeFormContract, formHarness } from '../../support/form-harness';

const DISORDERS = Object.keys(TEN_DISORDERS);

/** What no count of a disorder may be: negative, beyond the ceiling, a fraction. */
const NOT_A_COUNT = [-1, 10_001, 1.5];

const { valid } = formHarness(sanitation);

describeFormContract(sanitation, {
  accepted: [{ title: 'accepts scores of 0 and 100', answers: [{ ...valid, campusScore: 0, toiletScore: 100 }] }],
  refused: {
    campusScore: [-0.5, 100.5, '88'],
    toiletScore: [101, null],
    ...Object.fromEntries(DISORDERS.map((field) => [field, NOT_A_COUNT])),
    looseWiring: [...NOT_A_COUNT, '2'],
    sewage: [...NOT_A_COUNT, undefined],
  },
  unknownKey: { key: 'noise', value: 1 },
  hazards: [
    { title: 'raises nothing for a clean week with a little litter', answers: valid, raised: [] },
    {
      title: 'raises a medium electrical hazard when cables are strung anyhow, with the count',
      answers: { ...valid, looseWiring: 2 },
      raised: [
        {
          ruleId: 'loose-wiring',
          severity: 'medium',
          category: 'electrical',
          title: { zh: '电线网线乱拉乱接', en: 'Cables strung or spliced anyhow' },
          description: '2 处 / 2 places',
        },
      ],
    },
    ...DISORDERS.filter((field) => field !== 'looseWiring').map((field) => ({
      title: `raises no hazard for ${field}, which has no rule`,
      answers: { ...valid, [field]: 50 },
      raised: [],
    })),
    ...[
      ['campusScore', 'campus-score-low', '校园环境卫生评分低于 60 分'],
      ['toiletScore', 'toilet-score-low', '厕所卫生评分低于 60 分'],
    ].map(([field, ruleId, title]) => ({
      title: `raises a low hazard when ${field} is under ${PASSING_SCORE}`,
      answers: { ...valid, [field!]: 59.5 },
      raised: [
        expect.objectContaining({
          ruleId,
          severity: 'low',
          category: 'other',
          title: expect.objectContaining({ zh: title }),
          description: '59.5 分 < 60 分 / 59.5 < 60 points',
        }),
      ],
    })),
    {
      title: `raises no score hazard at exactly ${PASSING_SCORE}`,
      answers: { ...valid, campusScore: PASSING_SCORE, toiletScore: PASSING_SCORE },
      raised: [],
    },
    {
      title: 'raises every hazard of a bad week at once, each rule once',
      answers: { ...valid, looseWiring: 1, campusScore: 40, toiletScore: 0 },
      raised: [
        expect.objectContaining({ ruleId: 'loose-wiring', severity: 'medium' }),
        expect.objectContaining({ ruleId: 'campus-score-low', severity: 'low' }),
        expect.objectContaining({ ruleId: 'toilet-score-low', severity: 'low' }),
      ],
    },
  ],
  figures: [
    {
      title: 'carries the scores, each disorder and their sum to the rollup',
      answers: valid,
      equal: {
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
      },
    },
    {
      title: 'sums every disorder into the total',
      answers: { ...valid, ...Object.fromEntries(DISORDERS.map((field, index) => [field, index + 1])) },
      including: { disordersFound: 55 },
    },
  ],
});

describe('sanitation answers', () => {
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
});
