import { FORM_EXAMPLES } from '../../../shared/forms/examples';

// Example answers, as a school would send them, shared by the unit and integration tests: each
// form folder's own examples.ts (shared/forms/<id>/examples.ts), gathered by the generated
// registry, so a new form type's example is here without an edit. Frozen: a test that wants other
// answers spreads a copy (`{ ...validAnswers[id], field: x }`).

/**
 * One valid submission's answers per form type, by id. None raises a hazard but the hazard
 * report's (one, high and electrical); none is flagged as suspicious.
 */
export const validAnswers = FORM_EXAMPLES;

/** The same examples, under the name the integration tests use. */
export const allValidAnswers = FORM_EXAMPLES;
