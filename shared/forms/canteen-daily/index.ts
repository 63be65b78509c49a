import * as z from 'zod/mini';
import { addTextIssue } from '../../validation';
import { atMost, bilingual, hazardRule, quantity, sumOf, tally, whenValid, wholeNumber, yesNo } from '../common';
import { defineForm } from '../types';
import { example } from './examples';

/** Smallest food sample per dish, in grams (留样 ≥ 125 g). */
export const MIN_SAMPLE_GRAMS = 125;
/** Shortest time a food sample is kept, in hours (留样 ≥ 48 h). */
export const MIN_SAMPLE_HOURS = 48;

export const DISINFECTION_METHODS = ['high-heat', 'disinfectant-84', 'other'] as const;

const answers = () =>
  z
    .strictObject({
      ledgerKept: yesNo(),
      sampleKept: yesNo(),
      // Grams and hours only mean something when samples were kept; then both are required.
      sampleGramsPerDish: z.optional(wholeNumber(10_000)),
      sampleHours: z.optional(wholeNumber(720)),
      tablewareDisinfected: yesNo(),
      disinfectionMethod: z.optional(z.enum(DISINFECTION_METHODS)),
      preventsRats: yesNo(),
      preventsFlies: yesNo(),
      preventsInsects: yesNo(),
      preventsDust: yesNo(),
      staffOnDuty: wholeNumber(1000),
      staffWithHealthCertificate: wholeNumber(1000),
      staffMorningCheckDone: yesNo(),
      leaderAteWithStudents: yesNo(),
      mealsServed: wholeNumber(100_000),
      foodWasteKg: quantity(100_000),
      oilSourceChecked: yesNo(),
    })
    .check(
      atMost('staffWithHealthCertificate', 'staffOnDuty', (a) => ({
        zh: `持健康证上岗人数不能多于在岗人数（${a.staffOnDuty} 人）`,
        en: `Cannot exceed the staff on duty (${a.staffOnDuty})`,
      })),
      z.superRefine((a, ctx) => {
        if (!a.sampleKept) return;
        if (a.sampleGramsPerDish === undefined)
          addTextIssue(ctx, ['sampleGramsPerDish'], {
            zh: '已留样时必须填写留样量',
            en: 'Required when samples were kept',
          });
        if (a.sampleHours === undefined)
          addTextIssue(ctx, ['sampleHours'], { zh: '已留样时必须填写留样时长', en: 'Required when samples were kept' });
      }, whenValid('sampleKept')),
      z.superRefine((a, ctx) => {
        if (a.tablewareDisinfected && a.disinfectionMethod === undefined) {
          addTextIssue(ctx, ['disinfectionMethod'], {
            zh: '餐具已消毒时必须填写消毒方式',
            en: 'Required when tableware was disinfected',
          });
        }
      }, whenValid('tablewareDisinfected')),
      // The same conditional requirements, for clients that validate with the served JSON Schema.
      z.meta({
        allOf: [
          {
            if: { properties: { sampleKept: { const: true } }, required: ['sampleKept'] },
            then: { required: ['sampleGramsPerDish', 'sampleHours'] },
          },
          {
            if: { properties: { tablewareDisinfected: { const: true } }, required: ['tablewareDisinfected'] },
            then: { required: ['disinfectionMethod'] },
          },
        ],
      }),
    );

type Answers = z.output<ReturnType<typeof answers>>;

const PREVENTIONS = [
  { field: 'preventsRats', zh: '防鼠', en: 'rats' },
  { field: 'preventsFlies', zh: '防蝇', en: 'flies' },
  { field: 'preventsInsects', zh: '防虫', en: 'insects' },
  { field: 'preventsDust', zh: '防尘', en: 'dust' },
] as const;

function sampleCompliant(a: Answers): boolean {
  return a.sampleKept && (a.sampleGramsPerDish ?? 0) >= MIN_SAMPLE_GRAMS && (a.sampleHours ?? 0) >= MIN_SAMPLE_HOURS;
}

/** 食堂食品安全每日检查: the canteen's food-safety check, every school day. */
export const canteenDaily = defineForm({
  id: 'canteen-daily',
  version: 1,
  order: 10,
  title: { zh: '食堂食品安全每日检查', en: 'Canteen food safety daily check' },
  description: {
    zh: '每个上课日由食堂负责人填写：采购台账与索证索票、留样、餐具消毒、四防、从业人员健康证与晨检、领导陪餐、供餐量、餐厨垃圾、食用油来源。',
    en: 'Filled in by the canteen manager every school day: procurement ledger, food samples, tableware disinfection, the four preventions, staff health certificates and morning check, leader eating with students, meals served, food waste, cooking oil source.',
  },
  cadence: 'school-day',
  appliesTo: 'hasCanteen',
  answers,
  example,
  fields: {
    ledgerKept: {
      label: { zh: '采购台账完整（索证索票）', en: 'Procurement ledger kept (certificates and invoices)' },
    },
    sampleKept: { label: { zh: '按规定留样', en: 'Food samples retained' } },
    sampleGramsPerDish: {
      label: { zh: '每个品种最少留样量', en: 'Smallest sample weight per dish' },
      unit: { zh: '克', en: 'g' },
    },
    sampleHours: { label: { zh: '留样保存时长', en: 'Samples kept for' }, unit: { zh: '小时', en: 'h' } },
    tablewareDisinfected: { label: { zh: '餐具已消毒', en: 'Tableware disinfected' } },
    disinfectionMethod: {
      label: { zh: '餐具消毒方式', en: 'Disinfection method' },
      options: {
        'high-heat': { zh: '高温消毒', en: 'High heat' },
        'disinfectant-84': { zh: '84 消毒液', en: '84 disinfectant' },
        other: { zh: '其他', en: 'Other' },
      },
    },
    preventsRats: { label: { zh: '防鼠设施到位', en: 'Rat prevention in place' } },
    preventsFlies: { label: { zh: '防蝇设施到位', en: 'Fly prevention in place' } },
    preventsInsects: { label: { zh: '防虫设施到位', en: 'Insect prevention in place' } },
    preventsDust: { label: { zh: '防尘设施到位', en: 'Dust prevention in place' } },
    staffOnDuty: { label: { zh: '在岗从业人员', en: 'Staff on duty' }, unit: { zh: '人', en: 'people' } },
    staffWithHealthCertificate: {
      label: { zh: '持有效健康证上岗人数', en: 'Staff on duty with a valid health certificate' },
      unit: { zh: '人', en: 'people' },
    },
    staffMorningCheckDone: { label: { zh: '从业人员晨检已完成', en: 'Staff morning health check done' } },
    leaderAteWithStudents: { label: { zh: '学校领导陪餐', en: 'A school leader ate with the students' } },
    mealsServed: { label: { zh: '供餐数', en: 'Meals served' }, unit: { zh: '份', en: 'meals' } },
    foodWasteKg: { label: { zh: '餐厨垃圾（剩余饭菜）', en: 'Food waste' }, unit: { zh: '千克', en: 'kg' } },
    oilSourceChecked: { label: { zh: '食用油来源已查验（杜绝地沟油）', en: 'Cooking oil source checked' } },
  },
  hazardRules: [
    hazardRule<Answers>(
      {
        id: 'no-sample',
        severity: 'high',
        category: 'food',
        title: { zh: '未按规定留样', en: 'No food samples retained' },
      },
      (a) => (a.sampleKept ? undefined : {}),
    ),
    hazardRule<Answers>(
      {
        id: 'sample-underweight',
        severity: 'high',
        category: 'food',
        title: { zh: `留样量不足 ${MIN_SAMPLE_GRAMS} 克`, en: `Food sample under ${MIN_SAMPLE_GRAMS} g` },
      },
      (a) =>
        a.sampleKept && a.sampleGramsPerDish !== undefined && a.sampleGramsPerDish < MIN_SAMPLE_GRAMS
          ? { description: `${a.sampleGramsPerDish} g < ${MIN_SAMPLE_GRAMS} g` }
          : undefined,
    ),
    hazardRule<Answers>(
      {
        id: 'sample-kept-too-short',
        severity: 'high',
        category: 'food',
        title: { zh: `留样保存不足 ${MIN_SAMPLE_HOURS} 小时`, en: `Food sample kept under ${MIN_SAMPLE_HOURS} h` },
      },
      (a) =>
        a.sampleKept && a.sampleHours !== undefined && a.sampleHours < MIN_SAMPLE_HOURS
          ? { description: `${a.sampleHours} h < ${MIN_SAMPLE_HOURS} h` }
          : undefined,
    ),
    hazardRule<Answers>(
      {
        id: 'staff-without-certificate',
        severity: 'high',
        category: 'food',
        title: { zh: '从业人员未持有效健康证上岗', en: 'Staff on duty without a valid health certificate' },
      },
      (a) => {
        const missing = a.staffOnDuty - a.staffWithHealthCertificate;
        if (missing <= 0) return undefined;
        return {
          description: bilingual(
            `在岗 ${a.staffOnDuty} 人，${missing} 人无证`,
            `${missing} of ${a.staffOnDuty} on duty uncertified`,
          ),
        };
      },
    ),
    hazardRule<Answers>(
      {
        id: 'tableware-not-disinfected',
        severity: 'high',
        category: 'food',
        title: { zh: '餐具未消毒', en: 'Tableware not disinfected' },
      },
      (a) => (a.tablewareDisinfected ? undefined : {}),
    ),
    hazardRule<Answers>(
      {
        id: 'prevention-missing',
        severity: 'medium',
        category: 'food',
        title: { zh: '“四防”设施不到位', en: 'One of the four preventions missing' },
      },
      (a) => {
        const missing = PREVENTIONS.filter((p) => !a[p.field]);
        if (missing.length === 0) return undefined;
        return { description: bilingual(missing.map((p) => p.zh).join('、'), missing.map((p) => p.en).join(', ')) };
      },
    ),
    hazardRule<Answers>(
      {
        id: 'no-ledger',
        severity: 'medium',
        category: 'food',
        title: { zh: '采购台账不全（未索证索票）', en: 'Procurement ledger not kept' },
      },
      (a) => (a.ledgerKept ? undefined : {}),
    ),
  ],
  figures: [
    { id: 'checks', label: { zh: '检查次数', en: 'Checks' }, aggregate: 'count', value: () => 1 },
    {
      id: 'samplesCompliant',
      label: { zh: '留样合规次数', en: 'Checks with compliant samples' },
      aggregate: 'sum',
      value: (a) => tally(sampleCompliant(a)),
    },
    {
      id: 'certificatesCompliant',
      label: { zh: '全员持证上岗次数', en: 'Checks with every staff member certified' },
      aggregate: 'sum',
      value: (a) => tally(a.staffWithHealthCertificate >= a.staffOnDuty),
    },
    {
      id: 'disinfectionCompliant',
      label: { zh: '餐具消毒次数', en: 'Checks with tableware disinfected' },
      aggregate: 'sum',
      value: (a) => tally(a.tablewareDisinfected),
    },
    {
      id: 'leaderMeals',
      label: { zh: '领导陪餐次数', en: 'Days a leader ate with students' },
      aggregate: 'sum',
      value: (a) => tally(a.leaderAteWithStudents),
    },
    sumOf('staffOnDuty', { zh: '在岗从业人员（人次）', en: 'Staff on duty (person-days)' }),
    sumOf('staffWithHealthCertificate', { zh: '持证上岗人员（人次）', en: 'Certified staff on duty (person-days)' }),
    sumOf('mealsServed', { zh: '供餐数', en: 'Meals served' }, { zh: '份', en: 'meals' }),
    sumOf('foodWasteKg', { zh: '餐厨垃圾', en: 'Food waste' }, { zh: '千克', en: 'kg' }),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'canteen', order: 1, fills: 'canteen' },
});
