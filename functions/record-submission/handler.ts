import { ENV, requireEnv } from '../../shared/config';
import { answer, apiHandler } from '../../shared/http/api-handler';
import { submissionMetrics } from '../../shared/metrics';
import { recordSubmission } from '../../shared/submissions/record-submission';
import { SUBMISSION_REQUEST_LABELS, submissionRequestSchema } from '../../shared/submissions/submission-request';

requireEnv(ENV.tableName);

/** POST /v1/submissions: 201 with the hazards raised; identical replay 200; same id, other body 409. */
export const handler = apiHandler(
  { roles: ['school'], body: submissionRequestSchema, bodyLabels: SUBMISSION_REQUEST_LABELS },
  async ({ body, rawBody, principal }) => {
    const outcome = await recordSubmission({ request: body, body: rawBody }, principal);
    const result = answer(outcome);
    submissionMetrics(result.status, outcome.body);
    return result;
  },
);
