import { createHmac } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { presignPhotoDownload, presignPhotoUpload } from '../../../shared/photos/s3';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = Date.parse('2026-11-03T02:30:00.000Z');
const KEY = 'evidence/huaying/hy-no1/2026/11/sub-1/0b6f2c1e-7a4d-4f7e-9c3b-2d1e0f9a8b7c.jpg';

const awsClient = () =>
  new S3Client({ region: 'cn-north-1', credentials: CREDENTIALS, ignoreConfiguredEndpointUrls: true });
const localClient = () =>
  new S3Client({
    region: 'cn-north-1',
    credentials: CREDENTIALS,
    endpoint: 'http://127.0.0.1:4569',
    forcePathStyle: true,
    ignoreConfiguredEndpointUrls: true,
  });

/** The SigV4 signing key, derived here independently of the SDK. */
function signingKey(date: string, region: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  return hmac(hmac(hmac(hmac(`AWS4${CREDENTIALS.secretAccessKey}`, date), region), 's3'), 'aws4_request');
}

describe('presignPhotoUpload', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  async function signedPolicy() {
    const form = await presignPhotoUpload('houqin-photos', KEY, 'image/jpeg', awsClient());
    const policy = JSON.parse(Buffer.from(form.fields.Policy ?? '', 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    return { form, policy };
  }

  it('pins the exact object key', async () => {
    // Act
    const { form, policy } = await signedPolicy();
    // Assess
    expect(policy.conditions).toContainEqual(['eq', '$key', KEY]);
    expect(form.fields.key).toBe(KEY);
  });

  it('pins the declared content type, and sends it as a form field', async () => {
    // Act
    const { form, policy } = await signedPolicy();
    // Assess
    expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'image/jpeg']);
    expect(form.fields['Content-Type']).toBe('image/jpeg');
  });

  it('allows 1 byte to 10 MiB', async () => {
    // Act
    const { policy } = await signedPolicy();
    // Assess
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 10_485_760]);
  });

  it('expires 15 minutes after signing', async () => {
    // Act
    const { form, policy } = await signedPolicy();
    // Assess
    expect(policy.expiration).toBe('2026-11-03T02:45:00Z');
    expect(form.fields['X-Amz-Date']).toBe('20261103T023000Z');
  });

  it('names the bucket and nothing a client could widen', async () => {
    // Act
    const { policy } = await signedPolicy();
    // Assess: no starts-with condition (which would let the client choose a name).
    expect(policy.conditions).toContainEqual({ bucket: 'houqin-photos' });
    expect(policy.conditions.filter((c) => Array.isArray(c) && c[0] === 'starts-with')).toEqual([]);
  });

  it('signs the policy with the SigV4 key of the day, region and s3', async () => {
    // Act
    const { form } = await signedPolicy();
    // Assess
    const expected = createHmac('sha256', signingKey('20261103', 'cn-north-1'))
      .update(form.fields.Policy ?? '')
      .digest('hex');
    expect(form.fields['X-Amz-Signature']).toBe(expected);
    expect(form.fields['X-Amz-Credential']).toBe('AKIDEXAMPLE/20261103/cn-north-1/s3/aws4_request');
  });

  it('posts to the bucket on AWS, and to the local endpoint by path when asked', async () => {
    // Act
    const aws = await presignPhotoUpload('houqin-photos', KEY, 'image/png', awsClient());
    const local = await presignPhotoUpload('houqin-photos', KEY, 'image/png', localClient());
    // Assess
    expect(aws.url).toBe('https://houqin-photos.s3.cn-north-1.amazonaws.com.cn/');
    expect(local.url).toBe('http://127.0.0.1:4569/houqin-photos');
  });
});

describe('presignPhotoDownload', () => {
  it('signs a GET of the one key, valid 5 minutes from the given time', async () => {
    // Act
    const url = new URL(
      await presignPhotoDownload(
        'houqin-photos',
        'evidence/d/s/2026/11/a:1/x.jpg',
        new Date(NOW),
        undefined,
        localClient(),
      ),
    );
    // Assess
    expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:4569/houqin-photos/evidence/d/s/2026/11/a%3A1/x.jpg');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261103T023000Z');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20261103/cn-north-1/s3/aws4_request');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('addresses the bucket by host name on AWS', async () => {
    // Act
    const url = new URL(
      await presignPhotoDownload('houqin-photos', 'evidence/d/s/2026/11/s1/x.jpg', new Date(NOW), 300, awsClient()),
    );
    // Assess
    expect(url.host).toBe('houqin-photos.s3.cn-north-1.amazonaws.com.cn');
    expect(url.pathname).toBe('/evidence/d/s/2026/11/s1/x.jpg');
  });
});
