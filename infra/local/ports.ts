import { createServer, type Server } from 'node:net';

/** Every local server listens here only: nothing of the local stack is reachable from the network. */
export const LOCAL_HOST = '127.0.0.1';

/** A port the user asked for that is already taken; names the env var that moves it. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly envName: string,
  ) {
    super(
      `Port ${port} on ${LOCAL_HOST} is already in use (${envName}). Stop what is using it, or choose another port: ${envName}=<port> npm start` +
        ` / 端口 ${port} 已被占用（${envName}），请关闭占用它的程序，或换一个端口：${envName}=<端口> npm start`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Reads a port from the environment: unset or empty means the default, `0` means "any free
 * port" (tests use it). Anything else that is not a port number is refused up front.
 */
export function portFromEnv(env: NodeJS.ProcessEnv, envName: string, defaultPort: number): number {
  const raw = env[envName]?.trim();
  if (!raw) return defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${envName} must be a port number between 0 and 65535, not "${raw}"`);
  }
  return port;
}

/** Asks the OS for a free port on 127.0.0.1 (for servers that cannot report the port they bound). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOCAL_HOST, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('The OS did not report a port');
  return address.port;
}

/**
 * Makes sure a port can be bound before a child process tries (a child's own error would be a
 * Java stack trace or an exit code). Port 0 is replaced by a free port.
 */
export async function claimPort(port: number, envName: string): Promise<number> {
  if (port === 0) return freePort();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(portError(error, port, envName)));
    server.listen(port, LOCAL_HOST, () => resolve());
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `server` listening on LOCAL_HOST at `port` (0: a free one) and resolves to the port it
 * bound; a port already taken is a PortInUseError naming `envName`.
 */
export function listenLocal(server: Server, port: number, envName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(portError(error, port, envName)));
    server.listen(port, LOCAL_HOST, () => {
      const address = server.address();
      resolve(address && typeof address === 'object' ? address.port : port);
    });
  });
}

function portError(error: NodeJS.ErrnoException, port: number, envName: string): Error {
  if (error.code === 'EADDRINUSE') return new PortInUseError(port, envName);
  if (error.code === 'EACCES')
    return new Error(`Port ${port} needs root privileges; choose a port above 1023 with ${envName}=<port>`);
  return error;
}
