import { join } from 'node:path';
import type { Email } from 'aws-ses-v2-local/dist/store';
import { runAdmin, type AdminRun } from '../support/admin-cli';
import { callApi, type CallOptions, type Reply } from '../support/api-client';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../e2e/local-stack';

/*
 * The security suite replays attacks as an attacker would: over HTTP against the real local stack
 * (`npm start` on free ports, its data in a temporary folder), with the tokens an attacker could
 * hold. `useLocalStack()` starts one stack for the test file that calls it (beforeAll) and stops it
 * after the file (afterAll), through the same starter as the e2e tests (test/e2e/local-stack.ts).
 * How to add a case: test/security/README.md.
 */

/** How long a first start may take on a busy two-core machine (DynamoDB Local, s3rver, the demo district). */
const START_TIMEOUT_MS = 180_000;

export type { CallOptions, Reply } from '../support/api-client';

/** One mail that the stack's SES emulator holds (subject, destination, body, attachments). */
export type StoredMail = Email;

export interface SecurityStackOptions extends LocalStackOptions {
  /**
   * Record the demo district's history in the background, as a first `npm start` does. Off by
   * default: the demo district and its tokens are there, but no submission, hazard or mail that
   * the test did not cause (the stack's HOUQIN_DEMO_PAUSE_AT=district hook).
   */
  history?: boolean;
}

/** What a test file gets from `useLocalStack()`; valid inside tests and hooks, after beforeAll. */
export interface SecurityStack {
  /** The running stack (API URL, demo tokens, its folder). */
  readonly stack: LocalStack;
  readonly apiUrl: string;
  readonly tokens: LocalStack['credentials']['tokens'];
  /** `local-stack.json`: what `npm run admin` reads to reach this stack (HOUQIN_LOCAL_STACK_FILE). */
  readonly stackFile: string;
  /** An HTTP request to the stack's API, as a client sends it. */
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** `npm run admin -- <args>` against this stack (zh-CN unless `env.LANG` says otherwise). */
  admin(args: string[], env?: Record<string, string>): Promise<AdminRun>;
  /** Every mail the stack has sent so far (SES emulator). */
  mail(): Promise<StoredMail[]>;
}

/**
 * Starts an isolated local stack once for the calling test file and stops it (removing its
 * folder) after the file. Call it at the top of a `describe` block or of the file.
 */
export function useLocalStack(options: SecurityStackOptions = {}): SecurityStack {
  const { history = false, ...startOptions } = options;
  let running: LocalStack | undefined;

  beforeAll(async () => {
    running = await startLocalStack({
      readyTimeoutMs: START_TIMEOUT_MS - 10_000,
      ...startOptions,
      env: { ...(history ? {} : { HOUQIN_DEMO_PAUSE_AT: 'district' }), ...startOptions.env },
    });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
  }, 30_000);

  const stack = (): LocalStack => {
    if (!running) throw new Error('the local stack is not running: useLocalStack() starts it in beforeAll');
    return running;
  };

  return {
    get stack() {
      return stack();
    },
    get apiUrl() {
      return stack().apiUrl;
    },
    get tokens() {
      return stack().credentials.tokens;
    },
    get stackFile() {
      return join(stack().dir, 'local-stack.json');
    },
    call: (method, path, callOptions = {}) => callApi(stack().apiUrl, method, path, callOptions),
    admin: (args, env = {}) =>
      runAdmin(args, { HOUQIN_LOCAL_STACK_FILE: join(stack().dir, 'local-stack.json'), ...env }),
    mail: async () => {
      const reply = await fetch(`${stack().credentials.mailViewerUrl}store`);
      if (!reply.ok) throw new Error(`the mail viewer answered ${reply.status}`);
      return ((await reply.json()) as { emails: StoredMail[] }).emails;
    },
  };
}
