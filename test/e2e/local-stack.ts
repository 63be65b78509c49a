import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DemoCredentials } from '../../infra/local/start';

/*
 * Starts the local stack exactly as a developer does (`tsx infra/local/start.ts`), on free ports
 * and with its data in a temporary folder, so an e2e run never touches `.local/` or a stack the
 * developer has running. The stack runs in its own process group: stopping it kills the group,
 * which takes DynamoDB Local and aws-ses-v2-local along.
 */

const PROJECT_ROOT = resolve(__dirname, '..', '..');
const READY_LINE = /houqin: ready in (\d+) ms/;

/** A local stack started for a test file. */
export interface LocalStack {
  apiUrl: string;
  credentials: DemoCredentials;
  /** The stack's HOUQIN_LOCAL_DIR. */
  dir: string;
  /** Startup time the stack reported. */
  readyMs: number;
  output(): string;
  /** Resolves with the first match of `pattern` in the output, waiting up to `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends `signal` to the stack's process group and waits until it has exited; keeps its folder (to start it again there). */
  interrupt(signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops the stack and removes its folder. */
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  args?: string[];
  readyTimeoutMs?: number;
  /** Start in this HOUQIN_LOCAL_DIR (an earlier stack's, to start it again) instead of a new temporary one. */
  dir?: string;
  /** More environment for the stack. */
  env?: Record<string, string>;
}

/** Starts the stack and resolves once it prints its ready line and has written its credentials. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'houqin-e2e-'));
  const child = spawn('npx', ['tsx', 'infra/local/start.ts', ...(options.args ?? [])], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: '0',
      DYNAMODB_PORT: '0',
      S3_PORT: '0',
      SES_PORT: '0',
      HOUQIN_LOCAL_DIR: dir,
      // Its own photo-link key ring in its folder, whatever another project's global set-up put in
      // this process's environment (jest runs every project's globalSetup in one parent process).
      PHOTO_LINK_KEY_FILE: join(dir, 'photo-link-keys.json'),
      ...options.env,
    },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the local stack');
  let output = '';
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  // A test run that dies without its afterAll must not leave a stack behind.
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);

  const interrupt = async (signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL') => {
    process.removeListener('exit', killGroup);
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-pid, signal);
      } catch {
        // already gone
      }
      const timer = setTimeout(killGroup, 20_000);
      await exited;
      clearTimeout(timer);
    }
    // What the group started (DynamoDB Local, aws-ses-v2-local) goes too, whatever the signal.
    killGroup();
  };
  const stop = async () => {
    await interrupt('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  const waitForOutput = (pattern: RegExp, timeoutMs = 120_000) =>
    new Promise<RegExpExecArray>((resolveMatch, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = () => {
        const match = pattern.exec(output);
        if (match) return resolveMatch(match);
        if (Date.now() > deadline)
          return reject(
            new Error(`the local stack did not print ${String(pattern)} within ${timeoutMs} ms:\n${output}`),
          );
        setTimeout(poll, 200);
      };
      poll();
    });

  try {
    const readyMs = await new Promise<number>((resolveReady, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`the local stack was not ready after ${options.readyTimeoutMs ?? 90_000} ms:\n${output}`)),
        options.readyTimeoutMs ?? 90_000,
      );
      const collect = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const ready = READY_LINE.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolveReady(Number(ready[1]));
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the local stack exited (code ${code}) before it was ready:\n${output}`));
      });
    });
    const credentials = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
    return {
      apiUrl: credentials.apiUrl,
      credentials,
      dir,
      readyMs,
      output: () => output,
      waitForOutput,
      interrupt,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
