/**
 * Configuration read once, at cold start. A handler that needs a setting calls `requireEnv`
 * at module scope so a missing variable fails at import, never mid-request.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

/** Names of the environment variables the manifest's bindings set. */
export const ENV = {
  tableName: 'TABLE_NAME',
  bucketName: 'BUCKET_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  senderAddress: 'SENDER_ADDRESS',
  /** `true` for s3rver, which serves buckets by path, not by host name. */
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
  /** The API's public base URL (https://…), for links in mail; optional: mail without it has no photo links. */
  publicApiUrl: 'PUBLIC_API_URL',
} as const;

/** The public API URL, read once at cold start; undefined when not configured. */
export function publicApiUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[ENV.publicApiUrl]?.trim() || undefined;
}
