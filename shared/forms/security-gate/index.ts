import * as z from 'zod/mini';
import { atMost, bilingual, hazardRule, sumOf, tally, wholeNumber, yesNo } from '../common';
import { defineForm } from '../types';
import { example } from './examples';

/** Shortest time CCTV recordings are kept, in days (监控录像保存 ≥ 30 天). */
export const MIN_CCTV_RETENTION_DAYS = 30;

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
    guardsOnDuty: { label: { zh: '专职保安在岗', en: 'Full-time guards on duty' }, unit: { zh: '人', en: 'guards' } },
    visitorsRegistered: {
      label: { zh: '外来人员已登记', en: 'Visitors registered' },
      unit: { zh: '人次', en: 'visits' },
    },
    visitorsUnregistered: {
      label: { zh: '外来人员未登记进校', en: 'Visitors let in unregistered' },
      unit: { zh: '人次', en: 'visits' },
    },
    camerasTotal: { label: { zh: '监控摄像头总数', en: 'CCTV cameras in total' }, unit: { zh: '个', en: 'cameras' } },
    camerasWorking: {
      label: { zh: '正常工作的监控摄像头', en: 'CCTV cameras working' },
      unit: { zh: '个', en: 'cameras' },
    },
    cctvRetentionDays: {
      label: { zh: '监控录像保存天数', en: 'CCTV recordings kept for' },
      unit: { zh: '天', en: 'days' },
    },
    securityEquipmentComplete: {
      label: { zh: '防暴器材配备齐全', en: 'Security equipment complete (anti-riot gear)' },
    },
  },
  hazardRules: [
    hazardRule<Answers>(
      {
        id: 'unregistered-visitors',
        severity: 'high',
        category: 'security',
        title: { zh: '外来人员未登记进校', en: 'Visitors let in without registration' },
      },
      (a) =>
        a.visitorsUnregistered > 0
          ? { description: bilingual(`${a.visitorsUnregistered} 人次`, `${a.visitorsUnregistered} visits`) }
          : undefined,
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
    { id: 'checks', label: { zh: '检查次数', en: 'Checks' }, aggregate: 'count', value: () => 1 },
    {
      id: 'guardsOnDuty',
      label: { zh: '平均在岗专职保安', en: 'Mean full-time guards on duty' },
      unit: { zh: '人', en: 'guards' },
      aggregate: 'mean',
      value: (a) => a.guardsOnDuty,
    },
    sumOf('visitorsRegistered', { zh: '外来人员已登记', en: 'Visitors registered' }, { zh: '人次', en: 'visits' }),
    sumOf('visitorsUnregistered', { zh: '外来人员未登记', en: 'Visitors unregistered' }, { zh: '人次', en: 'visits' }),
    sumOf('camerasTotal', { zh: '监控摄像头（个次）', en: 'CCTV cameras (camera-checks)' }),
    sumOf('camerasWorking', { zh: '正常工作的监控摄像头（个次）', en: 'CCTV cameras working (camera-checks)' }),
    {
      id: 'retentionCompliant',
      label: {
        zh: `录像保存达 ${MIN_CCTV_RETENTION_DAYS} 天的检查次数`,
        en: `Checks with recordings kept ${MIN_CCTV_RETENTION_DAYS} days or more`,
      },
      aggregate: 'sum',
      value: (a) => tally(a.cctvRetentionDays >= MIN_CCTV_RETENTION_DAYS),
    },
    {
      id: 'equipmentComplete',
      label: { zh: '防暴器材齐全的检查次数', en: 'Checks with security equipment complete' },
      aggregate: 'sum',
      value: (a) => tally(a.securityEquipmentComplete),
    },
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'safety', order: 3 },
});
