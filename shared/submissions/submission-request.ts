// zod/mini, as the forms: the submission function's cold start pays for every schema API it bundles.
import * as z from 'zod/mini';
import { MAX_ANSWER_KEY_CHARS, MAX_ANSWERS, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS } from '../http/limits';
import { isCalendarDate } from '../time';
import { parseInput } from '../validation';

/** A client-made submission id: what makes a retry count once. UUIDs fit; so do readable ids. */
export const SUBMISSION_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${MAX_ID_CHARS - 1}}$`);

/**
 * The envelope of POST /v1/submissions. `answers` is checked afterwards by the form's own schema;
 * here it must only be a plain object. Unknown keys are refused.
 */
export const submissionRequestSchema = z
  .strictObject({
    submissionId: z.string().check(z.regex(SUBMISSION_ID_PATTERN)),
    formType: z.string().check(z.minLength(1), z.maxLength(MAX_NAME_CHARS)),
    formVersion: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1000))),
    date: z.string().check(
      z.maxLength(10),
      z.refine(isCalendarDate, {
        params: { text: { zh: '应为真实的日期，格式 YYYY-MM-DD', en: 'Expected a real date written YYYY-MM-DD' } },
      }),
    ),
    answers: z.record(z.string().check(z.maxLength(MAX_ANSWER_KEY_CHARS)), z.unknown()).check(
      z.refine((answers) => Object.keys(answers).length <= MAX_ANSWERS, {
        params: { text: { zh: `答案项过多：最多 ${MAX_ANSWERS} 项`, en: `Too many answers: at most ${MAX_ANSWERS}` } },
      }),
    ),
    note: z.optional(z.string().check(z.trim(), z.maxLength(MAX_NOTE_CHARS))),
    /** The earlier submission of the same school and form that this one corrects. */
    supersedes: z.optional(z.string().check(z.regex(SUBMISSION_ID_PATTERN))),
  })
  .check(
    z.refine((request) => request.supersedes !== request.submissionId, {
      path: ['supersedes'],
      params: { text: { zh: '不能更正自身', en: 'A submission cannot correct itself' } },
    }),
  );

export type SubmissionRequest = z.output<typeof submissionRequestSchema>;

/** How the envelope's fields read in validation messages (the answers are labelled by their form). */
export const SUBMISSION_REQUEST_LABELS = {
  submissionId: { label: { zh: '提交编号', en: 'Submission id' } },
  formType: { label: { zh: '表单类型', en: 'Form type' } },
  formVersion: { label: { zh: '表单版本', en: 'Form version' } },
  date: { label: { zh: '检查日期', en: 'Date' } },
  answers: { label: { zh: '填报内容', en: 'Answers' } },
  note: { label: { zh: '备注', en: 'Note' } },
  supersedes: { label: { zh: '更正的提交编号', en: 'Submission corrected' } },
} as const satisfies Record<keyof SubmissionRequest, { label: { zh: string; en: string } }>;

/** A submission as the core records it: the parsed envelope and the body as sent (its hash tells an identical replay from a conflict). */
export interface SubmissionInput {
  request: SubmissionRequest;
  body: unknown;
}

/**
 * Reads a raw body as POST /v1/submissions does (its apiHandler names the same schema and labels),
 * for in-process callers that hold one: the demo seeder, the benches, tests. A body that does not
 * fit is VALIDATION_FAILED naming each field.
 */
export function submissionInput(body: unknown): SubmissionInput {
  return { request: parseInput(submissionRequestSchema, body, SUBMISSION_REQUEST_LABELS), body };
}
