import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { hazardReport } from '../../../shared/forms/hazard-report';
import { HAZARD_CATEGORIES, SEVERITIES } from '../../../shared/forms/types';
import { validAnswers } from './examples';

const valid = validAnswers['hazard-report'];

function refusedPaths(answers: unknown): string[] {
  return (hazardReport.answers.safeParse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('hazardReport answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = hazardReport.answers.safeParse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts every category and severity', () => {
    // Act
    const results = HAZARD_CATEGORIES.flatMap((category) =>
      SEVERITIES.map((severity) => hazardReport.answers.safeParse({ ...valid, category, severity })),
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

  it.each([
    ['place', undefined],
    ['place', ' '],
    ['place', '楼'.repeat(101)],
    ['category', 'earthquake'],
    ['category', 'ELECTRICAL'],
    ['severity', 'apocalyptic'],
    ['severity', 1],
    ['description', ''],
    ['description', 'x'.repeat(2001)],
    ['description', ['插座破损']],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('accepts a place of 100 characters and a description of 2000', () => {
    // Act
    const result = hazardReport.answers.safeParse({ ...valid, place: '楼'.repeat(100), description: 'x'.repeat(2000) });
    // Assess
    expect(result.success).toBe(true);
  });

  it('refuses an unknown key such as photos (they are uploaded separately)', () => {
    // Act
    const result = hazardReport.answers.safeParse({ ...valid, photos: ['a.jpg'] });
    // Assess
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['photos'] })]);
  });
});

describe('hazardReport hazard rule', () => {
  it('raises exactly the reported hazard: severity, category, place and description', () => {
    // Act
    const raised = hazardsRaisedBy(hazardReport, hazardReport.answers.parse(valid));
    // Assess
    expect(raised).toEqual([
      {
        ruleId: 'reported',
        severity: 'high',
        category: 'electrical',
        title: { zh: '用电安全隐患', en: 'Electrical hazard' },
        place: '教学楼二楼东侧走廊',
        description: '插座面板破损，电线外露',
      },
    ]);
  });

  it('raises a critical hazard when the school reports one as critical', () => {
    // Act
    const raised = hazardsRaisedBy(
      hazardReport,
      hazardReport.answers.parse({ ...valid, severity: 'critical', category: 'water' }),
    );
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({
        severity: 'critical',
        category: 'water',
        title: { zh: '饮水与防溺水隐患', en: 'Water and drowning hazard' },
      }),
    ]);
  });

  it('is marked in the catalogue as taking its severity from the report', () => {
    // Assess
    expect(hazardReport.hazardRules).toEqual([expect.objectContaining({ id: 'reported', asReported: true })]);
  });
});

describe('hazardReport figures', () => {
  it('counts each report once', () => {
    // Act
    const values = hazardReport.figures.map((figure) => [
      figure.id,
      figure.aggregate,
      figure.value(hazardReport.answers.parse(valid)),
    ]);
    // Assess
    expect(values).toEqual([['reports', 'count', 1]]);
  });
});
