import { AREA_USE_FIELDS, computedAreaMu, MAX_AREA_MU, MAX_YUAN, workStudy } from '../../../shared/forms/work-study';
import { AREA_TOLERANCE_MU, sumOfPartsFlags } from '../../../shared/forms/work-study/quality';
import { describeFormContract, formHarness } from '../../support/form-harness';

/** The seed's county (贵溪): 约890亩 stated, uses that add up to 1110 亩. */
const SEED_COUNTY = {
  grainMu: 210,
  orchardMu: 260,
  teaMu: 30,
  bambooMu: 20,
  forestMu: 260,
  fishPondMu: 20,
  wastelandMu: 310,
} as const;

const { valid, without } = formHarness(workStudy);

/** The seed county's uses with its stated 约890亩. */
const SEED_STATED = { ...valid, ...SEED_COUNTY, totalAreaMu: 890 };

describeFormContract(workStudy, {
  definition: { title: 'is version 1 of a monthly form for every school', is: ['work-study', 1, 'monthly', 'all'] },
  accepted: [
    {
      title: 'accepts answers without a stated total, and a school with no base at all',
      answers: [
        without('totalAreaMu'),
        { ...valid, ...Object.fromEntries(AREA_USE_FIELDS.map((use) => [use, 0])), totalAreaMu: 0 },
      ],
    },
    {
      title:
        'accepts the seed county: a stated total of 890 亩 whose uses add up to more is suspicious, not impossible',
      answers: [SEED_STATED],
    },
    {
      title: 'accepts a use equal to the total, and costs above income (a loss)',
      answers: [{ ...valid, grainMu: 83, totalAreaMu: 83, costsYuan: 9000 }],
    },
    {
      title: 'accepts income that is all recycling',
      answers: [{ ...valid, incomeYuan: 180, recyclingIncomeYuan: 180 }],
    },
  ],
  refused: {
    ...Object.fromEntries(AREA_USE_FIELDS.map((use) => [use, [-0.5, MAX_AREA_MU + 1, '60', undefined]])),
    totalAreaMu: [-1, MAX_AREA_MU + 1, null],
    incomeYuan: [-1, MAX_YUAN + 1],
    costsYuan: [-0.01, undefined],
    produceToCanteenYuan: [-1, MAX_YUAN + 1],
    recyclingIncomeYuan: [-1, 'none'],
    studentsTakingPart: [-1, 100_001, 3.5],
  },
  unknownKey: { key: 'vegetableMu', value: 3 },
  refusedAt: [
    ...AREA_USE_FIELDS.map((use) => ({
      title: `refuses ${use} larger than the stated total, on that use`,
      answers: { ...valid, [use]: 84 },
      paths: [use],
    })),
    {
      title: 'refuses every use larger than the total at once',
      answers: { ...valid, ...SEED_COUNTY, totalAreaMu: 250 },
      paths: ['orchardMu', 'forestMu', 'wastelandMu'],
    },
    {
      title: 'compares no use with a total that is itself invalid: only the total is refused',
      answers: { ...valid, totalAreaMu: -83 },
      paths: ['totalAreaMu'],
    },
  ],
  explained: [
    {
      title: 'explains a use larger than the total in Chinese and in English',
      answers: { ...valid, wastelandMu: 310, totalAreaMu: 300, grainMu: 0, teaMu: 0, fishPondMu: 0 },
      zh: [['wastelandMu', '荒山面积（310 亩）不能大于劳动实践基地总面积（300 亩）']],
      en: [['wastelandMu', "Wasteland (310 mu) cannot exceed the base's total area (300 mu)"]],
    },
    {
      title: 'refuses recycling income above the income it is part of, and explains it in both languages',
      answers: { ...valid, incomeYuan: 100, recyclingIncomeYuan: 180 },
      zh: [['recyclingIncomeYuan', '废品回收收入（180 元）是总收入的一部分，不能大于总收入（100 元）']],
      en: [
        ['recyclingIncomeYuan', 'Recycling income (180 yuan) is part of the income and cannot exceed it (100 yuan)'],
      ],
    },
  ],
  noHazardRules: { title: 'has none: work-study raises no hazard', answers: SEED_STATED },
  figures: [
    {
      title: 'reports the area as the sum of the uses, by use, and the money and people of the month',
      answers: valid,
      equal: {
        reports: 1,
        areaMu: 83,
        grainMu: 60,
        orchardMu: 0,
        teaMu: 12,
        bambooMu: 0,
        forestMu: 0,
        fishPondMu: 11,
        wastelandMu: 0,
        incomeYuan: 4200,
        costsYuan: 1500,
        netYuan: 2700,
        produceToCanteenYuan: 500,
        recyclingIncomeYuan: 180,
        studentsTakingPart: 320,
      },
    },
    {
      title: 'takes the computed sum, not the stated total, as the area',
      answers: SEED_STATED,
      including: { areaMu: 1110 },
    },
    {
      title: 'reports a loss as a negative net, to the fen',
      answers: { ...valid, incomeYuan: 100.1, costsYuan: 300.3, recyclingIncomeYuan: 0 },
      including: { netYuan: -200.2 },
    },
  ],
});

describe('workStudy definition', () => {
  it('asks the area of each of the seven uses in 亩', () => {
    // Assess
    expect(AREA_USE_FIELDS).toEqual([
      'grainMu',
      'orchardMu',
      'teaMu',
      'bambooMu',
      'forestMu',
      'fishPondMu',
      'wastelandMu',
    ]);
    for (const use of [...AREA_USE_FIELDS, 'totalAreaMu'] as const)
      expect(workStudy.fields[use].unit).toEqual({ zh: '亩', en: 'mu' });
  });
});

describe('computedAreaMu', () => {
  it('adds the seven uses: the seed county comes to 1110 亩', () => {
    // Assess
    expect(computedAreaMu(SEED_COUNTY)).toBe(1110);
  });

  it('adds decimals to the hundredth, without floating-point noise', () => {
    // Assess
    expect(
      computedAreaMu({
        grainMu: 0.1,
        orchardMu: 0.2,
        teaMu: 0,
        bambooMu: 0,
        forestMu: 0,
        fishPondMu: 0,
        wastelandMu: 0,
      }),
    ).toBe(0.3);
  });
});

// Its quality check (shared/forms/work-study/quality.ts): a stated total that differs from the sum of its uses.

/** Only the grain field, so the sum of the uses is easy to set. */
function withArea(grainMu: number, totalAreaMu: number, others: Partial<Record<'orchardMu' | 'teaMu', number>> = {}) {
  return { ...valid, grainMu, orchardMu: 0, teaMu: 0, fishPondMu: 0, ...others, totalAreaMu };
}

describe('sumOfPartsFlags', () => {
  it('flags the seed county: a stated 890 亩 whose uses add up to 1110 亩, keeping both and stating the sum', () => {
    // Act
    const flags = sumOfPartsFlags(SEED_STATED);
    // Assess
    expect(flags).toEqual([
      {
        code: 'total-differs-from-parts',
        field: 'answers.totalAreaMu',
        message: {
          zh: '填报的劳动实践基地总面积为 890 亩，各用途面积之和为 1110 亩，相差 220 亩；统计按各用途之和 1110 亩计。',
          en: 'The stated total base area is 890 mu but the uses add up to 1110 mu (a difference of 220 mu); the report counts the sum, 1110 mu.',
        },
        details: { reported: 890, computed: 1110 },
      },
    ]);
  });

  it('checks the answers as the schema parsed them, and leaves them as they were', () => {
    // Prepare
    const parsed = workStudy.answers.parse(SEED_STATED);
    const before = structuredClone(parsed);
    // Act
    const flags = sumOfPartsFlags(parsed);
    // Assess
    expect(flags.map((flag) => flag.details)).toEqual([{ reported: 890, computed: 1110 }]);
    expect(parsed).toEqual(before);
  });

  it('flags a total larger than its uses too', () => {
    // Act
    const flags = sumOfPartsFlags(withArea(60, 83));
    // Assess
    expect(flags).toEqual([
      expect.objectContaining({ code: 'total-differs-from-parts', details: { reported: 83, computed: 60 } }),
    ]);
    expect(flags[0]?.message.zh).toContain('相差 23 亩');
  });

  it('flags nothing when the total equals its uses', () => {
    // Act
    const flags = sumOfPartsFlags(valid);
    // Assess
    expect(flags).toEqual([]);
  });

  it(`flags nothing within ${AREA_TOLERANCE_MU} 亩 either way, and flags just beyond it`, () => {
    // Act
    const within = [sumOfPartsFlags(withArea(83.5, 83)), sumOfPartsFlags(withArea(82.5, 83))];
    const beyond = [sumOfPartsFlags(withArea(83.51, 83)), sumOfPartsFlags(withArea(82.49, 83))];
    // Assess
    expect(within).toEqual([[], []]);
    expect(beyond.map((flags) => flags.map((flag) => flag.details))).toEqual([
      [{ reported: 83, computed: 83.51 }],
      [{ reported: 83, computed: 82.49 }],
    ]);
  });

  it('is not tipped over the tolerance by floating-point sums (1.1 + 2.2 against 2.8)', () => {
    // Act
    const flags = sumOfPartsFlags(withArea(1.1, 2.8, { orchardMu: 2.2 }));
    // Assess
    expect(flags).toEqual([]);
  });

  it('states decimal areas to the hundredth', () => {
    // Act
    const [flag] = sumOfPartsFlags(withArea(10.25, 12.5, { teaMu: 0.1 }));
    // Assess
    expect(flag?.details).toEqual({ reported: 12.5, computed: 10.35 });
    expect(flag?.message.en).toBe(
      'The stated total base area is 12.5 mu but the uses add up to 10.35 mu (a difference of 2.15 mu); the report counts the sum, 10.35 mu.',
    );
  });

  it('flags nothing when no total is stated', () => {
    // Prepare
    const { totalAreaMu: _total, ...withoutTotal } = SEED_STATED;
    // Act
    const flags = sumOfPartsFlags(withoutTotal);
    // Assess
    expect(flags).toEqual([]);
  });

  it('flags nothing for answers of another shape (a use missing or not a number)', () => {
    // Prepare
    const { forestMu: _forest, ...withoutForest } = SEED_STATED;
    // Act
    const missing = sumOfPartsFlags(withoutForest);
    const text = sumOfPartsFlags({ ...SEED_STATED, forestMu: '260' });
    // Assess
    expect([missing, text]).toEqual([[], []]);
  });
});
