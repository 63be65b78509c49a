import { EDUCATION_TOPICS, safetyEducation } from '../../../shared/forms/safety-education';
import { describeFormContract, formHarness } from '../../support/form-harness';

const { valid, without, parse } = formHarness(safetyEducation);

describeFormContract(safetyEducation, {
  definition: { title: 'is version 1 of an event form for every school', is: ['safety-education', 1, 'event', 'all'] },
  accepted: EDUCATION_TOPICS.map((topic) => ({ title: `accepts the topic ${topic}`, answers: [{ ...valid, topic }] })),
  refused: {
    topic: ['earthquake', '', undefined],
    theme: ['', '   ', 'x'.repeat(101), 7],
    participants: [0, -1, 100_001, 12.5, '1260', undefined],
    lettersToParents: [-1, 100_001, 0.5, null],
  },
  unknownKey: { key: 'hours', value: 2 },
  noHazardRules: { title: 'has none: an education event raises no hazard', answers: valid },
  figures: [
    {
      title: 'counts one drowning-prevention event with its participants and letters',
      answers: valid,
      equal: {
        events: 1,
        participants: 1260,
        lettersToParents: 1180,
        drowningEvents: 1,
        trafficEvents: 0,
        fireEvents: 0,
        lawEvents: 0,
        otherEvents: 0,
      },
    },
    ...EDUCATION_TOPICS.map((topic) => ({
      title: `counts a ${topic} event under its own topic only`,
      answers: { ...valid, topic },
      including: Object.fromEntries(EDUCATION_TOPICS.map((t) => [`${t}Events`, t === topic ? 1 : 0])),
    })),
  ],
});

describe('safetyEducation definition', () => {
  it('labels every topic in both languages', () => {
    // Prepare
    const options = safetyEducation.fields.topic.options ?? {};
    // Assess
    expect(Object.keys(options)).toEqual([...EDUCATION_TOPICS]);
    expect(options.drowning).toEqual({ zh: '防溺水', en: 'Drowning prevention' });
  });
});

describe('safetyEducation answers', () => {
  it('accepts an event without a name and with no letters sent, and trims the name it is given', () => {
    // Act
    const bare = parse({ ...without('theme'), lettersToParents: 0 });
    const padded = safetyEducation.answers.parse({ ...valid, theme: '  交通安全进校园  ' });
    // Assess
    expect(bare.success).toBe(true);
    expect(padded.theme).toBe('交通安全进校园');
  });
});
