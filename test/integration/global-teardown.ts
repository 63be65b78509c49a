/** Jest global teardown of the integration project: stops what global-setup.ts started. */
export default async function globalTeardown(): Promise<void> {
  const emulators = globalThis.houqinEmulators;
  globalThis.houqinEmulators = undefined;
  await emulators?.stop();
}
