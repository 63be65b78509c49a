import type { FunctionSpec } from '../../functions/manifest';

/** A manifest entry of a test's own (entry test/<name>.ts, no bindings, 256 MB), for a manifest of its own. */
export const testFunctionSpec = (
  name: string,
  triggers: FunctionSpec['triggers'],
  timeoutSeconds = 5,
): FunctionSpec => ({
  name,
  entry: `test/${name}.ts`,
  description: name,
  triggers,
  binds: {},
  memoryMb: 256,
  timeoutSeconds,
});
