import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { FUNCTIONS } from '../../functions/manifest';
import {
  handlerCache,
  importManifestEntry,
  invokeAsync,
  invokeHandler,
  type AsyncInvokerOptions,
} from './lambda-runtime';
import { LOCAL_HOST } from './ports';

/*
 * The local stack's Lambda Invoke API (POST /2015-03-31/functions/<name>/invocations), so that a
 * tool invokes a local function the way it invokes a deployed one, with @aws-sdk/client-lambda
 * and this endpoint (`lambdaEndpoint` in local-stack.json). RequestResponse runs the handler once
 * and answers its result, or its error with X-Amz-Function-Error; Event answers 202 and runs it
 * as Lambda's asynchronous invocation does (retries, then a dead letter). The functions are the
 * manifest's, by name (or by an ARN ending in it).
 */

/** `deadLetterFile` and `retryDelaysMs` apply to Event invocations. */
export type LocalLambdaEndpointOptions = Omit<AsyncInvokerOptions, 'api'>;

export interface LocalLambdaEndpoint {
  /** Its endpoint: AWS_ENDPOINT_URL_LAMBDA for a client. */
  readonly url: string;
  stop(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** Starts the endpoint on 127.0.0.1:`port` (0 → a free port). */
export async function startLocalLambdaEndpoint(
  port: number,
  options: LocalLambdaEndpointOptions = {},
): Promise<LocalLambdaEndpoint> {
  const functions = options.functions ?? FUNCTIONS;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(`${message}:`, error));
  const handlerOf = handlerCache(options.loadHandler ?? importManifestEntry);

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-amzn-requestid': randomUUID(),
          ...headers,
        });
        response.end(body);
      };
      const refuse = (status: number, type: string, message: string) =>
        reply(status, JSON.stringify({ Type: 'User', message }), { 'x-amzn-errortype': type });
      const match = INVOKE_PATH.exec((request.url ?? '').split('?')[0] ?? '');
      if (request.method !== 'POST' || !match)
        return refuse(400, 'InvalidRequestContentException', 'The local Lambda endpoint implements Invoke only.');
      const name = decodeURIComponent(match[1]!).split(':function:').pop()!.split(':')[0]!;
      const spec = functions.find((candidate) => candidate.name === name);
      if (!spec) return refuse(404, 'ResourceNotFoundException', `Function not found: ${name}`);
      let event: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        event = text ? JSON.parse(text) : {};
      } catch {
        return refuse(400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
      if (request.headers['x-amz-invocation-type'] === 'Event') {
        void invokeAsync(() => handlerOf(spec), spec, event, {
          label: `invoke → ${spec.name}`,
          log,
          logError,
          source: 'invoke',
          ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
          ...(options.deadLetterFile ? { deadLetterFile: options.deadLetterFile } : {}),
        });
        return reply(202, '');
      }
      const started = Date.now();
      void handlerOf(spec)
        .then((handler) => invokeHandler(spec, handler, event))
        .then(
          (result) => {
            log(`invoke → ${spec.name} ok ${Date.now() - started}ms`);
            reply(200, JSON.stringify(result ?? null), { 'x-amz-executed-version': '$LATEST' });
          },
          (error: unknown) => {
            log(`invoke → ${spec.name} failed ${Date.now() - started}ms`);
            logError(`${spec.entry} failed`, error);
            const { name: errorType = 'Error', message = String(error) } = (error ?? {}) as {
              name?: string;
              message?: string;
            };
            reply(200, JSON.stringify({ errorType, errorMessage: message, trace: [] }), {
              'x-amz-function-error': 'Unhandled',
              'x-amz-executed-version': '$LATEST',
            });
          },
        );
    });
  });
  const bound = await new Promise<number>((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, LOCAL_HOST, () => {
      const address = server.address();
      resolvePort(address && typeof address === 'object' ? address.port : port);
    });
  });
  return {
    url: `http://${LOCAL_HOST}:${bound}`,
    stop: () =>
      new Promise<void>((resolveStop) => {
        server.close(() => resolveStop());
        server.closeAllConnections();
      }),
  };
}
