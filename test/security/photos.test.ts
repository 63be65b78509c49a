import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DEMO_DISTRICT } from '../../infra/local/demo/district';
import { demoJpeg } from '../../shared/photos/demo-images';
import { revokeLocalKey, rotateLocalKey } from '../../shared/photos/link-keys';
import { localDate } from '../../shared/time';
import { useLocalStack, type Reply } from './support';

/*
 * Issue 19, points 2 and 6, replayed against the local stack as an attacker would:
 * - a flood of upload requests with one school's token: past the district's daily cap each is
 *   refused (429, in the caller's language) and nothing is stored; other schools keep theirs;
 * - bytes re-posted with a verified photo's upload form: never served (the photo is quarantined
 *   as REPLACED). That downloads name the verified S3 version is proven against moto's versioned
 *   S3 in test/integration/photo-versions.test.ts: s3rver, the local S3, keeps no versions;
 * - a photo link from a report mail, kept after its key version was revoked: refused (404), while
 *   a rotation alone leaves it opening. Rotating and revoking is the operator's edit of the local
 *   key ring (the stack's photo-link-keys.json), as the environment file's photoLinkKeys on AWS.
 */

const DISTRICT = DEMO_DISTRICT.districtId;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errorOf = (reply: Reply) => (reply.body as { error?: { code?: string; message?: string } }).error ?? {};

interface Grant {
  photo: { photoId: string };
  upload: { url: string; fields: Record<string, string> };
}

/** The first day of last month in the district's time. */
function lastMonthFirstDay(): string {
  const thisMonth = `${localDate(DEMO_DISTRICT.timezone, new Date()).slice(0, 7)}-01`;
  return `${new Date(Date.parse(`${thisMonth}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 7)}-01`;
}

describe('photos as an attacker uses them', () => {
  const target = useLocalStack();

  /** A hazard report of `school` for `date`; its submission id. */
  async function submit(token: string, date: string, severity = 'high'): Promise<string> {
    const submissionId = `sec-photo-${randomUUID()}`;
    const reply = await target.call('POST', '/v1/submissions', {
      token,
      body: {
        submissionId,
        formType: 'hazard-report',
        date,
        answers: { place: '配电房', category: 'electrical', severity, description: '配电柜门锁损坏' },
      },
    });
    expect(reply.status).toBe(201);
    return submissionId;
  }

  const askUpload = (token: string, submissionId: string, bytes: number, language?: string) =>
    target.call('POST', `/v1/submissions/${submissionId}/photos`, {
      token,
      body: { contentType: 'image/jpeg', bytes },
      ...(language ? { language } : {}),
    });

  /** POSTs `content` with the upload form, as a browser does. */
  async function post(grant: Grant, content: Buffer): Promise<void> {
    const form = new FormData();
    for (const [name, value] of Object.entries(grant.upload.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(content)], { type: 'image/jpeg' }), 'photo.jpg');
    const reply = await fetch(grant.upload.url, { method: 'POST', body: form });
    expect(reply.status).toBeLessThan(300);
  }

  /** GET /v1/photos/{id} as the app does, the redirect not followed: status, where it points, the error body. */
  async function getPhoto(token: string, photoId: string) {
    const reply = await fetch(`${target.apiUrl}/v1/photos/${photoId}`, {
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' },
      redirect: 'manual',
    });
    const text = await reply.text();
    const body = reply.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Reply['body']) : undefined;
    return { status: reply.status, location: reply.headers.get('location'), body };
  }

  /** GET /v1/photos/{id} until `until` holds (verification runs after the upload), at most 20 s. */
  async function photoReply(token: string, photoId: string, until: (reply: { status: number }) => boolean) {
    for (let waited = 0; ; waited += 250) {
      const reply = await getPhoto(token, photoId);
      if (until(reply) || waited > 20_000) return reply;
      await sleep(250);
    }
  }

  it('refuses a flood of upload requests past the daily cap (429, in the caller’s language), storing nothing, other schools untouched', async () => {
    // Prepare
    const [school, neighbour] = target.tokens.schools;
    const configured = await target.admin(['district', 'configure', '--id', DISTRICT, '--photo-uploads-per-day', '5']);
    expect(configured.code).toBe(0);
    const today = localDate(DEMO_DISTRICT.timezone, new Date());
    const submissions = [await submit(school!.token, today), await submit(school!.token, today)];
    // Act: twelve requests at once over two submissions
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, index) => askUpload(school!.token, submissions[index % 2]!, 2048)),
    );
    const chinese = await askUpload(school!.token, submissions[0]!, 2048, 'zh-CN');
    const neighbourSubmission = await submit(neighbour!.token, today);
    const neighbourReply = await askUpload(neighbour!.token, neighbourSubmission, 2048);
    // Assess
    expect(replies.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = replies.filter((r) => r.status === 429);
    expect(refused).toHaveLength(7);
    expect(errorOf(refused[0]!)).toMatchObject({ code: 'PHOTO_DAILY_LIMIT_REACHED' });
    expect(errorOf(refused[0]!).message).toContain('5 photos today');
    expect(errorOf(chinese).message).toContain('已申请上传 5 张照片');
    const listed = await Promise.all(
      submissions.map((id) => target.call('GET', `/v1/submissions/${id}`, { token: school!.token })),
    );
    const stored = listed.flatMap((r) => (r.body as { photos?: unknown[] }).photos ?? []);
    expect(stored).toHaveLength(5);
    expect(neighbourReply.status).toBe(201);
  }, 120_000);

  it('never serves bytes re-posted with a verified photo’s upload form: the photo is quarantined as REPLACED', async () => {
    // Prepare: a verified photo, from the other school (the first one spent its day's cap)
    const school = target.tokens.schools[1]!;
    const today = localDate(DEMO_DISTRICT.timezone, new Date());
    const submissionId = await submit(school.token, today);
    const original = demoJpeg({ label: 'original', scene: 1 });
    const grant = (await askUpload(school.token, submissionId, original.length)).body as Grant;
    await post(grant, original);
    const verified = await photoReply(school.token, grant.photo.photoId, (r) => r.status === 302);
    expect(verified.status).toBe(302);
    const served = Buffer.from(await (await fetch(verified.location!)).arrayBuffer());
    expect(served.equals(original)).toBe(true);
    // Act: the same form used again with other bytes (the same size, a real JPEG)
    const replacement = Buffer.from(original);
    replacement[replacement.length - 3] = (replacement[replacement.length - 3]! + 1) % 256;
    await post(grant, replacement);
    const after = await photoReply(school.token, grant.photo.photoId, (r) => r.status !== 302);
    // Assess
    expect(after.status).toBe(404);
    expect(after.body).toMatchObject({ error: { code: 'PHOTO_NOT_AVAILABLE' } });
    expect((after.body as { error: { details: unknown } }).error.details).toMatchObject({
      status: 'quarantined',
      reason: { code: 'REPLACED' },
    });
  }, 120_000);

  it('keeps a mailed photo link opening after a key rotation, and refuses it (404) once its key version is revoked', async () => {
    // Prepare: a critical hazard of last month with a verified photo, and the month's report mailed
    const school = target.tokens.schools[1]!;
    const date = lastMonthFirstDay();
    const submissionId = await submit(school.token, date, 'critical');
    const content = demoJpeg({ label: 'hazard', scene: 2 });
    const grant = (await askUpload(school.token, submissionId, content.length)).body as Grant;
    await post(grant, content);
    expect((await photoReply(school.token, grant.photo.photoId, (r) => r.status === 302)).status).toBe(302);
    const report = await target.call('POST', `/v1/reports/${date.slice(0, 7)}`, {
      token: target.tokens.official,
      body: { send: true },
    });
    expect(report.status).toBeLessThan(300);
    let link: string | undefined;
    for (let waited = 0; !link && waited < 60_000; waited += 1_000) {
      const texts = (await target.mail()).map((mail) => mail.body.text ?? '');
      link = texts.join('\n').match(new RegExp(`https?://\\S+/v1/photo-links/${grant.photo.photoId}\\?\\S+`))?.[0];
      if (!link) await sleep(1_000);
    }
    expect(link).toBeDefined();
    const open = async () => (await fetch(link!, { redirect: 'manual' })).status;
    const keyFile = join(target.stack.dir, 'photo-link-keys.json');
    const signedWith = new URL(link!).searchParams.get('k')!;
    // Act + Assess: opens; still opens after a rotation; refused once its version is revoked
    expect(await open()).toBe(302);
    rotateLocalKey(keyFile);
    expect(await open()).toBe(302);
    revokeLocalKey(signedWith, keyFile);
    expect(await open()).toBe(404);
  }, 240_000);
});
