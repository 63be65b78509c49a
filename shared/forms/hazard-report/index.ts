import * as z from 'zod/mini';
import { DESCRIPTION_MAX, PLACE_MAX, text } from '../common';
import { defineForm, HAZARD_CATEGORIES, HAZARD_CATEGORY_LABELS, SEVERITIES, SEVERITY_LABELS } from '../types';
import { example } from './examples';

const answers = () =>
  z.strictObject({
    place: text(PLACE_MAX),
    category: z.enum(HAZARD_CATEGORIES),
    severity: z.enum(SEVERITIES),
    description: text(DESCRIPTION_MAX),
  });

/** 安全隐患报告: an ad-hoc hazard a school reports whenever it finds one. */
export const hazardReport = defineForm({
  id: 'hazard-report',
  version: 1,
  order: 150,
  title: { zh: '安全隐患报告', en: 'Hazard report' },
  description: {
    zh: '随时报告发现的安全隐患：位置、类别、严重程度、描述；照片随后上传。',
    en: 'Report a hazard whenever one is found: place, category, severity, description; photos are uploaded afterwards.',
  },
  cadence: 'event',
  appliesTo: 'all',
  answers,
  example,
  fields: {
    place: { label: { zh: '隐患位置', en: 'Place' } },
    category: { label: { zh: '隐患类别', en: 'Category' }, options: HAZARD_CATEGORY_LABELS },
    severity: { label: { zh: '严重程度', en: 'Severity' }, options: SEVERITY_LABELS },
    description: { label: { zh: '隐患描述', en: 'Description' } },
  },
  hazardRules: [
    {
      id: 'reported',
      // The severity and category are the school's own; these are what the catalogue shows.
      severity: 'medium',
      category: 'other',
      asReported: true,
      title: { zh: '学校报告的安全隐患', en: 'Hazard reported by the school' },
      raise: (a) => {
        const category = HAZARD_CATEGORY_LABELS[a.category];
        return {
          ruleId: 'reported',
          severity: a.severity,
          category: a.category,
          title: { zh: `${category.zh}隐患`, en: `${category.en} hazard` },
          place: a.place,
          description: a.description,
        };
      },
    },
  ],
  figures: [{ id: 'reports', label: { zh: '隐患报告数', en: 'Hazard reports' }, aggregate: 'count', value: () => 1 }],
  // Its part in the monthly report: the section listing its figures, the role it fills there.
  report: { section: 'hazards', order: 1 },
});
