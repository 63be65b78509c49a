import type { Emulators, StackNames } from '../../infra/local/emulators';

/*
 * Jest global set-up of the integration project: DynamoDB Local (in memory), s3rver (temporary
 * folder) and aws-ses-v2-local on free ports, with the table and bucket created. Their endpoints
 * and the handlers' settings go into process.env, which the test workers inherit; the handles
 * stay on globalThis for global-teardown.ts.
 */

/** Resource names the integration tests run against. */
export const TEST_NAMES: StackNames = {
  tableName: 'houqin-test',
  bucketName: 'houqin-photos-test',
  eventBusName: 'houqin-test',
  senderAddress: 'houqin-test@example.com',
};

declare global {
  var houqinEmulators: Emulators | undefined;
}

export default async function globalSetup(): Promise<void> {
  // Node 20 is supported; the SDK's notice about Node 22 would repeat in every worker. Set it
  // before the SDK loads: the emulators module is imported only now.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { applyEnvironment, emulatorEnvironment, startEmulators } = await import('../../infra/local/emulators');
  const emulators = await startEmulators({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    tableName: TEST_NAMES.tableName,
    bucketName: TEST_NAMES.bucketName,
  });
  globalThis.houqinEmulators = emulators;
  applyEnvironment(emulatorEnvironment(emulators, TEST_NAMES));
  // The photo-link key ring's local emulation keeps its file here, never in the project's .local/.
  const { mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  process.env.PHOTO_LINK_KEY_FILE = join(mkdtempSync(join(tmpdir(), 'houqin-link-keys-')), 'photo-link-keys.json');
}
