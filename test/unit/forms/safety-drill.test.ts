import * as z from 'zod/mini';
import { DRILL_KINDS, EVACUATING_KINDS, MAX_EVACUATION_MINUTES, safetyDrill } from '../../../shared/forms/safety-drill';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid, without, parse } = formHarness(safetyDrill);

/** The valid example without its evacuation time. */
const untimed = without('evacuationMinutes');

describeFormContract(safetyDrill, {
  accepted: [
    ...DRILL_KINDS.map((kind) => ({ title: `accepts a timed ${kind} drill`, answers: [{ ...valid, kind }] })),
    { title: 'accepts a drill of another kind without an evacuation time', answers: [{ ...untimed, kind: 'other' }] },
  ],
  refused: {
    kind: ['flood', '', undefined],
    participants: [-1, 100_001, 12.5, '1260'],
    evacuationMinutes: [-0.5, MAX_EVACUATION_MINUTES + 0.5, '3.5'],
    scenario: ['', '   ', 'x'.repeat(201), 12],
  },
  unknownKey: { key: 'weather', value: 'rain' },
  explained: EVACUATING_KINDS.map((kind) => ({
    title: `requires the evacuation time of a ${kind} drill, in Chinese and in English`,
    answers: { ...untimed, kind },
    zh: [['evacuationMinutes', '疏散类演练必须填写疏散用时']],
    en: [['evacuationMinutes', 'Required for a drill that evacuates the buildings']],
  })),
  noHazardRules: {
    title: 'has none: a drill reports what was done, not a hazard',
    answers: { ...valid, evacuationMinutes: MAX_EVACUATION_MINUTES, participants: 0 },
  },
  figures: [
    {
      title: 'carries the drill, its participants, its time and its kind to the rollup',
      answers: valid,
      equal: {
        drills: 1,
        participants: 1260,
        evacuationMinutes: 3.5,
        evacuationDrills: 1,
        fireDrills: 0,
        earthquakeDrills: 0,
        stampedeDrills: 0,
        otherDrills: 0,
      },
    },
    {
      title: 'leaves an untimed drill out of the mean evacuation time',
      answers: { ...untimed, kind: 'other' },
      including: { drills: 1, evacuationMinutes: undefined, evacuationDrills: 0, otherDrills: 1 },
    },
  ],
});

describe('safetyDrill answers', () => {
  it('accepts a drill without a scenario, and trims the scenario it is given', () => {
    // Act
    const bare = parse(without('scenario'));
    const padded = safetyDrill.answers.parse({ ...valid, scenario: '  地震疏散  ' });
    // Assess
    expect(bare.success).toBe(true);
    expect(padded.scenario).toBe('地震疏散');
  });

  it('serves the same condition in its JSON Schema', () => {
    // Act
    const schema = z.toJSONSchema(safetyDrill.answers, { target: 'draft-2020-12', io: 'input' }) as Record<
      string,
      unknown
    >;
    // Assess
    expect(schema.required).toEqual(['kind', 'participants']);
    expect(schema.allOf).toEqual([
      {
        if: { properties: { kind: { enum: ['evacuation', 'fire', 'earthquake', 'stampede'] } }, required: ['kind'] },
        then: { required: ['evacuationMinutes'] },
      },
    ]);
  });
});

describe('safetyDrill figures', () => {
  it('aggregates the evacuation time as a mean and the rest as sums', () => {
    // Act
    const aggregates = Object.fromEntries(safetyDrill.figures.map((figure) => [figure.id, figure.aggregate]));
    // Assess
    expect(aggregates).toMatchObject({
      drills: 'count',
      participants: 'sum',
      evacuationMinutes: 'mean',
      fireDrills: 'sum',
    });
  });
});
