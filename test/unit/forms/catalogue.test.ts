import { canteenDaily } from '../../../shared/forms/canteen-daily';
import { catalogueView, fieldLabels, findForm, formAppliesTo, FORMS } from '../../../shared/forms/catalogue';
import { dormitoryPatrol } from '../../../shared/forms/dormitory-patrol';
import { hazardReport } from '../../../shared/forms/hazard-report';
import { formFolders } from '../../../shared/forms/generate-registry';
import type { FormDefinition, SchoolFlags } from '../../../shared/forms/types';
import { AppError } from '../../../shared/errors';
import { parseOrThrow } from '../../../shared/validation';
import { allValidAnswers, validAnswers } from './examples';

type Schema = Record<string, unknown>;

/**
 * The few JSON Schema keywords our form schemas use, enough to check an example against one.
 * Returns what does not conform; an unknown keyword is reported too, so the check cannot
 * silently pass a schema it does not understand.
 */
function nonConformities(schema: Schema, value: unknown, at = ''): string[] {
  const known = new Set([
    '$schema',
    'title',
    'description',
    'type',
    'enum',
    'const',
    'minimum',
    'maximum',
    'minLength',
    'maxLength',
    'properties',
    'required',
    'additionalProperties',
    'allOf',
    'if',
    'then',
  ]);
  const problems = Object.keys(schema)
    .filter((key) => !known.has(key))
    .map((key) => `${at}: unknown keyword ${key}`);
  const type = schema.type as string | undefined;
  const typeOk =
    type === undefined ||
    (type === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value)) ||
    (type === 'integer' && Number.isInteger(value)) ||
    (type === 'number' && typeof value === 'number') ||
    (type === 'string' && typeof value === 'string') ||
    (type === 'boolean' && typeof value === 'boolean');
  if (!typeOk) return [...problems, `${at}: not ${type}`];
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) problems.push(`${at}: not in enum`);
  if ('const' in schema && schema.const !== value) problems.push(`${at}: not const`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${at}: < minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${at}: > maximum`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) problems.push(`${at}: too short`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) problems.push(`${at}: too long`);
  }
  if (type === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[])
      if (!(name in object)) problems.push(`${at}.${name}: required`);
    for (const [name, child] of Object.entries(object)) {
      const property = properties[name];
      if (property) problems.push(...nonConformities(property, child, `${at}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${at}.${name}: not allowed`);
    }
  }
  for (const branch of (schema.allOf ?? []) as Schema[]) {
    const applies = branch.if
      ? nonConformities({ type: 'object', ...(branch.if as Schema) }, value, at).length === 0
      : true;
    if (applies && branch.then)
      problems.push(...nonConformities({ type: 'object', ...(branch.then as Schema) }, value, at));
  }
  return problems;
}

const NO_FLAGS: SchoolFlags = { hasCanteen: false, boarding: false, nutritionProgramme: false };

describe('FORMS', () => {
  it('lists every form folder of shared/forms, each version once, in the order the forms declare', () => {
    // Prepare
    const ids = FORMS.map((form) => form.id);
    const orders = FORMS.map((form) => form.order);
    // Assess
    expect([...new Set(ids)].sort()).toEqual(formFolders().map((folder) => folder.id));
    expect(new Set(FORMS.map((form) => `${form.id}@${form.version}`)).size).toBe(ids.length);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(FORMS.every((form) => Number.isInteger(form.version) && form.version >= 1)).toBe(true);
  });

  it.each(FORMS.map((form) => [form.id, form] as const))(
    '%s labels every answer field in both languages and nothing else',
    (_id, form) => {
      // Prepare
      const fields = form.fields as Record<string, { label: { zh: string; en: string } }>;
      // Assess
      expect(Object.keys(fields).sort()).toEqual(Object.keys(form.answers.shape).sort());
      for (const spec of Object.values(fields)) {
        expect(spec.label.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(spec.label.en).toMatch(/^[\x20-\x7e]+$/);
      }
    },
  );

  it.each(FORMS.map((form) => [form.id, form] as const))('%s has unique rule ids and figure ids', (_id, form) => {
    // Prepare
    const ruleIds = form.hazardRules.map((rule) => rule.id);
    const figureIds = form.figures.map((figure) => figure.id);
    // Assess
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    expect(new Set(figureIds).size).toBe(figureIds.length);
    expect(figureIds.length).toBeGreaterThan(0);
  });

  it.each(FORMS.map((form) => [form.id, form] as const))(
    '%s refuses unknown answer keys (strict schema)',
    (id, form) => {
      // Act
      const result = form.answers.safeParse({ ...validAnswers[id as keyof typeof validAnswers], surplus: true });
      // Assess
      expect(result.success).toBe(false);
    },
  );
});

describe('findForm', () => {
  const v2 = { ...canteenDaily, version: 2 } as FormDefinition;
  const versions: FormDefinition[] = [v2, canteenDaily, hazardReport];

  it('finds a form by id at its latest version when none is named', () => {
    // Act
    const latest = findForm('canteen-daily', undefined, versions);
    // Assess
    expect(latest).toBe(v2);
  });

  it('finds the version that is named', () => {
    // Act
    const first = findForm('canteen-daily', 1, versions);
    // Assess
    expect(first).toBe(canteenDaily);
  });

  it('returns undefined for an unknown id or version', () => {
    // Assess
    expect(findForm('canteen-weekly')).toBeUndefined();
    expect(findForm('canteen-daily', 3, versions)).toBeUndefined();
    expect(findForm('dormitory-patrol', 2)).toBeUndefined();
  });

  it('searches the catalogue by default', () => {
    // Assess
    expect(findForm('dormitory-patrol')).toBe(dormitoryPatrol);
    expect(findForm('hazard-report', 1)).toBe(hazardReport);
  });
});

describe('formAppliesTo', () => {
  it('refuses the canteen check to a school without a canteen and allows it to one with', () => {
    // Assess
    expect(formAppliesTo(canteenDaily, NO_FLAGS)).toBe(false);
    expect(formAppliesTo(canteenDaily, { ...NO_FLAGS, hasCanteen: true })).toBe(true);
  });

  it('allows the dormitory patrol to boarding schools only', () => {
    // Assess
    expect(formAppliesTo(dormitoryPatrol, { ...NO_FLAGS, hasCanteen: true })).toBe(false);
    expect(formAppliesTo(dormitoryPatrol, { ...NO_FLAGS, boarding: true })).toBe(true);
  });

  it('allows a hazard report from any school', () => {
    // Assess
    expect(formAppliesTo(hazardReport, NO_FLAGS)).toBe(true);
  });
});

describe('fieldLabels', () => {
  it('describes each answer by its dotted path: label, unit and options as the form declares them', () => {
    // Act
    const labels = fieldLabels(hazardReport);
    // Assess
    expect(Object.keys(labels)).toEqual([
      'answers.place',
      'answers.category',
      'answers.severity',
      'answers.description',
    ]);
    expect(labels).toEqual(
      Object.fromEntries(Object.entries(hazardReport.fields).map(([name, spec]) => [`answers.${name}`, spec])),
    );
    expect(labels['answers.place']).toMatchObject({ label: { zh: '隐患位置', en: 'Place' } });
  });

  it('lets parseOrThrow name the refused field with its label in the caller locale', () => {
    // Prepare
    const answers = { ...validAnswers['canteen-daily'], staffOnDuty: 1001 };
    // Act
    const refuse = (locale: 'zh-CN' | 'en') => {
      try {
        parseOrThrow(canteenDaily.answers, answers, locale, fieldLabels(canteenDaily), 'answers');
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const zh = refuse('zh-CN');
    const en = refuse('en');
    // Assess
    expect(zh).toBeInstanceOf(AppError);
    expect((zh as AppError).details).toEqual([
      expect.objectContaining({ field: 'answers.staffOnDuty', label: '在岗从业人员' }),
    ]);
    expect((en as AppError).details).toEqual([
      expect.objectContaining({ field: 'answers.staffOnDuty', label: 'Staff on duty' }),
    ]);
  });
});

describe('catalogueView', () => {
  it('serves every form with its titles, cadence, applies-to, fields, rules and figures', () => {
    // Act
    const view = catalogueView();
    // Assess
    expect(view.map((form) => [form.id, form.version, form.cadence, form.appliesTo])).toEqual(
      FORMS.filter((form) => !form.retired).map((form) => [form.id, form.version, form.cadence, form.appliesTo]),
    );
    expect(view.find((form) => form.id === 'dormitory-patrol')).toMatchObject({
      cadence: 'school-night',
      appliesTo: 'boarding',
    });
    const canteen = view.find((form) => form.id === 'canteen-daily')!;
    expect(canteen.title).toEqual({ zh: '食堂食品安全每日检查', en: 'Canteen food safety daily check' });
    expect(canteen.fields).toContainEqual({
      name: 'sampleGramsPerDish',
      label: { zh: '每个品种最少留样量', en: 'Smallest sample weight per dish' },
      unit: { zh: '克', en: 'g' },
    });
    expect(canteen.hazardRules).toContainEqual({
      id: 'no-sample',
      severity: 'high',
      category: 'food',
      title: { zh: '未按规定留样', en: 'No food samples retained' },
    });
    expect(canteen.figures).toContainEqual({
      id: 'mealsServed',
      label: { zh: '供餐数', en: 'Meals served' },
      unit: { zh: '份', en: 'meals' },
      aggregate: 'sum',
    });
    expect(
      view.find((form) => form.id === 'hazard-report')!.fields.find((field) => field.name === 'severity')?.options,
    ).toHaveProperty('critical', { zh: '重大', en: 'Critical' });
  });

  it('is plain JSON: it survives a round trip unchanged', () => {
    // Act
    const view = catalogueView('en');
    // Assess
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('is built once per locale and frozen', () => {
    // Act
    const first = catalogueView('zh-CN');
    const again = catalogueView('zh-CN');
    // Assess
    expect(again).toBe(first);
    expect(catalogueView('en')).not.toBe(first);
    expect(Object.isFrozen(first[0]!.jsonSchema)).toBe(true);
    expect(Object.isFrozen(first[0]!.fields[0]!.label)).toBe(true);
    expect(Object.isFrozen(canteenDaily.title)).toBe(false);
  });

  it.each(FORMS.map((form) => form.id))('gives %s a strict JSON Schema 2020-12 with a title for every field', (id) => {
    // Act
    const schema = catalogueView('en').find((form) => form.id === id)!.jsonSchema;
    // Assess
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
    });
    const properties = schema.properties as Record<string, Schema>;
    expect((schema.required as string[]).every((name) => name in properties)).toBe(true);
    for (const property of Object.values(properties)) {
      expect(property.title).toEqual(expect.any(String));
      expect(property.description).toMatch(/[\u4e00-\u9fff].* \/ /);
    }
  });

  it('titles fields in the requested locale, with their unit', () => {
    // Act
    const canteen = (locale: 'zh-CN' | 'en') => catalogueView(locale).find((form) => form.id === 'canteen-daily')!;
    const zh = canteen('zh-CN').jsonSchema.properties as Record<string, Schema>;
    const en = canteen('en').jsonSchema.properties as Record<string, Schema>;
    // Assess
    expect(zh.foodWasteKg!.title).toBe('餐厨垃圾（剩余饭菜）（千克）');
    expect(en.foodWasteKg!.title).toBe('Food waste (kg)');
  });

  it.each(FORMS.map((form) => form.id))('accepts the valid %s example by its JSON Schema', (id) => {
    // Prepare
    const schema = catalogueView().find((form) => form.id === id)!.jsonSchema;
    // Act
    const problems = nonConformities(schema, allValidAnswers[id as keyof typeof allValidAnswers]);
    // Assess
    expect(problems).toEqual([]);
  });

  it('refuses by its JSON Schema what the form refuses: wrong type, out of range, unknown key, missing conditional field', () => {
    // Prepare
    const schema = catalogueView().find((form) => form.id === 'canteen-daily')!.jsonSchema;
    const { sampleHours: _hours, ...withoutHours } = validAnswers['canteen-daily'];
    // Act
    const problems = nonConformities(schema, { ...withoutHours, ledgerKept: 'yes', staffOnDuty: 1001, surplus: 1 });
    // Assess
    expect(problems.sort()).toEqual([
      '.ledgerKept: not boolean',
      '.sampleHours: required',
      '.staffOnDuty: > maximum',
      '.surplus: not allowed',
    ]);
  });
});
