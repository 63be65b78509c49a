import { hazardsRaisedBy } from '../../../shared/forms/catalogue';
import { EDUCATION_TOPICS, safetyEducation } from '../../../shared/forms/safety-education';
import { errorMapFor } from '../../../shared/validation';
import { example as valid } from '../../../shared/forms/safety-education/examples';

function parse(answers: unknown) {
  return safetyEducation.answers.safeParse(answers, { error: errorMapFor('zh-CN') });
}

function refusedPaths(answers: unknown): string[] {
  return (parse(answers).error?.issues ?? []).map((issue) => issue.path.join('.'));
}

function figures(answers: unknown): Record<string, number | undefined> {
  const parsed = safetyEducation.answers.parse(answers);
  return Object.fromEntries(safetyEducation.figures.map((figure) => [figure.id, figure.value(parsed)]));
}

describe('safetyEducation definition', () => {
  it('is version 1 of an event form for every school', () => {
    // Assess
    expect([safetyEducation.id, safetyEducation.version, safetyEducation.cadence, safetyEducation.appliesTo]).toEqual([
      'safety-education',
      1,
      'event',
      'all',
    ]);
  });

  it('labels every topic in both languages', () => {
    // Prepare
    const options = safetyEducation.fields.topic.options ?? {};
    // Assess
    expect(Object.keys(options)).toEqual([...EDUCATION_TOPICS]);
    expect(options.drowning).toEqual({ zh: '防溺水', en: 'Drowning prevention' });
  });
});

describe('safetyEducation answers', () => {
  it('accepts the valid example as it is', () => {
    // Act
    const result = parse(valid);
    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it.each(EDUCATION_TOPICS)('accepts the topic %s', (topic) => {
    // Act
    const result = parse({ ...valid, topic });
    // Assess
    expect(result.success).toBe(true);
  });

  it('accepts an event without a name and with no letters sent, and trims the name it is given', () => {
    // Prepare
    const { theme: _theme, ...withoutTheme } = valid;
    // Act
    const bare = parse({ ...withoutTheme, lettersToParents: 0 });
    const padded = safetyEducation.answers.parse({ ...valid, theme: '  交通安全进校园  ' });
    // Assess
    expect(bare.success).toBe(true);
    expect(padded.theme).toBe('交通安全进校园');
  });

  it.each([
    ['topic', 'earthquake'],
    ['topic', ''],
    ['topic', undefined],
    ['theme', ''],
    ['theme', '   '],
    ['theme', 'x'.repeat(101)],
    ['theme', 7],
    ['participants', 0],
    ['participants', -1],
    ['participants', 100_001],
    ['participants', 12.5],
    ['participants', '1260'],
    ['participants', undefined],
    ['lettersToParents', -1],
    ['lettersToParents', 100_001],
    ['lettersToParents', 0.5],
    ['lettersToParents', null],
  ])('refuses %s = %p at its own path', (field, value) => {
    // Act
    const paths = refusedPaths({ ...valid, [field]: value });
    // Assess
    expect(paths).toEqual([field]);
  });

  it('refuses an unknown key, naming it', () => {
    // Act
    const result = parse({ ...valid, hours: 2 });
    // Assess
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['hours'] })]);
  });
});

describe('safetyEducation hazard rules', () => {
  it('has none: an education event raises no hazard', () => {
    // Act
    const raised = hazardsRaisedBy(safetyEducation, safetyEducation.answers.parse(valid));
    // Assess
    expect(safetyEducation.hazardRules).toEqual([]);
    expect(raised).toEqual([]);
  });
});

describe('safetyEducation figures', () => {
  it('counts one drowning-prevention event with its participants and letters', () => {
    // Act
    const values = figures(valid);
    // Assess
    expect(values).toEqual({
      events: 1,
      participants: 1260,
      lettersToParents: 1180,
      drowningEvents: 1,
      trafficEvents: 0,
      fireEvents: 0,
      lawEvents: 0,
      otherEvents: 0,
    });
  });

  it.each(EDUCATION_TOPICS)('counts a %s event under its own topic only', (topic) => {
    // Act
    const values = figures({ ...valid, topic });
    // Assess
    const topicCounts = EDUCATION_TOPICS.map((t) => values[`${t}Events`]);
    expect(topicCounts).toEqual(EDUCATION_TOPICS.map((t) => (t === topic ? 1 : 0)));
  });
});
