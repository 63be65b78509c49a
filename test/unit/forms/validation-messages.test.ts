import { FORMS, fieldLabels } from '../../../shared/forms/catalogue';
import type { FieldSpec, FormDefinition } from '../../../shared/forms/types';
import type { Locale } from '../../../shared/i18n';
import { safeParseLocalized } from '../../../shared/validation';
import { allValidAnswers } from './examples';

/*
 * Issue 23, point 4: messages a school secretary can act on. Every field of every form in the
 * catalogue (its type read from the form's own schema, not a hand list) gets wrong values; each
 * refusal must name the field by its catalogue label, say what is expected (with the unit for a
 * quantity) and repeat what came, in plain Chinese with no English type name, and in English.
 */

interface SchemaDef {
  type: string;
  format?: string;
  innerType?: { _zod: { def: SchemaDef } };
  checks?: { _zod: { def: { check: string; value?: number; maximum?: number; format?: string } } }[];
}

/** The field's schema definition, under optional/default wrappers. */
function defOf(form: FormDefinition, name: string): SchemaDef {
  let def = (form.answers.shape[name] as unknown as { _zod: { def: SchemaDef } })._zod.def;
  while (def.innerType) def = def.innerType._zod.def;
  return def;
}

/** Wrong values for a field, chosen by the type its schema declares. */
function wrongValues(def: SchemaDef): unknown[] {
  const checks = (def.checks ?? []).map((check) => check._zod.def);
  switch (def.type) {
    case 'number': {
      const max = checks.find((check) => check.check === 'less_than')?.value;
      const integer = def.format === 'safeint' || checks.some((check) => check.format === 'safeint');
      return ['12公斤', '', -1, ...(max !== undefined ? [max + 1] : []), ...(integer ? [12.5] : [])];
    }
    case 'boolean':
      return ['是', 1, null];
    case 'enum':
      return ['不存在的选项', 3];
    case 'string': {
      const maxLength = checks.find((check) => check.check === 'max_length')?.maximum;
      return [12345, '   ', ...(maxLength !== undefined ? ['长'.repeat(maxLength + 1)] : []), false];
    }
    default:
      throw new Error(`a field type this test does not know: ${def.type}`);
  }
}

/** English words a secretary should never read in a Chinese message (zod's type names and jargon). */
const ENGLISH_JARGON =
  /\b(string|number|boolean|int|integer|bigint|float|expected|received|object|array|undefined|nan|invalid|input|enum|type)\b/i;
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]/;

const CASES = FORMS.filter((form) => !form.retired).flatMap((form) =>
  Object.keys(form.answers.shape).flatMap((name) =>
    wrongValues(defOf(form, name)).map((value) => ({ form, name, value })),
  ),
);

function reasonFor(form: FormDefinition, name: string, value: unknown, locale: Locale): string {
  const answers = { ...(allValidAnswers as Record<string, Record<string, unknown>>)[form.id], [name]: value };
  const result = safeParseLocalized(form.answers, answers, locale, fieldLabels(form), 'answers');
  if (result.ok) throw new Error(`${form.id}.${name} = ${JSON.stringify(value)} was accepted`);
  const issue = result.issues.find((candidate) => candidate.field === `answers.${name}`);
  if (!issue) throw new Error(`${form.id}.${name}: no issue on the field, only ${JSON.stringify(result.issues)}`);
  return issue.reason;
}

describe('validation messages (issue 23, point 4)', () => {
  it('walks every field of every form in the catalogue, of each of the types forms use', () => {
    // Assess
    const types = new Set(
      FORMS.flatMap((form) => Object.keys(form.answers.shape).map((name) => defOf(form, name).type)),
    );
    expect([...types].sort()).toEqual(['boolean', 'enum', 'number', 'string']);
    expect(CASES.length).toBeGreaterThan(200);
    for (const form of FORMS.filter((candidate) => !candidate.retired)) {
      expect(safeParseLocalized(form.answers, (allValidAnswers as Record<string, unknown>)[form.id], 'zh-CN').ok).toBe(
        true,
      );
    }
  });

  it.each(CASES.map((c) => [c.form.id, c.name, JSON.stringify(c.value), c] as const))(
    '%s.%s = %s',
    (_form, _name, _value, { form, name, value }) => {
      // Prepare
      const spec = (form.fields as Record<string, FieldSpec>)[name]!;
      const shown = typeof value === 'string' ? value.slice(0, 40) : undefined;
      // Act
      const zh = reasonFor(form, name, value, 'zh-CN');
      const en = reasonFor(form, name, value, 'en');
      // Assess: Chinese that names the label, says what is expected and repeats what came.
      expect(zh.startsWith(`${spec.label.zh}：`)).toBe(true);
      const zhWithoutEcho = shown ? zh.replace(`“${shown}`, '“') : zh;
      expect(zhWithoutEcho).not.toMatch(ENGLISH_JARGON);
      expect(zh).toMatch(/收到的是/);
      if (shown !== undefined && shown.trim() !== '') expect(zh).toContain(`“${shown}`);
      if (typeof value === 'number') expect(zh).toContain(String(value));
      if (spec.unit && defOf(form, name).type === 'number') expect(zh).toContain(spec.unit.zh);
      // English likewise: the label, and no Chinese but what the school typed.
      expect(en.startsWith(`${spec.label.en}: `)).toBe(true);
      expect(shown ? en.replace(`"${shown}`, '"') : en).not.toMatch(CJK);
      expect(en).toMatch(/received /);
      if (spec.unit && defOf(form, name).type === 'number') expect(en).toContain(spec.unit.en);
    },
  );

  it('tells the secretary who typed "12公斤" for grams to enter digits in grams, without the unit', () => {
    // Prepare
    const form = FORMS.find((candidate) => candidate.id === 'canteen-daily')!;
    // Act
    const zh = reasonFor(form, 'sampleGramsPerDish', '12公斤', 'zh-CN');
    const en = reasonFor(form, 'sampleGramsPerDish', '12公斤', 'en');
    // Assess
    expect(zh).toBe('每个品种最少留样量：应填 0 到 10000 之间的整数，单位为克，不要带单位；收到的是文字“12公斤”。');
    expect(en).toBe(
      'Smallest sample weight per dish: enter a whole number from 0 to 10000, in g, without the unit; received the text "12公斤".',
    );
  });

  it('tells the secretary who typed "是" for a yes/no to send true or false', () => {
    // Prepare
    const form = FORMS.find((candidate) => candidate.id === 'canteen-daily')!;
    // Act
    const zh = reasonFor(form, 'sampleKept', '是', 'zh-CN');
    // Assess
    expect(zh).toBe('按规定留样：应填 true（是）或 false（否），不要加引号；收到的是文字“是”。');
  });

  it('names a missing field as required, with what to enter', () => {
    // Prepare
    const form = FORMS.find((candidate) => candidate.id === 'canteen-daily')!;
    const { mealsServed: _left, ...answers } = allValidAnswers['canteen-daily'];
    // Act
    const result = safeParseLocalized(form.answers, answers, 'zh-CN', fieldLabels(form), 'answers');
    // Assess
    expect(result.ok ? [] : result.issues).toEqual([
      {
        field: 'answers.mealsServed',
        label: '供餐数',
        reason: '供餐数：必须填写，应填 0 到 100000 之间的整数，单位为份，不要带单位。',
      },
    ]);
  });
});
