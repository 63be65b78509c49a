import * as z from 'zod';
import { AppError } from '../../../shared/errors';
import { answer, apiHandler, fileAnswer } from '../../../shared/http/api-handler';
import { apiEvent, lambdaContext } from '../../support/events';

const school = { role: 'school', tokenId: 'tok_1', districtId: 'd1', schoolId: 's1' } as const;

describe('apiHandler', () => {
  const echo = apiHandler({ roles: ['school'] }, async ({ body, principal, locale }) => ({
    status: 200,
    body: { body, principal, locale },
  }));
  const failing = apiHandler({ roles: ['school'] }, async () => {
    throw new Error('database password is hunter2');
  });
  const refusing = apiHandler({ roles: ['school'] }, async () => {
    throw new AppError('SUBMISSION_CONFLICT', { field: 'submissionId' });
  });

  async function invoke(handler: typeof echo, options: Parameters<typeof apiEvent>[1]) {
    const response = await handler(apiEvent('record-submission', options), lambdaContext());
    return { status: response.statusCode, headers: response.headers ?? {}, body: JSON.parse(response.body ?? 'null') };
  }

  it('passes the parsed body, the principal and the locale to the core', async () => {
    // Act
    const response = await invoke(echo, { principal: school, body: { a: 1 } });
    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ body: { a: 1 }, principal: school, locale: 'zh-CN' });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers 401 in the error shape when the authorizer found no principal', async () => {
    // Act
    const response = await invoke(echo, { principal: null, headers: { 'accept-language': 'en' } });
    // Assess
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Missing or invalid access token.' } });
  });

  it('answers 403 naming the roles it serves to a role the route never serves', async () => {
    // Act
    const response = await invoke(echo, {
      principal: { role: 'official', tokenId: 't', districtId: 'd1' },
      headers: { 'accept-language': 'en' },
    });
    // Assess
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'ROLE_NOT_ALLOWED',
      message: 'Only school tokens may use this route; the token sent is of role official.',
      details: { requiredRoles: ['school'], role: 'official' },
    });
  });

  it('hides the cause of an unexpected failure', async () => {
    // Act
    const response = await invoke(failing, { principal: school, headers: { 'accept-language': 'en' } });
    // Assess
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
    expect(response.body.error.code).toBe('INTERNAL');
  });

  it('renders an AppError with its status, localized message and details', async () => {
    // Act
    const response = await invoke(refusing, { principal: school });
    // Assess
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'SUBMISSION_CONFLICT',
      message: '该提交编号已用于另一份内容不同的提交。',
      details: { field: 'submissionId' },
    });
  });

  it.each([
    [{ 'content-type': 'text/plain' }, '{}', 415],
    [{}, '{"a":', 400],
    [{}, JSON.stringify({ a: 'x'.repeat(70 * 1024) }), 413],
  ])('refuses a bad body (%j, %s) with %s', async (headers, rawBody, status) => {
    // Act
    const response = await invoke(echo, { principal: school, rawBody, headers });
    // Assess
    expect(response.status).toBe(status);
    expect(response.body.error.code).toEqual(expect.any(String));
  });

  it('refuses a body that is not valid UTF-8', async () => {
    // Prepare
    const event = apiEvent('record-submission', { principal: school });
    event.body = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('base64');
    event.isBase64Encoded = true;
    // Act
    const response = await echo(event, lambdaContext());
    // Assess
    expect(response.statusCode).toBe(400);
  });

  describe('with the input schemas a route names', () => {
    const core = jest.fn(async (request: { pathParameters: unknown; query: unknown; body: unknown }) => ({
      status: 200,
      body: { path: request.pathParameters, query: request.query, body: request.body },
    }));
    const typed = apiHandler(
      {
        roles: ['school'],
        path: z.object({ id: z.string().regex(/^h_/) }),
        query: z.object({ limit: z.coerce.number().int().max(50).optional() }).strict(),
        body: z.object({ note: z.string().min(1) }).strict(),
        bodyLabels: { note: { zh: '整改说明', en: 'Rectification note' } },
      },
      core,
    );
    const optional = apiHandler(
      { roles: ['school'], body: z.object({ send: z.boolean().optional() }).strict(), bodyOptional: true },
      core,
    );
    beforeEach(() => core.mockClear());

    it('hands the core what the schemas made of path, query and body', async () => {
      // Act
      const response = await invoke(typed, {
        principal: school,
        pathParameters: { id: 'h_1' },
        query: { limit: '20' },
        body: { note: '已整改' },
      });
      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ path: { id: 'h_1' }, query: { limit: 20 }, body: { note: '已整改' } });
    });

    it('refuses a bad part with every field and its reason in the caller’s language, before the core runs', async () => {
      // Act
      const body = await invoke(typed, {
        principal: school,
        pathParameters: { id: 'h_1' },
        body: { note: '', extra: 1 },
        headers: { 'accept-language': 'en' },
      });
      const path = await invoke(typed, { principal: school, pathParameters: { id: 'x' }, query: { limit: '500' } });
      // Assess
      expect(core).not.toHaveBeenCalled();
      expect(body.status).toBe(400);
      expect(body.body.error.code).toBe('VALIDATION_FAILED');
      expect(body.body.error.details).toEqual([
        { field: 'note', label: 'Rectification note', reason: expect.stringMatching(/^Rectification note: /) },
        { field: 'extra', reason: expect.stringMatching(/^There is no field "extra"/) },
      ]);
      // The path is checked first (then the query, then the body), in zh-CN by default.
      expect(path.status).toBe(400);
      expect(path.body.error.details).toEqual([{ field: 'id', reason: expect.stringMatching(/^字段“id”：/) }]);
    });

    it('reads a missing body as {} only where the route says so', async () => {
      // Act
      const optionalBody = await invoke(optional, { principal: school, rawBody: '' });
      const requiredBody = await invoke(typed, { principal: school, pathParameters: { id: 'h_1' }, rawBody: '' });
      // Assess
      expect(optionalBody.status).toBe(200);
      expect(optionalBody.body.body).toEqual({});
      expect(requiredBody.status).toBe(400);
      expect(requiredBody.body.error.details).toEqual([{ field: '(body)', reason: expect.any(String) }]);
    });
  });
});

describe('how the adapter answers a core’s domain outcome', () => {
  it('gives each outcome its status and keeps the body', () => {
    // Act
    const statuses = (['created', 'replayed', 'accepted', 'produced'] as const).map(
      (kind) => answer({ kind, body: { kind } }).status,
    );
    // Assess
    expect(statuses).toEqual([201, 200, 202, 200]);
    expect(answer({ kind: 'accepted', body: { href: '/v1/reports/2026-10' } }).body).toEqual({
      href: '/v1/reports/2026-10',
    });
  });

  it('serves a file as an attachment named in UTF-8 with its ASCII name and version, or redirects to it', () => {
    // Act
    const served = fileAnswer({
      kind: 'file',
      data: new Uint8Array([1, 2, 3]),
      contentType: 'application/pdf',
      fileName: '报表 (10月).pdf',
      asciiName: 'report-10.pdf',
      version: 'abc123',
    });
    const elsewhere = fileAnswer({ kind: 'elsewhere', url: 'https://bucket.example/report?sig=1' });
    // Assess
    expect(served).toEqual({
      status: 200,
      body: null,
      binary: { data: new Uint8Array([1, 2, 3]), contentType: 'application/pdf' },
      headers: {
        'content-disposition':
          'attachment; filename="report-10.pdf"; filename*=UTF-8\'\'%E6%8A%A5%E8%A1%A8%20%2810%E6%9C%88%29.pdf',
        etag: '"abc123"',
      },
    });
    expect(elsewhere).toEqual({
      status: 302,
      body: null,
      headers: { location: 'https://bucket.example/report?sig=1' },
    });
  });
});
