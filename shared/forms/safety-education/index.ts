import * as z from 'zod/mini';
import type { Text } from '../../i18n';
import { sumOf, tally, text, wholeNumber } from '../common';
import { defineForm } from '../types';
import { example } from './examples';

/** The topics the bureau asks about (防溺水、交通、消防、法制进校园), and the rest. */
export const EDUCATION_TOPICS = ['drowning', 'traffic', 'fire', 'law', 'other'] as const;
export type EducationTopic = (typeof EDUCATION_TOPICS)[number];

export const EDUCATION_TOPIC_LABELS: Record<EducationTopic, Text> = {
  drowning: { zh: '防溺水', en: 'Drowning prevention' },
  traffic: { zh: '交通安全', en: 'Traffic safety' },
  fire: { zh: '消防安全', en: 'Fire safety' },
  law: { zh: '法制教育（法制进校园）', en: 'Law education' },
  other: { zh: '其他', en: 'Other' },
};

/** The largest school the roster accepts has 100,000 students: no event reaches more people. */
const PEOPLE_MAX = 100_000;

const answers = () =>
  z.strictObject({
    topic: z.enum(EDUCATION_TOPICS),
    theme: z.optional(text(100)),
    // An event nobody attended did not take place: at least one participant.
    participants: z.int().check(z.gte(1), z.lte(PEOPLE_MAX)),
    lettersToParents: wholeNumber(PEOPLE_MAX),
  });

type Answers = z.output<ReturnType<typeof answers>>;

/** One figure per topic: how many events of that topic the month had. */
function eventsOf(topic: EducationTopic) {
  const label = EDUCATION_TOPIC_LABELS[topic];
  return {
    id: `${topic}Events`,
    label: { zh: `${label.zh}教育次数`, en: `${label.en} events` },
    aggregate: 'sum' as const,
    value: (a: Answers) => tally(a.topic === topic),
  };
}

/** 安全教育: one safety-education event (a class meeting, a talk, a campaign), when it is held. */
export const safetyEducation = defineForm({
  id: 'safety-education',
  version: 1,
  order: 90,
  title: { zh: '安全教育', en: 'Safety education' },
  description: {
    zh: '每开展一次安全教育活动（防溺水、交通、消防、法制进校园等）填写一次：主题、参加人数、发放《致家长的一封信》份数。',
    en: 'Filled in after each safety-education event (drowning, traffic, fire, law, …): topic, participants, letters to parents sent.',
  },
  cadence: 'event',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    topic: { label: { zh: '教育主题类别', en: 'Topic' }, options: EDUCATION_TOPIC_LABELS },
    theme: { label: { zh: '活动名称', en: 'Event name' } },
    participants: { label: { zh: '参加人数', en: 'Participants' }, unit: { zh: '人', en: 'people' } },
    lettersToParents: {
      label: { zh: '发放《致家长的一封信》', en: 'Letters to parents sent' },
      unit: { zh: '份', en: 'letters' },
    },
  },
  // An education event is a measure taken, not a finding: it raises no hazard.
  hazardRules: [],
  figures: [
    { id: 'events', label: { zh: '安全教育次数', en: 'Safety-education events' }, aggregate: 'count', value: () => 1 },
    sumOf('participants', { zh: '参加人次', en: 'Participants' }, { zh: '人次', en: 'people' }),
    sumOf(
      'lettersToParents',
      { zh: '发放《致家长的一封信》', en: 'Letters to parents sent' },
      { zh: '份', en: 'letters' },
    ),
    ...EDUCATION_TOPICS.map(eventsOf),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: {
    section: 'drillsEducation',
    order: 2,
    fills: 'education',
    keyed: Object.fromEntries(
      EDUCATION_TOPICS.map((topic) => [topic, { figureId: `${topic}Events`, label: EDUCATION_TOPIC_LABELS[topic] }]),
    ),
  },
});
