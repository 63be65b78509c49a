import { AREA_TOLERANCE_MU, sumOfPartsFlags } from '../../../shared/forms/work-study/quality';
import { workStudy } from '../../../shared/forms/work-study';
import { example as workStudyValid } from '../../../shared/forms/work-study/examples';

/** The seed's county (贵溪): 约890亩 stated, 210 + 260 + 30 + 20 + 260 + 20 + 310 = 1110 亩 of uses. */
const SEED_COUNTY = {
  ...workStudyValid,
  grainMu: 210,
  orchardMu: 260,
  teaMu: 30,
  bambooMu: 20,
  forestMu: 260,
  fishPondMu: 20,
  wastelandMu: 310,
  totalAreaMu: 890,
};

/** Only the grain field, so the sum of the uses is easy to set. */
function withArea(grainMu: number, totalAreaMu: number, others: Partial<Record<'orchardMu' | 'teaMu', number>> = {}) {
  return { ...workStudyValid, grainMu, orchardMu: 0, teaMu: 0, fishPondMu: 0, ...others, totalAreaMu };
}

describe('sumOfPartsFlags', () => {
  it('flags the seed county: a stated 890 亩 whose uses add up to 1110 亩, keeping both and stating the sum', () => {
    // Act
    const flags = sumOfPartsFlags(SEED_COUNTY);
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
    const parsed = workStudy.answers.parse(SEED_COUNTY);
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
    const flags = sumOfPartsFlags(workStudyValid);
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
    const { totalAreaMu: _total, ...withoutTotal } = SEED_COUNTY;
    // Act
    const flags = sumOfPartsFlags(withoutTotal);
    // Assess
    expect(flags).toEqual([]);
  });

  it('flags nothing for answers of another shape (a use missing or not a number)', () => {
    // Prepare
    const { forestMu: _forest, ...withoutForest } = SEED_COUNTY;
    // Act
    const missing = sumOfPartsFlags(withoutForest);
    const text = sumOfPartsFlags({ ...SEED_COUNTY, forestMu: '260' });
    // Assess
    expect([missing, text]).toEqual([[], []]);
  });
});
