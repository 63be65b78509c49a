import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { electricalFire } from '../../../shared/forms/electrical-fire';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/electrical-fire/examples';

function parse(answers: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return electricalFire.answers.safeParse(answers, { error: errorMapFor(locale) });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

function raisedBy(answers: unknown) {
  return hazardsRaisedBy(electricalFire, electricalFire.answers.parse(answers));
}

describe('electricalFire answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts a school with no extinguishers or emergency lights at all', () => {
    // Act
    const result = parse({
      ...valid,
      extinguishersTotal: 0,
      extinguishersReplaced: 0,
      emergencyLightsTotal: 0,
      emergencyLightsWorking: 0,
    });
    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    ['circuitsInspected', -1],
    ['circuitsInspected', 10_001],
    ['circuitsInspected', 2.5],
    ['ageingWiresFound', '0'],
    ['ageingWiresFound', -1],
    ['extinguishersTotal', 10_001],
    ['extinguishersTotal', null],
    ['extinguishersExpired', 0.5],
    ['extinguishersReplaced', -1],
    ['emergencyLightsTotal', 10_001],
    ['emergencyLightsWorking', undefined],
    ['chemicalsStoredSafely', 'yes'],
    ['chemicalsStoredSafely', 1],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, sprinklers: 12 });
    // Assess
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['sprinklers'] }),
    ]);
  });

  it.each([
    [
      'extinguishersExpired',
      { extinguishersTotal: 10, extinguishersExpired: 11, extinguishersReplaced: 0 },
      '过期或失效的灭火器不能多于灭火器总数（10 具）',
      'Cannot exceed the extinguishers in total (10)',
    ],
    [
      'extinguishersReplaced',
      { extinguishersTotal: 10, extinguishersReplaced: 11 },
      '本月更换的灭火器不能多于灭火器总数（10 具）',
      'Cannot exceed the extinguishers in total (10)',
    ],
    [
      'emergencyLightsWorking',
      { emergencyLightsTotal: 12, emergencyLightsWorking: 13 },
      '正常工作的应急灯不能多于应急灯总数（12 盏）',
      'Cannot exceed the emergency lights in total (12)',
    ],
  ])('refuses more %s than there are in total, in Chinese and in English', (field, change, zh, en) => {
    // Prepare
    const answers = { ...valid, ...change };
    // Act
    const inChinese = parse(answers, 'zh-CN');
    const inEnglish = parse(answers, 'en');
    // Assess
    expect(inChinese.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([[field, zh]]);
    expect(inEnglish.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([[field, en]]);
  });

  it('accepts every part equal to its whole', () => {
    // Act
    const result = parse({
      ...valid,
      extinguishersTotal: 20,
      extinguishersExpired: 20,
      extinguishersReplaced: 20,
      emergencyLightsWorking: valid.emergencyLightsTotal,
    });
    // Assess
    expect(result.success).toBe(true);
  });

  it('reports only the bad total, not an inconsistency, when the total itself is invalid', () => {
    // Act
    const paths = refusedPaths({ ...valid, extinguishersTotal: -1, extinguishersExpired: 5 });
    // Assess
    expect(paths).toEqual(['extinguishersTotal']);
  });

  it('reports every inconsistency at once, beside an unknown key', () => {
    // Act
    const paths = refusedPaths({
      ...valid,
      extinguishersTotal: 1,
      extinguishersExpired: 2,
      extinguishersReplaced: 3,
      emergencyLightsWorking: 41,
      extra: true,
    });
    // Assess
    expect(paths.sort()).toEqual(['', 'emergencyLightsWorking', 'extinguishersExpired', 'extinguishersReplaced']);
  });
});

describe('electricalFire hazard rules', () => {
  it('raises nothing for a month in order', () => {
    // Act
    const raised = raisedBy(valid);
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises a high fire hazard when an extinguisher is expired, with the counts', () => {
    // Act
    const raised = raisedBy({ ...valid, extinguishersExpired: 1 });
    // Assess
    expect(raised).toEqual([
      {
        ruleId: 'expired-extinguishers',
        severity: 'high',
        category: 'fire',
        title: { zh: '灭火器过期或失效', en: 'Fire extinguishers expired or faulty' },
        description: '共 120 具，1 具过期或失效 / 1 of 120 expired or faulty',
      },
    ]);
  });

  it('raises a high electrical hazard when ageing wires are found', () => {
    // Act
    const raised = raisedBy({ ...valid, ageingWiresFound: 2 });
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({
        ruleId: 'ageing-wiring',
        severity: 'high',
        category: 'electrical',
        description: '2 处 / 2 places',
      }),
    ]);
  });

  it('raises a medium fire hazard when hazardous chemicals are not stored by the rules', () => {
    // Act
    const raised = raisedBy({ ...valid, chemicalsStoredSafely: false });
    // Assess
    expect(raised).toEqual([
      {
        ruleId: 'chemicals-not-stored-safely',
        severity: 'medium',
        category: 'fire',
        title: { zh: '危险化学品未按规定存放', en: 'Hazardous chemicals not stored by the rules' },
      },
    ]);
  });

  it('raises no hazard for replaced extinguishers or emergency lights out of order', () => {
    // Act
    const raised = raisedBy({ ...valid, extinguishersReplaced: 120, emergencyLightsWorking: 0 });
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises every hazard of a bad month at once, each rule once', () => {
    // Act
    const raised = raisedBy({ ...valid, extinguishersExpired: 30, ageingWiresFound: 4, chemicalsStoredSafely: false });
    // Assess
    expect(raised.map((hazard) => [hazard.ruleId, hazard.severity])).toEqual([
      ['expired-extinguishers', 'high'],
      ['ageing-wiring', 'high'],
      ['chemicals-not-stored-safely', 'medium'],
    ]);
  });
});

describe('electricalFire figures', () => {
  function figures(answers: unknown): Record<string, number | undefined> {
    const parsed = electricalFire.answers.parse(answers);
    return Object.fromEntries(electricalFire.figures.map((figure) => [figure.id, figure.value(parsed)]));
  }

  it('carries the check and every count to the rollup', () => {
    // Act
    const values = figures(valid);
    // Assess
    expect(values).toEqual({
      checks: 1,
      circuitsInspected: 36,
      ageingWiresFound: 0,
      extinguishersTotal: 120,
      extinguishersExpired: 0,
      extinguishersReplaced: 28,
      emergencyLightsTotal: 40,
      emergencyLightsWorking: 40,
      chemicalsCompliant: 1,
    });
  });

  it('counts a month with faults as it was', () => {
    // Act
    const values = figures({
      ...valid,
      ageingWiresFound: 3,
      extinguishersExpired: 7,
      emergencyLightsWorking: 35,
      chemicalsStoredSafely: false,
    });
    // Assess
    expect(values).toMatchObject({
      ageingWiresFound: 3,
      extinguishersExpired: 7,
      emergencyLightsWorking: 35,
      chemicalsCompliant: 0,
    });
  });
});
