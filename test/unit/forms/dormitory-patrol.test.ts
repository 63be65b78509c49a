import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { dormitoryPatrol } from '../../../shared/forms/dormitory-patrol';
import { validAnswers } from './examples';

const valid = validAnswers['dormitory-patrol'];

function refusedPaths(answers: unknown): string[] {
  return (dormitoryPatrol.answers.safeParse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

function raisedBy(answers: unknown) {
  return hazardsRaisedBy(dormitoryPatrol, dormitoryPatrol.answers.parse(answers));
}

describe('dormitoryPatrol answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = dormitoryPatrol.answers.safeParse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts a patrol without a place and trims the place it is given', () => {
    // Prepare
    const { place: _place, ...withoutPlace } = valid;
    // Act
    const bare = dormitoryPatrol.answers.safeParse(withoutPlace);
    const padded = dormitoryPatrol.answers.parse({ ...valid, place: '  女生宿舍 1 栋  ' });
    // Assess
    expect(bare.success).toBe(true);
    expect(padded.place).toBe('女生宿舍 1 栋');
  });

  it.each([
    ['place', ''],
    ['place', '   '],
    ['place', 'x'.repeat(101)],
    ['place', 12],
    ['roomsChecked', -1],
    ['roomsChecked', 10_001],
    ['roomsChecked', 3.5],
    ['studentsUnaccounted', -1],
    ['studentsUnaccounted', '0'],
    ['prohibitedAppliances', 10_001],
    ['strangersFound', 1001],
    ['strangersFound', undefined],
    ['fireExitsClear', 'yes'],
    ['housekeepingScore', 100.5],
    ['housekeepingScore', -1],
    ['housekeepingScore', null],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key', () => {
    // Act
    const result = dormitoryPatrol.answers.safeParse({ ...valid, curfew: '22:00' });
    // Assess
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['curfew'] })]);
  });
});

describe('dormitoryPatrol hazard rules', () => {
  it('raises nothing for a quiet night', () => {
    // Act
    const raised = raisedBy(valid);
    // Assess
    expect(raised).toEqual([]);
  });

  it('raises a critical security hazard at the patrolled place when a student is unaccounted for', () => {
    // Act
    const raised = raisedBy({ ...valid, studentsUnaccounted: 2 });
    // Assess
    expect(raised).toEqual([
      {
        ruleId: 'students-unaccounted',
        severity: 'critical',
        category: 'security',
        title: { zh: '学生夜间未归或去向不明', en: 'Students unaccounted for at night' },
        place: '男生宿舍 3 栋 2 楼',
        description: '2 人 / 2 students',
      },
    ]);
  });

  it('raises a critical security hazard when a stranger is found', () => {
    // Act
    const raised = raisedBy({ ...valid, strangersFound: 1 });
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({
        ruleId: 'stranger-in-dormitory',
        severity: 'critical',
        category: 'security',
        place: valid.place,
      }),
    ]);
  });

  it('raises a high electrical hazard when prohibited appliances are found', () => {
    // Act
    const raised = raisedBy({ ...valid, prohibitedAppliances: 3 });
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({
        ruleId: 'prohibited-appliances',
        severity: 'high',
        category: 'electrical',
        description: '3 件 / 3 items',
      }),
    ]);
  });

  it('raises a high fire hazard when an exit is blocked', () => {
    // Act
    const raised = raisedBy({ ...valid, fireExitsClear: false });
    // Assess
    expect(raised).toEqual([
      expect.objectContaining({ ruleId: 'fire-exit-blocked', severity: 'high', category: 'fire', place: valid.place }),
    ]);
  });

  it('leaves the place out of a hazard when the patrol named none', () => {
    // Prepare
    const { place: _place, ...withoutPlace } = valid;
    // Act
    const raised = raisedBy({ ...withoutPlace, fireExitsClear: false });
    // Assess
    expect(raised).toHaveLength(1);
    expect(raised[0]).not.toHaveProperty('place');
  });

  it('raises all four hazards of a bad night, critical ones first', () => {
    // Act
    const raised = raisedBy({
      ...valid,
      studentsUnaccounted: 1,
      strangersFound: 1,
      prohibitedAppliances: 1,
      fireExitsClear: false,
    });
    // Assess
    expect(raised.map((hazard) => [hazard.ruleId, hazard.severity])).toEqual([
      ['students-unaccounted', 'critical'],
      ['stranger-in-dormitory', 'critical'],
      ['prohibited-appliances', 'high'],
      ['fire-exit-blocked', 'high'],
    ]);
  });
});

describe('dormitoryPatrol figures', () => {
  it('carries the patrol, its counts and its score to the rollup', () => {
    // Prepare
    const answers = dormitoryPatrol.answers.parse({
      ...valid,
      prohibitedAppliances: 2,
      studentsUnaccounted: 1,
      fireExitsClear: false,
    });
    // Act
    const values = Object.fromEntries(dormitoryPatrol.figures.map((figure) => [figure.id, figure.value(answers)]));
    // Assess
    expect(values).toEqual({
      patrols: 1,
      roomsChecked: 24,
      studentsUnaccounted: 1,
      strangersFound: 0,
      prohibitedAppliances: 2,
      fireExitsBlocked: 1,
      housekeepingScore: 92.5,
    });
  });
});
