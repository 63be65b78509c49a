import * as z from 'zod/mini';
import { quantity, sumOf, text, wholeNumber } from '../common';
import { defineForm } from '../types';
import { example } from './examples';

// Ceilings for one planting: the seed's 23 schools together added 187,700 plants, 80 亩 and
// 1.08 million 元 in a year, so these leave room for a large campus project and refuse slips.
export const MAX_PLANTS = 1_000_000;
export const MAX_AREA_MU = 1000;
export const MAX_INVESTMENT_YUAN = 10_000_000;

const answers = () =>
  z.strictObject({
    project: z.optional(text(100)),
    plantsAdded: wholeNumber(MAX_PLANTS),
    areaAddedMu: quantity(MAX_AREA_MU),
    investmentYuan: quantity(MAX_INVESTMENT_YUAN),
  });

/** 校园绿化: a greening project (建设森林城市、园林式单位), recorded when it is done. */
export const greening = defineForm({
  id: 'greening',
  version: 1,
  order: 110,
  title: { zh: '校园绿化', en: 'Campus greening' },
  description: {
    zh: '每完成一次绿化（植树、新增绿地）填写一次：新增花草树木株数、新增绿地面积（亩，1 亩约 666.7 平方米）、投入资金。',
    en: 'Filled in after each greening project (planting, new green area): plants added, green area added (mu; 1 mu is about 666.7 m²), money invested.',
  },
  cadence: 'event',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    project: { label: { zh: '绿化项目', en: 'Project' } },
    plantsAdded: { label: { zh: '新增花草树木', en: 'Trees and plants added' }, unit: { zh: '株', en: 'plants' } },
    areaAddedMu: { label: { zh: '新增绿地面积', en: 'Green area added' }, unit: { zh: '亩', en: 'mu' } },
    investmentYuan: { label: { zh: '投入资金', en: 'Money invested' }, unit: { zh: '元', en: 'yuan' } },
  },
  // Greening is an improvement, not a finding: it raises no hazard.
  hazardRules: [],
  figures: [
    { id: 'projects', label: { zh: '绿化次数', en: 'Greening projects' }, aggregate: 'count', value: () => 1 },
    sumOf('plantsAdded', { zh: '新增花草树木', en: 'Plants added' }, { zh: '株', en: 'plants' }),
    sumOf('areaAddedMu', { zh: '新增绿地面积', en: 'Green area added' }, { zh: '亩', en: 'mu' }),
    sumOf('investmentYuan', { zh: '绿化投入资金', en: 'Greening investment' }, { zh: '元', en: 'yuan' }),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'greeningWorkStudy', order: 1, fills: 'greeningProjects' },
});
