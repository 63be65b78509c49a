import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { authorizerSpec, FUNCTIONS, httpRoutes } from '../../functions/manifest';
import { ENV } from '../../shared/config';

const ROOT = join(__dirname, '..', '..');

// Handlers check their configuration at import (cold start): give them dummy values.
process.env[ENV.tableName] ??= 'houqin-test';
process.env[ENV.bucketName] ??= 'houqin-test-photos';
process.env[ENV.eventBusName] ??= 'houqin-test';
process.env[ENV.senderAddress] ??= 'noreply@example.test';

describe('manifest', () => {
  it.each(FUNCTIONS.map((spec) => [spec.name, spec.entry] as const))('has an entry file for %s', (_name, entry) => {
    // Assess
    expect(existsSync(join(ROOT, entry))).toBe(true);
  });

  it.each(FUNCTIONS.map((spec) => [spec.name, spec.entry] as const))(
    'finds a handler function exported by %s',
    async (_name, entry) => {
      // Act
      const exported = (await import(join(ROOT, entry))) as Record<string, unknown>;
      // Assess
      expect(typeof exported.handler).toBe('function');
    },
  );

  it('names functions uniquely, in kebab-case, after their folder', () => {
    // Prepare
    const names = FUNCTIONS.map((spec) => spec.name);
    // Assess
    expect(new Set(names).size).toBe(names.length);
    for (const spec of FUNCTIONS) {
      expect(spec.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(spec.entry).toBe(`functions/${spec.name}/handler.ts`);
    }
  });

  it('declares every handler under functions/', () => {
    // Prepare: a handler missing from the manifest would be neither deployed nor run locally.
    const folders = readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'functions', entry.name, 'handler.ts')))
      .map((entry) => entry.name);
    // Assess
    expect(folders.sort()).toEqual(FUNCTIONS.map((spec) => spec.name).sort());
  });

  it('routes each method and path once', () => {
    // Prepare
    const keys = httpRoutes().map(({ method, path }) => `${method} ${path}`);
    // Assess
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('declares exactly one authorizer, which serves no route itself', () => {
    // Prepare
    const authorizers = FUNCTIONS.filter((spec) => spec.triggers.some((t) => t.kind === 'authorizer'));
    // Assess
    expect(authorizers.map((spec) => spec.name)).toEqual([authorizerSpec().name]);
    expect(authorizerSpec().triggers).toEqual([{ kind: 'authorizer' }]);
  });

  it('keeps limits Lambda and API Gateway accept', () => {
    for (const spec of FUNCTIONS) {
      // Assess: Lambda allows 128–10,240 MB and 1–900 s; an HTTP API gives up on an integration after 30 s.
      expect(spec.memoryMb).toBeGreaterThanOrEqual(128);
      expect(spec.memoryMb).toBeLessThanOrEqual(10_240);
      expect(spec.timeoutSeconds).toBeGreaterThanOrEqual(1);
      expect(spec.timeoutSeconds).toBeLessThanOrEqual(
        spec.triggers.some((t) => t.kind === 'http' || t.kind === 'authorizer') ? 29 : 900,
      );
    }
  });
});
