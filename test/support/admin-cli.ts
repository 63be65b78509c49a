import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

/** What a run of the admin CLI printed and how it ended. */
export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tsx infra/cli/admin.ts …` as `npm run admin` does, in a child process whose environment
 * names no table and no endpoint: everything it knows of the target comes from `env` (e.g. the
 * stack file, HOUQIN_LOCAL_STACK_FILE).
 */
export function runAdmin(args: string[], env: Record<string, string | undefined>): Promise<AdminRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LANG: 'zh_CN.UTF-8', ...env };
  for (const name of [
    'TABLE_NAME',
    'AWS_ENDPOINT_URL_DYNAMODB',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_REGION',
  ])
    delete childEnv[name];
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      [TSX, 'infra/cli/admin.ts', ...args],
      { cwd: ROOT, env: childEnv, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolveRun({ code, stdout, stderr });
      },
    );
  });
}
