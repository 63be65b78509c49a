import * as z from 'zod/mini';
import type { Text } from '../../i18n';
import { countOf, field, quantity, sumOf } from '../common';
import { defineForm } from '../types';
import { qualityChecks } from './quality';
import { example } from './examples';

/**
 * Ceilings far above any school's month (a 5,000-student boarding school uses in the order of
 * 100,000 kWh and 20,000 m³): they refuse a meter's cumulative total or a misplaced unit typed
 * by mistake, not a real month. Readings far from the school's own history are flagged instead
 * (`meterOutlierFlags` in ./quality.ts).
 */
export const MAX_ELECTRICITY_KWH = 5_000_000;
export const MAX_WATER_M3 = 1_000_000;

export const READING_SOURCES = ['meter', 'bill'] as const;

export const READING_SOURCE_LABELS: Record<(typeof READING_SOURCES)[number], Text> = {
  meter: { zh: '抄表', en: 'Meter reading' },
  bill: { zh: '缴费账单', en: 'Utility bill' },
};

// The month a reading is for is the month of the submission's `date` (any day of it, usually
// the reading day or the month's last day; a bill that arrives later is submitted with a date in
// the month it covers). No separate month field: compliance, history and the rollup all go by
// that date, and a second month in the answers could only disagree with it.
const answers = () =>
  z.strictObject({
    electricityKwh: quantity(MAX_ELECTRICITY_KWH),
    waterM3: quantity(MAX_WATER_M3),
    source: z.enum(READING_SOURCES),
  });

const KWH: Text = { zh: '千瓦时', en: 'kWh' };
const CUBIC_METRES: Text = { zh: '立方米', en: 'm³' };

/** 水电能耗抄表: the school's electricity and water use for one month. */
export const energyMeter = defineForm({
  id: 'energy-meter',
  version: 1,
  order: 100,
  title: { zh: '水电能耗抄表', en: 'Electricity and water meter reading' },
  description: {
    zh: '每月填写一次本校当月用电量与用水量（抄表或缴费账单）；提交日期填所属月份内的一天。',
    en: "Filled in once a month: the school's electricity and water use for the month (meter reading or bill); the submission date is a day of that month.",
  },
  cadence: 'monthly',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    electricityKwh: field({ zh: '当月用电量', en: 'Electricity used this month' }, KWH),
    waterM3: field({ zh: '当月用水量', en: 'Water used this month' }, CUBIC_METRES),
    source: { label: { zh: '数据来源', en: 'Source' }, options: READING_SOURCE_LABELS },
  },
  // Energy use is measured against targets in the report, not raised as a safety hazard.
  hazardRules: [],
  // A reading far from the school's own history is flagged, not refused.
  qualityChecks,
  figures: [
    countOf('readings', { zh: '抄表次数', en: 'Readings' }),
    sumOf('electricityKwh', { zh: '用电量', en: 'Electricity' }, KWH),
    sumOf('waterM3', { zh: '用水量', en: 'Water' }, CUBIC_METRES),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'energy', order: 1, onePerSchool: true, fills: 'energy' },
});
