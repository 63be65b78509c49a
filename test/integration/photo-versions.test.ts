import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/emulators';
import { freePort, LOCAL_HOST } from '../../infra/local/ports';
import type { Principal } from '../../shared/auth/principal';
import type { ApiResponse } from '../../shared/http/api-handler';
import { demoJpeg } from '../../shared/photos/demo-images';
import { verifiedPhotoDownload } from '../../shared/photos/downloads';
import { getPhoto } from '../../shared/photos/records';
import { DOWNLOAD_EXPIRES_SECONDS, presignPhotoDownload } from '../../shared/photos/s3';
import { verifyUpload } from '../../shared/photos/verify';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext } from '../support/events';
import { requestSubmissionPhoto } from '../support/photos';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * Downloads pinned to the version verification read (issue 19, point 6). s3rver, the local S3,
 * has no versioning (a GET with ?versionId is refused as MethodNotAllowed, HeadObject names no
 * version), so this file runs against moto's S3 server (`moto_server`, Python, on this machine's
 * image as on CI's), whose buckets version like S3's: the photo's table work runs against
 * DynamoDB Local as everywhere else.
 */

jest.setTimeout(60_000);

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;
const BUCKET = 'houqin-photo-versions';

let moto: ChildProcess | undefined;
let s3: S3Client;
let school: SchoolPrincipal;

beforeAll(async () => {
  const port = await freePort();
  moto = spawn('moto_server', ['-H', LOCAL_HOST, '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://${LOCAL_HOST}:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (
      await fetch(`${endpoint}/moto-api/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (attempt > 200 || moto.exitCode !== null) throw new Error('moto_server did not start (is moto installed?)');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  s3 = new S3Client({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
  await s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: LOCAL_REGION as BucketLocationConstraint },
    }),
  );
  await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  const district = await createTestDistrict([{ schoolId: 's-v', hasCanteen: true, boarding: false }]);
  school = district.schoolPrincipal('s-v') as SchoolPrincipal;
});

afterAll(() => {
  s3?.destroy();
  moto?.kill();
});

/** A verified photo of a new submission, uploaded and verified in the versioned bucket. */
async function verifiedPhoto(content: Buffer) {
  const submissionId = randomUUID();
  const body = { submissionId, formType: 'safety-drill', date: '2026-11-20', answers: allValidAnswers['safety-drill'] };
  const response = (await recordSubmission(
    apiEvent('record-submission', { principal: school, body }),
    lambdaContext('record-submission'),
  )) as ApiResponse;
  expect(response.statusCode).toBe(201);
  const grant = await requestSubmissionPhoto(school, submissionId, content.length, BUCKET);
  const key = grant.upload.fields.key!;
  const put = await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: content, ContentType: 'image/jpeg' }),
  );
  expect(await verifyUpload(BUCKET, key, { s3 })).toMatchObject({ outcome: 'verified' });
  return { key, photoId: grant.photo.photoId, versionId: put.VersionId };
}

const bytesAt = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

describe('downloads pinned to the verified version', () => {
  it('records the version verification read and serves it, not bytes posted to the key afterwards', async () => {
    // Prepare
    const original = demoJpeg({ label: 'verified', scene: 1 });
    const { key, photoId, versionId } = await verifiedPhoto(original);
    const stored = await getPhoto(school.districtId, photoId);
    expect(versionId).toBeTruthy();
    expect(stored).toMatchObject({ status: 'verified', versionId });
    // Act: the same upload form used again, other (valid) bytes, before verification has run again
    const replacement = demoJpeg({ label: 'replaced', scene: 2 });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: replacement, ContentType: 'image/jpeg' }));
    const { url } = await verifiedPhotoDownload(stored!, BUCKET, new Date(), s3);
    // Assess: the link names the version and serves the verified bytes; an unpinned one would not
    expect(new URL(url).searchParams.get('versionId')).toBe(versionId);
    expect((await bytesAt(url)).equals(original)).toBe(true);
    const unpinned = await presignPhotoDownload(BUCKET, key, new Date(), DOWNLOAD_EXPIRES_SECONDS, s3);
    expect((await bytesAt(unpinned)).equals(replacement)).toBe(true);
    // Act: the replacement's own event arrives
    const outcome = await verifyUpload(BUCKET, key, { s3 });
    // Assess: the photo is quarantined as REPLACED and served no more
    expect(outcome).toMatchObject({ outcome: 'quarantined', reason: 'REPLACED' });
    const after = await getPhoto(school.districtId, photoId);
    await expect(verifiedPhotoDownload(after!, BUCKET, new Date(), s3)).rejects.toMatchObject({
      code: 'PHOTO_NOT_AVAILABLE',
    });
  });

  it('follows a re-post of the very same bytes to its new version (still the verified content)', async () => {
    // Prepare
    const content = demoJpeg({ label: 'same', scene: 3 });
    const { key, photoId, versionId } = await verifiedPhoto(content);
    // Act
    const again = await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: content, ContentType: 'image/jpeg' }),
    );
    const outcome = await verifyUpload(BUCKET, key, { s3 });
    // Assess
    expect(outcome).toMatchObject({ outcome: 'verified', repeated: true });
    expect(again.VersionId).not.toBe(versionId);
    const stored = await getPhoto(school.districtId, photoId);
    expect(stored).toMatchObject({ status: 'verified', versionId: again.VersionId });
    const { url } = await verifiedPhotoDownload(stored!, BUCKET, new Date(), s3);
    expect((await bytesAt(url)).equals(content)).toBe(true);
  });
});
