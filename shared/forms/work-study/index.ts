import * as z from 'zod/mini';
import type { Text } from '../../i18n';
import { addTextIssue } from '../../validation';
import { atMost, quantity, sumOf, whenValid, wholeNumber } from '../common';
import { defineForm, type Figure } from '../types';
import { AREA_USE_FIELDS, AREA_USES, computedAreaMu, type AreaUse } from './areas';
import { qualityChecks } from './quality';
import { example } from './examples';

export { AREA_USE_FIELDS, AREA_USES, computedAreaMu, type AreaUse } from './areas';

/** Ceiling of one use's area, and of the whole base: a county's bases together are about 900 亩. */
export const MAX_AREA_MU = 10_000;
/** Ceiling of a month's money in any one line: a school-run enterprise, not a village plot. */
export const MAX_YUAN = 10_000_000;

const MU: Text = { zh: '亩', en: 'mu' };
const YUAN: Text = { zh: '元', en: 'yuan' };

const answers = () =>
  z
    .strictObject({
      grainMu: quantity(MAX_AREA_MU),
      orchardMu: quantity(MAX_AREA_MU),
      teaMu: quantity(MAX_AREA_MU),
      bambooMu: quantity(MAX_AREA_MU),
      forestMu: quantity(MAX_AREA_MU),
      fishPondMu: quantity(MAX_AREA_MU),
      wastelandMu: quantity(MAX_AREA_MU),
      // The total as the school states it. It is kept, but figures use the sum of the uses; a
      // total that differs from that sum is flagged (./quality.ts), not refused.
      totalAreaMu: z.optional(quantity(MAX_AREA_MU)),
      incomeYuan: quantity(MAX_YUAN),
      costsYuan: quantity(MAX_YUAN),
      produceToCanteenYuan: quantity(MAX_YUAN),
      recyclingIncomeYuan: quantity(MAX_YUAN),
      studentsTakingPart: wholeNumber(100_000),
    })
    // A single use larger than the whole base is impossible, whatever the other uses say.
    .check(
      z.superRefine(
        (a, ctx) => {
          if (a.totalAreaMu === undefined) return;
          for (const use of AREA_USE_FIELDS) {
            if (a[use] <= a.totalAreaMu) continue;
            addTextIssue(ctx, [use], {
              zh: `${AREA_USES[use].zh}面积（${a[use]} 亩）不能大于劳动实践基地总面积（${a.totalAreaMu} 亩）`,
              en: `${AREA_USES[use].en} (${a[use]} mu) cannot exceed the base's total area (${a.totalAreaMu} mu)`,
            });
          }
        },
        whenValid('totalAreaMu', ...AREA_USE_FIELDS),
      ),
      // Recycling income is part of the income: it cannot be the larger.
      atMost('recyclingIncomeYuan', 'incomeYuan', (a) => ({
        zh: `废品回收收入（${a.recyclingIncomeYuan} 元）是总收入的一部分，不能大于总收入（${a.incomeYuan} 元）`,
        en: `Recycling income (${a.recyclingIncomeYuan} yuan) is part of the income and cannot exceed it (${a.incomeYuan} yuan)`,
      })),
    );

type Answers = z.output<ReturnType<typeof answers>>;

function areaFigure(use: AreaUse): Figure<Answers> {
  return {
    id: use,
    label: { zh: `${AREA_USES[use].zh}面积`, en: `${AREA_USES[use].en} area` },
    unit: MU,
    aggregate: 'sum',
    value: (a) => a[use],
  };
}

/** 勤工俭学: the school's work-study month: its labour-practice base, income and costs, produce and recycling. */
export const workStudy = defineForm({
  id: 'work-study',
  version: 1,
  order: 130,
  title: { zh: '勤工俭学', en: 'Work-study' },
  description: {
    zh: '每月填写一次：劳动实践基地各用途面积（亩）及总面积，当月勤工俭学总收入（含废品回收）、成本、供应食堂的农产品折价、废品回收收入、参加学生人数。',
    en: "Filled in once a month: the labour-practice base's area by use (mu) and in total; the month's work-study income (recycling included), costs, value of produce given to the canteen, recycling income, students taking part.",
  },
  cadence: 'monthly',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    grainMu: { label: { zh: '粮田面积', en: 'Grain fields' }, unit: MU },
    orchardMu: { label: { zh: '果园面积', en: 'Orchards' }, unit: MU },
    teaMu: { label: { zh: '茶园面积', en: 'Tea gardens' }, unit: MU },
    bambooMu: { label: { zh: '竹林面积', en: 'Bamboo' }, unit: MU },
    forestMu: { label: { zh: '林地面积', en: 'Forest' }, unit: MU },
    fishPondMu: { label: { zh: '鱼塘面积', en: 'Fish ponds' }, unit: MU },
    wastelandMu: { label: { zh: '荒山面积', en: 'Wasteland' }, unit: MU },
    totalAreaMu: {
      label: { zh: '劳动实践基地总面积（学校填报）', en: 'Total base area (as the school states it)' },
      unit: MU,
    },
    incomeYuan: {
      label: { zh: '勤工俭学总收入（含废品回收）', en: 'Work-study income (recycling included)' },
      unit: YUAN,
    },
    costsYuan: { label: { zh: '勤工俭学成本', en: 'Work-study costs' }, unit: YUAN },
    produceToCanteenYuan: {
      label: { zh: '农产品供应学校食堂（节省资金）', en: 'Produce given to the canteen (money saved)' },
      unit: YUAN,
    },
    recyclingIncomeYuan: { label: { zh: '其中：废品回收收入', en: 'Of the income: recycling' }, unit: YUAN },
    studentsTakingPart: {
      label: { zh: '参加劳动实践学生', en: 'Students taking part' },
      unit: { zh: '人', en: 'students' },
    },
  },
  // Work-study is income and education, not safety: it raises no hazard.
  hazardRules: [],
  // A stated total that differs from the sum of the uses is flagged, not refused.
  qualityChecks,
  figures: [
    { id: 'reports', label: { zh: '填报次数', en: 'Reports' }, aggregate: 'count', value: () => 1 },
    // The base's area is the sum of its uses, never the stated total (DOMAIN.md: the system states the sum it computed).
    {
      id: 'areaMu',
      label: { zh: '劳动实践基地面积（各用途之和）', en: 'Labour-practice base area (sum of uses)' },
      unit: MU,
      aggregate: 'sum',
      value: computedAreaMu,
    },
    ...AREA_USE_FIELDS.map(areaFigure),
    sumOf('incomeYuan', { zh: '勤工俭学收入', en: 'Work-study income' }, YUAN),
    sumOf('costsYuan', { zh: '勤工俭学成本', en: 'Work-study costs' }, YUAN),
    {
      id: 'netYuan',
      label: { zh: '勤工俭学纯收入', en: 'Work-study net income' },
      unit: YUAN,
      aggregate: 'sum',
      value: (a) => Math.round((a.incomeYuan - a.costsYuan) * 100) / 100,
    },
    sumOf('produceToCanteenYuan', { zh: '供应食堂节省资金', en: 'Saved by produce given to the canteen' }, YUAN),
    sumOf('recyclingIncomeYuan', { zh: '废品回收收入', en: 'Recycling income' }, YUAN),
    sumOf('studentsTakingPart', { zh: '参加劳动实践学生', en: 'Students taking part' }, { zh: '人次', en: 'students' }),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: {
    section: 'greeningWorkStudy',
    order: 2,
    onePerSchool: true,
    fills: 'workStudy',
    keyed: Object.fromEntries(AREA_USE_FIELDS.map((use) => [use, { figureId: use, label: AREA_USES[use] }])),
  },
});
