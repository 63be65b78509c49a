import { FORM_TYPES } from './registry';

/** Every form type's example answers, typed by id as its schema's input. */
export type FormExamples = { readonly [K in keyof typeof FORM_TYPES]: (typeof FORM_TYPES)[K]['example'] };

/**
 * One valid example of each form type's answers, as a school's client sends them, by id: each
 * folder's examples.ts, which its definition carries (`example`, checked against its schema by the
 * compiler). For tests, the demo and the docs.
 */
export const FORM_EXAMPLES: FormExamples = Object.freeze(
  Object.fromEntries(Object.entries(FORM_TYPES).map(([id, form]) => [id, form.example])) as FormExamples,
);
