import * as z from 'zod/mini';
import { drinkingWater } from '../../../shared/forms/drinking-water';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid, without } = formHarness(drinkingWater);

/** The valid example without the test result that its test requires. */
const untested = without('waterTestPassed');

describeFormContract(drinkingWater, {
  accepted: [
    {
      title: 'accepts a month without a water test and without a result',
      answers: [{ ...untested, waterTestDone: false }],
    },
  ],
  refused: {
    dispensersInService: [-1, 10_001, 4.5],
    filtersReplaced: ['5', 10_001],
    waterTestDone: ['yes', undefined],
    waterTestPassed: [1, 'passed', null],
  },
  unknownKey: { key: 'ph', value: 7.2 },
  explained: [
    {
      title: 'requires the result when a test was done, in Chinese and in English',
      answers: untested,
      zh: [['waterTestPassed', '已做水质检测时必须填写检测结果']],
      en: [['waterTestPassed', 'Required when a water test was done']],
    },
    ...[true, false].map((passed) => ({
      title: `refuses a result (${passed}) when no test was done, in Chinese and in English`,
      answers: { ...valid, waterTestDone: false, waterTestPassed: passed },
      zh: [['waterTestPassed', '未做水质检测时不能填写检测结果']] as [string, string][],
      en: [['waterTestPassed', 'Leave out when no water test was done']] as [string, string][],
    })),
  ],
  refusedAt: [
    {
      title: 'reports a bad result once, for its type, when no test was done',
      answers: { ...valid, waterTestDone: false, waterTestPassed: 'no' },
      paths: ['waterTestPassed'],
    },
  ],
  hazards: [
    { title: 'raises nothing when the water passed its test', answers: valid, raised: [] },
    { title: 'raises nothing for a month without a test', answers: { ...untested, waterTestDone: false }, raised: [] },
    {
      title: 'raises a critical water hazard when the water failed its test',
      answers: { ...valid, waterTestPassed: false },
      raised: [
        {
          ruleId: 'water-test-failed',
          severity: 'critical',
          category: 'water',
          title: { zh: '饮用水水质检测不合格', en: 'Drinking water failed its test' },
        },
      ],
    },
  ],
  figures: [
    {
      title: 'carries a passed test and the counts to the rollup',
      answers: valid,
      equal: {
        checks: 1,
        dispensersInService: 5,
        filtersReplaced: 5,
        waterTests: 1,
        waterTestsPassed: 1,
        waterTestsFailed: 0,
      },
    },
    {
      title: 'counts a failed test as done and failed',
      answers: { ...valid, waterTestPassed: false },
      including: { waterTests: 1, waterTestsPassed: 0, waterTestsFailed: 1 },
    },
    {
      title: 'counts a month without a test as neither passed nor failed',
      answers: { ...untested, waterTestDone: false },
      including: { waterTests: 0, waterTestsPassed: 0, waterTestsFailed: 0 },
    },
  ],
});

describe('drinkingWater answers', () => {
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
