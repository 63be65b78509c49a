import * as z from 'zod/mini';
import { addTextIssue } from '../../validation';
import { quantity, sumOf, tally, text, whenValid, wholeNumber } from '../common';
import type { Figure } from '../types';
import { defineForm } from '../types';
import { example } from './examples';

export const DRILL_KINDS = ['evacuation', 'fire', 'earthquake', 'stampede', 'other'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/** The kinds of drill that empty the buildings, so they time the evacuation. */
export const EVACUATING_KINDS: readonly DrillKind[] = ['evacuation', 'fire', 'earthquake', 'stampede'];

/** The longest evacuation a school could time, in minutes: anything longer is a typing mistake. */
export const MAX_EVACUATION_MINUTES = 60;

/** A short description of the drill's scenario. */
export const SCENARIO_MAX = 200;

const answers = () =>
  z
    .strictObject({
      kind: z.enum(DRILL_KINDS),
      participants: wholeNumber(100_000),
      // Required for every kind that evacuates; another drill (e.g. anti-intruder) may have none.
      evacuationMinutes: z.optional(quantity(MAX_EVACUATION_MINUTES)),
      scenario: z.optional(text(SCENARIO_MAX)),
    })
    .check(
      z.superRefine((a, ctx) => {
        if (EVACUATING_KINDS.includes(a.kind) && a.evacuationMinutes === undefined) {
          addTextIssue(ctx, ['evacuationMinutes'], {
            zh: '疏散类演练必须填写疏散用时',
            en: 'Required for a drill that evacuates the buildings',
          });
        }
      }, whenValid('kind')),
      // The same conditional requirement, for clients that validate with the served JSON Schema.
      z.meta({
        allOf: [
          {
            if: { properties: { kind: { enum: [...EVACUATING_KINDS] } }, required: ['kind'] },
            then: { required: ['evacuationMinutes'] },
          },
        ],
      }),
    );

type Answers = z.output<ReturnType<typeof answers>>;

const KIND_LABELS = {
  evacuation: { zh: '紧急疏散', en: 'Evacuation' },
  fire: { zh: '消防', en: 'Fire' },
  earthquake: { zh: '防震', en: 'Earthquake' },
  stampede: { zh: '防踩踏', en: 'Stampede prevention' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<DrillKind, { zh: string; en: string }>;

/** 安全演练: one safety drill (evacuation, fire, earthquake, stampede); at least one a month. */
export const safetyDrill = defineForm({
  id: 'safety-drill',
  version: 1,
  order: 80,
  title: { zh: '安全演练', en: 'Safety drill' },
  description: {
    zh: '每次演练后填写，每月至少一次：演练类型（疏散、消防、防震、防踩踏等）、参与师生人数、疏散用时、演练情景。',
    en: 'Filled in after each drill, at least one a month: kind of drill (evacuation, fire, earthquake, stampede, ...), participants, minutes to evacuate, scenario.',
  },
  cadence: 'monthly',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    kind: { label: { zh: '演练类型', en: 'Kind of drill' }, options: KIND_LABELS },
    participants: {
      label: { zh: '参与师生', en: 'Participants (students and staff)' },
      unit: { zh: '人', en: 'people' },
    },
    evacuationMinutes: { label: { zh: '疏散用时', en: 'Time to evacuate' }, unit: { zh: '分钟', en: 'min' } },
    scenario: { label: { zh: '演练情景', en: 'Scenario' } },
  },
  hazardRules: [],
  figures: [
    { id: 'drills', label: { zh: '演练次数', en: 'Drills' }, aggregate: 'count', value: () => 1 },
    sumOf('participants', { zh: '参与演练（人次）', en: 'Drill participants (people)' }),
    {
      id: 'evacuationMinutes',
      label: { zh: '平均疏散用时', en: 'Mean time to evacuate' },
      unit: { zh: '分钟', en: 'min' },
      aggregate: 'mean',
      value: (a) => a.evacuationMinutes,
    },
    ...DRILL_KINDS.map((kind): Figure<Answers> => ({
      id: `${kind}Drills`,
      label: { zh: `${KIND_LABELS[kind].zh}演练次数`, en: `${KIND_LABELS[kind].en} drills` },
      aggregate: 'sum',
      value: (a) => tally(a.kind === kind),
    })),
  ],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: {
    section: 'drillsEducation',
    order: 1,
    fills: 'drills',
    keyed: Object.fromEntries(
      DRILL_KINDS.map((kind) => [kind, { figureId: `${kind}Drills`, label: KIND_LABELS[kind] }]),
    ),
  },
});
