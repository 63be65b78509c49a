import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A stand-in for AWS Secrets Manager's GetSecretValue, the one call the mail transport makes:
 * an HTTP server on 127.0.0.1 speaking the service's JSON protocol (POST /, X-Amz-Target
 * secretsmanager.GetSecretValue, application/x-amz-json-1.1), so the real SDK client reaches it
 * through AWS_ENDPOINT_URL_SECRETS_MANAGER and everything above the wire runs as on AWS. A
 * secret is found by its ARN or its name; an unknown one is ResourceNotFoundException, as on AWS.
 */

export interface SecretsStandIn {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL_SECRETS_MANAGER. */
  readonly endpoint: string;
  /** Sets (or rotates) a secret's string value. */
  put(arn: string, value: string): void;
  /** GetSecretValue calls so far, by the SecretId asked for. */
  readonly reads: string[];
  close(): Promise<void>;
}

/** The name in a secret ARN (`arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf` → `<name>`). */
function nameOf(arn: string): string {
  return /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(arn)?.[1] ?? arn;
}

export async function startSecretsStandIn(): Promise<SecretsStandIn> {
  const secrets = new Map<string, { arn: string; value: string; version: number }>();
  const reads: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      const target = String(request.headers['x-amz-target'] ?? '');
      if (request.method !== 'POST' || target !== 'secretsmanager.GetSecretValue')
        return answer(400, { __type: 'InvalidRequestException', message: `Not served here: ${target}` });
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      reads.push(String(SecretId));
      const secret = secrets.get(String(SecretId)) ?? secrets.get(nameOf(String(SecretId)));
      if (!secret)
        return answer(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      return answer(200, {
        ARN: secret.arn,
        Name: nameOf(secret.arn),
        SecretString: secret.value,
        VersionId: `v${secret.version}`,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Date.now() / 1000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reads,
    put(arn, value) {
      const version = (secrets.get(arn)?.version ?? 0) + 1;
      const secret = { arn, value, version };
      secrets.set(arn, secret);
      secrets.set(nameOf(arn), secret);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
