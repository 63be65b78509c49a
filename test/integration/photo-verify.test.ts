import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event, S3ObjectCreatedNotificationEvent } from 'aws-lambda';
import { handler as recordSubmission } from '../../functions/record-submission/handler';
import type { FunctionSpec } from '../../functions/manifest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startS3, type S3Emulator } from '../../infra/local/emulators';
import { attachS3EventDelivery, type S3EventDelivery } from '../../infra/local/s3-events';
import type { Principal } from '../../shared/auth/principal';
import type { ApiResponse } from '../../shared/http/api-handler';
import { demoJpeg } from '../../shared/photos/demo-images';
import { MAX_PHOTO_BYTES } from '../../shared/http/limits';
import type { PhotoContentType } from '../../shared/photos/keys';
import { getPhoto, type StoredPhoto } from '../../shared/photos/records';
import { photoViewsOf } from '../../shared/photos/views';
import { addDays, localDate } from '../../shared/time';
import { createTestDistrict } from '../support/directory-fixtures';
import { apiEvent, lambdaContext } from '../support/events';
import { requestSubmissionPhoto } from '../support/photos';
import { allValidAnswers } from '../unit/forms/examples';

/*
 * Photo verification as `npm start` runs it: the school asks for an upload (photo-api's store),
 * POSTs the bytes to s3rver with the presigned fields, s3rver's notification is turned into S3's
 * `Object Created` event and delivered in-process to verify-photo (the real handler, imported
 * from the manifest), which reads the object back from s3rver and records the outcome in
 * DynamoDB Local. s3rver checks none of the POST policy, so every refusal below is verify-photo's.
 *
 * This file runs its own s3rver (a temporary folder, a free port): s3rver's notifications are
 * events of the process it runs in, and global set-up's s3rver lives in jest's parent process.
 */

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

const BUCKET = process.env.BUCKET_NAME!;
const today = localDate('Asia/Shanghai');

describe('verify-photo (local S3 events against s3rver and DynamoDB Local)', () => {
  let s3: S3Emulator;
  let client: S3Client;
  let delivery: S3EventDelivery;
  const log: string[] = [];
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  let school: SchoolPrincipal;

  beforeAll(async () => {
    s3 = await startS3({ port: 0, bucketName: BUCKET });
    // Before the handler and the store create their S3 client (on first use).
    process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
    client = new S3Client({
      endpoint: s3.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
    });
    delivery = attachS3EventDelivery(s3.server, {
      bucketName: BUCKET,
      retryDelaysMs: [20, 20],
      log: (line) => log.push(line),
      logError: () => undefined,
    });
    district = await createTestDistrict([{ schoolId: 's-photo', hasCanteen: true, boarding: false }]);
    school = district.schoolPrincipal('s-photo') as SchoolPrincipal;
  });

  afterAll(async () => {
    delivery?.detach();
    await delivery?.idle();
    client?.destroy();
    await s3?.stop();
  });

  /** Records a safety-drill submission of the school for `date`; its id. */
  async function submission(date: string): Promise<string> {
    const submissionId = randomUUID();
    const body = { submissionId, formType: 'safety-drill', date, answers: allValidAnswers['safety-drill'] };
    const response = (await recordSubmission(
      apiEvent('record-submission', { principal: school, body }),
      lambdaContext('record-submission'),
    )) as ApiResponse;
    expect(response.statusCode).toBe(201);
    return submissionId;
  }

  /** Asks for an upload as the API does; the photo and its form. */
  async function requestUpload(submissionId: string, contentType: PhotoContentType, bytes: number) {
    return requestSubmissionPhoto(school, submissionId, bytes, BUCKET, contentType);
  }

  /** POSTs `content` with the presigned form's fields, as a browser would, then lets every delivery finish. */
  async function upload(
    form: { url: string; fields: Record<string, string> },
    content: Buffer,
    fileType = 'application/octet-stream',
  ): Promise<void> {
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
    body.append('file', new Blob([content], { type: fileType }), 'photo');
    const response = await fetch(form.url, { method: 'POST', body });
    expect(response.status).toBeLessThan(300);
    await delivery.idle();
  }

  /** Asks for and uploads one photo of a new submission dated `date`. */
  async function photoOf(
    content: Buffer,
    options: { date?: string; contentType?: PhotoContentType; declaredBytes?: number; submissionId?: string } = {},
  ): Promise<StoredPhoto> {
    const submissionId = options.submissionId ?? (await submission(options.date ?? today));
    const grant = await requestUpload(
      submissionId,
      options.contentType ?? 'image/jpeg',
      options.declaredBytes ?? content.length,
    );
    await upload(grant.upload, content);
    return (await getPhoto(district.districtId, grant.photo.photoId))!;
  }

  const exists = async (key: string) => {
    try {
      await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      return true;
    } catch {
      return false;
    }
  };
  const read = async (key: string) =>
    Buffer.from(
      await (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray(),
    );
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it('records a real JPEG as verified, with its size and SHA-256, and leaves it where it is', async () => {
    // Prepare
    const jpeg = demoJpeg({ label: 'DRILL OK', scene: 1 });
    // Act
    const photo = await photoOf(jpeg);
    // Assess
    expect(photo).toMatchObject({
      status: 'verified',
      size: jpeg.length,
      sha256: sha256(jpeg),
      detectedType: 'image/jpeg',
      verifiedAt: expect.any(String),
    });
    expect(photo.duplicateOf).toBeUndefined();
    expect((await read(photo.objectKey)).equals(jpeg)).toBe(true);
    expect(log).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^s3 ${photo.objectKey} → verify-photo ok`))]),
    );
  });

  it('moves text declared as JPEG to quarantine/ with the reason, and the original is gone', async () => {
    // Prepare
    const text = Buffer.from('this is not a photo of the canteen\n'.repeat(20));
    // Act
    const photo = await photoOf(text);
    // Assess
    const quarantineKey = photo.objectKey.replace(/^evidence\//, 'quarantine/');
    expect(photo).toMatchObject({
      status: 'quarantined',
      quarantineReason: 'UNRECOGNIZED_CONTENT',
      quarantineKey,
      size: text.length,
    });
    expect(await exists(photo.objectKey)).toBe(false);
    expect((await read(quarantineKey)).equals(text)).toBe(true);
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: quarantineKey }));
    expect(head.Metadata).toMatchObject({
      'houqin-reason': 'UNRECOGNIZED_CONTENT',
      'houqin-source-key': photo.objectKey,
    });
  });

  it('quarantines a PNG uploaded where a JPEG was declared as a type mismatch', async () => {
    // Prepare: a PNG signature and header, padded: detection reads only the start.
    const png = Buffer.concat([
      Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108020000009077', 'hex'),
      Buffer.alloc(200),
    ]);
    // Act
    const photo = await photoOf(png);
    // Assess
    expect(photo).toMatchObject({
      status: 'quarantined',
      quarantineReason: 'TYPE_MISMATCH',
      detectedType: 'image/png',
    });
    expect(await exists(photo.objectKey)).toBe(false);
  });

  it('quarantines an empty upload', async () => {
    // Act
    const photo = await photoOf(Buffer.alloc(0), { declaredBytes: 1000 });
    // Assess
    expect(photo).toMatchObject({ status: 'quarantined', quarantineReason: 'EMPTY', size: 0 });
    expect(await exists(photo.quarantineKey!)).toBe(true);
    expect(await exists(photo.objectKey)).toBe(false);
  });

  it('quarantines an upload of 10 MiB + 1 byte, which the policy would have refused on AWS', async () => {
    // Prepare: a real JPEG at the start, so only the size can refuse it.
    const big = Buffer.concat([demoJpeg({ label: 'BIG' }), Buffer.alloc(MAX_PHOTO_BYTES)]).subarray(
      0,
      MAX_PHOTO_BYTES + 1,
    );
    // Act
    const photo = await photoOf(big, { declaredBytes: MAX_PHOTO_BYTES });
    // Assess
    expect(photo).toMatchObject({ status: 'quarantined', quarantineReason: 'TOO_LARGE', size: MAX_PHOTO_BYTES + 1 });
    expect(await exists(photo.objectKey)).toBe(false);
  });

  it('quarantines an upload whose size is not the size declared', async () => {
    // Prepare
    const jpeg = demoJpeg({ label: 'SIZE', scene: 2 });
    // Act
    const photo = await photoOf(jpeg, { declaredBytes: jpeg.length - 1 });
    // Assess
    expect(photo).toMatchObject({ status: 'quarantined', quarantineReason: 'SIZE_MISMATCH' });
  });

  it('moves an object nobody asked for to quarantine/, ours in shape or not', async () => {
    // Prepare
    const jpeg = demoJpeg({ label: 'STRAY' });
    const wellFormed = `evidence/${district.districtId}/s-photo/2026/01/stray:1/${randomUUID()}.jpg`;
    const notOurs = `evidence/uploads/${randomUUID()}/holiday.photo.JPG`;
    // Act
    for (const key of [wellFormed, notOurs])
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: jpeg, ContentType: 'image/jpeg' }));
    await delivery.idle();
    // Assess
    for (const key of [wellFormed, notOurs]) {
      const quarantineKey = key.replace(/^evidence\//, 'quarantine/');
      expect(await exists(key)).toBe(false);
      expect((await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: quarantineKey }))).Metadata).toMatchObject(
        { 'houqin-reason': 'UNEXPECTED_OBJECT' },
      );
    }
  });

  it('flags the same content used by the school for another day as a duplicate of the earlier photo', async () => {
    // Prepare
    const jpeg = demoJpeg({ label: 'SAME PHOTO', scene: 3 });
    const earlier = await photoOf(jpeg, { date: addDays(today, -1) });
    // Act
    const later = await photoOf(jpeg, { date: today });
    const sameDay = await photoOf(jpeg, { date: addDays(today, -1) });
    // Assess
    expect(earlier).toMatchObject({ status: 'verified' });
    expect(earlier.duplicateOf).toBeUndefined();
    expect(later).toMatchObject({ status: 'verified', duplicateOf: earlier.photoId });
    // The same evidence date is not "another day": two photos of one check may well be alike.
    expect(sameDay).toMatchObject({ status: 'verified', duplicateOf: later.photoId });
  });

  it('changes nothing when an event is delivered again', async () => {
    // Prepare
    const good = await photoOf(demoJpeg({ label: 'AGAIN', scene: 2 }));
    const bad = await photoOf(Buffer.from('not an image at all, twice'));
    const captured: S3Event[] = [];
    const listener = (event: S3Event) => captured.push(event);
    s3.server.on('event', listener);
    // Act: the very notifications of both objects again, as at-least-once delivery may bring them.
    for (const photo of [good, bad]) {
      delivery.deliver({ Records: [{ ...syntheticRecord(photo.objectKey) }] } as S3Event);
    }
    await delivery.idle();
    s3.server.off('event', listener);
    // Assess
    expect(await getPhoto(district.districtId, good.photoId)).toEqual(good);
    expect(await getPhoto(district.districtId, bad.photoId)).toEqual(bad);
    expect(captured).toEqual([]); // nothing was copied or written again
    expect(await exists(good.objectKey)).toBe(true);
  });

  it('quarantines a verified photo whose object was replaced through the same upload form', async () => {
    // Prepare
    const submissionId = await submission(today);
    const first = demoJpeg({ label: 'FIRST', scene: 0 });
    const grant = await requestUpload(submissionId, 'image/jpeg', first.length);
    await upload(grant.upload, first);
    expect(await getPhoto(district.districtId, grant.photo.photoId)).toMatchObject({ status: 'verified' });
    // Act: the form works for 15 minutes, so it can be used twice.
    await upload(grant.upload, Buffer.from('x'.repeat(first.length)));
    // Assess
    expect(await getPhoto(district.districtId, grant.photo.photoId)).toMatchObject({
      status: 'quarantined',
      quarantineReason: 'REPLACED',
    });
  });

  it('shows a photo that was asked for but never arrived as missing once its deadline has passed', async () => {
    // Prepare
    const submissionId = await submission(today);
    const grant = await requestUpload(submissionId, 'image/jpeg', 1234);
    // Act
    const later = new Date(Date.parse(grant.upload.expiresAt) + 10 * 60_000);
    const views = await photoViewsOf(district.districtId, 's-photo', { kind: 'submission', id: submissionId }, later);
    // Assess
    expect(views).toEqual([
      expect.objectContaining({
        photoId: grant.photo.photoId,
        status: 'missing',
        reason: expect.objectContaining({ code: 'NOT_UPLOADED' }),
      }),
    ]);
  });

  it('refuses an event of another bucket instead of verifying it', async () => {
    // Prepare
    const { handler } = (await import('../../functions/verify-photo/handler')) as {
      handler: (event: S3ObjectCreatedNotificationEvent) => Promise<void>;
    };
    const event = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'events', 's3', 'object-created.json'), 'utf8'),
    ) as S3ObjectCreatedNotificationEvent;
    event.detail.bucket.name = 'someone-elses-bucket';
    // Act / Assess
    await expect(handler(event)).rejects.toThrow(/verifies houqin-photos-test only/);
  });
});

/** An s3rver-shaped ObjectCreated:Post record for `key` in the test bucket. */
function syntheticRecord(key: string) {
  return {
    eventVersion: '2.0',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: new Date().toISOString(),
    eventName: 'ObjectCreated:Post',
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'LOCAL', 'x-amz-id-2': 'LOCAL' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local',
      bucket: {
        name: process.env.BUCKET_NAME!,
        ownerIdentity: { principalId: 'LOCAL' },
        arn: `arn:aws:s3:::${process.env.BUCKET_NAME}`,
      },
      object: { key, size: 1, eTag: 'x', sequencer: '0' },
    },
  };
}

describe('local S3 event delivery', () => {
  const spec: FunctionSpec = {
    name: 'always-fails',
    entry: 'functions/always-fails/handler.ts',
    description: 'test',
    triggers: [{ kind: 's3', prefix: 'evidence/', events: ['ObjectCreated'] }],
    binds: {},
    memoryMb: 128,
    timeoutSeconds: 5,
  };

  it('retries a failing handler twice and then keeps the event as a dead letter', async () => {
    // Prepare
    const source = new EventEmitter();
    const attempts: S3ObjectCreatedNotificationEvent[] = [];
    const log: string[] = [];
    const delivery = attachS3EventDelivery(source as never, {
      bucketName: BUCKET,
      functions: [spec],
      loadHandler: async () => async (event) => {
        attempts.push(event as S3ObjectCreatedNotificationEvent);
        throw new Error('DynamoDB is down');
      },
      retryDelaysMs: [5, 5],
      log: (line) => log.push(line),
      logError: () => undefined,
    });
    // Act
    source.emit('event', { Records: [syntheticRecord('evidence/d/s/2026/01/x/y.jpg')] });
    await delivery.idle();
    delivery.detach();
    // Assess
    expect(attempts).toHaveLength(3);
    expect(attempts[0]).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: BUCKET }, object: { key: 'evidence/d/s/2026/01/x/y.jpg' }, reason: 'POST Object' },
    });
    expect(delivery.deadLetters).toEqual([
      expect.objectContaining({ function: 'always-fails', error: 'DynamoDB is down', attempts: 3, event: attempts[0] }),
    ]);
    expect(log.filter((line) => line.includes('retrying'))).toHaveLength(2);
    expect(log[log.length - 1]).toMatch(/dead-lettered$/);
  });

  it('delivers only new objects of the photo bucket under the trigger’s prefix', async () => {
    // Prepare
    const source = new EventEmitter();
    const delivered: string[] = [];
    const delivery = attachS3EventDelivery(source as never, {
      bucketName: BUCKET,
      functions: [spec],
      loadHandler: async () => async (event) => {
        delivered.push((event as S3ObjectCreatedNotificationEvent).detail.object.key);
      },
      log: () => undefined,
    });
    const record = syntheticRecord('evidence/a.jpg');
    // Act
    source.emit('event', { Records: [record] });
    source.emit('event', {
      Records: [{ ...record, s3: { ...record.s3, object: { ...record.s3.object, key: 'quarantine/a.jpg' } } }],
    });
    source.emit('event', { Records: [{ ...record, eventName: 'ObjectRemoved:Delete' }] });
    source.emit('event', {
      Records: [{ ...record, s3: { ...record.s3, bucket: { ...record.s3.bucket, name: 'other' } } }],
    });
    await delivery.idle();
    delivery.detach();
    // Assess
    expect(delivered).toEqual(['evidence/a.jpg']);
  });
});
