import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { submissionMetrics } from '../../shared/metrics';
import { recordSubmission } from '../../shared/submissions/record-submission';

requireEnv(ENV.tableName);

/** POST /v1/submissions: 201 with the hazards raised; identical replay 200; same id, other body 409. */
export const handler = apiHandler({ roles: ['school'] }, async ({ body, principal, locale }) => {
  const outcome = await recordSubmission(body, principal, locale);
  submissionMetrics(outcome.status, outcome.body);
  return outcome;
});
