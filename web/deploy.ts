/*
 * `npx tsx web/deploy.ts --stack Houqin [--region <region>]`: builds the app and uploads it to the
 * stack's app bucket (output AppBucketName), each file with its Cache-Control (web/headers.ts) and
 * content type. Hashed assets go first and index.html last, so a phone never gets an index.html
 * naming files that are not there yet. Nothing needs invalidating: CloudFront revalidates
 * index.html and sw.js on every request (they are never cached), and hashed names never change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { buildWeb } from './build';
import { cacheControlOf, contentTypeOf } from './headers';

/** Upload order: hashed assets, then everything else, index.html last. */
export function uploadOrder(paths: readonly string[]): string[] {
  const rank = (path: string) => (path.startsWith('assets/') ? 0 : path === 'index.html' ? 2 : 1);
  return [...paths].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stack: { type: 'string', default: 'Houqin' }, region: { type: 'string' } },
  });
  const region = values.region ?? process.env.AWS_REGION;
  const cloudformation = new CloudFormationClient(region ? { region } : {});
  const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: values.stack }));
  const outputs = Object.fromEntries(
    (Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
  );
  const bucket = outputs.AppBucketName;
  if (!bucket)
    throw new Error(`stack ${values.stack} has no AppBucketName output: deploy the stack first (npx cdk deploy)`);
  const built = await buildWeb();
  const s3 = new S3Client(region ? { region } : {});
  for (const path of uploadOrder(built.files.map((file) => file.path))) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: path,
        Body: readFileSync(join(built.outdir, path)),
        ContentType: contentTypeOf(path),
        CacheControl: cacheControlOf(path),
      }),
    );
    console.log(`web: uploaded ${path} (${cacheControlOf(path)})`);
  }
  console.log(`web: the app is at ${outputs.AppUrl}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`web: ${(error as Error).message}`);
    process.exit(1);
  });
}
