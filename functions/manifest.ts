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
  | { kind: 'authorizer' };

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
