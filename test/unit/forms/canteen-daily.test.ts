import { canteenDaily, MIN_SAMPLE_GRAMS, MIN_SAMPLE_HOURS } from '../../../shared/forms/canteen-daily';
import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { errorMapFor } from '../../../shared/validation';
import { validAnswers } from './examples';

const valid = validAnswers['canteen-daily'];

function parse(answers: unknown) {
  return canteenDaily.answers.safeParse(answers, { error: errorMapFor('zh-CN') });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

function ruleIdsRaisedBy(answers: unknown): string[] {
  return hazardsRaisedBy(canteenDaily, canteenDaily.answers.parse(answers)).map((hazard) => hazard.ruleId);
}

describe('canteenDaily answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts a day without samples with no grams or hours, and tableware not disinfected with no method', () => {
    // Prepare
    const { sampleGramsPerDish: _g, sampleHours: _h, disinfectionMethod: _m, ...rest } = valid;
    // Act
    const result = parse({ ...rest, sampleKept: false, tablewareDisinfected: false });
    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    ['ledgerKept', 'yes'],
    ['sampleKept', 1],
    ['sampleGramsPerDish', -1],
    ['sampleGramsPerDish', 10_001],
    ['sampleGramsPerDish', 125.5],
    ['sampleHours', 721],
    ['tablewareDisinfected', null],
    ['disinfectionMethod', 'uv-lamp'],
    ['preventsRats', 'true'],
    ['preventsFlies', 0],
    ['preventsInsects', undefined],
    ['preventsDust', []],
    ['staffOnDuty', 1001],
    ['staffOnDuty', -1],
    ['staffWithHealthCertificate', 2.5],
    ['staffMorningCheckDone', 'done'],
    ['leaderAteWithStudents', {}],
    ['mealsServed', 100_001],
    ['foodWasteKg', -0.1],
    ['foodWasteKg', 100_000.5],
    ['foodWasteKg', '18.5'],
    ['oilSourceChecked', undefined],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, sampleColour: 'green' });
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['sampleColour'] }),
    ]);
  });

  it('refuses a non-object', () => {
    // Act
    const result = parse(['ledgerKept']);
    // Assess
    expect(result.success).toBe(false);
  });

  it.each([
    ['sampleGramsPerDish', 'sampleKept'],
    ['sampleHours', 'sampleKept'],
    ['disinfectionMethod', 'tablewareDisinfected'],
  ])('requires %s when %s is yes', (field) => {
    // Prepare
    const answers: Record<string, unknown> = { ...valid };
    delete answers[field];
    // Act
    const paths = refusedPaths(answers);
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses more certified staff than staff on duty, on the certificate field', () => {
    // Act
    const paths = refusedPaths({ ...valid, staffOnDuty: 5, staffWithHealthCertificate: 6 });
    // Assess
    expect(paths).toEqual(['staffWithHealthCertificate']);
  });

  it('reports the certificate inconsistency beside an unrelated bad field and an unknown key', () => {
    // Act
    const paths = refusedPaths({ ...valid, staffOnDuty: 5, staffWithHealthCertificate: 6, mealsServed: -1, extra: 1 });
    // Assess
    expect(paths.sort()).toEqual(['', 'mealsServed', 'staffWithHealthCertificate']);
  });

  it('explains the certificate inconsistency in Chinese and in English', () => {
    // Prepare
    const answers = { ...valid, staffOnDuty: 5, staffWithHealthCertificate: 6 };
    // Act
    const zh = canteenDaily.answers.safeParse(answers, { error: errorMapFor('zh-CN') });
    const en = canteenDaily.answers.safeParse(answers, { error: errorMapFor('en') });
    // Assess
    expect(zh.error?.issues[0]?.message).toBe('持健康证上岗人数不能多于在岗人数（5 人）');
    expect(en.error?.issues[0]?.message).toBe('Cannot exceed the staff on duty (5)');
  });
});

describe('canteenDaily hazard rules', () => {
  it('raises nothing for a compliant day', () => {
    // Act
    const raised = ruleIdsRaisedBy(valid);
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises a high food hazard when no sample was kept, and no sample-size hazard with it', () => {
    // Act
    const raised = hazardsRaisedBy(
      canteenDaily,
      canteenDaily.answers.parse({ ...valid, sampleKept: false, sampleGramsPerDish: 10, sampleHours: 1 }),
    );
    // Assess
    expect(raised).toEqual([
      {
        ruleId: 'no-sample',
        severity: 'high',
        category: 'food',
        title: { zh: '未按规定留样', en: 'No food samples retained' },
      },
    ]);
  });

  it(`raises a high hazard when a sample is under ${MIN_SAMPLE_GRAMS} g, with the figures`, () => {
    // Act
    const raised = hazardsRaisedBy(
      canteenDaily,
      canteenDaily.answers.parse({ ...valid, sampleGramsPerDish: MIN_SAMPLE_GRAMS - 1 }),
    );
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({
        ruleId: 'sample-underweight',
        severity: 'high',
        category: 'food',
        description: '124 g < 125 g',
      }),
    ]);
  });

  it(`raises no sample hazard at exactly ${MIN_SAMPLE_GRAMS} g and ${MIN_SAMPLE_HOURS} h`, () => {
    // Act
    const raised = ruleIdsRaisedBy({ ...valid, sampleGramsPerDish: MIN_SAMPLE_GRAMS, sampleHours: MIN_SAMPLE_HOURS });
    // Assess
    expect(raised).toEqual([]);
  });

  it(`raises a high hazard when samples are kept under ${MIN_SAMPLE_HOURS} h`, () => {
    // Act
    const raised = hazardsRaisedBy(canteenDaily, canteenDaily.answers.parse({ ...valid, sampleHours: 24 }));
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({ ruleId: 'sample-kept-too-short', severity: 'high', description: '24 h < 48 h' }),
    ]);
  });

  it('raises a high hazard when fewer staff hold a certificate than are on duty', () => {
    // Act
    const raised = hazardsRaisedBy(
      canteenDaily,
      canteenDaily.answers.parse({ ...valid, staffOnDuty: 8, staffWithHealthCertificate: 6 }),
    );
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({
        ruleId: 'staff-without-certificate',
        severity: 'high',
        category: 'food',
        description: '在岗 8 人，2 人无证 / 2 of 8 on duty uncertified',
      }),
    ]);
  });

  it('raises a high hazard when tableware was not disinfected', () => {
    // Act
    const raised = ruleIdsRaisedBy({ ...valid, tablewareDisinfected: false });
    // Assess
    expect(raised).toEqual(['tableware-not-disinfected']);
  });

  it.each(['preventsRats', 'preventsFlies', 'preventsInsects', 'preventsDust'])(
    'raises a medium hazard when %s is missing',
    (field) => {
      // Act
      const raised = hazardsRaisedBy(canteenDaily, canteenDaily.answers.parse({ ...valid, [field]: false }));
      // Assess
      expect(raised).toEqual([
        expect.objectContaining({ ruleId: 'prevention-missing', severity: 'medium', category: 'food' }),
      ]);
    },
  );

  it('raises one prevention hazard naming every missing prevention', () => {
    // Act
    const raised = hazardsRaisedBy(
      canteenDaily,
      canteenDaily.answers.parse({ ...valid, preventsRats: false, preventsDust: false }),
    );
    // Assess
    expect(raised.map((hazard) => hazard.description)).toEqual(['防鼠、防尘 / rats, dust']);
  });

  it('raises a medium hazard when the procurement ledger was not kept', () => {
    // Act
    const raised = hazardsRaisedBy(canteenDaily, canteenDaily.answers.parse({ ...valid, ledgerKept: false }));
    // Assess
    expect(raised).toEqual([expect.objectContaining({ ruleId: 'no-ledger', severity: 'medium', category: 'food' })]);
  });

  it('raises every applicable hazard of a bad day at once, each rule once', () => {
    // Prepare
    const answers = {
      ...valid,
      ledgerKept: false,
      sampleGramsPerDish: 100,
      sampleHours: 12,
      tablewareDisinfected: false,
      preventsFlies: false,
      staffWithHealthCertificate: 7,
    };
    // Act
    const raised = ruleIdsRaisedBy(answers);
    // Assess
    expect(raised).toEqual([
      'sample-underweight',
      'sample-kept-too-short',
      'staff-without-certificate',
      'tableware-not-disinfected',
      'prevention-missing',
      'no-ledger',
    ]);
  });
});

describe('canteenDaily figures', () => {
  function figures(answers: unknown): Record<string, number | undefined> {
    const parsed = canteenDaily.answers.parse(answers);
    return Object.fromEntries(canteenDaily.figures.map((figure) => [figure.id, figure.value(parsed)]));
  }

  it('counts a compliant day as compliant everywhere and carries its quantities', () => {
    // Act
    const values = figures(valid);
    // Assess
    expect(values).toEqual({
      checks: 1,
      samplesCompliant: 1,
      certificatesCompliant: 1,
      disinfectionCompliant: 1,
      leaderMeals: 1,
      staffOnDuty: 8,
      staffWithHealthCertificate: 8,
      mealsServed: 1260,
      foodWasteKg: 18.5,
    });
  });

  it('counts a day with a light sample, an uncertified cook and dirty tableware as not compliant', () => {
    // Act
    const values = figures({
      ...valid,
      sampleGramsPerDish: 100,
      staffWithHealthCertificate: 7,
      tablewareDisinfected: false,
      leaderAteWithStudents: false,
    });
    // Assess
    expect(values).toMatchObject({
      checks: 1,
      samplesCompliant: 0,
      certificatesCompliant: 0,
      disinfectionCompliant: 0,
      leaderMeals: 0,
      staffWithHealthCertificate: 7,
    });
  });

  it('counts a day without samples as not sample-compliant', () => {
    // Act
    const values = figures({ ...valid, sampleKept: false });
    // Assess
    expect(values.samplesCompliant).toBe(0);
  });
});
