import * as z from 'zod/mini';
import { atMost, bilingual, hazardRule, sumOf, tally, wholeNumber, yesNo } from '../common';
import { defineForm } from '../types';
import { example } from './examples';

const answers = () =>
  z
    .strictObject({
      circuitsInspected: wholeNumber(10_000),
      ageingWiresFound: wholeNumber(10_000),
      extinguishersTotal: wholeNumber(10_000),
      // Expired ones still in place when the check ended: one found and replaced at once is no hazard.
      extinguishersExpired: wholeNumber(10_000),
      extinguishersReplaced: wholeNumber(10_000),
      emergencyLightsTotal: wholeNumber(10_000),
      emergencyLightsWorking: wholeNumber(10_000),
      // A school that holds no hazardous chemicals answers yes: nothing is stored against the rules.
      chemicalsStoredSafely: yesNo(),
    })
    .check(
      atMost('extinguishersExpired', 'extinguishersTotal', (a) => ({
        zh: `过期或失效的灭火器不能多于灭火器总数（${a.extinguishersTotal} 具）`,
        en: `Cannot exceed the extinguishers in total (${a.extinguishersTotal})`,
      })),
      atMost('extinguishersReplaced', 'extinguishersTotal', (a) => ({
        zh: `本月更换的灭火器不能多于灭火器总数（${a.extinguishersTotal} 具）`,
        en: `Cannot exceed the extinguishers in total (${a.extinguishersTotal})`,
      })),
      atMost('emergencyLightsWorking', 'emergencyLightsTotal', (a) => ({
        zh: `正常工作的应急灯不能多于应急灯总数（${a.emergencyLightsTotal} 盏）`,
        en: `Cannot exceed the emergency lights in total (${a.emergencyLightsTotal})`,
      })),
    );

type Answers = z.output<ReturnType<typeof answers>>;

/** 用电与消防安全检查: the monthly check of wiring, extinguishers, emergency lights and chemicals. */
export const electricalFire = defineForm({
  id: 'electrical-fire',
  version: 1,
  order: 30,
  title: { zh: '用电与消防安全检查', en: 'Electrical and fire safety check' },
  description: {
    zh: '每月由总务处填写：检查的用电线路与发现的电线老化、灭火器总数与过期和更换情况、应急照明、危险化学品存放。',
    en: 'Filled in every month by the logistics office: circuits inspected and ageing wires found, fire extinguishers in place, expired and replaced, emergency lights, storage of hazardous chemicals.',
  },
  cadence: 'monthly',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    circuitsInspected: { label: { zh: '检查用电线路', en: 'Circuits inspected' }, unit: { zh: '条', en: 'circuits' } },
    ageingWiresFound: { label: { zh: '发现电线老化', en: 'Ageing wires found' }, unit: { zh: '处', en: 'places' } },
    extinguishersTotal: {
      label: { zh: '灭火器总数', en: 'Fire extinguishers in total' },
      unit: { zh: '具', en: 'extinguishers' },
    },
    extinguishersExpired: {
      label: { zh: '过期或失效且尚未更换的灭火器', en: 'Fire extinguishers expired or faulty, not yet replaced' },
      unit: { zh: '具', en: 'extinguishers' },
    },
    extinguishersReplaced: {
      label: { zh: '本月更换的灭火器', en: 'Fire extinguishers replaced this month' },
      unit: { zh: '具', en: 'extinguishers' },
    },
    emergencyLightsTotal: {
      label: { zh: '应急照明灯总数', en: 'Emergency lights in total' },
      unit: { zh: '盏', en: 'lights' },
    },
    emergencyLightsWorking: {
      label: { zh: '正常工作的应急照明灯', en: 'Emergency lights working' },
      unit: { zh: '盏', en: 'lights' },
    },
    chemicalsStoredSafely: {
      label: {
        zh: '危险化学品按规定存放（学校无危化品时填“是”）',
        en: 'Hazardous chemicals stored by the rules (yes when the school holds none)',
      },
    },
  },
  hazardRules: [
    hazardRule<Answers>(
      {
        id: 'expired-extinguishers',
        severity: 'high',
        category: 'fire',
        title: { zh: '灭火器过期或失效', en: 'Fire extinguishers expired or faulty' },
      },
      (a) =>
        a.extinguishersExpired > 0
          ? {
              description: bilingual(
                `共 ${a.extinguishersTotal} 具，${a.extinguishersExpired} 具过期或失效`,
                `${a.extinguishersExpired} of ${a.extinguishersTotal} expired or faulty`,
              ),
            }
          : undefined,
    ),
    hazardRule<Answers>(
      {
        id: 'ageing-wiring',
        severity: 'high',
        category: 'electrical',
        title: { zh: '电线老化', en: 'Ageing electrical wiring' },
      },
      (a) =>
        a.ageingWiresFound > 0
          ? { description: bilingual(`${a.ageingWiresFound} 处`, `${a.ageingWiresFound} places`) }
          : undefined,
    ),
    hazardRule<Answers>(
      {
        id: 'chemicals-not-stored-safely',
        severity: 'medium',
        category: 'fire',
        title: { zh: '危险化学品未按规定存放', en: 'Hazardous chemicals not stored by the rules' },
      },
      (a) => (a.chemicalsStoredSafely ? undefined : {}),
    ),
  ],
  figures: [
    { id: 'checks', label: { zh: '检查次数', en: 'Checks' }, aggregate: 'count', value: () => 1 },
    sumOf('circuitsInspected', { zh: '检查用电线路', en: 'Circuits inspected' }, { zh: '条', en: 'circuits' }),
    sumOf('ageingWiresFound', { zh: '发现电线老化', en: 'Ageing wires found' }, { zh: '处', en: 'places' }),
    sumOf(
      'extinguishersTotal',
      { zh: '灭火器总数', en: 'Fire extinguishers in total' },
      { zh: '具', en: 'extinguishers' },
    ),
    sumOf(
      'extinguishersExpired',
      { zh: '过期或失效灭火器', en: 'Fire extinguishers expired or faulty' },
      { zh: '具', en: 'extinguishers' },
    ),
    sumOf(
      'extinguishersReplaced',
      { zh: '更换灭火器', en: 'Fire extinguishers replaced' },
      { zh: '具', en: 'extinguishers' },
    ),
    sumOf(
      'emergencyLightsTotal',
      { zh: '应急照明灯总数', en: 'Emergency lights in total' },
      { zh: '盏', en: 'lights' },
    ),
    sumOf(
      'emergencyLightsWorking',
      { zh: '正常工作的应急照明灯', en: 'Emergency lights working' },
      { zh: '盏', en: 'lights' },
    ),
    {
      id: 'chemicalsCompliant',
      label: { zh: '危险化学品存放合规次数', en: 'Checks with chemicals stored by the rules' },
      aggregate: 'sum',
      value: (a) => tally(a.chemicalsStoredSafely),
    },
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'safety', order: 2, fills: 'electricalFire' },
});
