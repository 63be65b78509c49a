import * as z from 'zod/mini';
import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { DRILL_KINDS, EVACUATING_KINDS, MAX_EVACUATION_MINUTES, safetyDrill } from '../../../shared/forms/safety-drill';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/safety-drill/examples';

const { evacuationMinutes: _minutes, ...untimed } = valid;

function parse(answers: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return safetyDrill.answers.safeParse(answers, { error: errorMapFor(locale) });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('safetyDrill answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it.each(DRILL_KINDS)('accepts a timed %s drill', (kind) => {
    // Assess
    expect(parse({ ...valid, kind }).success).toBe(true);
  });

  it('accepts a drill without a scenario, and trims the scenario it is given', () => {
    // Prepare
    const { scenario: _scenario, ...withoutScenario } = valid;
    // Act
    const bare = parse(withoutScenario);
    const padded = safetyDrill.answers.parse({ ...valid, scenario: '  地震疏散  ' });
    // Assess
    expect(bare.success).toBe(true);
    expect(padded.scenario).toBe('地震疏散');
  });

  it('accepts a drill of another kind without an evacuation time', () => {
    // Act
    const result = parse({ ...untimed, kind: 'other' });
    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    ['kind', 'flood'],
    ['kind', ''],
    ['kind', undefined],
    ['participants', -1],
    ['participants', 100_001],
    ['participants', 12.5],
    ['participants', '1260'],
    ['evacuationMinutes', -0.5],
    ['evacuationMinutes', MAX_EVACUATION_MINUTES + 0.5],
    ['evacuationMinutes', '3.5'],
    ['scenario', ''],
    ['scenario', '   '],
    ['scenario', 'x'.repeat(201)],
    ['scenario', 12],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, weather: 'rain' });
    // Assess
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['weather'] })]);
  });

  it.each(EVACUATING_KINDS)('requires the evacuation time of a %s drill, in Chinese and in English', (kind) => {
    // Prepare
    const answers = { ...untimed, kind };
    // Act
    const zh = parse(answers, 'zh-CN');
    const en = parse(answers, 'en');
    // Assess
    expect(zh.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['evacuationMinutes', '疏散类演练必须填写疏散用时'],
    ]);
    expect(en.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['evacuationMinutes', 'Required for a drill that evacuates the buildings'],
    ]);
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

describe('safetyDrill hazard rules', () => {
  it('has none: a drill reports what was done, not a hazard', () => {
    // Act
    const raised = hazardsRaisedBy(
      safetyDrill,
      safetyDrill.answers.parse({ ...valid, evacuationMinutes: MAX_EVACUATION_MINUTES, participants: 0 }),
    );
    // Assess
    expect(safetyDrill.hazardRules).toEqual([]);
    expect(raised).toEqual([]);
  });
});

describe('safetyDrill figures', () => {
  function figures(answers: unknown): Record<string, number | undefined> {
    const parsed = safetyDrill.answers.parse(answers);
    return Object.fromEntries(safetyDrill.figures.map((figure) => [figure.id, figure.value(parsed)]));
  }

  it('carries the drill, its participants, its time and its kind to the rollup', () => {
    // Act
    const values = figures(valid);
    // Assess
    expect(values).toEqual({
      drills: 1,
      participants: 1260,
      evacuationMinutes: 3.5,
      evacuationDrills: 1,
      fireDrills: 0,
      earthquakeDrills: 0,
      stampedeDrills: 0,
      otherDrills: 0,
    });
  });

  it('leaves an untimed drill out of the mean evacuation time', () => {
    // Act
    const values = figures({ ...untimed, kind: 'other' });
    // Assess
    expect(values).toMatchObject({ drills: 1, evacuationMinutes: undefined, evacuationDrills: 0, otherDrills: 1 });
  });

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
