import type * as z from 'zod/mini';
import { hazardsRaisedBy } from '../../shared/forms/catalogue';
import type { FormDefinition } from '../../shared/forms/types';
import type { Locale, Text } from '../../shared/i18n';
import { errorMapFor } from '../../shared/validation';

// The contract every form type's unit test checks (test/unit/forms/<id>.test.ts), written once:
// a form's test states its own data in a table (`describeFormContract`) and keeps only its
// form-specific checks, for which `formHarness` gives the same helpers.

/** Answers as a test writes them: any shape, valid or not. */
export type Answers = Record<string, unknown>;

/** A form's answers checked as the API checks them, and what they raise and count. */
export function formHarness<S extends z.ZodMiniObject>(form: FormDefinition<S>) {
  const parse = (answers: unknown, locale: Locale = 'zh-CN') =>
    form.answers.safeParse(answers, { error: errorMapFor(locale) });
  return {
    /** The form's valid example (its folder's examples.ts), as a school's client sends it. */
    valid: form.example as Answers,
    /** The valid example without these fields. */
    without: (...fields: string[]): Answers =>
      Object.fromEntries(Object.entries(form.example).filter(([field]) => !fields.includes(field))),
    parse,
    /** The dotted path of each issue, in the order the schema reports them ('' for the object itself). */
    refusedPaths: (answers: unknown): string[] => (parse(answers).error?.issues ?? []).map(pathOf),
    /** Each issue as [path, message] in `locale`. */
    messages: (answers: unknown, locale: Locale): [string, string][] =>
      (parse(answers, locale).error?.issues ?? []).map((issue) => [pathOf(issue), issue.message]),
    /** The hazards the form's rules raise from answers its schema accepts, in rule order. */
    raisedBy: (answers: unknown) => hazardsRaisedBy(form as FormDefinition, form.answers.parse(answers)),
    /** Each figure's value for answers its schema accepts, by figure id. */
    figures: (answers: unknown): Record<string, number | undefined> => {
      const parsed = form.answers.parse(answers);
      return Object.fromEntries(form.figures.map((figure) => [figure.id, figure.value(parsed)]));
    },
  };
}

function pathOf(issue: { path: PropertyKey[] }): string {
  return issue.path.join('.');
}

/** A test of the table: its name, and answers (whole answers: spread the valid example yourself). */
interface Case {
  title: string;
  answers: Answers;
}

/** One form's own data for the contract every form meets. */
export interface FormContract {
  /** Its id, version, cadence and appliesTo, in that order. */
  definition?: { title: string; is: [string, number, string, string] };
  /** The unit of each field named, in both languages. */
  units?: { title: string; units: Record<string, Text> };
  /** Answers other than the example that are accepted, several per test. */
  accepted?: { title: string; answers: Answers[] }[];
  /** Each field's refused values: each, alone in the valid example, is refused at that field's path only. */
  refused: Record<string, readonly unknown[]>;
  /** A key the form does not ask, with a value: refused and named. `title` names the test when it says more. */
  unknownKey: { key: string; value: unknown; title?: string };
  /** Answers refused at exactly these paths, in this order (or in any order, for a mix with an unknown key). */
  refusedAt?: (Case & { paths: string[]; inAnyOrder?: true })[];
  /** Answers refused with exactly these [path, message] issues, in Chinese and in English. */
  explained?: (Case & { zh: [string, string][]; en: [string, string][] })[];
  /** Answers and exactly the hazards they raise, in rule order (`expect.objectContaining` for the parts a test is about). */
  hazards?: (Case & { raised: unknown[] })[];
  /** For a form without hazard rules: it has none, and these answers raise nothing. */
  noHazardRules?: Case;
  /** Answers and their figures: all of them (`equal`), some (`including`), or each as [id, aggregate, value] in order. */
  figures: (Case & {
    equal?: Record<string, number | undefined>;
    including?: Record<string, number | undefined>;
    columns?: [string, string, number | undefined][];
  })[];
}

/** How a test names a form: its id in camel case (`electrical-fire` → electricalFire). */
export function formName(form: Pick<FormDefinition, 'id'>): string {
  return form.id.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The contract of one form type, from its table: its definition, the valid example accepted as it
 * is, other accepted answers, each refused value at its own path, an unknown key named, the
 * cross-field checks and their messages in both languages, its hazard rules and its figures.
 */
export function describeFormContract<S extends z.ZodMiniObject>(form: FormDefinition<S>, contract: FormContract): void {
  const { valid, parse, refusedPaths, messages, raisedBy, figures } = formHarness(form);
  const name = formName(form);

  if (contract.definition || contract.units)
    describe(`${name} definition`, () => {
      if (contract.definition) {
        const { title, is } = contract.definition;
        it(title, () => {
          // Assess
          expect([form.id, form.version, form.cadence, form.appliesTo]).toEqual(is);
        });
      }
      if (contract.units) {
        const { title, units } = contract.units;
        it(title, () => {
          // Assess
          const fields = form.fields as Record<string, { unit?: Text }>;
          for (const [field, unit] of Object.entries(units)) expect(fields[field]?.unit).toEqual(unit);
        });
      }
    });

  describe(`${name} answers`, () => {
    it('accepts the valid example as it is', () => {
      // Act
      const result = parse(valid);
      // Assess
      expect(result.success).toBe(true);
      expect(result.data).toEqual(valid);
    });

    for (const { title, answers } of contract.accepted ?? [])
      it(title, () => {
        // Act
        const results = answers.map((each) => parse(each));
        // Assess
        expect(results.map((result) => result.error?.issues ?? [])).toEqual(answers.map(() => []));
      });

    const refused = Object.entries(contract.refused).flatMap(([field, values]) =>
      values.map((value) => [field, value]),
    );
    it.each(refused)('refuses %s = %p at its own path', (field, value) => {
      // Act
      const paths = refusedPaths({ ...valid, [field as string]: value });
      // Assess
      expect(paths).toEqual([field]);
    });

    const { key, value, title = 'refuses an unknown key, naming it' } = contract.unknownKey;
    it(title, () => {
      // Act
      const result = parse({ ...valid, [key]: value });
      // Assess
      expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: [key] })]);
    });

    for (const { title, answers, paths, inAnyOrder } of contract.refusedAt ?? [])
      it(title, () => {
        // Act
        const refusedAt = refusedPaths(answers);
        // Assess
        expect(inAnyOrder ? refusedAt.sort() : refusedAt).toEqual(inAnyOrder ? [...paths].sort() : paths);
      });

    for (const { title, answers, zh, en } of contract.explained ?? [])
      it(title, () => {
        // Act
        const inChinese = messages(answers, 'zh-CN');
        const inEnglish = messages(answers, 'en');
        // Assess
        expect(inChinese).toEqual(zh);
        expect(inEnglish).toEqual(en);
      });
  });

  describe(`${name} hazard rules`, () => {
    for (const { title, answers, raised } of contract.hazards ?? [])
      it(title, () => {
        // Act
        const hazards = raisedBy(answers);
        // Assess
        expect(hazards).toEqual(raised);
      });

    if (contract.noHazardRules) {
      const { title, answers } = contract.noHazardRules;
      it(title, () => {
        // Act
        const hazards = raisedBy(answers);
        // Assess
        expect(form.hazardRules).toEqual([]);
        expect(hazards).toEqual([]);
      });
    }
  });

  describe(`${name} figures`, () => {
    for (const { title, answers, equal, including, columns } of contract.figures)
      it(title, () => {
        // Act
        const values = figures(answers);
        // Assess
        if (equal) expect(values).toEqual(equal);
        if (including) expect(values).toMatchObject(including);
        if (columns)
          expect(form.figures.map((figure) => [figure.id, figure.aggregate, values[figure.id]])).toEqual(columns);
      });
  });
}
