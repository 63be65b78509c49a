import * as z from 'zod/mini';
import type { Text } from '../../i18n';
import {
  bilingual,
  countOf,
  field,
  hazardRule,
  MEAN_SCORE_UNIT,
  meanOf,
  quantity,
  SCORE_UNIT,
  sumOf,
  wholeNumber,
} from '../common';
import { whenAny } from '../rules';
import type { FieldSpec } from '../types';
import { defineForm } from '../types';
import { example } from './examples';

/** A campus or toilet score below this fails the check (满分 100, 60 分及格). */
export const PASSING_SCORE = 60;

/**
 * The “ten disorders” (十乱) a school is asked to stamp out, in the order and wording of the
 * bureau's campaign (“整治十乱”): each is one answer field counting the places it was found.
 */
export const TEN_DISORDERS = {
  litter: { zh: '果皮纸屑乱扔', en: 'Litter dropped' },
  dumping: { zh: '垃圾乱倒', en: 'Rubbish dumped' },
  spitting: { zh: '口痰乱吐', en: 'Spitting' },
  trampledGreen: { zh: '绿化地带乱踩踏', en: 'Green areas trampled' },
  badParking: { zh: '车辆乱停乱放', en: 'Vehicles parked anywhere' },
  graffiti: { zh: '墙上乱写乱画乱贴', en: 'Graffiti and fly-posting' },
  clutter: { zh: '物品乱放乱丢', en: 'Things left lying about' },
  looseWiring: { zh: '电线网线乱拉乱接', en: 'Power and network cables strung or spliced anyhow' },
  illegalSheds: { zh: '棚子乱搭乱建', en: 'Sheds put up without permission' },
  sewage: { zh: '污水乱放乱流', en: 'Sewage let out or left running' },
} as const satisfies Record<string, Text>;

type Disorder = keyof typeof TEN_DISORDERS;
const DISORDERS = Object.keys(TEN_DISORDERS) as Disorder[];

/** The places one disorder may be found in one check. */
const disorderCount = () => wholeNumber(10_000);

const answers = () =>
  z.strictObject({
    campusScore: quantity(100),
    toiletScore: quantity(100),
    litter: disorderCount(),
    dumping: disorderCount(),
    spitting: disorderCount(),
    trampledGreen: disorderCount(),
    badParking: disorderCount(),
    graffiti: disorderCount(),
    clutter: disorderCount(),
    looseWiring: disorderCount(),
    illegalSheds: disorderCount(),
    sewage: disorderCount(),
  });

type Answers = z.output<ReturnType<typeof answers>>;

const PLACES: Text = { zh: '处', en: 'places' };

function disorderSpec(disorder: Disorder): FieldSpec {
  return field(TEN_DISORDERS[disorder], PLACES);
}

function disordersFound(a: Answers): number {
  return DISORDERS.reduce((sum, field) => sum + a[field], 0);
}

function scoreRule(id: string, field: 'campusScore' | 'toiletScore', zh: string, en: string) {
  return hazardRule<Answers>(
    {
      id,
      severity: 'low',
      category: 'other',
      title: { zh: `${zh}评分低于 ${PASSING_SCORE} 分`, en: `${en} score under ${PASSING_SCORE}` },
    },
    (a) =>
      a[field] < PASSING_SCORE
        ? { description: bilingual(`${a[field]} 分 < ${PASSING_SCORE} 分`, `${a[field]} < ${PASSING_SCORE} points`) }
        : undefined,
  );
}

/** 校园环境与厕所卫生: the weekly check of the campus and its toilets, and the “ten disorders” found. */
export const sanitation = defineForm({
  id: 'sanitation',
  version: 1,
  order: 60,
  title: { zh: '校园环境与厕所卫生', en: 'Campus and toilet sanitation' },
  description: {
    zh: '每周由总务处填写：校园环境卫生与厕所卫生评分（满分 100），以及整治“十乱”中发现的各类问题处数。',
    en: 'Filled in every week by the logistics office: campus and toilet cleanliness scores (out of 100), and how many places each of the "ten disorders" was found.',
  },
  cadence: 'weekly',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    campusScore: field({ zh: '校园环境卫生评分', en: 'Campus cleanliness score' }, SCORE_UNIT),
    toiletScore: field({ zh: '厕所卫生评分', en: 'Toilet cleanliness score' }, SCORE_UNIT),
    litter: disorderSpec('litter'),
    dumping: disorderSpec('dumping'),
    spitting: disorderSpec('spitting'),
    trampledGreen: disorderSpec('trampledGreen'),
    badParking: disorderSpec('badParking'),
    graffiti: disorderSpec('graffiti'),
    clutter: disorderSpec('clutter'),
    looseWiring: disorderSpec('looseWiring'),
    illegalSheds: disorderSpec('illegalSheds'),
    sewage: disorderSpec('sewage'),
  },
  hazardRules: [
    whenAny<Answers>(
      {
        id: 'loose-wiring',
        severity: 'medium',
        category: 'electrical',
        title: { zh: '电线网线乱拉乱接', en: 'Cables strung or spliced anyhow' },
      },
      'looseWiring',
      PLACES,
    ),
    scoreRule('campus-score-low', 'campusScore', '校园环境卫生', 'Campus cleanliness'),
    scoreRule('toilet-score-low', 'toiletScore', '厕所卫生', 'Toilet cleanliness'),
  ],
  figures: [
    countOf('checks', { zh: '检查次数', en: 'Checks' }),
    meanOf('campusScore', { zh: '平均校园环境卫生评分', en: 'Mean campus cleanliness score' }, MEAN_SCORE_UNIT),
    meanOf('toiletScore', { zh: '平均厕所卫生评分', en: 'Mean toilet cleanliness score' }, MEAN_SCORE_UNIT),
    {
      id: 'disordersFound',
      label: { zh: '发现“十乱”问题合计', en: 'Ten disorders found, all kinds' },
      unit: PLACES,
      aggregate: 'sum',
      value: disordersFound,
    },
    ...DISORDERS.map((disorder) => sumOf<Answers, Disorder>(disorder, TEN_DISORDERS[disorder], PLACES)),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'safety', order: 5 },
});
