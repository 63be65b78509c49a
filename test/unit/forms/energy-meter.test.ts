import { energyMeter, MAX_ELECTRICITY_KWH, MAX_WATER_M3 } from '../../../shared/forms/energy-meter';
import {
  MAX_HISTORY,
  meterOutlierFlags,
  MIN_HISTORY,
  OUTLIER_FACTOR,
  type MeterReading,
} from '../../../shared/forms/energy-meter/quality';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid } = formHarness(energyMeter);

describeFormContract(energyMeter, {
  definition: { title: 'is version 1 of a monthly form for every school', is: ['energy-meter', 1, 'monthly', 'all'] },
  units: {
    title: 'gives each reading its unit in both languages',
    units: { electricityKwh: { zh: '千瓦时', en: 'kWh' }, waterM3: { zh: '立方米', en: 'm³' } },
  },
  accepted: [
    {
      title: 'accepts a bill, zero use and the ceilings themselves',
      answers: [
        { electricityKwh: 0, waterM3: 0, source: 'bill' },
        { electricityKwh: MAX_ELECTRICITY_KWH, waterM3: MAX_WATER_M3, source: 'meter' },
      ],
    },
  ],
  refused: {
    electricityKwh: [-0.1, MAX_ELECTRICITY_KWH + 0.5, '18650', Number.NaN, undefined],
    waterM3: [-1, MAX_WATER_M3 + 1, null],
    source: ['estimate', true, undefined],
  },
  unknownKey: {
    key: 'month',
    value: '2026-03',
    title: 'refuses a month in the answers: the month is the submission date',
  },
  noHazardRules: {
    title: 'has none: energy use is measured, not raised as a hazard',
    answers: { ...valid, electricityKwh: MAX_ELECTRICITY_KWH },
  },
  figures: [
    {
      title: 'sums the kWh and m³ of each reading',
      answers: valid,
      columns: [
        ['readings', 'count', 1],
        ['electricityKwh', 'sum', 18_650.5],
        ['waterM3', 'sum', 2310],
      ],
    },
  ],
});

// Its quality check (shared/forms/energy-meter/quality.ts): a reading far from the school's own history.

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
