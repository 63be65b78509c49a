import { catalogueView } from '../../../shared/forms/catalogue';
import { appliesToSchool } from '../../../web/src/engine/applicable';
import { todayIn } from '../../../web/src/engine/dates';
import { fieldsOf, requiredFields } from '../../../web/src/engine/field-model';
import type { CatalogueForm } from '../../../web/src/engine/types';
import { rawFromAnswers, serverIssues, validateAnswers } from '../../../web/src/engine/validate';
import { validAnswers } from '../forms/examples';

const CANTEEN_DAILY_EXAMPLE = validAnswers['canteen-daily'] as Record<string, unknown>;

/*
 * The form engine against the real catalogue, as GET /v1/forms serves it: every form renders from
 * its JSON Schema and labels alone, and the browser's checks agree with the server's schema.
 */

const catalogue = JSON.parse(JSON.stringify(catalogueView('zh-CN'))) as CatalogueForm[];
const form = (id: string) => catalogue.find((candidate) => candidate.id === id) as CatalogueForm;

describe('field model', () => {
  it('gives every field of every form a kind, a label in both languages and its bounds', () => {
    for (const entry of catalogue) {
      const fields = fieldsOf(entry);
      expect(fields.map((field) => field.name)).toEqual(Object.keys(entry.jsonSchema.properties ?? {}));
      for (const field of fields) {
        expect(field.label.zh).toBeTruthy();
        expect(field.label.en).toBeTruthy();
        if (field.kind === 'choice') expect(field.options?.length).toBeGreaterThan(0);
        if (field.kind === 'integer' || field.kind === 'number') expect(field.maximum).toBeDefined();
        if (field.kind === 'text') expect(field.maxLength).toBeDefined();
      }
    }
  });

  it('renders a form type the app has never seen, from its schema alone', () => {
    const sixteenth: CatalogueForm = {
      id: 'boiler-check',
      version: 1,
      title: { zh: '锅炉检查', en: 'Boiler check' },
      cadence: 'monthly',
      appliesTo: 'all',
      fields: [{ name: 'pressure', label: { zh: '压力', en: 'Pressure' }, unit: { zh: '兆帕', en: 'MPa' } }],
      jsonSchema: {
        type: 'object',
        properties: { pressure: { type: 'number', minimum: 0, maximum: 5 }, ok: { type: 'boolean', title: '正常' } },
        required: ['pressure'],
      },
    };
    expect(fieldsOf(sixteenth)).toEqual([
      {
        name: 'pressure',
        kind: 'number',
        label: { zh: '压力', en: 'Pressure' },
        unit: { zh: '兆帕', en: 'MPa' },
        minimum: 0,
        maximum: 5,
        required: true,
      },
      { name: 'ok', kind: 'boolean', label: { zh: '正常', en: '正常' }, required: false },
    ]);
    expect(validateAnswers(sixteenth, { pressure: '6' }).issues).toEqual([
      { field: 'pressure', message: { zh: '不能大于 5', en: 'Must be at most 5' } },
    ]);
  });

  it('labels options from the catalogue (disinfection method) and keeps the schema order', () => {
    const method = fieldsOf(form('canteen-daily')).find((field) => field.name === 'disinfectionMethod');
    expect(method?.kind).toBe('choice');
    expect(method?.options?.map((option) => option.value)).toEqual(['high-heat', 'disinfectant-84', 'other']);
    expect(method?.options?.every((option) => option.label.zh !== option.value)).toBe(true);
  });
});

describe('validation', () => {
  const canteen = form('canteen-daily');
  const raw = rawFromAnswers(canteen, CANTEEN_DAILY_EXAMPLE);

  it('accepts a complete canteen check and types its answers', () => {
    const { answers, issues } = validateAnswers(canteen, raw);
    expect(issues).toEqual([]);
    expect(answers).toEqual(CANTEEN_DAILY_EXAMPLE);
  });

  it('requires grams and hours once samples were kept (the schema allOf if/then), and not before', () => {
    const withoutSamples = { ...raw, sampleGramsPerDish: undefined, sampleHours: undefined };
    expect(validateAnswers(canteen, withoutSamples).issues.map((issue) => issue.field)).toEqual([
      'sampleGramsPerDish',
      'sampleHours',
    ]);
    expect(validateAnswers(canteen, { ...withoutSamples, sampleKept: false }).issues).toEqual([]);
    expect(requiredFields(canteen, { sampleKept: true }).has('sampleHours')).toBe(true);
  });

  it('marks every required field left empty', () => {
    const { issues } = validateAnswers(canteen, {});
    expect(issues.map((issue) => issue.field).sort()).toEqual([...(canteen.jsonSchema.required ?? [])].sort());
    expect(issues[0]?.message).toEqual({ zh: '必填', en: 'Required' });
  });

  // [what, form, answers, each issue as [field, zh, en]]
  it.each([
    [
      'a number that is not one, a fraction for a whole number and one out of range',
      'canteen-daily',
      { ...raw, staffOnDuty: 'abc', mealsServed: '12.5', sampleHours: '721' },
      [
        ['sampleHours', '不能大于 720', 'Must be at most 720'],
        ['staffOnDuty', '请输入数字', 'Enter a number'],
        ['mealsServed', '请输入整数', 'Enter a whole number'],
      ],
    ],
    [
      'text beyond the bounds of the schema and an option that is not one',
      'hazard-report',
      { place: 'x'.repeat(101), category: 'volcano', severity: 'high', description: '  ' },
      [
        ['place', '最多 100 个字', 'At most 100 characters'],
        ['category', '请从选项中选择', 'Choose one of the options'],
        ['description', '必填', 'Required'],
      ],
    ],
  ])('refuses %s, in both languages', (_what, formType, answers, expected) => {
    const { issues } = validateAnswers(form(formType), answers);
    expect(issues).toEqual(expected.map(([field, zh, en]) => ({ field, message: { zh, en } })));
  });

  it('places a 422 detail beside its field', () => {
    expect(
      serverIssues([
        {
          field: 'answers.staffWithHealthCertificate',
          label: '持有效健康证上岗人数',
          reason: '持健康证上岗人数不能多于在岗人数（3 人）',
        },
        { field: 'date', reason: '不能晚于今天' },
        { reason: 'no field' },
      ]),
    ).toEqual([
      { field: 'staffWithHealthCertificate', reason: '持健康证上岗人数不能多于在岗人数（3 人）' },
      { field: 'date', reason: '不能晚于今天' },
    ]);
    expect(serverIssues({ not: 'an array' })).toEqual([]);
  });
});

describe('applies-to and dates', () => {
  it('offers the canteen check only to a school with a canteen', () => {
    const school = {
      schoolId: 's',
      name: 's',
      kind: 'primary',
      hasCanteen: false,
      boarding: true,
      nutritionProgramme: false,
    };
    expect(appliesToSchool(form('canteen-daily'), school)).toBe(false);
    expect(appliesToSchool(form('dormitory-patrol'), school)).toBe(true);
    expect(appliesToSchool(form('electrical-fire'), school)).toBe(true);
  });

  it("defaults the date to today in the district's timezone, not the phone's", () => {
    const instant = new Date('2026-12-06T17:30:00Z');
    expect(todayIn('Asia/Shanghai', instant)).toBe('2026-12-07');
    expect(todayIn('Europe/London', instant)).toBe('2026-12-06');
  });
});
