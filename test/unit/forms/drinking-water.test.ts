import * as z from 'zod/mini';
import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { drinkingWater } from '../../../shared/forms/drinking-water';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/drinking-water/examples';

function parse(answers: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return drinkingWater.answers.safeParse(answers, { error: errorMapFor(locale) });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

function raisedBy(answers: unknown) {
  return hazardsRaisedBy(drinkingWater, drinkingWater.answers.parse(answers));
}

const { waterTestPassed: _passed, ...untested } = valid;

describe('drinkingWater answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts a month without a water test and without a result', () => {
    // Act
    const result = parse({ ...untested, waterTestDone: false });
    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    ['dispensersInService', -1],
    ['dispensersInService', 10_001],
    ['dispensersInService', 4.5],
    ['filtersReplaced', '5'],
    ['filtersReplaced', 10_001],
    ['waterTestDone', 'yes'],
    ['waterTestDone', undefined],
    ['waterTestPassed', 1],
    ['waterTestPassed', 'passed'],
    ['waterTestPassed', null],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, ph: 7.2 });
    // Assess
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['ph'] })]);
  });

  it('requires the result when a test was done, in Chinese and in English', () => {
    // Act
    const zh = parse(untested, 'zh-CN');
    const en = parse(untested, 'en');
    // Assess
    expect(zh.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['waterTestPassed', '已做水质检测时必须填写检测结果'],
    ]);
    expect(en.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['waterTestPassed', 'Required when a water test was done'],
    ]);
  });

  it.each([true, false])('refuses a result (%p) when no test was done, in Chinese and in English', (passed) => {
    // Prepare
    const answers = { ...valid, waterTestDone: false, waterTestPassed: passed };
    // Act
    const zh = parse(answers, 'zh-CN');
    const en = parse(answers, 'en');
    // Assess
    expect(zh.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['waterTestPassed', '未做水质检测时不能填写检测结果'],
    ]);
    expect(en.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['waterTestPassed', 'Leave out when no water test was done'],
    ]);
  });

  it('reports a bad result once, for its type, when no test was done', () => {
    // Act
    const paths = refusedPaths({ ...valid, waterTestDone: false, waterTestPassed: 'no' });
    // Assess
    expect(paths).toEqual(['waterTestPassed']);
  });

  it('serves the same conditions in its JSON Schema', () => {
    // Act
    const schema = z.toJSONSchema(drinkingWater.answers, { target: 'draft-2020-12', io: 'input' }) as Record<
      string,
      unknown
    >;
    // Assess
    expect(schema.required).toEqual(['dispensersInService', 'filtersReplaced', 'waterTestDone']);
    expect(schema.allOf).toEqual([
      {
        if: { properties: { waterTestDone: { const: true } }, required: ['waterTestDone'] },
        then: { required: ['waterTestPassed'] },
      },
      {
        if: { properties: { waterTestDone: { const: false } }, required: ['waterTestDone'] },
        then: { not: { required: ['waterTestPassed'] } },
      },
    ]);
  });
});

describe('drinkingWater hazard rules', () => {
  it('raises nothing when the water passed its test', () => {
    // Act
    const raised = raisedBy(valid);
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises nothing for a month without a test', () => {
    // Act
    const raised = raisedBy({ ...untested, waterTestDone: false });
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises a critical water hazard when the water failed its test', () => {
    // Act
    const raised = raisedBy({ ...valid, waterTestPassed: false });
    // Assess
    expect(raised).toEqual([
      {
        ruleId: 'water-test-failed',
        severity: 'critical',
        category: 'water',
        title: { zh: '饮用水水质检测不合格', en: 'Drinking water failed its test' },
      },
    ]);
  });
});

describe('drinkingWater figures', () => {
  function figures(answers: unknown): Record<string, number | undefined> {
    const parsed = drinkingWater.answers.parse(answers);
    return Object.fromEntries(drinkingWater.figures.map((figure) => [figure.id, figure.value(parsed)]));
  }

  it('carries a passed test and the counts to the rollup', () => {
    // Act
    const values = figures(valid);
    // Assess
    expect(values).toEqual({
      checks: 1,
      dispensersInService: 5,
      filtersReplaced: 5,
      waterTests: 1,
      waterTestsPassed: 1,
      waterTestsFailed: 0,
    });
  });

  it('counts a failed test as done and failed', () => {
    // Act
    const values = figures({ ...valid, waterTestPassed: false });
    // Assess
    expect(values).toMatchObject({ waterTests: 1, waterTestsPassed: 0, waterTestsFailed: 1 });
  });

  it('counts a month without a test as neither passed nor failed', () => {
    // Act
    const values = figures({ ...untested, waterTestDone: false });
    // Assess
    expect(values).toMatchObject({ waterTests: 0, waterTestsPassed: 0, waterTestsFailed: 0 });
  });
});
