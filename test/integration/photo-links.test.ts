import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { $set, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { simpleParser } from 'mailparser';
import { handler as openPhotoLinkHandler } from '../../functions/open-photo-link/handler';
import type { Principal } from '../../shared/auth/principal';
import { DistrictEntity } from '../../shared/db/entities';
import type { ApiResponse } from '../../shared/http/api-handler';
import { demoJpeg } from '../../shared/photos/demo-images';
import { linkMac, localKeyFile, revokeLocalKey, rotateLocalKey } from '../../shared/photos/link-keys';
import { checkPhotoLink, photoLinker, PHOTO_LINK_TTL_DAYS } from '../../shared/photos/links';
import { getS3Client } from '../../shared/photos/s3';
import { recordVerified } from '../../shared/photos/outcomes';
import { previousMonthIn } from '../../shared/reports/pipeline/month';
import { produceReport } from '../../shared/reports/pipeline/produce';
import type { RawMail } from '../../shared/reports/pipeline/send';
import { createTestDistrict } from '../support/directory-fixtures';
import { recordExample } from '../support/submissions';
import { apiEvent, lambdaContext } from '../support/events';
import { requestSubmissionPhoto } from '../support/photos';

/*
 * The report mail's photo links, end to end against the emulators: a hazard of last month with a
 * verified photo; the report mailed with a public API URL; the link in the HTML opened through
 * GET /v1/photo-links/{photoId} without a token (302 to the photo in s3rver); an altered, a
 * foreign and an expired link refused; the key ring's rotation and revocation (its local
 * emulation, in a key file of this test file's own: jest gives each file its own process.env).
 */

jest.setTimeout(60_000);
process.env.PHOTO_LINK_KEY_FILE = join(mkdtempSync(join(tmpdir(), 'houqin-photo-links-')), 'photo-link-keys.json');

const BUCKET = process.env.BUCKET_NAME!;
const SENDER = process.env.SENDER_ADDRESS!;
const PUBLIC_API_URL = 'https://api.houqin.example.cn';
type ApiHandler = (event: ReturnType<typeof apiEvent>, context: Context) => Promise<ApiResponse>;

/** Opens `link` as a phone would reach the route: no token, the query as API Gateway parses it. */
async function open(link: string): Promise<ApiResponse> {
  const url = new URL(link);
  const photoId = decodeURIComponent(url.pathname.split('/').at(-1)!);
  return (openPhotoLinkHandler as unknown as ApiHandler)(
    apiEvent('open-photo-link', {
      principal: null,
      pathParameters: { photoId },
      query: Object.fromEntries(url.searchParams),
    }),
    lambdaContext('open-photo-link'),
  );
}

/** A district with a hazard found last month whose submission carries one verified photo. */
async function districtWithPhotographedHazard() {
  const district = await createTestDistrict([{ schoolId: 's-a', hasCanteen: false, boarding: false }]);
  const official = `${district.districtId}@example.cn`;
  await DistrictEntity.build(UpdateItemCommand)
    .item({ districtId: district.districtId, officialEmails: $set([official]) })
    .send();
  const month = previousMonthIn('Asia/Shanghai', new Date());
  const principal = district.schoolPrincipal('s-a') as Extract<Principal, { role: 'school' }>;
  const submissionId = randomUUID();
  await recordExample(principal, 'hazard-report', `${month}-06`, { submissionId });
  const content = demoJpeg({ label: `hazard ${month}-06`, scene: 1 });
  const grant = await requestSubmissionPhoto(principal, submissionId, content.length, BUCKET);
  const objectKey = grant.upload.fields.key!;
  await getS3Client().send(
    new PutObjectCommand({ Bucket: BUCKET, Key: objectKey, Body: content, ContentType: 'image/jpeg' }),
  );
  const sha256 = createHash('sha256').update(content).digest('hex');
  const verified = await recordVerified({
    districtId: district.districtId,
    photoId: grant.photo.photoId,
    objectKey,
    size: content.length,
    sha256,
    detectedType: 'image/jpeg',
    verifiedAt: new Date(),
  });
  expect(verified.result).toBe('recorded');
  return { district, month, photoId: grant.photo.photoId, content };
}

describe('photo links in the report mail', () => {
  it('links each hazard photo in the HTML and text parts, and the link opens the photo without a token', async () => {
    // Prepare
    const { district, month, photoId, content } = await districtWithPhotographedHazard();
    const sent: RawMail[] = [];
    // Act
    await produceReport(
      { districtId: district.districtId, month, send: 'once', requestedBy: 'test' },
      {
        bucket: BUCKET,
        senderAddress: SENDER,
        publicApiUrl: PUBLIC_API_URL,
        sendRawMail: async (mail) => (sent.push(mail), `m-${sent.length}`),
      },
    );
    // Assess: the mail's parts carry the signed link of the photo
    expect(sent).toHaveLength(1);
    const parsed = await simpleParser(sent[0]!.raw);
    const links = [...String(parsed.html).matchAll(/href="([^"]+\/v1\/photo-links\/[^"]+)"/g)].map((m) =>
      m[1]!.replace(/&amp;/g, '&'),
    );
    expect(links).toHaveLength(1);
    expect(links[0]!.startsWith(`${PUBLIC_API_URL}/v1/photo-links/${photoId}?`)).toBe(true);
    expect(parsed.text).toContain(links[0]);
    // Assess: opened with no token, it redirects to the photo, whose bytes are the upload's
    const response = await open(links[0]!);
    expect(response.statusCode).toBe(302);
    const photo = await fetch(String(response.headers!.location));
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer()).equals(content)).toBe(true);
  });

  it('answers 404 to a link whose photo, district, expiry or signature was altered, and 410 once it has expired', async () => {
    // Prepare
    const { district, photoId } = await districtWithPhotographedHazard();
    const other = await districtWithPhotographedHazard();
    const link = new URL((await photoLinker(PUBLIC_API_URL, district.districtId, new Date(), [photoId]))!(photoId));
    const altered = (change: (url: URL) => void) => {
      const copy = new URL(link);
      change(copy);
      return copy.toString();
    };
    const expiredAt = new Date(Date.now() - (PHOTO_LINK_TTL_DAYS + 1) * 86_400_000);
    const expired = (await photoLinker(PUBLIC_API_URL, district.districtId, expiredAt, [photoId]))!(photoId);
    // Act
    const statuses = await Promise.all(
      [
        altered((url) => (url.pathname = url.pathname.replace(photoId, other.photoId))),
        altered((url) => url.searchParams.set('d', other.district.districtId)),
        altered((url) => url.searchParams.set('e', String(Number(url.searchParams.get('e')) + 86_400))),
        altered((url) => url.searchParams.set('s', `${url.searchParams.get('s')!.slice(0, -2)}AA`)),
        altered((url) => url.searchParams.delete('s')),
        altered((url) => url.searchParams.set('e', '1e12')),
        altered((url) => url.searchParams.set('k', 'v99')),
        // The format before key versions (no k): such links are not genuine any more.
        altered((url) => url.searchParams.delete('k')),
      ].map(async (href) => (await open(href)).statusCode),
    );
    const expiredResponse = await open(expired);
    // Assess
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    expect(expiredResponse.statusCode).toBe(410);
    expect(JSON.parse(expiredResponse.body!)).toMatchObject({
      error: { code: 'PHOTO_LINK_EXPIRED', message: expect.stringContaining('过期') },
    });
    expect((await open(link.toString())).statusCode).toBe(302);
  });

  it('signs with one key however many first signers race to make the key file', async () => {
    // Prepare
    const claims = { districtId: 'd-1', photoId: randomUUID() };
    // Act
    const links = await Promise.all(
      [1, 2, 3].map(async () =>
        (await photoLinker(PUBLIC_API_URL, claims.districtId, new Date(), [claims.photoId]))!(claims.photoId),
      ),
    );
    // Assess: every link checks out under the one key file's key
    for (const link of links) {
      const url = new URL(link);
      await expect(
        checkPhotoLink(claims.photoId, Object.fromEntries(url.searchParams), new Date()),
      ).resolves.toMatchObject({ keyVersion: 'v1', districtId: 'd-1', photoId: claims.photoId });
    }
    expect(localKeyFile()).toBe(process.env.PHOTO_LINK_KEY_FILE);
  });

  it('keeps a link of a rotated-out key version opening until it expires; the links of a revoked version do not open', async () => {
    // Prepare: a link under the active version, and one of the same version already expired
    const { district, photoId } = await districtWithPhotographedHazard();
    const before = (await photoLinker(PUBLIC_API_URL, district.districtId, new Date(), [photoId]))!(photoId);
    const expiredAt = new Date(Date.now() - (PHOTO_LINK_TTL_DAYS + 1) * 86_400_000);
    const expiredBefore = (await photoLinker(PUBLIC_API_URL, district.districtId, expiredAt, [photoId]))!(photoId);
    const oldVersion = new URL(before).searchParams.get('k')!;
    // Act: rotate
    const newVersion = rotateLocalKey();
    const after = (await photoLinker(PUBLIC_API_URL, district.districtId, new Date(), [photoId]))!(photoId);
    // Assess: new links carry the new version; the old version's link still opens, its expired one is 410
    expect(new URL(after).searchParams.get('k')).toBe(newVersion);
    expect(newVersion).not.toBe(oldVersion);
    expect((await open(before)).statusCode).toBe(302);
    expect((await open(after)).statusCode).toBe(302);
    expect((await open(expiredBefore)).statusCode).toBe(410);
    await expect(linkMac().activeVersion()).resolves.toBe(newVersion);
    // Act: revoke the old version (the active one cannot be)
    expect(() => revokeLocalKey(newVersion)).toThrow(/active/);
    revokeLocalKey(oldVersion);
    // Assess: the old version's links are not found, read from the file at once; the new one's still open
    expect((await open(before)).statusCode).toBe(404);
    expect((await open(expiredBefore)).statusCode).toBe(404);
    expect((await open(after)).statusCode).toBe(302);
  });

  it('mails no photo links without a public API URL', async () => {
    // Prepare
    const { district, month } = await districtWithPhotographedHazard();
    const sent: RawMail[] = [];
    // Act
    await produceReport(
      { districtId: district.districtId, month, send: 'once', requestedBy: 'test' },
      { bucket: BUCKET, senderAddress: SENDER, sendRawMail: async (mail) => (sent.push(mail), 'm') },
    );
    // Assess
    const parsed = await simpleParser(sent[0]!.raw);
    expect(String(parsed.html)).not.toContain('/v1/photo-links/');
  });
});
