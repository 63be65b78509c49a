import * as z from 'zod/mini';
import { addTextIssue } from '../../validation';
import { countOf, countWhere, field, hazardRule, sumOf, whenValid, wholeNumber, yesNo } from '../common';
import { defineForm } from '../types';
import { example } from './examples';

const answers = () =>
  z
    .strictObject({
      dispensersInService: wholeNumber(10_000),
      filtersReplaced: wholeNumber(10_000),
      waterTestDone: yesNo(),
      // The result only exists when a test was done: then it is required, otherwise refused.
      waterTestPassed: z.optional(yesNo()),
    })
    .check(
      z.superRefine(
        (a, ctx) => {
          if (a.waterTestDone && a.waterTestPassed === undefined) {
            addTextIssue(ctx, ['waterTestPassed'], {
              zh: '已做水质检测时必须填写检测结果',
              en: 'Required when a water test was done',
            });
          }
          if (!a.waterTestDone && a.waterTestPassed !== undefined) {
            addTextIssue(ctx, ['waterTestPassed'], {
              zh: '未做水质检测时不能填写检测结果',
              en: 'Leave out when no water test was done',
            });
          }
        },
        whenValid('waterTestDone', 'waterTestPassed'),
      ),
      // The same conditions, for clients that validate with the served JSON Schema.
      z.meta({
        allOf: [
          {
            if: { properties: { waterTestDone: { const: true } }, required: ['waterTestDone'] },
            then: { required: ['waterTestPassed'] },
          },
          {
            if: { properties: { waterTestDone: { const: false } }, required: ['waterTestDone'] },
            then: { not: { required: ['waterTestPassed'] } },
          },
        ],
      }),
    );

type Answers = z.output<ReturnType<typeof answers>>;

const DISPENSERS = { zh: '台', en: 'dispensers' };
const FILTERS = { zh: '个', en: 'filters' };

/** 饮用水安全检查: the monthly check of drinking-water dispensers, filters and the water test. */
export const drinkingWater = defineForm({
  id: 'drinking-water',
  version: 1,
  order: 50,
  title: { zh: '饮用水安全检查', en: 'Drinking water safety check' },
  description: {
    zh: '每月由总务处填写：在用饮水设备、更换的滤芯、水质检测是否进行及是否合格。',
    en: 'Filled in every month by the logistics office: water dispensers in service, filters replaced, whether the water was tested and whether it passed.',
  },
  cadence: 'monthly',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    dispensersInService: field({ zh: '在用饮水设备', en: 'Water dispensers in service' }, DISPENSERS),
    filtersReplaced: field({ zh: '本月更换滤芯', en: 'Filters replaced this month' }, FILTERS),
    waterTestDone: field({ zh: '本月已做水质检测', en: 'Water tested this month' }),
    waterTestPassed: field({ zh: '水质检测合格', en: 'Water test passed' }),
  },
  hazardRules: [
    hazardRule<Answers>(
      {
        id: 'water-test-failed',
        severity: 'critical',
        category: 'water',
        title: { zh: '饮用水水质检测不合格', en: 'Drinking water failed its test' },
      },
      (a) => (a.waterTestDone && a.waterTestPassed === false ? {} : undefined),
    ),
  ],
  figures: [
    countOf('checks', { zh: '检查次数', en: 'Checks' }),
    sumOf('dispensersInService', { zh: '在用饮水设备', en: 'Water dispensers in service' }, DISPENSERS),
    sumOf('filtersReplaced', { zh: '更换滤芯', en: 'Filters replaced' }, FILTERS),
    countWhere<Answers>('waterTests', { zh: '水质检测次数', en: 'Water tests done' }, (a) => a.waterTestDone),
    countWhere<Answers>(
      'waterTestsPassed',
      { zh: '水质检测合格次数', en: 'Water tests passed' },
      (a) => a.waterTestPassed === true,
    ),
    countWhere<Answers>(
      'waterTestsFailed',
      { zh: '水质检测不合格次数', en: 'Water tests failed' },
      (a) => a.waterTestPassed === false,
    ),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'safety', order: 4 },
});
