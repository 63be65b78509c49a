import * as z from 'zod/mini';
import { bilingual, hazardRule, PLACE_MAX, quantity, sumOf, tally, text, wholeNumber, yesNo } from '../common';
import { defineForm } from '../types';
import { example } from './examples';

const answers = () =>
  z.strictObject({
    place: z.optional(text(PLACE_MAX)),
    roomsChecked: wholeNumber(10_000),
    studentsUnaccounted: wholeNumber(10_000),
    prohibitedAppliances: wholeNumber(10_000),
    strangersFound: wholeNumber(1000),
    fireExitsClear: yesNo(),
    housekeepingScore: quantity(100),
  });

type Answers = z.output<ReturnType<typeof answers>>;

/** 学生宿舍夜间巡查: the night patrol of the dormitories, every school night. */
export const dormitoryPatrol = defineForm({
  id: 'dormitory-patrol',
  version: 1,
  order: 20,
  title: { zh: '学生宿舍夜间巡查', en: 'Dormitory night patrol' },
  description: {
    zh: '寄宿制学校每晚由宿管或值班人员填写：巡查房间、学生在寝情况、违章用电、外来人员、安全出口、内务评分。',
    en: 'Filled in every school night by the dormitory staff of a boarding school: rooms checked, students accounted for, prohibited appliances, strangers, fire exits, housekeeping score.',
  },
  cadence: 'school-night',
  appliesTo: 'boarding',
  answers,
  example,
  fields: {
    place: { label: { zh: '巡查楼栋/楼层', en: 'Building and floor patrolled' } },
    roomsChecked: { label: { zh: '巡查房间数', en: 'Rooms checked' }, unit: { zh: '间', en: 'rooms' } },
    studentsUnaccounted: {
      label: { zh: '未归或去向不明学生', en: 'Students unaccounted for' },
      unit: { zh: '人', en: 'students' },
    },
    prohibitedAppliances: {
      label: { zh: '查出违章电器', en: 'Prohibited electrical appliances found' },
      unit: { zh: '件', en: 'items' },
    },
    strangersFound: { label: { zh: '发现外来人员', en: 'Strangers found' }, unit: { zh: '人', en: 'people' } },
    fireExitsClear: { label: { zh: '安全出口与疏散通道畅通', en: 'Fire exits and escape routes clear' } },
    housekeepingScore: {
      label: { zh: '内务评分', en: 'Housekeeping score' },
      unit: { zh: '分（满分 100）', en: 'points of 100' },
    },
  },
  hazardRules: [
    hazardRule<Answers>(
      {
        id: 'students-unaccounted',
        severity: 'critical',
        category: 'security',
        title: { zh: '学生夜间未归或去向不明', en: 'Students unaccounted for at night' },
      },
      (a) =>
        a.studentsUnaccounted > 0
          ? {
              place: a.place,
              description: bilingual(`${a.studentsUnaccounted} 人`, `${a.studentsUnaccounted} students`),
            }
          : undefined,
    ),
    hazardRule<Answers>(
      {
        id: 'stranger-in-dormitory',
        severity: 'critical',
        category: 'security',
        title: { zh: '宿舍发现外来人员', en: 'Stranger found in the dormitory' },
      },
      (a) =>
        a.strangersFound > 0
          ? { place: a.place, description: bilingual(`${a.strangersFound} 人`, `${a.strangersFound} people`) }
          : undefined,
    ),
    hazardRule<Answers>(
      {
        id: 'prohibited-appliances',
        severity: 'high',
        category: 'electrical',
        title: { zh: '宿舍违章用电', en: 'Prohibited electrical appliances in the dormitory' },
      },
      (a) =>
        a.prohibitedAppliances > 0
          ? {
              place: a.place,
              description: bilingual(`${a.prohibitedAppliances} 件`, `${a.prohibitedAppliances} items`),
            }
          : undefined,
    ),
    hazardRule<Answers>(
      {
        id: 'fire-exit-blocked',
        severity: 'high',
        category: 'fire',
        title: { zh: '安全出口或疏散通道堵塞', en: 'Fire exit or escape route blocked' },
      },
      (a) => (a.fireExitsClear ? undefined : { place: a.place }),
    ),
  ],
  figures: [
    { id: 'patrols', label: { zh: '巡查次数', en: 'Patrols' }, aggregate: 'count', value: () => 1 },
    sumOf('roomsChecked', { zh: '巡查房间', en: 'Rooms checked' }, { zh: '间次', en: 'room-nights' }),
    sumOf(
      'studentsUnaccounted',
      { zh: '未归学生', en: 'Students unaccounted for' },
      { zh: '人次', en: 'student-nights' },
    ),
    sumOf('strangersFound', { zh: '发现外来人员', en: 'Strangers found' }, { zh: '人次', en: 'people' }),
    sumOf('prohibitedAppliances', { zh: '查出违章电器', en: 'Prohibited appliances found' }, { zh: '件', en: 'items' }),
    {
      id: 'fireExitsBlocked',
      label: { zh: '安全出口堵塞次数', en: 'Patrols with a blocked exit' },
      aggregate: 'sum',
      value: (a) => tally(!a.fireExitsClear),
    },
    {
      id: 'housekeepingScore',
      label: { zh: '平均内务评分', en: 'Mean housekeeping score' },
      unit: { zh: '分', en: 'points' },
      aggregate: 'mean',
      value: (a) => a.housekeepingScore,
    },
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'safety', order: 1, fills: 'dormitory' },
});
