import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { MIN_CCTV_RETENTION_DAYS, securityGate } from '../../../shared/forms/security-gate';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/security-gate/examples';

function parse(answers: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return securityGate.answers.safeParse(answers, { error: errorMapFor(locale) });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

function raisedBy(answers: unknown) {
  return hazardsRaisedBy(securityGate, securityGate.answers.parse(answers));
}

describe('securityGate answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it.each([
    ['guardsOnDuty', -1],
    ['guardsOnDuty', 1001],
    ['guardsOnDuty', 1.5],
    ['visitorsRegistered', 100_001],
    ['visitorsRegistered', '37'],
    ['visitorsUnregistered', -1],
    ['visitorsUnregistered', null],
    ['camerasTotal', 10_001],
    ['camerasWorking', 3.5],
    ['cctvRetentionDays', 3651],
    ['cctvRetentionDays', -1],
    ['cctvRetentionDays', undefined],
    ['securityEquipmentComplete', 'complete'],
    ['securityEquipmentComplete', 0],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, dogs: 1 });
    // Assess
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['dogs'] })]);
  });

  it('refuses more working cameras than cameras, on the working field', () => {
    // Act
    const paths = refusedPaths({ ...valid, camerasTotal: 10, camerasWorking: 11 });
    // Assess
    expect(paths).toEqual(['camerasWorking']);
  });

  it('accepts every camera working, and a school without cameras', () => {
    // Assess
    expect(parse({ ...valid, camerasTotal: 10, camerasWorking: 10 }).success).toBe(true);
    expect(parse({ ...valid, camerasTotal: 0, camerasWorking: 0 }).success).toBe(true);
  });

  it('explains the camera inconsistency in Chinese and in English', () => {
    // Prepare
    const answers = { ...valid, camerasTotal: 10, camerasWorking: 11 };
    // Act
    const zh = parse(answers, 'zh-CN');
    const en = parse(answers, 'en');
    // Assess
    expect(zh.error?.issues[0]?.message).toBe('正常工作的摄像头不能多于摄像头总数（10 个）');
    expect(en.error?.issues[0]?.message).toBe('Cannot exceed the cameras in total (10)');
  });

  it('reports only the bad total, not an inconsistency, when the total itself is invalid', () => {
    // Act
    const paths = refusedPaths({ ...valid, camerasTotal: 'many', camerasWorking: 11 });
    // Assess
    expect(paths).toEqual(['camerasTotal']);
  });
});

describe('securityGate hazard rules', () => {
  it('raises nothing for a week in order', () => {
    // Act
    const raised = raisedBy(valid);
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises a high security hazard when a visitor came in unregistered, with the count', () => {
    // Act
    const raised = raisedBy({ ...valid, visitorsUnregistered: 2 });
    // Assess
    expect(raised).toEqual([
      {
        ruleId: 'unregistered-visitors',
        severity: 'high',
        category: 'security',
        title: { zh: '外来人员未登记进校', en: 'Visitors let in without registration' },
        description: '2 人次 / 2 visits',
      },
    ]);
  });

  it(`raises a medium security hazard when recordings are kept under ${MIN_CCTV_RETENTION_DAYS} days`, () => {
    // Act
    const raised = raisedBy({ ...valid, cctvRetentionDays: MIN_CCTV_RETENTION_DAYS - 1 });
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({
        ruleId: 'cctv-retention-short',
        severity: 'medium',
        category: 'security',
        description: '29 天 < 30 天 / 29 days < 30 days',
      }),
    ]);
  });

  it(`raises no retention hazard at exactly ${MIN_CCTV_RETENTION_DAYS} days or more`, () => {
    // Assess
    expect(raisedBy({ ...valid, cctvRetentionDays: MIN_CCTV_RETENTION_DAYS })).toEqual([]);
    expect(raisedBy({ ...valid, cctvRetentionDays: 90 })).toEqual([]);
  });

  it('raises no hazard for guards, cameras down or equipment missing, which have no rule', () => {
    // Act
    const raised = raisedBy({ ...valid, guardsOnDuty: 0, camerasWorking: 0, securityEquipmentComplete: false });
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises both hazards of a bad week, the high one first', () => {
    // Act
    const raised = raisedBy({ ...valid, visitorsUnregistered: 1, cctvRetentionDays: 7 });
    // Assess
    expect(raised.map((hazard) => [hazard.ruleId, hazard.severity])).toEqual([
      ['unregistered-visitors', 'high'],
      ['cctv-retention-short', 'medium'],
    ]);
  });
});

describe('securityGate figures', () => {
  function figures(answers: unknown): Record<string, number | undefined> {
    const parsed = securityGate.answers.parse(answers);
    return Object.fromEntries(securityGate.figures.map((figure) => [figure.id, figure.value(parsed)]));
  }

  it('carries the check, its counts and its compliance to the rollup', () => {
    // Act
    const values = figures(valid);
    // Assess
    expect(values).toEqual({
      checks: 1,
      guardsOnDuty: 2,
      visitorsRegistered: 37,
      visitorsUnregistered: 0,
      camerasTotal: 48,
      camerasWorking: 47,
      retentionCompliant: 1,
      equipmentComplete: 1,
    });
  });

  it('counts short retention and missing equipment as not compliant', () => {
    // Act
    const values = figures({
      ...valid,
      cctvRetentionDays: 15,
      securityEquipmentComplete: false,
      visitorsUnregistered: 3,
    });
    // Assess
    expect(values).toMatchObject({ retentionCompliant: 0, equipmentComplete: 0, visitorsUnregistered: 3 });
  });
});
