/**
 * Every function of the system, declared once. The CDK stack (infra/) builds one Lambda per
 * entry and wires its triggers and bindings from this list; the local runtime (infra/local/)
 * routes HTTP requests, schedules and events to the same handlers from the same list, so what
 * runs locally is routed exactly as what is deployed.
 */

/** How a function is invoked. */
export type Trigger =
  /** An HTTP API route; every route runs behind the Lambda authorizer. */
  | { kind: 'http'; method: 'GET' | 'POST'; path: `/v1/${string}` }
  /** The HTTP API's Lambda authorizer itself. */
  | { kind: 'authorizer' }
  /**
   * An EventBridge Scheduler schedule (retry policy and dead-letter queue on AWS; the in-process
   * scheduler locally). `expression` is a Scheduler `cron(...)`/`rate(...)` in `timezone`.
   */
  | { kind: 'schedule'; id: string; expression: string; timezone: string; description: string }
  /** An EventBridge rule on the domain event bus (retries and a dead-letter queue on AWS). */
  | { kind: 'bus'; rule: string; pattern: { 'detail-type': string[]; detail?: Record<string, unknown> } }
  /**
   * The table's stream (new and old images): the outbox from which domain events are published,
   * so nothing written is ever left unannounced. Retries, bisection and an on-failure queue on AWS.
   */
  | { kind: 'table-stream'; batchSize: number; maxBatchingWindowSeconds: number };

/** What a function may touch; each binding grants IAM and sets the environment in one go. */
export interface Bindings {
  table?: 'read' | 'readwrite';
  bucket?: 'read' | 'readwrite';
  bus?: 'put';
  email?: 'send';
}

export interface FunctionSpec {
  /** kebab-case; also the folder under functions/. */
  name: string;
  /** Path of the entry file from the project root; it must export `handler`. */
  entry: string;
  description: string;
  triggers: Trigger[];
  binds: Bindings;
  memoryMb: number;
  timeoutSeconds: number;
}

const fn = (spec: Omit<FunctionSpec, 'entry'>): FunctionSpec => ({ ...spec, entry: `functions/${spec.name}/handler.ts` });

export const FUNCTIONS: readonly FunctionSpec[] = [
  fn({
    name: 'authorizer',
    description: 'Resolves a bearer token to its principal (role, district, school).',
    triggers: [{ kind: 'authorizer' }],
    binds: { table: 'read' },
    memoryMb: 256,
    timeoutSeconds: 5,
  }),
  fn({
    name: 'list-forms',
    description: 'GET /v1/forms: the form catalogue with a JSON Schema per form.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/forms' }],
    binds: {},
    memoryMb: 256,
    timeoutSeconds: 5,
  }),
  fn({
    name: 'record-submission',
    description: 'POST /v1/submissions: validates, stores a submission and the hazards it raises, once.',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/submissions' }],
    binds: { table: 'readwrite' },
    memoryMb: 512,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'list-submissions',
    description: 'GET /v1/submissions: a school its own, an official their district, by month.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/submissions' }],
    binds: { table: 'read' },
    memoryMb: 512,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'get-submission',
    description: 'GET /v1/submissions/{id}: one submission with its hazards, to its school or district.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/submissions/{id}' }],
    binds: { table: 'read' },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'list-hazards',
    description: 'GET /v1/hazards: a school its own hazards, an official their district, by status.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/hazards' }],
    binds: { table: 'read' },
    memoryMb: 512,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'rectify-hazard',
    description: 'POST /v1/hazards/{id}/rectification: the owning school says what it did (open → rectified).',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/hazards/{id}/rectification' }],
    binds: { table: 'readwrite' },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'verify-hazard',
    description: "POST /v1/hazards/{id}/verification: the district's official accepts (verified) or rejects (open again).",
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/hazards/{id}/verification' }],
    binds: { table: 'readwrite' },
    memoryMb: 256,
    timeoutSeconds: 10,
  }),
  fn({
    name: 'get-compliance',
    description: 'GET /v1/compliance: expected against submitted per school and form type for a month.',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/compliance' }],
    binds: { table: 'read' },
    memoryMb: 1024,
    timeoutSeconds: 20,
  }),
  fn({
    name: 'publish-domain-events',
    description: 'Table stream → domain events (SubmissionRecorded, HazardRaised, HazardRectified, HazardVerified) on the bus.',
    triggers: [{ kind: 'table-stream', batchSize: 100, maxBatchingWindowSeconds: 1 }],
    binds: { bus: 'put' },
    memoryMb: 256,
    timeoutSeconds: 30,
  }),
  fn({
    name: 'alert-officials',
    description: "HazardRaised{critical} → an immediate e-mail to the district's officials, in the district's locale.",
    triggers: [{ kind: 'bus', rule: 'critical-hazard-raised', pattern: { 'detail-type': ['HazardRaised'], detail: { severity: ['critical'] } } }],
    binds: { table: 'read', email: 'send' },
    memoryMb: 256,
    timeoutSeconds: 30,
  }),
  fn({
    name: 'sweep-overdue-hazards',
    description: "Hourly; sweeps the districts where it is 09:00: marks hazards overdue and e-mails each district's officials one digest.",
    triggers: [
      {
        kind: 'schedule',
        id: 'overdue-hazard-sweep',
        expression: 'cron(0 * * * ? *)',
        timezone: 'UTC',
        description: "Every hour on the hour; each district is swept when it is 09:00 in the district's timezone.",
      },
    ],
    binds: { table: 'readwrite', email: 'send' },
    memoryMb: 512,
    timeoutSeconds: 300,
  }),
];

/** The HTTP routes of the manifest, flattened. */
export function httpRoutes(functions: readonly FunctionSpec[] = FUNCTIONS) {
  return functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) => (trigger.kind === 'http' ? [{ spec, method: trigger.method, path: trigger.path }] : [])),
  );
}

/** The function that authorizes HTTP requests. */
export function authorizerSpec(functions: readonly FunctionSpec[] = FUNCTIONS): FunctionSpec {
  const spec = functions.find((f) => f.triggers.some((t) => t.kind === 'authorizer'));
  if (!spec) throw new Error('The manifest declares no authorizer');
  return spec;
}
