import * as z from 'zod/mini';
import type { Text } from '../../i18n';
import { countOf, countWhere, field, meanOf, PLACE_MAX, quantity, sumOf, text, wholeNumber, yesNo } from '../common';
import { unlessYes, whenAny } from '../rules';
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

const STUDENTS: Text = { zh: '人', en: 'students' };
const PEOPLE: Text = { zh: '人', en: 'people' };
const ITEMS: Text = { zh: '件', en: 'items' };

/** The building and floor patrolled, where every hazard of the patrol is. */
const patrolled = (a: Answers) => a.place;

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
    place: field({ zh: '巡查楼栋/楼层', en: 'Building and floor patrolled' }),
    roomsChecked: field({ zh: '巡查房间数', en: 'Rooms checked' }, { zh: '间', en: 'rooms' }),
    studentsUnaccounted: field({ zh: '未归或去向不明学生', en: 'Students unaccounted for' }, STUDENTS),
    prohibitedAppliances: field({ zh: '查出违章电器', en: 'Prohibited electrical appliances found' }, ITEMS),
    strangersFound: field({ zh: '发现外来人员', en: 'Strangers found' }, PEOPLE),
    fireExitsClear: field({ zh: '安全出口与疏散通道畅通', en: 'Fire exits and escape routes clear' }),
    housekeepingScore: field(
      { zh: '内务评分', en: 'Housekeeping score' },
      { zh: '分（满分 100）', en: 'points of 100' },
    ),
  },
  hazardRules: [
    whenAny<Answers>(
      {
        id: 'students-unaccounted',
        severity: 'critical',
        category: 'security',
        title: { zh: '学生夜间未归或去向不明', en: 'Students unaccounted for at night' },
      },
      'studentsUnaccounted',
      STUDENTS,
      patrolled,
    ),
    whenAny<Answers>(
      {
        id: 'stranger-in-dormitory',
        severity: 'critical',
        category: 'security',
        title: { zh: '宿舍发现外来人员', en: 'Stranger found in the dormitory' },
      },
      'strangersFound',
      PEOPLE,
      patrolled,
    ),
    whenAny<Answers>(
      {
        id: 'prohibited-appliances',
        severity: 'high',
        category: 'electrical',
        title: { zh: '宿舍违章用电', en: 'Prohibited electrical appliances in the dormitory' },
      },
      'prohibitedAppliances',
      ITEMS,
      patrolled,
    ),
    unlessYes<Answers>(
      {
        id: 'fire-exit-blocked',
        severity: 'high',
        category: 'fire',
        title: { zh: '安全出口或疏散通道堵塞', en: 'Fire exit or escape route blocked' },
      },
      'fireExitsClear',
      patrolled,
    ),
  ],
  figures: [
    countOf('patrols', { zh: '巡查次数', en: 'Patrols' }),
    sumOf('roomsChecked', { zh: '巡查房间', en: 'Rooms checked' }, { zh: '间次', en: 'room-nights' }),
    sumOf(
      'studentsUnaccounted',
      { zh: '未归学生', en: 'Students unaccounted for' },
      { zh: '人次', en: 'student-nights' },
    ),
    sumOf('strangersFound', { zh: '发现外来人员', en: 'Strangers found' }, { zh: '人次', en: 'people' }),
    sumOf('prohibitedAppliances', { zh: '查出违章电器', en: 'Prohibited appliances found' }, ITEMS),
    countWhere<Answers>(
      'fireExitsBlocked',
      { zh: '安全出口堵塞次数', en: 'Patrols with a blocked exit' },
      (a) => !a.fireExitsClear,
    ),
    meanOf('housekeepingScore', { zh: '平均内务评分', en: 'Mean housekeeping score' }, { zh: '分', en: 'points' }),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'safety', order: 1, fills: 'dormitory' },
});
