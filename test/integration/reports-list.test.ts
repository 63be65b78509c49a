import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { $set, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { handler as listReportsHandler } from '../../functions/list-reports/handler';
import { handler as recordBounceHandler } from '../../functions/record-bounce/handler';
import { shiftMonth } from '../../shared/time';
import type { Principal } from '../../shared/auth/principal';
import { DistrictEntity } from '../../shared/db/entities';
import type { ApiResponse } from '../../shared/http/api-handler';
import { previousMonthIn } from '../../shared/reports/pipeline/month';
import { produceReport } from '../../shared/reports/pipeline/produce';
import { createTestDistrict } from '../support/directory-fixtures';
import { recordExample } from '../support/submissions';
import { apiEvent, lambdaContext, sesBounceEvent } from '../support/events';

/* GET /v1/reports: the district's months with their report's state (issue 18), against the emulators. */

jest.setTimeout(60_000);

const BUCKET = process.env.BUCKET_NAME!;
const SENDER = process.env.SENDER_ADDRESS!;
const LAST = previousMonthIn('Asia/Shanghai', new Date());
const EARLIER = shiftMonth(LAST, -1);
const EARLIEST = shiftMonth(LAST, -2);

type Handler = (event: ReturnType<typeof apiEvent>, context: Context) => Promise<ApiResponse>;
async function list(
  principal: Principal | null,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const response = await (listReportsHandler as Handler)(
    apiEvent('list-reports', { principal, query, headers }),
    lambdaContext('list-reports'),
  );
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
}

describe('GET /v1/reports', () => {
  let district: Awaited<ReturnType<typeof createTestDistrict>>;
  const kept = `kept-${randomUUID().slice(0, 8)}@example.cn`;
  const bounced = `bounced-${randomUUID().slice(0, 8)}@example.cn`;

  beforeAll(async () => {
    district = await createTestDistrict([{ schoolId: 's-a', hasCanteen: true, boarding: false }]);
    await DistrictEntity.build(UpdateItemCommand)
      .item({ districtId: district.districtId, officialEmails: $set([kept, bounced]) })
      .send();
    for (const month of [EARLIEST, EARLIER, LAST]) {
      await recordExample(district.schoolPrincipal('s-a'), 'canteen-daily', `${month}-10`);
    }
    // EARLIEST: produced, never mailed. EARLIER: mailed, then one address bounced. LAST: mailed.
    await produceReport(
      { districtId: district.districtId, month: EARLIEST, send: 'none', requestedBy: 'cli' },
      { bucket: BUCKET },
    );
    await produceReport(
      { districtId: district.districtId, month: EARLIER, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER },
    );
    await produceReport(
      { districtId: district.districtId, month: LAST, send: 'once', requestedBy: 'schedule' },
      { bucket: BUCKET, senderAddress: SENDER },
    );
    await recordBounceHandler(sesBounceEvent(bounced, { districtId: district.districtId, month: EARLIER }));
  });

  it('lists the district’s months newest first with their state, figures and links', async () => {
    const { status, body } = await list(district.official);
    expect(status).toBe(200);
    expect(body.items.map((item: { month: string; state: string }) => [item.month, item.state])).toEqual([
      [LAST, 'sent'],
      [EARLIER, 'bounced'],
      [EARLIEST, 'produced'],
    ]);
    expect(body.items[0]).toMatchObject({
      revision: 1,
      summary: { schoolsRegistered: 1, schoolsReporting: 1 },
      href: `/v1/reports/${LAST}`,
      workbook: { href: `/v1/reports/${LAST}/workbook` },
      latestDelivery: { delivery: 1, recipients: { sent: 2 } },
    });
    expect(body.items[2].latestDelivery).toBeNull();
    expect(body.nextCursor).toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/"pk"|"sk"|"gsi|jsonKey|workbookKey/);
  });

  it('pages by month with a cursor', async () => {
    const first = await list(district.official, { limit: '2' });
    expect(first.body.items.map((item: { month: string }) => item.month)).toEqual([LAST, EARLIER]);
    const second = await list(district.official, { limit: '2', cursor: first.body.nextCursor });
    expect(second.body.items.map((item: { month: string }) => item.month)).toEqual([EARLIEST]);
  });

  it('shows another district’s official nothing, refuses a school and 401 without a token', async () => {
    const other = await createTestDistrict([{ schoolId: 's-a', hasCanteen: true, boarding: false }]);
    expect((await list(other.official)).body.items).toEqual([]);
    const foreignCursor = (await list(district.official, { limit: '1' })).body.nextCursor;
    expect((await list(other.official, { cursor: foreignCursor })).status).toBe(400);
    // A school is refused as the API handler refuses a role a route does not serve.
    expect([403, 404]).toContain((await list(district.schoolPrincipal('s-a'))).status);
    expect((await list(null)).status).toBe(401);
  });

  it('refuses a bad limit with the field, in the caller’s language', async () => {
    const { status, body } = await list(district.official, { limit: '99' }, { 'accept-language': 'en' });
    expect(status).toBe(400);
    expect(body.error.details[0].field).toBe('limit');
  });
});

describe('GET /v1/reports/{month}/html', () => {
  it('gives the official the report as its e-mail’s HTML, and refuses a school', async () => {
    const { handler } = await import('../../functions/get-report-html/handler');
    const district = await createTestDistrict([{ schoolId: 's-a', hasCanteen: true, boarding: false }]);
    await recordExample(district.schoolPrincipal('s-a'), 'canteen-daily', `${LAST}-10`);
    await produceReport(
      { districtId: district.districtId, month: LAST, send: 'none', requestedBy: 'cli' },
      { bucket: BUCKET },
    );
    const call = async (principal: Principal, month: string, headers: Record<string, string> = {}) => {
      const response = await (handler as Handler)(
        apiEvent('get-report-html', { principal, pathParameters: { month }, headers }),
        lambdaContext('get-report-html'),
      );
      return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') };
    };
    const zh = await call(district.official, LAST);
    expect(zh.status).toBe(200);
    expect(zh.body).toMatchObject({
      districtId: district.districtId,
      month: LAST,
      subject: expect.stringContaining('学校后勤月报'),
    });
    expect(zh.body.html).toMatch(/^<!DOCTYPE html>/);
    expect(zh.body.html).not.toMatch(/<script/i);
    const en = await call(district.official, LAST, { 'accept-language': 'en' });
    expect(en.body.subject).toContain('school logistics report');
    expect([403, 404]).toContain((await call(district.schoolPrincipal('s-a'), LAST)).status);
    expect((await call(district.official, EARLIEST)).status).toBe(404);
  });
});
