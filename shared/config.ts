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
} as const;
