import { spawn } from 'node:child_process';

/*
 * The emulators that are not Node libraries (DynamoDB Local is Java; aws-ses-v2-local runs as
 * its own CLI) run as child processes that must never outlive the local stack. Ctrl-C reaches
 * the whole process group, and we stop children on exit, but a parent killed with SIGKILL runs
 * no code at all. So each child runs under a tiny Node watchdog that holds a pipe from us on its
 * stdin: when that pipe closes, for whatever reason, the watchdog stops the child.
 */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), ${5_000}).unref();
}
process.stdin.on('end', stop).on('error', stop).resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
child.on('error', (error) => {
  process.stderr.write('cannot run ' + command + ': ' + error.message + '\\n');
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
`;

/** How a supervised child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process of the local stack, stopped with it. */
export interface SupervisedChild {
  readonly name: string;
  readonly pid: number | undefined;
  /** Settles when the child has ended (never rejects). */
  readonly exited: Promise<ChildExit>;
  /** The last lines the child wrote (stdout and stderr), for error messages. */
  output(): string;
  /** Stops the child (SIGTERM, then SIGKILL) and waits until it is gone. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with each line the child writes; the stack prints them when asked to be verbose. */
  onLine?: (line: string) => void;
}

const OUTPUT_LINES_KEPT = 40;
const STOP_GRACE_MS = 8_000;
const running = new Set<SupervisedChild>();

// A last resort for an exit nobody planned (an uncaught error, process.exit): kill synchronously.
process.once('exit', () => {
  for (const child of running) {
    if (child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
});

/** Starts `command args` under a watchdog so it dies with this process, however this process ends. */
export function spawnSupervised(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): SupervisedChild {
  const child = spawn(process.execPath, ['-e', WATCHDOG, command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
      options.onLine?.(line);
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // Our end of the watchdog's lifeline: never written, closed only when we go away.
  child.stdin.on('error', () => undefined);

  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      lines.push(`cannot start watchdog: ${error.message}`);
      resolve({ code: null, signal: null });
    });
  });

  const supervised: SupervisedChild = {
    name,
    pid: child.pid,
    exited,
    output: () => lines.join('\n'),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(supervised);
  void exited.then(() => running.delete(supervised));
  return supervised;
}
