import { electricalFire } from '../../../shared/forms/electrical-fire';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid } = formHarness(electricalFire);

describeFormContract(electricalFire, {
  accepted: [
    {
      title: 'accepts a school with no extinguishers or emergency lights at all',
      answers: [
        {
          ...valid,
          extinguishersTotal: 0,
          extinguishersReplaced: 0,
          emergencyLightsTotal: 0,
          emergencyLightsWorking: 0,
        },
      ],
    },
    {
      title: 'accepts every part equal to its whole',
      answers: [
        {
          ...valid,
          extinguishersTotal: 20,
          extinguishersExpired: 20,
          extinguishersReplaced: 20,
          emergencyLightsWorking: valid.emergencyLightsTotal,
        },
      ],
    },
  ],
  refused: {
    circuitsInspected: [-1, 10_001, 2.5],
    ageingWiresFound: ['0', -1],
    extinguishersTotal: [10_001, null],
    extinguishersExpired: [0.5],
    extinguishersReplaced: [-1],
    emergencyLightsTotal: [10_001],
    emergencyLightsWorking: [undefined],
    chemicalsStoredSafely: ['yes', 1],
  },
  unknownKey: { key: 'sprinklers', value: 12 },
  explained: [
    {
      title: 'refuses more extinguishersExpired than there are in total, in Chinese and in English',
      answers: { ...valid, extinguishersTotal: 10, extinguishersExpired: 11, extinguishersReplaced: 0 },
      zh: [['extinguishersExpired', '过期或失效的灭火器不能多于灭火器总数（10 具）']],
      en: [['extinguishersExpired', 'Cannot exceed the extinguishers in total (10)']],
    },
    {
      title: 'refuses more extinguishersReplaced than there are in total, in Chinese and in English',
      answers: { ...valid, extinguishersTotal: 10, extinguishersReplaced: 11 },
      zh: [['extinguishersReplaced', '本月更换的灭火器不能多于灭火器总数（10 具）']],
      en: [['extinguishersReplaced', 'Cannot exceed the extinguishers in total (10)']],
    },
    {
      title: 'refuses more emergencyLightsWorking than there are in total, in Chinese and in English',
      answers: { ...valid, emergencyLightsTotal: 12, emergencyLightsWorking: 13 },
      zh: [['emergencyLightsWorking', '正常工作的应急灯不能多于应急灯总数（12 盏）']],
      en: [['emergencyLightsWorking', 'Cannot exceed the emergency lights in total (12)']],
    },
  ],
  refusedAt: [
    {
      title: 'reports only the bad total, not an inconsistency, when the total itself is invalid',
      answers: { ...valid, extinguishersTotal: -1, extinguishersExpired: 5 },
      paths: ['extinguishersTotal'],
    },
    {
      title: 'reports every inconsistency at once, beside an unknown key',
      answers: {
        ...valid,
        extinguishersTotal: 1,
        extinguishersExpired: 2,
        extinguishersReplaced: 3,
        emergencyLightsWorking: 41,
        extra: true,
      },
      paths: ['', 'emergencyLightsWorking', 'extinguishersExpired', 'extinguishersReplaced'],
      inAnyOrder: true,
    },
  ],
  hazards: [
    { title: 'raises nothing for a month in order', answers: valid, raised: [] },
    {
      title: 'raises a high fire hazard when an extinguisher is expired, with the counts',
      answers: { ...valid, extinguishersExpired: 1 },
      raised: [
        {
          ruleId: 'expired-extinguishers',
          severity: 'high',
          category: 'fire',
          title: { zh: '灭火器过期或失效', en: 'Fire extinguishers expired or faulty' },
          description: '共 120 具，1 具过期或失效 / 1 of 120 expired or faulty',
        },
      ],
    },
    {
      title: 'raises a high electrical hazard when ageing wires are found',
      answers: { ...valid, ageingWiresFound: 2 },
      raised: [
        expect.objectContaining({
          ruleId: 'ageing-wiring',
          severity: 'high',
          category: 'electrical',
          description: '2 处 / 2 places',
        }),
      ],
    },
    {
      title: 'raises a medium fire hazard when hazardous chemicals are not stored by the rules',
      answers: { ...valid, chemicalsStoredSafely: false },
      raised: [
        {
          ruleId: 'chemicals-not-stored-safely',
          severity: 'medium',
          category: 'fire',
          title: { zh: '危险化学品未按规定存放', en: 'Hazardous chemicals not stored by the rules' },
        },
      ],
    },
    {
      title: 'raises no hazard for replaced extinguishers or emergency lights out of order',
      answers: { ...valid, extinguishersReplaced: 120, emergencyLightsWorking: 0 },
      raised: [],
    },
    {
      title: 'raises every hazard of a bad month at once, each rule once',
      answers: { ...valid, extinguishersExpired: 30, ageingWiresFound: 4, chemicalsStoredSafely: false },
      raised: [
        expect.objectContaining({ ruleId: 'expired-extinguishers', severity: 'high' }),
        expect.objectContaining({ ruleId: 'ageing-wiring', severity: 'high' }),
        expect.objectContaining({ ruleId: 'chemicals-not-stored-safely', severity: 'medium' }),
      ],
    },
  ],
  figures: [
    {
      title: 'carries the check and every count to the rollup',
      answers: valid,
      equal: {
        checks: 1,
        circuitsInspected: 36,
        ageingWiresFound: 0,
        extinguishersTotal: 120,
        extinguishersExpired: 0,
        extinguishersReplaced: 28,
        emergencyLightsTotal: 40,
        emergencyLightsWorking: 40,
        chemicalsCompliant: 1,
      },
    },
    {
      title: 'counts a month with faults as it was',
      answers: {
        ...valid,
        ageingWiresFound: 3,
        extinguishersExpired: 7,
        emergencyLightsWorking: 35,
        chemicalsStoredSafely: false,
      },
      including: { ageingWiresFound: 3, extinguishersExpired: 7, emergencyLightsWorking: 35, chemicalsCompliant: 0 },
    },
  ],
});
