import { canteenDaily, MIN_SAMPLE_GRAMS, MIN_SAMPLE_HOURS } from '../../../shared/forms/canteen-daily';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid, without, parse } = formHarness(canteenDaily);

describeFormContract(canteenDaily, {
  accepted: [
    {
      title: 'accepts a day without samples with no grams or hours, and tableware not disinfected with no method',
      answers: [
        {
          ...without('sampleGramsPerDish', 'sampleHours', 'disinfectionMethod'),
          sampleKept: false,
          tablewareDisinfected: false,
        },
      ],
    },
  ],
  refused: {
    ledgerKept: ['yes'],
    sampleKept: [1],
    sampleGramsPerDish: [-1, 10_001, 125.5],
    sampleHours: [721],
    tablewareDisinfected: [null],
    disinfectionMethod: ['uv-lamp'],
    preventsRats: ['true'],
    preventsFlies: [0],
    preventsInsects: [undefined],
    preventsDust: [[]],
    staffOnDuty: [1001, -1],
    staffWithHealthCertificate: [2.5],
    staffMorningCheckDone: ['done'],
    leaderAteWithStudents: [{}],
    mealsServed: [100_001],
    foodWasteKg: [-0.1, 100_000.5, '18.5'],
    oilSourceChecked: [undefined],
  },
  unknownKey: { key: 'sampleColour', value: 'green' },
  refusedAt: [
    ...[
      ['sampleGramsPerDish', 'sampleKept'],
      ['sampleHours', 'sampleKept'],
      ['disinfectionMethod', 'tablewareDisinfected'],
    ].map(([field, when]) => ({
      title: `requires ${field} when ${when} is yes`,
      answers: without(field!),
      paths: [field!],
    })),
    {
      title: 'refuses more certified staff than staff on duty, on the certificate field',
      answers: { ...valid, staffOnDuty: 5, staffWithHealthCertificate: 6 },
      paths: ['staffWithHealthCertificate'],
    },
    {
      title: 'reports the certificate inconsistency beside an unrelated bad field and an unknown key',
      answers: { ...valid, staffOnDuty: 5, staffWithHealthCertificate: 6, mealsServed: -1, extra: 1 },
      paths: ['', 'mealsServed', 'staffWithHealthCertificate'],
      inAnyOrder: true,
    },
  ],
  explained: [
    {
      title: 'explains the certificate inconsistency in Chinese and in English',
      answers: { ...valid, staffOnDuty: 5, staffWithHealthCertificate: 6 },
      zh: [['staffWithHealthCertificate', '持健康证上岗人数不能多于在岗人数（5 人）']],
      en: [['staffWithHealthCertificate', 'Cannot exceed the staff on duty (5)']],
    },
  ],
  hazards: [
    { title: 'raises nothing for a compliant day', answers: valid, raised: [] },
    {
      title: 'raises a high food hazard when no sample was kept, and no sample-size hazard with it',
      answers: { ...valid, sampleKept: false, sampleGramsPerDish: 10, sampleHours: 1 },
      raised: [
        {
          ruleId: 'no-sample',
          severity: 'high',
          category: 'food',
          title: { zh: '未按规定留样', en: 'No food samples retained' },
        },
      ],
    },
    {
      title: `raises a high hazard when a sample is under ${MIN_SAMPLE_GRAMS} g, with the figures`,
      answers: { ...valid, sampleGramsPerDish: MIN_SAMPLE_GRAMS - 1 },
      raised: [
        expect.objectContaining({
          ruleId: 'sample-underweight',
          severity: 'high',
          category: 'food',
          description: '124 g < 125 g',
        }),
      ],
    },
    {
      title: `raises no sample hazard at exactly ${MIN_SAMPLE_GRAMS} g and ${MIN_SAMPLE_HOURS} h`,
      answers: { ...valid, sampleGramsPerDish: MIN_SAMPLE_GRAMS, sampleHours: MIN_SAMPLE_HOURS },
      raised: [],
    },
    {
      title: `raises a high hazard when samples are kept under ${MIN_SAMPLE_HOURS} h`,
      answers: { ...valid, sampleHours: 24 },
      raised: [
        expect.objectContaining({ ruleId: 'sample-kept-too-short', severity: 'high', description: '24 h < 48 h' }),
      ],
    },
    {
      title: 'raises a high hazard when fewer staff hold a certificate than are on duty',
      answers: { ...valid, staffOnDuty: 8, staffWithHealthCertificate: 6 },
      raised: [
        expect.objectContaining({
          ruleId: 'staff-without-certificate',
          severity: 'high',
          category: 'food',
          description: '在岗 8 人，2 人无证 / 2 of 8 on duty uncertified',
        }),
      ],
    },
    {
      title: 'raises a high hazard when tableware was not disinfected',
      answers: { ...valid, tablewareDisinfected: false },
      raised: [expect.objectContaining({ ruleId: 'tableware-not-disinfected' })],
    },
    ...['preventsRats', 'preventsFlies', 'preventsInsects', 'preventsDust'].map((field) => ({
      title: `raises a medium hazard when ${field} is missing`,
      answers: { ...valid, [field]: false },
      raised: [expect.objectContaining({ ruleId: 'prevention-missing', severity: 'medium', category: 'food' })],
    })),
    {
      title: 'raises one prevention hazard naming every missing prevention',
      answers: { ...valid, preventsRats: false, preventsDust: false },
      raised: [expect.objectContaining({ description: '防鼠、防尘 / rats, dust' })],
    },
    {
      title: 'raises a medium hazard when the procurement ledger was not kept',
      answers: { ...valid, ledgerKept: false },
      raised: [expect.objectContaining({ ruleId: 'no-ledger', severity: 'medium', category: 'food' })],
    },
    {
      title: 'raises every applicable hazard of a bad day at once, each rule once',
      answers: {
        ...valid,
        ledgerKept: false,
        sampleGramsPerDish: 100,
        sampleHours: 12,
        tablewareDisinfected: false,
        preventsFlies: false,
        staffWithHealthCertificate: 7,
      },
      raised: [
        'sample-underweight',
        'sample-kept-too-short',
        'staff-without-certificate',
        'tableware-not-disinfected',
        'prevention-missing',
        'no-ledger',
      ].map((ruleId) => expect.objectContaining({ ruleId })),
    },
  ],
  figures: [
    {
      title: 'counts a compliant day as compliant everywhere and carries its quantities',
      answers: valid,
      equal: {
        checks: 1,
        samplesCompliant: 1,
        certificatesCompliant: 1,
        disinfectionCompliant: 1,
        leaderMeals: 1,
        staffOnDuty: 8,
        staffWithHealthCertificate: 8,
        mealsServed: 1260,
        foodWasteKg: 18.5,
      },
    },
    {
      title: 'counts a day with a light sample, an uncertified cook and dirty tableware as not compliant',
      answers: {
        ...valid,
        sampleGramsPerDish: 100,
        staffWithHealthCertificate: 7,
        tablewareDisinfected: false,
        leaderAteWithStudents: false,
      },
      including: {
        checks: 1,
        samplesCompliant: 0,
        certificatesCompliant: 0,
        disinfectionCompliant: 0,
        leaderMeals: 0,
        staffWithHealthCertificate: 7,
      },
    },
    {
      title: 'counts a day without samples as not sample-compliant',
      answers: { ...valid, sampleKept: false },
      including: { samplesCompliant: 0 },
    },
  ],
});

describe('canteenDaily answers', () => {
  it('refuses a non-object', () => {
    // Act
    const result = parse(['ledgerKept']);
    // Assess
    expect(result.success).toBe(false);
  });
});
