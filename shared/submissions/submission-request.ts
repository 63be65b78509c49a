import * as z from 'zod';
import { MAX_ANSWER_KEY_CHARS, MAX_ANSWERS, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS } from '../http/limits';
import { isCalendarDate } from '../time';

/** A client-made submission id: what makes a retry count once. UUIDs fit; so do readable ids. */
export const SUBMISSION_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${MAX_ID_CHARS - 1}}$`);

/**
 * The envelope of POST /v1/submissions. `answers` is checked afterwards by the form's own schema;
 * here it must only be a plain object. Unknown keys are refused.
 */
export const submissionRequestSchema = z
  .object({
    submissionId: z.string().regex(SUBMISSION_ID_PATTERN),
    formType: z.string().min(1).max(MAX_NAME_CHARS),
    formVersion: z.number().int().min(1).max(1000).optional(),
    date: z.string().max(10).refine(isCalendarDate, { params: { text: { zh: '应为真实的日期，格式 YYYY-MM-DD', en: 'Expected a real date written YYYY-MM-DD' } } }),
    answers: z.record(z.string().max(MAX_ANSWER_KEY_CHARS), z.unknown()).refine((answers) => Object.keys(answers).length <= MAX_ANSWERS, {
      params: { text: { zh: `答案项过多：最多 ${MAX_ANSWERS} 项`, en: `Too many answers: at most ${MAX_ANSWERS}` } },
    }),
    note: z.string().trim().max(MAX_NOTE_CHARS).optional(),
    /** The earlier submission of the same school and form that this one corrects. */
    supersedes: z.string().regex(SUBMISSION_ID_PATTERN).optional(),
  })
  .strict()
  .refine((request) => request.supersedes !== request.submissionId, {
    path: ['supersedes'],
    params: { text: { zh: '不能更正自身', en: 'A submission cannot correct itself' } },
  });

export type SubmissionRequest = z.output<typeof submissionRequestSchema>;
