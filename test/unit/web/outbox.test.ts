import { ApiError, createApi, type ApiClient } from '../../../web/src/api';
import { takeLoginToken } from '../../../web/src/auth';
import { initialLocale, translate } from '../../../web/src/i18n';
import { scaledSize } from '../../../web/src/offline/photo-size';
import {
  outcomeOf,
  ownerKey,
  waitingItems,
  type QueuedPhoto,
  type QueuedRectification,
  type QueuedSubmission,
} from '../../../web/src/offline/records';
import { sendOutbox, type Uploader } from '../../../web/src/offline/send';
import { memoryStore } from '../../../web/src/offline/store';
import { href, parseHash } from '../../../web/src/router';

/*
 * The outbox's rules without a browser: a submission keeps its id; the API's 200 replay is success;
 * a 409 or 422 stays with its error; no network stays queued; photos follow their submission.
 */

function submission(id: string, extra: Partial<QueuedSubmission> = {}): QueuedSubmission {
  return {
    submissionId: id,
    formType: 'canteen-daily',
    formVersion: 1,
    date: '2026-12-07',
    answers: { ledgerKept: true },
    createdAt: `2026-12-07T01:00:0${id.length}Z`,
    state: 'queued',
    attempts: 0,
    ...extra,
  };
}

function photo(submissionId: string, n: number): QueuedPhoto {
  const owner = { kind: 'submission' as const, id: submissionId };
  return {
    localId: `${submissionId}-p${n}`,
    owner,
    ownerKey: ownerKey(owner),
    blob: new Blob([new Uint8Array([0xff, 0xd8, n])], { type: 'image/jpeg' }),
    contentType: 'image/jpeg',
    bytes: 3,
    width: 1,
    height: 1,
    createdAt: `2026-12-07T01:00:0${n}Z`,
    state: 'queued',
    attempts: 0,
  };
}

/** A fake API: answers POSTs by a script, records every call. */
function fakeApi(answer: (path: string, body: unknown, call: number) => unknown): {
  api: ApiClient;
  calls: { path: string; body: unknown }[];
} {
  const calls: { path: string; body: unknown }[] = [];
  return {
    calls,
    api: {
      get: async () => {
        throw new Error('no GET expected');
      },
      post: async <T>(path: string, body: unknown) => {
        calls.push({ path, body });
        const result = answer(path, body, calls.length);
        if (result instanceof Error) throw result;
        return result as T;
      },
    },
  };
}

const grant = (photoId: string) => ({
  photo: { photoId },
  upload: { url: 'http://bucket/', fields: { key: photoId } },
});

describe('sending the outbox', () => {
  it('sends a submission with its fixed id, then its photos, and keeps the hazards it raised', async () => {
    const store = memoryStore();
    await store.putSubmission(submission('sub-a'));
    await store.putPhoto(photo('sub-a', 1));
    await store.putPhoto(photo('sub-a', 2));
    const uploads: string[] = [];
    const upload: Uploader = async (target) => void uploads.push(target.fields.key as string);
    let photoCount = 0;
    const { api, calls } = fakeApi((path) =>
      path === '/v1/submissions'
        ? { submission: {}, hazards: [{ hazardId: 'hz_1' }] }
        : grant(`ph-${(photoCount += 1)}`),
    );
    const report = await sendOutbox({ api, store, upload });
    expect(report).toEqual({ sent: ['sub-a'], retry: 0, needsUser: 0, signedOut: false });
    expect(calls.map((call) => call.path)).toEqual([
      '/v1/submissions',
      '/v1/submissions/sub-a/photos',
      '/v1/submissions/sub-a/photos',
    ]);
    expect((calls[0]?.body as { submissionId: string }).submissionId).toBe('sub-a');
    expect(calls[1]?.body).toEqual({ contentType: 'image/jpeg', bytes: 3 });
    expect(uploads).toEqual(['ph-1', 'ph-2']);
    const [stored] = await store.submissions();
    expect(stored?.state).toBe('sent');
    expect(stored?.response?.hazards).toEqual([{ hazardId: 'hz_1' }]);
    const photos = await store.allPhotos();
    expect(photos.map((p) => [p.state, p.photoId, p.blob])).toEqual([
      ['uploaded', 'ph-1', undefined],
      ['uploaded', 'ph-2', undefined],
    ]);
    // A second round sends nothing again.
    await sendOutbox({ api, store, upload });
    expect(calls).toHaveLength(3);
  });

  it('keeps everything queued without a network and sends the same id when it is back (the 200 replay is success)', async () => {
    const store = memoryStore();
    await store.putSubmission(submission('sub-b'));
    await store.putPhoto(photo('sub-b', 1));
    const offline = fakeApi(() => new ApiError(0, 'NETWORK', 'offline'));
    const first = await sendOutbox({ api: offline.api, store, upload: async () => undefined });
    expect(first).toMatchObject({ sent: [], retry: 1 });
    const [queued] = await store.submissions();
    expect(queued).toMatchObject({ state: 'queued', attempts: 1, lastError: { status: 0, code: 'NETWORK' } });
    expect((await store.allPhotos())[0]?.state).toBe('queued');

    const online = fakeApi((path) =>
      path === '/v1/submissions' ? { submission: { replayed: true }, hazards: [] } : grant('ph-x'),
    );
    const second = await sendOutbox({ api: online.api, store, upload: async () => undefined });
    expect(second.sent).toEqual(['sub-b']);
    expect((online.calls[0]?.body as { submissionId: string }).submissionId).toBe('sub-b');
    expect((await store.submissions())[0]?.state).toBe('sent');
    expect((await store.allPhotos())[0]?.state).toBe('uploaded');
  });

  it('keeps a 409 and a 422 in the outbox with their errors, and sends their photos never', async () => {
    const store = memoryStore();
    await store.putSubmission(submission('sub-c'));
    await store.putSubmission(submission('sub-dd'));
    await store.putPhoto(photo('sub-c', 1));
    const details = [{ field: 'answers.staffWithHealthCertificate', reason: 'too many' }];
    const { api, calls } = fakeApi((_path, body) =>
      (body as { submissionId: string }).submissionId === 'sub-c'
        ? new ApiError(409, 'SUBMISSION_CONFLICT', 'another body')
        : new ApiError(422, 'VALIDATION_FAILED', 'fix it', details),
    );
    const report = await sendOutbox({ api, store, upload: async () => undefined });
    expect(report).toMatchObject({ sent: [], needsUser: 2 });
    const records = await store.submissions();
    expect(records.map((record) => [record.submissionId, record.state, record.lastError?.code])).toEqual([
      ['sub-c', 'conflict', 'SUBMISSION_CONFLICT'],
      ['sub-dd', 'rejected', 'VALIDATION_FAILED'],
    ]);
    expect(records[1]?.lastError?.details).toEqual(details);
    expect(calls.every((call) => call.path === '/v1/submissions')).toBe(true);
    // Nothing refused is sent again on its own, nor dropped.
    await sendOutbox({ api, store, upload: async () => undefined });
    expect(calls).toHaveLength(2);
    expect(await store.submissions()).toHaveLength(2);
  });

  it('keeps a photo whose upload failed, to try again; stops at a 401 (signed out)', async () => {
    const store = memoryStore();
    await store.putSubmission(submission('sub-e', { state: 'sent' }));
    await store.putPhoto(photo('sub-e', 1));
    const failing: Uploader = async () => {
      throw new ApiError(403, 'UPLOAD_403', 'policy expired');
    };
    const { api } = fakeApi(() => grant('ph-e'));
    const report = await sendOutbox({ api, store, upload: failing });
    expect(report.retry).toBe(1);
    expect((await store.allPhotos())[0]).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: { code: 'UPLOAD_403' },
    });

    await store.putSubmission(submission('sub-f'));
    const signedOut = fakeApi(() => new ApiError(401, 'UNAUTHENTICATED', 'no token'));
    expect((await sendOutbox({ api: signedOut.api, store, upload: failing })).signedOut).toBe(true);
    expect((await store.submissions()).find((record) => record.submissionId === 'sub-f')?.state).toBe('queued');
  });

  it("never sends another school's records with this school's token: they wait for that school's link", async () => {
    const store = memoryStore();
    await store.putSubmission(submission('sub-mine', { owner: 's-a' }));
    await store.putSubmission(submission('sub-theirs', { owner: 's-b' }));
    await store.putRectification({
      localId: 'r-theirs',
      owner: 's-b',
      hazardId: 'hz_b',
      note: 'x',
      createdAt: '2026-12-07T02:00:00Z',
      state: 'queued',
      attempts: 0,
    });
    const { api, calls } = fakeApi(() => ({ submission: {}, hazards: [] }));
    const report = await sendOutbox({ api, store, upload: async () => undefined, owner: 's-a' });
    expect(report.sent).toEqual(['sub-mine']);
    expect(calls.map((call) => (call.body as { submissionId?: string }).submissionId)).toEqual(['sub-mine']);
    const theirs = (await store.submissions()).find((record) => record.submissionId === 'sub-theirs');
    expect(theirs?.state).toBe('queued');
    const asB = await sendOutbox({ api, store, upload: async () => undefined, owner: 's-b' });
    expect(asB.sent).toEqual(['sub-theirs']);
    expect(calls.map((call) => call.path)).toContain('/v1/hazards/hz_b/rectification');
  });

  it('uploads a rectification photo first, then sends the rectification naming it', async () => {
    const store = memoryStore();
    await store.putRectification({
      localId: 'r1',
      hazardId: 'hz_9',
      note: '已更换',
      createdAt: '2026-12-07T02:00:00Z',
      state: 'queued',
      attempts: 0,
    });
    const owner = { kind: 'hazard' as const, id: 'hz_9', rectification: 'r1' };
    await store.putPhoto({ ...photo('x', 1), owner, ownerKey: ownerKey(owner), localId: 'rp1' });
    const { api, calls } = fakeApi((path) => (path.endsWith('/photos') ? grant('ph-r') : { hazard: {} }));
    await sendOutbox({ api, store, upload: async () => undefined });
    expect(calls).toEqual([
      { path: '/v1/hazards/hz_9/photos', body: { contentType: 'image/jpeg', bytes: 3 } },
      { path: '/v1/hazards/hz_9/rectification', body: { note: '已更换', photoIds: ['ph-r'] } },
    ]);
    expect((await store.rectifications())[0]?.state).toBe('sent');
  });
});

describe('outcomes, the API client, routes, sign-in, language, photo size', () => {
  it('maps statuses to what the outbox does', () => {
    expect([200, 201, 401, 409, 422, 400, 404, 0, 429, 500, 503].map(outcomeOf)).toEqual([
      'sent',
      'sent',
      'signed-out',
      'conflict',
      'rejected',
      'rejected',
      'rejected',
      'retry',
      'retry',
      'retry',
      'retry',
    ]);
  });

  it('counts a waiting form with its photos as one item, and photos left over from a sent form as theirs', () => {
    // Prepare: two queued forms with two photos each; a sent form one of whose photos still waits;
    // a rectification and its photo; everything of a fourth form sent.
    const hazardPhoto: QueuedPhoto = {
      ...photo('h', 1),
      owner: { kind: 'hazard', id: 'h-1', rectification: 'r-1' },
      ownerKey: 'hazard:h-1',
    };
    const submissions = [
      submission('a'),
      submission('b'),
      submission('c', { state: 'sent' }),
      submission('d', { state: 'sent' }),
    ];
    const photos = [
      photo('a', 1),
      photo('a', 2),
      photo('b', 1),
      photo('b', 2),
      photo('c', 1),
      { ...photo('d', 1), state: 'uploaded' as const },
    ];
    const rectification: QueuedRectification = {
      localId: 'r-1',
      hazardId: 'h-1',
      note: '已更换插座',
      createdAt: '2026-12-07T02:00:00Z',
      state: 'queued',
      attempts: 0,
    };
    // Act, Assess
    expect(waitingItems(submissions, [rectification], [...photos, hazardPhoto])).toBe(4);
    expect(waitingItems(submissions, [{ ...rectification, state: 'sent' }], photos)).toBe(3);
    expect(waitingItems([], [], [])).toBe(0);
  });

  it('sends the token and the language, and reads the error shape', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      seen.push({ url, headers: init.headers as Record<string, string> });
      return new Response(
        JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'Fix it', details: [{ field: 'x' }] } }),
        { status: 422 },
      );
    }) as unknown as typeof fetch;
    const api = createApi({ token: () => 'hq_t', locale: () => 'en', fetch: fetchStub });
    await expect(api.post('/v1/submissions', {})).rejects.toMatchObject({
      status: 422,
      code: 'VALIDATION_FAILED',
      message: 'Fix it',
      details: [{ field: 'x' }],
    });
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Bearer hq_t',
      'accept-language': 'en',
      'content-type': 'application/json',
    });
    const down = createApi({
      token: () => undefined,
      locale: () => 'zh-CN',
      fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch,
    });
    await expect(down.get('/v1/me')).rejects.toMatchObject({ status: 0, code: 'NETWORK', retryable: true });
  });

  it('parses and builds hash routes', () => {
    expect(parseHash('#/fill/canteen-daily?supersedes=a%2Fb')).toEqual({
      path: ['fill', 'canteen-daily'],
      query: { supersedes: 'a/b' },
    });
    expect(parseHash('')).toEqual({ path: [], query: {} });
    expect(href(['fill', 'canteen-daily'], { supersedes: 'x', draft: undefined })).toBe(
      '#/fill/canteen-daily?supersedes=x',
    );
  });

  it('takes the token out of a login link and replaces the address at once', () => {
    const replaced: string[] = [];
    const history = {
      replaceState: (_state: unknown, _title: string, url?: string | URL | null) => void replaced.push(String(url)),
    };
    expect(takeLoginToken({ hash: '#/login?token=hq_abc', pathname: '/', search: '' }, history)).toBe('hq_abc');
    expect(replaced).toEqual(['/#/']);
    expect(takeLoginToken({ hash: '#/forms', pathname: '/', search: '' }, history)).toBeUndefined();
    expect(replaced).toHaveLength(1);
  });

  it("speaks zh-CN by default, English when chosen or when it is the phone's language", () => {
    expect(initialLocale(null, ['zh-CN'])).toBe('zh-CN');
    expect(initialLocale(null, ['fr-FR'])).toBe('zh-CN');
    expect(initialLocale(null, ['en-GB', 'zh-CN'])).toBe('en');
    expect(initialLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(translate('zh-CN', 'submit')).toBe('提交');
    expect(translate('en', 'submit')).toBe('Submit');
  });

  it('scales a 4,000 × 3,000 photo to 1,600 × 1,200 and leaves a small one alone', () => {
    expect(scaledSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(scaledSize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(scaledSize(800, 600)).toEqual({ width: 800, height: 600 });
  });
});
