import { hazardReport } from '../../../shared/forms/hazard-report';
import { HAZARD_CATEGORIES, SEVERITIES } from '../../../shared/forms/types';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid, parse } = formHarness(hazardReport);

describeFormContract(hazardReport, {
  accepted: [
    {
      title: 'accepts a place of 100 characters and a description of 2000',
      answers: [{ ...valid, place: '楼'.repeat(100), description: 'x'.repeat(2000) }],
    },
  ],
  refused: {
    place: [undefined, ' ', '楼'.repeat(101)],
    category: ['earthquake', 'ELECTRICAL'],
    severity: ['apocalyptic', 1],
    description: ['', 'x'.repeat(2001), ['插座破损']],
  },
  unknownKey: {
    key: 'photos',
    value: ['a.jpg'],
    title: 'refuses an unknown key such as photos (they are uploaded separately)',
  },
  hazards: [
    {
      title: 'raises exactly the reported hazard: severity, category, place and description',
      answers: valid,
      raised: [
        {
          ruleId: 'reported',
          severity: 'high',
          category: 'electrical',
          title: { zh: '用电安全隐患', en: 'Electrical hazard' },
          place: '教学楼二楼东侧走廊',
          description: '插座面板破损，电线外露',
        },
      ],
    },
    {
      title: 'raises a critical hazard when the school reports one as critical',
      answers: { ...valid, severity: 'critical', category: 'water' },
      raised: [
        expect.objectContaining({
          severity: 'critical',
          category: 'water',
          title: { zh: '饮水与防溺水隐患', en: 'Water and drowning hazard' },
        }),
      ],
    },
  ],
  figures: [{ title: 'counts each report once', answers: valid, columns: [['reports', 'count', 1]] }],
});

describe('hazardReport answers', () => {
  it('accepts every category and severity', () => {
    // Act
    const results = HAZARD_CATEGORIES.flatMap((category) =>
      SEVERITIES.map((severity) => parse({ ...valid, category, severity })),
    );
    // Assess
    expect(results.every((result) => result.success)).toBe(true);
    expect(results).toHaveLength(HAZARD_CATEGORIES.length * SEVERITIES.length);
  });

  it('trims the place and the description', () => {
    // Act
    const parsed = hazardReport.answers.parse({ ...valid, place: ' 操场 ', description: '\n护栏松动\t' });
    // Assess
    expect(parsed).toMatchObject({ place: '操场', description: '护栏松动' });
  });
});

describe('hazardReport hazard rules', () => {
  it('is marked in the catalogue as taking its severity from the report', () => {
    // Assess
    expect(hazardReport.hazardRules).toEqual([expect.objectContaining({ id: 'reported', asReported: true })]);
  });
});
