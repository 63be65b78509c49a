import { createHash, randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { encode as encodeJpeg } from 'jpeg-js';
import { handler as getPhoto } from '../../functions/get-photo/handler';
import { handler as getSubmission } from '../../functions/get-submission/handler';
import { handler as requestHazardPhoto } from '../../functions/request-hazard-photo/handler';
import { handler as requestSubmissionPhoto } from '../../functions/request-submission-photo/handler';
import type { Principal } from '../../shared/auth/principal';
import { HazardEntity, PhotoOwnerEntity, SubmissionEntity } from '../../shared/db/entities';
import { configureDistrict, getDistrict } from '../../shared/directory/districts';
import { DEFAULT_PHOTO_UPLOADS_PER_DAY } from '../../shared/http/limits';
import { toNewHazards } from '../../shared/hazards/raise-hazards';
import { quarantineKeyFor } from '../../shared/photos/keys';
import { getS3Client } from '../../shared/photos/s3';
import { verifyUpload } from '../../shared/photos/verify';
import { recordQuarantined, recordVerified } from '../../shared/photos/outcomes';
import { getPhoto as storedPhoto, photosOf, type QuarantineReason } from '../../shared/photos/records';
import { requestPhotoUpload } from '../../shared/photos/upload-requests';
import { addDays, localDate } from '../../shared/time';
import { canteenSchools, createTestDistrict } from '../support/directory-fixtures';
import { callRoute, type ApiEventOptions } from '../support/events';
import { TEST_NAMES } from './global-setup';

type District = Awaited<ReturnType<typeof createTestDistrict>>;
type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

interface Grant {
  photo: { photoId: string; status: string; url: string | null };
  upload: { method: string; url: string; fields: Record<string, string>; expiresAt: string; maxBytes: number };
}

const askSubmissionPhoto = (
  principal: Principal | null,
  submissionId: string,
  body: unknown,
  extra: ApiEventOptions = {},
) =>
  callRoute(requestSubmissionPhoto, 'request-submission-photo', {
    principal,
    pathParameters: { id: submissionId },
    body,
    ...extra,
  });
const askHazardPhoto = (principal: Principal | null, hazardId: string, body: unknown) =>
  callRoute(requestHazardPhoto, 'request-hazard-photo', { principal, pathParameters: { id: hazardId }, body });
const fetchPhoto = (principal: Principal | null, photoId: string) =>
  callRoute(getPhoto, 'get-photo', { principal, pathParameters: { photoId } });
const fetchSubmission = (principal: Principal | null, submissionId: string) =>
  callRoute(getSubmission, 'get-submission', { principal, pathParameters: { id: submissionId } });

const today = localDate('Asia/Shanghai');
const JPEG_BODY = { contentType: 'image/jpeg', bytes: 2048 } as const;

/** Asks for a JPEG upload of a submission as the route's core does at `now` (a clock the route cannot be given). */
const askSubmissionPhotoAt = (school: SchoolPrincipal, submissionId: string, now: Date) =>
  requestPhotoUpload({
    principal: school,
    owner: { kind: 'submission', id: submissionId },
    request: JPEG_BODY,
    bucket: TEST_NAMES.bucketName,
    now,
  });

/** A small real JPEG (a grey gradient), different for each seed. */
function smallJpeg(seed = 0): Buffer {
  const width = 16;
  const height = 16;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1)
    data.set([(i * 7 + seed) % 256, (i * 3 + seed) % 256, (i + seed) % 256, 255], i * 4);
  return Buffer.from(encodeJpeg({ data, width, height }, 80).data);
}

async function storeSubmission(district: District, schoolId: string, date = today): Promise<string> {
  const submissionId = `sub-${randomUUID().slice(0, 8)}`;
  await SubmissionEntity.build(PutItemCommand)
    .item({
      districtId: district.districtId,
      schoolId,
      submissionId,
      formType: 'canteen-daily',
      formVersion: 1,
      date,
      month: date.slice(0, 7),
      answers: {},
      submittedBy: `tok_${schoolId}`,
      receivedAt: new Date().toISOString(),
      bodyHash: 'test',
      hazardIds: [],
      responseBody: '{}',
    })
    .send();
  return submissionId;
}

async function storeHazard(
  district: District,
  schoolId: string,
  status: 'open' | 'rectified' = 'open',
): Promise<string> {
  const [hazard] = toNewHazards(
    [{ ruleId: 'report', severity: 'high', category: 'electrical', title: { zh: '插座破损', en: 'Broken socket' } }],
    {
      districtId: district.districtId,
      schoolId,
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: today,
      receivedAt: new Date().toISOString(),
      submittedBy: `tok_${schoolId}`,
    },
  );
  if (!hazard) throw new Error('no hazard raised');
  await HazardEntity.build(PutItemCommand)
    .item({ ...hazard, status })
    .send();
  return hazard.hazardId;
}

/** Posts `file` with the presigned form, as a browser or app would (multipart/form-data, file last). */
async function upload(grant: Grant, file: Buffer, type = 'image/jpeg'): Promise<number> {
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.upload.fields)) form.append(name, value);
  form.append('file', new Blob([file], { type }), 'photo.jpg');
  const response = await fetch(grant.upload.url, { method: 'POST', body: form });
  await response.arrayBuffer();
  return response.status;
}

/** Records the grant's upload as quarantined for `reason` (as the verifier does). */
function markQuarantined(district: District, grant: Grant, reason: QuarantineReason) {
  const objectKey = grant.upload.fields.key as string;
  return recordQuarantined({
    districtId: district.districtId,
    photoId: grant.photo.photoId,
    objectKey,
    reason,
    quarantineKey: quarantineKeyFor(objectKey),
    quarantinedAt: new Date(),
  });
}

/** Records the upload as verified with what the object really holds (as the verifier does). */
async function markVerified(district: District, photoId: string, content: Buffer) {
  const photo = await storedPhoto(district.districtId, photoId);
  if (!photo) throw new Error(`no photo ${photoId}`);
  return recordVerified({
    districtId: district.districtId,
    photoId,
    objectKey: photo.objectKey,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    detectedType: 'image/jpeg',
    verifiedAt: new Date(),
  });
}

describe('POST /v1/submissions/{id}/photos', () => {
  let district: District;
  let school: SchoolPrincipal;
  let neighbour: SchoolPrincipal;

  beforeAll(async () => {
    district = await createTestDistrict(canteenSchools('s-one', 's-two'));
    school = district.schoolPrincipal('s-one') as SchoolPrincipal;
    neighbour = district.schoolPrincipal('s-two') as SchoolPrincipal;
  });

  it('gives the owning school a presigned POST for a server-made key under district, school, month and submission', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-one', '2026-11-03');
    // Act
    const response = await askSubmissionPhoto(school, submissionId, JPEG_BODY);
    // Assess
    expect(response.status).toBe(201);
    const grant = response.body as Grant;
    expect(grant.photo).toMatchObject({ status: 'pending', contentType: 'image/jpeg', bytes: 2048, url: null });
    expect(grant.upload.fields.key).toBe(
      `evidence/${district.districtId}/s-one/2026/11/${submissionId}/${grant.photo.photoId}.jpg`,
    );
    expect(grant.upload.fields['Content-Type']).toBe('image/jpeg');
    expect(grant.upload.url).toBe(`${process.env.AWS_ENDPOINT_URL_S3}/${TEST_NAMES.bucketName}`);
    expect(grant.upload.maxBytes).toBe(10_485_760);
    const stored = await storedPhoto(district.districtId, grant.photo.photoId);
    expect(stored).toMatchObject({
      status: 'requested',
      schoolId: 's-one',
      ownerKind: 'submission',
      ownerId: submissionId,
      requestedBy: 'tok_s-one',
      bytes: 2048,
    });
    expect(Date.parse(stored?.expiresAt ?? '') - Date.parse(stored?.requestedAt ?? '')).toBe(15 * 60 * 1000);
  });

  it('lands the uploaded file at its key in the bucket', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-one');
    const grant = (await askSubmissionPhoto(school, submissionId, JPEG_BODY)).body as Grant;
    const file = smallJpeg(1);
    // Act
    const status = await upload(grant, file);
    // Assess
    expect(status).toBe(204);
    const head = await getS3Client().send(
      new HeadObjectCommand({ Bucket: TEST_NAMES.bucketName, Key: grant.upload.fields.key }),
    );
    expect(head.ContentLength).toBe(file.length);
    expect(head.ContentType).toBe('image/jpeg');
  });

  it('answers 404 to another school of the same district, and stores nothing', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-one');
    // Act
    const response = await askSubmissionPhoto(neighbour, submissionId, JPEG_BODY);
    // Assess
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect(await photosOf(district.districtId, 's-one', { kind: 'submission', id: submissionId })).toEqual([]);
  });

  it('answers 403 to an official, as to any role the route never serves', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-one');
    // Act
    const official = await askSubmissionPhoto(district.official, submissionId, JPEG_BODY);
    const admin = await askSubmissionPhoto({ role: 'admin', tokenId: 'tok_admin' }, submissionId, JPEG_BODY);
    // Assess
    expect(official.status).toBe(403);
    expect(admin.status).toBe(403);
  });

  it('answers 401 without a token', async () => {
    // Act
    const response = await askSubmissionPhoto(null, 'whatever', JPEG_BODY);
    // Assess
    expect(response.status).toBe(401);
  });

  it('answers 404 for a submission that does not exist', async () => {
    // Act
    const response = await askSubmissionPhoto(school, 'sub-never-recorded', JPEG_BODY);
    // Assess
    expect(response.status).toBe(404);
  });

  it('refuses a bad type and size field by field in zh-CN and en, storing nothing', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-one');
    const body = { contentType: 'image/gif', bytes: 10_485_761, name: 'holiday.gif' };
    // Act
    const zh = await askSubmissionPhoto(school, submissionId, body);
    const en = await askSubmissionPhoto(school, submissionId, body, { headers: { 'accept-language': 'en' } });
    const empty = await askSubmissionPhoto(
      school,
      submissionId,
      { contentType: 'image/png', bytes: 0 },
      { headers: { 'accept-language': 'en' } },
    );
    // Assess
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (response: typeof zh) => response.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields(zh)).toEqual(['bytes', 'contentType', 'name']);
    expect(zh.body.error.details.find((d: { field: string }) => d.field === 'contentType')).toMatchObject({
      label: '图片类型',
      reason: expect.stringMatching(/[\u4e00-\u9fff]/),
    });
    expect(en.body.error.details.find((d: { field: string }) => d.field === 'bytes')).toMatchObject({
      label: 'File size (bytes)',
      reason: expect.stringMatching(/10485760/),
    });
    expect(empty.body.error.details).toEqual([
      { field: 'bytes', label: 'File size (bytes)', reason: expect.stringMatching(/1/) },
    ]);
    expect(await photosOf(district.districtId, 's-one', { kind: 'submission', id: submissionId })).toEqual([]);
    const { Item: ledger } = await PhotoOwnerEntity.build(GetItemCommand)
      .key({ districtId: district.districtId, schoolId: 's-one', ownerKind: 'submission', ownerId: submissionId })
      .send();
    expect(ledger).toBeUndefined();
  });

  it('refuses the 13th photo of a submission with 409 PHOTO_LIMIT_REACHED', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-one');
    for (let i = 0; i < 12; i += 1)
      expect((await askSubmissionPhoto(school, submissionId, JPEG_BODY)).status).toBe(201);
    // Act
    const thirteenth = await askSubmissionPhoto(school, submissionId, JPEG_BODY, {
      headers: { 'accept-language': 'en' },
    });
    // Assess
    expect(thirteenth.status).toBe(409);
    expect(thirteenth.body.error).toMatchObject({
      code: 'PHOTO_LIMIT_REACHED',
      message: expect.stringContaining('12'),
      details: { limit: 12, counted: 12 },
    });
    expect(await photosOf(district.districtId, 's-one', { kind: 'submission', id: submissionId })).toHaveLength(12);
  });

  it('holds the limit when fourteen requests arrive at once', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-one');
    // Act
    const responses = await Promise.all(
      Array.from({ length: 14 }, () => askSubmissionPhoto(school, submissionId, JPEG_BODY)),
    );
    // Assess
    expect(responses.map((r) => r.status).sort()).toEqual([...Array(12).fill(201), 409, 409]);
    expect(await photosOf(district.districtId, 's-one', { kind: 'submission', id: submissionId })).toHaveLength(12);
  }, 30_000);

  it('frees the place of a quarantined photo, so the school can upload a proper one', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-one');
    const grants: Grant[] = [];
    for (let i = 0; i < 12; i += 1)
      grants.push((await askSubmissionPhoto(school, submissionId, JPEG_BODY)).body as Grant);
    const refused = grants[0] as Grant;
    await markQuarantined(district, refused, 'TYPE_MISMATCH');
    // Act
    const again = await askSubmissionPhoto(school, submissionId, JPEG_BODY);
    const over = await askSubmissionPhoto(school, submissionId, JPEG_BODY);
    // Assess
    expect(again.status).toBe(201);
    expect(over.status).toBe(409);
  });
});

describe('POST /v1/hazards/{id}/photos', () => {
  let district: District;
  let school: SchoolPrincipal;

  beforeAll(async () => {
    district = await createTestDistrict(canteenSchools('s-one', 's-two'));
    school = district.schoolPrincipal('s-one') as SchoolPrincipal;
  });

  it('gives the owning school a presigned POST under hazard-<id> for the current month', async () => {
    // Prepare
    const hazardId = await storeHazard(district, 's-one');
    // Act
    const response = await askHazardPhoto(school, hazardId, { contentType: 'image/heic', bytes: 500_000 });
    // Assess
    expect(response.status).toBe(201);
    const grant = response.body as Grant;
    const [yyyy, mm] = today.split('-');
    expect(grant.upload.fields.key).toBe(
      `evidence/${district.districtId}/s-one/${yyyy}/${mm}/hazard-${hazardId}/${grant.photo.photoId}.heic`,
    );
    expect(await storedPhoto(district.districtId, grant.photo.photoId)).toMatchObject({
      ownerKind: 'hazard',
      ownerId: hazardId,
      evidenceDate: today,
    });
  });

  it('answers 404 to another school and 409 once the hazard is rectified', async () => {
    // Prepare
    const open = await storeHazard(district, 's-one');
    const rectified = await storeHazard(district, 's-one', 'rectified');
    // Act
    const other = await askHazardPhoto(district.schoolPrincipal('s-two'), open, JPEG_BODY);
    const late = await askHazardPhoto(school, rectified, JPEG_BODY);
    const unknown = await askHazardPhoto(school, 'hz_unknown', JPEG_BODY);
    // Assess
    expect(other.status).toBe(404);
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'HAZARD_TRANSITION_NOT_ALLOWED', details: { status: 'rectified' } });
    expect(unknown.status).toBe(404);
  });
});

describe('GET /v1/photos/{photoId}', () => {
  let district: District;
  let otherDistrict: District;
  let school: SchoolPrincipal;
  let submissionId: string;
  let verifiedId: string;
  const file = smallJpeg(7);

  beforeAll(async () => {
    district = await createTestDistrict(canteenSchools('s-one', 's-two'));
    otherDistrict = await createTestDistrict(canteenSchools('s-one'));
    school = district.schoolPrincipal('s-one') as SchoolPrincipal;
    submissionId = await storeSubmission(district, 's-one');
    const grant = (await askSubmissionPhoto(school, submissionId, { contentType: 'image/jpeg', bytes: file.length }))
      .body as Grant;
    expect(await upload(grant, file)).toBe(204);
    await markVerified(district, grant.photo.photoId, file);
    verifiedId = grant.photo.photoId;
  });

  it('redirects the owning school to a presigned GET of the image, valid 5 minutes', async () => {
    // Act
    const response = await fetchPhoto(school, verifiedId);
    // Assess
    expect(response.status).toBe(302);
    const location = new URL(response.headers.location ?? '');
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(response.body.url).toBe(response.headers.location);
    const image = await fetch(location);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(file)).toBe(true);
  });

  it("redirects an official of the school's district", async () => {
    // Act
    const response = await fetchPhoto(district.official, verifiedId);
    // Assess
    expect(response.status).toBe(302);
    expect(response.headers.location).toContain(`/${TEST_NAMES.bucketName}/evidence/${district.districtId}/s-one/`);
  });

  it.each([
    ['another school of the same district', () => district.schoolPrincipal('s-two')],
    ['a school of another district with the same school id', () => otherDistrict.schoolPrincipal('s-one')],
    ['an official of another district', () => otherDistrict.official],
  ])('answers 404 to %s', async (_who, principal) => {
    // Act
    const response = await fetchPhoto(principal(), verifiedId);
    // Assess
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect(response.headers.location).toBeUndefined();
  });

  it('answers 403 to an admin, a role the route never serves', async () => {
    // Act
    const response = await fetchPhoto({ role: 'admin', tokenId: 'tok_admin' }, verifiedId);
    // Assess
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('ROLE_NOT_ALLOWED');
    expect(response.headers.location).toBeUndefined();
  });

  it('answers 404 for an unknown or malformed id', async () => {
    // Act
    const unknown = await fetchPhoto(school, randomUUID());
    const malformed = await fetchPhoto(school, '../secret');
    // Assess
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
  });

  it('does not serve a photo still pending, or a quarantined one, even to an official', async () => {
    // Prepare
    const pending = (await askSubmissionPhoto(school, submissionId, JPEG_BODY)).body as Grant;
    const refused = (await askSubmissionPhoto(school, submissionId, JPEG_BODY)).body as Grant;
    await markQuarantined(district, refused, 'EMPTY');
    // Act
    const ofPending = await fetchPhoto(school, pending.photo.photoId);
    const ofQuarantined = await fetchPhoto(district.official, refused.photo.photoId);
    // Assess
    expect(ofPending.status).toBe(404);
    expect(ofPending.body.error).toMatchObject({
      code: 'PHOTO_NOT_AVAILABLE',
      details: { status: 'pending', reason: null },
    });
    expect(ofQuarantined.status).toBe(404);
    expect(ofQuarantined.body.error.details).toMatchObject({
      status: 'quarantined',
      reason: { code: 'EMPTY', message: { zh: '文件为空', en: 'The file is empty' } },
    });
  });
});

describe('one school’s photos, seen and verified', () => {
  let district: District;
  let school: SchoolPrincipal;

  beforeAll(async () => {
    district = await createTestDistrict(canteenSchools('s-one'));
    school = district.schoolPrincipal('s-one') as SchoolPrincipal;
  });

  describe('photos in a submission', () => {
    it('shows verified, quarantined, pending and missing photos in GET /v1/submissions/{id}', async () => {
      // Prepare: one photo asked for an hour ago and never uploaded (a clock an hour back).
      const submissionId = await storeSubmission(district, 's-one');
      const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
      const never = await askSubmissionPhotoAt(school, submissionId, anHourAgo);
      const file = smallJpeg(3);
      const good = (await askSubmissionPhoto(school, submissionId, { contentType: 'image/jpeg', bytes: file.length }))
        .body as Grant;
      await upload(good, file);
      await markVerified(district, good.photo.photoId, file);
      const bad = (await askSubmissionPhoto(school, submissionId, JPEG_BODY)).body as Grant;
      await markQuarantined(district, bad, 'TYPE_MISMATCH');
      const waiting = (await askSubmissionPhoto(school, submissionId, JPEG_BODY)).body as Grant;
      // Act
      const response = await fetchSubmission(district.official, submissionId);
      // Assess
      expect(response.status).toBe(200);
      const byId = new Map((response.body.photos as { photoId: string }[]).map((p) => [p.photoId, p]));
      expect(byId.size).toBe(4);
      expect(byId.get(never.photo.photoId)).toMatchObject({
        status: 'missing',
        reason: { code: 'NOT_UPLOADED' },
        url: null,
      });
      expect(byId.get(good.photo.photoId)).toMatchObject({
        status: 'verified',
        size: file.length,
        sha256: createHash('sha256').update(file).digest('hex'),
        url: `/v1/photos/${good.photo.photoId}`,
        reason: null,
      });
      expect(byId.get(bad.photo.photoId)).toMatchObject({
        status: 'quarantined',
        reason: { code: 'TYPE_MISMATCH', message: { en: 'The file’s real type differs from the declared type' } },
        url: null,
      });
      expect(byId.get(waiting.photo.photoId)).toMatchObject({ status: 'pending', reason: null });
      expect(JSON.stringify(response.body.photos)).not.toMatch(/"(pk|sk|gsi\dpk|objectKey|requestedBy|quarantineKey)"/);
    });

    it('shows a photo as pending until its upload deadline plus the grace, then missing', async () => {
      // Prepare: asked 17 minutes ago (deadline 2 minutes ago, still within the 5-minute grace).
      const submissionId = await storeSubmission(district, 's-one');
      const recent = new Date(Date.now() - 17 * 60 * 1000);
      const older = new Date(Date.now() - 21 * 60 * 1000);
      const inGrace = await askSubmissionPhotoAt(school, submissionId, recent);
      const pastGrace = await askSubmissionPhotoAt(school, submissionId, older);
      // Act
      const response = await fetchSubmission(school, submissionId);
      // Assess
      const statuses = Object.fromEntries(
        (response.body.photos as { photoId: string; status: string }[]).map((p) => [p.photoId, p.status]),
      );
      expect(statuses).toEqual({ [inGrace.photo.photoId]: 'pending', [pastGrace.photo.photoId]: 'missing' });
    });

    it('flags the same content reused by the school for another day, not for the same day', async () => {
      // Prepare
      const file = smallJpeg(42);
      const first = await storeSubmission(district, 's-one', addDays(today, -3));
      const sameDay = await storeSubmission(district, 's-one', addDays(today, -3));
      const later = await storeSubmission(district, 's-one', addDays(today, -1));
      const ask = async (submissionId: string) =>
        (
          (await askSubmissionPhoto(school, submissionId, { contentType: 'image/jpeg', bytes: file.length }))
            .body as Grant
        ).photo.photoId;
      const [a, b, c] = [await ask(first), await ask(sameDay), await ask(later)];
      // Act
      const verifiedA = await markVerified(district, a, file);
      const verifiedB = await markVerified(district, b, file);
      const verifiedC = await markVerified(district, c, file);
      const again = await markVerified(district, c, file);
      // Assess
      expect(verifiedA).toMatchObject({ result: 'recorded', photo: { status: 'verified' } });
      expect(verifiedA).not.toHaveProperty('photo.duplicateOf');
      expect(verifiedB).toMatchObject({ result: 'recorded', photo: { status: 'verified' } });
      expect(verifiedB).not.toHaveProperty('photo.duplicateOf');
      expect(verifiedC).toMatchObject({ result: 'recorded', photo: { duplicateOf: a } });
      expect(again).toMatchObject({ result: 'unchanged' });
      const view = await fetchSubmission(school, later);
      expect(view.body.photos[0]).toMatchObject({ photoId: c, duplicateOf: a });
    });
  });

  describe('recording verification outcomes', () => {
    it('repeats a quarantine harmlessly, and refuses to verify a quarantined photo', async () => {
      // Prepare
      const submissionId = await storeSubmission(district, 's-one');
      const grant = (await askSubmissionPhoto(school, submissionId, JPEG_BODY)).body as Grant;
      const key = grant.upload.fields.key as string;
      const quarantine = {
        districtId: district.districtId,
        photoId: grant.photo.photoId,
        objectKey: key,
        reason: 'TOO_LARGE' as const,
        quarantineKey: quarantineKeyFor(key),
        quarantinedAt: new Date(),
      };
      // Act
      const first = await recordQuarantined(quarantine);
      const retry = await recordQuarantined(quarantine);
      const verify = await markVerified(district, grant.photo.photoId, smallJpeg());
      // Assess
      expect(first).toMatchObject({
        result: 'recorded',
        photo: { status: 'quarantined', quarantineReason: 'TOO_LARGE', quarantineKey: quarantineKeyFor(key) },
      });
      expect(retry.result).toBe('unchanged');
      expect(verify.result).toBe('conflict');
    });

    it('answers not-found for an unknown photo or a key that is not the photo’s', async () => {
      // Prepare
      const submissionId = await storeSubmission(district, 's-one');
      const grant = (await askSubmissionPhoto(school, submissionId, JPEG_BODY)).body as Grant;
      // Act
      const unknown = await recordVerified({
        districtId: district.districtId,
        photoId: randomUUID(),
        objectKey: 'evidence/x',
        size: 1,
        sha256: 'a',
        detectedType: 'image/jpeg',
        verifiedAt: new Date(),
      });
      const wrongKey = await recordVerified({
        districtId: district.districtId,
        photoId: grant.photo.photoId,
        objectKey: `${grant.upload.fields.key}x`,
        size: 1,
        sha256: 'a',
        detectedType: 'image/jpeg',
        verifiedAt: new Date(),
      });
      // Assess
      expect(unknown.result).toBe('not-found');
      expect(wrongKey.result).toBe('not-found');
      expect((await storedPhoto(district.districtId, grant.photo.photoId))?.status).toBe('requested');
    });

    it('quarantines a verified photo whose object was replaced, and for that reason only', async () => {
      // Prepare
      const submissionId = await storeSubmission(district, 's-one');
      const grant = (await askSubmissionPhoto(school, submissionId, JPEG_BODY)).body as Grant;
      const key = grant.upload.fields.key as string;
      await markVerified(district, grant.photo.photoId, smallJpeg(1));
      const base = {
        districtId: district.districtId,
        photoId: grant.photo.photoId,
        objectKey: key,
        quarantineKey: quarantineKeyFor(key),
        quarantinedAt: new Date(),
      };
      // Act
      const otherContent = await markVerified(district, grant.photo.photoId, smallJpeg(2));
      const wrongReason = await recordQuarantined({ ...base, reason: 'EMPTY' });
      const replaced = await recordQuarantined({ ...base, reason: 'REPLACED' });
      // Assess
      expect(otherContent.result).toBe('conflict');
      expect(wrongReason.result).toBe('conflict');
      expect(replaced).toMatchObject({
        result: 'recorded',
        photo: { status: 'quarantined', quarantineReason: 'REPLACED' },
      });
    });
  });
});

describe('upload to verification to download, end to end', () => {
  it('serves a genuine upload once verified and quarantines a spoofed one, as the submission then shows', async () => {
    // Prepare
    const district = await createTestDistrict(canteenSchools('s-one'));
    const school = district.schoolPrincipal('s-one') as SchoolPrincipal;
    const submissionId = await storeSubmission(district, 's-one');
    const file = smallJpeg(11);
    const genuine = (await askSubmissionPhoto(school, submissionId, { contentType: 'image/jpeg', bytes: file.length }))
      .body as Grant;
    const spoofed = (await askSubmissionPhoto(school, submissionId, { contentType: 'image/png', bytes: file.length }))
      .body as Grant;
    expect(await upload(genuine, file)).toBe(204);
    expect(await upload(spoofed, file, 'image/png')).toBe(204);
    // Act: what the ObjectCreated trigger does for each new object.
    await verifyUpload(TEST_NAMES.bucketName, genuine.upload.fields.key as string, { s3: getS3Client() });
    await verifyUpload(TEST_NAMES.bucketName, spoofed.upload.fields.key as string, { s3: getS3Client() });
    const view = await fetchSubmission(school, submissionId);
    const download = await fetchPhoto(district.official, genuine.photo.photoId);
    const refused = await fetchPhoto(district.official, spoofed.photo.photoId);
    // Assess
    const statuses = Object.fromEntries(
      (view.body.photos as { photoId: string; status: string }[]).map((p) => [p.photoId, p.status]),
    );
    expect(statuses).toEqual({ [genuine.photo.photoId]: 'verified', [spoofed.photo.photoId]: 'quarantined' });
    expect(download.status).toBe(302);
    const image = await fetch(String(download.headers.location));
    expect(Buffer.from(await image.arrayBuffer()).equals(file)).toBe(true);
    expect(refused.body.error).toMatchObject({
      code: 'PHOTO_NOT_AVAILABLE',
      details: { status: 'quarantined', reason: { code: 'TYPE_MISMATCH' } },
    });
  });
});

describe('the daily cap on a school’s photo uploads', () => {
  let district: District;
  let school: SchoolPrincipal;
  let neighbour: SchoolPrincipal;
  const CAP = 5;

  beforeAll(async () => {
    district = await createTestDistrict(canteenSchools('s-one', 's-two'));
    school = district.schoolPrincipal('s-one') as SchoolPrincipal;
    neighbour = district.schoolPrincipal('s-two') as SchoolPrincipal;
  });

  it('is DEFAULT_PHOTO_UPLOADS_PER_DAY (200) for a district that sets none', async () => {
    // Assess
    expect(DEFAULT_PHOTO_UPLOADS_PER_DAY).toBe(200);
    expect(await getDistrict(district.districtId)).toMatchObject({ photoUploadsPerDay: 200 });
  });

  it('grants exactly the district’s photoUploadsPerDay of many requests sent at once, then answers 429 in the caller’s language', async () => {
    // Prepare
    await configureDistrict(district.districtId, { photoUploadsPerDay: CAP });
    const submissions = [await storeSubmission(district, 's-one'), await storeSubmission(district, 's-one')];
    // Act: eight requests at once over two submissions (each owner below its own limit of 12)
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) => askSubmissionPhoto(school, submissions[index % 2]!, JPEG_BODY)),
    );
    const english = await askSubmissionPhoto(school, submissions[0]!, JPEG_BODY, {
      headers: { 'accept-language': 'en' },
    });
    const chinese = await askSubmissionPhoto(school, submissions[1]!, JPEG_BODY);
    // Assess: five granted, the rest refused with the cap and the day, nothing stored for them
    expect(responses.filter((r) => r.status === 201)).toHaveLength(CAP);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(8 - CAP);
    expect(english.status).toBe(429);
    expect(english.body.error).toMatchObject({
      code: 'PHOTO_DAILY_LIMIT_REACHED',
      message: expect.stringContaining(`${CAP} photos today`),
      details: { limit: CAP, date: localDate('Asia/Shanghai') },
    });
    expect(chinese.body.error.message).toContain(`已申请上传 ${CAP} 张照片`);
    const stored = [
      ...(await photosOf(district.districtId, 's-one', { kind: 'submission', id: submissions[0]! })),
      ...(await photosOf(district.districtId, 's-one', { kind: 'submission', id: submissions[1]! })),
    ];
    expect(stored).toHaveLength(CAP);
  });

  it('leaves the other schools of the district their own cap', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-two');
    // Act
    const response = await askSubmissionPhoto(neighbour, submissionId, JPEG_BODY);
    // Assess
    expect(response.status).toBe(201);
  });

  it('counts the school’s uploads again on the district’s next day', async () => {
    // Prepare
    const submissionId = await storeSubmission(district, 's-one');
    const tomorrow = new Date(Date.now() + 86_400_000);
    // Act
    const grant = await askSubmissionPhotoAt(school, submissionId, tomorrow);
    // Assess
    expect(grant.photo.status).toBe('pending');
  });
});
