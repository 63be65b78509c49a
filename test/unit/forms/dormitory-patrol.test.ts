import { dormitoryPatrol } from '../../../shared/forms/dormitory-patrol';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid, without, parse, raisedBy } = formHarness(dormitoryPatrol);

describeFormContract(dormitoryPatrol, {
  refused: {
    place: ['', '   ', 'x'.repeat(101), 12],
    roomsChecked: [-1, 10_001, 3.5],
    studentsUnaccounted: [-1, '0'],
    prohibitedAppliances: [10_001],
    strangersFound: [1001, undefined],
    fireExitsClear: ['yes'],
    housekeepingScore: [100.5, -1, null],
  },
  unknownKey: { key: 'curfew', value: '22:00', title: 'refuses an unknown key' },
  hazards: [
    { title: 'raises nothing for a quiet night', answers: valid, raised: [] },
    {
      title: 'raises a critical security hazard at the patrolled place when a student is unaccounted for',
      answers: { ...valid, studentsUnaccounted: 2 },
      raised: [
        {
          ruleId: 'students-unaccounted',
          severity: 'critical',
          category: 'security',
          title: { zh: '学生夜间未归或去向不明', en: 'Students unaccounted for at night' },
          place: '男生宿舍 3 栋 2 楼',
          description: '2 人 / 2 students',
        },
      ],
    },
    {
      title: 'raises a critical security hazard when a stranger is found',
      answers: { ...valid, strangersFound: 1 },
      raised: [
        expect.objectContaining({
          ruleId: 'stranger-in-dormitory',
          severity: 'critical',
          category: 'security',
          place: valid.place,
        }),
      ],
    },
    {
      title: 'raises a high electrical hazard when prohibited appliances are found',
      answers: { ...valid, prohibitedAppliances: 3 },
      raised: [
        expect.objectContaining({
          ruleId: 'prohibited-appliances',
          severity: 'high',
          category: 'electrical',
          description: '3 件 / 3 items',
        }),
      ],
    },
    {
      title: 'raises a high fire hazard when an exit is blocked',
      answers: { ...valid, fireExitsClear: false },
      raised: [
        expect.objectContaining({
          ruleId: 'fire-exit-blocked',
          severity: 'high',
          category: 'fire',
          place: valid.place,
        }),
      ],
    },
    {
      title: 'raises all four hazards of a bad night, critical ones first',
      answers: { ...valid, studentsUnaccounted: 1, strangersFound: 1, prohibitedAppliances: 1, fireExitsClear: false },
      raised: [
        expect.objectContaining({ ruleId: 'students-unaccounted', severity: 'critical' }),
        expect.objectContaining({ ruleId: 'stranger-in-dormitory', severity: 'critical' }),
        expect.objectContaining({ ruleId: 'prohibited-appliances', severity: 'high' }),
        expect.objectContaining({ ruleId: 'fire-exit-blocked', severity: 'high' }),
      ],
    },
  ],
  figures: [
    {
      title: 'carries the patrol, its counts and its score to the rollup',
      answers: { ...valid, prohibitedAppliances: 2, studentsUnaccounted: 1, fireExitsClear: false },
      equal: {
        patrols: 1,
        roomsChecked: 24,
        studentsUnaccounted: 1,
        strangersFound: 0,
        prohibitedAppliances: 2,
        fireExitsBlocked: 1,
        housekeepingScore: 92.5,
      },
    },
  ],
});

describe('dormitoryPatrol answers', () => {
  it('accepts a patrol without a place and trims the place it is given', () => {
    // Act
    const bare = parse(without('place'));
    const padded = dormitoryPatrol.answers.parse({ ...valid, place: '  女生宿舍 1 栋  ' });
    // Assess
    expect(bare.success).toBe(true);
    expect(padded.place).toBe('女生宿舍 1 栋');
  });
});

describe('dormitoryPatrol hazard rules', () => {
  it('leaves the place out of a hazard when the patrol named none', () => {
    // Act
    const raised = raisedBy({ ...without('place'), fireExitsClear: false });
    // Assess
    expect(raised).toHaveLength(1);
    expect(raised[0]).not.toHaveProperty('place');
  });
});
