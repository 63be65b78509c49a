import { MIN_CCTV_RETENTION_DAYS, securityGate } from '../../../shared/forms/security-gate';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid, raisedBy } = formHarness(securityGate);

describeFormContract(securityGate, {
  accepted: [
    {
      title: 'accepts every camera working, and a school without cameras',
      answers: [
        { ...valid, camerasTotal: 10, camerasWorking: 10 },
        { ...valid, camerasTotal: 0, camerasWorking: 0 },
      ],
    },
  ],
  refused: {
    guardsOnDuty: [-1, 1001, 1.5],
    visitorsRegistered: [100_001, '37'],
    visitorsUnregistered: [-1, null],
    camerasTotal: [10_001],
    camerasWorking: [3.5],
    cctvRetentionDays: [3651, -1, undefined],
    securityEquipmentComplete: ['complete', 0],
  },
  unknownKey: { key: 'dogs', value: 1 },
  refusedAt: [
    {
      title: 'refuses more working cameras than cameras, on the working field',
      answers: { ...valid, camerasTotal: 10, camerasWorking: 11 },
      paths: ['camerasWorking'],
    },
    {
      title: 'reports only the bad total, not an inconsistency, when the total itself is invalid',
      answers: { ...valid, camerasTotal: 'many', camerasWorking: 11 },
      paths: ['camerasTotal'],
    },
  ],
  explained: [
    {
      title: 'explains the camera inconsistency in Chinese and in English',
      answers: { ...valid, camerasTotal: 10, camerasWorking: 11 },
      zh: [['camerasWorking', '正常工作的摄像头不能多于摄像头总数（10 个）']],
      en: [['camerasWorking', 'Cannot exceed the cameras in total (10)']],
    },
  ],
  hazards: [
    { title: 'raises nothing for a week in order', answers: valid, raised: [] },
    {
      title: 'raises a high security hazard when a visitor came in unregistered, with the count',
      answers: { ...valid, visitorsUnregistered: 2 },
      raised: [
        {
          ruleId: 'unregistered-visitors',
          severity: 'high',
          category: 'security',
          title: { zh: '外来人员未登记进校', en: 'Visitors let in without registration' },
          description: '2 人次 / 2 visits',
        },
      ],
    },
    {
      title: `raises a medium security hazard when recordings are kept under ${MIN_CCTV_RETENTION_DAYS} days`,
      answers: { ...valid, cctvRetentionDays: MIN_CCTV_RETENTION_DAYS - 1 },
      raised: [
        expect.objectContaining({
          ruleId: 'cctv-retention-short',
          severity: 'medium',
          category: 'security',
          description: '29 天 < 30 天 / 29 days < 30 days',
        }),
      ],
    },
    {
      title: 'raises no hazard for guards, cameras down or equipment missing, which have no rule',
      answers: { ...valid, guardsOnDuty: 0, camerasWorking: 0, securityEquipmentComplete: false },
      raised: [],
    },
    {
      title: 'raises both hazards of a bad week, the high one first',
      answers: { ...valid, visitorsUnregistered: 1, cctvRetentionDays: 7 },
      raised: [
        expect.objectContaining({ ruleId: 'unregistered-visitors', severity: 'high' }),
        expect.objectContaining({ ruleId: 'cctv-retention-short', severity: 'medium' }),
      ],
    },
  ],
  figures: [
    {
      title: 'carries the check, its counts and its compliance to the rollup',
      answers: valid,
      equal: {
        checks: 1,
        guardsOnDuty: 2,
        visitorsRegistered: 37,
        visitorsUnregistered: 0,
        camerasTotal: 48,
        camerasWorking: 47,
        retentionCompliant: 1,
        equipmentComplete: 1,
      },
    },
    {
      title: 'counts short retention and missing equipment as not compliant',
      answers: { ...valid, cctvRetentionDays: 15, securityEquipmentComplete: false, visitorsUnregistered: 3 },
      including: { retentionCompliant: 0, equipmentComplete: 0, visitorsUnregistered: 3 },
    },
  ],
});

describe('securityGate hazard rules', () => {
  it(`raises no retention hazard at exactly ${MIN_CCTV_RETENTION_DAYS} days or more`, () => {
    // Assess
    expect(raisedBy({ ...valid, cctvRetentionDays: MIN_CCTV_RETENTION_DAYS })).toEqual([]);
    expect(raisedBy({ ...valid, cctvRetentionDays: 90 })).toEqual([]);
  });
});
