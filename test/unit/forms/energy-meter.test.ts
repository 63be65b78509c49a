import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { energyMeter, MAX_ELECTRICITY_KWH, MAX_WATER_M3 } from '../../../shared/forms/energy-meter';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/energy-meter/examples';

function parse(answers: unknown) {
  return energyMeter.answers.safeParse(answers, { error: errorMapFor('zh-CN') });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('energyMeter definition', () => {
  it('is version 1 of a monthly form for every school', () => {
    // Assess
    expect([energyMeter.id, energyMeter.version, energyMeter.cadence, energyMeter.appliesTo]).toEqual([
      'energy-meter',
      1,
      'monthly',
      'all',
    ]);
  });

  it('gives each reading its unit in both languages', () => {
    // Assess
    expect(energyMeter.fields.electricityKwh.unit).toEqual({ zh: '千瓦时', en: 'kWh' });
    expect(energyMeter.fields.waterM3.unit).toEqual({ zh: '立方米', en: 'm³' });
  });
});

describe('energyMeter answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts a bill, zero use and the ceilings themselves', () => {
    // Act
    const zero = parse({ electricityKwh: 0, waterM3: 0, source: 'bill' });
    const ceilings = parse({ electricityKwh: MAX_ELECTRICITY_KWH, waterM3: MAX_WATER_M3, source: 'meter' });
    // Assess
    expect(zero.success).toBe(true);
    expect(ceilings.success).toBe(true);
  });

  it.each([
    ['electricityKwh', -0.1],
    ['electricityKwh', MAX_ELECTRICITY_KWH + 0.5],
    ['electricityKwh', '18650'],
    ['electricityKwh', Number.NaN],
    ['electricityKwh', undefined],
    ['waterM3', -1],
    ['waterM3', MAX_WATER_M3 + 1],
    ['waterM3', null],
    ['source', 'estimate'],
    ['source', true],
    ['source', undefined],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses a month in the answers: the month is the submission date', () => {
    // Act
    const result = parse({ ...valid, month: '2026-03' });
    // Assess
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['month'] })]);
  });
});

describe('energyMeter hazard rules', () => {
  it('has none: energy use is measured, not raised as a hazard', () => {
    // Act
    const raised = hazardsRaisedBy(
      energyMeter,
      energyMeter.answers.parse({ ...valid, electricityKwh: MAX_ELECTRICITY_KWH }),
    );
    // Assess
    expect(energyMeter.hazardRules).toEqual([]);
    expect(raised).toEqual([]);
  });
});

describe('energyMeter figures', () => {
  it('sums the kWh and m³ of each reading', () => {
    // Prepare
    const parsed = energyMeter.answers.parse(valid);
    // Act
    const values = Object.fromEntries(energyMeter.figures.map((figure) => [figure.id, figure.value(parsed)]));
    // Assess
    expect(values).toEqual({ readings: 1, electricityKwh: 18_650.5, waterM3: 2310 });
    expect(energyMeter.figures.map((figure) => figure.aggregate)).toEqual(['count', 'sum', 'sum']);
  });
});
