import * as z from 'zod/mini';
import type { Text } from '../../i18n';
import {
  atMost,
  bilingual,
  countOf,
  countWhere,
  field,
  hazardRule,
  meanOf,
  sumOf,
  wholeNumber,
  yesNo,
} from '../common';
import { whenAny } from '../rules';
import { defineForm } from '../types';
import { example } from './examples';

/** Shortest time CCTV recordings are kept, in days (监控录像保存 ≥ 30 天). */
export const MIN_CCTV_RETENTION_DAYS = 30;

const GUARDS: Text = { zh: '人', en: 'guards' };
const VISITS: Text = { zh: '人次', en: 'visits' };
const CAMERAS: Text = { zh: '个', en: 'cameras' };

const answers = () =>
  z
    .strictObject({
      guardsOnDuty: wholeNumber(1000),
      visitorsRegistered: wholeNumber(100_000),
      visitorsUnregistered: wholeNumber(100_000),
      camerasTotal: wholeNumber(10_000),
      camerasWorking: wholeNumber(10_000),
      cctvRetentionDays: wholeNumber(3650),
      securityEquipmentComplete: yesNo(),
    })
    .check(
      atMost('camerasWorking', 'camerasTotal', (a) => ({
        zh: `正常工作的摄像头不能多于摄像头总数（${a.camerasTotal} 个）`,
        en: `Cannot exceed the cameras in total (${a.camerasTotal})`,
      })),
    );

type Answers = z.output<ReturnType<typeof answers>>;

/** 门卫与安防检查: the weekly check of the gate, visitors, CCTV and security equipment. */
export const securityGate = defineForm({
  id: 'security-gate',
  version: 1,
  order: 40,
  title: { zh: '门卫与安防检查', en: 'Gate and security check' },
  description: {
    zh: '每周由安保负责人填写：专职保安在岗、外来人员登记、视频监控完好与录像保存天数、防暴器材配备。',
    en: 'Filled in every week by the head of security: full-time guards on duty, visitors registered, CCTV cameras working and days of recording kept, security equipment.',
  },
  cadence: 'weekly',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    guardsOnDuty: field({ zh: '专职保安在岗', en: 'Full-time guards on duty' }, GUARDS),
    visitorsRegistered: field({ zh: '外来人员已登记', en: 'Visitors registered' }, VISITS),
    visitorsUnregistered: field({ zh: '外来人员未登记进校', en: 'Visitors let in unregistered' }, VISITS),
    camerasTotal: field({ zh: '监控摄像头总数', en: 'CCTV cameras in total' }, CAMERAS),
    camerasWorking: field({ zh: '正常工作的监控摄像头', en: 'CCTV cameras working' }, CAMERAS),
    cctvRetentionDays: field({ zh: '监控录像保存天数', en: 'CCTV recordings kept for' }, { zh: '天', en: 'days' }),
    securityEquipmentComplete: field({ zh: '防暴器材配备齐全', en: 'Security equipment complete (anti-riot gear)' }),
  },
  hazardRules: [
    whenAny<Answers>(
      {
        id: 'unregistered-visitors',
        severity: 'high',
        category: 'security',
        title: { zh: '外来人员未登记进校', en: 'Visitors let in without registration' },
      },
      'visitorsUnregistered',
      VISITS,
    ),
    hazardRule<Answers>(
      {
        id: 'cctv-retention-short',
        severity: 'medium',
        category: 'security',
        title: {
          zh: `监控录像保存不足 ${MIN_CCTV_RETENTION_DAYS} 天`,
          en: `CCTV recordings kept under ${MIN_CCTV_RETENTION_DAYS} days`,
        },
      },
      (a) =>
        a.cctvRetentionDays < MIN_CCTV_RETENTION_DAYS
          ? {
              description: bilingual(
                `${a.cctvRetentionDays} 天 < ${MIN_CCTV_RETENTION_DAYS} 天`,
                `${a.cctvRetentionDays} days < ${MIN_CCTV_RETENTION_DAYS} days`,
              ),
            }
          : undefined,
    ),
  ],
  figures: [
    countOf('checks', { zh: '检查次数', en: 'Checks' }),
    meanOf('guardsOnDuty', { zh: '平均在岗专职保安', en: 'Mean full-time guards on duty' }, GUARDS),
    sumOf('visitorsRegistered', { zh: '外来人员已登记', en: 'Visitors registered' }, VISITS),
    sumOf('visitorsUnregistered', { zh: '外来人员未登记', en: 'Visitors unregistered' }, VISITS),
    sumOf('camerasTotal', { zh: '监控摄像头（个次）', en: 'CCTV cameras (camera-checks)' }),
    sumOf('camerasWorking', { zh: '正常工作的监控摄像头（个次）', en: 'CCTV cameras working (camera-checks)' }),
    countWhere<Answers>(
      'retentionCompliant',
      {
        zh: `录像保存达 ${MIN_CCTV_RETENTION_DAYS} 天的检查次数`,
        en: `Checks with recordings kept ${MIN_CCTV_RETENTION_DAYS} days or more`,
      },
      (a) => a.cctvRetentionDays >= MIN_CCTV_RETENTION_DAYS,
    ),
    countWhere<Answers>(
      'equipmentComplete',
      { zh: '防暴器材齐全的检查次数', en: 'Checks with security equipment complete' },
      (a) => a.securityEquipmentComplete,
    ),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'safety', order: 3 },
});
