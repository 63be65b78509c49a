import {
  AREA_TOLERANCE_MU,
  MAX_HISTORY,
  meterOutlierFlags,
  MIN_HISTORY,
  OUTLIER_FACTOR,
  sumOfPartsFlags,
  type MeterReading,
} from '../../../shared/forms/quality';
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
    const flags = sumOfPartsFlags('work-study', SEED_COUNTY);
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
    const flags = sumOfPartsFlags('work-study', parsed);
    // Assess
    expect(flags.map((flag) => flag.details)).toEqual([{ reported: 890, computed: 1110 }]);
    expect(parsed).toEqual(before);
  });

  it('flags a total larger than its uses too', () => {
    // Act
    const flags = sumOfPartsFlags('work-study', withArea(60, 83));
    // Assess
    expect(flags).toEqual([
      expect.objectContaining({ code: 'total-differs-from-parts', details: { reported: 83, computed: 60 } }),
    ]);
    expect(flags[0]?.message.zh).toContain('相差 23 亩');
  });

  it('flags nothing when the total equals its uses', () => {
    // Act
    const flags = sumOfPartsFlags('work-study', workStudyValid);
    // Assess
    expect(flags).toEqual([]);
  });

  it(`flags nothing within ${AREA_TOLERANCE_MU} 亩 either way, and flags just beyond it`, () => {
    // Act
    const within = [
      sumOfPartsFlags('work-study', withArea(83.5, 83)),
      sumOfPartsFlags('work-study', withArea(82.5, 83)),
    ];
    const beyond = [
      sumOfPartsFlags('work-study', withArea(83.51, 83)),
      sumOfPartsFlags('work-study', withArea(82.49, 83)),
    ];
    // Assess
    expect(within).toEqual([[], []]);
    expect(beyond.map((flags) => flags.map((flag) => flag.details))).toEqual([
      [{ reported: 83, computed: 83.51 }],
      [{ reported: 83, computed: 82.49 }],
    ]);
  });

  it('is not tipped over the tolerance by floating-point sums (1.1 + 2.2 against 2.8)', () => {
    // Act
    const flags = sumOfPartsFlags('work-study', withArea(1.1, 2.8, { orchardMu: 2.2 }));
    // Assess
    expect(flags).toEqual([]);
  });

  it('states decimal areas to the hundredth', () => {
    // Act
    const [flag] = sumOfPartsFlags('work-study', withArea(10.25, 12.5, { teaMu: 0.1 }));
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
    const flags = sumOfPartsFlags('work-study', withoutTotal);
    // Assess
    expect(flags).toEqual([]);
  });

  it('flags nothing for answers of another shape (a use missing or not a number)', () => {
    // Prepare
    const { forestMu: _forest, ...withoutForest } = SEED_COUNTY;
    // Act
    const missing = sumOfPartsFlags('work-study', withoutForest);
    const text = sumOfPartsFlags('work-study', { ...SEED_COUNTY, forestMu: '260' });
    // Assess
    expect([missing, text]).toEqual([[], []]);
  });

  it.each(['greening', 'energy-meter', 'canteen-daily', 'no-such-form'])(
    'flags nothing for %s, even with work-study-like answers',
    (formId) => {
      // Act
      const flags = sumOfPartsFlags(formId, SEED_COUNTY);
      // Assess
      expect(flags).toEqual([]);
    },
  );
});

describe('meterOutlierFlags', () => {
  const typical: MeterReading = { electricityKwh: 3000, waterM3: 400 };

  /** `count` months of history around the typical readings, latest first. */
  function history(count: number, electricity = [3000, 3200, 2900], water = [400, 380, 420]): MeterReading[] {
    return Array.from({ length: count }, (_, i) => ({
      electricityKwh: electricity[i % electricity.length]!,
      waterM3: water[i % water.length]!,
    }));
  }

  it("flags a reading more than 4 times the median of the school's history, with its numbers", () => {
    // Act
    const flags = meterOutlierFlags({ electricityKwh: 30_000, waterM3: 400 }, history(3));
    // Assess
    expect(flags).toEqual([
      {
        code: 'meter-reading-outlier',
        field: 'answers.electricityKwh',
        message: {
          zh: '本月用电量 30000 千瓦时，超过本校此前 3 个月中位数（3000 千瓦时）的 4 倍，请核对读数（单位、位数、是否误填累计读数）。',
          en: "Electricity this month, 30000 kWh, is more than 4 times the median of the school's previous 3 months (3000 kWh): please check the reading (unit, digits, cumulative total).",
        },
        details: { value: 30_000, median: 3000, historyCount: 3 },
      },
    ]);
  });

  it('flags a reading less than a quarter of the median, with its numbers', () => {
    // Act
    const flags = meterOutlierFlags({ electricityKwh: 3000, waterM3: 40 }, history(3));
    // Assess
    expect(flags).toEqual([
      {
        code: 'meter-reading-outlier',
        field: 'answers.waterM3',
        message: {
          zh: '本月用水量 40 立方米，不足本校此前 3 个月中位数（400 立方米）的 1/4，请核对读数（单位、位数）。',
          en: "Water this month, 40 m³, is less than 1/4 of the median of the school's previous 3 months (400 m³): please check the reading (unit, digits).",
        },
        details: { value: 40, median: 400, historyCount: 3 },
      },
    ]);
  });

  it('flags both readings, electricity first, when both are far off', () => {
    // Act
    const flags = meterOutlierFlags({ electricityKwh: 300_000, waterM3: 4 }, history(6));
    // Assess
    expect(flags.map((flag) => flag.field)).toEqual(['answers.electricityKwh', 'answers.waterM3']);
  });

  it(`flags nothing at exactly ${OUTLIER_FACTOR} times or a quarter of the median, and flags just beyond`, () => {
    // Act
    const atBounds = [
      meterOutlierFlags({ electricityKwh: 12_000, waterM3: 100 }, history(3)),
      meterOutlierFlags({ electricityKwh: 750, waterM3: 1600 }, history(3)),
    ];
    const beyond = meterOutlierFlags({ electricityKwh: 12_000.5, waterM3: 99.9 }, history(3));
    // Assess
    expect(atBounds).toEqual([[], []]);
    expect(beyond.map((flag) => flag.details)).toEqual([
      { value: 12_000.5, median: 3000, historyCount: 3 },
      { value: 99.9, median: 400, historyCount: 3 },
    ]);
  });

  it('flags nothing for a usual month, nor for a holiday month at a third of the usual use', () => {
    // Act
    const usual = meterOutlierFlags(typical, history(12));
    const holiday = meterOutlierFlags({ electricityKwh: 1000, waterM3: 130 }, history(12));
    // Assess
    expect([usual, holiday]).toEqual([[], []]);
  });

  it(`flags nothing with fewer than ${MIN_HISTORY} earlier readings, however far off`, () => {
    // Act
    const flags = [0, 1, 2].map((count) =>
      meterOutlierFlags({ electricityKwh: 5_000_000, waterM3: 0 }, history(count)),
    );
    // Assess
    expect(flags).toEqual([[], [], []]);
  });

  it('flags a zero reading against a history of real use', () => {
    // Act
    const flags = meterOutlierFlags({ electricityKwh: 0, waterM3: 400 }, history(4));
    // Assess
    expect(flags).toEqual([
      expect.objectContaining({
        field: 'answers.electricityKwh',
        details: { value: 0, median: 3000, historyCount: 4 },
      }),
    ]);
  });

  it('flags nothing when the median is zero: no scale to compare with (no water meter)', () => {
    // Act
    const flags = meterOutlierFlags({ electricityKwh: 3000, waterM3: 250 }, history(5, [3000], [0]));
    // Assess
    expect(flags).toEqual([]);
  });

  it('takes the mean of the two middle values as the median of an even history', () => {
    // Act
    const [flag] = meterOutlierFlags({ electricityKwh: 20_000, waterM3: 400 }, history(4, [1000, 2000, 4000, 8000]));
    // Assess
    expect(flag?.details).toEqual({ value: 20_000, median: 3000, historyCount: 4 });
  });

  it("is not moved by the history's own mistake: one cumulative reading among three", () => {
    // Prepare
    const earlier = [{ electricityKwh: 250_000, waterM3: 400 }, ...history(2)];
    // Act
    const usual = meterOutlierFlags(typical, earlier);
    const wild = meterOutlierFlags({ electricityKwh: 250_000, waterM3: 400 }, earlier);
    // Assess
    expect(usual).toEqual([]);
    expect(wild.map((flag) => flag.details)).toEqual([{ value: 250_000, median: 3200, historyCount: 3 }]);
  });

  it(`uses only the latest ${MAX_HISTORY} earlier readings`, () => {
    // Prepare: a year at 3000 kWh, and before it years at 100,000 kWh.
    const earlier = [...history(MAX_HISTORY, [3000]), ...history(24, [100_000])];
    // Act
    const [flag] = meterOutlierFlags({ electricityKwh: 100_000, waterM3: 400 }, earlier);
    // Assess
    expect(flag?.details).toEqual({ value: 100_000, median: 3000, historyCount: MAX_HISTORY });
  });

  it('leaves out earlier answers without a number for a meter, and counts only the rest', () => {
    // Prepare: answers of another shape, as stored by an older version, cast as the caller does.
    const earlier = [
      { electricityKwh: 3000 },
      { electricityKwh: 3100, waterM3: 'n/a' },
      ...history(2),
    ] as unknown as MeterReading[];
    // Act
    const flags = meterOutlierFlags({ electricityKwh: 30_000, waterM3: 4000 }, earlier);
    // Assess
    expect(flags.map((flag) => [flag.field, flag.details])).toEqual([
      ['answers.electricityKwh', { value: 30_000, median: 3050, historyCount: 4 }],
    ]);
  });

  it('states decimal readings to the hundredth', () => {
    // Act
    const [flag] = meterOutlierFlags({ electricityKwh: 0.125, waterM3: 400 }, history(3, [2.5, 2.5, 2.75]));
    // Assess
    expect(flag?.message.zh).toBe(
      '本月用电量 0.13 千瓦时，不足本校此前 3 个月中位数（2.5 千瓦时）的 1/4，请核对读数（单位、位数）。',
    );
    expect(flag?.details).toEqual({ value: 0.125, median: 2.5, historyCount: 3 });
  });
});
