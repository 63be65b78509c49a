import * as z from 'zod/mini';
import type { Text } from '../../i18n';
import { atMost, bilingual, countOf, countWhere, field, hazardRule, sumOf, wholeNumber, yesNo } from '../common';
import { unlessYes, whenAny } from '../rules';
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

const EXTINGUISHERS: Text = { zh: '具', en: 'extinguishers' };
const LIGHTS: Text = { zh: '盏', en: 'lights' };
const CIRCUITS: Text = { zh: '条', en: 'circuits' };
const PLACES: Text = { zh: '处', en: 'places' };

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
    circuitsInspected: field({ zh: '检查用电线路', en: 'Circuits inspected' }, CIRCUITS),
    ageingWiresFound: field({ zh: '发现电线老化', en: 'Ageing wires found' }, PLACES),
    extinguishersTotal: field({ zh: '灭火器总数', en: 'Fire extinguishers in total' }, EXTINGUISHERS),
    extinguishersExpired: field(
      { zh: '过期或失效且尚未更换的灭火器', en: 'Fire extinguishers expired or faulty, not yet replaced' },
      EXTINGUISHERS,
    ),
    extinguishersReplaced: field(
      { zh: '本月更换的灭火器', en: 'Fire extinguishers replaced this month' },
      EXTINGUISHERS,
    ),
    emergencyLightsTotal: field({ zh: '应急照明灯总数', en: 'Emergency lights in total' }, LIGHTS),
    emergencyLightsWorking: field({ zh: '正常工作的应急照明灯', en: 'Emergency lights working' }, LIGHTS),
    chemicalsStoredSafely: field({
      zh: '危险化学品按规定存放（学校无危化品时填“是”）',
      en: 'Hazardous chemicals stored by the rules (yes when the school holds none)',
    }),
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
    whenAny<Answers>(
      {
        id: 'ageing-wiring',
        severity: 'high',
        category: 'electrical',
        title: { zh: '电线老化', en: 'Ageing electrical wiring' },
      },
      'ageingWiresFound',
      PLACES,
    ),
    unlessYes<Answers>(
      {
        id: 'chemicals-not-stored-safely',
        severity: 'medium',
        category: 'fire',
        title: { zh: '危险化学品未按规定存放', en: 'Hazardous chemicals not stored by the rules' },
      },
      'chemicalsStoredSafely',
    ),
  ],
  figures: [
    countOf('checks', { zh: '检查次数', en: 'Checks' }),
    sumOf('circuitsInspected', { zh: '检查用电线路', en: 'Circuits inspected' }, CIRCUITS),
    sumOf('ageingWiresFound', { zh: '发现电线老化', en: 'Ageing wires found' }, PLACES),
    sumOf('extinguishersTotal', { zh: '灭火器总数', en: 'Fire extinguishers in total' }, EXTINGUISHERS),
    sumOf(
      'extinguishersExpired',
      { zh: '过期或失效灭火器', en: 'Fire extinguishers expired or faulty' },
      EXTINGUISHERS,
    ),
    sumOf('extinguishersReplaced', { zh: '更换灭火器', en: 'Fire extinguishers replaced' }, EXTINGUISHERS),
    sumOf('emergencyLightsTotal', { zh: '应急照明灯总数', en: 'Emergency lights in total' }, LIGHTS),
    sumOf('emergencyLightsWorking', { zh: '正常工作的应急照明灯', en: 'Emergency lights working' }, LIGHTS),
    countWhere<Answers>(
      'chemicalsCompliant',
      { zh: '危险化学品存放合规次数', en: 'Checks with chemicals stored by the rules' },
      (a) => a.chemicalsStoredSafely,
    ),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'safety', order: 2, fills: 'electricalFire' },
});
